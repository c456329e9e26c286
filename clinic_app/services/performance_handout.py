"""Gather the return-to-performance sheet: refused before phase 4 or while loading is locked."""

from __future__ import annotations

from datetime import date

from clinic_app.domain.errors import RecordLocked
from clinic_app.domain.intake.record import Intake
from clinic_app.domain.intake.running_form import step_rate_suggestion
from clinic_app.domain.messages import msg
from clinic_app.domain.rehab.exercises import RehabPhase
from clinic_app.domain.rehab.plans import PHASE_LABELS
from clinic_app.persistence.db import Database
from clinic_app.reports.documents.data import long_date
from clinic_app.reports.documents.return_to_performance import (
    ReturnToPerformanceData,
    ShoeLine,
    StrideAdvice,
)
from clinic_app.services.dto import PatientDetails
from clinic_app.services.handout_data import Gathered, HandoutSources, SourceServices, header
from clinic_app.services.intake import IntakeService


def next_race(intake: Intake, today: date) -> str:
    """The next race (A races first), e.g. ``Leeds Half, 3 May 2027``; ``""`` when none is ahead."""
    ahead = sorted((g for g in intake.race_goals if g.race_date >= today),
                   key=lambda g: (g.priority.value, g.race_date))
    if not ahead:
        return ""
    goal = ahead[0]
    return f"{goal.event.strip()}, {long_date(goal.race_date)}"


def stride_advice(intake: Intake) -> StrideAdvice | None:
    """The 5-10% step-rate suggestion, only when the clinician saw overstriding and cadence is known."""
    if not intake.running_form.overstriding or intake.cadence_spm is None:
        return None
    s = step_rate_suggestion(intake.cadence_spm)
    return StrideAdvice(s.current, s.low, s.high)


def gather_return_to_performance(db: Database, services: SourceServices, sources: HandoutSources,
                                 details: PatientDetails, episode_id: int | None, today: date,
                                 clinician: str) -> Gathered:
    """The sheet for the episode; refused unless the plan is in phase 4 and loading is unlocked.

    Raises:
        RecordLocked: an open red flag locks loading, the walk/run programme is stopped, or the
            plan is not (yet) in phase 4 Return to performance.
    """
    episode = sources.episode(details, episode_id)
    status = services.red_flags.status(episode.id)
    if status.loading_locked:
        raise RecordLocked(status.lock_reason)
    if services.plans.run_stopped(episode.id):
        raise RecordLocked(msg("handouts.walk_run_programme_was_stopped_2"))
    record = services.plans.current(episode.id)
    phase = record.plan.phase if record.revision else None
    if phase is not RehabPhase.RETURN_TO_PERFORMANCE:
        where = "there is no rehab plan yet" if phase is None else \
            f"the plan is in phase {PHASE_LABELS[phase]}"
        raise RecordLocked(
            msg("handouts.no_return_performance_sheet_printed",
                full_name=details.full_name, where=where,
                phase=PHASE_LABELS[RehabPhase.RETURN_TO_PERFORMANCE]))
    intake = IntakeService(db).current(episode.id).intake
    shoes = tuple(ShoeLine(s.brand_model.strip(), s.distance_on_shoe_km) for s in intake.footwear
                  if s.brand_model.strip())
    data = ReturnToPerformanceData(header(details), today, clinician,
                                   services.branding.emergency_number(), next_race(intake, today),
                                   stride_advice(intake), shoes)
    return Gathered(data, f"plan revision {record.revision}", episode.id)
