"""Patient → Erasure request… and Practice → Records retention… (administrators).

The dialog first says what the request leads to today under the practice's rule (erase, or
restrict processing until a date) and why; erasing asks for the chart number typed again, so a
record is never erased by a slip on the wrong chart.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.retention import RetentionPolicy
from clinic_app.services.context import Changes
from clinic_app.services.erasure import ErasureCheck, ErasureOutcome
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe, field_messages
from clinic_app.ui.operations import write
from clinic_app.ui.widgets.forms import FieldErrors


def _long(day: object) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"  # type: ignore[attr-defined]


class ErasureDialog(QDialog):
    """Record a request to be forgotten and carry it out (erase or restrict) in a worker."""

    def __init__(self, ctx: UiContext, check: ErasureCheck, full_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._check = check
        self.outcome: ErasureOutcome | None = None
        erasable = check.assessment.erasable
        self.setWindowTitle(self.tr("Erasure request"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        lines = [self.tr("{0} ({1}); last contact {2}.").format(
            full_name, check.chart_label, _long(check.last_contact)), check.assessment.explanation]
        if check.restricted:
            lines.append(self.tr("Processing of this record is already restricted on an earlier "
                                 "request."))
        self.label_assessment = QLabel("\n\n".join(lines))
        self.label_assessment.setWordWrap(True)
        layout.addWidget(self.label_assessment)
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.edit_reason = QPlainTextEdit()
        self.edit_reason.setTabChangesFocus(True)
        self.edit_reason.setFixedHeight(64)
        self.edit_reason.setPlaceholderText(self.tr("e.g. Letter from the patient dated 20 "
                                                    "November, checked against their ID"))
        self.errors.add_row("reason", self.tr("How the request was made"), self.edit_reason)
        self.edit_confirm = QLineEdit()
        if erasable:
            self.edit_confirm.setPlaceholderText(check.chart_label)
            self.errors.add_row("confirm", self.tr("Type the chart number to erase"),
                                self.edit_confirm)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.btn_apply = buttons.addButton(
            self.tr("Erase the record") if erasable else self.tr("Restrict processing"),
            QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def apply(self) -> None:
        """Validate what is typed here, then send the request to the service in a worker."""
        self.errors.clear()
        if not self.edit_reason.toPlainText().strip():
            self.errors.show({"reason": self.tr("Say how the request was made and by whom.")})
            return
        if self._check.assessment.erasable and \
                self.edit_confirm.text().strip().upper() != self._check.chart_label:
            self.errors.show({"confirm": self.tr("Type {0} exactly to confirm erasing this "
                                                 "record.").format(self._check.chart_label)})
            return
        self.btn_apply.setEnabled(False)
        erasure = self._ctx.services.erasure
        actor, pid, today = self._ctx.require_actor(), self._check.patient_id, self._ctx.today()
        reason = self.edit_reason.toPlainText()
        write(self._ctx, lambda: erasure.request(actor, pid, reason, today), initiator=self,
              on_done=self._done, on_failed=self._failed, publish=False)

    def _done(self, outcome: ErasureOutcome) -> None:
        self.outcome = outcome
        title = self.tr("Record erased") if outcome.erased else self.tr("Processing restricted")
        removed = sum(outcome.rows_removed.values())
        text = (self.tr("The record was erased ({0} entries). The audit log keeps that an erasure "
                        "happened, not what was erased. Backups made before today still hold "
                        "the record until they expire.").format(removed)
                if outcome.erased else outcome.explanation)
        QMessageBox.information(self, title, text)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.btn_apply.setEnabled(True)
        from clinic_app.domain.errors import ValidationError

        if isinstance(exc, ValidationError):
            self.errors.show(field_messages(exc))
            return
        QMessageBox.warning(self, self.tr("Erasure request"),
                            self.tr("Nothing was changed. {0}").format(describe(exc)))


class RetentionDialog(QDialog):
    """The practice's retention rule: years after the last contact, and children's age."""

    def __init__(self, ctx: UiContext, policy: RetentionPolicy,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(self.tr("Records retention"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("How long records are kept before a request to erase them can be "
                               "carried out. Check your professional body's and your country's "
                               "rules."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.spin_years = QSpinBox()
        self.spin_years.setRange(1, 100)
        self.spin_years.setValue(policy.adult_years)
        self.spin_years.setSuffix(self.tr(" years after the last contact"))
        self.spin_age = QSpinBox()
        self.spin_age.setRange(18, 100)
        self.spin_age.setValue(policy.child_until_age)
        self.spin_age.setSuffix(self.tr(" years of age, if later"))
        self.errors.add_row("adult_years", self.tr("Adults' records"), self.spin_years)
        self.errors.add_row("child_until_age", self.tr("Children's records until"), self.spin_age)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        """Store the rule in a worker (the service validates and audits it)."""
        self.errors.clear()
        policy = RetentionPolicy(self.spin_years.value(), self.spin_age.value())
        erasure, actor = self._ctx.services.erasure, self._ctx.require_actor()
        write(self._ctx, lambda: erasure.save_policy(actor, policy), initiator=self,
              on_done=self._saved, on_failed=self._failed)

    def _saved(self, _changes: Changes) -> None:
        self.accept()  # the operation published the change as this dialog's

    def _failed(self, exc: BaseException) -> None:
        from clinic_app.domain.errors import ValidationError

        if isinstance(exc, ValidationError):
            self.errors.show(field_messages(exc))
            return
        QMessageBox.warning(self, self.windowTitle(), describe(exc))
