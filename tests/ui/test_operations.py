"""The one background operation: writes publish with their initiator, long jobs report progress
and stop on Cancel, failures reach one callback, and nothing runs on the GUI thread."""

from __future__ import annotations

import threading
import time

from pytestqt.qtbot import QtBot

from clinic_app.services.context import Changes
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.operations import Progress, changes_in, long_job, read, write


def test_a_write_publishes_its_changes_as_its_initiators_then_reports(
        qtbot: QtBot, window: MainWindow) -> None:
    heard: list[tuple[Changes, object]] = []
    order: list[str] = []
    window.ctx.bus.changed.connect(lambda c, who: (heard.append((c, who)), order.append("bus")))
    me = object()
    changes = Changes(patients=frozenset({7}), records=True, entity="patient")
    threads: list[threading.Thread] = []

    def call() -> tuple[Changes, int]:
        threads.append(threading.current_thread())
        return changes, 4

    done: list[tuple[Changes, int]] = []
    op = write(window.ctx, call, initiator=me,
               on_done=lambda result: (done.append(result), order.append("done")))
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert done == [(changes, 4)]
    assert heard == [(changes, me)]
    assert order == ["bus", "done"]  # the saving view skips its own change, then applies v4
    assert threads[0] is not threading.main_thread()
    assert not op.running


def test_a_failed_write_publishes_nothing_and_reaches_its_failure_callback(
        qtbot: QtBot, window: MainWindow) -> None:
    heard: list[object] = []
    window.ctx.bus.changed.connect(lambda c, who: heard.append(c))
    failures: list[BaseException] = []

    def call() -> Changes:
        raise ValueError("the disk said no")

    write(window.ctx, call, initiator=None, on_failed=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert str(failures[0]) == "the disk said no"
    assert heard == []


def test_a_long_job_reports_progress_and_stops_at_a_safe_point_when_cancelled(
        qtbot: QtBot, window: MainWindow) -> None:
    reports: list[tuple[int, int, str]] = []
    finished: list[str] = []
    reached = threading.Event()
    steps_done: list[int] = []

    def work(progress: Progress) -> str:
        for step in range(1, 1001):
            progress.check()
            steps_done.append(step)
            progress.report(step, 1000, f"step {step}")
            if step == 3:
                reached.set()
                while not progress.cancelled:  # wait for the user's Cancel (poll; no timed wait)
                    time.sleep(0.005)
        return "all done"

    op = long_job(window.ctx, work, initiator=None, write=False,
                  on_done=finished.append, on_progress=lambda *r: reports.append(r),
                  on_cancelled=lambda: finished.append("cancelled"))
    qtbot.waitUntil(reached.is_set, timeout=5000)
    qtbot.waitUntil(lambda: len(reports) >= 3, timeout=5000)
    assert reports[:3] == [(1, 1000, "step 1"), (2, 1000, "step 2"), (3, 1000, "step 3")]
    op.cancel()
    qtbot.waitUntil(lambda: bool(finished), timeout=5000)
    assert finished == ["cancelled"]
    assert steps_done == [1, 2, 3]  # stopped at the next safe point, not after the batch


def test_the_changes_are_found_in_what_a_service_returns() -> None:
    exam = Changes(entity="exam")
    assert changes_in(exam) is exam
    assert changes_in((exam, 3)) is exam
    assert changes_in(("x", 1)) is None
    assert changes_in(None) is None


def test_a_stale_read_is_dropped(qtbot: QtBot, window: MainWindow) -> None:
    release = threading.Event()
    results: list[str] = []

    def slow() -> str:
        while not release.is_set():
            time.sleep(0.005)
        return "old"

    old = read(window.ctx, slow, results.append)
    old.drop()
    read(window.ctx, lambda: "new", results.append)
    qtbot.waitUntil(lambda: results == ["new"], timeout=5000)
    release.set()
    window.ctx.reads.wait()
    qtbot.wait(20)
    assert results == ["new"]



def test_nothing_starts_once_the_runners_are_shut_down(qtbot: QtBot) -> None:
    from clinic_app.ui.tasks import TaskRunner

    runner = TaskRunner(serial=True)
    ran: list[str] = []
    runner.submit(lambda: ran.append("before"), lambda _result: None)
    runner.wait()
    qtbot.waitUntil(lambda: not runner.busy(), timeout=5000)
    runner.shutdown()  # the window is closing
    runner.submit(lambda: ran.append("after"), lambda _result: ran.append("reported"))
    runner.wait()
    qtbot.wait(20)
    assert ran == ["before"]  # a late request (the chart's opening audit) is not started
    assert not runner.busy()  # and nothing is left waiting to report
