"""Red-flag screen: every item yes / no / not asked, recorded with a timestamp at each visit."""

from __future__ import annotations

from functools import partial
from html import escape

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.domain.safety.red_flags import RED_FLAG_INFO, RedFlagItem, RedFlagTier, ScreenSuggestion
from clinic_app.domain.safety.statement import ITEM_NAMES, action_requested, concern
from clinic_app.services.red_flags import RedFlagEventRow, RedFlagStatus, ScreenResult
from clinic_app.ui.context import UiContext
from clinic_app.ui.dialogs.red_flag_dialogs import EmergencyDialog, FlagNoteDialog
from clinic_app.ui.errors import describe
from clinic_app.ui.operations import write
from clinic_app.ui.views.intake.confirm_exercise_dialog import ConfirmExerciseDialog

ANSWERS = (
    ("yes", QT_TRANSLATE_NOOP("RedFlagPage", "Yes")),
    ("no", QT_TRANSLATE_NOOP("RedFlagPage", "No")),
    ("not_asked", QT_TRANSLATE_NOOP("RedFlagPage", "Not asked")),
)
TIER_LABELS = {
    RedFlagTier.EMERGENCY: QT_TRANSLATE_NOOP("RedFlagPage", "Emergency"),
    RedFlagTier.URGENT: QT_TRANSLATE_NOOP("RedFlagPage", "Urgent"),
    RedFlagTier.PROMPT: QT_TRANSLATE_NOOP("RedFlagPage", "Prompt"),
}


def tier_text(tier: RedFlagTier) -> str:
    """"Emergency", "Urgent" or "Prompt" in the user's language."""
    return QCoreApplication.translate("RedFlagPage", TIER_LABELS[tier])


def local_time(value: object) -> str:
    """A stored UTC time shown in local time."""
    from datetime import datetime

    return value.astimezone().strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else ""


