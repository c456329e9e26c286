"""Walk/run programme (stages, sessions, the 24-hour-rule decision) and weekly adherence."""

from __future__ import annotations

from functools import partial

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

from clinic_app.domain.errors import ValidationError
from clinic_app.domain.return_to_run import SessionReport, StageDecision, stage_info
from clinic_app.services.context import Changes
from clinic_app.services.dto import EpisodeRow
from clinic_app.services.plans import AdherenceRow, RunSessionRow
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe
from clinic_app.ui.widgets.forms import DateLineEdit
from clinic_app.ui.widgets.inputs import NumberEdit
from clinic_app.ui.widgets.tables import configure_table

ACTION_WORDS = {"advance": "Advance", "repeat": "Repeat", "drop": "Drop a stage", "stop": "Stop"}


class RunPanel(QWidget):
    """Log walk/run sessions; the domain core decides the next stage and says why."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.episode: EpisodeRow | None = None
        self.stage = 1
        self.label_stage = QLabel()
        self.label_stage.setWordWrap(True)
        self.label_stage.setAccessibleName(self.tr("Current stage"))
        self.label_decision = QLabel()
        self.label_decision.setWordWrap(True)
        self.label_decision.setAccessibleName(self.tr("Decision"))
        self.label_decision.setStyleSheet("font-weight:600;")
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
        self.btn_adherence.clicked.connect(self.record_adherence)
        self._lock = ""

    def load(self, episode: EpisodeRow | None) -> None:
        """Show an episode's sessions and adherence."""
        self.episode = episode
        if episode is None:
            self.table.setRowCount(0)
            self.label_stage.setText("")
            return
        plans, episode_id = self._ctx.services.plans, episode.id
        self._ctx.reads.submit(lambda: (plans.run_sessions(episode_id), plans.adherence(episode_id)),
                               self._show, self._failed)

    def _show(self, result: tuple[list[RunSessionRow], list[AdherenceRow]]) -> None:
        sessions, adherence = result
        self.table.setRowCount(len(sessions))
        for r, s in enumerate(sessions):
            values = (s.session_date.isoformat(), str(s.stage), str(s.report.pain_during),
                      str(s.decision.stage), f"{ACTION_WORDS.get(s.decision.action, s.decision.action)}"
                                             f": {s.decision.reason}")
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(s.decision.reason)
                self.table.setItem(r, c, item)
        self.stage = sessions[-1].decision.stage if sessions else 1
        stopped = bool(sessions) and sessions[-1].decision.action == "stop"
        info = stage_info(self.stage)
        self.label_stage.setText(self.tr("Next session: stage {0} — {1} ({2} min). Alternate days, "
                                         "flat ground.").format(info.number, info.format, info.total_min)
                                 + (" " + self.tr("Programme stopped for review.") if stopped else ""))
        self.label_adherence.setText("; ".join(
            f"{a.week_start.isoformat()}: {a.done}/{a.prescribed}" for a in adherence[-6:])
            or self.tr("Nothing recorded yet."))
        self._update_enabled()

    def set_locked(self, reason: str) -> None:
        """Loading is locked by an open red flag: say why and refuse new sessions."""
        self._lock = reason
        self._update_enabled()
        if reason:
            self.label_decision.setText(reason)

    def _update_enabled(self) -> None:
        self.btn_log.setEnabled(self.episode is not None and not self._lock)
        self.btn_log.setToolTip(self._lock)

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
        self._ctx.writes.submit(
            partial(self._ctx.services.plans.log_run_session, self._ctx.require_actor(),
                    self.episode.id, day, report, self._ctx.today()),
            self._logged, self._write_failed)

    def _logged(self, decision: StageDecision) -> None:
        self.label_decision.setText(f"{ACTION_WORDS.get(decision.action, decision.action)} → "
                                    f"stage {decision.stage}: {decision.reason}")
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
        self._ctx.writes.submit(
            partial(self._ctx.services.plans.record_adherence, self._ctx.require_actor(),
                    self.episode.id, day, done, prescribed, self._ctx.today()),
            self._adherence_saved, self._write_failed)

    def _adherence_saved(self, changes: Changes) -> None:
        self._ctx.bus.publish(changes, self)
        self.load(self.episode)

    def _write_failed(self, exc: BaseException) -> None:
        self._update_enabled()
        self.label_decision.setText(" ".join(exc.errors.values()) if isinstance(exc, ValidationError)
                                    else describe(exc))

    def _failed(self, exc: BaseException) -> None:
        self.label_stage.setText(describe(exc))
