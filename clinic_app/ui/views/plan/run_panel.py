"""Walk/run programme (stages, sessions, the walk/run decision, the clinician's confirmation and
restart) and weekly adherence."""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.errors import ConflictError, ValidationError
from clinic_app.domain.load.training import week_start
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.domain.rehab.plans import PHASE_LABELS
from clinic_app.domain.rehab.return_to_run import ScheduleGateState, SessionReport, StageDecision, stage_info
from clinic_app.services.context import Changes
from clinic_app.services.dto import EpisodeRow
from clinic_app.services.plans import AdherenceRow
from clinic_app.services.run_programme import RunDecisionRow, RunProgramme, RunSessionRow
from clinic_app.ui.conflicts import KeepMine, keep_mine
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe, field_messages
from clinic_app.ui.operations import write
from clinic_app.ui.views.plan.run_dialogs import ConfirmRunDialog, RestartRunDialog
from clinic_app.ui.widgets.forms import DateLineEdit
from clinic_app.ui.widgets.inputs import NumberEdit
from clinic_app.ui.widgets.tables import configure_table

ACTION_WORDS = {
    "advance": QT_TRANSLATE_NOOP("RunPanel", "Advance"),
    "repeat": QT_TRANSLATE_NOOP("RunPanel", "Repeat"),
    "drop": QT_TRANSLATE_NOOP("RunPanel", "Drop a stage"),
    "stop": QT_TRANSLATE_NOOP("RunPanel", "Stop"),
}
WARNING_STYLE = "color:#8a4b00;font-weight:600;"


