"""The Overview's plain-language intake summary, built from the domain's interpretation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from clinic_app.domain.intake.body_chart import BodyMark, describe_marks, marks_from_data
from clinic_app.domain.intake.rules import intake_summary
from clinic_app.domain.patients import age_on
from clinic_app.services.intake import IntakeService
from clinic_app.services.measures import MeasureService
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


class ChartSummaryService:
    """Combine the intake and red-flag state of an episode into one read model."""

    def __init__(self, intake: IntakeService, red_flags: RedFlagService,
                 measures: MeasureService) -> None:
        self._intake = intake
        self._red_flags = red_flags
        self._measures = measures

    def episode_summary(self, episode_id: int, birth_date: date, today: date,
                        unit: str = "km") -> EpisodeSummary:
        """The summary sentence, the body-chart marks and the red-flag status."""
        record = self._intake.current(episode_id)
        status = self._red_flags.status(episode_id)
        marks = tuple(marks_from_data([dict(m) for m in record.intake.body_marks]))
        intake_text = intake_summary(record.intake, age_on(birth_date, today),
                                     describe_marks(marks) if marks else "", "", unit)
        startback = self._measures.startback(episode_id)
        return EpisodeSummary(episode_id, record.revision > 0,
                              f"{intake_text} {status.statement.text}", marks, status,
                              startback.text if startback else "", intake_text)
