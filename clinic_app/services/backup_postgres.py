"""Backups of a PostgreSQL practice database through ``pg_dump``, in the same encrypted format.

The dump (``pg_dump --format=custom``) is written to a temporary file readable only by this
account, then encrypted exactly like an SQLite backup (Argon2id + AES-256-GCM, the audit key
sealed in the header). Restoring decrypts it and runs ``pg_restore --clean --if-exists``, in one
transaction, so a failed restore leaves the database as it was. The password never appears on a
command line: it is handed to the tools through ``PGPASSWORD``.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL

from clinic_app import __version__
from clinic_app.domain.errors import BackupRefused
from clinic_app.domain.messages import english, msg
from clinic_app.persistence.db import Database
from clinic_app.persistence.migrate import KNOWN_REVISIONS
from clinic_app.services.backup import seal_file
from clinic_app.services.backup_crypto import BackupHeader, BackupKey, decrypt_stream

logger = logging.getLogger(__name__)

PG_DUMP_ENV = "STRIDE_CLINIC_PG_DUMP"
NOT_INSTALLED_MESSAGE = msg("backup.pg_tools_missing")
NOT_INSTALLED = english(NOT_INSTALLED_MESSAGE)


@dataclass(frozen=True, slots=True)
class PgTools:
    """Where ``pg_dump`` and ``pg_restore`` are."""

    pg_dump: str
    pg_restore: str


def find_tools() -> PgTools | None:
    """``pg_dump``/``pg_restore`` from $STRIDE_CLINIC_PG_DUMP's folder or the PATH, if installed."""
    override = os.environ.get(PG_DUMP_ENV)
    if override:
        folder = Path(override).parent
        dump, restore = str(Path(override)), str(folder / "pg_restore")
        return PgTools(dump, restore) if Path(dump).is_file() and Path(restore).is_file() else None
    found_dump, found_restore = shutil.which("pg_dump"), shutil.which("pg_restore")
    return PgTools(found_dump, found_restore) if found_dump and found_restore else None


def _connection(url: URL) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for the client tools (password in the environment)."""
    plain = url.set(drivername="postgresql", password=None, query={})
    args = [f"--dbname={plain.render_as_string(hide_password=False)}"]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    options = url.query.get("options")
    if options:  # e.g. -csearch_path=… (a practice schema): the tools get it too
        env["PGOPTIONS"] = str(options)
        for part in str(options).split():
            if part.startswith("-csearch_path="):
                args.append(f"--schema={part.split('=', 1)[1]}")
    return args, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600,
                              check=False)
    except OSError as exc:
        raise BackupRefused(msg("backup.could_not_started",
                                what=what, strerror=exc.strerror or exc,
                                not_installed=NOT_INSTALLED)) from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupRefused(msg("backup.failed_nothing_was_changed",
                                what=what, detail=detail[-1] if detail else 'no message'))


def _describe(db: Database) -> dict[str, object]:
    with db.engine.connect() as conn:
        revision = conn.scalar(text("SELECT version_num FROM alembic_version"))
        patients = conn.scalar(text("SELECT count(*) FROM patient"))
        last = conn.scalar(text("SELECT max(at) FROM audit_log"))
    from clinic_app.services.audit_chain import chain_head

    head = chain_head(db)
    info: dict[str, object] = {"backend": "postgresql", "schema_revision": str(revision or ""),
                               "patients": int(patients or 0),
                               "last_entry": last.isoformat() if last else None}
    if head:
        info["audit_chain_head"] = head
    return info


def _audit_key(db: Database) -> bytes | None:
    from clinic_app.services.audit_key import key_for

    with db.engine.connect() as conn:
        fingerprint = conn.scalar(text("SELECT key_fingerprint FROM audit_chain_head WHERE id = 1"))
    return key_for(str(fingerprint)) if fingerprint else None


def write_pg_backup(db: Database, passphrase: str | BackupKey, target: Path, *,
                    progress: Callable[[int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> Path:
    """Dump the practice database with ``pg_dump`` and write it encrypted to ``target``."""
    tools = find_tools()
    if tools is None:
        raise BackupRefused(NOT_INSTALLED_MESSAGE)
    report = progress or (lambda _percent: None)
    stop = cancelled or (lambda: False)
    args, env = _connection(db.engine.url)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=".stride-pg-dump-", suffix=".tmp", dir=target.parent)
    os.close(handle)
    dump = Path(name)
    try:
        report(5)
        _run([tools.pg_dump, "--format=custom", "--no-owner", "--no-privileges",
              f"--file={dump}", *args], env, "pg_dump")
        report(50)
        info = {"created": db.clock.now().astimezone(UTC).isoformat(timespec="seconds"),
                "app_version": __version__, "database": db.engine.url.database or "",
                **_describe(db)}
        seal_file(dump, target, passphrase, info, _audit_key(db), report, stop)
    finally:
        dump.unlink(missing_ok=True)
    report(100)
    logger.info("PostgreSQL database backed up to %s", target)
    return target


def restore_pg_backup(db: Database, file: Path, passphrase: str | BackupKey,
                      confirm: Callable[[BackupHeader], bool]) -> bool:
    """Decrypt ``file``, ask ``confirm`` with its header, then ``pg_restore`` it in one
    transaction; False when declined. Refused (nothing changed) for a wrong passphrase, a
    changed file, an SQLite backup or a schema this version does not know."""
    tools = find_tools()
    if tools is None:
        raise BackupRefused(NOT_INSTALLED_MESSAGE)
    handle, name = tempfile.mkstemp(prefix=".stride-pg-restore-", suffix=".tmp")
    dump = Path(name)
    try:
        with os.fdopen(handle, "wb") as out, file.open("rb") as src:
            header = decrypt_stream(src, out, passphrase)
        if header.fields.get("backend") != "postgresql":
            raise BackupRefused(msg("backup.backup_database_file_sqlite_not"))
        if header.schema_revision not in KNOWN_REVISIONS:
            raise BackupRefused(msg("backup.unknown_schema", revision=header.schema_revision or 'none'))
        key = header.secrets.get("audit_key")
        if key is not None:
            from clinic_app.services.audit_key import install_key

            install_key(key)
        if not confirm(header):
            return False
        args, env = _connection(db.engine.url)
        db.engine.dispose()  # this process's connections must not hold locks on what is replaced
        _run([tools.pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--exit-on-error", *[a for a in args if a.startswith("--dbname")],
              str(dump)], env, "pg_restore")
    finally:
        dump.unlink(missing_ok=True)
    logger.warning("PostgreSQL database restored from %s", file)
    return True
