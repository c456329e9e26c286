"""Rehab plans per episode (every change kept), templates, walk/run sessions and adherence."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic_app.domain.access import Action
from clinic_app.domain.errors import NotFoundError, RecordLocked, ValidationError
from clinic_app.domain.exam.record import exam_from_data
from clinic_app.domain.exam.rules import RepeatedResponse
from clinic_app.domain.load.training import week_start
from clinic_app.domain.messages import msg
from clinic_app.domain.rehab.plans import (
    Plan,
    Template,
    TemplateFit,
    builtin_templates,
    fit_template,
    plan_from_data,
    plan_to_data,
    validate_plan,
)
from clinic_app.domain.rehab.return_to_run import SessionReport, StageDecision
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import (
    AdherenceWeekRecord,
    Exam,
    PlanRevision,
    PlanTemplateRecord,
    Visit,
)
from clinic_app.services.access import authorize
from clinic_app.services.audit_content import content_digest_of
from clinic_app.services.context import (
    Actor,
    Changes,
    audit,
    check_revision,
    check_version,
    display_name,
    load_episode,
)
from clinic_app.services.exercises import ExerciseService
from clinic_app.services.red_flags import RedFlagService
from clinic_app.services.run_programme import RunProgramme, RunProgrammeService, RunSessionRow
from clinic_app.services.text_checks import refuse_unstorable

logger = logging.getLogger(__name__)



@dataclass(frozen=True, slots=True)
class PlanRecord:
    """A plan as saved at one revision (revision 0: no plan yet)."""

    episode_id: int
    revision: int
    plan: Plan
    saved_at: datetime | None
    saved_by: str


@dataclass(frozen=True, slots=True)
class AdherenceRow:
    """Sessions done against sessions prescribed in a week."""

    week_start: date
    done: int
    prescribed: int
    version: int = 0
    """The saved row's version: a correction passes it back to detect a clash."""


