"""The diary grid's keyboard: arrows move between free slots and appointments, Enter opens,
Ctrl+N books, the Menu key opens the actions. A mixin of ``DiaryGrid``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from clinic_app.services.appointments_base import AppointmentRow
    from clinic_app.ui.views.diary.diary_grid import DiaryGrid

HEADER_H = 40
TIME_W = 56
SLOT = 15
"""Column header height and time gutter width (px); the keyboard's step (minutes)."""
PX_PER_MIN = 1.3
EDGE = 6
"""Pixels a minute takes; how near a block's bottom edge a drag resizes it (px)."""


@dataclass(frozen=True, slots=True)
class Slot:
    """A free stretch the user selected: column index and minutes after midnight."""

    column: int
    minute: int


class GridKeys:
    """Keyboard handling of the time grid."""

    # -- keyboard ------------------------------------------------------------------------

    def event(self: DiaryGrid, event: QEvent) -> bool:  # type: ignore[misc]
        """Ctrl+N, arrows, Enter and Delete belong to the grid while it has the focus."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            keys = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right,
                    Qt.Key.Key_Return, Qt.Key.Key_Enter}
            ctrl_n = event.key() == Qt.Key.Key_N and \
                event.modifiers() == Qt.KeyboardModifier.ControlModifier
            if ctrl_n or event.key() in keys:
                event.accept()
                return True
        return QWidget.event(self, event)

    def keyPressEvent(self: DiaryGrid, event: QKeyEvent) -> None:  # type: ignore[misc]  # noqa: N802
        """Arrows move the selection, Enter opens, Ctrl+N books, Menu opens the actions."""
        key = event.key()
        if key == Qt.Key.Key_N and event.modifiers() == Qt.KeyboardModifier.ControlModifier:
            slot = self.selected_slot
            if slot is not None:
                self.book_requested.emit(slot.column, slot.minute)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.selected_id is not None:
                self.open_requested.emit(self.selected_id)
            elif self.selected_slot is not None:
                self.book_requested.emit(self.selected_slot.column, self.selected_slot.minute)
            return
        if key == Qt.Key.Key_Menu and self.selected_id is not None:
            rect = self.block_rect(self.selected_id)
            self.context_requested.emit(self.selected_id, self.mapToGlobal(rect.center()))
            return
        moves: dict[Any, tuple[int, int]] = {Qt.Key.Key_Up: (0, -SLOT), Qt.Key.Key_Down: (0, SLOT),
                 Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0)}
        if key in moves and self.columns:
            self._step(*moves[key])
            return
        QWidget.keyPressEvent(self, event)

    def _cursor(self: DiaryGrid) -> Slot:  # type: ignore[misc]
        current = self.selected()
        if current is not None:
            col = self._column_of(current)
            return Slot(col or 0, self._minute(current.starts_at, current.id))
        return self.selected_slot or Slot(0, self.first_minute)

    def _step(self: DiaryGrid, d_column: int, d_minutes: int) -> None:  # type: ignore[misc]
        here = self._cursor()
        current = self.selected()
        column = max(0, min(len(self.columns) - 1, here.column + d_column))
        if d_minutes > 0 and current is not None:
            minute = self._minute(current.starts_at, current.id) + current.minutes
        else:
            minute = here.minute + d_minutes
        minute = max(self.first_minute, min(self.last_minute - SLOT, minute // SLOT * SLOT))
        if d_minutes < 0:
            covering = self._covering(column, minute + SLOT - 1)
            if covering is not None and covering.id != self.selected_id:
                self.select_appointment(covering.id)
                self._ensure_visible(column, self._minute(covering.starts_at, covering.id))
                return
        covering = self._covering(column, minute)
        if covering is not None and covering.id != self.selected_id:
            self.select_appointment(covering.id)
        else:
            self.selected_id = None
            self.selected_slot = Slot(column, minute)
            self.selection_changed.emit()
        self._ensure_visible(column, minute)
        self.update()

    def _covering(self: DiaryGrid, column: int, minute: int) -> AppointmentRow | None:  # type: ignore[misc]
        minutes, items = self._by_column[column] if 0 <= column < len(self._by_column) \
            else ([], [])
        return next((r for start, r in zip(minutes, items, strict=True)
                     if start <= minute < start + r.minutes), None)

    def _ensure_visible(self: DiaryGrid, column: int, minute: int) -> None:  # type: ignore[misc]
        from PySide6.QtWidgets import QScrollArea

        parent = self.parentWidget()
        area = parent.parentWidget() if parent is not None else None
        if isinstance(area, QScrollArea):
            x = int(TIME_W + (column + 0.5) * self.column_width())
            area.ensureVisible(x, int(self.y_of(minute)), 40, HEADER_H + 40)

