"""The database guard: a session opened on the main (GUI) thread raises, warns once, or passes."""

from __future__ import annotations

import logging
import threading

import pytest
from sqlalchemy import text

from clinic_app.persistence.db import Database


def _select_one(db: Database) -> int:
    with db.reading() as s:
        return int(s.execute(text("SELECT 1")).scalar_one())


def _in_worker(db: Database) -> list[object]:
    got: list[object] = []

    def run() -> None:
        try:
            got.append(_select_one(db))
            with db.writing() as s:
                s.execute(text("SELECT 1"))
            got.append("written")
        except Exception as exc:  # noqa: BLE001 - reported to the test
            got.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    return got


def test_raise_mode_refuses_main_thread_sessions_and_allows_workers(db: Database) -> None:
    assert db.guard_mode == "off" and _select_one(db) == 1  # off by default (CLI, start-up)
    db.guard_main_thread("raise")
    with pytest.raises(RuntimeError, match="database session opened on the GUI thread"):
        _select_one(db)
    with pytest.raises(RuntimeError, match="clinic_app.ui.operations"), db.writing():
        pass
    assert _in_worker(db) == [1, "written"]
    with db.main_thread_allowed():  # the narrow, explicit start-up allowance
        assert _select_one(db) == 1
    with pytest.raises(RuntimeError):
        _select_one(db)
    db.guard_main_thread("raise", exempt=lambda: True)
    assert _select_one(db) == 1
    db.guard_main_thread("off")
    assert _select_one(db) == 1


def test_warn_mode_logs_the_first_main_thread_session_once(
        db: Database, caplog: pytest.LogCaptureFixture) -> None:
    db.guard_main_thread("warn")
    with caplog.at_level(logging.WARNING, logger="clinic_app.persistence.db"):
        assert _select_one(db) == 1 and _select_one(db) == 1
    warnings = [r for r in caplog.records if "opened on the GUI thread" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].stack_info  # where it happened, once


def test_an_unknown_mode_is_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="unknown guard mode"):
        db.guard_main_thread("loud")  # type: ignore[arg-type]
