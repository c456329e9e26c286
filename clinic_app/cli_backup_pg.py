"""``stride-clinic backup`` and ``restore`` for a PostgreSQL practice database (pg_dump)."""

from __future__ import annotations

import argparse
from pathlib import Path

from clinic_app.cli_users import CommandRefused, signed_in_actor


def default_target(db_url: str) -> Path:
    """``backups/stride-<database>-<stamp>.scbak`` in this computer's data folder."""
    from datetime import UTC, datetime

    from sqlalchemy.engine import make_url

    from clinic_app.paths import user_data_dir
    from clinic_app.services.backup import STAMP, SUFFIX

    name = make_url(db_url).database or "postgresql"
    return user_data_dir() / "backups" / f"{name}-{datetime.now(UTC).strftime(STAMP)}{SUFFIX}"


def run_pg_backup(args: argparse.Namespace, db_url: str, secret: object) -> int:
    """Dump, encrypt and write; an administrator's credentials are needed."""
    from clinic_app.app import open_database
    from clinic_app.domain.access import Action
    from clinic_app.services.access import authorize
    from clinic_app.services.backup_postgres import NOT_INSTALLED, find_tools, write_pg_backup
    from clinic_app.services.registry import Services

    if find_tools() is None:
        raise CommandRefused(NOT_INSTALLED)
    target = args.out or default_target(db_url)
    db = open_database(db_url)
    try:
        services = Services.over(db)
        authorize(db, signed_in_actor(services, args), Action.BACKUP_RESTORE)
        written = write_pg_backup(db, secret, target)  # type: ignore[arg-type]
    finally:
        db.dispose()
    print(f"Backed up the PostgreSQL database to {written} ({written.stat().st_size:,} bytes, "
          "encrypted). Keep the passphrase safe: without it the backup cannot be restored.")
    return 0


def run_pg_restore(args: argparse.Namespace, db_url: str, passphrase: str) -> int:
    """Decrypt, show what the backup holds, confirm, then pg_restore in one transaction."""
    from clinic_app.app import open_database
    from clinic_app.cli_backup import interactive
    from clinic_app.domain.access import Action
    from clinic_app.domain.clock import SYSTEM_CLOCK
    from clinic_app.services.access import authorize
    from clinic_app.services.backup_anchor import reanchor_audit_trail
    from clinic_app.services.backup_crypto import BackupHeader
    from clinic_app.services.backup_postgres import NOT_INSTALLED, find_tools, restore_pg_backup
    from clinic_app.services.registry import Services

    if find_tools() is None:
        raise CommandRefused(NOT_INSTALLED)
    db = open_database(db_url)
    try:
        services = Services.over(db)
        authorize(db, signed_in_actor(services, args), Action.BACKUP_RESTORE)

        def confirm(header: BackupHeader) -> bool:
            fields = header.fields
            print(f"Backup made {header.created[:16].replace('T', ' ')} UTC by Stride Clinic "
                  f"{header.app_version}: {fields.get('patients', '?')} patients; last entry "
                  f"{str(fields.get('last_entry') or 'none')[:16].replace('T', ' ')}; schema "
                  f"{header.schema_revision}.")
            if args.yes:
                return True
            if not interactive():
                raise CommandRefused("add --yes to replace the database without being asked.")
            answer = input("Replace the practice database with this backup? Everyone must be "
                           "signed out. [y/N] ")
            return answer.strip().lower() in {"y", "yes"}

        if not restore_pg_backup(db, args.file, passphrase, confirm):
            print("Nothing was changed.")
            return 1
        reanchor_audit_trail(db, SYSTEM_CLOCK.now())
    finally:
        db.dispose()
    print(f"Restored {args.file} into the PostgreSQL database.")
    return 0
