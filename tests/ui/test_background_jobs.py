"""Long jobs run as background operations: progress reaches the dialog, Cancel stops them, and
the window opens no database session on the GUI thread once it has started."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from clinic_app.app import build
from clinic_app.domain.clock import FixedClock
from clinic_app.services.handouts import HandoutKind
from clinic_app.services.registry import Services
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.views.printing import print_queue
from tests.conftest import CHEAP_HASHER, PASSWORD
from tests.ui.conftest import patient_with_plan


def test_print_queue_reports_progress_and_stops_on_cancel(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = patient_with_plan(window, "Ana"), patient_with_plan(window, "Ben")
    handouts = window.ctx.services.handouts
    real_render = handouts.render
    gate, waiting = threading.Event(), threading.Event()
    rendered: list[int] = []

    def slow_render(*args: object, **kw: object) -> object:
        if rendered:  # the second document waits until the test has pressed Cancel
            waiting.set()
            for _ in range(2000):  # polled: timed waits never time out under faketime (CI)
                if gate.is_set():
                    break
                time.sleep(0.005)
        result = real_render(*args, **kw)  # type: ignore[arg-type]
        rendered.append(1)
        return result

    monkeypatch.setattr(handouts, "render", slow_render)
    asked_printer: list[object] = []
    monkeypatch.setattr(print_queue, "ask_printer", lambda parent: asked_printer.append(parent))
    dialog = print_queue.PrintQueueDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.patient_ids() == [first, second], timeout=5000)
    dialog.kind_boxes[HandoutKind.EDUCATION_RUNNING].setChecked(True)
    qtbot.mouseClick(dialog.btn_generate, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.value() == 1 and waiting.is_set(), timeout=30000)
    assert dialog.label_status.text() == "Made 1 of 4 documents…"
    assert dialog.btn_cancel.isEnabled() and not dialog.btn_generate.isEnabled()
    qtbot.mouseClick(dialog.btn_cancel, Qt.MouseButton.LeftButton)
    assert dialog.label_status.text() == "Cancelling…"
    gate.set()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=30000)
    outcome = dialog.outcome
    assert outcome is not None and outcome.cancelled
    assert len(outcome.documents) == 2  # the one being made when Cancel was pressed is finished
    assert dialog.progress.value() == 2
    assert dialog.label_status.text() == "Cancelled. 2 document(s) made and kept in the charts."
    assert asked_printer == []  # a cancelled run prints nothing
    assert dialog.btn_generate.isEnabled() and not dialog.btn_cancel.isEnabled()
    assert len(window.ctx.services.handouts.history(first)) == 2
    assert window.ctx.services.handouts.history(second) == []


def test_the_window_is_guarded_against_database_work_on_the_gui_thread(
        qtbot: QtBot, window: MainWindow) -> None:
    db = window.ctx.services.db
    assert db.guard_mode == "raise"  # armed by the fixture: the whole UI suite runs guarded
    from clinic_app.ui import operations

    window_code: dict[str, object] = {"__name__": "clinic_app.ui.example"}  # as if in the UI
    exec("def count(window):\n    return window.ctx.services.patients.count()\n", window_code)
    with pytest.raises(RuntimeError, match="database session opened on the GUI thread"):
        window_code["count"](window)  # type: ignore[operator]
    counted: list[int] = []
    operations.read(window.ctx, window.ctx.services.patients.count, counted.append)
    qtbot.waitUntil(lambda: counted == [0], timeout=5000)  # the same read off the GUI thread


def test_start_arms_the_guard_as_a_logged_warning(
        qtbot: QtBot, prepared_db: Services, database_url: str, tmp_path: Path,
        clock: FixedClock) -> None:
    w = build(database_url, tmp_path / "settings.ini", clock=clock, password_hasher=CHEAP_HASHER)
    qtbot.addWidget(w)
    assert w.ctx.services.db.guard_mode == "off"  # start-up reads before the event loop
    w.session.begin(w.ctx.services.auth.sign_in("ahmed", PASSWORD, "ws-test"))
    assert w.start()
    assert w.ctx.services.db.guard_mode == "warn"
    qtbot.waitUntil(lambda: not w.ctx.reads.busy(), timeout=5000)
    w.ctx.writes.wait()
