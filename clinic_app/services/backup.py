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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clinic_app import __version__
from clinic_app.domain.access import Action
from clinic_app.domain.backup_retention import backups_to_keep
from clinic_app.domain.errors import BackupRefused, PermissionDenied
from clinic_app.domain.messages import msg
from clinic_app.persistence.db import Database, sqlite_path
from clinic_app.persistence.health import faults_named, quick_check
from clinic_app.persistence.migrate import KNOWN_REVISIONS
from clinic_app.services.access import authorize
from clinic_app.services.backup_crypto import (
    CHUNK,
    BackupHeader,
    BackupKey,
    decrypt_stream,
    encrypt_stream,
    read_header,
)
from clinic_app.services.context import Actor

if TYPE_CHECKING:
    from argon2 import PasswordHasher

logger = logging.getLogger(__name__)

SUFFIX = ".scbak"
STAMP = "%Y%m%dT%H%M%SZ"
_PAGES_PER_STEP = 1024
POSTGRES_HOW = msg("backup.postgres_how")


@dataclass(frozen=True, slots=True)
class BackupContents:
    """What a backup holds, shown before it replaces the live database."""

    created: str
    app_version: str
    schema_revision: str
    patients: int
    last_entry: str | None
    audit_chain_head: str = ""
    """``chain_id:last_id:last_hash`` of the audit trail when the backup was made (``""`` before it)."""

    @property
    def audit_entries(self) -> tuple[int, str] | None:
        """The number of the audit trail's last entry and the start of its hash, if recorded."""
        parts = self.audit_chain_head.split(":")
        if len(parts) != 3 or not parts[1].isdigit():
            return None
        return int(parts[1]), parts[2][:12]


def database_file(url: str) -> Path | None:
    """The SQLite file behind ``url``; ``None`` for PostgreSQL."""
    return sqlite_path(url)


def backups_folder(database: Path) -> Path:
    """The folder beside the database where backups are kept."""
    return database.parent / "backups"


def latest_backup(database: Path, also: Iterable[Path] = ()) -> Path | None:
    """The newest encrypted backup of ``database`` in its backups folder (or ``also``), if any."""
    found: list[Path] = []
    for folder in (backups_folder(database), *also):
        if folder.is_dir():
            found += folder.glob(f"{database.stem}-*{SUFFIX}")
    return max(found, key=lambda file: file.name) if found else None


def _live_path(db: Database) -> Path:
    path = sqlite_path(str(db.engine.url))
    if path is None:
        raise BackupRefused(POSTGRES_HOW)
    return path


def _describe(conn: sqlite3.Connection) -> tuple[str, int, str | None]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    revision_row = (conn.execute("SELECT version_num FROM alembic_version").fetchone()
                    if "alembic_version" in tables else None)
    patients = conn.execute("SELECT count(*) FROM patient").fetchone()[0] if "patient" in tables else 0
    last = conn.execute("SELECT max(at) FROM audit_log").fetchone()[0] if "audit_log" in tables else None
    return (str(revision_row[0]) if revision_row else ""), int(patients), (str(last) if last else None)


class BackupCancelled(BackupRefused):
    """The user cancelled a backup; nothing was written."""

    def __init__(self) -> None:
        super().__init__(msg("backup.cancelled"))


def _snapshot(live: Path, copy: Path, progress: Callable[[int], None],
              cancelled: Callable[[], bool]) -> None:
    """Copy ``live`` into ``copy`` through the online backup API, a few MiB per step.

    Steps let the other connections of the app (and other programs) keep working, and let the
    user cancel; the copy is switched from WAL to a plain journal so it is one self-contained file.
    """
    def step(_status: int, remaining: int, total: int) -> None:
        if cancelled():
            raise BackupCancelled()
        progress(int(45 * (total - remaining) / total) if total else 45)

    source = sqlite3.connect(str(live), timeout=10)
    target = sqlite3.connect(str(copy))
    try:
        source.backup(target, pages=_PAGES_PER_STEP, progress=step)
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
        source.close()


def _file_chunks(path: Path, progress: Callable[[int], None],
                 cancelled: Callable[[], bool]) -> Iterator[bytes]:
    size = max(path.stat().st_size, 1)
    done = 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            if cancelled():
                raise BackupCancelled()
            yield chunk
            done += len(chunk)
            progress(50 + int(50 * done / size))


