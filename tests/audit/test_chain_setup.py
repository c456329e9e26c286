"""The practice key, sealing at upgrade, bulk demo rows, and a workstation without the key."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from clinic_app.demo.generator import generate_demo
from clinic_app.domain.clock import FixedClock
from clinic_app.domain.errors import ValidationError
from clinic_app.paths import user_config_dir
from clinic_app.persistence.db import Database
from clinic_app.persistence.migrate import alembic_config, upgrade_to_head
from clinic_app.services.audit_chain import AuditKeyMissing, read_head
from clinic_app.services.audit_key import IMPORTED, OWN_KEY, export_key, import_key, own_key
from clinic_app.services.audit_verify import verify_database
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft


def _fingerprint(db: Database) -> str:
    with db.engine.connect() as conn:
        return str(conn.exec_driver_sql("SELECT key_fingerprint FROM audit_chain_head").scalar_one())


def test_the_key_is_created_owner_only_in_the_config_folder(db: Database) -> None:
    path = user_config_dir() / OWN_KEY
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(own_key()) == 32


def test_rows_written_before_the_upgrade_are_sealed_in_order(database_url: str,
                                                            clock: FixedClock,
                                                            tmp_path: Path) -> None:
    database = Database.from_url(database_url, clock)
    try:
        command.upgrade(alembic_config(database.engine), "0008_sign_in")
        with database.engine.begin() as conn:
            conn.execute(text("INSERT INTO app_user (username, display_name, role, active, "
                              "version, created_at, updated_at) VALUES ('old', 'Old User', "
                              "'clinician', true, 1, :t, :t)"), {"t": clock.now()})
            for n in range(1, 6):
                conn.execute(text("INSERT INTO audit_log (at, user_id, workstation, action, entity, "
                                  "entity_id, changed_fields) VALUES (:t, 1, 'ws-old', 'update', "
                                  "'patient', :n, '[\"phone\"]')"), {"t": clock.now(), "n": n})
        upgrade_to_head(database.engine, backup=False)
        head = read_head(database)
        assert head is not None and head.last_id == 5
        result = verify_database(database, anchor_folder=tmp_path)
        assert result.intact and result.rows == 5, result.lines()
    finally:
        database.dispose()


def test_demo_rows_are_sealed(services: Services, clinician: Actor, db: Database,
                              tmp_path: Path) -> None:
    services.patients.create(clinician, make_draft(), TODAY)
    generate_demo(db, clinician, 30, today=TODAY)
    services.patients.create(clinician, make_draft(given_name="After"), TODAY)
    result = verify_database(db, anchor_folder=tmp_path)
    assert result.intact, result.lines()
    assert result.rows >= 32


def test_a_workstation_without_the_key_saves_nothing_until_it_is_imported(
        services: Services, clinician: Actor, db: Database, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    exported = tmp_path / "practice.audit-key"
    export_key(_fingerprint(db), exported)
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    monkeypatch.setenv("STRIDE_CLINIC_CONFIG_DIR", str(tmp_path / "second-workstation"))
    with pytest.raises(AuditKeyMissing, match="audit key import"):
        services.patients.create(clinician, make_draft(), TODAY)
    with pytest.raises(AuditKeyMissing):
        verify_database(db, anchor_folder=tmp_path)
    own_key()  # the second workstation had made a key of its own: it is kept, not replaced
    assert import_key(exported) == _fingerprint(db)
    assert (tmp_path / "second-workstation" / IMPORTED).is_dir()
    services.patients.create(clinician, make_draft(), TODAY)
    assert verify_database(db, anchor_folder=tmp_path).intact


def test_a_file_that_is_not_a_key_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello", encoding="ascii")
    with pytest.raises(ValidationError, match="not a Stride Clinic audit key"):
        import_key(bogus)
    with pytest.raises(ValidationError, match="Cannot read"):
        import_key(tmp_path / "missing.key")


def test_two_workstations_saving_at_once_append_in_order(services: Services, clinician: Actor,
                                                         db: Database, tmp_path: Path) -> None:
    import threading

    from clinic_app.domain.errors import RecordBusy

    failures: list[BaseException] = []

    def save_many(name: str) -> None:
        for n in range(8):
            for _attempt in range(5):
                try:
                    services.patients.create(clinician, make_draft(given_name=f"{name}{n}"), TODAY)
                    break
                except RecordBusy:
                    continue
                except BaseException as exc:  # noqa: BLE001 - reported below
                    failures.append(exc)
                    return

    workers = [threading.Thread(target=save_many, args=(w,)) for w in ("Ann", "Bea", "Cy")]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert not failures
    result = verify_database(db, anchor_folder=tmp_path)
    assert result.intact, result.lines()
    assert result.rows >= 24
