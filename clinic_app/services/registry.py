"""The set of services the composition root hands to the UI, each built on first use.

Start-up needs only patients, users and care; the handout services bring in reportlab and the
plan services the exercise library, so they are imported when a chart first asks for them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from clinic_app.persistence.db import Database

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from clinic_app.services.appointments import AppointmentService
    from clinic_app.services.appointments_diary import DiaryService
    from clinic_app.services.appointments_documents import DiaryDocuments
    from clinic_app.services.auth import AuthService
    from clinic_app.services.branding import BrandingService
    from clinic_app.services.care import CareService
    from clinic_app.services.chart_summary import ChartSummaryService
    from clinic_app.services.clinical_settings import ClinicalSettingsService
    from clinic_app.services.db_settings import DatabaseSettingsService
    from clinic_app.services.erasure import ErasureService
    from clinic_app.services.exams import ExamService
    from clinic_app.services.exercises import ExerciseService
    from clinic_app.services.handouts import HandoutService
    from clinic_app.services.intake import IntakeService
    from clinic_app.services.measures import MeasureService
    from clinic_app.services.patients import PatientService
    from clinic_app.services.plans import PlanService
    from clinic_app.services.progress import ProgressService
    from clinic_app.services.record_export import RecordExportService
    from clinic_app.services.red_flags import RedFlagService
    from clinic_app.services.screening import ScreeningService
    from clinic_app.services.users import UserService

T = TypeVar("T")


class _built_once(Generic[T]):  # noqa: N801 - used like @_built_once
    """A service built on first access, exactly once even when threads race for it."""

    def __init__(self, build: Callable[[Any], T]) -> None:
        self._build = build
        self._name = build.__name__
        self.__doc__ = build.__doc__

    @overload
    def __get__(self, instance: None, owner: type) -> _built_once[T]: ...
    @overload
    def __get__(self, instance: object, owner: type) -> T: ...

    def __get__(self, instance: object | None, owner: type) -> T | _built_once[T]:
        if instance is None:
            return self
        cache = instance.__dict__
        if self._name not in cache:
            with instance._lock:  # type: ignore[attr-defined]
                if self._name not in cache:
                    cache[self._name] = self._build(instance)
        return cache[self._name]  # type: ignore[no-any-return]


class Services:
    """Every use-case service over one database (one instance of each, built when first used)."""

    def __init__(self, db: Database, hasher: PasswordHasher | None = None) -> None:
        self.db = db
        self.hasher = hasher  # None: Argon2id with the library's recommended parameters
        self._lock = threading.RLock()  # services are first touched from GUI and worker threads

    @classmethod
    def over(cls, db: Database, hasher: PasswordHasher | None = None) -> Services:
        """The services for ``db`` (``hasher``: cheaper Argon2id parameters, for tests only)."""
        return cls(db, hasher)

    def warm_up(self) -> None:
        """Build every service now (imports included): run in a worker after start-up."""
        for name, attribute in vars(Services).items():
            if isinstance(attribute, _built_once):
                getattr(self, name)

    @_built_once
    def patients(self) -> PatientService:
        from clinic_app.services.patients import PatientService

        return PatientService(self.db)

    @_built_once
    def care(self) -> CareService:
        from clinic_app.services.care import CareService

        return CareService(self.db)

    @_built_once
    def users(self) -> UserService:
        from clinic_app.services.users import UserService

        return UserService(self.db, self.hasher)

    @_built_once
    def auth(self) -> AuthService:
        from clinic_app.services.auth import AuthService

        return AuthService(self.db, self.hasher)

    @_built_once
    def intake(self) -> IntakeService:
        from clinic_app.services.intake import IntakeService

        return IntakeService(self.db)

    @_built_once
    def red_flags(self) -> RedFlagService:
        from clinic_app.services.red_flags import RedFlagService

        return RedFlagService(self.db)

    @_built_once
    def screening(self) -> ScreeningService:
        from clinic_app.services.screening import ScreeningService

        return ScreeningService(self.db)

    @_built_once
    def summaries(self) -> ChartSummaryService:
        from clinic_app.services.chart_summary import ChartSummaryService

        return ChartSummaryService(self.db, self.patients, self.care, self.intake, self.red_flags,
                                   self.measures)

    @_built_once
    def exams(self) -> ExamService:
        from clinic_app.services.exams import ExamService

        return ExamService(self.db)

    @_built_once
    def measures(self) -> MeasureService:
        from clinic_app.services.measures import MeasureService

        return MeasureService(self.db)

    @_built_once
    def progress(self) -> ProgressService:
        from clinic_app.services.progress import ProgressService

        return ProgressService(self.patients, self.measures, self.intake, self.exams,
                                   self.plans)

    @_built_once
    def exercises(self) -> ExerciseService:
        from clinic_app.services.exercises import ExerciseService

        return ExerciseService(self.db)

    @_built_once
    def plans(self) -> PlanService:
        from clinic_app.services.plans import PlanService

        return PlanService(self.db, self.exercises, self.red_flags)

    @_built_once
    def clinical_settings(self) -> ClinicalSettingsService:
        from clinic_app.services.clinical_settings import ClinicalSettingsService

        return ClinicalSettingsService(self.db)

    @_built_once
    def database_settings(self) -> DatabaseSettingsService:
        from clinic_app.services.db_settings import DatabaseSettingsService

        return DatabaseSettingsService(self.db)

    @_built_once
    def branding(self) -> BrandingService:
        from clinic_app.services.branding import BrandingService

        return BrandingService(self.db)

    @_built_once
    def handouts(self) -> HandoutService:
        from clinic_app.services.handout_data import SourceServices
        from clinic_app.services.handouts import HandoutService

        return HandoutService(self.db, SourceServices(
                self.patients, self.care, self.red_flags, self.summaries, self.exams,
                self.progress, self.exercises, self.plans, self.branding, self.screening))

    @_built_once
    def record_export(self) -> RecordExportService:
        from clinic_app.services.record_export import RecordExportService

        return RecordExportService(self.db)

    @_built_once
    def erasure(self) -> ErasureService:
        from clinic_app.services.erasure import ErasureService

        return ErasureService(self.db)

    @_built_once
    def appointments(self) -> AppointmentService:
        from clinic_app.services.appointments import AppointmentService

        return AppointmentService(self.db)

    @_built_once
    def diary(self) -> DiaryService:
        from clinic_app.services.appointments_diary import DiaryService

        return DiaryService(self.db)

    @_built_once
    def diary_documents(self) -> DiaryDocuments:
        from clinic_app.services.appointments_documents import DiaryDocuments

        return DiaryDocuments(self.db, self.diary, self.branding)
