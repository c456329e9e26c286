"""``stride-clinic backup`` and ``stride-clinic restore FILE``.

The practice passphrase comes from ``STRIDE_CLINIC_BACKUP_PASSPHRASE`` (scripts) or is asked for
in a terminal; ``backup`` uses this computer's stored backup key when the variable is not set.
Once the database has users both commands need an administrator's credentials (``--user`` and
``STRIDE_CLINIC_PASSWORD``, as every command). When the live database itself is
damaged, ``restore`` checks those credentials against the users in the backup instead.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_app.cli_users import CommandRefused, signed_in_actor

if TYPE_CHECKING:
    from clinic_app.services.backup import BackupContents
    from clinic_app.services.backup_crypto import BackupKey

PASSPHRASE_ENV = "STRIDE_CLINIC_BACKUP_PASSPHRASE"


def add_parsers(sub: object, make: object) -> None:
    """Add ``backup`` and ``restore`` to the sub-command parser (``make`` is cli._sub_parser)."""
    assert callable(make)
    backup = make(sub, "backup", help="make an encrypted backup of an SQLite database")
    backup.add_argument("--out", type=Path, metavar="FILE",
                        help="where to write it (default: the 'backups' folder beside the "
                             "database, keeping 7 daily, 4 weekly and 12 monthly backups)")
    restore = make(sub, "restore", help="replace the database with an encrypted backup")
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--yes", action="store_true",
                         help="do not ask before replacing the database (for scripts)")


def interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def passphrase(*, twice: bool) -> str:
    """The backup passphrase from the environment or typed (twice for a new backup)."""
    value = os.environ.get(PASSPHRASE_ENV)
    if value is not None:
        return value
    if not interactive():
        raise CommandRefused(f"set {PASSPHRASE_ENV} to the practice's backup passphrase, or run "
                             "the command in a terminal to be asked.")
    value = getpass.getpass("Backup passphrase: ")
    if twice and value != getpass.getpass("Repeat the backup passphrase: "):
        raise CommandRefused("the two passphrases are not the same.")
    return value


def run_backup(args: argparse.Namespace, db_url: str) -> int:
    """``stride-clinic backup [--out FILE]``."""
    from clinic_app.app import open_database
    from clinic_app.persistence.db import sqlite_path
    from clinic_app.services.backup import make_backup
    from clinic_app.services.registry import Services

    if args.out is not None and not args.out.parent.is_dir():
        raise CommandRefused(f"the folder {args.out.parent} does not exist.")
    if sqlite_path(db_url) is None:
        from clinic_app.cli_backup_pg import run_pg_backup

        return run_pg_backup(args, db_url, _backup_secret())
    db = open_database(db_url)
    try:
        services = Services.over(db)
        actor = signed_in_actor(services, args) if services.auth.has_users() else None
        written = make_backup(db, actor, _backup_secret(), args.out)
    finally:
        db.dispose()
    print(f"Backed up to {written} ({written.stat().st_size:,} bytes, encrypted). Keep the "
          "passphrase safe: without it the backup cannot be restored.")
    return 0


def _backup_secret() -> str | BackupKey:
    """The passphrase from the environment, else this computer's stored backup key, else typed.

    A scheduled task on a workstation where an administrator stored the key (Practice →
    Backups…) then needs no passphrase in its environment.
    """
    from clinic_app.services.backup_auto import load_key

    if os.environ.get(PASSPHRASE_ENV) is None:
        key = load_key()
        if key is not None:
            return key
    return passphrase(twice=True)


def describe(contents: BackupContents) -> str:
    """One paragraph on what a backup holds."""
    last = contents.last_entry[:16].replace("T", " ") if contents.last_entry else "none"
    entries = contents.audit_entries
    audit = (f" Audit trail ends at entry {entries[0]} (chain hash {entries[1]}…)."
             if entries is not None else "")
    return (f"Backup made {contents.created[:16].replace('T', ' ')} UTC by Stride Clinic "
            f"{contents.app_version}: {contents.patients} patients; last entry {last}; "
            f"schema {contents.schema_revision}.{audit}")


def run_restore(args: argparse.Namespace, db_url: str) -> int:
    """``stride-clinic restore FILE [--yes]``."""
    from clinic_app.domain.clock import SYSTEM_CLOCK
    from clinic_app.domain.errors import DatabaseFault
    from clinic_app.persistence.db import sqlite_path
    from clinic_app.services.backup import open_backup, put_in_place

    live = sqlite_path(db_url)
    if not args.file.is_file():
        raise CommandRefused(f"there is no file {args.file}.")
    if live is None:
        from clinic_app.cli_backup_pg import run_pg_restore

        return run_pg_restore(args, db_url, passphrase(twice=False))
    opened = open_backup(args.file, passphrase(twice=False), live)  # refused: nothing touched
    try:
        live_ok = live.is_file() and live.stat().st_size > 0
        if live_ok:
            try:
                _require_admin(db_url, args)
            except DatabaseFault:
                live_ok = False  # a damaged live file: credentials are checked against the backup
        if not live_ok:
            _require_admin(f"sqlite:///{opened.path}", args, migrate=False)
        print(describe(opened.contents))
        if not args.yes:
            if not interactive():
                raise CommandRefused("add --yes to replace the database without being asked.")
            if input(f"Replace {live} with this backup? [y/N] ").strip().lower() not in {"y", "yes"}:
                print("Nothing was changed.")
                return 1
        aside = put_in_place(opened, live, SYSTEM_CLOCK.now())
    finally:
        opened.discard()
    from clinic_app.services.backup_anchor import reanchor_after_restore

    reanchor_after_restore(f"sqlite:///{live}", SYSTEM_CLOCK.now())
    kept = f" The replaced file is kept as {aside}." if aside else ""
    print(f"Restored {args.file} as {live}.{kept}")
    return 0


def _require_admin(db_url: str, args: argparse.Namespace, *, migrate: bool = True) -> None:
    from clinic_app.app import open_database
    from clinic_app.domain.access import Action
    from clinic_app.services.access import authorize
    from clinic_app.services.registry import Services

    db = open_database(db_url, migrate=migrate)
    try:
        services = Services.over(db)
        if services.auth.has_users():
            authorize(db, signed_in_actor(services, args), Action.BACKUP_RESTORE)
    finally:
        db.dispose()
