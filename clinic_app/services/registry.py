"""The set of services the composition root hands to the UI."""

from __future__ import annotations

from dataclasses import dataclass

from clinic_app.persistence.db import Database
from clinic_app.services.branding import BrandingService
from clinic_app.services.care import CareService
from clinic_app.services.chart_summary import ChartSummaryService
from clinic_app.services.exams import ExamService
from clinic_app.services.exercises import ExerciseService
from clinic_app.services.handout_data import SourceServices
from clinic_app.services.handouts import HandoutService
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
    branding: BrandingService
    handouts: HandoutService

    @classmethod
    def over(cls, db: Database) -> Services:
        """Build every service for ``db``."""
        intake, red_flags = IntakeService(db), RedFlagService(db)
        patients, exams, measures = PatientService(db), ExamService(db), MeasureService(db)
        exercises = ExerciseService(db)
        plans = PlanService(db, exercises, red_flags)
        care, branding = CareService(db), BrandingService(db)
        summaries = ChartSummaryService(intake, red_flags, measures)
        progress = ProgressService(patients, measures, intake, exams, plans)
        handouts = HandoutService(db, SourceServices(patients, care, red_flags, summaries, exams, progress,
                                                     exercises, plans, branding))
        return cls(db=db, patients=patients, care=care, users=UserService(db),
                   intake=intake, red_flags=red_flags, summaries=summaries, exams=exams,
                   measures=measures, progress=progress, exercises=exercises, plans=plans,
                   branding=branding, handouts=handouts)
