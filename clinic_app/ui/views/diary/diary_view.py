"""The Diary: day and week views per clinician or for the whole practice, and the waitlist.

Reads run on the read runner and only the newest result is shown; writes run on the write
runner (``DiaryOperations``) and the diary reloads after each, so two workstations see each
other's bookings at the next refresh (and at once when a booking clashes).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.appointments import WorkingHours
from clinic_app.domain.patients import Role
from clinic_app.services.appointments_base import (
    AppointmentRow,
    ClinicianRow,
    DiaryPage,
    WaitlistRow,
)
from clinic_app.services.context import Changes
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe
from clinic_app.ui.views.diary.diary_files import DiaryFiles
from clinic_app.ui.views.diary.diary_grid import (
    HEADER_H,
    Column,
    DiaryGrid,
    Placed,
    place_rows,
)
from clinic_app.ui.views.diary.diary_operations import DiaryOperations
from clinic_app.ui.views.diary.labels import day_text

logger = logging.getLogger(__name__)
_DAY, _WEEK = "day", "week"


class DiaryView(DiaryOperations, DiaryFiles, QWidget):
    """The appointment book with its toolbar, time grid, details and waitlist."""

    back_requested = Signal()
    chart_requested = Signal(int)
    loaded = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        QWidget.__init__(self, parent)
        self.ctx = ctx
        self.day: date = ctx.today()
        self.mode = _DAY
        self.page: DiaryPage | None = None
        self.clinicians: list[ClinicianRow] = []
        self._job: int | None = None
        self._started = False
        self._select_next = False
        self._pending_select: int | None = None
        self.last_message = ""
        self.last_status = ""
        self.waitlist_rows: list[WaitlistRow] = []
        self.btn_back = QPushButton(self.tr("← &Patients"))
        self.btn_back.setToolTip(self.tr("Back to the patient list (Ctrl+D switches)"))
        self.btn_prev = QPushButton(self.tr("◀"))
        self.btn_prev.setAccessibleName(self.tr("Previous"))
        self.btn_today = QPushButton(self.tr("T&oday"))
        self.btn_next = QPushButton(self.tr("▶"))
        self.btn_next.setAccessibleName(self.tr("Next"))
        self.label_date = QLabel()
        self.label_date.setAccessibleName(self.tr("Shown dates"))
        self.label_date.setStyleSheet("font-size: 12pt; font-weight: 600; padding: 0 8px;")
        self.combo_mode = QComboBox()
        self.combo_mode.addItem(self.tr("Day"), _DAY)
        self.combo_mode.addItem(self.tr("Week"), _WEEK)
        self.combo_mode.setAccessibleName(self.tr("View"))
        self.combo_clinician = QComboBox()
        self.combo_clinician.setAccessibleName(self.tr("Clinician"))
        self.combo_clinician.setMinimumContentsLength(16)
        self.btn_book = QPushButton(self.tr("&Book…"))
        self.btn_book.setToolTip(self.tr("Book the selected free slot (Ctrl+N)"))
        self.btn_sheet = QPushButton(self.tr("Day &sheet…"))
        self.btn_ics = QPushButton(self.tr("E&xport week (.ics)…"))
        for button in (self.btn_prev, self.btn_next):
            button.setFixedWidth(36)
        self.btn_prev.setToolTip(self.tr("Previous day or week"))
        self.btn_next.setToolTip(self.tr("Next day or week"))
        bar = QHBoxLayout()
        bar.addWidget(self.btn_back)
        bar.addSpacing(12)
        for button in (self.btn_prev, self.btn_today, self.btn_next):
            bar.addWidget(button)
        bar.addWidget(self.label_date, 1)
        for text, combo in ((self.tr("&View:"), self.combo_mode),
                            (self.tr("C&linician:"), self.combo_clinician)):
            label = QLabel(text)
            label.setBuddy(combo)
            bar.addWidget(label)
            bar.addWidget(combo)
        bar.addSpacing(12)
        for button in (self.btn_book, self.btn_sheet, self.btn_ics):
            bar.addWidget(button)
        self.grid = DiaryGrid()
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.grid)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroll_area.setAccessibleName(self.tr("Diary"))
        self.scroll_area.verticalScrollBar().valueChanged.connect(self._scrolled)
        side = self._build_side()
        body = QHBoxLayout()
        body.addWidget(self.scroll_area, 1)
        body.addWidget(side)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addLayout(body, 1)
        self._connect()
        self._build_actions()
        self._poll = QTimer(self, interval=60_000)  # other workstations' bookings, the now line
        self._poll.timeout.connect(self._poll_reload)

    def _build_side(self) -> QWidget:
        side = QWidget()
        side.setFixedWidth(270)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        box = QGroupBox(self.tr("Selected appointment"))
        inner = QVBoxLayout(box)
        self.label_details = QLabel(self.tr("Nothing selected."))
        self.label_details.setWordWrap(True)
        self.label_details.setTextFormat(Qt.TextFormat.PlainText)
        self.label_details.setAccessibleName(self.tr("Appointment details"))
        self.label_details.setMinimumHeight(90)
        self.label_details.setAlignment(Qt.AlignmentFlag.AlignTop)
        inner.addWidget(self.label_details)
        self.btn_arrived = QPushButton(self.tr("Arrived"))
        self.btn_start = QPushButton(self.tr("Start session"))
        self.btn_done = QPushButton(self.tr("Done"))
        self.btn_dna = QPushButton(self.tr("Did not attend"))
        self.btn_cancel = QPushButton(self.tr("Cancel appointment…"))
        self.btn_chart = QPushButton(self.tr("Open chart"))
        grid = QHBoxLayout()
        grid.addWidget(self.btn_arrived)
        grid.addWidget(self.btn_start)
        inner.addLayout(grid)
        row2 = QHBoxLayout()
        row2.addWidget(self.btn_done)
        row2.addWidget(self.btn_dna)
        inner.addLayout(row2)
        inner.addWidget(self.btn_cancel)
        inner.addWidget(self.btn_chart)
        column.addWidget(box)
        wait = QGroupBox(self.tr("Waitlist"))
        wait_layout = QVBoxLayout(wait)
        self.list_waitlist = QListWidget()
        self.list_waitlist.setAccessibleName(self.tr("Waitlist"))
        self.list_waitlist.setWordWrap(True)
        self.list_waitlist.setAlternatingRowColors(True)
        self.list_waitlist.setSpacing(2)
        wait_layout.addWidget(self.list_waitlist, 1)
        wait_buttons = QHBoxLayout()
        self.btn_wait_add = QPushButton(self.tr("Add…"))
        self.btn_wait_add.setToolTip(self.tr("Put the selected appointment's patient on the "
                                             "waitlist"))
        self.btn_wait_book = QPushButton(self.tr("Book"))
        self.btn_wait_book.setToolTip(self.tr("Book the chosen waitlist patient at the selected "
                                              "free slot"))
        self.btn_wait_remove = QPushButton(self.tr("Remove"))
        self.btn_wait_remove.setToolTip(self.tr("Take the chosen patient off the waitlist"))
        for b in (self.btn_wait_add, self.btn_wait_book, self.btn_wait_remove):
            wait_buttons.addWidget(b)
        wait_layout.addLayout(wait_buttons)
        column.addWidget(wait, 1)
        self.label_legend = QLabel(self.tr("Keys: arrows move · Enter opens · Ctrl+N books · "
                                           "Menu key or right-click for actions"))
        self.label_legend.setWordWrap(True)
        self.label_legend.setStyleSheet("color: #5D6D7E;")
        column.addWidget(self.label_legend)
        return side

    def _connect(self) -> None:
        self.btn_back.clicked.connect(self.back_requested.emit)
        self.btn_prev.clicked.connect(lambda: self.shift(-1))
        self.btn_next.clicked.connect(lambda: self.shift(1))
        self.btn_today.clicked.connect(lambda: self.go_to(self.ctx.today()))
        self.combo_mode.currentIndexChanged.connect(lambda _i: self._mode_changed())
        self.combo_clinician.currentIndexChanged.connect(lambda _i: self.reload())
        self.grid.selection_changed.connect(self._show_selection)
        self.ctx.bus.changed.connect(self._on_changes)

    # -- navigation ----------------------------------------------------------------------

    def activate(self) -> None:
        """Shown: the first time, a clinician starts on their own next patient."""
        if not self._started:
            self._started = True
            actor = self.ctx.actor
            if actor is not None and actor.role is Role.CLINICIAN:
                self._select_next = True
            self._load_clinicians()
        else:
            self.reload()
        self._poll.start()
        self.grid.setFocus()

    def polling(self) -> bool:
        """Whether the minute's refresh is running (only while the diary is on screen)."""
        return self._poll.isActive()

    def deactivate(self) -> None:
        """Hidden: stop polling."""
        self._poll.stop()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Back on screen (restored, unlocked): the minute's refresh runs again."""
        super().showEvent(event)
        if self._started:
            self._poll.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        """A closed, locked or replaced window polls nothing."""
        self._poll.stop()
        super().hideEvent(event)

    def _load_clinicians(self) -> None:
        self.ctx.reads.submit(self.ctx.services.diary.clinicians, self._set_clinicians,
                              self.show_error)

    def _set_clinicians(self, clinicians: list[ClinicianRow]) -> None:
        self.clinicians = clinicians
        actor = self.ctx.actor
        self.combo_clinician.blockSignals(True)
        self.combo_clinician.clear()
        self.combo_clinician.addItem(self.tr("Whole practice"), None)
        for c in clinicians:
            self.combo_clinician.addItem(c.name, c.id)
        own = self.combo_clinician.findData(actor.user_id) if actor is not None else -1
        if self._select_next and own >= 0:
            self.combo_clinician.setCurrentIndex(own)
        self.combo_clinician.blockSignals(False)
        self.reload()

    def clinician_id(self) -> int | None:
        """The clinician shown, or None for the whole practice."""
        data = self.combo_clinician.currentData()
        return int(data) if data is not None else None

    def first_day(self) -> date:
        """The first day shown (the Monday in week view)."""
        return self.day - timedelta(days=self.day.weekday()) if self.mode == _WEEK else self.day

    def shift(self, steps: int) -> None:
        """Previous or next day or week."""
        self.go_to(self.day + timedelta(days=steps * (7 if self.mode == _WEEK else 1)))

    def go_to(self, day: date) -> None:
        """Show the day (or its week)."""
        self.day = day
        self.reload()

    def set_mode(self, mode: str) -> None:
        """Day or week."""
        self.combo_mode.setCurrentIndex(self.combo_mode.findData(mode))

    def _mode_changed(self) -> None:
        self.mode = str(self.combo_mode.currentData())
        self.reload()

    def reload(self) -> None:
        """Read the shown days again (in the background; only the newest answer counts)."""
        self._read_page(self.show_error)

    def _poll_reload(self) -> None:
        """The minute's refresh: a failure is a note in the status bar, never a box that
        stacks up every minute while the server is away."""
        if self.isVisible():
            self._read_page(self._poll_failed)

    def _poll_failed(self, exc: BaseException) -> None:
        self.status_message(self.tr("The diary could not be refreshed: {0} It tries again "
                                    "in a minute.").format(describe(exc)))

    def _read_page(self, on_failed: Callable[[BaseException], None]) -> None:
        actor = self.ctx.actor
        if actor is None:
            return
        self.ctx.reads.cancel(self._job)
        days = 7 if self.mode == _WEEK else 1
        self._job = self.ctx.reads.submit(
            partial(self.ctx.services.diary.page, actor, self.first_day(), days,
                    self.clinician_id(), with_waitlist=True), self._show_page, on_failed)

    # -- showing -------------------------------------------------------------------------

    def _show_page(self, page: DiaryPage) -> None:
        self.page = page
        first = page.first_day
        if page.days == 1:
            self.label_date.setText(day_text(first, "dddd d MMMM yyyy"))
        else:
            last = first + timedelta(days=page.days - 1)
            self.label_date.setText(self.tr("Week of {0} – {1}").format(
                day_text(first, "d MMM"), day_text(last, "d MMM yyyy")))
        placed = place_rows(page.rows)
        self.grid.set_content(self._columns(page, placed), page.rows, self.ctx.clock.now(),
                              placed)
        pending = self._pending_select
        if pending is not None and self.grid.row(pending) is not None:
            self._pending_select = None
            self.grid.select_appointment(pending)
        self._show_selection()
        if self._select_next:
            self._select_next = False
            self._go_to_next_patient()
        self._show_waitlist(page.waitlist)  # read with the page: one read, not two
        self.loaded.emit()

    def _columns(self, page: DiaryPage, placed: Placed) -> list[Column]:
        days = [page.first_day + timedelta(days=i) for i in range(page.days)]
        busy = {day for day, _clinician in placed}
        default = WorkingHours()
        if page.days > 1:  # a week hides days nobody works and nothing is booked
            days = [d for d in days if d in busy or any(
                page.hours.get(c.id, default).hours[d.weekday()] for c in page.clinicians)]
        single = len(page.clinicians) == 1
        booked: Counter[date] = Counter()
        for (day, _clinician), (_minutes, items) in placed.items():
            booked[day] += len(items)
        columns = []
        for d in days:
            label = day_text(d)
            for c in page.clinicians:
                title, subtitle = (label, c.name) if page.days > 1 else (c.name, label)
                if single and page.days > 1:  # one clinician's week: how full each day is
                    subtitle = self.tr("{0} booked").format(booked.get(d, 0))
                columns.append(Column(d, c.id, title, subtitle, page.hours.get(c.id, default)))
        return columns

    def _go_to_next_patient(self) -> None:
        actor = self.ctx.actor
        if actor is None:
            return
        self.ctx.reads.submit(partial(self.ctx.services.diary.next_appointment, actor,
                                      actor.user_id), self._select_row, self.show_error)

    def _select_row(self, row: AppointmentRow | None) -> None:
        if row is None or self.grid.row(row.id) is None:
            return
        self.grid.select_appointment(row.id)
        rect = self.grid.block_rect(row.id)
        self.scroll_area.ensureVisible(rect.center().x(), rect.top(), 40, HEADER_H + 60)

    def _scrolled(self, value: int) -> None:
        self.grid.header_top = value
        self.grid.update()

    def _show_waitlist(self, rows: tuple[WaitlistRow, ...]) -> None:
        if list(rows) == self.waitlist_rows and self.list_waitlist.count() == len(rows):
            return  # unchanged since the last read: keep the list and its current entry
        self.waitlist_rows = list(rows)
        self.list_waitlist.clear()
        for w in rows:
            prefer = w.clinician or self.tr("any clinician")
            text = f"{w.patient_name} · {prefer}" + (f"\n{w.note}" if w.note else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, w.id)
            self.list_waitlist.addItem(item)

    def _on_changes(self, changes: Changes, initiator: object) -> None:
        if initiator is not self and self.isVisible() and (changes.visits or changes.patients):
            self.reload()
