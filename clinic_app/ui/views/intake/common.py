"""Pieces shared by the intake pages: typed inputs, the page base class, error routing."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from clinic_app.domain.intake.record import Intake
from clinic_app.ui.widgets.inputs import NumberEdit, enum_combo, labels_for, set_combo
from clinic_app.ui.widgets.record_table import RecordTable

__all__ = ["NumberEdit", "SectionPage", "enum_combo", "labels_for", "set_combo", "table_errors",
           "unreadable_to_paths"]


def table_errors(errors: dict[str, str], prefix: str) -> dict[tuple[int, str], str]:
    """``prefix[2].key`` paths → {(2, key): message} for a RecordTable."""
    result: dict[tuple[int, str], str] = {}
    for path, message in errors.items():
        if path.startswith(prefix + "[") and "]." in path:
            index, key = path[len(prefix) + 1:].split("].", 1)
            if index.isdigit():
                result[(int(index), key)] = message
    return result


def unreadable_to_paths(errors: dict[tuple[int, str], str], prefix: str) -> dict[str, str]:
    """{(2, key): message} → ``prefix[2].key`` paths."""
    return {f"{prefix}[{row}].{key}": message for (row, key), message in errors.items()}


class SectionPage(QWidget):
    """One section of the intake: loads from, and applies to, an ``Intake``."""

    changed = Signal()
    title = ""
    prefixes: tuple[str, ...] = ()

    def load(self, intake: Intake, unit: str) -> None:
        """Show the intake's values."""
        raise NotImplementedError

    def apply(self, intake: Intake) -> tuple[Intake, dict[str, str]]:
        """The intake with this page's values, and messages for values that cannot be read."""
        raise NotImplementedError

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show the messages that belong to this page."""
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        """Lock the page while an earlier revision is shown."""
        for widget in self.findChildren(QWidget):
            if isinstance(widget, RecordTable):
                widget.set_read_only(read_only)
            elif hasattr(widget, "setReadOnly"):
                widget.setReadOnly(read_only)
            elif widget.inherits("QAbstractButton") or isinstance(widget, QComboBox):
                widget.setEnabled(not read_only)

    def owns(self, path: str) -> bool:
        """True when an error path belongs to this page."""
        return any(path == p or path.startswith(p + "[") or path.startswith(p + ".")
                   for p in self.prefixes)
