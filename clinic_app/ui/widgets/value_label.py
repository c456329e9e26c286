"""A plain-text value the user can select and copy, laid out as cheaply as one they cannot."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QEnterEvent, QFocusEvent
from PySide6.QtWidgets import QLabel, QWidget
from typing_extensions import override

_SELECT = Qt.TextInteractionFlag.TextSelectableByMouse
_NONE = Qt.TextInteractionFlag.NoTextInteraction


class ValueLabel(QLabel):
    """Plain text, selectable with the mouse, but only while the pointer is over it.

    A selectable ``QLabel`` keeps its text in a ``QTextDocument`` and lays the whole document
    out again for every size a layout asks of it, several times each time the text changes: the
    chart's dozen selectable values made a quarter of a patient switch. This label becomes
    selectable when the pointer enters it (before any press can reach it) and stays so while it
    holds a selection, so what the user can do is unchanged; a new patient's values are
    measured as plain text. Its height for a width is the same in both states.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._may_select = True

    def may_select(self) -> bool:
        """Whether the user may select and copy the text (under the pointer)."""
        return self._may_select

    def set_may_select(self, allowed: bool) -> None:
        """Allow or forbid selecting the text (a value shown cut is not offered for copying)."""
        self._may_select = allowed
        self._interactive(allowed and self.underMouse())

    @override
    def enterEvent(self, event: QEnterEvent) -> None:  # noqa: N802 - Qt's name
        self._interactive(self._may_select)
        super().enterEvent(event)

    @override
    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().leaveEvent(event)
        if not self.hasSelectedText():
            self._interactive(False)

    @override
    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)  # clears the selection
        if not self.underMouse() and not self.hasSelectedText():
            self._interactive(False)

    def _interactive(self, on: bool) -> None:
        flags = _SELECT if on else _NONE
        if self.textInteractionFlags() != flags:
            self.setTextInteractionFlags(flags)
