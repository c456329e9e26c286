"""The audit viewer's reads: rows filtered by patient, user, action and date; CSV export; verification.

Administrators only (``Action.VIEW_AUDIT``). A patient's rows are found through the record each row
names (a visit, an exam, an episode's plan…), so the filter needs no patient column in the log.
"""

from __future__ import annotations

import csv
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from clinic_app.domain.access import Action
from clinic_app.domain.errors import ValidationError
from clinic_app.domain.messages import msg
from clinic_app.persistence.base import Base
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import (
    AuditChainHead,
    AuditEntry,
    Episode,
    Exam,
    Patient,
    User,
    Visit,
)
from clinic_app.services.access import authorize
from clinic_app.services.audit_key import export_key
from clinic_app.services.audit_verify import AuditVerification, Progress, verify_and_anchor
from clinic_app.services.context import Actor

logger = logging.getLogger(__name__)

SHOWN_MAX = 2000
"""The viewer shows at most this many rows (newest first); the CSV export has them all."""
_BY_EPISODE = ("episode", "intake", "plan", "return_to_run", "run_programme")
_TABLES = {"adherence": "adherence_week"}
CSV_HEADER = ("Row", "Time (UTC)", "User", "Workstation", "Action", "Record", "Record id",
              "Fields", "Sealed content (SHA-256)")


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """What the viewer asks for; every part optional."""

    patient_chart: str = ""
    """A chart number, ``SC-000123`` or ``123``."""
    user_id: int | None = None
    action: str = ""
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One audit row as the viewer shows it."""

    id: int
    at: datetime
    user: str
    workstation: str
    action: str
    entity: str
    entity_id: int
    fields: str
    content_hash: str


@dataclass(frozen=True, slots=True)
class AuditPage:
    """The rows shown and how many match in all."""

    rows: tuple[AuditRow, ...]
    total: int


def _patient_condition(patient_id: int) -> ColumnElement[bool]:
    """Rows about the patient or any record of theirs."""
    episodes = select(Episode.id).where(Episode.patient_id == patient_id).scalar_subquery()
    visits = select(Visit.id).where(Visit.patient_id == patient_id).scalar_subquery()
    parts: list[ColumnElement[bool]] = [
        and_(AuditEntry.entity == "patient", AuditEntry.entity_id == patient_id),
        and_(AuditEntry.entity.in_(_BY_EPISODE), AuditEntry.entity_id.in_(episodes)),
        and_(AuditEntry.entity == "visit", AuditEntry.entity_id.in_(visits)),
        and_(AuditEntry.entity == "exam", AuditEntry.entity_id.in_(
            select(Exam.id).where(Exam.visit_id.in_(visits)).scalar_subquery())),
    ]
    named = {"patient", "visit", "exam", *_BY_EPISODE}
    for table in Base.metadata.sorted_tables:
        entity = next((e for e, t in _TABLES.items() if t == table.name), table.name)
        if entity in named or table.name in {"audit_log", "patient_search_term"}:
            continue
        owner = (table.c["patient_id"] == patient_id if "patient_id" in table.c
                 else table.c["episode_id"].in_(episodes) if "episode_id" in table.c
                 else table.c["visit_id"].in_(visits) if "visit_id" in table.c else None)
        if owner is not None and "id" in table.c:
            parts.append(and_(AuditEntry.entity == entity,
                              AuditEntry.entity_id.in_(select(table.c["id"]).where(owner)
                                                       .scalar_subquery())))
    return or_(*parts)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time()).astimezone()


def _patient_id(s: Session, chart: str) -> int:
    match = re.fullmatch(r"(?i)\s*(?:SC-?)?0*(\d{1,9})\s*", chart)
    if match is None:
        raise ValidationError({"patient": msg("audit.not_chart_number_such_as", chart=chart.strip())})
    number = int(match.group(1))
    found = s.scalar(select(Patient.id).where(Patient.chart_number == number))
    if found is None:
        raise ValidationError({"patient": msg("audit.there_no_patient_with_chart", number=number)})
    return int(found)


def _filtered(s: Session, query: AuditQuery, base: Any) -> Any:
    """``base`` (a ``Select`` of any columns) narrowed by the query's filters."""
    if query.start and query.end and query.end < query.start:
        raise ValidationError({"end": msg("common.end_before_start")})
    if query.patient_chart.strip():
        base = base.where(_patient_condition(_patient_id(s, query.patient_chart)))
    if query.user_id is not None:
        base = base.where(AuditEntry.user_id == query.user_id)
    if query.action:
        base = base.where(AuditEntry.action == query.action)
    if query.start is not None:
        base = base.where(AuditEntry.at >= _local_midnight(query.start))
    if query.end is not None:
        base = base.where(AuditEntry.at < _local_midnight(query.end + timedelta(days=1)))
    return base


