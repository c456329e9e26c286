"""Encrypted backups of an SQLite database and restoring one in place of the live file.

A backup is taken through SQLite's online backup API into memory (no unencrypted copy on disk),
after a full integrity check, and sealed with the practice passphrase (``backup_crypto``).
A restore decrypts into a temporary file beside the live database, checks it, shows what it
holds, then swaps it in atomically; the file it replaces is kept in the backups folder.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_app import __version__
from clinic_app.domain.access import Action
from clinic_app.domain.backup_retention import backups_to_keep
from clinic_app.domain.errors import BackupRefused, PermissionDenied
from clinic_app.persistence.db import Database, sqlite_path
from clinic_app.persistence.health import faults_named, quick_check
from clinic_app.persistence.migrate import KNOWN_REVISIONS
from clinic_app.services.access import authorize
from clinic_app.services.backup_crypto import (
    CHUNK,
    BackupHeader,
    decrypt_stream,
    encrypt_stream,
    read_header,
)
from clinic_app.services.context import Actor

if TYPE_CHECKING:
    from argon2 import PasswordHasher

logger = logging.getLogger(__name__)

SUFFIX = ".scbak"
_STAMP = "%Y%m%dT%H%M%SZ"
POSTGRES_HOW = ("PostgreSQL databases are backed up with the server's own tools: on the server "
                "run  pg_dump --format=custom --file=stride.dump DATABASE  (and restore with "
                "pg_restore --clean --dbname=DATABASE stride.dump), scheduled daily by the "
                "server's administrator.")


@dataclass(frozen=True, slots=True)
class BackupContents:
    """What a backup holds, shown before it replaces the live database."""

    created: str
    app_version: str
    schema_revision: str
    patients: int
    last_entry: str | None


def database_file(url: str) -> Path | None:
    """The SQLite file behind ``url``; ``None`` for PostgreSQL."""
    return sqlite_path(url)


def backups_folder(database: Path) -> Path:
    """The folder beside the database where backups are kept."""
    return database.parent / "backups"


def latest_backup(database: Path) -> Path | None:
    """The newest encrypted backup of ``database`` in its backups folder, if any."""
    folder = backups_folder(database)
    found = sorted(folder.glob(f"{database.stem}-*{SUFFIX}")) if folder.is_dir() else []
    return found[-1] if found else None


def _live_path(db: Database) -> Path:
    path = sqlite_path(str(db.engine.url))
    if path is None:
        raise BackupRefused(POSTGRES_HOW)
    return path


def _chunks(data: bytes) -> Iterator[bytes]:
    for start in range(0, len(data), CHUNK):
        yield data[start:start + CHUNK]


def _describe(conn: sqlite3.Connection) -> tuple[str, int, str | None]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    revision_row = (conn.execute("SELECT version_num FROM alembic_version").fetchone()
                    if "alembic_version" in tables else None)
    patients = conn.execute("SELECT count(*) FROM patient").fetchone()[0] if "patient" in tables else 0
    last = conn.execute("SELECT max(at) FROM audit_log").fetchone()[0] if "audit_log" in tables else None
    return (str(revision_row[0]) if revision_row else ""), int(patients), (str(last) if last else None)


def make_backup(db: Database, actor: Actor | None, passphrase: str, out: Path | None = None) -> Path:
    """Check, copy and encrypt the live database; returns the backup file.

    ``actor`` may be ``None`` only while the database has no users yet. Without ``out`` the
    backup goes to the backups folder and older backups are thinned (7 daily, 4 weekly,
    12 monthly).
    """
    _authorize(db, actor)
    live = _live_path(db)
    quick_check(db.engine, live, full=True)
    now = db.clock.now().astimezone(UTC)
    target = out or backups_folder(live) / f"{live.stem}-{now.strftime(_STAMP)}{SUFFIX}"
    with faults_named(live):
        target.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(str(live), timeout=10)
        memory = sqlite3.connect(":memory:")
        try:
            source.backup(memory)
            revision, patients, last = _describe(memory)
            data = memory.serialize()
        finally:
            memory.close()
            source.close()
        info = {"created": now.isoformat(timespec="seconds"), "app_version": __version__,
                "schema_revision": revision, "database": live.name, "patients": patients,
                "last_entry": last}
        partial = target.with_name(target.name + ".part")
        try:
            with partial.open("wb") as fh:
                encrypt_stream(_chunks(data), fh, passphrase, info)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    logger.info("backed up %s to %s (%d patients)", live, target, patients)
    if out is None:
        thin_backups(live)
    return target


def thin_backups(live: Path) -> list[Path]:
    """Delete the backups of ``live`` that the retention rule no longer keeps; returns them."""
    stamps: dict[datetime, Path] = {}
    for file in backups_folder(live).glob(f"{live.stem}-*{SUFFIX}"):
        try:
            made = datetime.strptime(file.name[len(live.stem) + 1:-len(SUFFIX)], _STAMP)
        except ValueError:
            continue  # not one of ours (a renamed or hand-made file): never deleted
        stamps[made.replace(tzinfo=UTC)] = file
    keep = backups_to_keep(stamps)
    removed = [file for made, file in stamps.items() if made not in keep]
    for file in removed:
        file.unlink(missing_ok=True)
    return removed


def backup_header(file: Path) -> BackupHeader:
    """The readable header of a backup file."""
    with faults_named(file), file.open("rb") as fh:
        return read_header(fh)


@dataclass(frozen=True, slots=True)
class OpenedBackup:
    """A decrypted, checked backup in a temporary file beside the live database."""

    path: Path
    contents: BackupContents

    def discard(self) -> None:
        """Delete the temporary file (when the restore is cancelled)."""
        self.path.unlink(missing_ok=True)


def open_backup(file: Path, passphrase: str, live: Path) -> OpenedBackup:
    """Decrypt ``file`` next to ``live`` and check it; the live database is not touched."""
    live.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{live.stem}-restore-", suffix=".tmp", dir=live.parent)
    temp = Path(name)
    try:
        with faults_named(live), os.fdopen(handle, "wb") as out, file.open("rb") as src:
            header = decrypt_stream(src, out, passphrase)
            out.flush()
            os.fsync(out.fileno())
        contents = _check_restored(temp, header)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return OpenedBackup(temp, contents)


def _check_restored(temp: Path, header: BackupHeader) -> BackupContents:
    try:
        conn = sqlite3.connect(f"file:{temp}?mode=ro", uri=True)
        try:
            rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
            revision, patients, last = _describe(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupRefused(f"The backup decrypted but is not a usable database ({exc}). "
                            "Nothing was changed.") from exc
    if rows != ["ok"]:
        raise BackupRefused("The backup decrypted but its database is damaged; nothing was "
                            "changed. Try an older backup.")
    if revision not in KNOWN_REVISIONS:
        raise BackupRefused(f"The backup has schema '{revision or 'none'}', which this version "
                            "of Stride Clinic does not know. Nothing was changed.")
    return BackupContents(created=header.created, app_version=header.app_version,
                          schema_revision=revision, patients=patients, last_entry=last)


def put_in_place(opened: OpenedBackup, live: Path, now: datetime) -> Path | None:
    """Swap the checked backup in for ``live`` atomically; return where the old file was kept.

    The old database (and its write-ahead log) is kept in the backups folder first, then the
    old log files are moved away (a stale log must never meet the new file) and the new file
    takes the live name in one rename. No engine may have the live file open.
    """
    aside: Path | None = None
    with faults_named(live):
        if live.exists():
            folder = backups_folder(live)
            folder.mkdir(parents=True, exist_ok=True)
            aside = folder / f"{live.stem}-replaced-{now.astimezone(UTC).strftime(_STAMP)}.sqlite3"
            shutil.copy2(live, aside)
            for extra in ("-wal", "-shm"):
                old = live.with_name(live.name + extra)
                if old.exists():
                    os.replace(old, aside.with_name(aside.name + extra))
        os.replace(opened.path, live)
    logger.warning("database %s replaced by a restored backup; the old file is %s", live, aside)
    return aside


def _authorize(db: Database, actor: Actor | None) -> None:
    if actor is not None:
        authorize(db, actor, Action.BACKUP_RESTORE)
        return
    from clinic_app.services.auth import AuthService

    if AuthService(db).has_users():
        raise PermissionDenied("Sign in as an administrator to make or restore backups.")


def restore_backup(file: Path, passphrase: str, live: Path, now: datetime,
                   confirm: Callable[[BackupContents], bool]) -> Path | None:
    """Open and check ``file``, ask ``confirm``, then put it in place; ``None`` if declined."""
    opened = open_backup(file, passphrase, live)
    try:
        if not confirm(opened.contents):
            return None
        return put_in_place(opened, live, now)
    finally:
        opened.discard()


def check_restore_credentials(opened: OpenedBackup, username: str, password: str,
                              workstation: str, hasher: PasswordHasher | None = None) -> None:
    """When the backup has users, refuse unless ``username`` is one of its administrators.

    Used when the live database cannot be read (so its users cannot be asked): whoever restores
    must be an administrator of the data they put back.
    """
    from clinic_app.services.auth import AuthService

    db = Database.from_url(f"sqlite:///{opened.path}")
    try:
        auth = AuthService(db, hasher)
        if auth.has_users():
            signed = auth.sign_in(username.strip(), password, workstation)
            authorize(db, signed.actor, Action.BACKUP_RESTORE)
    finally:
        db.dispose()
