"""Front-desk print queue: pick patients and documents; generate in a worker, then print."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.errors import ClinicError
from clinic_app.services.dto import PatientPage, PatientRow
from clinic_app.services.handouts import HandoutKind, HandoutResult
from clinic_app.services.patients import PatientQuery
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe
from clinic_app.ui.operations import Operation, Progress, long_job
from clinic_app.ui.views.patient_list import best_match
from clinic_app.ui.views.printing.handouts_tab import KIND_TEXT, ask_printer
from clinic_app.ui.views.printing.pdf_output import print_pdf
from clinic_app.ui.warm_up import settle_long_lived_objects

logger = logging.getLogger(__name__)
_NAME_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class QueueOutcome:
    """Generated documents, and the ones that could not be made (with why)."""

    documents: tuple[tuple[str, HandoutResult], ...]
    problems: tuple[str, ...]
    cancelled: bool


class PrintQueueDialog(QDialog):
    """Generate many handouts without freezing the window; cancel at any time."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(self.tr("Print queue"))
        self._operation: Operation[QueueOutcome] | None = None
        self._stopped = False  # Cancel or close: printing stops too
        self.outcome: QueueOutcome | None = None
        self.edit_find = QLineEdit()
        self.edit_find.setAccessibleName(self.tr("Add patient"))
        self.edit_find.setPlaceholderText(self.tr("Type a name or chart number, then Enter to add"))
        self.list_patients = QListWidget()
        self.list_patients.setAccessibleName(self.tr("Patients in the queue"))
        self.btn_remove = QPushButton(self.tr("Remove patient"))
        self.kind_boxes: dict[HandoutKind, QCheckBox] = {}
        kinds = QVBoxLayout()
        for kind, (title, _blurb) in KIND_TEXT.items():
            if kind.clinical:
                continue
            box = QCheckBox(QCoreApplication.translate("HandoutsTab", title))
            box.setChecked(kind is HandoutKind.EXERCISES)
            self.kind_boxes[kind] = box
            kinds.addWidget(box)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Queue progress"))
        self.label_status = QLabel()
        self.label_status.setWordWrap(True)
        self.label_status.setAccessibleName(self.tr("Queue status"))
        self.btn_generate = QPushButton(self.tr("Generate and print"))
        self.btn_cancel = QPushButton(self.tr("Cancel"))
        self.btn_cancel.setEnabled(False)
        self.btn_close = QPushButton(self.tr("Close"))
        box_patients = QGroupBox(self.tr("Patients (today's visits are listed)"))
        patients = QVBoxLayout(box_patients)
        find = QHBoxLayout()
        label_find = QLabel(self.tr("Add patient:"))
        label_find.setBuddy(self.edit_find)
        find.addWidget(label_find)
        find.addWidget(self.edit_find, 1)
        patients.addLayout(find)
        patients.addWidget(self.list_patients, 1)
        patients.addWidget(self.btn_remove)
        box_documents = QGroupBox(self.tr("Documents for each patient"))
        documents = QVBoxLayout(box_documents)
        documents.addLayout(kinds)
        documents.addStretch(1)
        columns = QHBoxLayout()
        columns.addWidget(box_patients, 3)
        columns.addWidget(box_documents, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.btn_generate)
        buttons.addWidget(self.btn_cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.btn_close)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.label_status)
        layout.addLayout(buttons)
        self.edit_find.returnPressed.connect(self._find)
        self.btn_remove.clicked.connect(lambda: self.list_patients.takeItem(self.list_patients.currentRow()))
        self.btn_generate.clicked.connect(self.generate)
        self.btn_cancel.clicked.connect(self.cancel)
        self.btn_close.clicked.connect(self.reject)
        self.resize(760, 520)
        self.box_patients = box_patients
        self._ctx.reads.submit(partial(self._ctx.services.diary.todays_patients, self._ctx.today()),
                               self._add_today, self._failed)

    # -- the list ------------------------------------------------------------------------

    def add_patient(self, row: PatientRow) -> None:
        """Queue a patient (once)."""
        ids = [self.list_patients.item(i).data(Qt.ItemDataRole.UserRole)
               for i in range(self.list_patients.count())]
        if row.id in ids:
            return
        item = QListWidgetItem(f"{row.display_name}  ·  {row.chart_label}")
        item.setData(Qt.ItemDataRole.UserRole, row.id)
        item.setData(_NAME_ROLE, f"{row.given_name} {row.family_name} ({row.chart_label})")
        self.list_patients.addItem(item)

    def _add_today(self, found: tuple[str, list[PatientRow]]) -> None:
        """Today's patients from the appointment book, or from visits when nothing is booked."""
        source, rows = found
        self.box_patients.setTitle(
            self.tr("Patients (today's appointments are listed)") if source == "book" else
            self.tr("Patients (nothing is booked today: today's visits are listed)"))
        self._add_rows(rows)

    def _add_rows(self, rows: list[PatientRow]) -> None:
        for row in rows:
            self.add_patient(row)

    def _add_match(self, text: str, page: PatientPage) -> None:
        row = best_match(page.rows, text)
        if row >= 0:
            self.add_patient(page.rows[row])
        else:
            self.label_status.setText(self.tr("No patient matches “{0}”.").format(text))

    def _find(self) -> None:
        text = self.edit_find.text()
        self._ctx.reads.submit(partial(self._ctx.services.patients.search, PatientQuery(text)),
                               partial(self._add_match, text), self._failed)
        self.edit_find.clear()

    def patient_names(self) -> dict[int, str]:
        """Queued patients by id, as messages name them: "Zoë O'Brien (SC-000001)"."""
        return {self.list_patients.item(i).data(Qt.ItemDataRole.UserRole):
                self.list_patients.item(i).data(_NAME_ROLE) for i in range(self.list_patients.count())}

    def patient_ids(self) -> list[int]:
        """Queued patients in order."""
        return [self.list_patients.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.list_patients.count())]

    def kinds(self) -> list[HandoutKind]:
        """Documents ticked."""
        return [kind for kind, box in self.kind_boxes.items() if box.isChecked()]

    # -- generating ----------------------------------------------------------------------

    def generate(self) -> None:
        """Render every document in the background; the window stays responsive."""
        patients, kinds = self.patient_ids(), self.kinds()
        if not patients or not kinds:
            self.label_status.setText(self.tr("Add at least one patient and tick a document."))
            return
        self._stopped = False
        total = len(patients) * len(kinds)
        self.progress.setRange(0, total)
        self.progress.setValue(0)
        self.btn_generate.setEnabled(False)
        self.btn_cancel.setEnabled(True)
        actor, today = self._ctx.require_actor(), self._ctx.today()
        handouts = self._ctx.services.handouts
        names = self.patient_names()
        titles = {kind: QCoreApplication.translate("HandoutsTab", KIND_TEXT[kind][0]) for kind in kinds}
        not_made = self.tr("{document} for {patient} was not made: {reason}")

        def work(progress: Progress) -> QueueOutcome:
            settle_long_lived_objects()
            done = 0
            problems: list[str] = []
            made: list[tuple[str, HandoutResult]] = []
            for patient_id in patients:
                for kind in kinds:
                    if progress.cancelled:  # what was made is kept in the charts
                        return QueueOutcome(tuple(made), tuple(problems), True)
                    try:
                        result = handouts.render(actor, patient_id, kind, today=today)
                        made.append((f"{patient_id}", result))
                    except ClinicError as exc:
                        problems.append(not_made.format(document=titles[kind],
                                                        patient=names[patient_id],
                                                        reason=describe(exc)))
                    done += 1
                    progress.report(done, total, kind.value)
            return QueueOutcome(tuple(made), tuple(problems), False)

        self._operation = long_job(self._ctx, work, initiator=self, write=True,
                                   on_done=self._generated, on_failed=self._failed,
                                   on_progress=self._progressed)

    def cancel(self) -> None:
        """Stop after the document being made now."""
        self._stopped = True
        if self._operation is not None:
            self._operation.cancel()
        self.label_status.setText(self.tr("Cancelling…"))

    def _progressed(self, done: int, total: int, kind: str) -> None:
        self.progress.setValue(done)
        self.label_status.setText(self.tr("Made {0} of {1} documents…").format(done, total))

    def _generated(self, outcome: QueueOutcome) -> None:
        self.outcome = outcome
        self.btn_cancel.setEnabled(False)
        self.btn_generate.setEnabled(True)
        summary = self.tr("{0} document(s) made and kept in the charts.").format(len(outcome.documents))
        if outcome.cancelled:
            summary = self.tr("Cancelled. ") + summary
        if outcome.problems:
            summary += "\n" + "\n".join(outcome.problems)
        self.label_status.setText(summary)
        if outcome.documents and not outcome.cancelled:
            printer = ask_printer(self)
            if printer is not None:
                self._print_next(printer, list(outcome.documents))

    def _print_next(self, printer: QPrinter, remaining: list[tuple[str, HandoutResult]]) -> None:
        """Print one document per event-loop turn so the window keeps responding."""
        if not remaining or self._stopped:
            self.label_status.setText(self.label_status.text() + "\n" + self.tr("Printing finished."))
            return
        _patient, result = remaining.pop(0)
        try:
            print_pdf(result.pdf, printer, lambda: self._stopped)
        except OSError as exc:
            self.label_status.setText(str(exc))
            return
        QTimer.singleShot(0, partial(self._print_next, printer, remaining))

    def _failed(self, exc: BaseException) -> None:
        self.btn_generate.setEnabled(True)
        self.btn_cancel.setEnabled(False)
        self.label_status.setText(describe(exc))

    def reject(self) -> None:
        """Closing cancels work still running."""
        self._stopped = True
        if self._operation is not None:
            self._operation.cancel()
        super().reject()