class PlanService:
    """Plans are saved as revisions; loading is locked while an emergency/urgent flag is open."""

    def __init__(self, db: Database, exercises: ExerciseService, red_flags: RedFlagService) -> None:
        self._db = db
        self._exercises = exercises
        self._red_flags = red_flags
        self.runs = RunProgrammeService(db, red_flags)

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
        authorize(self._db, actor, Action.WRITE_PLAN)
        refuse_unstorable(plan)
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
            current = check_revision(s, "Plan", latest, expected_revision)
            data = json.dumps(plan_to_data(plan), ensure_ascii=False)
            if latest is not None and latest.data == data:
                return Changes(patients=frozenset({episode.patient_id})), current
            row = PlanRevision(episode_id=episode_id, revision=current + 1,
                               saved_by_id=actor.user_id, data=data)
            s.add(row)
            s.flush()
            audit(s, actor, "create" if current == 0 else "update", "plan", episode_id,
                  [f"revision {row.revision}"], content_hash=content_digest_of(s, "plan", episode_id))
            return Changes(patients=frozenset({episode.patient_id}), entity="plan"), row.revision

    def warnings(self, episode_id: int, plan: Plan, today: date) -> list[str]:
        """Contraindication warnings (C10) for the plan's exercises; they inform, never block."""
        from clinic_app.services.screening import ScreeningService

        found = ScreeningService(self._db).plan_warnings(episode_id, plan, self._exercises.by_id(),
                                                         today)
        return [w.text for w in found]

    # -- templates -----------------------------------------------------------------------

    def templates(self) -> list[Template]:
        """Built-in templates, then the practice's own."""
        library = self._exercises.by_id()
        own = []
        with self._db.reading() as s:
            for row in s.scalars(select(PlanTemplateRecord).order_by(PlanTemplateRecord.name)):
                own.append(Template(row.name, plan_from_data(json.loads(row.data)), builtin=False))
        return builtin_templates(library) + own

    def save_template(self, actor: Actor, name: str, plan: Plan) -> Changes:
        """Keep a plan as the practice's own template."""
        authorize(self._db, actor, Action.WRITE_PLAN)
        refuse_unstorable({"name": name, "plan": plan})
        name = name.strip()
        if not name or len(name) > 120:
            raise ValidationError({"name": msg("plans.give_template_name_most_120")})
        if any(t.name.casefold() == name.casefold() for t in self.templates()):
            raise ValidationError({"name": msg("plans.template_with_name_already_exists")})
        errors = validate_plan(plan, self._exercises.by_id())
        if errors:
            raise ValidationError(errors)
        with self._db.writing() as s:
            row = PlanTemplateRecord(name=name, data=json.dumps(plan_to_data(plan), ensure_ascii=False),
                                  created_by_id=actor.user_id)
            s.add(row)
            s.flush()
            audit(s, actor, "create", "plan_template", row.id, ["name"])
        return Changes(entity="plan_template")

    def from_template(self, name: str, repeated_movement: RepeatedResponse | None = None) -> Plan:
        """A template's plan fitted to the repeated-movement finding (``None``: not tested, so no
        directional exercise), checked against today's library (removed exercises are refused)."""
        template = next((t for t in self.templates() if t.name == name), None)
        if template is None:
            raise NotFoundError(msg("plans.there_no_template_called", name=name))
        library = self._exercises.by_id()
        plan = fit_template(template, library, repeated_movement).plan
        errors = validate_plan(plan, library)
        if errors:
            raise ValidationError(errors)
        return plan

    def fit_template_to_episode(self, name: str, episode_id: int) -> TemplateFit:
        """A template fitted to the episode's latest recorded repeated-movement response, with
        the notes that say which conditional exercises were added and why (or why not)."""
        with self._db.reading() as s:
            rows = s.execute(select(Exam.data).join(Visit, Visit.id == Exam.visit_id)
                             .where(Visit.episode_id == episode_id)
                             .order_by(Visit.starts_at.desc(), Visit.id.desc())).scalars()
            response = next((exam.repeated_movement for data in rows
                             if (exam := exam_from_data(json.loads(data))).repeated_movement
                             is not None), None)
        template = next((t for t in self.templates() if t.name == name), None)
        if template is None:
            raise NotFoundError(msg("plans.there_no_template_called", name=name))
        library = self._exercises.by_id()
        fit = fit_template(template, library, response)
        errors = validate_plan(fit.plan, library)
        if errors:
            raise ValidationError(errors)
        return fit

    # -- walk/run programme --------------------------------------------------------------

    def run_sessions(self, episode_id: int) -> list[RunSessionRow]:
        """Logged sessions, oldest first (clinician confirmations and restarts left out)."""
        return self.runs.sessions(episode_id)

    def current_stage(self, episode_id: int) -> int:
        """The stage the runner should do next (1 before any session; a restart's chosen stage)."""
        return self.runs.current_stage(episode_id)

    def run_programme(self, episode_id: int) -> RunProgramme:
        """Sessions, clinician decisions, the next stage and whether the schedule may print."""
        return self.runs.programme(episode_id)

    def run_stopped(self, episode_id: int) -> bool:
        """True while a STOP decision waits for the clinician's restart."""
        return self.runs.stopped(episode_id)

    def log_run_session(self, actor: Actor, episode_id: int, session_date: date,
                        report: SessionReport, today: date) -> StageDecision:
        """Record a session at the current stage and decide the next one (walk/run rules, C6)."""
        return self.runs.log_session(actor, episode_id, session_date, report, today)

    def confirm_return_to_run(self, actor: Actor, episode_id: int, reason: str, today: date) -> Changes:
        """The clinician confirms that running may start before the plan reaches phase 3 (C7)."""
        return self.runs.confirm_start(actor, episode_id, reason, today)

    def restart_run_programme(self, actor: Actor, episode_id: int, review_outcome: str, stage: int,
                              today: date) -> Changes:
        """After a STOP: the review outcome and the stage to restart at (C7)."""
        return self.runs.restart(actor, episode_id, review_outcome, stage, today)

    def require_run_schedule(self, episode_id: int) -> None:
        """Refuse a dated walk/run schedule unless return to run has begun (C7)."""
        self.runs.require_schedule(episode_id)

    # -- adherence -----------------------------------------------------------------------

    def record_adherence(self, actor: Actor, episode_id: int, day: date, done: int,
                         prescribed: int, today: date, expected_version: int) -> Changes:
        """Sessions the patient reports doing in the week of ``day``.

        ``expected_version`` is the version of the week's row as read (0: none recorded yet);
        when another workstation recorded the week since, ``ConflictError`` names who and when.
        """
        authorize(self._db, actor, Action.RECORD_ADHERENCE)
        errors = {}
        if not 1 <= prescribed <= 50:
            errors["prescribed"] = msg("plans.prescribed_sessions_must_1_50", prescribed=prescribed)
        if not 0 <= done <= 50:
            errors["done"] = msg("plans.sessions_done_must_0_50", done=done)
        if day > today:
            errors["week"] = msg("plans.adherence_cannot_recorded_future_week")
        if errors:
            raise ValidationError(errors)
        start = week_start(day)
        with self._db.writing() as s:
            episode = load_episode(s, episode_id)
            row = s.scalars(select(AdherenceWeekRecord).where(AdherenceWeekRecord.episode_id == episode_id,
                                                           AdherenceWeekRecord.week_start == start)).first()
            if row is None and expected_version != 0:
                raise ValidationError({"week": msg("plans.week_s_adherence_was_removed")})
            if row is not None:
                check_version(s, "Weekly adherence", row.version, expected_version,
                              row.updated_by_id, row.updated_at)
            if row is None:
                row = AdherenceWeekRecord(episode_id=episode_id, week_start=start, done=done,
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
            rows = s.scalars(select(AdherenceWeekRecord).where(AdherenceWeekRecord.episode_id == episode_id)
                             .order_by(AdherenceWeekRecord.week_start))
            return [AdherenceRow(r.week_start, r.done, r.prescribed, r.version) for r in rows]

    # -- helpers -------------------------------------------------------------------------


    @staticmethod
    def _record(s: Session, episode_id: int, row: PlanRevision | None) -> PlanRecord:
        if row is None:
            return PlanRecord(episode_id, 0, Plan(), None, "")
        return PlanRecord(episode_id, row.revision, plan_from_data(json.loads(row.data)),
                          row.saved_at, display_name(s, row.saved_by_id))
