"""UI fixtures: a real main window over a migrated database, and modal dialogs made drivable."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from clinic_app.app import build
from clinic_app.domain.clock import FixedClock
from clinic_app.persistence.db import Database
from clinic_app.persistence.migrate import upgrade_to_head
from clinic_app.services.registry import Services
from clinic_app.ui.main_window import MainWindow
from tests.conftest import CHEAP_HASHER, PASSWORD


class MessageBoxes:
    """Records message boxes; ``answer`` is what ``question`` returns."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []
        self.answer = QMessageBox.StandardButton.Yes

    def _record(self, kind: str) -> Callable[..., Any]:
        def show(_parent: object, title: str, text: str, *args: object, **kw: object) -> object:
            self.shown.append((kind, title, text))
            return self.answer if kind == "question" else QMessageBox.StandardButton.Ok
        return show


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> MessageBoxes:
    """No test ever blocks on a message box."""
    boxes = MessageBoxes()
    for kind in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(boxes._record(kind)))
    monkeypatch.setattr(QMessageBox, "about", staticmethod(boxes._record("about")))
    return boxes


class DialogDriver:
    """Replaces ``QDialog.exec``: shows the dialog and lets the test's handler drive it."""

    def __init__(self) -> None:
        self.handlers: list[Callable[[QDialog], None]] = []
        self.opened: list[QDialog] = []

    def exec(self, dialog: QDialog) -> int:
        self.opened.append(dialog)
        if not self.handlers:
            raise AssertionError(f"unexpected modal dialog {type(dialog).__name__}")
        dialog.show()
        self.handlers.pop(0)(dialog)
        return int(dialog.result())


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> DialogDriver:
    """Queue a handler per expected dialog: ``dialogs.handlers.append(fn)``."""
    driver = DialogDriver()
    monkeypatch.setattr(QDialog, "exec", lambda self: driver.exec(self))
    return driver


@pytest.fixture
def prepared_db(database_url: str, clock: FixedClock) -> Iterator[Services]:
    """A migrated SQLite database with one clinician, for building windows on."""
    db = Database.from_url(database_url, clock)
    upgrade_to_head(db.engine)
    services = Services.over(db, CHEAP_HASHER)
    services.users.create_first_clinician("ahmed", "Dr Amira Ahmed", "ws-test")
    services.auth.set_first_password("ahmed", PASSWORD, "ws-test")
    yield services
    db.dispose()


@pytest.fixture
def window(qtbot: QtBot, prepared_db: Services, database_url: str, tmp_path: Path, clock: FixedClock
           ) -> Iterator[MainWindow]:
    """The real main window, signed in as the clinician, patient list loaded."""
    w = build(database_url, tmp_path / "settings.ini", clock=clock, password_hasher=CHEAP_HASHER)
    qtbot.addWidget(w)
    w.show()
    w.session.begin(w.ctx.services.auth.sign_in("ahmed", PASSWORD, "ws-test"))
    w.start()
    qtbot.waitUntil(lambda: not w.ctx.reads.busy(), timeout=5000)
    yield w
    w.ctx.writes.wait()
    w.ctx.reads.wait()


def type_text(widget: object, text: str) -> None:
    """Type any Unicode text key by key (QTest.keyClicks only handles ASCII)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, ch))
