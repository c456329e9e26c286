"""Engine factory: SQLite pragmas, write transactions, unsafe locations refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from clinic_app.domain.errors import UnsafeDatabaseLocation
from clinic_app.persistence.db import Database, make_engine
from clinic_app.persistence.location import check_sqlite_location


def test_sqlite_pragmas_are_set_on_every_connection(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
    engine.dispose()


def test_write_sessions_take_the_write_lock_at_begin(tmp_path: Path) -> None:
    db = Database(make_engine(f"sqlite:///{tmp_path / 'w.sqlite3'}"))
    statements: list[str] = []
    from sqlalchemy import event

    event.listen(db.engine, "before_cursor_execute",
                 lambda conn, cur, stmt, *a: statements.append(stmt))
    with db.writing() as s:
        s.execute(text("CREATE TABLE t (x INTEGER)"))
    with db.reading() as s:
        s.execute(text("SELECT 1"))
    begins = [st for st in statements if st.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN"]
    db.dispose()


def test_write_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    db = Database(make_engine(f"sqlite:///{tmp_path / 'r.sqlite3'}"))
    with db.writing() as s:
        s.execute(text("CREATE TABLE t (x INTEGER)"))
    with pytest.raises(RuntimeError), db.writing() as s:
        s.execute(text("INSERT INTO t VALUES (1)"))
        raise RuntimeError("boom")
    with db.reading() as s:
        assert s.execute(text("SELECT count(*) FROM t")).scalar() == 0
    db.dispose()


@pytest.mark.parametrize("fs_type", ["nfs4", "cifs", "smb3", "fuse.sshfs"])
def test_sqlite_on_a_network_file_system_is_refused(fs_type: str) -> None:
    mounts = [("/", "ext4"), ("/mnt/practice", fs_type)]
    with pytest.raises(UnsafeDatabaseLocation, match="PostgreSQL"):
        check_sqlite_location(Path("/mnt/practice/clinic.sqlite3"), mounts)


@pytest.mark.parametrize("folder", ["Dropbox", "OneDrive - Practice Ltd", "Google Drive"])
def test_sqlite_in_a_cloud_synced_folder_is_refused(tmp_path: Path, folder: str) -> None:
    with pytest.raises(UnsafeDatabaseLocation, match="cloud-synced"):
        check_sqlite_location(tmp_path / folder / "clinic.sqlite3", [("/", "ext4")])


def test_sqlite_on_a_local_disk_is_accepted(tmp_path: Path) -> None:
    check_sqlite_location(tmp_path / "clinic.sqlite3", [("/", "ext4"), ("/mnt/nas", "nfs")])


def test_make_engine_refuses_unsafe_path_before_creating_anything(tmp_path: Path) -> None:
    target = tmp_path / "Dropbox" / "clinic.sqlite3"
    with pytest.raises(UnsafeDatabaseLocation):
        make_engine(f"sqlite:///{target}")
    assert not target.parent.exists()
