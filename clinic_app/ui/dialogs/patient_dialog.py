"""New / edit patient: every field with its error beside it, duplicates shown before saving."""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.errors import ConflictError, ValidationError
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.domain.patients import PatientDraft, Sex
from clinic_app.services.context import Changes
from clinic_app.services.dto import PatientDetails, PatientRow
from clinic_app.ui.conflicts import KeepMine, keep_mine
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe, field_messages
from clinic_app.ui.operations import write
from clinic_app.ui.widgets.forms import DateLineEdit, FieldErrors
from clinic_app.ui.widgets.labels import apply_visible_labels

logger = logging.getLogger(__name__)

# "Not recorded" comes first and is what a new patient starts with: nothing chosen is stored as
# not_stated, never as an answer. The stored value keeps its meaning (no sex in the chart).
SEX_LABELS = {
    Sex.NOT_STATED: QT_TRANSLATE_NOOP("PatientDialog", "Not recorded"),
    Sex.FEMALE: QT_TRANSLATE_NOOP("PatientDialog", "Female"),
    Sex.MALE: QT_TRANSLATE_NOOP("PatientDialog", "Male"),
    Sex.INTERSEX: QT_TRANSLATE_NOOP("PatientDialog", "Intersex"),
}


class PatientDialog(QDialog):
    """Collects a ``PatientDraft``; the service validates it and the errors come back here."""

    def __init__(self, ctx: UiContext, details: PatientDetails | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._details = details
        self._confirmed_duplicates = False
        self._conflict: ConflictError | None = None
        self.saved_id: int | None = None
        self.setWindowTitle(self.tr("New patient") if details is None
                            else self.tr("Edit patient — {0}").format(details.chart_label))

        self.edit_given = QLineEdit()
        self.edit_family = QLineEdit()
        self.edit_preferred = QLineEdit()
        self.edit_birth = DateLineEdit()
        self.combo_sex = QComboBox()
        for sex, label in SEX_LABELS.items():
            self.combo_sex.addItem(QCoreApplication.translate("PatientDialog", label), sex.value)
        self.combo_sex.setCurrentIndex(self.combo_sex.findData(Sex.NOT_STATED.value))
        self.combo_sex.setToolTip(self.tr("Leave as “Not recorded” if the patient was not asked "
                                          "or prefers not to say."))
        self.edit_phone = QLineEdit()
        self.edit_email = QLineEdit()
        self.edit_address = QPlainTextEdit()
        self.edit_address.setTabChangesFocus(True)
        self.edit_address.setFixedHeight(60)
        self.edit_emergency = QLineEdit()
        self.edit_referrer = QLineEdit()
        self.edit_occupation = QLineEdit()
        self.check_consent_treatment = QCheckBox(self.tr("Consents to assessment and treatment"))
        self.edit_consent_treatment_date = DateLineEdit()
        self.check_consent_data = QCheckBox(self.tr("Consents to processing of health data"))
        self.edit_consent_data_date = DateLineEdit()
        self.edit_alerts = QPlainTextEdit()
        self.edit_alerts.setTabChangesFocus(True)
        self.edit_alerts.setFixedHeight(50)
        self.edit_alerts.setPlaceholderText(self.tr("Allergies, precautions, communication needs"))

        left_form, right_form = QFormLayout(), QFormLayout()
        self.errors = FieldErrors(left_form)
        right_errors = FieldErrors(right_form)
        left_rows: tuple[tuple[str, str, QWidget], ...] = (
            ("given_name", self.tr("Given name:"), self.edit_given),
            ("family_name", self.tr("Family name:"), self.edit_family),
            ("preferred_name", self.tr("Preferred name:"), self.edit_preferred),
            ("birth_date", self.tr("Date of birth:"), self.edit_birth),
            ("sex", self.tr("Sex:"), self.combo_sex),
            ("phone", self.tr("Phone:"), self.edit_phone),
            ("email", self.tr("Email:"), self.edit_email),
            ("address", self.tr("Address:"), self.edit_address),
        )
        for field, label, widget in left_rows:
            self.errors.add_row(field, label, widget)
        right_rows: tuple[tuple[str, str, QWidget], ...] = (
            ("emergency_contact", self.tr("Emergency contact:"), self.edit_emergency),
            ("referrer", self.tr("Referrer / GP:"), self.edit_referrer),
            ("occupation", self.tr("Occupation:"), self.edit_occupation),
            ("consent_treatment", self.tr("Treatment consent:"), self.check_consent_treatment),
            ("consent_treatment_date", self.tr("Treatment consent date:"),
             self.edit_consent_treatment_date),
            ("consent_data", self.tr("Data consent:"), self.check_consent_data),
            ("consent_data_date", self.tr("Data consent date:"), self.edit_consent_data_date),
            ("alerts", self.tr("Precautions and alerts:"), self.edit_alerts),
        )
        for field, label, widget in right_rows:
            right_errors.add_row(field, label, widget)
        self._right_errors = right_errors

        self.label_duplicates = QLabel()
        self.label_duplicates.setWordWrap(True)
        self.label_duplicates.setTextFormat(Qt.TextFormat.PlainText)
        self.label_duplicates.setStyleSheet(
            "background:#fff4ce; border:1px solid #e0b100; padding:6px;")
        self.label_duplicates.setAccessibleName(self.tr("Possible duplicates"))
        self.label_duplicates.hide()
        self.label_error = QLabel()
        self.label_error.setWordWrap(True)
        self.label_error.setStyleSheet("color:#b00020;")
        self.label_error.setAccessibleName(self.tr("Save error"))
        self.label_error.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.btn_save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        columns = QGridLayout()
        columns.addLayout(left_form, 0, 0)
        columns.addLayout(right_form, 0, 1)
        columns.setHorizontalSpacing(24)
        columns.setRowStretch(1, 1)  # spare height goes below the forms, not into their rows
        body = QWidget()
        body.setLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.label_duplicates)
        layout.addWidget(self.label_error)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self.resize(860, min(560, body.sizeHint().height() + 120))
        apply_visible_labels(self)

        if details is not None:
            self._fill(details.draft)
        self._initial = self.draft_or_none()
        self.edit_given.setFocus()

    # -- data in and out -----------------------------------------------------------------

    def _fill(self, d: PatientDraft) -> None:
        self.edit_given.setText(d.given_name)
        self.edit_family.setText(d.family_name)
        self.edit_preferred.setText(d.preferred_name)
        self.edit_birth.set_date(d.birth_date)
        self.combo_sex.setCurrentIndex(self.combo_sex.findData(Sex(d.sex).value))
        self.edit_phone.setText(d.phone)
        self.edit_email.setText(d.email)
        self.edit_address.setPlainText(d.address)
        self.edit_emergency.setText(d.emergency_contact)
        self.edit_referrer.setText(d.referrer)
        self.edit_occupation.setText(d.occupation)
        self.check_consent_treatment.setChecked(d.consent_treatment)
        self.edit_consent_treatment_date.set_date(d.consent_treatment_date)
        self.check_consent_data.setChecked(d.consent_data)
        self.edit_consent_data_date.set_date(d.consent_data_date)
        self.edit_alerts.setPlainText(d.alerts)

    def draft_or_none(self) -> PatientDraft:
        """The draft the widgets describe (unreadable dates become ``None``)."""
        return PatientDraft(
            given_name=self.edit_given.text(), family_name=self.edit_family.text(),
            preferred_name=self.edit_preferred.text(), birth_date=self.edit_birth.date_value(),
            sex=Sex(self.combo_sex.currentData()), phone=self.edit_phone.text(),
            email=self.edit_email.text(), address=self.edit_address.toPlainText(),
            emergency_contact=self.edit_emergency.text(), referrer=self.edit_referrer.text(),
            occupation=self.edit_occupation.text(),
            consent_treatment=self.check_consent_treatment.isChecked(),
            consent_treatment_date=self.edit_consent_treatment_date.date_value(),
            consent_data=self.check_consent_data.isChecked(),
            consent_data_date=self.edit_consent_data_date.date_value(),
            alerts=self.edit_alerts.toPlainText(),
        )

    def has_changes(self) -> bool:
        """True when something was typed since the dialog opened."""
        return self.draft_or_none() != self._initial

    def field_error(self, field: str) -> str:
        """The message shown beside ``field`` (tests and screen readers read the same)."""
        return self.errors.message(field) or self._right_errors.message(field)

    # -- saving --------------------------------------------------------------------------

    def _unreadable_dates(self) -> dict[str, str]:
        message = self.tr("Not a date: type 2026-03-02 or 02/03/2026.")
        return {field: message for field, edit in (
            ("birth_date", self.edit_birth),
            ("consent_treatment_date", self.edit_consent_treatment_date),
            ("consent_data_date", self.edit_consent_data_date)) if edit.is_unreadable()}

    def save(self) -> None:
        """Check for duplicates (new patients), then save through the service in the background."""
        self.label_error.hide()
        unreadable = self._unreadable_dates()
        if unreadable:
            self._show_errors(unreadable)
            return
        draft = self.draft_or_none()
        self.btn_save.setEnabled(False)
        if self._details is None and not self._confirmed_duplicates:
            self._ctx.reads.submit(partial(self._ctx.services.patients.find_duplicates, draft),
                                   partial(self._duplicates_checked, draft), self._failed)
        else:
            self._submit(draft)

    def _duplicates_checked(self, draft: PatientDraft, rows: list[PatientRow]) -> None:
        if not rows:
            self._submit(draft)
            return
        lines = "\n".join(f"• {r.chart_label}  {r.display_name}, born {r.birth_date.isoformat()}"
                          f"{', ' + r.phone if r.phone else ''}" for r in rows)
        self.label_duplicates.setText(
            self.tr("This may be a patient who is already registered:") + "\n" + lines + "\n"
            + self.tr("Check the list, then press Save again to register a new patient anyway."))
        self.label_duplicates.show()
        self._confirmed_duplicates = True
        self.btn_save.setEnabled(True)

    def _submit(self, draft: PatientDraft) -> None:
        actor = self._ctx.require_actor()
        today = self._ctx.today()
        if self._details is not None and self._conflict is not None:
            self._keep_mine(self._details, self._conflict, draft)
            return
        if self._details is None:
            job = partial(self._ctx.services.patients.create, actor, draft, today)
        else:
            job = partial(self._ctx.services.patients.update, actor, self._details.id, draft,
                          self._details.version, today)
        write(self._ctx, job, initiator=self, on_done=self._saved, on_failed=self._failed,
              publish=False)  # _saved publishes

    def _saved(self, changes: Changes) -> None:
        self.saved_id = changes.created_id if self._details is None else self._details.id
        self._ctx.bus.publish(changes, self)
        self._initial = self.draft_or_none()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.btn_save.setEnabled(True)
        if isinstance(exc, ValidationError):
            self._show_errors(field_messages(exc))
            return
        if isinstance(exc, ConflictError):
            self._conflict = exc
            self.label_error.setText(describe(exc) + " " + self.tr(
                "Close this dialog to see their version, or Save again to see what differs and "
                "keep yours."))
        else:
            self.label_error.setText(describe(exc))
        self.label_error.show()

    def _keep_mine(self, details: PatientDetails, conflict: ConflictError, draft: PatientDraft) -> None:
        """After a conflict: show what differs, then save the typed changes over the newer record."""
        patients, actor, today = self._ctx.services.patients, self._ctx.require_actor(), self._ctx.today()

        def fetch() -> tuple[PatientDraft, int]:
            fresh = patients.get(details.id)
            return fresh.draft, fresh.version

        def cancelled() -> None:
            self.btn_save.setEnabled(True)

        labels = {**self.errors.labels(), **self._right_errors.labels()}
        keep_mine(self, self._ctx, conflict, KeepMine(
            entity=conflict.entity, base=details.draft, mine=draft, fetch=fetch,
            save=lambda merged, version: patients.update(actor, details.id, merged, version, today),
            labels=labels), on_saved=self._saved, on_failed=self._failed, on_cancelled=cancelled)

    def _show_errors(self, errors: dict[str, str]) -> None:
        rest = self.errors.show({k: v for k, v in errors.items()})
        rest = self._right_errors.show({k: errors[k] for k in rest})
        if rest:
            self.label_error.setText("\n".join(f"{k}: {errors[k]}" for k in rest))
            self.label_error.show()

    def reject(self) -> None:
        """Ask before throwing typed changes away."""
        if self.has_changes():
            answer = QMessageBox.question(
                self, self.tr("Discard changes?"),
                self.tr("You have typed changes that are not saved. Discard them?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window is the same as Cancel."""
        if self.result() != QDialog.DialogCode.Accepted and self.has_changes():
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)
