"""An episode's walk/run programme: logged sessions, clinician confirmations and restarts.

The programme's log is the ``run_session`` table. Besides the sessions a runner reports, it holds
two kinds of clinician decision, told apart by ``action`` (no new table needed):

* ``confirm`` — the clinician confirms that running may start before the plan reaches phase 3
  (CLINICAL.md C7); ``reason`` holds why, ``next_stage`` the stage at the time.
* ``restart`` — after a STOP decision, the review outcome (``reason``) and the stage chosen to
  restart at (``next_stage``); ``report`` names the STOP session it answers.

Both keep who (``logged_by_id``) and when (``logged_at``, ``session_date``) and write an audit row.
The log is read in the order it was written (by id): each decision was made from the state then.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic_app.domain.access import Action
from clinic_app.domain.errors import RecordLocked, ValidationError
from clinic_app.domain.messages import Message, msg
from clinic_app.domain.rehab.exercises import RehabPhase
from clinic_app.domain.rehab.return_to_run import (
    FINAL_STAGE,
    ScheduleGate,
    SessionReport,
    StageAction,
    StageDecision,
    next_stage,
    run_schedule_gate,
)
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import PlanRevision, RunSession
from clinic_app.services.access import authorize
from clinic_app.services.clinical_settings import read_clinical_settings
from clinic_app.services.context import Actor, Changes, audit, display_names, load_episode
from clinic_app.services.red_flags import RedFlagService
from clinic_app.services.text_checks import refuse_unstorable

logger = logging.getLogger(__name__)

ENTRY_CONFIRM = "confirm"
ENTRY_RESTART = "restart"
_ENTRIES = (ENTRY_CONFIRM, ENTRY_RESTART)
NOTE_MAX = 1000


@dataclass(frozen=True, slots=True)
class RunSessionRow:
    """A logged walk/run session and its decision."""

    id: int
    session_date: date
    stage: int
    report: SessionReport
    decision: StageDecision
    logged_by: str
    logged_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RunDecisionRow:
    """A clinician's decision in the programme: return to run confirmed, or a restart after STOP."""

    id: int
    kind: str
    day: date
    stage: int
    """For a restart the stage chosen; for a confirmation the stage the runner was at."""
    note: str
    """The reason for confirming, or the outcome of the review before restarting."""
    recorded_at: datetime
    recorded_by: str

    @property
    def who_when(self) -> str:
        """"Dr Amira Ahmed on 2026-11-20"."""
        return f"{self.recorded_by} on {self.day.isoformat()}"


@dataclass(frozen=True, slots=True)
class RunProgramme:
    """Everything the run panel and the schedule gate need for one episode."""

    episode_id: int
    sessions: tuple[RunSessionRow, ...]
    """In date order, as the table lists them."""
    decisions: tuple[RunDecisionRow, ...]
    stage: int
    """The stage of the next session."""
    stopped: bool
    stop_reason: str
    needs_review: bool
    """The latest session dropped a stage or stopped the programme: the clinician is told."""
    plan_phase: RehabPhase | None
    """None when the episode has no saved plan."""
    gate: ScheduleGate


@dataclass(slots=True)
class _Position:
    """The programme's state after reading its log in written order."""

    stage: int = 1
    stopped: bool = False
    stop_reason: str = ""
    stop_session: int | None = None
    since: tuple[SessionReport, ...] = ()
    """Sessions done at the current stage since it was reached (or since a restart)."""


def _position(log: list[RunSessionRow | RunDecisionRow]) -> _Position:
    pos, since_stage = _Position(), None
    for entry in log:
        if isinstance(entry, RunDecisionRow):
            if entry.kind == ENTRY_RESTART:
                pos, since_stage = _Position(entry.stage), None
            continue
        pos.since = (*pos.since, entry.report) if entry.stage == since_stage else (entry.report,)
        since_stage = entry.stage
        pos.stage = entry.decision.stage
        if pos.stage != entry.stage:  # a new stage starts with no sessions done at it
            pos.since, since_stage = (), None
        pos.stopped = entry.decision.action == StageAction.STOP
        pos.stop_reason = entry.decision.reason if pos.stopped else ""
        pos.stop_session = entry.id if pos.stopped else None
    return pos


