"""The Handouts tab: preview a document from the chart, print or save it, reprint what was given."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.services.dto import PatientDetails
from clinic_app.services.handouts import HandoutKind, HandoutResult, HandoutRow
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe
from clinic_app.ui.operations import read, write
from clinic_app.ui.views.printing.pdf_output import PdfBytes, print_pdf
from clinic_app.ui.widgets.tables import configure_table
from clinic_app.ui.widgets.titled_list import use_titled_items

logger = logging.getLogger(__name__)

KIND_TEXT: dict[HandoutKind, tuple[str, str]] = {
    HandoutKind.EXERCISES: (
        QT_TRANSLATE_NOOP("HandoutsTab", "Home exercise programme"),
        QT_TRANSLATE_NOOP("HandoutsTab", "The current plan with drawings, doses, a weekly tick log, "
                          "pain rules and safety-net advice"),
    ),
    HandoutKind.RETURN_TO_RUN: (
        QT_TRANSLATE_NOOP("HandoutsTab", "Return-to-run schedule"),
        QT_TRANSLATE_NOOP("HandoutsTab", "Walk/run stages with planned dates, the 24-hour rule and a "
                          "log table"),
    ),
    HandoutKind.RETURN_TO_PERFORMANCE: (
        QT_TRANSLATE_NOOP("HandoutsTab", "Return to full running"),
        QT_TRANSLATE_NOOP("HandoutsTab", "After walk/run: distance, then speed, then hills; stride and"
                          " shoes; a weekly log"),
    ),
    HandoutKind.EDUCATION_SIJ: (
        QT_TRANSLATE_NOOP("HandoutsTab", "About SI joint pain"),
        QT_TRANSLATE_NOOP("HandoutsTab", "Education handout"),
    ),
    HandoutKind.EDUCATION_DISC: (
        QT_TRANSLATE_NOOP("HandoutsTab", "About disc problems and sciatica"),
        QT_TRANSLATE_NOOP("HandoutsTab", "Education handout"),
    ),
    HandoutKind.EDUCATION_RUNNING: (
        QT_TRANSLATE_NOOP("HandoutsTab", "Low back pain and running"),
        QT_TRANSLATE_NOOP("HandoutsTab", "Education handout"),
    ),
    HandoutKind.EDUCATION_DOCTOR: (
        QT_TRANSLATE_NOOP("HandoutsTab", "When to see a doctor"),
        QT_TRANSLATE_NOOP("HandoutsTab", "Imaging and nerve tests explained"),
    ),
    HandoutKind.PROGRESS_LETTER: (
        QT_TRANSLATE_NOOP("HandoutsTab", "Progress letter to the referrer"),
        QT_TRANSLATE_NOOP("HandoutsTab", "Findings, outcome measures with graphs, current plan; for "
                          "clinicians"),
    ),
    HandoutKind.EXAM: (
        QT_TRANSLATE_NOOP("HandoutsTab", "Examination summary"),
        QT_TRANSLATE_NOOP("HandoutsTab", "The latest exam and its interpretation"),
    ),
}


def ask_printer(parent: QWidget) -> QPrinter | None:
    """The system print dialog; ``None`` when cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


