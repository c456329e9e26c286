"""The patient list: search-as-you-type run off the GUI thread, keyset-paged.

A keystroke searches at once when no search is running; keystrokes that arrive while one runs
are coalesced into a single search for the latest text when it returns, so results follow
typing without a fixed delay and the database never sees a queue of stale searches.

Enter acts only on the results of the text in the box: pressed while a search is still running
(a barcode scanner types a chart number and Enter in one burst), it waits for the search of that
text, and a row whose chart number is exactly what was typed wins over the list order. It never
opens a row of an earlier search's list.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.patients import parse_chart_number
from clinic_app.services.context import Changes
from clinic_app.services.dto import PatientCursor, PatientPage, PatientRow
from clinic_app.services.patients import PatientQuery
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe
from clinic_app.ui.models.patient_list_model import PATIENT_ID_ROLE, PatientListModel
from clinic_app.ui.widgets.tables import HEADER_PADDING, configure_table

logger = logging.getLogger(__name__)

# "Searching…" appears only for a search slower than this: most take a few milliseconds, and
# changing the label on every keystroke would re-lay out and repaint the window for nothing.
SLOW_SEARCH_MS = 250
NAME_SAMPLE = "Mensah-Owusu, Kwame"  # the Name column always shows a name this long in full


def best_match(rows: Sequence[PatientRow], text: str) -> int:
    """The row Enter opens for ``text``: the exact chart number typed, else the first; -1 if none.

    Digits also match phone numbers and name order may put another patient first, so a typed
    chart number must win over the list order.
    """
    if not rows:
        return -1
    chart = parse_chart_number(text)
    return next((i for i, row in enumerate(rows) if row.chart_number == chart), 0)


class PatientListView(QWidget):
    """Search box, 'Show archived' switch and the table of matching patients."""

    patient_activated = Signal(int)
    new_patient_requested = Signal()
    #: A search's first page is in the table (the number of rows listed).
    page_shown = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._search_job: int | None = None
        self._more_job: int | None = None
        self._pending_select: int | None = None
        self._stale = False  # the text changed while a search was running
        self._running: PatientQuery | None = None  # the search in the background
        self._listed: PatientQuery | None = None  # the search whose rows the table shows
        self._open_when_listed: PatientQuery | None = None  # Enter pressed before its results

        self.edit_search = QLineEdit()
        self.edit_search.setPlaceholderText(self.tr("Name, chart no., phone or date of birth"))
        self.edit_search.setAccessibleName(self.tr("Find patient"))
        self.edit_search.setClearButtonEnabled(True)
        self.check_archived = QCheckBox(self.tr("Show archived"))
        self.check_archived.setChecked(ctx.settings.show_archived)
        self.btn_new = QPushButton(self.tr("New patient…"))
        self.label_status = QLabel()
        self.label_status.setAccessibleName(self.tr("Search status"))

        self.model = PatientListModel(ctx.today(), self)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Patients"))
        self.table.setModel(self.model)
        # Names stay readable whatever the chart beside needs: the list keeps room for the chart
        # number and a double-barrelled name; a narrower list drops Phone, Age, then Date of
        # birth (all in the chart header) rather than cut a name or show half a number.
        configure_table(self.table, {0: 82, 2: 86, 3: 38, 4: 108}, stretch=1,
                        stretch_min_text=NAME_SAMPLE, droppable=(4, 3, 2))
        name = self.table.fontMetrics().horizontalAdvance(NAME_SAMPLE) + HEADER_PADDING
        self.setMinimumWidth(self.table.columnWidth(0) + name + 2 * self.table.frameWidth()
                             + self.table.verticalScrollBar().sizeHint().width() + 16)

        top = QHBoxLayout()
        top.addWidget(self.edit_search, 1)
        top.addWidget(self.btn_new)
        bottom = QHBoxLayout()
        bottom.addWidget(self.check_archived)
        bottom.addStretch(1)
        bottom.addWidget(self.label_status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self._slow = QTimer(self)
        self._slow.setSingleShot(True)
        self._slow.setInterval(SLOW_SEARCH_MS)
        self._slow.timeout.connect(lambda: self.label_status.setText(self.tr("Searching…")))
        self.edit_search.textChanged.connect(self._text_changed)
        self.edit_search.returnPressed.connect(self._enter_pressed)
        self.check_archived.toggled.connect(self._archived_toggled)
        self.btn_new.clicked.connect(self.new_patient_requested)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.more_requested.connect(self._fetch_more)
        ctx.bus.changed.connect(self._on_changes)

    # -- searching -----------------------------------------------------------------------

    def query(self, after: PatientCursor | None = None) -> PatientQuery:
        """The search the widgets describe."""
        return PatientQuery(text=self.edit_search.text(),
                            include_archived=self.check_archived.isChecked(), after=after)

    def _text_changed(self) -> None:
        self._open_when_listed = None  # Enter was for the text before this change
        if self._search_job is None:
            self.refresh()
        else:
            self._stale = True

    @property
    def searching(self) -> bool:
        """True until the results for the text in the box are listed."""
        return self._search_job is not None

    def refresh(self, select_id: int | None = None) -> None:
        """Run the search now (in the background); results replace the list."""
        self._stale = False
        self._pending_select = select_id
        self._ctx.reads.cancel(self._search_job)
        self._ctx.reads.cancel(self._more_job)
        self._slow.start()
        self._running = self.query()
        self._search_job = self._ctx.reads.submit(
            partial(self._ctx.services.patients.search, self._running),
            self._show_page, self._show_error)

    def _search_again_if_stale(self) -> bool:
        """After a search returns: if the text changed meanwhile, search for it now."""
        self._search_job = None
        self._slow.stop()
        if self._stale:
            self.refresh(self._pending_select)
        return self._search_job is not None

    def _show_page(self, page: PatientPage) -> None:
        if self._search_again_if_stale():
            return
        self._listed = self._running
        self.model.set_page(page)
        self._update_status()
        if self._pending_select is not None:
            self.select_patient(self._pending_select)
            self._pending_select = None
        wanted, self._open_when_listed = self._open_when_listed, None
        if wanted is not None and wanted == self._listed:
            self._open_match()
        self.page_shown.emit(self.model.rowCount())

    def _fetch_more(self, cursor: PatientCursor) -> None:
        self._more_job = self._ctx.reads.submit(
            partial(self._ctx.services.patients.search, self.query(after=cursor)),
            self._append_page, self._show_error)

    def _append_page(self, page: PatientPage) -> None:
        self._more_job = None
        self.model.append_page(page)
        self._update_status()

    def _update_status(self) -> None:
        count = self.model.rowCount()
        more = "+" if self.model.canFetchMore() else ""
        if count == 0:
            text = self.tr("No patients match") if self.edit_search.text().strip() \
                else self.tr("No patients yet")
        else:
            text = self.tr("%n patient(s)", "", count) + more
        self.label_status.setText(text)

    def _show_error(self, exc: BaseException) -> None:
        if self._search_again_if_stale():
            return
        self._listed = None
        self._open_when_listed = None
        self.label_status.setText(describe(exc))

    # -- selection -----------------------------------------------------------------------

    def select_patient(self, patient_id: int) -> bool:
        """Select the row of ``patient_id`` if it is listed."""
        row = self.model.row_of(patient_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def focus_search(self) -> None:
        """Put the cursor in the search box, selecting what was typed."""
        self.edit_search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit_search.selectAll()

    def _current_changed(self, current: object, _previous: object) -> None:
        from PySide6.QtCore import QModelIndex

        if isinstance(current, QModelIndex) and current.isValid():
            self.patient_activated.emit(int(current.data(PATIENT_ID_ROLE)))

    def _activated(self, index: object) -> None:
        from PySide6.QtCore import QModelIndex

        if isinstance(index, QModelIndex) and index.isValid():
            self.patient_activated.emit(int(index.data(PATIENT_ID_ROLE)))

    def _enter_pressed(self) -> None:
        """Open the match for the text in the box, waiting for its search if need be."""
        wanted = self.query()
        if not self.searching and self._listed == wanted:
            self._open_match()
            return
        self._open_when_listed = wanted
        if not self.searching:
            self.refresh()

    def _open_match(self) -> None:
        """Open the row of the chart number typed, else the first row of the listed results."""
        rows = [self.model.row_at(r) for r in range(self.model.rowCount())]
        row = best_match(rows, self._listed.text if self._listed is not None else "")
        if row < 0:
            return
        patient_id = self.model.row_at(row).id
        if self.table.currentIndex().row() == row:
            self.patient_activated.emit(patient_id)  # already selected: reopen it all the same
        else:
            self.select_patient(patient_id)
        self.table.setFocus()

    def _archived_toggled(self, checked: bool) -> None:
        self._ctx.settings.show_archived = checked
        self.refresh()

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.records:
            self.refresh(select_id=changes.created_id if changes.entity == "patient" else None)
