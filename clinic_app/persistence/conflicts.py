"""One place that turns concurrent-write failures into the conflict or busy errors users understand.

Two workstations saving the same record at once fail in the database in several ways: a stale
optimistic version (``StaleDataError``), a unique violation when both make the first save of a
record (an exam or intake for the same visit/episode), a PostgreSQL serialization failure or
deadlock. Each becomes ``ConflictError`` naming who saved the record last and when. A lock or
statement timeout (or SQLite's "database is locked") becomes ``RecordBusy``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import UniqueConstraint, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from clinic_app.domain.errors import ConflictError, RecordBusy

logger = logging.getLogger(__name__)

ENTITY_LABELS = {
    "patient": "Patient", "episode": "Episode", "visit": "Visit note", "exam": "Exam",
    "visit_measures": "Outcome measures", "intake_revision": "Intake", "plan_revision": "Plan",
    "red_flag_event": "Red flag", "practice_setting": "Practice letterhead",
    "adherence_week": "Weekly adherence", "app_user": "User", "plan_template": "Plan template",
    "psfs_series": "PSFS activities",
}
"""What a table's record is called in a conflict message."""

_CONFLICT_STATES = {"40001", "40P01"}  # serialization failure, deadlock detected
_BUSY_STATES = {"55P03", "57014"}  # lock_not_available (lock_timeout), query_canceled (timeout)
_UNIQUE_STATE = "23505"
_PENDING = "stride_clinic_pending"
_WHO = ("updated_by_id", "saved_by_id", "created_by_id")
_WHEN = ("updated_at", "saved_at", "created_at")


@dataclass(frozen=True, slots=True)
class Target:
    """A record whose save failed: its class and how to find the row that won."""

    model: type[Any]
    where: tuple[tuple[str, Any], ...]


def _sqlstate(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return str(getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None) or "")


def classify(exc: BaseException) -> str | None:
    """``"conflict"``, ``"busy"`` or ``None`` (not a concurrent-write failure)."""
    if isinstance(exc, StaleDataError):
        return "conflict"
    if not isinstance(exc, DBAPIError):
        return None
    state = _sqlstate(exc)
    if isinstance(exc, IntegrityError):
        text = str(exc.orig).lower()
        unique = state == _UNIQUE_STATE or "unique constraint failed" in text
        return "conflict" if unique else None
    if state in _CONFLICT_STATES:
        return "conflict"
    if state in _BUSY_STATES:
        return "busy"
    if isinstance(exc, OperationalError) and "database is locked" in str(exc.orig).lower():
        return "busy"
    return None


def _unique_columns(model: type[Any]) -> list[tuple[str, ...]]:
    table = model.__table__
    out = [tuple(c.name for c in con.columns) for con in table.constraints
           if isinstance(con, UniqueConstraint)]
    out += [tuple(c.name for c in table.primary_key.columns)]
    out += [(c.name,) for c in table.columns if c.unique]
    return out


def remember_pending(session: Session, _context: Any, _instances: Any) -> None:
    """``before_flush``: keep the new records, which a failed flush drops from the session."""
    session.info[_PENDING] = list(session.new)


def targets(session: Session, exc: BaseException) -> list[Target]:
    """The records of ``session`` the failed save touched (read before the rollback)."""
    message = str(exc)
    named: list[Target] = []
    pending: list[Target] = []
    others: list[Target] = []
    try:
        for obj in [*session.info.get(_PENDING, ()), *session.new]:
            for columns in _unique_columns(type(obj)):
                loaded = sa_inspect(obj).dict  # never a load: the transaction has failed
                values = tuple((name, loaded.get(name)) for name in columns)
                if all(v is not None for _, v in values):
                    pending.append(Target(type(obj), values))
        for obj in list(session.identity_map.values()):
            state = sa_inspect(obj)
            if state.identity is None or state.mapper.version_id_col is None:
                continue
            keys = [c.name for c in state.mapper.primary_key]
            target = Target(type(obj), tuple(zip(keys, state.identity, strict=True)))
            (named if f"'{state.mapper.local_table.name}'" in message else others).append(target)
    except Exception:  # noqa: BLE001 - best effort: the conflict is raised without a name
        logger.debug("could not read the failed session's records", exc_info=True)
    found = named + pending + others if isinstance(exc, StaleDataError) else pending + named + others
    return found


def _first(obj: Any, names: tuple[str, ...]) -> Any:
    for name in names:
        if hasattr(obj, name):
            return getattr(obj, name)
    return None


def conflict_for(session: Session, found: list[Target]) -> ConflictError:
    """The conflict naming who saved the first found record last, and when (fresh read)."""
    from clinic_app.persistence.models import User

    for target in found:
        label = ENTITY_LABELS.get(target.model.__tablename__, "The record")
        query = select(target.model).filter_by(**dict(target.where))
        row = session.scalars(query).first()
        if row is None:
            return ConflictError(label, "another user", None)
        who_id = _first(row, _WHO)
        when: datetime | None = _first(row, _WHEN)
        user = session.get(User, who_id) if who_id is not None else None
        return ConflictError(label, user.display_name if user else "another user", when)
    return ConflictError("The record", "another user", None)


def busy_error() -> RecordBusy:
    """The error a lock or statement timeout becomes."""
    return RecordBusy()