class HandoutsTab(QWidget):
    """Preview first; printing or saving keeps the exact document in the chart."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.details: PatientDetails | None = None
        self.preview_kind: HandoutKind | None = None
        self.preview: PdfBytes | None = None
        self._rows: list[HandoutRow] = []
        self._history_stale = False  # the patient changed while the tab was hidden
        self.list_kinds = QListWidget()
        self.list_kinds.setAccessibleName(self.tr("Documents"))
        self.list_kinds.setWordWrap(True)  # each document's description wraps, never cut off
        use_titled_items(self.list_kinds)  # the document's name bold, what it is below it
        for kind, (title, blurb) in KIND_TEXT.items():
            item = QListWidgetItem(QCoreApplication.translate("HandoutsTab", title) + "\n"
                                   + QCoreApplication.translate("HandoutsTab", blurb))
            item.setData(Qt.ItemDataRole.UserRole, kind.value)
            self.list_kinds.addItem(item)
        self.list_kinds.setCurrentRow(0)
        self.btn_preview = QPushButton(self.tr("Preview"))
        self.btn_print = QPushButton(self.tr("Print…"))
        self.btn_save = QPushButton(self.tr("Save as PDF…"))
        self.label_status = QLabel()
        self.label_status.setWordWrap(True)
        self.label_status.setAccessibleName(self.tr("Handout status"))
        self.view = QPdfView()
        self.view.setAccessibleName(self.tr("Preview"))
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        # until a preview is made (and again when another document or patient is chosen), the
        # pane says how to make one: never an empty grey pane, never the previous document
        self.label_hint = QLabel()
        self.label_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label_hint.setWordWrap(True)
        self.label_hint.setStyleSheet("color: #5D6D7E; padding: 24px;")
        self.preview_pane = QStackedWidget()
        self.preview_pane.addWidget(self.label_hint)
        self.preview_pane.addWidget(self.view)
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName(self.tr("Handed out"))
        self.table.setHorizontalHeaderLabels([self.tr("When"), self.tr("Document"), self.tr("By"),
                                              self.tr("Pages")])
        # the document's title stays readable: a narrow table drops Pages, then By, instead
        configure_table(self.table, {0: 120, 2: 100, 3: 50}, stretch=1,
                        stretch_min_text="Home exercise programme", droppable=(3, 2))
        self.btn_reprint = QPushButton(self.tr("Reprint exactly…"))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list_kinds, 2)
        buttons = QHBoxLayout()
        for button in (self.btn_preview, self.btn_print, self.btn_save):
            buttons.addWidget(button)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.label_status)
        label_table = QLabel(self.tr("Handed out:"))
        label_table.setBuddy(self.table)
        left_layout.addWidget(label_table)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.btn_reprint)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.preview_pane)
        splitter.setSizes([440, 560])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.btn_preview.clicked.connect(self.show_preview)
        self.btn_print.clicked.connect(self.print_current)
        self.btn_save.clicked.connect(self.save_current)
        self.btn_reprint.clicked.connect(self.reprint_selected)
        self.list_kinds.itemDoubleClicked.connect(lambda _i: self.show_preview())
        self.list_kinds.currentRowChanged.connect(lambda _row: self._clear_preview())
        self._clear_preview()

    def kind(self) -> HandoutKind:
        """The document chosen in the list."""
        item = self.list_kinds.currentItem()
        return HandoutKind(item.data(Qt.ItemDataRole.UserRole) if item else HandoutKind.EXERCISES)

    def set_patient(self, details: PatientDetails | None) -> None:
        """Follow the chart's patient."""
        changed = details is None or self.details is None or details.id != self.details.id
        self.details = details
        if changed:
            self._clear_preview()
            self.label_status.setText("")
            self._history_stale = True
            if self.isVisible():  # else read when the tab is first shown
                self.refresh_history()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Read the documents handed out the first time the patient's tab is shown."""
        super().showEvent(event)
        if self._history_stale:
            self.refresh_history()

    def refresh_history(self) -> None:
        """Reload the list of documents handed out."""
        self._history_stale = False
        if self.details is None:
            self.table.setRowCount(0)
            return
        self._ctx.reads.submit(partial(self._ctx.services.handouts.history, self.details.id),
                               self._show_history, self._failed)

    def _show_history(self, rows: list[HandoutRow]) -> None:
        self._rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate((row.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                                      row.title, row.created_by, str(row.pages))):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def _render(self, record: bool, then: object) -> None:
        if self.details is None:
            return
        episode = self.details.open_episode or (self.details.episodes[0]
                                                if self.details.episodes else None)
        self.label_status.setText(self.tr("Preparing the document…"))
        runner = self._ctx.writes if record else self._ctx.reads  # recording writes to the chart
        runner.submit(
            partial(self._ctx.services.handouts.render, self._ctx.require_actor(), self.details.id,
                    self.kind(), episode_id=episode.id if episode else None, record=record,
                    today=self._ctx.today()), then, self._failed)  # type: ignore[arg-type]

    def show_preview(self) -> None:
        """Render the chosen document (not yet recorded) and show it."""
        self._render(False, partial(self._show_preview, self.kind(),
                                    self.details.id if self.details else None))

    def _clear_preview(self) -> None:
        """Back to the hint: nothing previewed for the document and patient now chosen."""
        self.preview = None
        self.view.setDocument(None)  # type: ignore[arg-type]
        title = KIND_TEXT[self.kind()][0]
        self.label_hint.setText(self.tr("Press Preview (or double-click a document) to see "
                                        "“{0}” before printing it.").format(
            QCoreApplication.translate("HandoutsTab", title)))
        self.preview_pane.setCurrentWidget(self.label_hint)

    def _show_preview(self, kind: HandoutKind, patient_id: int | None,
                      result: HandoutResult) -> None:
        if kind != self.kind() or self.details is None or self.details.id != patient_id:
            return  # another document or patient was chosen while this one was made
        self.preview = PdfBytes(result.pdf, self)
        self.view.setDocument(self.preview.document)
        self.preview_pane.setCurrentWidget(self.view)
        self.label_status.setText(self.tr("{0}: {1} page(s). Print or save it to hand it out.").format(
            result.title, result.pages))

    def print_current(self) -> None:
        """Print the chosen document and keep it in the chart."""
        printer = ask_printer(self)
        if printer is not None:
            self._render(True, partial(self._print, printer))

    def _print(self, printer: QPrinter, result: HandoutResult) -> None:
        try:
            pages = print_pdf(result.pdf, printer)
        except OSError as exc:
            self.label_status.setText(str(exc))
            return
        self.label_status.setText(self.tr("Printed {0} ({1} pages); kept in the chart.").format(
            result.title, pages))
        self.refresh_history()

    def save_current(self) -> None:
        """Save the chosen document as a PDF file and keep it in the chart."""
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save as PDF"),
                                              f"{self.kind().value}.pdf", self.tr("PDF (*.pdf)"))
        if path:
            self._render(True, partial(self._save, path))

    def _save(self, path: str, result: HandoutResult) -> None:
        self._ctx.services.handouts.save_copy(result, Path(path))
        self.label_status.setText(self.tr("Saved {0} to {1}; kept in the chart.").format(
            result.title, path))
        self.refresh_history()

    def reprint_selected(self) -> None:
        """Print a kept document again, byte for byte."""
        row = self.table.currentRow()
        if not 0 <= row < len(self._rows):
            return
        record = self._rows[row]
        printer = ask_printer(self)
        if printer is None:
            return
        handouts, actor = self._ctx.services.handouts, self._ctx.require_actor()

        def failed(exc: BaseException) -> None:
            self.label_status.setText(describe(exc))

        def reprinted(_result: object) -> None:
            self.label_status.setText(self.tr("Reprinted {0} exactly as handed out on {1}.").format(
                record.title, record.created_at.astimezone().strftime("%Y-%m-%d")))

        def fetched(data: bytes) -> None:  # printed on the GUI thread, then recorded
            try:
                print_pdf(data, printer)
            except Exception as exc:  # noqa: BLE001 - any failure is shown to the user
                failed(exc)
                return
            write(self._ctx, partial(handouts.record_reprint, actor, record.id), initiator=self,
                  on_done=reprinted, on_failed=failed)

        read(self._ctx, partial(handouts.reprint, record.id), fetched, failed)

    def _failed(self, exc: BaseException) -> None:
        self.label_status.setText(describe(exc))
