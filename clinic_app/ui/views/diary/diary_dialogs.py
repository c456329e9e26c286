"""Small diary dialogs: cancel with a reason; add a patient to the waitlist."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_app.services.appointments_base import AppointmentRow, ClinicianRow
from clinic_app.ui.views.diary.labels import cancel_reasons, day_text
from clinic_app.ui.widgets.forms import FieldErrors


class CancelDialog(QDialog):
    """Why the appointment is cancelled (required, kept on the appointment)."""

    def __init__(self, row: AppointmentRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cancel appointment"))
        start = row.starts_at.astimezone()
        what = QLabel(self.tr("{0}, {1} at {2} with {3}").format(
            row.patient_name, day_text(start), start.strftime("%H:%M"), row.clinician))
        what.setWordWrap(True)
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.combo_reason = QComboBox()
        self.combo_reason.setEditable(True)
        self.combo_reason.addItems(list(cancel_reasons()))
        self.combo_reason.setCurrentIndex(-1)
        editor = self.combo_reason.lineEdit()
        if editor is not None:
            editor.setPlaceholderText(self.tr("Choose or type the reason"))
        self.errors.add_row("reason", self.tr("&Reason:"), self.combo_reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Cancel appointment"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Keep it"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        self.combo_reason.setFocus()

    def reason(self) -> str:
        """The reason typed or chosen."""
        return self.combo_reason.currentText().strip()

    def _accept(self) -> None:
        if not self.reason():
            self.errors.show({"reason": self.tr("Required: say why the appointment is "
                                                "cancelled.")})
            return
        self.accept()


class WaitlistDialog(QDialog):
    """Add the selected patient to the waitlist, with a clinician preference and a note."""

    def __init__(self, patient_label: str, clinicians: list[ClinicianRow],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add to waitlist"))
        form = QFormLayout()
        self.errors = FieldErrors(form)
        label = QLabel(patient_label)
        self.errors.add_row("patient", self.tr("Patient:"), label)
        self.combo_clinician = QComboBox()
        self.combo_clinician.addItem(self.tr("Any clinician"), None)
        for c in clinicians:
            self.combo_clinician.addItem(c.name, c.id)
        self.errors.add_row("clinician", self.tr("&Clinician:"), self.combo_clinician)
        self.edit_note = QLineEdit()
        self.edit_note.setPlaceholderText(self.tr("e.g. mornings only, can come at short notice"))
        self.errors.add_row("note", self.tr("&Note:"), self.edit_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add to waitlist"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
