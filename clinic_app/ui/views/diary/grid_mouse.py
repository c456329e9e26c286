"""The diary grid's mouse: click selects, drag moves, the bottom edge resizes, double-click opens
or books, right-click opens the actions. A mixin of ``DiaryGrid``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QMouseEvent

from clinic_app.domain.appointments import AppointmentStatus, snap_minutes
from clinic_app.ui.views.diary.grid_keys import EDGE, HEADER_H, PX_PER_MIN, SLOT, TIME_W, Slot

if TYPE_CHECKING:
    from clinic_app.services.appointments_base import AppointmentRow
    from clinic_app.ui.views.diary.diary_grid import DiaryGrid

_S = AppointmentStatus


class GridMouse:
    """Mouse handling of the time grid."""

    _drag: tuple[str, AppointmentRow, QPoint] | None
    """A move or resize under way: its kind, the appointment and where the press was."""
    _drag_preview: tuple[int, int, int] | None
    """Where the dragged block would go: column, minute, length."""

    def mousePressEvent(self: DiaryGrid, event: QMouseEvent) -> None:  # type: ignore[misc]  # noqa: N802
        """Select; start a move or a resize on an appointment."""
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position().toPoint()
        if pos.y() < self.header_top + HEADER_H or pos.x() < TIME_W:
            return
        hit = self._hit(pos)
        if hit is not None:
            row, rect = hit
            self.select_appointment(row.id)
            if event.button() == Qt.MouseButton.LeftButton and row.status in (_S.BOOKED, _S.ARRIVED):
                kind = "resize" if rect.bottom() - pos.y() <= EDGE else "move"
                self._drag = (kind, row, pos)
            return
        column = self.column_at(pos.x())
        minute = self.minute_at(pos.y()) // SLOT * SLOT
        self.selected_id = None
        self.selected_slot = Slot(column, minute)
        self.selection_changed.emit()
        self.update()

    def mouseMoveEvent(self: DiaryGrid, event: QMouseEvent) -> None:  # type: ignore[misc]  # noqa: N802
        """Show where a dragged block would go; a resize cursor over bottom edges."""
        pos = event.position().toPoint()
        if self._drag is None:
            hit = self._hit(pos)
            edge = hit is not None and hit[1].bottom() - pos.y() <= EDGE
            self.setCursor(Qt.CursorShape.SizeVerCursor if edge else Qt.CursorShape.ArrowCursor)
            return
        kind, row, origin = self._drag
        if (pos - origin).manhattanLength() < 4:
            return
        start = self._minute(row.starts_at, row.id)
        if kind == "resize":
            length = max(5, snap_minutes((pos.y() - self.y_of(start)) / PX_PER_MIN))
            self._drag_preview = (self._column_of(row) or 0, start, length)
        else:
            delta = snap_minutes((pos.y() - origin.y()) / PX_PER_MIN)
            self._drag_preview = (self.column_at(pos.x()), start + delta, row.minutes)
        self.update()

    def mouseReleaseEvent(self: DiaryGrid, event: QMouseEvent) -> None:  # type: ignore[misc]  # noqa: N802
        """Finish a drag: ask the view to move or resize."""
        drag, preview = self._drag, self._drag_preview
        self._drag = None
        self._drag_preview = None
        if drag is None or preview is None:
            return
        row = drag[1]
        column, minute, length = preview
        unchanged = (column == self._column_of(row) and minute == self._minute(row.starts_at, row.id)
                     and length == row.minutes)
        self.update()
        if not unchanged:
            self.move_requested.emit(row.id, column, minute, length)

    def mouseDoubleClickEvent(self: DiaryGrid, event: QMouseEvent) -> None:  # type: ignore[misc]  # noqa: N802
        """Double-click: open an appointment, or book the free slot."""
        pos = event.position().toPoint()
        hit = self._hit(pos)
        if hit is not None:
            self.open_requested.emit(hit[0].id)
        elif pos.x() >= TIME_W and pos.y() >= self.header_top + HEADER_H:
            self.book_requested.emit(self.column_at(pos.x()),
                                     self.minute_at(pos.y()) // SLOT * SLOT)

    def contextMenuEvent(self: DiaryGrid, event: QContextMenuEvent) -> None:  # type: ignore[misc]  # noqa: N802
        """Right-click on an appointment: its actions."""
        hit = self._hit(event.pos())
        if hit is not None:
            self.select_appointment(hit[0].id)
            self.context_requested.emit(hit[0].id, event.globalPos())
