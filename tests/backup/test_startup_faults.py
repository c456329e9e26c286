"""Every start-up fault is named in plain words: one line and a non-zero exit, never a traceback,
and the faulty file is left exactly as it was."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from clinic_app.app import open_database
from clinic_app.cli import main
from clinic_app.domain.errors import DatabaseFault
from clinic_app.persistence import db as db_module
from clinic_app.persistence import health
from tests.backup.conftest import damage_page

ROOT = Path(__file__).resolve().parents[2]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _text(path: Path) -> None:
    path.write_text("Name,Date of birth\nAnn,1980-01-02\n", encoding="utf-8")


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _too_new(path: Path) -> None:
    with sqlite3.connect(str(path)) as conn:
        conn.execute("UPDATE alembic_version SET version_num='0099_from_the_future'")
    conn.close()


def _no_revision(path: Path) -> None:
    with sqlite3.connect(str(path)) as conn:
        conn.execute("DELETE FROM alembic_version")
    conn.close()


CASES: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "0-byte file": (_empty, "empty_file", "is empty (0 bytes)"),
    "not a database": (_text, "not_a_database", "is not a Stride Clinic database"),
    "truncated": (_truncated, "corrupt", "is damaged"),
    "corrupt page": (damage_page, "corrupt", "is damaged"),
    "newer schema": (_too_new, "too_new", "a newer version of Stride Clinic"),
    "missing revision row": (_no_revision, "missing_revision", "not the record of which version"),
}


@pytest.fixture(params=sorted(CASES))
def faulty(request: pytest.FixtureRequest, live: Path) -> Iterator[tuple[Path, str, str]]:
    make, kind, words = CASES[request.param]
    make(live)
    yield live, kind, words


def test_each_fault_is_typed_and_changes_nothing(faulty: tuple[Path, str, str]) -> None:
    path, kind, words = faulty
    before = _digest(path)
    with pytest.raises(DatabaseFault) as caught:
        open_database(f"sqlite:///{path}")
    assert caught.value.kind == kind
    assert words in str(caught.value)
    assert _digest(path) == before
    assert not path.with_name(path.name + "-wal").exists() or kind in {"too_new", "missing_revision"}


def test_command_line_prints_one_line_and_no_traceback(faulty: tuple[Path, str, str]) -> None:
    path, _kind, words = faulty
    before = _digest(path)
    result = subprocess.run(
        [sys.executable, "-m", "clinic_app", "--database", f"sqlite:///{path}", "users", "list"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Stride Clinic: ") and words in lines[0]
    assert _digest(path) == before


def test_empty_file_never_becomes_a_new_database(live: Path) -> None:
    _empty(live)
    for argv in (["db", "upgrade"], ["demo", "--patients", "1"], ["backup"]):
        assert main(["--database", f"sqlite:///{live}", *argv]) == 1
    assert live.stat().st_size == 0


def test_self_test_checks_the_given_database(live: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from clinic_app.self_test import run_self_test

    lines: list[str] = []
    assert run_self_test(lines.append, database_url=f"sqlite:///{live}") == 0
    mine = next(line for line in lines if "your database" in line)
    assert "integrity ok" in mine and "(up to date)" in mine and "tables" in mine
    damage_page(live)
    lines.clear()
    assert run_self_test(lines.append, database_url=f"sqlite:///{live}") == 1
    assert any("FAIL your database" in line and "is damaged" in line for line in lines)
    assert not any("Traceback" in line for line in lines)


def test_locked_beyond_the_timeout(live: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(str(live), isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE app_user SET id = id")
    try:
        assert main(["--database", f"sqlite:///{live}", "users", "list"]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "in use by another program or workstation" in err[0]
        with pytest.raises(DatabaseFault) as caught:
            open_database(f"sqlite:///{live}")
        assert caught.value.kind == "locked" and caught.value.retry_may_help
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    open_database(f"sqlite:///{live}").dispose()  # once the lock is gone it opens


def test_disk_full_on_first_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    original = db_module._sqlite_on_connect

    def no_room(conn: Any, record: Any) -> None:
        original(conn, record)
        conn.execute("PRAGMA max_page_count=2")  # SQLite answers SQLITE_FULL, as on a full disk

    monkeypatch.setattr(db_module, "_sqlite_on_connect", no_room)
    path = tmp_path / "full.sqlite3"
    assert main(["--database", f"sqlite:///{path}", "db", "upgrade"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is full" in err[0]
    with pytest.raises(DatabaseFault) as caught:
        open_database(f"sqlite:///{path}")
    assert caught.value.kind == "disk_full"


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_file_or_folder(live: Path, what: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The tests may run as root, which chmod cannot stop: ask the same question the OS would.
    blocked = live if what == "file" else live.parent
    real_access = os.access
    monkeypatch.setattr(health.os, "access", lambda p, mode: Path(p) != blocked
                        and real_access(p, mode))
    before = _digest(live)
    with pytest.raises(DatabaseFault) as caught:
        open_database(f"sqlite:///{live}")
    assert caught.value.kind == "read_only" and "read-only" in str(caught.value)
    assert _digest(live) == before


@pytest.mark.parametrize(("message", "kind"), [
    ("attempt to write a readonly database", "read_only"),
    ("database or disk is full", "disk_full"),
    ("database is locked", "locked"),
    ("file is not a database", "not_a_database"),
    ("database disk image is malformed", "corrupt"),
    ("unable to open database file", "read_only"),
])
def test_sqlite_errors_are_named(message: str, kind: str) -> None:
    fault = health.fault_from(sqlite3.OperationalError(message), Path("x.sqlite3"))
    assert fault is not None and fault.kind == kind


def test_disk_full_from_the_operating_system() -> None:
    import errno

    fault = health.fault_from(OSError(errno.ENOSPC, "No space left on device"), None)
    assert fault is not None and fault.kind == "disk_full"
