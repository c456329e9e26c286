"""The diary's time grid: columns of clinicians or days, appointments as blocks, keyboard-first.

Painted directly (no item per slot), so a week of two thousand appointments lays out in one
pass. The selection is either a free 15-minute slot or an appointment; arrows move it, Enter
opens it, Ctrl+N books the selected free slot. Dragging a block moves it (to another column
too); dragging its bottom edge changes its length. The grid only emits what the user asked
for: the view calls the services and reloads.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPixmap,
    QStaticText,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from clinic_app.domain.appointments import (
    MAX_MINUTES,
    AppointmentStatus,
    WorkingHours,
    minute_of_day,
)
from clinic_app.services.appointments_base import AppointmentRow
from clinic_app.ui.views.diary.grid_keys import HEADER_H, PX_PER_MIN, TIME_W, GridKeys, Slot
from clinic_app.ui.views.diary.grid_mouse import GridMouse
from clinic_app.ui.views.diary.labels import status_labels, type_labels

MIN_COLUMN_W = 110
_NAMES_KEPT = 5000  # laid-out names kept (a few screens of a busy week)
_PICTURES_KEPT = 200  # block pictures kept (a status and size each: a screen needs a handful)
_S = AppointmentStatus
COLOURS: dict[AppointmentStatus, tuple[str, str]] = {  # fill, left bar
    _S.BOOKED: ("#E3F0FA", "#2F7EC1"),
    _S.ARRIVED: ("#FFF1D6", "#D98E04"),
    _S.IN_SESSION: ("#DFF3E3", "#2E8B47"),
    _S.DONE: ("#ECEFF1", "#78909C"),
    _S.DID_NOT_ATTEND: ("#FBE4E4", "#C62828"),
    _S.CANCELLED: ("#F5F5F5", "#BDBDBD"),
}


_QCOLOURS = {status: (QColor(fill), QColor(bar)) for status, (fill, bar) in COLOURS.items()}


@dataclass(frozen=True, slots=True)
class Column:
    """One column: a clinician on a day."""

    day: date
    clinician_id: int
    title: str
    subtitle: str
    hours: WorkingHours


Placed = dict[tuple[date, int], tuple[list[int], list[AppointmentRow]]]
"""Appointments by (local day, clinician id): their minutes after midnight and the rows, by
time (two lists side by side: no pair made per appointment)."""


def place_rows(rows: Sequence[AppointmentRow]) -> Placed:
    """Each appointment under its local day and clinician, with its minute after midnight.

    One pass: each distinct start is converted once (a busy week is thousands of rows on a
    few hundred slot times), with one UTC offset for the whole list unless it spans a change
    of clocks. ``rows`` come by time, and so does each list.
    """
    if not rows:
        return {}
    first = rows[0].starts_at.astimezone()
    last = rows[-1].starts_at.astimezone()
    zone = first.tzinfo if first.utcoffset() == last.utcoffset() else None
    seen: dict[datetime, tuple[date, int]] = {}
    by_day: dict[date, dict[int, tuple[list[int], list[AppointmentRow]]]] = {}
    start: datetime | None = None
    day: dict[int, tuple[list[int], list[AppointmentRow]]] = {}
    minute = 0
    for r in rows:
        if r.starts_at is not start:  # rows at one time come together (and share the object)
            start = r.starts_at
            where = seen.get(start)
            if where is None:
                local = start.astimezone(zone)
                where = seen[start] = (local.date(), minute_of_day(local))
            day = by_day.setdefault(where[0], {})
            minute = where[1]
        items = day.get(r.clinician_id)
        if items is None:
            items = day[r.clinician_id] = ([], [])
        items[0].append(minute)
        items[1].append(r)
    return {(d, clinician): items for d, lists in by_day.items()
            for clinician, items in lists.items()}


class DiaryGrid(GridKeys, GridMouse, QWidget):
    """Paints the columns and appointments and turns mouse and keys into requests."""

    book_requested = Signal(int, int)  # column, minute
    open_requested = Signal(int)  # appointment id
    move_requested = Signal(int, int, int, int)  # appointment id, column, minute, length
    context_requested = Signal(int, QPoint)  # appointment id, global position
    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # it paints every pixel
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Appointment diary"))
        self.columns: list[Column] = []
        self.rows: list[AppointmentRow] = []
        self.first_minute = 8 * 60
        self.last_minute = 18 * 60
        self.now: datetime | None = None
        self.selected_id: int | None = None
        self.selected_slot: Slot | None = Slot(0, 9 * 60)
        self._by_column: list[tuple[list[int], list[AppointmentRow]]] = []  # as in Placed
        self._blocks: dict[int, list[tuple[QRectF, AppointmentRow]]] = {}  # laid out on demand
        self._geometry: dict[int, list[tuple[float, float, float, float, AppointmentRow]]] = {}
        self._placed: Placed = {}
        self._by_id: dict[int, AppointmentRow] | None = None  # built when first needed
        self._where: dict[int, tuple[int | None, int]] | None = None  # id: column, minute
        self._column_index: dict[tuple[date, int], int] = {}
        self._drag: tuple[str, AppointmentRow, QPoint] | None = None
        self._drag_preview: tuple[int, int, int] | None = None  # column, minute, length
        self.header_top = 0
        self._types = type_labels()
        self._statuses = status_labels()
        self.name_font = QFont()
        self._names: dict[tuple[str, int], QStaticText] = {}
        self._pictures: dict[tuple[AppointmentStatus, int, int, float], QPixmap] = {}
        self._font_changed()

    # -- data ----------------------------------------------------------------------------

    def set_content(self, columns: list[Column], rows: Sequence[AppointmentRow],
                    now: datetime | None, placed: Placed | None = None) -> None:
        """Show these columns and appointments; keeps the selection when it still exists.

        ``placed``: the rows as ``place_rows`` gives them. Blocks are laid out per column when
        first painted or hit, not here: a week of the whole practice has thousands, a screen
        shows a few hundred.
        """
        self.columns = columns
        self.rows = list(rows)
        self.now = now
        self._placed = placed if placed is not None else place_rows(rows)
        self._column_index = {(c.day, c.clinician_id): i for i, c in enumerate(columns)}
        self._by_id = self._where = None
        self._blocks = {}
        self._geometry = {}
        nothing: tuple[list[int], list[AppointmentRow]] = ([], [])
        self._by_column = [self._placed.get((c.day, c.clinician_id), nothing) for c in columns]
        first, last = 24 * 60, 0
        for minutes, items in self._by_column:
            if items:  # by start: the last to end started at most the longest length before
                first = min(first, minutes[0])
                since = bisect_left(minutes, minutes[-1] - MAX_MINUTES)
                last = max(last, max([minute + r.minutes for minute, r
                                      in zip(minutes[since:], items[since:], strict=True)]))
        for c in columns:
            bounds = c.hours.day_bounds(c.day.weekday())
            if bounds:
                first = min(first, minute_of_day(bounds[0]))
                last = max(last, minute_of_day(bounds[1]))
        if first > last:  # nothing booked, nobody working: office hours
            first, last = 8 * 60, 18 * 60
        self.first_minute = max(0, first // 60 * 60)
        self.last_minute = min(24 * 60, -(-last // 60) * 60)
        if self.selected_id is not None and self.row(self.selected_id) is None:
            self.selected_id = None
        if self.selected_id is None and (self.selected_slot is None or
                                         self.selected_slot.column >= len(columns)):
            self.selected_slot = Slot(0, self.first_minute) if columns else None
        slot = self.selected_slot if self.selected_id is None else None
        covering = self._covering(slot.column, slot.minute) if slot is not None else None
        if covering is not None:  # a slot booked since (or never free): never offered as free
            self.selected_id, self.selected_slot = covering.id, None
        self.setMinimumWidth(TIME_W + MIN_COLUMN_W * max(1, len(columns)))
        self.setFixedHeight(HEADER_H + int((self.last_minute - self.first_minute) * PX_PER_MIN) + 1)
        self.update()

    def row(self, appointment_id: int) -> AppointmentRow | None:
        """The appointment shown with this id."""
        if self._by_id is None:
            self._by_id = {r.id: r for r in self.rows}
        return self._by_id.get(appointment_id)

    def _placement(self, appointment_id: int) -> tuple[int | None, int] | None:
        """An appointment's column (``None``: not a column shown) and minute after midnight."""
        if self._where is None:
            find = self._column_index.get
            self._where = {r.id: (find(key), minute) for key, (minutes, items)
                           in self._placed.items()
                           for minute, r in zip(minutes, items, strict=True)}
        return self._where.get(appointment_id)

    def selected(self) -> AppointmentRow | None:
        """The selected appointment, if an appointment is selected."""
        return self.row(self.selected_id) if self.selected_id is not None else None

    def select_appointment(self, appointment_id: int) -> None:
        """Select an appointment (e.g. the clinician's next patient)."""
        self.selected_id = appointment_id
        self.selected_slot = None
        self.selection_changed.emit()
        self.update()

    # -- geometry ------------------------------------------------------------------------

    def _minute(self, moment: datetime, appointment_id: int | None = None) -> int:
        where = self._placement(appointment_id) if appointment_id is not None else None
        if where is not None:
            return where[1]
        return minute_of_day(moment.astimezone())

    def column_width(self) -> float:
        """Width of one column in pixels."""
        return (self.width() - TIME_W) / max(1, len(self.columns))

    def y_of(self, minute: int) -> float:
        """The y of a minute after midnight."""
        return HEADER_H + (minute - self.first_minute) * PX_PER_MIN

    def minute_at(self, y: float) -> int:
        """The minute after midnight at ``y`` (not snapped)."""
        return int(self.first_minute + (y - HEADER_H) / PX_PER_MIN)

    def column_at(self, x: float) -> int:
        """The column index at ``x`` (clamped)."""
        index = int((x - TIME_W) // self.column_width()) if self.columns else 0
        return max(0, min(len(self.columns) - 1, index))

    def _column_of(self, row: AppointmentRow) -> int | None:
        where = self._placement(row.id)
        return where[0] if where is not None else None

    def blocks(self, column: int) -> list[tuple[QRectF, AppointmentRow]]:
        """Where the column's appointments are drawn, by time; overlapping ones (double
        booking) share the column side by side. Laid out when first asked for."""
        laid = self._blocks.get(column)
        if laid is None:
            laid = self._blocks[column] = [(QRectF(x, y, w, h), r)
                                           for x, y, w, h, r in self.block_geometry(column)]
        return laid

    def block_geometry(self, column: int) -> list[tuple[float, float, float, float, AppointmentRow]]:
        """The column's blocks as ``blocks`` gives them, as plain numbers (x, y, width,
        height, row): painting reads them with no Qt object per block. Laid out when first
        asked for."""
        laid = self._geometry.get(column)
        if laid is not None:
            return laid
        minutes, items = self._by_column[column] if 0 <= column < len(self._by_column) \
            else ([], [])
        lanes: list[int] = []  # end minute of each lane
        lane_of: list[int] = []
        for start, r in zip(minutes, items, strict=True):  # rows come ordered by time
            if lanes and lanes[0] <= start:  # the usual case: nothing double booked
                lane = 0
            else:
                lane = next((i for i, end in enumerate(lanes) if end <= start), len(lanes))
            if lane == len(lanes):
                lanes.append(0)
            lanes[lane] = start + r.minutes
            lane_of.append(lane)
        count = max(1, len(lanes))
        width = self.column_width()
        left = TIME_W + column * width + 2
        first = self.first_minute
        laid = [(left + lane * (width - 4) / count, HEADER_H + (start - first) * PX_PER_MIN + 1,
                 (width - 4) / count - 2, r.minutes * PX_PER_MIN - 2, r)
                for start, r, lane in zip(minutes, items, lane_of, strict=True)]
        self._geometry[column] = laid
        return laid

    def placed(self) -> list[tuple[QRectF, AppointmentRow, int]]:
        """Every appointment shown, where it is drawn and in which column."""
        return [(rect, r, col) for col in range(len(self.columns))
                for rect, r in self.blocks(col)]

    def block_rect(self, appointment_id: int) -> QRect:
        """Where an appointment is drawn (for tests and accessibility)."""
        where = self._placement(appointment_id)
        if where is None or where[0] is None:
            return QRect()
        return next((rect.toRect() for rect, r in self.blocks(where[0])
                     if r.id == appointment_id), QRect())

    def slot_point(self, column: int, minute: int) -> QPoint:
        """A point inside a slot (for tests)."""
        return QPoint(int(TIME_W + (column + 0.5) * self.column_width()),
                      int(self.y_of(minute) + 3))

    def _hit(self, pos: QPoint) -> tuple[AppointmentRow, QRectF] | None:
        if pos.x() < TIME_W or not self.columns:
            return None
        point = pos.toPointF()
        for rect, r in reversed(self.blocks(self.column_at(pos.x()))):
            if rect.contains(point):
                return r, rect
        return None

    # -- painting ------------------------------------------------------------------------

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Wide enough for the columns, tall enough for the day."""
        return QSize(TIME_W + MIN_COLUMN_W * max(1, len(self.columns)), self.height())

    def _font_changed(self) -> None:
        self.name_font = QFont(self.font())
        self.name_font.setBold(True)
        self._names = {}

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """A new font: names are laid out again."""
        if event.type() == QEvent.Type.FontChange:
            self._font_changed()
        super().changeEvent(event)

    def name_label(self, name: str, width: int) -> QStaticText:
        """A patient's name as a block shows it, elided to ``width``, laid out once.

        Kept while the diary is open (polled every minute, reloaded after each booking): the
        same patients come back, and laying their names out is most of painting a block.
        """
        key = (name, width)
        label = self._names.get(key)
        if label is None:
            if len(self._names) >= _NAMES_KEPT:
                self._names = {}
            label = QStaticText(QFontMetrics(self.name_font).elidedText(
                name, Qt.TextElideMode.ElideRight, width))
            label.setTextFormat(Qt.TextFormat.PlainText)
            self._names[key] = label
        return label

    def block_picture(self, status: AppointmentStatus, width: int, height: int) -> QPixmap:
        """A block's rounded fill with its status bar, drawn once per status and size: a busy
        screen shows hundreds of blocks in a handful of sizes, and copying a picture costs
        less than filling a rounded, smoothed shape."""
        ratio = self.devicePixelRatioF()
        key = (status, width, height, ratio)
        picture = self._pictures.get(key)
        if picture is None:
            picture = QPixmap(max(1, round(width * ratio)), max(1, round(height * ratio)))
            picture.setDevicePixelRatio(ratio)
            picture.fill(Qt.GlobalColor.transparent)
            if width > 0 and height > 0:
                fill, bar = _QCOLOURS[status]
                painter = QPainter(picture)
                try:
                    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(fill)
                    painter.drawRoundedRect(QRectF(0, 0, width, height), 3, 3)
                    painter.fillRect(QRectF(0, 0, min(4, width), height), bar)
                finally:
                    painter.end()
            if len(self._pictures) >= _PICTURES_KEPT:
                self._pictures = {}
            self._pictures[key] = picture
        return picture

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Columns share the width: lay the blocks out again when next painted."""
        self._blocks = {}
        self._geometry = {}

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """Hours, breaks, the grid, the appointments, the selection, the header."""
        from clinic_app.ui.views.diary.diary_paint import paint_grid

        painter = QPainter(self)
        try:
            paint_grid(self, painter, QRectF(event.rect()))
        finally:
            painter.end()

    # -- words ---------------------------------------------------------------------------

    def block_text(self, row: AppointmentRow) -> tuple[str, str]:
        """The two lines an appointment block shows: who, then when, what and where it stands."""
        start = self._minute(row.starts_at, row.id)
        end = start + row.minutes
        detail = (f"{start // 60:02d}:{start % 60:02d}–{end // 60 % 24:02d}:{end % 60:02d} · "
                  f"{self._types[row.kind]} · {self._statuses[row.status]}")
        return row.patient_name, detail

    def slot_time(self, column: int, minute: int) -> datetime:
        """The local, aware datetime of a slot."""
        day = self.columns[column].day
        return datetime.combine(day, time(minute // 60, minute % 60)).astimezone()
