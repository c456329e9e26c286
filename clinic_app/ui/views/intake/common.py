"""Pieces shared by the intake pages: typed inputs, the page base class, error routing."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from clinic_app.domain.intake import Intake
from clinic_app.domain.training import km_to_miles, miles_to_km
from clinic_app.ui.widgets.record_table import RecordTable


class NumberEdit(QLineEdit):
    """A number typed freely; out-of-range values reach the service, which explains the range."""

    def __init__(self, integer: bool = True, distance: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._integer = integer
        self._distance = distance
        self.unit = "km"
        self.setMaximumWidth(110)
        self.textChanged.connect(lambda _t: None)

    def value(self) -> float | int | None:
        """The number typed (distances in km), or ``None`` when empty or unreadable."""
        text = self.text().strip().replace(",", ".")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            return None
        if math.isnan(number) or math.isinf(number):
            return None
        if self._distance and self.unit == "mi":
            number = miles_to_km(number)
        if self._integer:
            return int(number) if number == int(number) else None
        return number

    def int_value(self) -> int | None:
        """The typed whole number, or ``None``."""
        value = self.value()
        return int(value) if value is not None else None

    def is_unreadable(self) -> bool:
        """True when something was typed that is not a (whole) number."""
        return bool(self.text().strip()) and self.value() is None

    def set_value(self, value: float | None) -> None:
        """Show a value (km converted to the unit for distances)."""
        if value is None:
            self.clear()
            return
        shown = km_to_miles(value) if self._distance and self.unit == "mi" else value
        self.setText(f"{shown:.1f}".rstrip("0").rstrip(".") if isinstance(shown, float)
                     else str(shown))


def enum_combo(choices: Sequence[tuple[str, str]], none_label: str = "—") -> QComboBox:
    """A combo box of (value, label) pairs with an empty first entry."""
    combo = QComboBox()
    combo.addItem(none_label, None)
    for value, label in choices:
        combo.addItem(label, value)
    return combo


def set_combo(combo: QComboBox, value: Any) -> None:
    """Select the entry whose data equals ``value`` (or the empty entry)."""
    index = combo.findData(value.value if hasattr(value, "value") else value)
    combo.setCurrentIndex(index if index >= 0 else 0)


def labels_for(enum_type: Any, overrides: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(value, Capitalised label) pairs for an enum."""
    overrides = overrides or {}
    return [(m.value, overrides.get(m.value, m.value.replace("_", " ").capitalize()))
            for m in enum_type]


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
