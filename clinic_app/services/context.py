"""Who acts, what changed, and the audit row every change writes in its own transaction."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic_app.domain.errors import ConflictError, NotFoundError
from clinic_app.domain.messages import msg
from clinic_app.domain.patients import Role
from clinic_app.persistence.db import READ_ONLY
from clinic_app.persistence.models import Episode, User, Visit
from clinic_app.services.audit_chain import append
from clinic_app.services.episode_outcome import refresh_episode_outcome  # noqa: F401 - see below

logger = logging.getLogger(__name__)
# Importing services/episode_outcome (above) registers the hooks that keep each episode's caseload
# summary exact in every write transaction, so every service that writes has them.


@dataclass(frozen=True, slots=True)
class Actor:
    """The signed-in user and the workstation they act from; every service call takes one."""

    user_id: int
    display_name: str
    role: Role
    workstation: str


@dataclass(frozen=True, slots=True)
class Changes:
    """What a mutation touched, so each view can decide whether to refresh (Anki's OpChanges)."""

    patients: frozenset[int] = field(default_factory=frozenset)
    records: bool = False
    episodes: bool = False
    visits: bool = False
    users: bool = False
    intake: bool = False
    red_flags: bool = False
    created_id: int | None = None
    entity: str = ""

    def touches_patient(self, patient_id: int | None) -> bool:
        """True when the change is about ``patient_id`` (or about every patient)."""
        return patient_id is not None and patient_id in self.patients


def audit(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int,
    fields: Iterable[str] = (),
    content_hash: str | None = None,
) -> None:
    """Add the next hash-chained audit row to the caller's transaction.

    This is the only place audit rows are written (the demo generator seals its bulk rows the
    same way). ``content_hash`` is the SHA-256 of signed content, so a later change to it shows.
    """
    append(session, user_id=actor.user_id, workstation=actor.workstation[:120], action=action,
           entity=entity, entity_id=entity_id, changed_fields=json.dumps(sorted(fields)),
           content_hash=content_hash)


_NAMES = "display_names"


def display_names(session: Session) -> dict[int, str]:
    """Every user's display name by id (the practice's staff: a short list).

    A read session keeps the list for its lifetime, so a screen read in one transaction
    (the chart's header, visits, intake and red flags) asks the database once.
    """
    names: dict[int, str] | None = session.info.get(_NAMES)
    if names is None:
        names = {uid: name for uid, name in session.execute(select(User.id, User.display_name))}
        if session.info.get(READ_ONLY):
            session.info[_NAMES] = names
    return names


def display_name(session: Session, user_id: int | None, unknown: str = "") -> str:
    """The display name of ``user_id``; ``unknown`` when there is none."""
    if user_id is None:
        return unknown
    return display_names(session).get(user_id, unknown)


def check_version(
    session: Session, entity: str, row_version: int, expected: int,
    updated_by_id: int | None, updated_at: datetime | None,
) -> None:
    """Raise ``ConflictError`` naming who changed the row when ``expected`` is stale."""
    if row_version == expected:
        return
    raise ConflictError(entity, display_name(session, updated_by_id, "another user"), updated_at)


class _Revision(Protocol):
    """A saved revision (intake, plan): its number, who saved it and when."""

    @property
    def revision(self) -> int: ...
    @property
    def saved_by_id(self) -> int | None: ...
    @property
    def saved_at(self) -> datetime: ...


def check_revision(session: Session, entity: str, latest: _Revision | None, expected: int) -> int:
    """The latest revision's number (0 before the first); ``ConflictError`` naming who saved it,
    and when, if it is not the ``expected`` one the editor started from."""
    current = latest.revision if latest else 0
    if current != expected:
        raise ConflictError(entity, display_name(session, latest.saved_by_id if latest else None,
                                                 "another user"),
                            latest.saved_at if latest else None)
    return current


def apply_fields(row: object, values: dict[str, object]) -> list[str]:
    """Set attributes that differ and return the names that changed."""
    changed = []
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed.append(name)
    return changed


def load_episode(session: Session, episode_id: int) -> Episode:
    """The episode, or ``NotFoundError`` naming it."""
    episode = session.get(Episode, episode_id)
    if episode is None:
        raise NotFoundError(msg("episode.not_found", episode_id=episode_id))
    return episode


def load_visit(session: Session, visit_id: int) -> Visit:
    """The visit, or ``NotFoundError`` naming it."""
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFoundError(msg("visit.not_found", visit_id=visit_id))
    return visit
