"""Keeping ``episode_outcome`` exact: every write transaction refreshes the episodes it touched.

Practice → Outcomes aggregates one summary row per episode (``episode_outcome_sql`` computes it
from the records). The rows are kept in step centrally, so no save can forget them: after each
flush of a write session the records it changed are noted (a visit added, moved or re-assigned, a
measure, an examination, an intake, a red-flag screen, a walk/run session, an episode opened or
discharged, a patient's birth date, the practice's ODI setting), and just before the transaction
commits the touched episodes' rows are recomputed in it, a few indexed queries each. A change to
the ODI missing-section limit rescores every episode (rare, and administrators only).

Bulk writers that bypass the ORM call :func:`rebuild_episode_outcomes` themselves (the demo
generator); erasure calls :func:`forget_episode_outcomes` before the episodes go (and ``id`` is the
episode's foreign key, so no row can outlive its episode).
Importing this module registers the hooks; ``services/context.py`` imports it, so every service
that writes has them.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Table,
    bindparam,
    delete,
    event,
    insert,
    select,
    true,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from clinic_app.domain.settings import ClinicalSettings
from clinic_app.persistence.models import (
    Episode,
    EpisodeOutcome,
    Exam,
    IntakeRevision,
    Patient,
    PracticeSetting,
    RedFlagScreen,
    RunSession,
    Visit,
    VisitMeasuresRecord,
)
from clinic_app.services.episode_outcome_month import apply_changes, month_facts, rebuild_months
from clinic_app.services.episode_outcome_sql import OUTCOME_COLUMNS, outcome_rows

logger = logging.getLogger(__name__)

CLINICAL_SETTINGS_KEY = "clinical"
"""The ``practice_setting`` row of the clinical settings (``services/clinical_settings.py``)."""
_TOUCHED = "episode_outcome_touched"
_CHUNK = 500
_ALL = ("all", 0)

# What each record touches: (attributes whose change matters; None: any change), and where the
# episode is found: its own ``episode_id``, the visit's (exams), or the patient's episodes.
_WATCHED: dict[type[Any], tuple[frozenset[str] | None, str]] = {
    Visit: (frozenset({"episode_id", "starts_at", "clinician_id"}), "episode_id"),
    VisitMeasuresRecord: (frozenset({"episode_id", "visit_id", "data"}), "episode_id"),
    Exam: (frozenset({"visit_id", "data"}), "visit_id"),
    IntakeRevision: (None, "episode_id"),
    RedFlagScreen: (None, "episode_id"),
    RunSession: (None, "episode_id"),
    Episode: (frozenset({"start_date", "status", "patient_id"}), "id"),
    Patient: (frozenset({"birth_date"}), "id"),
}
_KINDS = {Visit: "episode", VisitMeasuresRecord: "episode", Exam: "visit", IntakeRevision: "episode",
          RedFlagScreen: "episode", RunSession: "episode", Episode: "episode", Patient: "patient"}


def odi_limit(conn: Connection | Session) -> int:
    """The practice's ODI missing-section limit (the default when unset or unreadable)."""
    value = conn.execute(select(PracticeSetting.value)
                         .where(PracticeSetting.key == CLINICAL_SETTINGS_KEY)).scalar()
    if value is None:
        return ClinicalSettings().odi_max_missing
    try:
        return ClinicalSettings.from_mapping(json.loads(value)).odi_max_missing
    except (ValueError, TypeError):
        return ClinicalSettings().odi_max_missing


def _dialect(conn: Connection | Session) -> str:
    return conn.get_bind().dialect.name if isinstance(conn, Session) else conn.dialect.name


def rebuild_episode_outcomes(conn: Connection | Session, where: ColumnElement[bool]) -> None:
    """Recompute the rows of every episode ``where`` (a condition on ``Episode``) selects, then
    the month sums (bulk work: the demo generator, the migration, a new ODI limit)."""
    table: Table = EpisodeOutcome.__table__  # type: ignore[assignment]
    rows = outcome_rows(_dialect(conn), where, odi_limit(conn))
    conn.execute(delete(table).where(table.c.id.in_(select(Episode.id).where(where))))
    conn.execute(insert(table).from_select(list(OUTCOME_COLUMNS), rows))
    rebuild_months(conn, _dialect(conn))


