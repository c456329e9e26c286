"""Gather the read models of the patient documents from the other services."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from clinic_app.domain.errors import InvalidValue, NotFoundError, RecordLocked, ValidationError
from clinic_app.domain.exam.interpretation import interpret_exam
from clinic_app.domain.messages import msg
from clinic_app.domain.rehab.pain_rule import patient_pain_rule
from clinic_app.domain.rehab.plans import PATIENT_PHASE_LABELS, PHASE_LABELS, patient_goals
from clinic_app.domain.rehab.return_to_run import stage_info
from clinic_app.domain.settings import DEFAULT_SETTINGS
from clinic_app.paths import resource
from clinic_app.reports.documents.data import (
    EducationData,
    ExamSummaryData,
    ExerciseEntry,
    ExerciseHandoutData,
    FindingLine,
    HandoutText,
    LetterData,
    OutcomeRow,
    PatientHeader,
    PlanLine,
    Point,
    RunScheduleData,
    handout_text_from_data,
)
from clinic_app.reports.documents.exam_values import exam_sections
from clinic_app.reports.documents.return_to_run import schedule_stages
from clinic_app.services.dto import EpisodeRow, PatientDetails

if TYPE_CHECKING:
    from clinic_app.services.branding import BrandingService
    from clinic_app.services.care import CareService
    from clinic_app.services.chart_summary import ChartSummaryService
    from clinic_app.services.exams import ExamService
    from clinic_app.services.exercises import ExerciseService
    from clinic_app.services.patients import PatientService
    from clinic_app.services.plans import PlanService
    from clinic_app.services.progress import ProgressService
    from clinic_app.services.red_flags import RedFlagService
    from clinic_app.services.screening import ScreeningService

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Gathered:
    """A document's read model and the version of what it was made from."""

    data: object
    source_version: str
    episode_id: int | None = None
    visit_id: int | None = None


def header(details: PatientDetails) -> PatientHeader:
    """The patient line of every page."""
    return PatientHeader(details.full_name, details.draft.birth_date, details.chart_label)


def load_text(key: str) -> HandoutText:
    """An education text from ``resources/handouts/<key>.json``."""
    path = resource("handouts", f"{key}.json")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InvalidValue(msg("handouts.handout_text_cannot_read", name=path.name, exc=exc)) from exc
    return handout_text_from_data(key, raw)


@dataclass(frozen=True, slots=True)
class SourceServices:
    """The services the documents read from."""

    patients: PatientService
    care: CareService
    red_flags: RedFlagService
    summaries: ChartSummaryService
    exams: ExamService
    progress: ProgressService
    exercises: ExerciseService
    plans: PlanService
    branding: BrandingService
    screening: ScreeningService | None = None
    """The episode's intake and the patient's age for the exam's bone stress lines (C10)."""


