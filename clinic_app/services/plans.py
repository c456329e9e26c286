"""Rehab plans per episode (every change kept), templates, walk/run sessions and adherence."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic_app.domain.errors import ConflictError, NotFoundError, RecordLocked, ValidationError
from clinic_app.domain.patients import Role
from clinic_app.domain.plans import (
    Plan,
    Template,
    builtin_templates,
    plan_from_data,
    plan_to_data,
    validate_plan,
)
from clinic_app.domain.return_to_run import SessionReport, StageDecision, next_stage
from clinic_app.domain.training import week_start
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import (
    AdherenceWeekRow,
    PlanRevision,
    PlanTemplateRow,
    RunSession,
    User,
)
from clinic_app.services.context import Actor, Changes, audit, load_episode, require_role
from clinic_app.services.exercises import ExerciseService
from clinic_app.services.red_flags import RedFlagService

logger = logging.getLogger(__name__)

_CLINICAL = (Role.CLINICIAN, Role.ADMIN)


@dataclass(frozen=True, slots=True)
class PlanRecord:
    """A plan as saved at one revision (revision 0: no plan yet)."""

    episode_id: int
    revision: int
    plan: Plan
    saved_at: datetime | None
    saved_by: str


@dataclass(frozen=True, slots=True)
class RunSessionRow:
    """A logged walk/run session and its decision."""

    id: int
    session_date: date
    stage: int
    report: SessionReport
    decision: StageDecision
    logged_by: str


@dataclass(frozen=True, slots=True)
class AdherenceRow:
    """Sessions done against sessions prescribed in a week."""

    week_start: date
    done: int
    prescribed: int


def _report_data(r: SessionReport) -> str:
    return json.dumps({"pain_during": r.pain_during, "next_morning_pain": r.next_morning_pain,
                       "baseline_morning_pain": r.baseline_morning_pain,
                       "new_leg_or_neuro_symptoms": r.new_leg_or_neuro_symptoms,
                       "swelling_stiffness_limp": r.swelling_stiffness_limp,
                       "symptoms_over_48h": r.symptoms_over_48h,
                       "red_flag_or_new_deficit": r.red_flag_or_new_deficit})


class PlanService:
    """Plans are saved as revisions; loading is locked while an emergency/urgent flag is open."""

    def __init__(self, db: Database, exercises: ExerciseService, red_flags: RedFlagService) -> None:
        self._db = db
        self._exercises = exercises
        self._red_flags = red_flags

    # -- plans ---------------------------------------------------------------------------

    def current(self, episode_id: int) -> PlanRecord:
        """The latest plan of an episode."""
        with self._db.reading() as s:
            row = s.scalars(select(PlanRevision).where(PlanRevision.episode_id == episode_id)
                            .order_by(PlanRevision.revision.desc()).limit(1)).first()
            return self._record(s, episode_id, row)

    def as_of(self, episode_id: int, when: datetime) -> PlanRecord:
        """Exactly what the patient was given at ``when``."""
        with self._db.reading() as s:
            row = s.scalars(select(PlanRevision).where(PlanRevision.episode_id == episode_id,
                                                       PlanRevision.saved_at <= when)
                            .order_by(PlanRevision.revision.desc()).limit(1)).first()
            return self._record(s, episode_id, row)

    def history(self, episode_id: int) -> list[PlanRecord]:
        """Every revision, newest first."""
        with self._db.reading() as s:
            rows = list(s.scalars(select(PlanRevision).where(PlanRevision.episode_id == episode_id)
                                  .order_by(PlanRevision.revision.desc())))
            return [self._record(s, episode_id, r) for r in rows]

    def save(self, actor: Actor, episode_id: int, plan: Plan, expected_revision: int) -> tuple[Changes, int]:
        """Validate against the library and store a new revision (refused while locked)."""
        require_role(actor, *_CLINICAL)
        status = self._red_flags.status(episode_id)
        if status.loading_locked:
            raise RecordLocked(status.lock_reason)
        errors = validate_plan(plan, self._exercises.by_id())
        if errors:
            raise ValidationError(errors)
        with self._db.writing() as s:
            episode = load_episode(s, episode_id)
            latest = s.scalars(select(PlanRevision).where(PlanRevision.episode_id == episode_id)
                               .order_by(PlanRevision.revision.desc()).limit(1)).first()
            current = latest.revision if latest else 0
            if current != expected_revision:
                user = s.get(User, latest.saved_by_id) if latest else None
                raise ConflictError("Plan", user.display_name if user else "another user",
                                    latest.saved_at if latest else None)
            data = json.dumps(plan_to_data(plan), ensure_ascii=False)
            if latest is not None and latest.data == data:
                return Changes(patients=frozenset({episode.patient_id})), current
            row = PlanRevision(episode_id=episode_id, revision=current + 1,
                               saved_by_id=actor.user_id, data=data)
            s.add(row)
            s.flush()
            audit(s, actor, "create" if current == 0 else "update", "plan", episode_id,
                  [f"revision {row.revision}"])
            return Changes(patients=frozenset({episode.patient_id}), entity="plan"), row.revision

    # -- templates -----------------------------------------------------------------------

    def templates(self) -> list[Template]:
        """Built-in templates, then the practice's own."""
        library = self._exercises.by_id()
        own = []
        with self._db.reading() as s:
            for row in s.scalars(select(PlanTemplateRow).order_by(PlanTemplateRow.name)):
                own.append(Template(row.name, plan_from_data(json.loads(row.data)), builtin=False))
        return builtin_templates(library) + own

    def save_template(self, actor: Actor, name: str, plan: Plan) -> Changes:
        """Keep a plan as the practice's own template."""
        require_role(actor, *_CLINICAL)
        name = name.strip()
        if not name or len(name) > 120:
            raise ValidationError({"name": "Give the template a name (at most 120 characters)."})
        if any(t.name.casefold() == name.casefold() for t in self.templates()):
            raise ValidationError({"name": "A template with this name already exists."})
        errors = validate_plan(plan, self._exercises.by_id())
        if errors:
            raise ValidationError(errors)
        with self._db.writing() as s:
            row = PlanTemplateRow(name=name, data=json.dumps(plan_to_data(plan), ensure_ascii=False),
                                  created_by_id=actor.user_id)
            s.add(row)
            s.flush()
            audit(s, actor, "create", "plan_template", row.id, ["name"])
        return Changes(entity="plan_template")

    def from_template(self, name: str) -> Plan:
        """A template's plan, checked against today's library (removed exercises are refused)."""
        template = next((t for t in self.templates() if t.name == name), None)
        if template is None:
            raise NotFoundError(f"There is no template called {name}.")
        errors = validate_plan(template.plan, self._exercises.by_id())
        if errors:
            raise ValidationError(errors)
        return template.plan

    # -- walk/run programme --------------------------------------------------------------

    def run_sessions(self, episode_id: int) -> list[RunSessionRow]:
        """Logged sessions, oldest first."""
        with self._db.reading() as s:
            names = {uid: n for uid, n in s.execute(select(User.id, User.display_name))}
            rows = s.scalars(select(RunSession).where(RunSession.episode_id == episode_id)
                             .order_by(RunSession.session_date, RunSession.id))
            out = []
            for r in rows:
                report = SessionReport(**json.loads(r.report))
                decision = StageDecision(r.action, r.next_stage, r.reason)  # type: ignore[arg-type]
                out.append(RunSessionRow(r.id, r.session_date, r.stage, report, decision,
                                         names.get(r.logged_by_id, "")))
            return out

    def current_stage(self, episode_id: int) -> int:
        """The stage the runner should do next (1 before any session)."""
        sessions = self.run_sessions(episode_id)
        return sessions[-1].decision.stage if sessions else 1

    def log_run_session(self, actor: Actor, episode_id: int, session_date: date,
                        report: SessionReport, today: date) -> StageDecision:
        """Record a session at the current stage and decide the next one (24-hour rule)."""
        require_role(actor, *_CLINICAL)
        status = self._red_flags.status(episode_id)
        if status.loading_locked:
            raise RecordLocked(status.lock_reason)
        if session_date > today:
            raise ValidationError({"session_date": "A session cannot be logged in the future."})
        sessions = self.run_sessions(episode_id)
        stage = sessions[-1].decision.stage if sessions else 1
        if sessions and sessions[-1].decision.action == "stop":
            raise RecordLocked("The programme was stopped for review: a clinician must restart it "
                               "(log the review outcome, then start again at a chosen stage).")
        since_change: list[SessionReport] = []  # sessions done at this stage, oldest first
        for r in reversed(sessions):
            if r.stage != stage:
                break
            since_change.insert(0, r.report)
        decision = next_stage(stage, [*since_change, report])
        with self._db.writing() as s:
            episode = load_episode(s, episode_id)
            if session_date < episode.start_date:
                raise ValidationError({"session_date": "The session is before the episode started."})
            row = RunSession(episode_id=episode_id, session_date=session_date, stage=stage,
                             report=_report_data(report), action=decision.action.value,
                             next_stage=decision.stage, reason=decision.reason,
                             logged_by_id=actor.user_id)
            s.add(row)
            s.flush()
            audit(s, actor, "create", "run_session", row.id, [decision.action.value])
        return decision

    # -- adherence -----------------------------------------------------------------------

    def record_adherence(self, actor: Actor, episode_id: int, day: date, done: int,
                         prescribed: int, today: date) -> Changes:
        """Sessions the patient reports doing in the week of ``day``."""
        require_role(actor, Role.CLINICIAN, Role.FRONT_DESK, Role.ADMIN)
        errors = {}
        if not 1 <= prescribed <= 50:
            errors["prescribed"] = f"Prescribed sessions must be 1–50 (got {prescribed})."
        if not 0 <= done <= 50:
            errors["done"] = f"Sessions done must be 0–50 (got {done})."
        if day > today:
            errors["week"] = "Adherence cannot be recorded for a future week."
        if errors:
            raise ValidationError(errors)
        start = week_start(day)
        with self._db.writing() as s:
            episode = load_episode(s, episode_id)
            row = s.scalars(select(AdherenceWeekRow).where(AdherenceWeekRow.episode_id == episode_id,
                                                           AdherenceWeekRow.week_start == start)).first()
            if row is None:
                row = AdherenceWeekRow(episode_id=episode_id, week_start=start, done=done,
                                       prescribed=prescribed, updated_by_id=actor.user_id)
                s.add(row)
            else:
                row.done, row.prescribed, row.updated_by_id = done, prescribed, actor.user_id
            s.flush()
            audit(s, actor, "update", "adherence", row.id, ["done", "prescribed"])
            return Changes(patients=frozenset({episode.patient_id}), visits=True, entity="adherence")

    def adherence(self, episode_id: int) -> list[AdherenceRow]:
        """Reported adherence per week, oldest first."""
        with self._db.reading() as s:
            rows = s.scalars(select(AdherenceWeekRow).where(AdherenceWeekRow.episode_id == episode_id)
                             .order_by(AdherenceWeekRow.week_start))
            return [AdherenceRow(r.week_start, r.done, r.prescribed) for r in rows]

    # -- helpers -------------------------------------------------------------------------


    @staticmethod
    def _record(s: Session, episode_id: int, row: PlanRevision | None) -> PlanRecord:
        if row is None:
            return PlanRecord(episode_id, 0, Plan(), None, "")
        user = s.get(User, row.saved_by_id)
        return PlanRecord(episode_id, row.revision, plan_from_data(json.loads(row.data)),
                          row.saved_at, user.display_name if user else "")
