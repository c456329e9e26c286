"""Practice → Outcomes…: what the practice's care achieves, for a period and a group of episodes.

The figures are worked out by the database in the background (the window stays responsive, and
Cancel drops a result still coming); the table gives every share with its denominator, and the
charts load pyqtgraph only when this window first opens.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from clinic_app.domain.caseload import NOT_RECORDED, TOO_FEW, TOO_FEW_TEXT, Presentation
from clinic_app.domain.caseload_figures import (
    TABLE_HEADER,
    CaseloadFilter,
    CaseloadReport,
    denominator_text,
    measure_cells,
    summary_lines,
)
from clinic_app.services.caseload import CaseloadService, ClinicianOption, write_csv, write_pdf
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe

logger = logging.getLogger(__name__)
PathChooser = Callable[[QWidget, str, str, str], str]


def _save_file_name(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path


def year_before(day: date) -> date:
    """The first day of the twelve months ending on ``day``."""
    try:
        return day.replace(year=day.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28) + timedelta(days=1)


class MeasureTableModel(QAbstractTableModel):
    """One row per measure: rule, completion, denominators, reached, median."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[list[str]] = []
        self._tips: list[str] = []

    def set_report(self, report: CaseloadReport | None) -> None:
        """Show ``report``'s measures (none while nothing is worked out)."""
        self.beginResetModel()
        measures = report.measures if report is not None else ()
        self._rows = [measure_cells(m, report) for m in measures] if report is not None else []
        self._tips = [denominator_text(m, report.episodes) for m in measures] if report else []
        self.endResetModel()

    @override
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    @override
    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(TABLE_HEADER)

    @override
    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips[index.row()] or None
        return None

    @override
    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return TABLE_HEADER[section]
        return None


