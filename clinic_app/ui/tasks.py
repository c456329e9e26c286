"""Run service calls off the GUI thread and deliver results back on it (one long-lived runner)."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

logger = logging.getLogger(__name__)

DoneCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


class _Job(QRunnable):
    def __init__(self, job_id: int, fn: Callable[[], Any], runner: TaskRunner) -> None:
        super().__init__()
        self._id = job_id
        self._fn = fn
        self._done = runner._done
        self._failed = runner._failed
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # noqa: BLE001 - every failure is reported to the GUI
            logger.debug("job %s failed:\n%s", self._id, traceback.format_exc())
            self._failed.emit(self._id, exc)
        else:
            self._done.emit(self._id, result)


class TaskRunner(QObject):
    """Submit callables to a thread pool; callbacks run on the GUI thread; stale jobs are dropped.

    Reads use the global pool. A writer runner uses a private one-thread pool, so writes are
    serialised as SQLite's single writer requires.
    """

    _done = Signal(int, object)
    _failed = Signal(int, object)
    #: Every submitted job has reported back (after its callback ran).
    idle = Signal()

    def __init__(self, parent: QObject | None = None, *, serial: bool = False) -> None:
        super().__init__(parent)
        if serial:
            self._pool = QThreadPool(self)
            self._pool.setMaxThreadCount(1)
        else:
            self._pool = QThreadPool.globalInstance()
        self._pending: dict[int, tuple[DoneCallback, ErrorCallback | None]] = {}
        self._next = 0
        self._closed = False
        self._done.connect(self._on_done)
        self._failed.connect(self._on_failed)
        self.on_unhandled: ErrorCallback | None = None

    def submit(self, fn: Callable[[], Any], on_done: DoneCallback,
               on_error: ErrorCallback | None = None) -> int:
        """Run ``fn`` in the pool; returns the job id.

        After ``shutdown()`` (the window is closing) nothing more is started: work asked for by a
        widget on its way out would otherwise run, unreported, while the window is deleted.
        """
        self._next += 1
        if self._closed:
            logger.debug("job %s not started: the runner is shut down", self._next)
            return self._next
        self._pending[self._next] = (on_done, on_error)
        self._pool.start(_Job(self._next, fn, self))
        return self._next

    def cancel(self, job_id: int | None) -> None:
        """Forget a job: its result, when it arrives, is dropped."""
        if job_id is not None:
            self._pending.pop(job_id, None)

    def busy(self) -> bool:
        """True while any submitted job has not reported back."""
        return bool(self._pending)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (tests and shutdown)."""
        return bool(self._pool.waitForDone(msecs))

    def shutdown(self) -> None:
        """Drop pending callbacks, start nothing more, and wait for running jobs to finish."""
        self._closed = True
        self._pending.clear()
        self._pool.waitForDone()

    def _on_done(self, job_id: int, result: object) -> None:
        callbacks = self._pending.pop(job_id, None)
        if callbacks is not None:
            callbacks[0](result)
            self._report_idle()

    def _on_failed(self, job_id: int, exc: BaseException) -> None:
        callbacks = self._pending.pop(job_id, None)
        if callbacks is None:
            return
        handler = callbacks[1] or self.on_unhandled
        if handler is not None:
            handler(exc)
        else:
            logger.error("unhandled background error: %r", exc)
        self._report_idle()

    def _report_idle(self) -> None:
        if not self._pending:
            self.idle.emit()
