"""Appending to the audit chain, its head, and the daily anchor in this workstation's data folder.

``audit()`` in services/context.py calls ``append`` for every row; the demo generator seals its
bulk rows with ``seal_rows``. Both lock the one-row chain head first (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite write transactions already start with ``BEGIN IMMEDIATE``), so concurrent writers
append one after another.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from clinic_app.domain.audit_chain import ChainHead, at_text, row_mac
from clinic_app.domain.errors import ClinicError
from clinic_app.domain.messages import msg
from clinic_app.paths import user_data_dir
from clinic_app.persistence.base import CLOCK_OPTION
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import AuditChainHead, AuditEntry
from clinic_app.services.audit_key import key_for

logger = logging.getLogger(__name__)

ANCHOR_FOLDER = "audit-anchors"
_HEAD_SQL = "SELECT chain_id, last_id, last_hash FROM audit_chain_head WHERE id = 1"


class AuditKeyMissing(ClinicError):
    """This workstation does not hold the audit key the practice database was sealed with."""

    def __init__(self) -> None:
        super().__init__(msg("audit.key_missing"))


def _locked_head(session: Session) -> tuple[AuditChainHead, bytes]:
    head = session.scalars(select(AuditChainHead).where(AuditChainHead.id == 1)
                           .with_for_update().execution_options(populate_existing=True)
                           ).one_or_none()
    if head is None:
        raise RuntimeError("The audit chain head is missing; run the database migrations.")
    key = key_for(head.key_fingerprint)
    if key is None:
        raise AuditKeyMissing()
    return head, key


def _now(session: Session) -> datetime:
    clock = session.connection().get_execution_options().get(CLOCK_OPTION)
    now: datetime = clock.now() if clock is not None else datetime.now(UTC)
    return now.astimezone(UTC)


def append(session: Session, *, user_id: int | None, workstation: str, action: str, entity: str,
           entity_id: int, changed_fields: str, content_hash: str | None = None) -> None:
    """Add the next chained audit row to the caller's transaction."""
    head, key = _locked_head(session)
    at = _now(session)
    row_id = head.last_id + 1
    canonical = (row_id, at_text(at), user_id, workstation, action, entity, entity_id,
                 changed_fields, content_hash, head.last_hash)
    digest = row_mac(key, canonical)
    session.add(AuditEntry(id=row_id, at=at, user_id=user_id, workstation=workstation,
                           action=action, entity=entity, entity_id=entity_id,
                           changed_fields=changed_fields, content_hash=content_hash,
                           prev_hash=head.last_hash, row_hash=digest))
    head.last_id, head.last_hash = row_id, digest


def seal_rows(session: Session, rows: list[dict[str, Any]]) -> None:
    """Give bulk-inserted audit rows (dicts of column values) their ids and chain hashes, in order."""
    if not rows:
        return
    head, key = _locked_head(session)
    last_id, last_hash = head.last_id, head.last_hash
    for row in rows:
        last_id += 1
        row.setdefault("content_hash", None)
        canonical = (last_id, at_text(row["at"]), row["user_id"], row["workstation"], row["action"],
                     row["entity"], row["entity_id"], row["changed_fields"], row["content_hash"],
                     last_hash)
        row["id"], row["prev_hash"] = last_id, last_hash
        last_hash = row["row_hash"] = row_mac(key, canonical)
    head.last_id, head.last_hash = last_id, last_hash
    session.flush()


def read_head(source: Database | Session | Connection | sqlite3.Connection) -> ChainHead | None:
    """The chain head a database records, or ``None`` before the audit chain existed (schema < 0009)."""
    try:
        if isinstance(source, Database):
            with source.reading() as s:
                row = s.execute(text(_HEAD_SQL)).first()
        elif isinstance(source, Session | Connection):
            row = source.execute(text(_HEAD_SQL)).first()
        else:
            row = source.execute(_HEAD_SQL).fetchone()
    except Exception as exc:  # a missing table on either backend
        if "audit_chain_head" not in str(exc):
            raise
        return None
    return ChainHead(str(row[0]), int(row[1]), str(row[2])) if row else None


def chain_head(source: Database | Session | Connection | sqlite3.Connection) -> str:
    """The chain head as one line ``chain_id:last_id:last_hash`` (``""`` before schema 0009).

    For backup headers: ``ChainHead.from_text`` reads it back, and ``verify_database`` takes it
    as an anchor, so a restored backup proves its newest rows were not cut off.
    """
    head = read_head(source)
    return head.as_text() if head else ""


def anchor_path(chain_id: str, folder: Path | None = None) -> Path:
    """Where this workstation keeps its anchor for one database's chain."""
    return (folder or user_data_dir()) / ANCHOR_FOLDER / f"{chain_id}.json"


def read_anchor(chain_id: str, folder: Path | None = None) -> ChainHead | None:
    """This workstation's anchor for the chain, or ``None`` when it has none (or it is unreadable)."""
    path = anchor_path(chain_id, folder)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ChainHead(str(data["chain_id"]), int(data["last_id"]), str(data["last_hash"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_anchor(head: ChainHead, today: date, folder: Path | None = None) -> bool:
    """Record the chain head in the data folder, never moving it backwards; True when written."""
    path = anchor_path(head.chain_id, folder)
    old = read_anchor(head.chain_id, folder)
    if old is not None and old.last_id > head.last_id:
        logger.warning("audit anchor %s is ahead of the database: not moved back", path)
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"chain_id": head.chain_id, "last_id": head.last_id,
                               "last_hash": head.last_hash, "written_on": today.isoformat()}),
                   encoding="utf-8")
    os.replace(tmp, path)
    return True
