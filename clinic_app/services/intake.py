"""The running-injury intake per episode: versioned saves and the state on any earlier date."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic_app.domain.access import Action
from clinic_app.domain.errors import NotFoundError, ValidationError
from clinic_app.domain.intake.record import Intake, intake_from_data, intake_to_data
from clinic_app.domain.intake.rules import validate_intake
from clinic_app.domain.messages import msg
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import IntakeRevision
from clinic_app.services.access import authorize
from clinic_app.services.context import (
    Actor,
    Changes,
    audit,
    check_revision,
    display_name,
    display_names,
    load_episode,
)
from clinic_app.services.text_checks import refuse_unstorable

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IntakeRecord:
    """An intake as saved at one revision (revision 0: nothing saved yet)."""

    episode_id: int
    revision: int
    intake: Intake
    saved_at: datetime | None
    saved_by: str


@dataclass(frozen=True, slots=True)
class IntakeRevisionRow:
    """One entry of an intake's history."""

    revision: int
    saved_at: datetime
    saved_by: str
    changed: tuple[str, ...]


def _validate_marks(intake: Intake) -> dict[str, str]:
    from clinic_app.domain.intake.body_chart import marks_from_data

    try:
        marks_from_data([dict(m) for m in intake.body_marks])
    except ValueError as exc:
        return {"body_marks": str(exc)}
    return {}


def changed_fields(before: Intake, after: Intake) -> list[str]:
    """Top-level intake fields whose saved form differs."""
    old, new = intake_to_data(before), intake_to_data(after)
    return sorted(k for k in new if old.get(k) != new.get(k))


class IntakeService:
    """Read and save intakes; every save is a new revision and an audit row."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def current(self, episode_id: int) -> IntakeRecord:
        """The latest saved intake of an episode (an empty one at revision 0)."""
        with self._db.reading() as s:
            row = s.scalars(select(IntakeRevision).where(IntakeRevision.episode_id == episode_id)
                            .order_by(IntakeRevision.revision.desc()).limit(1)).first()
            if row is None:
                load_episode(s, episode_id)  # a revision's episode exists; no revision: ask
            return self._record(s, episode_id, row)

    def as_of(self, episode_id: int, when: datetime) -> IntakeRecord:
        """What the intake said at ``when`` (revision 0 when nothing was saved yet)."""
        with self._db.reading() as s:
            row = s.scalars(select(IntakeRevision)
                            .where(IntakeRevision.episode_id == episode_id,
                                   IntakeRevision.saved_at <= when)
                            .order_by(IntakeRevision.revision.desc()).limit(1)).first()
            return self._record(s, episode_id, row)

    def revision(self, episode_id: int, revision: int) -> IntakeRecord:
        """One saved revision."""
        with self._db.reading() as s:
            row = s.scalars(select(IntakeRevision).where(
                IntakeRevision.episode_id == episode_id, IntakeRevision.revision == revision)).first()
            if row is None:
                raise NotFoundError(msg("intake.intake_revision_does_not_exist", revision=revision))
            return self._record(s, episode_id, row)

    def history(self, episode_id: int) -> list[IntakeRevisionRow]:
        """Every saved revision, newest first, with the fields each changed."""
        with self._db.reading() as s:
            names = display_names(s)
            rows = list(s.scalars(select(IntakeRevision)
                                  .where(IntakeRevision.episode_id == episode_id)
                                  .order_by(IntakeRevision.revision)))
        result: list[IntakeRevisionRow] = []
        previous = Intake()
        for row in rows:
            intake = intake_from_data(json.loads(row.data))
            result.append(IntakeRevisionRow(row.revision, row.saved_at,
                                            names.get(row.saved_by_id, ""),
                                            tuple(changed_fields(previous, intake))))
            previous = intake
        return list(reversed(result))

    def save(self, actor: Actor, episode_id: int, intake: Intake, expected_revision: int,
             today: date) -> tuple[Changes, int]:
        """Validate and store a new revision; refuse if someone saved since ``expected_revision``."""
        authorize(self._db, actor, Action.WRITE_INTAKE)
        refuse_unstorable(intake)
        errors = validate_intake(intake, today) | _validate_marks(intake)
        if errors:
            raise ValidationError(errors)
        with self._db.writing() as s:
            episode = load_episode(s, episode_id)
            latest = s.scalars(select(IntakeRevision).where(IntakeRevision.episode_id == episode_id)
                               .order_by(IntakeRevision.revision.desc()).limit(1)).first()
            current = check_revision(s, "Intake", latest, expected_revision)
            before = intake_from_data(json.loads(latest.data)) if latest else Intake()
            changed = changed_fields(before, intake)
            if not changed:
                return Changes(patients=frozenset({episode.patient_id})), current
            row = IntakeRevision(episode_id=episode_id, revision=current + 1,
                                 saved_by_id=actor.user_id,
                                 data=json.dumps(intake_to_data(intake), ensure_ascii=False))
            s.add(row)
            s.flush()
            audit(s, actor, "create" if current == 0 else "update", "intake", episode_id, changed)
            changes = Changes(patients=frozenset({episode.patient_id}), intake=True, entity="intake")
            return changes, row.revision

    def revision_count(self, episode_id: int) -> int:
        """How many times the intake was saved."""
        with self._db.reading() as s:
            return int(s.scalar(select(func.count(IntakeRevision.id))
                                .where(IntakeRevision.episode_id == episode_id)) or 0)


    @staticmethod
    def _record(s: Session, episode_id: int, row: IntakeRevision | None) -> IntakeRecord:
        if row is None:
            return IntakeRecord(episode_id, 0, Intake(), None, "")
        return IntakeRecord(episode_id, row.revision, intake_from_data(json.loads(row.data)),
                            row.saved_at, display_name(s, row.saved_by_id))
