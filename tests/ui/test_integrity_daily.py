"""The full integrity check runs once a day in the background and says when the file is damaged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from clinic_app.persistence.db import sqlite_path
from clinic_app.ui.dialogs.integrity_check import LAST_RUN
from clinic_app.ui.main_window import MainWindow
from tests.backup.conftest import damage_page
from tests.conftest import POSTGRES_URL, TODAY
from tests.ui.conftest import MessageBoxes

pytestmark = pytest.mark.skipif(bool(POSTGRES_URL), reason="an SQLite file's integrity")


def test_once_a_day_and_damage_is_said_plainly(qtbot: QtBot, window: MainWindow,
                                               message_boxes: MessageBoxes) -> None:
    check = window.backups.integrity
    qtbot.waitUntil(lambda: window.ctx.qsettings.value(LAST_RUN) == TODAY.isoformat(),
                    timeout=10000)  # the first sign-in of the day ran it
    assert check.start() is False  # not again the same day
    path = Path(sqlite_path(str(window.ctx.services.db.engine.url)) or "")
    window.ctx.services.db.engine.dispose()
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    damage_page(path)
    window.ctx.clock.advance(days=1)  # type: ignore[attr-defined]
    assert check.start() is True
    qtbot.waitUntil(lambda: check.last_problem is not None, timeout=10000)
    kind, title, text = message_boxes.shown[-1]
    assert (kind, title) == ("warning", "The database file is damaged")
    assert "File → Restore a backup…" in text
    assert window.ctx.qsettings.value(LAST_RUN) == TODAY.isoformat()  # not marked done: retried
