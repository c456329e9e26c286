"""The Overview's plain-language intake summary, built from the domain's interpretation."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from clinic_app.domain.intake.body_chart import BodyMark, describe_marks, marks_from_data
from clinic_app.domain.intake.rules import intake_summary
from clinic_app.domain.patients import age_on
from clinic_app.persistence.db import Database
from clinic_app.services.care import CareService
from clinic_app.services.dto import PatientDetails, VisitRow
from clinic_app.services.intake import IntakeService
from clinic_app.services.measures import MeasureService
from clinic_app.services.patients import PatientService
from clinic_app.services.red_flags import RedFlagService, RedFlagStatus


@dataclass(frozen=True, slots=True)
class EpisodeSummary:
    """What the Overview and the chart header show about an episode's intake and red flags.

    ``summary`` is the intake paragraph followed by the red-flag statement; ``intake_text`` is the
    intake paragraph alone (documents print the statement in their own red-flag section).
    """

    episode_id: int
    has_intake: bool
    summary: str
    marks: tuple[BodyMark, ...]
    red_flags: RedFlagStatus
    startback: str = ""
    intake_text: str = ""


@dataclass(frozen=True, slots=True)
class ChartOpening:
    """Everything a chart shows when it opens: the header, the timeline and the summary."""

    details: PatientDetails
    visits: list[VisitRow]
    summary: EpisodeSummary | None


class ChartSummaryService:
    """Combine the intake and red-flag state of an episode into one read model."""

    def __init__(self, db: Database, patients: PatientService, care: CareService,
                 intake: IntakeService, red_flags: RedFlagService,
                 measures: MeasureService) -> None:
        self._db = db
        self._patients = patients
        self._care = care
        self._intake = intake
        self._red_flags = red_flags
        self._measures = measures

    def open_chart(self, patient_id: int, today: date, unit: str = "km") -> ChartOpening:
        """The patient, their visits and the shown episode's summary, read in one transaction.

        The summary is ``None`` without an episode or a date of birth (the age it states).
        """
        with self._db.one_read():
            visits = self._care.list_visits(patient_id)  # every visit: the episodes' counts too
            details = self._patients.get(patient_id, Counter(v.episode_id for v in visits))
            episode = details.shown_episode
            summary = None
            if episode is not None and details.draft.birth_date is not None:
                summary = self.episode_summary(episode.id, details.draft.birth_date, today, unit)
        return ChartOpening(details, visits, summary)

    def episode_summary(self, episode_id: int, birth_date: date, today: date,
                        unit: str = "km") -> EpisodeSummary:
        """The summary sentence, the body-chart marks and the red-flag status."""
        with self._db.one_read():
            record = self._intake.current(episode_id)
            status = self._red_flags.status(episode_id)
            startback = self._measures.startback(episode_id)
        marks = tuple(marks_from_data([dict(m) for m in record.intake.body_marks]))
        intake_text = intake_summary(record.intake, age_on(birth_date, today),
                                     describe_marks(marks) if marks else "", "", unit)
        return EpisodeSummary(episode_id, record.revision > 0,
                              f"{intake_text} {status.statement.text}", marks, status,
                              startback.text if startback else "", intake_text)