class RunPanel(QWidget):
    """Log walk/run sessions; the domain core decides the next stage and says why."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.episode: EpisodeRow | None = None
        self._adherence_versions: dict[date, int] = {}
        self._adherence_loaded: dict[date, dict[str, int]] = {}
        self._adherence_sent: tuple[date, dict[str, int] | None] | None = None
        self._adherence_conflict: tuple[ConflictError, date, dict[str, int] | None] | None = None
        self.stage = 1
        self.label_stage = QLabel()
        self.label_stage.setWordWrap(True)
        self.label_stage.setAccessibleName(self.tr("Current stage"))
        self.label_decision = QLabel()
        self.label_decision.setWordWrap(True)
        self.label_decision.setAccessibleName(self.tr("Decision"))
        self.label_decision.setStyleSheet("font-weight:600;")
        self.label_gate = QLabel()
        self.label_gate.setWordWrap(True)
        self.label_gate.setAccessibleName(self.tr("Walk/run schedule"))
        self.btn_confirm = QPushButton(self.tr("Confirm return to run…"))
        self.btn_confirm.setVisible(False)
        self.label_review = QLabel()
        self.label_review.setWordWrap(True)
        self.label_review.setAccessibleName(self.tr("Clinician review"))
        self.label_review.setStyleSheet(WARNING_STYLE)
        self.label_review.setVisible(False)
        self.btn_restart = QPushButton(self.tr("Restart programme…"))
        self.btn_restart.setVisible(False)
        self.programme: RunProgramme | None = None
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Stage"), self.tr("Pain"),
                                              self.tr("Next"), self.tr("Decision")])
        self.table.setAccessibleName(self.tr("Walk/run sessions"))
        configure_table(self.table, {0: 86, 1: 44, 2: 44, 3: 44}, stretch=4)
        self.edit_date = DateLineEdit()
        self.edit_date.set_date(ctx.today())
        self.edit_pain, self.edit_morning, self.edit_baseline = NumberEdit(), NumberEdit(), NumberEdit()
        self.check_neuro = QCheckBox(self.tr("New or worse leg / nerve symptoms"))
        self.check_swelling = QCheckBox(self.tr("Swelling, stiffness or limp"))
        self.check_48h = QCheckBox(self.tr("Symptoms lasted over 48 h"))
        self.check_flag = QCheckBox(self.tr("Red flag or new deficit"))
        self.btn_log = QPushButton(self.tr("Log session"))
        form = QFormLayout()
        for label, widget in ((self.tr("Session date:"), self.edit_date),
                              (self.tr("Pain during (0-10):"), self.edit_pain),
                              (self.tr("Next-morning pain:"), self.edit_morning),
                              (self.tr("Usual morning pain:"), self.edit_baseline)):
            widget.setAccessibleName(label.rstrip(":"))
            form.addRow(label, widget)
        for box in (self.check_neuro, self.check_swelling, self.check_48h, self.check_flag):
            form.addRow("", box)
        form.addRow(self.btn_log)
        box_run = QGroupBox(self.tr("Return to run"))
        run_layout = QVBoxLayout(box_run)
        run_layout.addWidget(self.label_stage)
        run_layout.addWidget(self.label_gate)
        run_layout.addWidget(self.btn_confirm)
        run_layout.addWidget(self.label_review)
        run_layout.addWidget(self.btn_restart)
        run_layout.addWidget(self.table, 1)
        run_layout.addLayout(form)
        run_layout.addWidget(self.label_decision)

        self.edit_week = DateLineEdit()
        self.edit_week.set_date(ctx.today())
        self.edit_done, self.edit_prescribed = NumberEdit(), NumberEdit()
        self.btn_adherence = QPushButton(self.tr("Record"))
        self.label_adherence = QLabel()
        self.label_adherence.setWordWrap(True)
        self.label_adherence.setAccessibleName(self.tr("Adherence"))
        for widget, name in ((self.edit_week, self.tr("Week of")), (self.edit_done, self.tr("Done")),
                             (self.edit_prescribed, self.tr("Prescribed"))):
            widget.setAccessibleName(name)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Week of")))
        row.addWidget(self.edit_week)
        row.addWidget(self.edit_done)
        row.addWidget(QLabel(self.tr("of")))
        row.addWidget(self.edit_prescribed)
        row.addWidget(self.btn_adherence)
        box_adherence = QGroupBox(self.tr("Adherence (sessions done, as reported)"))
        adherence_layout = QVBoxLayout(box_adherence)
        adherence_layout.addLayout(row)
        adherence_layout.addWidget(self.label_adherence)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box_run, 1)
        layout.addWidget(box_adherence)
        self.btn_log.clicked.connect(self.log_session)
        self.btn_confirm.clicked.connect(self.confirm_return_to_run)
        self.btn_restart.clicked.connect(self.restart_programme)
        self.btn_adherence.clicked.connect(self.record_adherence)
        self._lock = ""
        self._next_text = ""

    def load(self, episode: EpisodeRow | None) -> None:
        """Show an episode's sessions and adherence."""
        self.episode = episode
        if episode is None:
            self.programme = None
            self.table.setRowCount(0)
            self.label_stage.setText("")
            self.label_gate.setText("")
            for widget in (self.btn_confirm, self.label_review, self.btn_restart):
                widget.setVisible(False)
            return
        plans, episode_id = self._ctx.services.plans, episode.id
        self._ctx.reads.submit(lambda: (plans.run_programme(episode_id), plans.adherence(episode_id)),
                               self._show, self._failed)

    def _rows(self, programme: RunProgramme) -> list[tuple[str, ...]]:
        """Sessions and the clinician's decisions, in date order."""
        keyed = [((s.session_date, s.id), self._session_row(s)) for s in programme.sessions]
        keyed += [((d.day, d.id), self._decision_row(d)) for d in programme.decisions]
        return [row for _, row in sorted(keyed, key=lambda entry: entry[0])]

    def _session_row(self, s: RunSessionRow) -> tuple[str, ...]:
        action = ACTION_WORDS.get(s.decision.action)
        words = QCoreApplication.translate("RunPanel", action) if action else s.decision.action
        return (s.session_date.isoformat(), str(s.stage), str(s.report.pain_during), str(s.decision.stage),
                f"{words}: {s.decision.reason}")

    def _decision_row(self, d: RunDecisionRow) -> tuple[str, ...]:
        text = (self.tr("Restarted by {0}: {1}") if d.kind == "restart"
                else self.tr("Return to run confirmed by {0}: {1}")).format(d.recorded_by, d.note)
        return (d.day.isoformat(), "", "", str(d.stage), text)

    def _show(self, result: tuple[RunProgramme, list[AdherenceRow]]) -> None:
        programme, adherence = result
        self.programme = programme
        self._adherence_versions = {a.week_start: a.version for a in adherence}
        self._adherence_loaded = {a.week_start: {"done": a.done, "prescribed": a.prescribed}
                                  for a in adherence}
        rows = self._rows(programme)
        self.table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(values[-1])
                self.table.setItem(r, c, item)
        self.stage = programme.stage
        stopped = programme.stopped
        info = stage_info(self.stage)
        self._next_text = (self.tr("Next session: stage {0} — {1} ({2} min). Alternate days, "
                                   "flat ground.").format(info.number, info.format, info.total_min)
                           + (" " + self.tr("Programme stopped for review.") if stopped else ""))
        self._show_stage()
        gate = programme.gate
        self.label_gate.setText(self.tr("Walk/run schedule: {0}").format(gate.reason))
        self.label_gate.setStyleSheet("" if gate.allowed else WARNING_STYLE)
        self.btn_confirm.setVisible(gate.state == ScheduleGateState.NOT_YET)
        self.btn_restart.setVisible(stopped)
        last = programme.sessions[-1].decision if programme.sessions else None
        reason = programme.stop_reason if stopped else (
            last.reason if programme.needs_review and last is not None else "")
        review = self.tr("Review needed. {0}").format(reason) if reason else ""
        self.label_review.setText(review)
        self.label_review.setVisible(bool(review))
        self.label_adherence.setText("; ".join(
            f"{a.week_start.isoformat()}: {a.done}/{a.prescribed}" for a in adherence[-6:])
            or self.tr("Nothing recorded yet."))
        self._update_enabled()

    def set_locked(self, reason: str) -> None:
        """Loading is locked by an open red flag: say why and refuse new sessions."""
        previous, self._lock = self._lock, reason
        self._update_enabled()
        self._show_stage()
        if reason:
            self.label_decision.setText(reason)
        elif previous and self.label_decision.text() == previous:
            self.label_decision.clear()

    def _show_stage(self) -> None:
        """The next session, or none while loading is locked."""
        self.label_stage.setText(self.tr("Walk/run paused: no next session while loading is locked.")
                                 if self._lock else self._next_text)

    def _update_enabled(self) -> None:
        for button in (self.btn_log, self.btn_confirm, self.btn_restart):
            button.setEnabled(self.episode is not None and not self._lock)
            button.setToolTip(self._lock)

    def confirm_return_to_run(self) -> None:
        """Ask why running may start before phase 3, then record the confirmation (C7)."""
        if self.episode is None or self.programme is None:
            return
        phase = self.programme.plan_phase
        where = (self.tr("there is no rehab plan yet") if phase is None
                 else self.tr("the plan is in phase {0}").format(
                     QCoreApplication.translate("RehabPhase", PHASE_LABELS[phase])))
        reason = ConfirmRunDialog.ask(self, where)
        if reason is None:
            return
        write(self._ctx, partial(self._ctx.services.plans.confirm_return_to_run,
                                 self._ctx.require_actor(), self.episode.id, reason,
                                 self._ctx.today()),
              initiator=self, on_done=self._changed, on_failed=self._write_failed)

    def restart_programme(self) -> None:
        """After a STOP: record the review outcome and restart at the stage chosen."""
        if self.episode is None or self.programme is None or not self.programme.stopped:
            return
        choice = RestartRunDialog.ask(self, self.programme.stage, self.programme.stop_reason)
        if choice is None:
            return
        outcome, stage = choice
        write(self._ctx, partial(self._ctx.services.plans.restart_run_programme,
                                 self._ctx.require_actor(), self.episode.id, outcome, stage,
                                 self._ctx.today()),
              initiator=self, on_done=self._changed, on_failed=self._write_failed)

    def _changed(self, _changes: Changes) -> None:  # published by the operation
        self.label_decision.setText("")
        self.load(self.episode)

    def log_session(self) -> None:
        """Apply the 24-hour rule to the session typed and show the decision with its reason."""
        if self.episode is None:
            return
        edits = (self.edit_pain, self.edit_morning, self.edit_baseline)
        day = self.edit_date.date_value()
        if day is None or any(e.int_value() is None for e in edits):
            self.label_decision.setText(self.tr("Type the date and the three pain scores (0-10)."))
            return
        try:
            report = SessionReport(self.edit_pain.int_value() or 0, self.edit_morning.int_value() or 0,
                                   self.edit_baseline.int_value() or 0, self.check_neuro.isChecked(),
                                   self.check_swelling.isChecked(), self.check_48h.isChecked(),
                                   self.check_flag.isChecked())
        except ValueError as exc:
            self.label_decision.setText(str(exc))
            return
        self.btn_log.setEnabled(False)
        write(self._ctx, partial(self._ctx.services.plans.log_run_session,
                                 self._ctx.require_actor(), self.episode.id, day, report,
                                 self._ctx.today()),
              initiator=self, on_done=self._logged, on_failed=self._write_failed)

    def _logged(self, decision: StageDecision) -> None:
        action = ACTION_WORDS.get(decision.action)
        words = QCoreApplication.translate("RunPanel", action) if action else decision.action
        self.label_decision.setText(self.tr("{action} → stage {stage}: {reason}").format(
            action=words, stage=decision.stage, reason=decision.reason))
        for box in (self.check_neuro, self.check_swelling, self.check_48h, self.check_flag):
            box.setChecked(False)
        self.load(self.episode)

    def record_adherence(self) -> None:
        """Store the week's reported adherence."""
        day = self.edit_week.date_value()
        done, prescribed = self.edit_done.int_value(), self.edit_prescribed.int_value()
        if self.episode is None or day is None or done is None or prescribed is None:
            self.label_adherence.setText(self.tr("Type the week and both numbers."))
            return
        plans, actor, episode_id, today = (self._ctx.services.plans, self._ctx.require_actor(),
                                           self.episode.id, self._ctx.today())
        week = week_start(day)
        mine = {"done": done, "prescribed": prescribed}
        pending = self._adherence_conflict
        if pending is not None and pending[1] == week:  # keep mine: show what differs first

            def fetch() -> tuple[dict[str, int], int]:
                row = next((r for r in plans.adherence(episode_id) if r.week_start == week), None)
                return ({"done": row.done, "prescribed": row.prescribed}, row.version) if row else (
                    {"done": 0, "prescribed": 0}, 0)

            keep_mine(self, self._ctx, pending[0], KeepMine(
                entity=pending[0].entity, base=pending[2], mine=mine, fetch=fetch,
                save=lambda values, version: plans.record_adherence(
                    actor, episode_id, day, values["done"], values["prescribed"], today, version),
                labels={"done": self.tr("Done"), "prescribed": self.tr("Prescribed")}),
                on_saved=self._adherence_saved, on_failed=self._adherence_failed)
            return
        self._adherence_sent = (week, self._adherence_loaded.get(week))
        write(self._ctx, partial(plans.record_adherence, actor, episode_id, day, done, prescribed,
                                 today, self._adherence_versions.get(week, 0)),
              initiator=self, on_done=self._adherence_saved, on_failed=self._adherence_failed,
              publish=False)  # _adherence_saved publishes (it also ends a keep-mine save)

    def _adherence_saved(self, changes: Changes) -> None:
        self._adherence_conflict = None
        self._ctx.bus.publish(changes, self)
        self.load(self.episode)

    def _adherence_failed(self, exc: BaseException) -> None:
        self._write_failed(exc)
        if isinstance(exc, ConflictError) and self.episode is not None:
            if self._adherence_sent is not None:
                week, base = self._adherence_sent
                self._adherence_conflict = (exc, week, base)
            self.load(self.episode)  # their numbers; Record again shows what differs, keeps yours

    def _write_failed(self, exc: BaseException) -> None:
        self._update_enabled()
        self.label_decision.setText(" ".join(field_messages(exc).values()) if isinstance(exc, ValidationError)
                                    else describe(exc))

    def _failed(self, exc: BaseException) -> None:
        self.label_stage.setText(describe(exc))