def refresh_episode_outcomes(conn: Connection | Session, episode_ids: Iterable[int] | None) -> None:
    """Recompute the rows of these episodes (None: of every episode); an episode that no longer
    exists loses its row."""
    if episode_ids is None:
        rebuild_episode_outcomes(conn, true())
        return
    ids = sorted(set(episode_ids))
    if not ids:
        return
    dialect = _dialect(conn)
    delete_rows, insert_rows = _by_ids(dialect, odi_limit(conn))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        before = month_facts(conn, chunk)
        conn.execute(delete_rows, {"ids": chunk})
        conn.execute(insert_rows, {"ids": chunk})
        apply_changes(conn, dialect, before, month_facts(conn, chunk))


@cache
def _by_ids(dialect: str, limit: int) -> tuple[Any, Any]:
    """The delete and the insert of the rows of the episodes ``ids`` (built once: the statement
    is large, and a save refreshes one episode)."""
    table: Table = EpisodeOutcome.__table__  # type: ignore[assignment]
    ids: Any = bindparam("ids", expanding=True)
    rows = outcome_rows(dialect, Episode.id.in_(ids), limit)
    return (delete(table).where(table.c.id.in_(ids)),
            insert(table).from_select(list(OUTCOME_COLUMNS), rows))


def forget_episode_outcomes(conn: Connection | Session, episode_ids: list[int]) -> None:
    """Remove these episodes' rows and their month counts (erasure, before the episodes go)."""
    table: Table = EpisodeOutcome.__table__  # type: ignore[assignment]
    for start in range(0, len(episode_ids), _CHUNK):
        chunk = episode_ids[start:start + _CHUNK]
        before = month_facts(conn, chunk)
        conn.execute(delete(table).where(table.c.id.in_(chunk)))
        apply_changes(conn, _dialect(conn), before, Counter())


def refresh_episode_outcome(session: Session, episode_id: int) -> None:
    """Recompute one episode's row from its records, in the caller's transaction."""
    refresh_episode_outcomes(session, [episode_id])


def _values(obj: object, name: str) -> set[int]:
    """The attribute's current and (when it changed) previous values, never loading anything."""
    state = sa_inspect(obj)
    found = {state.dict.get(name), *state.attrs[name].history.deleted}
    return {v for v in found if isinstance(v, int)}


def _changed(obj: object, names: frozenset[str] | None) -> bool:
    state = sa_inspect(obj)
    if names is None:
        return True
    return any(state.attrs[n].history.has_changes() for n in names)


def _odi_limit_changed(obj: PracticeSetting) -> bool:
    if sa_inspect(obj).dict.get("key") != CLINICAL_SETTINGS_KEY:
        return False
    history = sa_inspect(obj).attrs["value"].history
    limits = set()
    for value in (*history.added, *history.deleted):
        try:
            limits.add(ClinicalSettings.from_mapping(json.loads(value)).odi_max_missing)
        except (ValueError, TypeError):
            limits.add(-1)
    if not history.deleted:
        limits.add(ClinicalSettings().odi_max_missing)  # the row is new: the defaults applied
    return len(limits) > 1


def _note_flush(session: Session, _context: Any) -> None:
    """``after_flush``: note which episodes the flushed records belong to."""
    touched: set[tuple[str, int]] = session.info.setdefault(_TOUCHED, set())
    for group, is_new in ((session.new, True), (session.dirty, False), (session.deleted, True)):
        for obj in group:
            kind = type(obj)
            if kind is PracticeSetting:
                if _odi_limit_changed(obj):
                    touched.add(_ALL)
                continue
            watched = _WATCHED.get(kind)
            if watched is None or (kind is Patient and is_new):
                continue
            names, where = watched
            if is_new or _changed(obj, names):
                touched.update((_KINDS[kind], i) for i in _values(obj, where))


def _refresh_touched(session: Session) -> None:
    """``before_commit``: recompute the touched episodes' rows in the same transaction."""
    if not session.info.get(_TOUCHED) and not session.new and not session.dirty and not session.deleted:
        return
    session.flush()
    touched: set[tuple[str, int]] = session.info.pop(_TOUCHED, set())
    if not touched:
        return
    if _ALL in touched:
        refresh_episode_outcomes(session, None)
        return
    episodes = {i for kind, i in touched if kind == "episode"}
    visits = sorted(i for kind, i in touched if kind == "visit")
    patients = sorted(i for kind, i in touched if kind == "patient")
    if visits:
        episodes.update(session.scalars(select(Visit.episode_id).where(Visit.id.in_(visits))))
    if patients:
        episodes.update(session.scalars(select(Episode.id).where(Episode.patient_id.in_(patients))))
    refresh_episode_outcomes(session, episodes)


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_TOUCHED, None)


event.listen(Session, "after_flush", _note_flush)
event.listen(Session, "before_commit", _refresh_touched)
event.listen(Session, "after_rollback", _forget)
