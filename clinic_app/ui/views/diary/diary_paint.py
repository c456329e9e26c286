"""Painting the diary grid: working hours, breaks, lines, blocks, selection, header."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen

from clinic_app.domain.appointments import AppointmentStatus, minute_of_day
from clinic_app.ui.views.diary.grid_keys import HEADER_H, PX_PER_MIN, SLOT, TIME_W

if TYPE_CHECKING:
    from clinic_app.services.appointments_base import AppointmentRow
    from clinic_app.ui.views.diary.diary_grid import DiaryGrid

_ACCENT = QColor("#1F6F8B")
_TEXT = QColor("#1B2631")
_MUTED = QColor("#5D6D7E")
_TOP_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
_ELIDE = Qt.TextElideMode.ElideRight
_DAY_LINE = QColor("#9AA7B3")
_DONE, _DNA = AppointmentStatus.DONE, AppointmentStatus.DID_NOT_ATTEND


def paint_grid(grid: DiaryGrid, p: QPainter, exposed: QRectF) -> None:
    """Draw what lies in the exposed area: a busy week has thousands of blocks, few in view."""
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    width = grid.width()
    col_w = grid.column_width()
    top, bottom = grid.y_of(grid.first_minute), grid.y_of(grid.last_minute)
    p.fillRect(exposed, QColor("#FFFFFF"))
    first_col = max(0, int((exposed.left() - TIME_W) // col_w))
    last_col = min(len(grid.columns) - 1, int((exposed.right() - TIME_W) // col_w))
    off_hours = QColor("#EEF1F4")
    break_brush = QBrush(QColor("#DDE3E8"), Qt.BrushStyle.BDiagPattern)
    for i in range(first_col, last_col + 1):
        column = grid.columns[i]
        x = TIME_W + i * col_w
        weekday = column.day.weekday()
        y = top  # the background is white: shade what lies outside the working hours
        for span in sorted(column.hours.hours[weekday], key=lambda span: span.start):
            y0, y1 = grid.y_of(minute_of_day(span.start)), grid.y_of(minute_of_day(span.end))
            if y0 > y:
                p.fillRect(QRectF(x, y, col_w, y0 - y), off_hours)
            y = max(y, y1)
        if y < bottom:
            p.fillRect(QRectF(x, y, col_w, bottom - y), off_hours)
        for span in column.hours.breaks[weekday]:
            y0, y1 = grid.y_of(minute_of_day(span.start)), grid.y_of(minute_of_day(span.end))
            p.fillRect(QRectF(x, y0, col_w, y1 - y0), off_hours)
            p.fillRect(QRectF(x, y0, col_w, y1 - y0), break_brush)
    # lines, as thin rectangles: a 1 px antialiased line is the same pixels, stroked slowly
    light, hour_line = QColor("#EDF0F3"), QColor("#D5DBE1")
    small = QFont(grid.font())
    small.setPointSizeF(max(7.5, small.pointSizeF() * 0.85))
    p.setFont(small)
    left = max(TIME_W, int(exposed.left()) - 1)
    right = min(width, int(exposed.right()) + 2)
    for minute in range(grid.first_minute, grid.last_minute + 1, SLOT):
        y = grid.y_of(minute)
        if y < exposed.top() - 20 or y > exposed.bottom() + 1:
            continue
        if left < right:
            _line(p, left, int(y), right, int(y), 1, hour_line if minute % 60 == 0 else light)
        if minute % 60 == 0 and minute < grid.last_minute:
            p.setPen(_MUTED)
            p.drawText(QRectF(0, y + 2, TIME_W - 8, 16),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                       f"{minute // 60:02d}:00")
    for i in range(first_col, min(len(grid.columns), last_col + 1) + 1):
        x = TIME_W + i * col_w
        new_day = 0 < i < len(grid.columns) and \
            grid.columns[i].day != grid.columns[i - 1].day
        _line(p, int(x), int(top), int(x), int(bottom), 2 if new_day else 1,
              _DAY_LINE if new_day else hour_line)
    # selection of a free slot
    slot = grid.selected_slot
    if grid.selected_id is None and slot is not None and slot.column < len(grid.columns):
        rect = QRectF(TIME_W + slot.column * col_w + 1, grid.y_of(slot.minute) + 1, col_w - 2,
                      SLOT * PX_PER_MIN - 1)
        p.fillRect(rect, QColor(31, 111, 139, 40))
        p.setPen(QPen(_ACCENT, 2 if grid.hasFocus() else 1))
        p.drawRect(rect)
    _paint_now(grid, p)
    _paint_blocks(grid, p, exposed, first_col, last_col)
    _paint_preview(grid, p)
    _paint_header(grid, p, HEADER_H, first_col, last_col)


def _line(p: QPainter, x0: int, y0: int, x1: int, y1: int, width: float, colour: QColor) -> None:
    """A horizontal or vertical line with square caps, filled as the rectangle it covers."""
    half = width / 2
    p.fillRect(QRectF(min(x0, x1) - half, min(y0, y1) - half, abs(x1 - x0) + width,
                      abs(y1 - y0) + width), colour)


def _paint_blocks(grid: DiaryGrid, p: QPainter, exposed: QRectF, first_col: int,
                  last_col: int) -> None:
    """The blocks of the columns in view: fills by status, then the names, then details.

    From the layout's plain numbers: each block's fill is a copied picture, its name a text
    laid out once per width."""
    left, top = exposed.left(), exposed.top()
    right, bottom = exposed.right(), exposed.bottom()
    shown: list[tuple[float, float, float, float, AppointmentRow]] = []
    for col in range(first_col, last_col + 1):
        for block in grid.block_geometry(col):
            x, y, w, h, _row = block
            if w > 0 and h > 0:
                in_view = x < right and x + w > left and y < bottom and y + h > top
            else:  # a block too small to have a width or height: as Qt decides
                in_view = QRectF(x, y, w, h).intersects(exposed)
            if in_view:
                shown.append(block)
    if not shown:
        return
    picture, copy = grid.block_picture, p.drawPixmap
    for x, y, w, h, row in shown:  # each block's fill and bar, drawn once per status and size
        x0, y0 = round(x), round(y)
        copy(x0, y0, picture(row.status, round(x + w) - x0, round(y + h) - y0))
    selected = next((QRectF(x, y, w, h) for x, y, w, h, row in shown
                     if row.id == grid.selected_id), None)
    if selected is not None:
        p.setPen(QPen(_ACCENT, 2.5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(selected.adjusted(1, 1, -1, -1), 3, 3)
    p.setFont(grid.name_font)
    metrics = p.fontMetrics()
    line_h = metrics.height()
    name = grid.name_label
    draw = p.drawStaticText  # at a new point each: cheaper than moving one point (two calls)
    pen: QColor | None = None
    two_lines = []
    for x, y, w, h, row in shown:
        status = row.status
        colour = _MUTED if status is _DONE or status is _DNA else _TEXT
        if colour is not pen:
            p.setPen(colour)
            pen = colour
        if h - 2 >= line_h:  # the name fits in the block: its laid-out text, unclipped
            draw(QPointF(x + 8, y + 2), name(row.patient_name, int(w - 12)))
            if h - 4 >= line_h * 2 - 2:
                two_lines.append((QRectF(x + 8, y + 2 + line_h, w - 12, h - 4 - line_h), row))
        else:  # a short block: the name as much as shows, clipped to it
            inner = QRectF(x + 8, y + 2, w - 12, h - 4)
            p.drawText(inner, _TOP_LEFT, metrics.elidedText(row.patient_name, _ELIDE,
                                                            int(inner.width())))
    if two_lines:  # the detail line, where a block is tall enough for it
        plain = QFont(grid.font())
        plain.setPointSizeF(max(7.5, plain.pointSizeF() * 0.9))
        p.setFont(plain)
        p.setPen(_MUTED)
        metrics = p.fontMetrics()
        for inner, row in two_lines:
            p.drawText(inner, _TOP_LEFT, metrics.elidedText(grid.block_text(row)[1], _ELIDE,
                                                            int(inner.width())))


def _paint_now(grid: DiaryGrid, p: QPainter) -> None:
    if grid.now is None:
        return
    local = grid.now.astimezone()
    minute = minute_of_day(local)
    if not grid.first_minute <= minute <= grid.last_minute:
        return
    y = grid.y_of(minute)
    col_w = grid.column_width()
    red = QColor("#D32F2F")
    p.setPen(QPen(red, 2))
    shown = False
    for i, column in enumerate(grid.columns):
        if column.day == local.date():
            shown = True
            p.drawLine(int(TIME_W + i * col_w), int(y), int(TIME_W + (i + 1) * col_w), int(y))
    if shown:  # a marker in the time gutter stays visible where blocks cover the line
        p.setBrush(red)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawEllipse(QRectF(TIME_W - 5, y - 4, 8, 8))


def _paint_preview(grid: DiaryGrid, p: QPainter) -> None:
    preview = grid._drag_preview  # noqa: SLF001 - the grid's own painter
    if preview is None:
        return
    column, minute, length = preview
    col_w = grid.column_width()
    rect = QRectF(TIME_W + column * col_w + 3, grid.y_of(minute) + 1, col_w - 6,
                  length * PX_PER_MIN - 2)
    p.setBrush(QColor(31, 111, 139, 50))
    p.setPen(QPen(_ACCENT, 1.5, Qt.PenStyle.DashLine))
    p.drawRoundedRect(rect, 3, 3)
    p.setPen(_TEXT)
    p.drawText(rect.adjusted(8, 2, -2, -2), Qt.AlignmentFlag.AlignLeft,
               f"{minute // 60:02d}:{minute % 60:02d} · {length} min")


def _paint_header(grid: DiaryGrid, p: QPainter, header_h: int, first_col: int,
                  last_col: int) -> None:
    y = grid.header_top
    col_w = grid.column_width()
    p.fillRect(QRectF(0, y, grid.width(), header_h), QColor("#F7F9FA"))
    p.setPen(QPen(QColor("#C9D0D6")))
    p.drawLine(0, y + header_h - 1, grid.width(), y + header_h - 1)
    bold = QFont(grid.font())
    bold.setBold(True)
    small = QFont(grid.font())
    small.setPointSizeF(max(7.5, small.pointSizeF() * 0.85))
    today = grid.now.astimezone().date() if grid.now else None
    rects = [(grid.columns[i], QRectF(TIME_W + i * col_w + 4, y + 3, col_w - 8, header_h - 6))
             for i in range(first_col, last_col + 1)]
    for i in range(first_col, last_col + 1):
        if grid.columns[i].day == today:
            p.fillRect(QRectF(TIME_W + i * col_w, y, col_w, 3), _ACCENT)
    # the titles, then the subtitles: one font each (they never overlap)
    for font, colour, flags, second in (
            (bold, _TEXT, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, False),
            (small, _MUTED, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, True)):
        p.setFont(font)
        p.setPen(colour)
        metrics = p.fontMetrics()
        for column, rect in rects:
            p.drawText(rect, flags, metrics.elidedText(column.subtitle if second else column.title,
                                                       Qt.TextElideMode.ElideRight,
                                                       int(rect.width())))
