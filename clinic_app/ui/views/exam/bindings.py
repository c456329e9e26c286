"""Inputs bound to exam paths (``slr_left.angle_deg``): read, write, mark as copied, show errors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.ui.widgets.inputs import NumberEdit, enum_combo

COPIED_STYLE = "background:#e3f0ff; font-style:italic;"
COPIED_TIP = QT_TRANSLATE_NOOP("Bindings", "Copied from the previous exam — confirm or change it.")


@dataclass
class Binding:
    """One input and how to read and write its value."""

    path: str
    widget: QWidget
    read: Callable[[], Any]
    write: Callable[[Any], None]
    unreadable: Callable[[], bool]


class Bindings(QObject):
    """All bound inputs of a form; emits ``edited(path)`` when the user changes one."""

    edited = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: dict[str, Binding] = {}
        self._copied: set[str] = set()
        self._loading = False

    def _add(self, binding: Binding, signal: Any) -> QWidget:
        self.items[binding.path] = binding
        signal.connect(lambda *_: self._user_edit(binding.path))
        return binding.widget

    def _user_edit(self, path: str) -> None:
        if self._loading:
            return
        if path in self._copied:
            self._copied.discard(path)
            self._style(path, copied=False)
        self.edited.emit(path)

    def combo(self, path: str, choices: Sequence[tuple[str, str]], none_label: str = "—") -> QComboBox:
        """A choice (``None`` for the empty entry)."""
        combo = enum_combo(choices, none_label)

        def write(value: Any) -> None:
            index = combo.findData(value)
            combo.setCurrentIndex(index if index >= 0 else 0)

        self._add(Binding(path, combo, combo.currentData, write, lambda: False),
                  combo.currentIndexChanged)
        return combo

    def number(self, path: str, integer: bool = True, width: int = 70) -> NumberEdit:
        """A number (``None`` when empty)."""
        edit = NumberEdit(integer=integer)
        edit.setMaximumWidth(width)
        self._add(Binding(path, edit, edit.value, edit.set_value, edit.is_unreadable),
                  edit.textEdited)
        return edit

    def check(self, path: str, label: str) -> QCheckBox:
        """A yes/no tick."""
        box = QCheckBox(label)
        self._add(Binding(path, box, box.isChecked, lambda v: box.setChecked(bool(v)),
                          lambda: False), box.toggled)
        return box

    def tri(self, path: str) -> QComboBox:
        """Yes / no / not recorded."""
        combo = enum_combo([("yes", "Yes"), ("no", "No")])

        def read() -> bool | None:
            data = combo.currentData()
            return None if data is None else data == "yes"

        def write(value: Any) -> None:
            combo.setCurrentIndex(0 if value is None else (1 if value else 2))

        self._add(Binding(path, combo, read, write, lambda: False), combo.currentIndexChanged)
        return combo

    def line(self, path: str) -> QLineEdit:
        """Short free text."""
        edit = QLineEdit()
        self._add(Binding(path, edit, lambda: edit.text().strip(), lambda v: edit.setText(v or ""),
                          lambda: False), edit.textEdited)
        return edit

    def text(self, path: str) -> QPlainTextEdit:
        """Long free text."""
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        self._add(Binding(path, edit, lambda: edit.toPlainText().strip(),
                          lambda v: edit.setPlainText(v or ""), lambda: False), edit.textChanged)
        return edit

    # -- bulk ----------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """Path → current value."""
        return {path: b.read() for path, b in self.items.items()}

    def unreadable(self) -> list[str]:
        """Paths whose typed text cannot be read."""
        return [path for path, b in self.items.items() if b.unreadable()]

    def load(self, values: dict[str, Any]) -> None:
        """Write every bound value (missing paths get ``None``) without counting as edits."""
        self._loading = True
        try:
            for path, binding in self.items.items():
                binding.write(values.get(path))
        finally:
            self._loading = False

    def set_copied(self, paths: set[str]) -> None:
        """Mark bound inputs whose value came from the previous exam."""
        for path in self._copied - paths:
            self._style(path, copied=False)
        self._copied = {p for p in paths if p in self.items}
        for path in self._copied:
            self._style(path, copied=True)

    def copied(self) -> set[str]:
        """Bound paths still marked as copied."""
        return set(self._copied)

    def _style(self, path: str, copied: bool) -> None:
        widget = self.items[path].widget
        widget.setStyleSheet(COPIED_STYLE if copied else "")
        widget.setToolTip(QCoreApplication.translate("Bindings", COPIED_TIP) if copied else "")

    def set_read_only(self, read_only: bool) -> None:
        """Lock every input."""
        for binding in self.items.values():
            widget = binding.widget
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setReadOnly(read_only)
            else:
                widget.setEnabled(not read_only)
