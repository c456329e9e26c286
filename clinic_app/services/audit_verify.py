"""Verifying the audit chain and the signed records it vouches for, streamed straight from the database.

Rows are read with a plain cursor (a server-side one on PostgreSQL), never as ORM objects, so a
million rows verify in seconds. The pure checks live in ``domain.audit_chain``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clinic_app.domain.audit_chain import (
    ChainHead,
    Problem,
    ProblemKind,
    Row,
    check_contents,
    verify_chain,
)
from clinic_app.domain.errors import ClinicError
from clinic_app.persistence.db import Database
from clinic_app.services.audit_chain import AuditKeyMissing, read_anchor, write_anchor
from clinic_app.services.audit_content import SEALED_ENTITIES, content_digests
from clinic_app.services.audit_key import key_for

logger = logging.getLogger(__name__)

_ROWS_SQL = ("SELECT id, {at}, user_id, workstation, action, entity, entity_id, changed_fields, "
             "content_hash, prev_hash, row_hash FROM audit_log ORDER BY id")
_PG_AT = "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
"""PostgreSQL hands the timestamp over in the chain's canonical text (SQLite stores it so)."""
_HEAD_SQL = "SELECT chain_id, last_id, last_hash, key_fingerprint FROM audit_chain_head WHERE id = 1"
_FETCH = 20_000

Progress = Callable[[int, int], None]
"""Called with (rows checked, rows expected) now and then; may raise to cancel."""


class VerifyCancelled(ClinicError):
    """The person who started a verification stopped it."""


@dataclass(frozen=True, slots=True)
class AuditVerification:
    """The outcome of one verification, in plain words."""

    rows: int
    last_id: int
    records_checked: int
    head: ChainHead
    problems: tuple[Problem, ...]

    @property
    def intact(self) -> bool:
        """True when the chain and every signed record check out."""
        return not self.problems

    def summary(self) -> str:
        """One sentence for the person at the desk."""
        if self.intact:
            return (f"The audit trail is intact: {self.rows:,} rows and {self.records_checked:,} "
                    "signed records checked, nothing was changed, removed or added.")
        count = len(self.problems)
        return (f"The audit trail shows tampering: {count} problem{'s' if count != 1 else ''} "
                f"found in {self.rows:,} rows and {self.records_checked:,} signed records.")

    def lines(self) -> list[str]:
        """One line per problem."""
        return [f"{p.kind.value}: {p.message}" for p in self.problems]


def _stream(db: Database, progress: Progress | None, total: int) -> Generator[Row, None, None]:
    with db.engine.connect() as conn:
        raw: Any = conn.connection.dbapi_connection
        postgres = db.backend == "postgresql"
        cursor = raw.cursor(name="stride_audit_verify") if postgres else raw.cursor()
        if postgres:
            cursor.itersize = _FETCH
        try:
            cursor.execute(_ROWS_SQL.format(at=_PG_AT if postgres else "at"))
            done = 0
            while True:
                batch = cursor.fetchmany(_FETCH)
                if not batch:
                    break
                yield from batch
                done += len(batch)
                if progress is not None:
                    progress(done, total)
        finally:
            cursor.close()
            if postgres:
                raw.rollback()


def _head(db: Database) -> tuple[ChainHead, str]:
    with db.engine.connect() as conn:
        row = conn.exec_driver_sql(_HEAD_SQL).first()
    if row is None:
        raise RuntimeError("The audit chain head is missing; run the database migrations.")
    return ChainHead(str(row[0]), int(row[1]), str(row[2])), str(row[3])


def verify_database(db: Database, *, anchors: Iterable[ChainHead] = (),
                    anchor_folder: Path | None = None, key_folder: Path | None = None,
                    progress: Progress | None = None) -> AuditVerification:
    """Check every audit row, the chain head, this workstation's anchor and every sealed record.

    ``anchors`` are further heads recorded elsewhere (a backup's header); ones from another
    database are ignored. Raises ``AuditKeyMissing`` when this workstation lacks the key.
    """
    head, fingerprint = _head(db)
    key = key_for(fingerprint, key_folder)
    if key is None:
        raise AuditKeyMissing()
    marks = [a for a in anchors if a.chain_id == head.chain_id]
    own = read_anchor(head.chain_id, anchor_folder)
    if own is not None:
        marks.append(own)
    with closing(_stream(db, progress, head.last_id)) as rows:
        report = verify_chain(key, rows, head, marks)
    problems = list(report.problems)
    by_entity: dict[str, dict[tuple[str, int], tuple[int, str]]] = {}
    for (entity, entity_id), sealed in report.signed.items():
        by_entity.setdefault(entity, {})[(entity, entity_id)] = sealed
    with db.reading() as s:
        for entity in SEALED_ENTITIES:
            sealed_here = by_entity.get(entity, {})
            if not sealed_here:
                continue
            now = content_digests(s, entity, [i for _, i in sealed_here])
            problems.extend(check_contents(sealed_here,
                                           {(entity, i): d for i, d in now.items()}))
    problems.sort(key=lambda p: (p.row_id or 0, p.kind is ProblemKind.MORE))
    result = AuditVerification(report.rows, report.last_id, len(report.signed), head,
                               tuple(problems))
    logger.info("audit verification: %s", result.summary())
    return result


def verify_and_anchor(db: Database, *, anchor_folder: Path | None = None,
                      key_folder: Path | None = None,
                      progress: Progress | None = None) -> AuditVerification:
    """Verify, and when intact move this workstation's anchor up to the verified head."""
    result = verify_database(db, anchor_folder=anchor_folder, key_folder=key_folder,
                             progress=progress)
    if result.intact:
        write_anchor(result.head, db.clock.today(), anchor_folder)
    return result
