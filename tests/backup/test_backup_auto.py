"""Automatic daily backups: the practice setting, the stored key, when one is due, and retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from clinic_app.domain.backup_retention import backups_to_keep
from clinic_app.domain.clock import FixedClock
from clinic_app.domain.errors import BackupRefused, PermissionDenied, ValidationError
from clinic_app.persistence.db import Database, sqlite_path
from clinic_app.services import backup_crypto
from clinic_app.services.backup import BackupCancelled, make_backup, open_backup
from clinic_app.services.backup_auto import (
    AutoBackupSettings,
    backup_due,
    key_path,
    load_key,
    read_settings,
    run_automatic_backup,
    save_settings,
    store_key,
)
from clinic_app.services.context import Actor
from tests.backup.conftest import PASSPHRASE
from tests.conftest import POSTGRES_URL

sqlite_only = pytest.mark.skipif(bool(POSTGRES_URL), reason="file backups apply to SQLite")


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup_crypto, "KDF_DEFAULTS",
                        {"time_cost": 1, "memory_cost": 256, "parallelism": 1})


def _live(db: Database) -> Path:
    path = sqlite_path(str(db.engine.url))
    assert path is not None
    return path


def test_only_an_administrator_changes_the_setting_or_stores_the_key(
        db: Database, clinician: Actor, admin: Actor) -> None:
    assert read_settings(db) == AutoBackupSettings()  # off until someone turns it on
    with pytest.raises(PermissionDenied):
        save_settings(db, clinician, AutoBackupSettings(True, ""))
    with pytest.raises(PermissionDenied):
        store_key(db, clinician, PASSPHRASE)
    assert load_key() is None and read_settings(db) == AutoBackupSettings()
    with pytest.raises(ValidationError) as refused:
        save_settings(db, admin, AutoBackupSettings(True, "relative/folder"))
    assert refused.value.errors == {"folder": "Choose a whole folder path (for example from "
                                              "Browse…)."}
    save_settings(db, admin, AutoBackupSettings(True, "/srv/backups"))
    assert read_settings(db) == AutoBackupSettings(True, "/srv/backups")


def test_the_stored_key_is_owner_only_and_never_the_passphrase(db: Database, admin: Actor,
                                                               tmp_path: Path) -> None:
    with pytest.raises(BackupRefused, match="at least 10 characters"):
        store_key(db, admin, "short")
    written = store_key(db, admin, PASSPHRASE)
    assert written == key_path() and written.is_relative_to(tmp_path)
    assert written.stat().st_mode & 0o777 == 0o600
    assert PASSPHRASE not in written.read_text()
    key = load_key()
    assert key is not None and key.matches(PASSPHRASE) and not key.matches(PASSPHRASE + "!")
    written.write_text("{not json")
    assert load_key() is None  # unreadable: automatic backups stop, nothing crashes


@sqlite_only
def test_a_backup_made_with_the_key_restores_with_the_passphrase_alone(
        db: Database, admin: Actor, tmp_path: Path) -> None:
    store_key(db, admin, PASSPHRASE)
    save_settings(db, admin, AutoBackupSettings(True, str(tmp_path / "auto")))
    key = load_key()
    assert key is not None
    file = run_automatic_backup(db, key)
    assert file.parent == tmp_path / "auto"
    other_computer = tmp_path / "elsewhere" / "clinic.sqlite3"
    opened = open_backup(file, PASSPHRASE, other_computer)  # no key file needed
    opened.discard()
    opened = open_backup(file, key, other_computer)  # and the key opens it without typing
    opened.discard()
    by_hand = make_backup(db, admin, PASSPHRASE, tmp_path / "by-hand.scbak")
    with pytest.raises(BackupRefused, match="made with another passphrase than the key"):
        open_backup(by_hand, key, other_computer)


@sqlite_only
def test_one_backup_at_the_first_start_of_each_day_and_one_on_closing(
        db: Database, admin: Actor, clock: FixedClock) -> None:
    assert not backup_due(db, on_close=False, key=None)  # setting off
    store_key(db, admin, PASSPHRASE)
    key = load_key()
    assert not backup_due(db, on_close=False, key=key)  # still off
    save_settings(db, admin, AutoBackupSettings(True, ""))
    assert not backup_due(db, on_close=False, key=None)  # no key on this computer
    assert backup_due(db, on_close=False, key=key)  # never backed up
    assert key is not None
    run_automatic_backup(db, key)
    assert not backup_due(db, on_close=False, key=key)  # the same day
    clock.advance(minutes=9)
    assert not backup_due(db, on_close=True, key=key)  # opened and closed at once
    clock.advance(minutes=2)
    assert backup_due(db, on_close=True, key=key)
    clock.advance(days=1)
    assert backup_due(db, on_close=False, key=key)  # the next morning


@sqlite_only
def test_daily_backups_over_a_year_keep_7_daily_4_weekly_12_monthly(
        db: Database, admin: Actor, clock: FixedClock, tmp_path: Path) -> None:
    folder = tmp_path / "auto"
    save_settings(db, admin, AutoBackupSettings(True, str(folder)))
    store_key(db, admin, PASSPHRASE)
    key = load_key()
    assert key is not None
    made: list[datetime] = []
    for _day in range(400):
        clock.advance(days=1)
        if backup_due(db, on_close=False, key=key):
            run_automatic_backup(db, key)
            made.append(clock.now().astimezone(UTC).replace(microsecond=0))
    assert len(made) == 400
    kept = sorted(f.name for f in folder.glob("*.scbak"))
    expected = sorted(f"clinic-{t.strftime('%Y%m%dT%H%M%SZ')}.scbak" for t in backups_to_keep(made))
    assert kept == expected
    assert 7 + 4 <= len(kept) <= 7 + 4 + 12
    newest = max(made)
    assert kept[-1] == f"clinic-{newest.strftime('%Y%m%dT%H%M%SZ')}.scbak"
    assert any(newest - t > timedelta(days=300) for t in backups_to_keep(made))


@sqlite_only
def test_a_cancelled_backup_leaves_no_file(db: Database, admin: Actor) -> None:
    with pytest.raises(BackupCancelled):
        make_backup(db, admin, PASSPHRASE, cancelled=lambda: True)
    folder = _live(db).parent / "backups"
    assert not folder.exists() or list(folder.iterdir()) == []


@pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL only")
def test_on_postgresql_automatic_backups_never_run(db: Database, admin: Actor) -> None:
    save_settings(db, admin, AutoBackupSettings(True, ""))
    store_key(db, admin, PASSPHRASE)
    assert not backup_due(db, on_close=False, key=load_key())
    with pytest.raises(BackupRefused, match="SQLite databases only"):
        run_automatic_backup(db, load_key())  # type: ignore[arg-type]


@sqlite_only
def test_only_a_role_allowed_to_restore_may_open_a_backup_in_the_app(
        db: Database, clinician: Actor, admin: Actor, tmp_path: Path) -> None:
    from clinic_app.services.backup import open_backup_as

    file = make_backup(db, admin, PASSPHRASE, tmp_path / "b.scbak")
    with pytest.raises(PermissionDenied):
        open_backup_as(db, clinician, file, PASSPHRASE, _live(db))
    opened = open_backup_as(db, admin, file, PASSPHRASE, _live(db))
    opened.discard()


@sqlite_only
def test_a_backup_folder_that_cannot_be_made_is_named(db: Database, admin: Actor,
                                                      tmp_path: Path) -> None:
    (tmp_path / "drive").write_text("a file where the folder should be")
    with pytest.raises(BackupRefused) as refused:
        make_backup(db, admin, PASSPHRASE, folder=tmp_path / "drive" / "backups")
    assert str(refused.value).startswith(f"The backup folder {tmp_path / 'drive' / 'backups'} "
                                         "cannot be used (")
    assert "choose another folder (Practice → Backups…). Nothing was written." in str(refused.value)