class HandoutSources:
    """Reads what each document needs; raises ValidationError when something is missing."""

    def __init__(self, services: SourceServices) -> None:
        self._s = services

    def episode(self, details: PatientDetails, episode_id: int | None) -> EpisodeRow:
        """The asked-for episode, else the open one, else the most recent."""
        if episode_id is not None:
            found = next((e for e in details.episodes if e.id == episode_id), None)
            if found is None:
                raise NotFoundError(msg("handouts.episode_not_one_s_episodes",
                                        episode_id=episode_id, full_name=details.full_name))
            return found
        if not details.episodes:
            raise ValidationError({"episode": msg("handouts.has_no_episode_care_yet",
                                                  full_name=details.full_name)})
        return details.open_episode or max(details.episodes, key=lambda e: (e.start_date, e.id))

    def clinician(self, details: PatientDetails, episode_id: int | None, fallback: str) -> str:
        """Who treats the patient: the clinician of the episode's latest visit, else ``fallback``."""
        visits = [v for v in self._s.care.list_visits(details.id)
                  if episode_id is None or v.episode_id == episode_id]
        latest = max(visits, key=lambda v: (v.starts_at, v.id), default=None)
        return latest.clinician if latest is not None and latest.clinician else fallback

    def exercises(self, details: PatientDetails, episode_id: int | None, today: date,
                  clinician: str) -> Gathered:
        """The home exercise programme of the episode's current plan."""
        episode = self.episode(details, episode_id)
        status = self._s.red_flags.status(episode.id)
        if status.loading_locked:
            raise RecordLocked(status.lock_reason)
        record = self._s.plans.current(episode.id)
        if record.revision == 0 or not record.plan.items:
            raise ValidationError({"plan": msg("handouts.has_no_exercise_plan_yet",
                                               full_name=details.full_name)})
        library = {e.exercise.id: e for e in self._s.exercises.library()}
        entries = []
        for item in record.plan.items:
            entry = library.get(item.exercise_id)
            if entry is None:
                raise ValidationError({"plan": msg("handouts.plan_uses_exercise_which_no",
                                                   exercise_id=item.exercise_id)})
            ex = entry.exercise
            nxt = library.get(ex.progression) if ex.progression else None
            entries.append(ExerciseEntry(ex.name, entry.image_path, ex.instructions, item.dose.describe(),
                                         ex.cues, ex.safety, item.notes,
                                         nxt.exercise.name if nxt else ""))
        data = ExerciseHandoutData(header(details), today, clinician,
                                   PATIENT_PHASE_LABELS[record.plan.phase], patient_goals(record.plan),
                                   tuple(entries), self._s.branding.emergency_number())
        return Gathered(data, f"plan revision {record.revision}", episode.id)

    def education(self, details: PatientDetails, key: str, today: date, clinician: str) -> Gathered:
        """An education handout for the patient."""
        text = load_text(key)
        data = EducationData(header(details), today, text, clinician, self._s.branding.emergency_number())
        episode = details.open_episode
        return Gathered(data, f"{key} text version {text.version}", episode.id if episode else None)

    def run_schedule(self, details: PatientDetails, episode_id: int | None, today: date,
                     clinician: str) -> Gathered:
        """The walk/run programme from the current stage, starting tomorrow."""
        episode = self.episode(details, episode_id)
        status = self._s.red_flags.status(episode.id)
        if status.loading_locked:
            raise RecordLocked(status.lock_reason)
        sessions = self._s.plans.run_sessions(episode.id)
        if self._s.plans.run_stopped(episode.id):  # a restart after STOP reopens it
            raise RecordLocked(msg("handouts.walk_run_programme_was_stopped"))
        stage = self._s.plans.current_stage(episode.id)
        cfg = DEFAULT_SETTINGS
        stages = schedule_stages(stage, today + timedelta(days=1),
                                 sessions_per_stage=cfg.rtr_sessions_to_advance,
                                 final_sessions=cfg.rtr_final_stage_sessions)
        data = RunScheduleData(header(details), today, stage, stages, clinician,
                               self._s.branding.emergency_number(), pain_rule=patient_pain_rule(cfg),
                               morning_allowance=cfg.rtr_next_morning_allowance,
                               sessions_to_advance=cfg.rtr_sessions_to_advance,
                               final_stage_sessions=cfg.rtr_final_stage_sessions)
        return Gathered(data, f"stage {stage} after {len(sessions)} logged sessions", episode.id)

    def letter(self, details: PatientDetails, episode_id: int | None, today: date, clinician: str,
               practice: str) -> Gathered:
        """The progress letter to the referrer."""
        s = self._s
        episode = self.episode(details, episode_id)
        summary = s.summaries.episode_summary(episode.id, details.draft.birth_date or today, today)
        exam_lines: tuple[str, ...] = ()
        exams = [h for h in s.exams.history(details.id, limit=500)
                 if h.starts_at.astimezone().date() >= episode.start_date]
        if exams:
            previous = exams[-2].exam if len(exams) > 1 else None
            raised = [e.item.value for e in summary.red_flags.open_events]
            context = s.screening.episode_context(episode.id, today) if s.screening else None
            exam_lines = tuple(f.finding.explanation for f in interpret_exam(
                exams[-1].exam, previous, raised_flags=raised, red_flag_screen=summary.red_flags.statement,
                intake=context.intake if context else None,
                age_years=context.age_years if context else None))
        progress = s.progress.progress(details.id, episode.id)

        def points(key: str) -> tuple[Point, ...]:
            series = progress.measure(key)
            return tuple(Point(p.day, p.value) for p in series.points) if series else ()

        interpretation = [summary.startback] if summary.startback else []
        record = s.plans.current(episode.id)
        library = s.exercises.by_id()
        plan = tuple(PlanLine(library[i.exercise_id].name if i.exercise_id in library else i.exercise_id,
                              i.dose.describe()) for i in record.plan.items)
        run_stage = ""
        sessions = s.plans.run_sessions(episode.id)
        if sessions:
            info = stage_info(s.plans.current_stage(episode.id))
            run_stage = (f"Walk/run programme: stage {info.number} of 8 ({info.format}), "
                         f"{len(sessions)} sessions logged. Last decision: {sessions[-1].decision.reason}")
        data = LetterData(
            header(details), today, details.draft.referrer, clinician, practice, episode.start_date,
            episode.complaint, episode.visit_count, summary.intake_text if summary.has_intake else "",
            exam_lines, tuple(interpretation),
            tuple(OutcomeRow(r.label, r.baseline, r.latest, r.change, r.percent, r.verdict, r.meets_mcid)
                  for r in progress.since_baseline),
            points("nprs_back"), points("nprs_leg"), points("odi"),
            tuple(Point(w.week_start, w.km) for w in progress.weekly_km),
            PHASE_LABELS[record.plan.phase] if record.revision else "", plan, run_stage,
            summary.red_flags.statement.text, summary.red_flags.statement.referrals)
        return Gathered(data, f"plan revision {record.revision}; {len(progress.visit_days)} measured visits",
                        episode.id)

    def exam(self, details: PatientDetails, episode_id: int | None, visit_id: int | None,
             today: date) -> Gathered:
        """The exam summary of a visit (the latest examined visit when none is given)."""
        s = self._s
        if visit_id is None:
            episode = self.episode(details, episode_id) if details.episodes else None
            history = s.exams.history(details.id, limit=500)
            if episode is not None:
                history = [h for h in history if h.starts_at.astimezone().date() >= episode.start_date]
            if not history:
                raise ValidationError({"exam": msg("handouts.has_no_recorded_exam_yet",
                                                   full_name=details.full_name)})
            visit_id = history[-1].visit_id
        view = s.exams.get(visit_id)
        if view.patient_id != details.id:
            raise NotFoundError(msg("handouts.visit_not_one_s_visits",
                                    visit_id=visit_id, full_name=details.full_name))
        if not view.exists:
            raise ValidationError({"exam": msg("handouts.no_exam_was_recorded_visit")})
        note = s.care.get_note(visit_id)
        earlier = [h for h in s.exams.history(details.id, limit=500) if h.starts_at < view.starts_at]
        status = s.red_flags.status(note.episode_id)
        context = s.screening.visit_context(visit_id, today) if s.screening else None
        findings = interpret_exam(view.exam, earlier[-1].exam if earlier else None,
                                  raised_flags=[e.item.value for e in status.open_events],
                                  red_flag_screen=status.statement,
                                  intake=context.intake if context else None,
                                  age_years=context.age_years if context else None)
        lines = []
        for f in findings:
            decision = view.decisions.get(f.key)
            lines.append(FindingLine(
                f.finding.explanation, tuple(f.finding.inputs.items()), f.finding.level.value,
                f.finding.source, tuple(f.finding.notes),
                decision.decision if decision else "", decision.reason if decision else "",
                decision.decided_by if decision else "",
                decision.decided_at.astimezone().date() if decision else None))
        data = ExamSummaryData(header(details), today, view.starts_at.astimezone().date(), note.clinician,
                               view.version, exam_sections(view.exam), tuple(lines), note.signed)
        return Gathered(data, f"exam version {view.version}", note.episode_id, visit_id)