class RedFlagPage(QWidget):
    """Ask, record, and follow up red flags for the episode shown."""

    recorded = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.title = self.tr("Red-flag screen")
        self.episode_id: int | None = None
        self._status: RedFlagStatus | None = None
        self.groups: dict[RedFlagItem, QButtonGroup] = {}
        self.code_labels: dict[RedFlagItem, QLabel] = {}
        self.suggestions: list[ScreenSuggestion] = []
        self._bulk_no: set[RedFlagItem] = set()
        body = QWidget()
        grid = QGridLayout(body)
        grid.setVerticalSpacing(3)
        for c, (_v, label) in enumerate(ANSWERS, start=2):
            grid.addWidget(QLabel("<b>" + QCoreApplication.translate("RedFlagPage", label) + "</b>"), 0, c)
        for r, item in enumerate(RedFlagItem, start=1):
            info = RED_FLAG_INFO[item]
            code = QLabel(f"<b>{item.value}</b>")
            self.code_labels[item] = code
            text = QLabel(info.description)
            text.setWordWrap(True)
            text.setToolTip(f"{info.condition} — {tier_text(info.tier)}")
            grid.addWidget(code, r, 0)
            grid.addWidget(text, r, 1)
            group = QButtonGroup(self)
            for c, (value, label) in enumerate(ANSWERS, start=2):
                button = QRadioButton()
                button.setAccessibleName(f"{item.value}: {QCoreApplication.translate('RedFlagPage', label)}")
                button.setProperty("answer", value)
                group.addButton(button, c)
                grid.addWidget(button, r, c)
            group.button(4).setChecked(True)  # not asked until asked; never defaulted to no
            self.groups[item] = group
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(RedFlagItem) + 1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.check_severe = QCheckBox(self.tr("Severe pain (raises I2 to urgent)"))
        self.btn_all_no = QPushButton(self.tr("Mark unanswered as No…"))
        self.btn_all_no.setToolTip(self.tr("After you have asked every remaining item: lists them and "
                                           "asks you to confirm first; the audit records it"))
        self.btn_record = QPushButton(self.tr("Record screen"))
        self.label_last = QLabel()
        self.label_last.setAccessibleName(self.tr("Last screen"))
        self.label_last.setWordWrap(True)
        self.label_suggestions = QLabel()
        self.label_suggestions.setAccessibleName(self.tr("Suggested to ask"))
        self.label_suggestions.setTextFormat(Qt.TextFormat.RichText)
        self.label_suggestions.setWordWrap(True)
        self.label_suggestions.setStyleSheet(
            "background:#fff8e6; border:1px solid #e6c46a; padding:4px 8px;")
        self.label_suggestions.hide()
        actions = QHBoxLayout()
        actions.addWidget(self.check_severe)
        actions.addStretch(1)
        actions.addWidget(self.btn_all_no)
        actions.addWidget(self.btn_record)

        self.list_open = QListWidget()
        self.list_open.setAccessibleName(self.tr("Open red flags"))
        self.btn_action = QPushButton(self.tr("Record action taken…"))
        self.btn_confirm = QPushButton(self.tr("Confirm exercise may continue…"))
        self.btn_confirm.setToolTip(self.tr(
            "A prompt flag holds exercise loading until you confirm, with the reason, that exercise "
            "may continue while the patient is referred"))
        self.btn_outcome = QPushButton(self.tr("Record outcome…"))
        self.btn_outcome.setToolTip(self.tr("Record the outcome of the medical review; this closes the "
                                            "flag and its referral task"))
        follow = QHBoxLayout()
        follow.addWidget(self.btn_action)
        follow.addWidget(self.btn_confirm)
        follow.addWidget(self.btn_outcome)
        follow.addStretch(1)
        box_open = QGroupBox(self.tr("Open red flags"))
        open_layout = QVBoxLayout(box_open)
        open_layout.addWidget(self.list_open)
        open_layout.addLayout(follow)

        intro = QLabel(self.tr(
            "Ask every item at every visit: answers are time-stamped and never reused. The "
            "screen prompts and escalates; it never diagnoses or clears a patient."))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.label_last)
        layout.addWidget(self.label_suggestions)
        layout.addWidget(scroll, 3)
        layout.addLayout(actions)
        layout.addWidget(box_open, 1)

        self.btn_record.clicked.connect(self.record)
        self.btn_all_no.clicked.connect(self.mark_unanswered_no)
        self.btn_action.clicked.connect(lambda: self._follow_up(outcome=False))
        self.btn_confirm.clicked.connect(self._confirm_exercise)
        self.btn_outcome.clicked.connect(lambda: self._follow_up(outcome=True))
        self.list_open.currentRowChanged.connect(lambda _r: self._update_buttons())
        self._update_buttons()

    # -- answers -------------------------------------------------------------------------

    def set_answer(self, item: RedFlagItem, answer: bool | None) -> None:
        """Tick Yes, No or Not asked."""
        value = "not_asked" if answer is None else ("yes" if answer else "no")
        for button in self.groups[item].buttons():
            if button.property("answer") == value:
                button.setChecked(True)

    def answers(self) -> dict[RedFlagItem, bool | None]:
        """The ticked answers (``None`` = not asked)."""
        result: dict[RedFlagItem, bool | None] = {}
        for item, group in self.groups.items():
            checked = group.checkedButton()
            value = checked.property("answer") if checked is not None else None
            result[item] = None if value in (None, "not_asked") else value == "yes"
        return result

    def mark_unanswered_no(self) -> None:
        """Mark every item still "not asked" as No, only after a confirmation naming them (C4)."""
        items = [item for item, answer in self.answers().items() if answer is None]
        if not items:
            QMessageBox.information(self, self.tr("Red-flag screen"),
                                    self.tr("Every item already has an answer."))
            return
        listed = "\n".join(f"• {item.value} — {RED_FLAG_INFO[item].description}" for item in items)
        text = self.tr(
            "Record No for these {0} items, which are still marked not asked?\n\n{1}\n\nOnly do "
            "this if you asked the patient every one of these questions and each answer was No. The "
            "audit trail records that these answers were marked No together.").format(len(items), listed)
        answer = QMessageBox.question(
            self, self.tr("Mark {0} items as No?").format(len(items)), text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        for item in items:
            self.set_answer(item, False)
        self._bulk_no.update(items)

    def reset(self) -> None:
        """A fresh screen: every item not asked."""
        for item in self.groups:
            self.set_answer(item, None)
        self.check_severe.setChecked(False)
        self._bulk_no.clear()

    def show_suggestions(self, suggestions: list[ScreenSuggestion]) -> None:
        """Items to ask because of age or the intake: shown and marked, never ticked (C5)."""
        self.suggestions = list(suggestions)
        suggested = {s.item for s in suggestions}
        for item, label in self.code_labels.items():
            label.setText(f"<b>{item.value}</b>" + (
                " <span style='color:#7a5200'>" + escape(self.tr("ask")) + "</span>"
                if item in suggested else ""))
        lines = [f"<b>{escape(s.item.value)}</b> "
                 f"{escape(QCoreApplication.translate('RedFlags', ITEM_NAMES[s.item]))}: {escape(s.reason)}"
                 for s in suggestions]
        self.label_suggestions.setText(
            "<b>" + escape(self.tr("Suggested to ask (from age and intake; not answers):")) + "</b><br>"
            + "<br>".join(lines) if lines else "")
        self.label_suggestions.setVisible(bool(lines))

    # -- episode -------------------------------------------------------------------------

    def show_status(self, episode_id: int | None, status: RedFlagStatus | None) -> None:
        """Show the last screen and the open flags of an episode."""
        changed_episode = episode_id != self.episode_id
        self.episode_id = episode_id
        self._status = status
        if changed_episode:
            self.reset()
        last = status.last_screen if status else None
        self.label_last.setText(
            self.tr("Last screened {0} by {1}.").format(local_time(last.screened_at),
                                                         last.screened_by)
            if last else self.tr("Not screened yet in this episode."))
        self.list_open.clear()
        for event in status.open_events if status else ():
            if event.confirmable:
                state = (self.tr("referral open; exercise confirmed: {0}").format(event.action_taken)
                         if event.acknowledged_at else
                         self.tr("referral open; exercise on hold until you confirm it may continue"))
            else:
                state = (self.tr("action recorded: {0}").format(event.action_taken)
                         if event.acknowledged_at else self.tr("no action recorded"))
            item = QListWidgetItem(f"{tier_text(event.tier).upper()} {event.item.value} — "
                                   f"{concern(event.item)}: {event.description} "
                                   f"(raised {local_time(event.raised_at)}; {state})")
            item.setData(Qt.ItemDataRole.UserRole, event.id)
            self.list_open.addItem(item)
        if self.list_open.count():
            self.list_open.setCurrentRow(0)
        enabled = episode_id is not None
        self.btn_record.setEnabled(enabled)
        self._update_buttons()
        if episode_id is None:
            self.show_suggestions([])
        else:
            self._ctx.reads.submit(
                partial(self._ctx.services.red_flags.suggestions, episode_id, self._ctx.today()),
                partial(self._suggested, episode_id), lambda _exc: self.show_suggestions([]))

    def _suggested(self, episode_id: int, suggestions: list[ScreenSuggestion]) -> None:
        if episode_id == self.episode_id:
            self.show_suggestions(suggestions)

    def _selected_event(self) -> RedFlagEventRow | None:
        item = self.list_open.currentItem()
        if item is None or self._status is None:
            return None
        event_id = item.data(Qt.ItemDataRole.UserRole)
        return next((e for e in self._status.open_events if e.id == event_id), None)

    def _update_buttons(self) -> None:
        event = self._selected_event()
        confirmable = event is not None and event.confirmable
        self.btn_action.setVisible(not confirmable)
        self.btn_confirm.setVisible(confirmable)
        self.btn_action.setEnabled(event is not None and event.acknowledged_at is None)
        self.btn_confirm.setEnabled(event is not None and event.needs_confirmation)
        self.btn_outcome.setEnabled(event is not None)

    # -- recording -----------------------------------------------------------------------

    def record(self) -> None:
        """Store the screen; an emergency stops the workflow until the action is recorded."""
        if self.episode_id is None:
            return
        answers = self.answers()
        self.btn_record.setEnabled(False)
        write(self._ctx, partial(self._ctx.services.red_flags.record_screen,
                                 self._ctx.require_actor(), self.episode_id, answers,
                                 severe_pain=self.check_severe.isChecked(),
                                 bulk_no=[i for i in self._bulk_no if answers[i] is False]),
              initiator=self, on_done=self._recorded, on_failed=self._failed,
              publish=False)  # _recorded publishes once an emergency has been acknowledged

    def _recorded(self, result: ScreenResult) -> None:
        self.btn_record.setEnabled(True)
        emergencies = [e for e in result.new_events if e.tier is RedFlagTier.EMERGENCY]
        if emergencies:
            EmergencyDialog(self._ctx, emergencies, self).exec()
        elif result.flags:
            raised = "\n".join(f"• {concern(f.item)} — {tier_text(f.tier)}: {f.advice}"
                               for f in result.flags)
            if any(e.needs_confirmation for e in result.new_events):
                raised += "\n\n" + self.tr(
                    "A referral task is now on the chart. Exercise loading is on hold until you "
                    "confirm below, with the reason, that exercise may continue.")
            QMessageBox.warning(self, self.tr("Red flags raised"), raised)
        self._ctx.bus.publish(result.changes, self)
        self.recorded.emit(result)
        self.reset()

    def _failed(self, exc: BaseException) -> None:
        self.btn_record.setEnabled(True)
        QMessageBox.warning(self, self.tr("Red-flag screen"), describe(exc))

    def _follow_up(self, outcome: bool) -> None:
        event = self._selected_event()
        if event is not None:
            FlagNoteDialog(self._ctx, event, outcome, self).exec()

    def _confirm_exercise(self) -> None:
        event = self._selected_event()
        if event is not None and event.needs_confirmation:
            ConfirmExerciseDialog(self._ctx, event, self).exec()


def banner_html(status: RedFlagStatus) -> str:
    """The chart-header banner for open flags ("" when none)."""
    if not status.open_events:
        return ""
    lines = []
    for e in status.open_events:
        colour = "#b00020" if e.tier is not RedFlagTier.PROMPT else "#7a5200"
        task = (f" Referral task: {action_requested(e.item, e.tier)}, open until its outcome is recorded."
                if e.tier is RedFlagTier.PROMPT else "")
        lines.append(f"<span style='color:{colour}; font-weight:600'>"
                     f"{escape(TIER_LABELS[e.tier].upper())} red flag {escape(e.item.value)}</span>"
                     f" — {escape(concern(e.item))}: {escape(e.description)} "
                     f"<i>({escape(e.state.state_words)})</i>{escape(task)}")
    if status.loading_locked:
        lines.append("<i>" + escape(status.lock_reason) + "</i>")
    return "<br>".join(lines)
