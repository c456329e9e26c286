"""The set of services the composition root hands to the UI."""

from __future__ import annotations

from dataclasses import dataclass

from clinic_app.persistence.db import Database
from clinic_app.services.care import CareService
from clinic_app.services.chart_summary import ChartSummaryService
from clinic_app.services.exams import ExamService
from clinic_app.services.exercises import ExerciseService
from clinic_app.services.intake import IntakeService
from clinic_app.services.measures import MeasureService
from clinic_app.services.patients import PatientService
from clinic_app.services.plans import PlanService
from clinic_app.services.progress import ProgressService
from clinic_app.services.red_flags import RedFlagService
from clinic_app.services.users import UserService


@dataclass(frozen=True)
class Services:
    """Every use-case service over one database."""

    db: Database
    patients: PatientService
    care: CareService
    users: UserService
    intake: IntakeService
    red_flags: RedFlagService
    summaries: ChartSummaryService
    exams: ExamService
    measures: MeasureService
    progress: ProgressService
    exercises: ExerciseService
    plans: PlanService

    @classmethod
    def over(cls, db: Database) -> Services:
        """Build every service for ``db``."""
        intake, red_flags = IntakeService(db), RedFlagService(db)
        patients, exams, measures = PatientService(db), ExamService(db), MeasureService(db)
        exercises = ExerciseService(db)
        plans = PlanService(db, exercises, red_flags)
        return cls(db=db, patients=patients, care=CareService(db), users=UserService(db),
                   intake=intake, red_flags=red_flags,
                   summaries=ChartSummaryService(intake, red_flags, measures), exams=exams,
                   measures=measures,
                   progress=ProgressService(patients, measures, intake, exams, plans),
                   exercises=exercises, plans=plans)
