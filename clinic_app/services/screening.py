"""What the bone stress rules weigh besides one exam (C10): the episode's intake, the patient's age,
the open red flags, and the latest exam; and the plan warnings that follow from them."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic_app.domain.errors import NotFoundError
from clinic_app.domain.exam.bone_stress import f3_suggestion
from clinic_app.domain.exam.record import ExamRecord, exam_from_data
from clinic_app.domain.intake.record import Intake, intake_from_data
from clinic_app.domain.messages import msg
from clinic_app.domain.patients import age_on
from clinic_app.domain.rehab.contraindications import (
    ContraindicationWarning,
    Suspicion,
    exercise_warnings,
    suspicions,
)
from clinic_app.domain.rehab.exercises import Exercise
from clinic_app.domain.rehab.plans import Plan
from clinic_app.domain.safety.red_flags import RedFlagItem, ScreenSuggestion
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import Episode, Exam, IntakeRevision, Patient, RedFlagEvent, Visit

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ScreeningContext:
    """The episode's current intake, the patient's age today and the open red flags."""

    episode_id: int
    age_years: int | None
    intake: Intake
    open_flags: tuple[str, ...]


class ScreeningService:
    """Read-only: the context of the bone stress rules, the suspicions, the plan warnings."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def visit_context(self, visit_id: int, today: date) -> ScreeningContext:
        """The context of the episode a visit belongs to."""
        with self._db.reading() as s:
            visit = s.get(Visit, visit_id)
            if visit is None:
                raise NotFoundError(msg("visit.not_found", visit_id=visit_id))
            return self._context(s, visit.episode_id, today)

    def episode_context(self, episode_id: int, today: date) -> ScreeningContext:
        """The context of an episode."""
        with self._db.reading() as s:
            return self._context(s, episode_id, today)

    def suspicions(self, episode_id: int, today: date) -> dict[Suspicion, tuple[str, ...]]:
        """Suspicions from the episode's latest exam, intake, age and open red flags."""
        with self._db.reading() as s:
            context = self._context(s, episode_id, today)
            exam = self._latest_exam(s, episode_id)
        return suspicions(exam, context.intake, context.age_years, context.open_flags)

    def with_f3_suggestion(self, episode_id: int, today: date,
                           suggestions: list[ScreenSuggestion]) -> list[ScreenSuggestion]:
        """``suggestions`` plus F3 when the latest exam (and the intake) suggest it (C10), in item
        order; F3 is left out while it is already raised. A suggestion is never an answer."""
        with self._db.reading() as s:
            context = self._context(s, episode_id, today)
            exam = self._latest_exam(s, episode_id)
        found = f3_suggestion(exam.bone_stress, context.intake) if exam is not None else None
        if found is None or RedFlagItem.F3.value in context.open_flags \
                or any(x.item is RedFlagItem.F3 for x in suggestions):
            return suggestions
        order = list(RedFlagItem)
        added = ScreenSuggestion(RedFlagItem.F3, "; ".join(found.reasons) + " (latest exam)")
        return sorted([*suggestions, added], key=lambda x: order.index(x.item))

    def plan_warnings(self, episode_id: int, plan: Plan, library: Mapping[str, Exercise],
                      today: date) -> list[ContraindicationWarning]:
        """A warning for each planned exercise whose tag meets a suspicion, in plan order."""
        found = self.suspicions(episode_id, today)
        warnings: list[ContraindicationWarning] = []
        for item in plan.items:
            exercise = library.get(item.exercise_id)
            if exercise is not None and exercise.contraindications:
                warnings.extend(exercise_warnings(exercise.id, exercise.name,
                                                  exercise.contraindications, found))
        return warnings

    # -- helpers -------------------------------------------------------------------------

    @staticmethod
    def _context(s: Session, episode_id: int, today: date) -> ScreeningContext:
        episode = s.get(Episode, episode_id)
        if episode is None:
            raise NotFoundError(msg("episode.not_found", episode_id=episode_id))
        patient = s.get(Patient, episode.patient_id)
        age = age_on(patient.birth_date, today) if patient is not None and patient.birth_date else None
        row = s.scalars(select(IntakeRevision).where(IntakeRevision.episode_id == episode_id)
                        .order_by(IntakeRevision.revision.desc()).limit(1)).first()
        intake = intake_from_data(json.loads(row.data)) if row is not None else Intake()
        flags = tuple(sorted(s.scalars(select(RedFlagEvent.item).where(
            RedFlagEvent.episode_id == episode_id, RedFlagEvent.resolved_at.is_(None)))))
        return ScreeningContext(episode_id, age, intake, flags)

    @staticmethod
    def _latest_exam(s: Session, episode_id: int) -> ExamRecord | None:
        data = s.scalars(select(Exam.data).join(Visit, Visit.id == Exam.visit_id)
                         .where(Visit.episode_id == episode_id)
                         .order_by(Visit.starts_at.desc(), Visit.id.desc()).limit(1)).first()
        return exam_from_data(json.loads(data)) if data is not None else None