def seal_file(plain: Path, target: Path, passphrase: str | BackupKey, info: dict[str, Any],
              audit_key: bytes | None, progress: Callable[[int], None],
              cancelled: Callable[[], bool]) -> None:
    """Encrypt the database copy or dump ``plain`` into ``target`` (through a ``.part`` file,
    fsynced, renamed into place), the audit key sealed in the header; reports 50..100."""
    partial = target.with_name(target.name + ".part")
    try:
        with partial.open("wb") as fh:
            encrypt_stream(_file_chunks(plain, progress, cancelled), fh, passphrase, info,
                           sealed={"audit_key": audit_key} if audit_key else None)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def make_backup(db: Database, actor: Actor | None, passphrase: str | BackupKey,
                out: Path | None = None, *, folder: Path | None = None,
                progress: Callable[[int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> Path:
    """Check, copy and encrypt the live database; returns the backup file.

    ``actor`` may be ``None`` only while the database has no users yet (and for the automatic
    backup, which its caller authorises). Without ``out`` the backup goes to ``folder`` (default:
    the backups folder beside the database) and older backups there are thinned (7 daily,
    4 weekly, 12 monthly). The database is streamed in steps through a temporary copy readable
    only by this account, never held in memory whole. ``progress`` gets 0..100; ``cancelled``
    is asked between steps.
    """
    _authorize(db, actor)
    return write_backup(db, passphrase, out, folder=folder, progress=progress, cancelled=cancelled)


def write_backup(db: Database, passphrase: str | BackupKey, out: Path | None = None, *,
                 folder: Path | None = None, progress: Callable[[int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> Path:
    """``make_backup`` once the caller is authorised (or the practice's automatic backup)."""
    live = _live_path(db)
    report = progress or (lambda _percent: None)
    stop = cancelled or (lambda: False)
    quick_check(db.engine, live, full=True)
    now = db.clock.now().astimezone(UTC)
    home = folder or backups_folder(live)
    target = out or home / f"{live.stem}-{now.strftime(STAMP)}{SUFFIX}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupRefused(msg("backup.backup_folder_cannot_used_connect",
                                parent=target.parent, strerror=exc.strerror or exc)) from exc
    with faults_named(target):
        handle, name = tempfile.mkstemp(prefix=f".{live.stem}-copy-", suffix=".tmp",
                                        dir=target.parent)
        os.close(handle)
        copy = Path(name)
        try:
            _snapshot(live, copy, report, stop)
            conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
            try:
                revision, patients, last = _describe(conn)
                head = _chain_head(conn)
                audit_key = _audit_key(conn)
            finally:
                conn.close()
            info = {"created": now.isoformat(timespec="seconds"), "app_version": __version__,
                    "schema_revision": revision, "database": live.name, "patients": patients,
                    "last_entry": last, **head}
            seal_file(copy, target, passphrase, info, audit_key, report, stop)
        finally:
            copy.unlink(missing_ok=True)
    logger.info("backed up %s to %s (%d patients)", live, target, patients)
    if out is None:
        thin_backups(live, home)
    report(100)
    return target


def _chain_head(conn: sqlite3.Connection) -> dict[str, str]:
    """The audit chain's head in the copy, for the header (nothing before the audit chain)."""
    try:
        from clinic_app.services.audit_chain import chain_head
    except ImportError:  # a build without the tamper-evident audit trail
        return {}
    head = chain_head(conn)
    return {"audit_chain_head": head} if head else {}


def _audit_key(conn: sqlite3.Connection) -> bytes | None:
    """The key that seals the copy's audit chain, to travel inside the encrypted backup: a
    restore on a new computer then verifies and extends the chain without a separate key file."""
    from clinic_app.services.audit_key import key_for

    try:
        row = conn.execute("SELECT key_fingerprint FROM audit_chain_head WHERE id = 1").fetchone()
    except sqlite3.Error:  # a database from before the audit chain
        return None
    return key_for(str(row[0])) if row else None


def thin_backups(live: Path, folder: Path | None = None) -> list[Path]:
    """Delete the backups of ``live`` (in ``folder``) the retention rule no longer keeps."""
    stamps: dict[datetime, Path] = {}
    for file in (folder or backups_folder(live)).glob(f"{live.stem}-*{SUFFIX}"):
        try:
            made = datetime.strptime(file.name[len(live.stem) + 1:-len(SUFFIX)], STAMP)
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


def open_backup(file: Path, passphrase: str | BackupKey, live: Path) -> OpenedBackup:
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
    audit_key = header.secrets.get("audit_key")
    if audit_key is not None:  # the chain's key, for a computer that lacks it (the passphrase
        from clinic_app.services.audit_key import install_key  # opened it: it may hold the key)

        install_key(audit_key)
    return OpenedBackup(temp, contents)


def open_backup_as(db: Database, actor: Actor, file: Path, passphrase: str | BackupKey,
                   live: Path) -> OpenedBackup:
    """``open_backup`` for a signed-in user of the live database, who must be allowed to restore."""
    _authorize(db, actor)
    return open_backup(file, passphrase, live)


def _check_restored(temp: Path, header: BackupHeader) -> BackupContents:
    try:
        conn = sqlite3.connect(f"file:{temp}?mode=ro", uri=True)
        try:
            rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
            revision, patients, last = _describe(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupRefused(msg("backup.backup_decrypted_but_not_usable", exc=exc)) from exc
    if rows != ["ok"]:
        raise BackupRefused(msg("backup.backup_decrypted_but_database_damaged"))
    if revision not in KNOWN_REVISIONS:
        raise BackupRefused(msg("backup.unknown_schema", revision=revision or 'none'))
    return BackupContents(created=header.created, app_version=header.app_version,
                          schema_revision=revision, patients=patients, last_entry=last,
                          audit_chain_head=str(header.fields.get("audit_chain_head", "")))


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
            aside = folder / f"{live.stem}-replaced-{now.astimezone(UTC).strftime(STAMP)}.sqlite3"
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
        raise PermissionDenied(msg("backup.sign_as_administrator_make_restore"))


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
