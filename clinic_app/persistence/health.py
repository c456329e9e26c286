"""Start-up checks: is this file a healthy database we may write? Every fault becomes a ``DatabaseFault``.

Run before and while a database is opened (``clinic_app.app.open_database``) so that a damaged,
locked, read-only or full database is named in plain words instead of failing later.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from clinic_app.domain.errors import DatabaseFault
from clinic_app.domain.messages import msg

logger = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
BACKUPS_HINT = "Backups are kept in the folder 'backups' beside the database file."


def _where(path: Path | None) -> str:
    return f"The database file {path}" if path is not None else "The database"


def preflight_sqlite(path: Path) -> None:
    """Refuse, before SQLite touches it, a file that is empty, not a database or not writable."""
    if path.is_dir():
        raise DatabaseFault(msg("health.folder_not_database_file_open", path=path), "not_a_database")
    folder = path.parent
    if path.exists():
        try:
            with path.open("rb") as fh:
                head = fh.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise DatabaseFault(msg("health.cannot_read_check_that_your",
                                    value=_where(path), strerror=exc.strerror), "read_only") from exc
        if not head:
            raise DatabaseFault(
                msg("health.empty_0_bytes_may_have", value=_where(path), backups_hint=BACKUPS_HINT),
                "empty_file")
        if head != SQLITE_HEADER:
            raise DatabaseFault(
                msg("health.not_stride_clinic_database_some",
                    value=_where(path), backups_hint=BACKUPS_HINT), "not_a_database")
        if not os.access(path, os.W_OK):
            raise DatabaseFault(
                msg("health.read_only_so_nothing_could", value=_where(path)),
                "read_only")
    if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseFault(
            msg("health.folder_read_only_database_needs", folder=folder), "read_only")


def fault_from(exc: BaseException, path: Path | None = None) -> DatabaseFault | None:
    """Classify a database or operating-system error met while opening; ``None`` if unknown."""
    if isinstance(exc, DatabaseFault):
        return exc
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return _full(path)
    if isinstance(exc, OSError) and exc.errno in {errno.EACCES, errno.EPERM, errno.EROFS}:
        return DatabaseFault(f"{_where(path)} or its folder cannot be changed "
                             f"({exc.strerror}). Ask whoever looks after this computer for "
                             "write access, then retry.", "read_only")
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(original, sqlite3.Error):
        return None
    message = str(original).lower()
    if "not a database" in message:
        return DatabaseFault(f"{_where(path)} is not a Stride Clinic database, or it is "
                             f"encrypted or badly damaged. It was not changed. {BACKUPS_HINT}",
                             "not_a_database")
    if "malformed" in message or "corrupt" in message:
        return _corrupt(path, str(original))
    if "locked" in message or "busy" in message:
        return DatabaseFault(
            f"{_where(path)} is in use by another program or workstation and stayed locked "
            "longer than the wait allowed. Close Stride Clinic on the other computer (or the "
            "program holding the file), then retry.", "locked")
    if "disk is full" in message or "disk full" in message:
        return _full(path)
    if "readonly" in message or "read-only" in message:
        return DatabaseFault(f"{_where(path)} is read-only, so nothing could be saved. Ask "
                             "whoever looks after this computer for write access, then retry.",
                             "read_only")
    if "unable to open" in message:
        return DatabaseFault(f"{_where(path)} could not be opened: the folder may be missing "
                             "or read-only. Check the location, then retry, or open another "
                             "database.", "read_only")
    return None


_FULL_TEXTS = ("database or disk is full", "disk is full", "could not extend file",
               "no space left on device")
_PG_DISK_FULL = "53100"


def disk_full(exc: BaseException, path: Path | None = None) -> DatabaseFault | None:
    """A ``disk_full`` fault when ``exc`` says the disk is full (SQLite, PostgreSQL or the OS)."""
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return _full(path)
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    state = str(getattr(original, "sqlstate", None) or getattr(original, "pgcode", None) or "")
    text = str(original).lower()
    if state == _PG_DISK_FULL or any(part in text for part in _FULL_TEXTS):
        return _full(path)
    return None


def _full(path: Path | None) -> DatabaseFault:
    return DatabaseFault(f"The disk that holds {path or 'the database'} is full. Nothing was "
                         "lost; free some space (empty the recycle bin, move old files), then "
                         "retry.", "disk_full")


def _corrupt(path: Path | None, detail: str) -> DatabaseFault:
    return DatabaseFault(f"{_where(path)} is damaged ({detail}). It was not changed. Restore "
                         f"the latest good backup, or open another database. {BACKUPS_HINT}",
                         "corrupt")


@contextmanager
def faults_named(path: Path | None) -> Iterator[None]:
    """Turn a known database or disk error raised inside the block into a ``DatabaseFault``."""
    try:
        yield
    except (DBAPIError, OSError, sqlite3.Error) as exc:
        fault = fault_from(exc, path)
        if fault is None:
            raise
        logger.error("database fault (%s): %s", fault.kind, exc)
        raise fault from exc


def quick_check(engine: Engine, path: Path | None, *, full: bool = False) -> None:
    """``PRAGMA quick_check`` (or the full ``integrity_check``); raise ``DatabaseFault`` if damaged."""
    pragma = "integrity_check" if full else "quick_check"
    with faults_named(path), engine.connect() as conn:
        rows = [str(r[0]) for r in conn.exec_driver_sql(f"PRAGMA {pragma}")]
    if rows != ["ok"]:
        raise _corrupt(path, "; ".join(rows[:3]))


def check_revision_row(engine: Engine, path: Path | None) -> None:
    """Refuse a database whose tables exist but whose schema-revision row is missing."""
    with faults_named(path), engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        if not tables - {"alembic_version"}:
            return  # an empty database: created on first start
        revision = None
        if "alembic_version" in tables:
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision is None:
        raise DatabaseFault(
            msg("health.holds_stride_clinic_tables_but",
                value=_where(path), backups_hint=BACKUPS_HINT), "missing_revision")