class OutcomesDialog(QDialog):
    """Filters, the caseload summary, a table of measures, two charts, CSV and PDF export."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._service = CaseloadService(ctx.services.db)
        self.choose_path: PathChooser = _save_file_name  # tests put a chooser here
        self.report: CaseloadReport | None = None
        self._job: int | None = None
        self._clinicians: list[ClinicianOption] = []
        self.setWindowTitle(self.tr("Caseload outcomes"))
        today = ctx.today()
        self.edit_from = self._date(self.tr("Episodes started from"), year_before(today))
        self.edit_to = self._date(self.tr("to"), today)
        self.combo_clinician = self._combo(self.tr("Clinician (first visit)"),
                                           [(self.tr("All clinicians"), None)])
        self.combo_presentation = self._combo(self.tr("Presentation"), [
            (self.tr("All presentations"), None), *((p.label, p) for p in Presentation)])
        self.combo_startback = self._combo(self.tr("STarT Back group (first)"), [
            (self.tr("Any"), None), (self.tr("Low risk"), "low"), (self.tr("Medium risk"), "medium"),
            (self.tr("High risk"), "high"), (self.tr("Not recorded"), NOT_RECORDED)])
        # Two rows of filters, so the table and both charts fit a 1366×768 screen.
        filters = QGridLayout()
        dates = QHBoxLayout()
        dates.addWidget(self.edit_from)
        label_to = QLabel(self.tr("to"))
        label_to.setBuddy(self.edit_to)
        dates.addWidget(label_to)
        dates.addWidget(self.edit_to)
        dates.addStretch(1)
        for row, column, text, field in (
                (0, 0, self.tr("Episodes started &from:"), dates),
                (0, 2, self.tr("&Clinician (first visit):"), self.combo_clinician),
                (1, 0, self.tr("&Presentation:"), self.combo_presentation),
                (1, 2, self.tr("STarT &Back group (first):"), self.combo_startback)):
            caption = QLabel(text)
            filters.addWidget(caption, row, column)
            if isinstance(field, QWidget):
                caption.setBuddy(field)
                filters.addWidget(field, row, column + 1)
            else:
                caption.setBuddy(self.edit_from)
                filters.addLayout(field, row, column + 1)
        filters.setColumnStretch(1, 1)
        filters.setColumnStretch(3, 1)
        filters.setHorizontalSpacing(10)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(self.tr("Working out the figures"))
        self.progress.setVisible(False)
        self.label_status = QLabel()
        self.label_status.setWordWrap(True)
        self.label_status.setAccessibleName(self.tr("Outcome status"))
        self.btn_cancel = QPushButton(self.tr("Cancel"))
        self.btn_cancel.setVisible(False)
        self.summary = QFormLayout()
        self.summary_values: dict[str, QLabel] = {}
        for label, _value in summary_lines(_empty_report(today)):
            value = QLabel("—")
            value.setWordWrap(True)
            value.setAccessibleName(label)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.summary_values[label] = value
            self.summary.addRow(QLabel(label + ":"), value)
        self.model = MeasureTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Outcome measures"))
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(190)
        self.label_note = QLabel(self.tr(
            "Baseline is the first value recorded in an episode and the follow-up the last, as on "
            "each patient's Progress tab. A change is judged only where both exist, and never from a "
            "baseline below the meaningful change. Shares and medians need at least {0} episodes; "
            "below that the table says \"{1}\".").format(TOO_FEW, TOO_FEW_TEXT))
        self.label_note.setWordWrap(True)
        self.combo_measure = QComboBox()
        self.combo_measure.setAccessibleName(self.tr("Changes of"))
        self.combo_measure.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.charts: Any = None
        self.chart_area = QVBoxLayout()
        self.btn_csv = QPushButton(self.tr("Export &CSV…"))
        self.btn_pdf = QPushButton(self.tr("Save P&DF report…"))
        self.btn_close = QPushButton(self.tr("Close"))
        for button in (self.btn_csv, self.btn_pdf):
            button.setEnabled(False)
        status = QHBoxLayout()
        status.addWidget(self.progress, 1)
        status.addWidget(self.btn_cancel)
        measure_row = QHBoxLayout()
        label_measure = QLabel(self.tr("Changes &of:"))
        label_measure.setBuddy(self.combo_measure)
        measure_row.addWidget(label_measure)
        measure_row.addWidget(self.combo_measure)
        measure_row.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.btn_csv)
        buttons.addWidget(self.btn_pdf)
        buttons.addStretch(1)
        buttons.addWidget(self.btn_close)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(status)
        layout.addWidget(self.label_status)
        layout.addLayout(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(self.label_note)
        layout.addLayout(measure_row)
        layout.addLayout(self.chart_area, 1)
        layout.addLayout(buttons)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.refresh)
        for edit in (self.edit_from, self.edit_to):
            edit.dateChanged.connect(self._timer.start)
        for combo in (self.combo_clinician, self.combo_presentation, self.combo_startback):
            combo.currentIndexChanged.connect(self._timer.start)
        self.combo_measure.currentIndexChanged.connect(self._draw)
        self.btn_cancel.clicked.connect(self.cancel)
        self.btn_csv.clicked.connect(self.export_csv)
        self.btn_pdf.clicked.connect(self.save_pdf)
        self.btn_close.clicked.connect(self.reject)
        self.resize(1280, 860)
        ctx.reads.submit(partial(self._service.clinicians, ctx.require_actor()), self._add_clinicians,
                         self._failed)
        self.refresh()

    # -- building ------------------------------------------------------------------------

    def _date(self, name: str, day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setAccessibleName(name)
        return edit

    def _combo(self, name: str, items: list[tuple[str, object]]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        for text, value in items:
            combo.addItem(text, value)
        return combo

    def _add_clinicians(self, options: list[ClinicianOption]) -> None:
        self._clinicians = options
        for option in options:
            self.combo_clinician.addItem(option.name, option.id)

    # -- the figures ---------------------------------------------------------------------

    def wanted(self) -> CaseloadFilter:
        """The filter as the widgets show it."""
        start, end = self.edit_from.date(), self.edit_to.date()
        return CaseloadFilter(date(start.year(), start.month(), start.day()),
                              date(end.year(), end.month(), end.day()),
                              self.combo_clinician.currentData(),
                              self.combo_presentation.currentData(), self.combo_startback.currentData())

    def refresh(self) -> None:
        """Work the figures out again in the background (a result still coming is dropped)."""
        self._ctx.reads.cancel(self._job)
        self.progress.setVisible(True)
        self.btn_cancel.setVisible(True)
        self.label_status.setText(self.tr("Working out the figures…"))
        self._job = self._ctx.reads.submit(
            partial(self._service.indicators, self._ctx.require_actor(), self.wanted()),
            self._show, self._failed)

    def busy(self) -> bool:
        """True while figures are being worked out."""
        return self._job is not None

    def cancel(self) -> None:
        """Stop waiting for the figures; the last ones shown stay."""
        self._ctx.reads.cancel(self._job)
        self._job = None
        self._idle()
        if self.report is not None:
            self.label_status.setText(self.tr("Cancelled: the figures shown are from the last "
                                              "update."))
        else:
            self.label_status.setText(self.tr("Cancelled: change a filter to try again."))

    def _idle(self) -> None:
        self.progress.setVisible(False)
        self.btn_cancel.setVisible(False)

    def _show(self, report: CaseloadReport) -> None:
        self._job = None
        self._idle()
        self.report = report
        if report.episodes == 0:
            self.label_status.setText(self.tr("No episode started in this period matches the filters."))
        elif report.too_few:
            self.label_status.setText(self.tr(
                "{0} episodes match: too few episodes to compare (shares and medians need at least "
                "{1}).").format(report.episodes, TOO_FEW))
        else:
            self.label_status.setText(self.tr("{0} episodes match.").format(report.episodes))
        for label, value in summary_lines(report):
            self.summary_values[label].setText(value)
        self.model.set_report(report)
        self.table.resizeRowsToContents()
        key = self.combo_measure.currentData()
        self.combo_measure.blockSignals(True)
        self.combo_measure.clear()
        for m in report.measures:
            if m.is_change_measure:
                self.combo_measure.addItem(m.label, m.key)
        found = self.combo_measure.findData(key)
        self.combo_measure.setCurrentIndex(max(found, 0))
        self.combo_measure.blockSignals(False)
        for button in (self.btn_csv, self.btn_pdf):
            button.setEnabled(True)
        self._draw()

    def _draw(self) -> None:
        if self.report is None:
            return
        if self.charts is None:
            from clinic_app.ui.plots.caseload_charts import CaseloadCharts

            self.charts = CaseloadCharts(self)
            self.charts.setMinimumHeight(200)
            self.chart_area.addWidget(self.charts)
        self.charts.show_report(self.report, self.combo_measure.currentData() or "nprs_back")

    def _failed(self, exc: BaseException) -> None:
        self._job = None
        self._idle()
        self.label_status.setText(describe(exc, {"start": self.tr("Episodes started from"),
                                                 "end": self.tr("to")}))

    # -- export --------------------------------------------------------------------------

    def _clinician_name(self) -> str:
        chosen = self.combo_clinician.currentData()
        return next((c.name for c in self._clinicians if c.id == chosen), "")

    def export_csv(self) -> None:
        """Save the figures as CSV (written in the background)."""
        report = self.report
        if report is None:
            return
        path = self.choose_path(self, self.tr("Export CSV"), "caseload-outcomes.csv",
                                self.tr("CSV (*.csv)"))
        if not path:
            return
        self.label_status.setText(self.tr("Saving…"))
        self._ctx.reads.submit(partial(write_csv, report, Path(path), self._clinician_name()),
                               lambda _none: self._saved(path), self._failed)

    def save_pdf(self) -> None:
        """Save the PDF report on the practice letterhead (made in the background)."""
        report = self.report
        if report is None:
            return
        path = self.choose_path(self, self.tr("Save PDF report"), "caseload-outcomes.pdf",
                                self.tr("PDF (*.pdf)"))
        if not path:
            return
        self.label_status.setText(self.tr("Making the report…"))
        branding = self._ctx.services.branding
        today = self._ctx.today()
        self._ctx.reads.submit(
            lambda: write_pdf(report, branding.get(), Path(path), self._clinician_name(), today),
            lambda _pages: self._saved(path), self._failed)

    def _saved(self, path: str) -> None:
        self.label_status.setText(self.tr("Saved to {0}.").format(path))


def _empty_report(today: date) -> CaseloadReport:
    return CaseloadReport(CaseloadFilter(today, today), 0, 0, 0, None, 0, 0, 0, 0, 0, 0, None)
