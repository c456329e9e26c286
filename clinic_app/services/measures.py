"""Outcome measures per visit and PSFS activity series per episode."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from clinic_app.domain.access import Action
from clinic_app.domain.errors import NotFoundError, RecordLocked, ValidationError
from clinic_app.domain.measures.outcomes import (
    VisitMeasures,
    VisitScores,
    measures_from_data,
    measures_to_data,
    score_visit,
    validate_measures,
    validate_psfs_activities,
)
from clinic_app.domain.measures.startback import StartBackScore, matched_care
from clinic_app.domain.messages import Message, msg
from clinic_app.domain.patients import NoteStatus
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import Episode, PsfsSeries, Visit, VisitMeasuresRecord
from clinic_app.services.access import authorize
from clinic_app.services.clinical_settings import read_clinical_settings
from clinic_app.services.context import Actor, Changes, audit, check_version, load_visit
from clinic_app.services.text_checks import refuse_unstorable

logger = logging.getLogger(__name__)



@dataclass(frozen=True, slots=True)
class PsfsSeriesRow:
    """A PSFS series: its id, when it started and the activities in order."""

    id: int
    started_at: datetime
    activities: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MeasuresView:
    """A visit's measures with their scores, as the entry form shows them."""

    visit_id: int
    episode_id: int
    measured_on: date
    exists: bool
    measures: VisitMeasures
    scores: VisitScores
    version: int
    locked: bool
    psfs: PsfsSeriesRow | None
    odi_max_missing: int = 2
    """The practice's limit of unanswered ODI sections (the form scores live with it)."""


@dataclass(frozen=True, slots=True)
class MeasuredVisit:
    """One visit's saved measures and scores, for graphs and the since-baseline table."""

    visit_id: int
    measured_on: date
    measures: VisitMeasures
    scores: VisitScores


@dataclass(frozen=True, slots=True)
class StartBackSummary:
    """The episode's latest STarT Back result, for the chart header."""

    score: StartBackScore
    measured_on: date

    @property
    def text(self) -> str:
        """"STarT Back: high risk (5/9, psychosocial 5/5) — psychologically informed …"."""
        s = self.score
        return (f"STarT Back {s.risk.value} risk ({s.total}/9, psychosocial {s.psychosocial}/5) — "
                f"{matched_care(s.risk)}")


def _local_day(value: datetime) -> date:
    return value.astimezone().date()


