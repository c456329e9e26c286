"""Book or edit an appointment: patient, clinician, day, time, type, length, reason for visit.

The dialog saves through the appointment service itself (on the write runner) and stays open
with the message beside the field when the save is refused, so nothing typed is lost. A time
outside the clinician's hours is booked only after the user confirms it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.appointments import (
    DEFAULT_MINUTES,
    MAX_MINUTES,
    MIN_MINUTES,
    SLOT_MINUTES,
    AppointmentType,
    SlotTaken,
)
from clinic_app.domain.errors import ValidationError
from clinic_app.services.appointments import OutsideHours
from clinic_app.services.appointments_base import AppointmentRow, ClinicianRow
from clinic_app.services.context import Changes
from clinic_app.services.dto import PatientPage
from clinic_app.services.patients import PatientQuery
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe, field_messages
from clinic_app.ui.operations import write
from clinic_app.ui.views.diary.labels import day_text, type_labels
from clinic_app.ui.widgets.forms import DateLineEdit, FieldErrors


@dataclass(frozen=True, slots=True)
class BookingStart:
    """Where a new booking starts: the slot chosen, and a patient if one is known."""

    clinician_id: int | None
    starts_at: datetime
    patient_id: int | None = None
    patient_label: str = ""


def _time_choices() -> list[time]:
    return [time(h, m) for h in range(6, 22) for m in range(0, 60, SLOT_MINUTES)]


class BookDialog(QDialog):
    """New appointment (``existing`` is None) or edit of a booked one."""

    def __init__(self, ctx: UiContext, clinicians: list[ClinicianRow], start: BookingStart,
                 existing: AppointmentRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._existing = existing
        self._search_job: int | None = None
        self.saved: Changes | None = None
        self.setWindowTitle(self.tr("Edit appointment") if existing else self.tr("Book appointment"))
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.edit_patient = QLineEdit()
        self.edit_patient.setPlaceholderText(self.tr("Type a name, date of birth or chart number"))
        self.list_patients = QListWidget()
        self.list_patients.setAccessibleName(self.tr("Matching patients"))
        self.list_patients.setMaximumHeight(110)
        self.label_patient = QLabel()
        self.label_patient.setTextFormat(Qt.TextFormat.PlainText)
        self.combo_clinician = QComboBox()
        for c in clinicians:
            self.combo_clinician.addItem(c.name, c.id)
        self.edit_date = DateLineEdit()
        self.combo_time = QComboBox()
        for t in _time_choices():
            self.combo_time.addItem(t.strftime("%H:%M"), t)
        self.combo_kind = QComboBox()
        for kind, label in type_labels().items():
            self.combo_kind.addItem(label, kind)
        self.spin_minutes = QSpinBox()
        self.spin_minutes.setRange(MIN_MINUTES, MAX_MINUTES)
        self.spin_minutes.setSingleStep(SLOT_MINUTES)
        self.spin_minutes.setSuffix(self.tr(" min"))
        self.edit_notes = QPlainTextEdit()
        self.edit_notes.setTabChangesFocus(True)
        self.edit_notes.setFixedHeight(64)
        if existing is None:
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(self.edit_patient)
            column.addWidget(self.list_patients)
            self.errors.add_row("patient", self.tr("&Patient:"), holder)
            self.edit_patient.setAccessibleName(self.tr("Patient"))
            holder.setAccessibleName(self.tr("Patient"))
        else:
            self.label_patient.setText(f"{existing.patient_name}  ·  {existing.chart_label}")
            self.errors.add_row("patient", self.tr("Patient:"), self.label_patient)
        self.errors.add_row("clinician", self.tr("&Clinician:"), self.combo_clinician)
        self.errors.add_row("date", self.tr("&Day:"), self.edit_date)
        self.errors.add_row("starts_at", self.tr("&Time:"), self.combo_time)
        self.errors.add_row("kind", self.tr("T&ype:"), self.combo_kind)
        self.errors.add_row("minutes", self.tr("&Length:"), self.spin_minutes)
        self.errors.add_row("notes", self.tr("&Reason for visit:"), self.edit_notes)
        self.label_problem = QLabel()
        self.label_problem.setWordWrap(True)
        self.label_problem.setStyleSheet("color: #b00020;")
        self.label_problem.setAccessibleName(self.tr("Booking problem"))
        self.label_problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Save") if existing else self.tr("Book"))
        self.btn_ok = ok
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.label_problem)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self._search)
        self.edit_patient.textChanged.connect(lambda _t: self._search_timer.start())
        self.edit_patient.returnPressed.connect(self.list_patients.setFocus)
        self._fill(start, existing)
        self.combo_kind.currentIndexChanged.connect(self._kind_changed)
        self.setMinimumWidth(480)
        self.resize(480, 0)

    def _fill(self, start: BookingStart, existing: AppointmentRow | None) -> None:
        local = (existing.starts_at if existing else start.starts_at).astimezone()
        clinician = existing.clinician_id if existing else start.clinician_id
        index = self.combo_clinician.findData(clinician)
        self.combo_clinician.setCurrentIndex(max(0, index))
        self.edit_date.set_date(local.date())
        index = self.combo_time.findText(local.strftime("%H:%M"))
        self.combo_time.setCurrentIndex(max(0, index))
        kind = existing.kind if existing else AppointmentType.FOLLOW_UP
        self.combo_kind.setCurrentIndex(self.combo_kind.findData(kind))
        self.spin_minutes.setValue(existing.minutes if existing else DEFAULT_MINUTES[kind])
        if existing:
            self.edit_notes.setPlainText(existing.notes)
            self.combo_clinician.setFocus()
        elif start.patient_id is not None:
            item = QListWidgetItem(start.patient_label)
            item.setData(Qt.ItemDataRole.UserRole, start.patient_id)
            self.list_patients.addItem(item)
            self.list_patients.setCurrentRow(0)
            self.combo_clinician.setFocus()
        else:
            self.edit_patient.setFocus()

    def _kind_changed(self) -> None:
        kind = self.combo_kind.currentData()
        if kind is not None:
            self.spin_minutes.setValue(DEFAULT_MINUTES[AppointmentType(kind)])

    # -- patient search ------------------------------------------------------------------

    def _search(self) -> None:
        text = self.edit_patient.text().strip()
        self._ctx.reads.cancel(self._search_job)
        if not text:
            return
        self._search_job = self._ctx.reads.submit(
            partial(self._ctx.services.patients.search, PatientQuery(text, limit=20)),
            self._show_matches, self._show_problem)

    def _show_matches(self, page: PatientPage) -> None:
        self.list_patients.clear()
        for row in page.rows:
            born = day_text(row.birth_date, "d MMM yyyy")
            item = QListWidgetItem(f"{row.display_name}  ·  {born}  ·  {row.chart_label}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.list_patients.addItem(item)
        if page.rows:
            self.list_patients.setCurrentRow(0)

    def patient_id(self) -> int | None:
        """The patient chosen (the highlighted match)."""
        if self._existing is not None:
            return self._existing.patient_id
        item = self.list_patients.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    # -- saving --------------------------------------------------------------------------

    def starts_at(self) -> datetime | None:
        """The chosen day and time, local and aware; None while the day is unreadable."""
        day: date | None = self.edit_date.date_value()
        chosen: time | None = self.combo_time.currentData()
        if day is None or chosen is None:
            return None
        return datetime.combine(day, chosen).astimezone()

    def save(self, outside_hours: bool = False) -> None:
        """Book or save in the background; errors stay in the dialog."""
        self.errors.clear()
        self.label_problem.hide()
        patient = self.patient_id()
        starts_at = self.starts_at()
        errors: dict[str, str] = {}
        if patient is None:
            errors["patient"] = self.tr("Find the patient: type a name, then pick them from "
                                        "the list.")
        if starts_at is None:
            errors["date"] = self.tr("Type the day as 2026-11-25 or 25/11/2026.")
        if errors or starts_at is None or patient is None:
            self.errors.show(errors)
            return
        actor = self._ctx.require_actor()
        kind = AppointmentType(self.combo_kind.currentData())
        clinician = int(self.combo_clinician.currentData())
        notes = self.edit_notes.toPlainText()
        service = self._ctx.services.appointments
        if self._existing is None:
            job = partial(service.book, actor, patient, clinician, starts_at, kind,
                          self.spin_minutes.value(), notes, outside_hours=outside_hours)
        else:
            job = partial(service.move, actor, self._existing.id, self._existing.version,
                          starts_at=starts_at, minutes=self.spin_minutes.value(),
                          clinician_id=clinician, kind=kind, notes=notes,
                          outside_hours=outside_hours)
        self.btn_ok.setEnabled(False)
        # the diary publishes the change as its own once the dialog closes (_after_dialog)
        write(self._ctx, job, initiator=self, on_done=self._saved, on_failed=self._refused,
              publish=False)

    def _saved(self, changes: Changes) -> None:
        self.btn_ok.setEnabled(True)
        self.saved = changes
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.btn_ok.setEnabled(True)
        if isinstance(exc, OutsideHours):
            answer = QMessageBox.question(
                self, self.tr("Outside working hours"),
                self.tr("{0}\n\nBook at this time anyway?").format(exc.message),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer == QMessageBox.StandardButton.Yes:
                self.save(outside_hours=True)
            else:
                self.errors.show({"starts_at": exc.message})
            return
        if isinstance(exc, SlotTaken):
            self.errors.show({"starts_at": str(exc)})
            self.adjustSize()
            return
        if isinstance(exc, ValidationError):
            unknown = self.errors.show(field_messages(exc))
            if unknown:
                self._show_problem(ValidationError({k: exc.entries[k] for k in unknown}))
            self.adjustSize()
            return
        self._show_problem(exc)

    def _show_problem(self, exc: BaseException) -> None:
        self.label_problem.setText(describe(exc))
        self.label_problem.show()
        self.adjustSize()
