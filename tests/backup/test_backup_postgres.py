"""PostgreSQL backups through pg_dump: the same encrypted format, restored in one transaction."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from clinic_app.domain.errors import BackupRefused
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import Patient
from clinic_app.services.backup import backup_header
from clinic_app.services.backup_anchor import reanchor_audit_trail
from clinic_app.services.backup_postgres import find_tools, restore_pg_backup, write_pg_backup
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.backup.conftest import PASSPHRASE
from tests.conftest import POSTGRES_URL, TODAY, make_draft

pytestmark = pytest.mark.skipif(not POSTGRES_URL or find_tools() is None,
                                reason="needs STRIDE_CLINIC_TEST_POSTGRES_URL and pg_dump")


def _patients(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count(Patient.id))) or 0)


def test_round_trip_through_pg_dump(services: Services, clinician: Actor, db: Database,
                                    tmp_path: Path) -> None:
    from clinic_app.services.audit_verify import verify_database

    services.patients.create(clinician, make_draft(given_name="Kept"), TODAY)
    target = write_pg_backup(db, PASSPHRASE, tmp_path / "practice.scbak")
    header = backup_header(target)
    assert header.fields["backend"] == "postgresql" and header.fields["patients"] == 1
    assert b"Kept" not in target.read_bytes()  # encrypted
    services.patients.create(clinician, make_draft(given_name="After"), TODAY)
    assert _patients(db) == 2
    with pytest.raises(BackupRefused):
        restore_pg_backup(db, target, "not the passphrase", lambda _h: True)
    assert _patients(db) == 2  # refused: nothing changed
    assert restore_pg_backup(db, target, PASSPHRASE, lambda h: h.fields["patients"] == 1)
    assert _patients(db) == 1
    reanchor_audit_trail(db, db.clock.now())
    result = verify_database(db)
    assert result.intact, result.lines()
    services.patients.create(clinician, make_draft(given_name="Later"), TODAY)  # work goes on
    assert _patients(db) == 2


def test_command_line_backup_and_restore(database_url: str, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from clinic_app.cli import main

    assert main(["--database", database_url, "demo", "--patients", "2"]) == 0
    target = tmp_path / "cli.scbak"
    assert main(["--database", database_url, "backup", "--out", str(target)]) == 0
    assert "Backed up the PostgreSQL database to" in capsys.readouterr().out
    assert main(["--database", database_url, "demo", "--patients", "1"]) == 0
    assert main(["--database", database_url, "restore", str(target), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "2 patients" in out and "Restored" in out
    db = Database.from_url(database_url)
    try:
        assert _patients(db) == 2
    finally:
        db.dispose()