def _rows(s: Session, query: AuditQuery, limit: int | None) -> Iterator[AuditRow]:
    columns = (AuditEntry.id, AuditEntry.at, User.display_name, AuditEntry.workstation,
               AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id,
               AuditEntry.changed_fields, AuditEntry.content_hash)
    base = (select(*columns).outerjoin(User, User.id == AuditEntry.user_id)
                         .order_by(AuditEntry.id.desc()))
    statement = _filtered(s, query, base)
    if limit is not None:
        statement = statement.limit(limit)
    for r in s.execute(statement.execution_options(yield_per=5000)):
        yield AuditRow(r[0], r[1], r[2] or "", r[3], r[4], r[5], r[6], _fields(r[7]), r[8] or "")


def _fields(raw: str) -> str:
    try:
        value = json.loads(raw) if raw else []
    except ValueError:
        return raw
    return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class AuditLogService:
    """Read, export and verify the audit trail (administrators)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def users(self, actor: Actor) -> list[tuple[int, str]]:
        """Everyone who can appear in the log, by name."""
        authorize(self._db, actor, Action.VIEW_AUDIT)
        with self._db.reading() as s:
            return [(r[0], r[1]) for r in s.execute(select(User.id, User.display_name)
                                                    .order_by(User.display_name))]

    def actions(self, actor: Actor) -> list[str]:
        """Every action the log holds, alphabetically."""
        authorize(self._db, actor, Action.VIEW_AUDIT)
        with self._db.reading() as s:
            return list(s.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))

    def search(self, actor: Actor, query: AuditQuery) -> AuditPage:
        """The newest matching rows (at most ``SHOWN_MAX``) and how many match."""
        authorize(self._db, actor, Action.VIEW_AUDIT)
        with self._db.reading() as s:
            total = int(s.scalar(_filtered(s, query, select(func.count(AuditEntry.id)))) or 0)
            return AuditPage(tuple(_rows(s, query, SHOWN_MAX)), total)

    def export_csv(self, actor: Actor, query: AuditQuery, path: Path) -> int:
        """Write every matching row to ``path`` (UTF-8 CSV, newest first); returns the count."""
        authorize(self._db, actor, Action.VIEW_AUDIT)
        if not path.parent.is_dir():
            raise ValidationError({"path": msg("common.folder_missing", folder=path.parent)})
        count = 0
        partial = path.with_name(path.name + ".part")
        try:
            with partial.open("w", encoding="utf-8-sig", newline="") as fh, \
                    self._db.reading() as s:
                writer = csv.writer(fh)
                writer.writerow(CSV_HEADER)
                for row in _rows(s, query, None):
                    writer.writerow([row.id, row.at.isoformat(timespec="seconds"),
                                     *(_cell(v) for v in (row.user, row.workstation, row.action,
                                                          row.entity)),
                                     row.entity_id, _cell(row.fields), row.content_hash])
                    count += 1
            partial.replace(path)
        except OSError as exc:
            raise ValidationError({"path": msg("common.cannot_write",
                                               path=path, error=exc.strerror or exc)}) from exc
        finally:
            partial.unlink(missing_ok=True)
        return count

    def export_key(self, actor: Actor, path: Path) -> None:
        """Write the database's audit key to ``path`` (owner-only), for the other workstations."""
        authorize(self._db, actor, Action.VIEW_AUDIT)
        if not path.parent.is_dir():
            raise ValidationError({"path": msg("common.folder_missing", folder=path.parent)})
        with self._db.reading() as s:
            fingerprint = str(s.scalar(select(AuditChainHead.key_fingerprint)
                                       .where(AuditChainHead.id == 1)))
        export_key(fingerprint, path)

    def verify(self, actor: Actor, progress: Progress | None = None,
               anchor_folder: Path | None = None) -> AuditVerification:
        """Verify the whole trail and every signed record (moving this workstation's anchor)."""
        authorize(self._db, actor, Action.VIEW_AUDIT)
        return verify_and_anchor(self._db, anchor_folder=anchor_folder, progress=progress)