def _session(row: RunSession, who: str) -> RunSessionRow:
    action = StageAction(row.action)
    decision = StageDecision(action, row.next_stage, row.reason,
                             notify_clinician=action in (StageAction.DROP, StageAction.STOP),
                             programme_complete=action == StageAction.ADVANCE and row.stage == FINAL_STAGE)
    return RunSessionRow(row.id, row.session_date, row.stage, SessionReport(**json.loads(row.report)),
                         decision, who, row.logged_at)


def _report_data(r: SessionReport) -> str:
    return json.dumps({"pain_during": r.pain_during, "next_morning_pain": r.next_morning_pain,
                       "baseline_morning_pain": r.baseline_morning_pain,
                       "new_leg_or_neuro_symptoms": r.new_leg_or_neuro_symptoms,
                       "swelling_stiffness_limp": r.swelling_stiffness_limp,
                       "symptoms_over_48h": r.symptoms_over_48h,
                       "red_flag_or_new_deficit": r.red_flag_or_new_deficit})


class RunProgrammeService:
    """Log sessions by the walk/run rules, and record the clinician's confirmations and restarts."""

    def __init__(self, db: Database, red_flags: RedFlagService) -> None:
        self._db = db
        self._red_flags = red_flags

    # -- reading -------------------------------------------------------------------------

    def programme(self, episode_id: int) -> RunProgramme:
        """Sessions, decisions, the next stage and whether a schedule may be printed."""
        with self._db.reading() as s:
            log = self._log(s, episode_id)
            plan = s.scalars(select(PlanRevision.data).where(PlanRevision.episode_id == episode_id)
                             .order_by(PlanRevision.revision.desc()).limit(1)).first()
        phase = RehabPhase(json.loads(plan).get("phase", RehabPhase.SETTLE.value)) if plan else None
        pos = _position(log)
        sessions = sorted((e for e in log if isinstance(e, RunSessionRow)),
                          key=lambda r: (r.session_date, r.id))
        decisions = tuple(e for e in log if isinstance(e, RunDecisionRow))
        last = log[-1] if log else None
        confirmed = decisions[-1].who_when if decisions else None
        return RunProgramme(
            episode_id, tuple(sessions), decisions, pos.stage, pos.stopped, pos.stop_reason,
            isinstance(last, RunSessionRow) and last.decision.notify_clinician, phase,
            run_schedule_gate(phase, confirmed, pos.stopped))

    def sessions(self, episode_id: int) -> list[RunSessionRow]:
        """Logged sessions in date order (clinician decisions left out)."""
        with self._db.reading() as s:
            log = self._log(s, episode_id)
        return sorted((e for e in log if isinstance(e, RunSessionRow)), key=lambda r: (r.session_date, r.id))

    def current_stage(self, episode_id: int) -> int:
        """The stage the runner should do next (1 before any session)."""
        with self._db.reading() as s:
            return _position(self._log(s, episode_id)).stage

    def stopped(self, episode_id: int) -> bool:
        """True while a STOP decision waits for the clinician's restart."""
        with self._db.reading() as s:
            return _position(self._log(s, episode_id)).stopped

    def require_schedule(self, episode_id: int) -> None:
        """Refuse a dated walk/run schedule unless return to run has begun (CLINICAL.md C7).

        Raises:
            RecordLocked: loading is locked by a red flag, the programme is stopped, or the plan is
                not yet at return to run and no clinician has confirmed that running may start.
        """
        status = self._red_flags.status(episode_id)
        if status.loading_locked:
            raise RecordLocked(status.lock_reason)
        gate = self.programme(episode_id).gate
        if not gate.allowed:
            raise RecordLocked(gate.reason)

    # -- changing ------------------------------------------------------------------------

    def log_session(self, actor: Actor, episode_id: int, session_date: date, report: SessionReport,
                    today: date) -> StageDecision:
        """Record a session at the current stage and decide the next step (walk/run rules)."""
        authorize(self._db, actor, Action.WRITE_PLAN)
        refuse_unstorable(report, "report")
        self._require_unlocked(episode_id)
        if session_date > today:
            raise ValidationError({"session_date": msg("run_programme.session_cannot_logged_future")})
        with self._db.writing() as s:
            episode = load_episode(s, episode_id)
            if session_date < episode.start_date:
                raise ValidationError({"session_date": msg("run_programme.session_before_episode_started")})
            pos = _position(self._log(s, episode_id))
            if pos.stopped:
                raise RecordLocked(msg("run_programme.programme_was_stopped_review_clinician"))
            decision = next_stage(pos.stage, [*pos.since, report], read_clinical_settings(s))
            row = RunSession(episode_id=episode_id, session_date=session_date, stage=pos.stage,
                             report=_report_data(report), action=decision.action.value,
                             next_stage=decision.stage, reason=decision.reason,
                             logged_by_id=actor.user_id)
            s.add(row)
            s.flush()
            audit(s, actor, "create", "run_session", row.id, [decision.action.value])
        return decision

    def confirm_start(self, actor: Actor, episode_id: int, reason: str, today: date) -> Changes:
        """Record the clinician's confirmation that running may start before phase 3 (C7)."""
        authorize(self._db, actor, Action.WRITE_PLAN)
        refuse_unstorable(reason, "reason")
        self._require_unlocked(episode_id)
        note = reason.strip()
        if not note or len(note) > NOTE_MAX:
            raise ValidationError({"reason": msg("run_programme.say_why_running_may_start",
                                                 note_max=NOTE_MAX)})
        with self._db.writing() as s:
            episode = load_episode(s, episode_id)
            pos = _position(self._log(s, episode_id))
            if pos.stopped:
                raise ValidationError({"reason": msg("run_programme.programme_stopped_review_record_review")})
            self._add_entry(s, actor, episode_id, ENTRY_CONFIRM, today, pos.stage, note, None)
            audit(s, actor, "confirm", "return_to_run", episode_id, ["reason"])
            return Changes(patients=frozenset({episode.patient_id}), entity="run_programme")

    def restart(self, actor: Actor, episode_id: int, review_outcome: str, stage: int,
                today: date) -> Changes:
        """After a STOP: record the review outcome and restart at a stage no higher than before."""
        authorize(self._db, actor, Action.WRITE_PLAN)
        refuse_unstorable(review_outcome, "review_outcome")
        self._require_unlocked(episode_id)
        note = review_outcome.strip()
        with self._db.writing() as s:
            episode = load_episode(s, episode_id)
            pos = _position(self._log(s, episode_id))
            errors: dict[str, str | Message] = {}
            if not pos.stopped:
                errors["restart"] = msg("run_programme.programme_not_stopped_so_there")
            if not note or len(note) > NOTE_MAX:
                errors["review_outcome"] = (msg("run_programme.record_what_review_found_decided",
                                                note_max=NOTE_MAX))
            if type(stage) is not int or not 1 <= stage <= pos.stage:
                errors["stage"] = (msg("run_programme.restart_stage_1_programme_stopped", stage=pos.stage))
            if errors:
                raise ValidationError(errors)
            self._add_entry(s, actor, episode_id, ENTRY_RESTART, today, stage, note, pos.stop_session)
            audit(s, actor, "restart", "run_programme", episode_id, ["review_outcome", "stage"])
            return Changes(patients=frozenset({episode.patient_id}), entity="run_programme")

    # -- helpers -------------------------------------------------------------------------

    def _require_unlocked(self, episode_id: int) -> None:
        status = self._red_flags.status(episode_id)
        if status.loading_locked:
            raise RecordLocked(status.lock_reason)

    @staticmethod
    def _add_entry(s: Session, actor: Actor, episode_id: int, kind: str, today: date, stage: int,
                   note: str, after_session: int | None) -> None:
        s.add(RunSession(episode_id=episode_id, session_date=today, stage=stage,
                         report=json.dumps({"entry": kind, "after_session": after_session}),
                         action=kind, next_stage=stage, reason=note, logged_by_id=actor.user_id))
        s.flush()

    @staticmethod
    def _log(s: Session, episode_id: int) -> list[RunSessionRow | RunDecisionRow]:
        names = display_names(s)
        rows = s.scalars(select(RunSession).where(RunSession.episode_id == episode_id)
                         .order_by(RunSession.id))
        log: list[RunSessionRow | RunDecisionRow] = []
        for r in rows:
            who = names.get(r.logged_by_id, "")
            if r.action in _ENTRIES:
                log.append(RunDecisionRow(r.id, r.action, r.session_date, r.next_stage, r.reason,
                                          r.logged_at, who))
            else:
                log.append(_session(r, who))
        return log
