"""The practice's database waits (lock and statement timeouts): one row in ``practice_setting``.

Every workstation reads the setting when it starts (``apply``) and sets it on its PostgreSQL
sessions; the workstation that changes it uses the new values at once. SQLite keeps its own
busy timeout (``persistence.db.BUSY_TIMEOUT_MS``): the setting is stored but has no effect there.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from clinic_app.domain.access import Action
from clinic_app.domain.db_timeouts import SessionTimeouts
from clinic_app.domain.errors import ClinicError, ValidationError
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import PracticeSetting
from clinic_app.services.access import authorize
from clinic_app.services.context import Actor, Changes, audit, check_version

logger = logging.getLogger(__name__)

KEY = "database"


@dataclass(frozen=True, slots=True)
class DatabaseSettings:
    """The saved timeouts and the row's version (0: never saved, the defaults apply)."""

    timeouts: SessionTimeouts
    version: int = 0


def read_timeouts(s: Session) -> DatabaseSettings:
    """The saved setting inside an open session; defaults when never set or unreadable."""
    row = s.get(PracticeSetting, KEY)
    if row is None:
        return DatabaseSettings(SessionTimeouts())
    try:
        return DatabaseSettings(SessionTimeouts.from_mapping(json.loads(row.value)), row.version)
    except (ValueError, TypeError) as exc:
        logger.error("practice database timeouts ignored, defaults used: %s", exc)
        return DatabaseSettings(SessionTimeouts(), row.version)


class DatabaseSettingsService:
    """Read, change and apply the practice's lock and statement timeouts."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self) -> DatabaseSettings:
        """The practice's setting (the defaults, 5 s and 30 s, until changed)."""
        with self._db.reading() as s:
            return read_timeouts(s)

    def apply(self) -> SessionTimeouts | None:
        """PostgreSQL: read the setting and use it for this workstation's sessions (at start-up).

        A setting that cannot be read leaves the defaults in place (logged): starting the app
        matters more than a changed wait.
        """
        if self._db.backend != "postgresql":
            return None
        try:
            timeouts = self.get().timeouts
        except (SQLAlchemyError, ClinicError):
            logger.warning("practice database timeouts not read; defaults kept", exc_info=True)
            return None
        self._db.set_session_timeouts(*timeouts.in_ms())
        return timeouts

    def save(self, actor: Actor, timeouts: SessionTimeouts, expected_version: int) -> Changes:
        """Validate and store the timeouts for every workstation; administrators only.

        Raises:
            ValidationError: a value is out of range (the message names the allowed range).
            ConflictError: another administrator changed the setting since it was read.
        """
        authorize(self._db, actor, Action.DATABASE_SETTINGS)
        errors = timeouts.problems()
        if errors:
            raise ValidationError(errors)
        data = json.dumps(timeouts.to_mapping(), sort_keys=True)
        with self._db.writing() as s:
            row = s.get(PracticeSetting, KEY)
            if row is not None:
                check_version(s, "Database settings", row.version, expected_version,
                              row.updated_by_id, row.updated_at)
            before = json.loads(row.value) if row is not None else SessionTimeouts().to_mapping()
            if row is None:
                s.add(PracticeSetting(key=KEY, value=data, updated_by_id=actor.user_id))
            elif row.value != data:
                row.value, row.updated_by_id = data, actor.user_id
            s.flush()
            changed = [f"database.{k}" for k, v in timeouts.to_mapping().items() if before.get(k) != v]
            if changed:
                audit(s, actor, "update", "practice_setting", 0, changed)
        self._db.set_session_timeouts(*timeouts.in_ms())
        return Changes(entity="database_settings")
