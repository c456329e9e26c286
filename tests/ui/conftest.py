"""UI fixtures: a real main window over a migrated database, and modal dialogs made drivable."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from clinic_app.app import build
from clinic_app.domain.clock import FixedClock
from clinic_app.domain.patients import VisitKind
from clinic_app.persistence.db import Database
from clinic_app.persistence.migrate import upgrade_to_head
from clinic_app.services.registry import Services
from clinic_app.ui.main_window import MainWindow
from tests.conftest import CHEAP_HASHER, PASSWORD, TODAY, make_draft


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
        self._driving = 0

    def exec(self, dialog: QDialog) -> int:
        self.opened.append(dialog)
        if not self.handlers:
            raise AssertionError(f"unexpected modal dialog {type(dialog).__name__}")
        dialog.show()
        self._driving += 1
        try:
            self.handlers.pop(0)(dialog)
        finally:
            self._driving -= 1
        return int(dialog.result())

    def wait_handled(self, qtbot: QtBot, timeout: int = 20000) -> None:
        """Wait until every queued handler has driven its dialog (a dialog opens once what it
        shows was read in the background)."""
        qtbot.waitUntil(lambda: not self.handlers and not self._driving, timeout=timeout)


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


def test_code_called() -> bool:
    """True when a test (setting up or checking data) opened the session, not the window's code:
    the nearest caller that is either a test or ``clinic_app.ui`` code is a test."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_globals.get("__name__", "").startswith("clinic_app.ui"):
            return False
        if f"{os.sep}tests{os.sep}" in frame.f_code.co_filename:
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return True


@pytest.fixture
def window(qtbot: QtBot, prepared_db: Services, database_url: str, tmp_path: Path, clock: FixedClock
           ) -> Iterator[MainWindow]:
    """The real main window, signed in as the clinician, patient list loaded."""
    w = build(database_url, tmp_path / "settings.ini", clock=clock, password_hasher=CHEAP_HASHER)

    def deliver_background_results(_window: object) -> None:
        # Every background result reaches its callback while the test's message boxes and
        # dialogs are still recorded, before pytest-qt closes the window (a callback queued past
        # the close would otherwise open a real modal box later).
        qtbot.waitUntil(lambda: not (w.ctx.writes.busy() or w.ctx.reads.busy()), timeout=20000)

    qtbot.addWidget(w, before_close_func=deliver_background_results)
    w.show()
    w.session.begin(w.ctx.services.auth.sign_in("ahmed", PASSWORD, "ws-test"))
    w.ctx.services.db.guard_main_thread("raise", exempt=test_code_called)
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


def patient_with_plan(window: MainWindow, given: str) -> int:
    """A patient with an open episode, one visit and a saved SIJ plan (set up as the test)."""
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(given_name=given, phone=""), TODAY).created_id or 0
    ep = s.care.open_episode(me, pid, TODAY, "LBP", TODAY).created_id or 0
    s.care.create_visit(me, ep, window.ctx.clock.now(), VisitKind.INITIAL)
    s.plans.save(me, ep, s.plans.from_template("SIJ pain"), 0)
    return pid
