"""While working: a full disk and a record held by another workstation, met on a real note save.

The disk is really full for SQLite here (``PRAGMA max_page_count`` at the file's current size:
SQLite answers "database or disk is full" exactly as on a full drive); on PostgreSQL the
driver raises the server's "could not extend file" on the save's UPDATE. The lock is the error
the database gives after its wait (SQLite's busy timeout, PostgreSQL's lock timeout), raised by
the driver on the save's UPDATE.
"""
# ruff: noqa: F811 - the UI fixtures are imported by name from tests/ui/conftest.py

from __future__ import annotations

import errno
import sqlite3
from datetime import UTC, date, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from clinic_app.domain.errors import DatabaseFault
from clinic_app.domain.patients import VisitKind
from clinic_app.persistence.health import disk_full
from clinic_app.ui.errors import describe
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.views.notes_tab import NotesTab
from tests.conftest import TODAY, make_draft
from tests.ui.conftest import dialogs, message_boxes, prepared_db, window  # noqa: F401

FULL = ("The disk is full, so this was not saved. What you typed is still here: free some space "
        "(empty the recycle bin, move old files to another drive), then save again.")
BUSY = ("This record is busy: another workstation is saving it. Nothing was saved yet — try "
        "again in a moment.")


@pytest.fixture
def notes(qtbot: QtBot, window: MainWindow) -> NotesTab:
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(), TODAY).created_id or 0
    episode = s.care.open_episode(me, pid, date(2026, 11, 1), "LBP after marathon", TODAY)
    s.care.create_visit(me, episode.created_id or 0, datetime(2026, 11, 2, 9, tzinfo=UTC),
                        VisitKind.INITIAL)
    window.open_patient(pid)
    qtbot.waitUntil(lambda: window.chart.visits.rowCount() == 1, timeout=5000)
    window.chart.tabs.setCurrentWidget(window.chart.notes)
    window.chart.notes.table_visits.selectRow(0)
    qtbot.waitUntil(lambda: window.chart.notes.note is not None, timeout=5000)
    return window.chart.notes


def _save(qtbot: QtBot, notes: NotesTab) -> None:
    qtbot.mouseClick(notes.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: notes.label_status.text() != "Saving…", timeout=8000)


def _stored(window: MainWindow, notes: NotesTab) -> str:
    assert notes.note is not None
    return window.ctx.services.care.get_note(notes.note.id).subjective


def _fill_the_disk(engine: Any) -> tuple[str, Any]:
    """SQLite: the file may not grow. PostgreSQL: the server's "could not extend file"."""
    if engine.dialect.name == "postgresql":
        import psycopg.errors

        def full(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if statement.lstrip().upper().startswith("UPDATE VISIT"):
                raise psycopg.errors.DiskFull('could not extend file "base/16384/16722": No '
                                              "space left on device")

        event.listen(engine, "before_cursor_execute", full)
        return "before_cursor_execute", full
    with engine.connect() as conn:
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)

    def no_room(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(engine, "connect", no_room)
    engine.dispose()
    return "connect", no_room


def _hold_the_record(engine: Any, held: list[bool]) -> Any:
    """Another workstation's lock: SQLite's "database is locked", PostgreSQL's lock timeout."""
    def locked(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if held[0] and statement.lstrip().upper().startswith("UPDATE VISIT"):
            if engine.dialect.name == "postgresql":
                import psycopg.errors

                raise psycopg.errors.LockNotAvailable("canceling statement due to lock timeout")
            raise sqlite3.OperationalError("database is locked")

    event.listen(engine, "before_cursor_execute", locked)
    return locked


def test_a_full_disk_says_so_and_the_note_keeps_its_text(
        qtbot: QtBot, window: MainWindow, notes: NotesTab) -> None:
    engine = window.ctx.services.db.engine
    hook, fill = _fill_the_disk(engine)
    typed = "Sore back after 30 km week. " + "Long run history, " * 900
    notes.editors["subjective"].setPlainText(typed)
    _save(qtbot, notes)
    assert notes.label_status.text() == FULL
    assert notes.editors["subjective"].toPlainText() == typed  # nothing typed is lost
    assert notes.is_dirty()
    event.remove(engine, hook, fill)
    engine.dispose()  # space freed
    assert _stored(window, notes) == ""  # nothing half-saved
    _save(qtbot, notes)
    assert notes.label_status.text().startswith("Draft saved")
    assert _stored(window, notes) == typed


def test_a_record_held_by_another_workstation_is_busy_and_saving_again_works(
        qtbot: QtBot, window: MainWindow, notes: NotesTab) -> None:
    engine = window.ctx.services.db.engine
    held = [True]
    locked = _hold_the_record(engine, held)
    qtbot.keyClicks(notes.editors["subjective"], "Sore back after 30 km week")
    _save(qtbot, notes)
    assert notes.label_status.text() == BUSY
    assert notes.editors["subjective"].toPlainText() == "Sore back after 30 km week"
    assert notes.btn_save.isEnabled()  # the way forward: save again
    held[0] = False
    _save(qtbot, notes)
    event.remove(engine, "before_cursor_execute", locked)
    assert notes.label_status.text().startswith("Draft saved")
    assert _stored(window, notes) == "Sore back after 30 km week"


@pytest.mark.parametrize("error", [
    sqlite3.OperationalError("database or disk is full"),
    OSError(errno.ENOSPC, "No space left on device"),
    type("DiskFull", (Exception,), {"sqlstate": "53100"})("could not extend file"),
    Exception('could not extend file "base/16384/2619": No space left on device'),
])
def test_every_kind_of_full_disk_gets_the_same_plain_message(error: BaseException) -> None:
    fault = disk_full(error)
    assert isinstance(fault, DatabaseFault) and fault.kind == "disk_full"
    assert describe(fault) == FULL
    assert disk_full(sqlite3.OperationalError("no such table: visit")) is None