class MeasureService:
    """Save and read outcome measures; a signed visit's measures are read-only."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- PSFS activities -----------------------------------------------------------------

    def psfs_series(self, episode_id: int) -> PsfsSeriesRow | None:
        """The episode's current PSFS activities (the newest series)."""
        with self._db.reading() as s:
            row = s.scalars(select(PsfsSeries).where(PsfsSeries.episode_id == episode_id)
                            .order_by(PsfsSeries.id.desc()).limit(1)).first()
            return self._series(row) if row else None

    def all_psfs_series(self, episode_id: int) -> list[PsfsSeriesRow]:
        """Every series of the episode, oldest first."""
        with self._db.reading() as s:
            rows = s.scalars(select(PsfsSeries).where(PsfsSeries.episode_id == episode_id)
                             .order_by(PsfsSeries.id))
            return [self._series(r) for r in rows]

    def start_psfs_series(self, actor: Actor, episode_id: int, activities: list[str]) -> Changes:
        """Name 3-5 activities; earlier ratings stay with their own series."""
        authorize(self._db, actor, Action.WRITE_MEASURES)
        refuse_unstorable(activities, "activities")
        errors = validate_psfs_activities(activities)
        if errors:
            raise ValidationError(errors)
        with self._db.writing() as s:
            episode = s.get(Episode, episode_id)
            if episode is None:
                raise NotFoundError(msg("episode.not_found", episode_id=episode_id))
            row = PsfsSeries(episode_id=episode_id, created_by_id=actor.user_id,
                             activities=json.dumps([a.strip() for a in activities],
                                                   ensure_ascii=False))
            s.add(row)
            s.flush()
            audit(s, actor, "create", "psfs_series", row.id, ["activities"])
            return Changes(patients=frozenset({episode.patient_id}), visits=True,
                           entity="psfs_series", created_id=row.id)

    # -- measures ------------------------------------------------------------------------

    def get(self, visit_id: int) -> MeasuresView:
        """A visit's measures (empty when none were recorded)."""
        with self._db.reading() as s:
            visit = load_visit(s, visit_id)
            row = s.scalars(select(VisitMeasuresRecord)
                            .where(VisitMeasuresRecord.visit_id == visit_id)).first()
            measures = measures_from_data(json.loads(row.data)) if row else VisitMeasures()
            series = s.scalars(select(PsfsSeries).where(PsfsSeries.episode_id == visit.episode_id)
                               .order_by(PsfsSeries.id.desc()).limit(1)).first()
            settings = read_clinical_settings(s)
            return MeasuresView(visit_id, visit.episode_id, _local_day(visit.starts_at),
                                row is not None, measures, score_visit(measures, settings),
                                row.version if row else 0,
                                visit.status == NoteStatus.SIGNED.value,
                                self._series(series) if series else None, settings.odi_max_missing)

    def save(self, actor: Actor, visit_id: int, measures: VisitMeasures, expected_version: int,
             today: date) -> tuple[Changes, int]:
        """Validate against the domain core and store; refused after signing or if stale."""
        authorize(self._db, actor, Action.WRITE_MEASURES)
        refuse_unstorable(measures)
        with self._db.writing() as s:
            visit = load_visit(s, visit_id)
            if visit.status == NoteStatus.SIGNED.value:
                raise RecordLocked(msg("measures.visit_note_signed_so_measures"))
            episode = s.get(Episode, visit.episode_id)
            assert episode is not None
            measured_on = _local_day(visit.starts_at)
            errors: dict[str, str | Message] = {}
            if measured_on > today:
                errors["visit"] = msg("measures.measures_cannot_recorded_visit_future")
            if measured_on < episode.start_date:
                errors["visit"] = msg("measures.visit_dated_before_episode_started")
            count = None
            if measures.psfs is not None:
                series = s.get(PsfsSeries, measures.psfs.series_id)
                if series is None or series.episode_id != episode.id:
                    errors["psfs"] = msg("measures.these_psfs_ratings_belong_another")
                else:
                    count = len(json.loads(series.activities))
            errors |= validate_measures(measures, count)
            if errors:
                raise ValidationError(errors)
            row = s.scalars(select(VisitMeasuresRecord)
                            .where(VisitMeasuresRecord.visit_id == visit_id)).first()
            data = json.dumps(measures_to_data(measures), ensure_ascii=False)
            if row is None:
                row = VisitMeasuresRecord(visit_id=visit_id, episode_id=episode.id, data=data,
                                       updated_by_id=actor.user_id)
                s.add(row)
                s.flush()
                audit(s, actor, "create", "visit_measures", row.id, _recorded(measures))
            else:
                check_version(s, "Outcome measures", row.version, expected_version,
                              row.updated_by_id, row.updated_at)
                if row.data == data:
                    return Changes(patients=frozenset({episode.patient_id})), row.version
                row.data = data
                row.updated_by_id = actor.user_id
                s.flush()
                audit(s, actor, "update", "visit_measures", row.id, _recorded(measures))
            changes = Changes(patients=frozenset({episode.patient_id}), visits=True,
                              entity="visit_measures")
            return changes, row.version

    def history(self, episode_id: int) -> list[MeasuredVisit]:
        """Every visit's saved measures in the episode, oldest first."""
        with self._db.reading() as s:
            rows = s.execute(
                select(VisitMeasuresRecord.data, Visit.id, Visit.starts_at)
                .join(Visit, Visit.id == VisitMeasuresRecord.visit_id)
                .where(VisitMeasuresRecord.episode_id == episode_id)
                .order_by(Visit.starts_at, Visit.id)).all()
            settings = read_clinical_settings(s)
        result = []
        for data, visit_id, starts_at in rows:
            measures = measures_from_data(json.loads(data))
            result.append(MeasuredVisit(visit_id, _local_day(starts_at), measures,
                                        score_visit(measures, settings)))
        return result

    def startback(self, episode_id: int) -> StartBackSummary | None:
        """The latest STarT Back result of the episode."""
        for visit in reversed(self.history(episode_id)):
            if visit.scores.startback is not None:
                return StartBackSummary(visit.scores.startback, visit.measured_on)
        return None

    # -- helpers -------------------------------------------------------------------------


    @staticmethod
    def _series(row: PsfsSeries) -> PsfsSeriesRow:
        return PsfsSeriesRow(row.id, row.started_at, tuple(json.loads(row.activities)))


def _recorded(m: VisitMeasures) -> list[str]:
    names = [n for n in ("odi", "rmdq", "psfs", "startback") if getattr(m, n) is not None]
    return (["nprs"] if m.nprs.any() else []) + names
