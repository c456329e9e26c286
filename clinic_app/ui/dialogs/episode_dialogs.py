"""Small forms: open an episode of care, discharge it, book a visit."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.errors import ValidationError
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.domain.patients import DischargeReason, VisitKind
from clinic_app.services.context import Changes
from clinic_app.services.dto import EpisodeRow
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe, field_messages
from clinic_app.ui.operations import write
from clinic_app.ui.widgets.forms import DateLineEdit, FieldErrors
from clinic_app.ui.widgets.labels import apply_visible_labels

REASON_LABELS = {
    DischargeReason.GOALS_MET: QT_TRANSLATE_NOOP("DischargeDialog", "Goals met"),
    DischargeReason.SELF_DISCHARGED: QT_TRANSLATE_NOOP("DischargeDialog", "Self-discharged"),
    DischargeReason.REFERRED_ON: QT_TRANSLATE_NOOP("DischargeDialog", "Referred on"),
    DischargeReason.DID_NOT_ATTEND: QT_TRANSLATE_NOOP("DischargeDialog", "Did not attend"),
    DischargeReason.OTHER: QT_TRANSLATE_NOOP("DischargeDialog", "Other"),
}
KIND_LABELS = {
    VisitKind.INITIAL: QT_TRANSLATE_NOOP("NewVisitDialog", "Initial assessment"),
    VisitKind.FOLLOW_UP: QT_TRANSLATE_NOOP("NewVisitDialog", "Follow-up"),
    VisitKind.DISCHARGE: QT_TRANSLATE_NOOP("NewVisitDialog", "Discharge"),
}


class _ServiceForm(QDialog):
    """A form whose Save runs one write in the background and shows errors beside fields."""

    def __init__(self, ctx: UiContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.errors = FieldErrors(self.form)
        self.label_error = QLabel()
        self.label_error.setStyleSheet("color:#b00020;")
        self.label_error.setWordWrap(True)
        self.label_error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.btn_save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.label_error)
        layout.addWidget(self.buttons)
        self.changes: Changes | None = None

    def job(self) -> partial[Changes] | None:
        """The service call to run, or ``None`` after showing a local error."""
        raise NotImplementedError

    def save(self) -> None:
        """Run the job in the writer; accept on success."""
        self.label_error.hide()
        self.errors.clear()
        job = self.job()
        if job is None:
            return
        self.btn_save.setEnabled(False)
        write(self._ctx, job, initiator=self, on_done=self._saved, on_failed=self._failed,
              publish=False)  # _saved publishes

    def _saved(self, changes: Changes) -> None:
        self.changes = changes
        self._ctx.bus.publish(changes, self)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.btn_save.setEnabled(True)
        rest = self.errors.show(field_messages(exc)) if isinstance(exc, ValidationError) else ["*"]
        if rest:
            self.label_error.setText(describe(exc))
            self.label_error.show()


class NewEpisodeDialog(_ServiceForm):
    """Start an episode of care."""

    def __init__(self, ctx: UiContext, patient_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("New episode of care"), parent)
        self._patient_id = patient_id
        self.edit_start = DateLineEdit()
        self.edit_start.set_date(ctx.today())
        self.edit_complaint = QPlainTextEdit()
        self.edit_complaint.setTabChangesFocus(True)
        self.edit_complaint.setPlaceholderText(
            self.tr("e.g. Left-sided low back and buttock pain since the half-marathon"))
        self.errors.add_row("start_date", self.tr("Start date:"), self.edit_start)
        self.errors.add_row("complaint", self.tr("Presenting complaint:"), self.edit_complaint)
        self.resize(520, 260)
        apply_visible_labels(self)

    def job(self) -> partial[Changes] | None:
        """Open the episode."""
        start = self.edit_start.date_value()
        if start is None:
            self.errors.show({"start_date": self.tr("Type a date: 2026-03-02 or 02/03/2026.")})
            return None
        return partial(self._ctx.services.care.open_episode, self._ctx.require_actor(),
                       self._patient_id, start, self.edit_complaint.toPlainText(),
                       self._ctx.today())


class DischargeDialog(_ServiceForm):
    """Discharge an episode with a date and a reason."""

    def __init__(self, ctx: UiContext, episode: EpisodeRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Discharge episode"), parent)
        self._episode = episode
        self.edit_date = DateLineEdit()
        self.edit_date.set_date(ctx.today())
        self.combo_reason = QComboBox()
        self.combo_reason.addItem(self.tr("— choose"), None)  # no outcome is assumed
        for reason, label in REASON_LABELS.items():
            self.combo_reason.addItem(QCoreApplication.translate("DischargeDialog", label), reason.value)
        self.errors.add_row("discharge_date", self.tr("Discharge date:"), self.edit_date)
        self.errors.add_row("discharge_reason", self.tr("Reason:"), self.combo_reason)
        apply_visible_labels(self)

    def job(self) -> partial[Changes] | None:
        """Discharge the episode."""
        when = self.edit_date.date_value()
        errors = {}
        if when is None:
            errors["discharge_date"] = self.tr("Type a date: 2026-03-02.")
        if self.combo_reason.currentData() is None:
            errors["discharge_reason"] = self.tr("Choose why the episode ends.")
        if errors or when is None:
            self.errors.show(errors)
            return None
        return partial(self._ctx.services.care.discharge_episode, self._ctx.require_actor(),
                       self._episode.id, when, DischargeReason(self.combo_reason.currentData()),
                       self._episode.version, self._ctx.today())


class NewVisitDialog(_ServiceForm):
    """Book a visit in an open episode; its note starts as an empty draft."""

    def __init__(self, ctx: UiContext, episode: EpisodeRow, first_visit: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("New visit"), parent)
        self._episode = episode
        now = ctx.clock.now().astimezone()  # the app's clock, shown in local time
        self.edit_when = QDateTimeEdit(QDateTime(QDate(now.year, now.month, now.day),
                                                 QTime(now.hour, now.minute)))
        self.edit_when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.edit_when.setCalendarPopup(True)
        self.combo_kind = QComboBox()
        for kind, label in KIND_LABELS.items():
            self.combo_kind.addItem(QCoreApplication.translate("NewVisitDialog", label), kind.value)
        self.combo_kind.setCurrentIndex(0 if first_visit else 1)
        self.errors.add_row("starts_at", self.tr("Date and time:"), self.edit_when)
        self.errors.add_row("kind", self.tr("Visit type:"), self.combo_kind)
        apply_visible_labels(self)

    def starts_at(self) -> datetime:
        """The chosen local time, as aware UTC."""
        local = self.edit_when.dateTime().toPython()
        assert isinstance(local, datetime)
        return local.astimezone().astimezone(UTC)

    def job(self) -> partial[Changes] | None:
        """Create the visit."""
        return partial(self._ctx.services.care.create_visit, self._ctx.require_actor(),
                       self._episode.id, self.starts_at(),
                       VisitKind(self.combo_kind.currentData()))


def episode_label(e: EpisodeRow) -> str:
    """"2026-11-02 · Left-sided LBP… (open)"."""
    first = e.complaint.splitlines()[0] if e.complaint else ""
    short = first if len(first) <= 60 else first[:57] + "…"
    return f"{e.start_date.isoformat()} · {short}"

