"""One background operation: a write or a long job, with one path for success, failure, progress,
cancel and the change it published.

Every write and every long job in the window goes through ``Operation``:

- the work runs on a runner (``ctx.writes``, the one serial writer, or ``ctx.reads``), never on
  the GUI thread;
- a write's ``Changes`` are published on the change bus *with its initiator* before the success
  callback runs, so the view that saved skips its own change and applies the returned version
  instead of reloading;
- a long job is handed a ``Progress``: it reports how far it got and checks for Cancel at safe
  points (``progress.check()`` raises ``Cancelled``); the GUI thread receives the reports;
- failures reach one callback; an operation nobody handles is logged, never lost.

Use the helpers ``write``, ``read`` and ``long_job`` rather than building one by hand.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

from clinic_app.services.context import Changes
from clinic_app.ui.context import UiContext
from clinic_app.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

T = TypeVar("T")


class Cancelled(Exception):
    """The user cancelled a long job; it stopped at a safe point and kept what it had finished."""


class _Relay(QObject):
    """Lives on the GUI thread: progress reported from a worker arrives here, queued."""

    progressed = Signal(int, int, str)

    def __init__(self, deliver: Callable[[int, int, str], None]) -> None:
        super().__init__()
        self._deliver = deliver
        self.progressed.connect(self._on_progress)

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        self._deliver(done, total, text)


class Progress:
    """What a long job is handed: report how far it got, and see whether the user cancelled."""

    def __init__(self, relay: _Relay, cancel_flag: threading.Event) -> None:
        self._relay = relay
        self._cancel = cancel_flag

    def report(self, done: int, total: int, text: str = "") -> None:
        """``done`` of ``total`` steps are finished (``text`` says what is being done now)."""
        self._relay.progressed.emit(done, total, text)

    @property
    def cancelled(self) -> bool:
        """True once the user asked to stop."""
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` at a safe point when the user asked to stop."""
        if self._cancel.is_set():
            raise Cancelled


def changes_in(result: object) -> Changes | None:
    """The ``Changes`` a service call returned: the result itself, the first item of a tuple, or
    its ``changes`` attribute."""
    if isinstance(result, Changes):
        return result
    if isinstance(result, tuple) and result and isinstance(result[0], Changes):
        return result[0]
    changes = getattr(result, "changes", None)
    return changes if isinstance(changes, Changes) else None


class Operation(Generic[T]):
    """One piece of work off the GUI thread, reported back on it exactly once.

    ``initiator`` is the view (or dialog) that asked for the work: the published change names it,
    so that view can skip its own change. Callbacks run on the GUI thread.
    """

    def __init__(self, ctx: UiContext, work: Callable[[Progress], T], *, write: bool,
                 initiator: object | None,
                 on_done: Callable[[T], None] | None = None,
                 on_failed: Callable[[BaseException], None] | None = None,
                 on_progress: Callable[[int, int, str], None] | None = None,
                 on_cancelled: Callable[[], None] | None = None,
                 publish: bool = True) -> None:
        self._ctx = ctx
        self._work = work
        self.write = write
        self.initiator = initiator
        self._on_done = on_done
        self._on_failed = on_failed
        self._on_progress = on_progress
        self._on_cancelled = on_cancelled
        self._publish = publish and write
        self._cancel = threading.Event()
        self._relay = _Relay(self._progressed)
        self._job: int | None = None
        self.running = False
        #: The last progress report: (done, total, text).
        self.last_progress: tuple[int, int, str] | None = None

    @property
    def runner(self) -> TaskRunner:
        """The serial writer for writes, the read pool otherwise."""
        return self._ctx.writes if self.write else self._ctx.reads

    def start(self) -> Operation[T]:
        """Submit the work; returns ``self`` so a caller can keep it for Cancel."""
        progress = Progress(self._relay, self._cancel)
        work = self._work
        self.running = True
        self._job = self.runner.submit(lambda: work(progress), self._done, self._failed)
        return self

    def cancel(self) -> None:
        """Ask a long job to stop at its next safe point (its ``on_cancelled`` then runs)."""
        self._cancel.set()

    def drop(self) -> None:
        """Forget the result of work no longer wanted (a newer read replaced it)."""
        self.runner.cancel(self._job)
        self.running = False

    @property
    def cancel_requested(self) -> bool:
        """True once Cancel was asked for."""
        return self._cancel.is_set()

    def _progressed(self, done: int, total: int, text: str) -> None:
        self.last_progress = (done, total, text)
        if self._on_progress is not None and self.running:
            self._on_progress(done, total, text)

    def _done(self, result: Any) -> None:
        self.running = False
        if self._publish:
            changes = changes_in(result)
            if changes is not None:
                self._ctx.bus.publish(changes, self.initiator)
        if self._on_done is not None:
            self._on_done(result)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        if isinstance(exc, Cancelled):
            if self._on_cancelled is not None:
                self._on_cancelled()
            return
        if self._on_failed is not None:
            self._on_failed(exc)
        elif self.runner.on_unhandled is not None:
            self.runner.on_unhandled(exc)
        else:
            logger.error("background operation failed: %r", exc)


def write(ctx: UiContext, call: Callable[[], T], *, initiator: object | None,
          on_done: Callable[[T], None] | None = None,
          on_failed: Callable[[BaseException], None] | None = None,
          publish: bool = True) -> Operation[T]:
    """Run one service write on the serial writer and publish its ``Changes`` as ``initiator``'s."""
    return Operation(ctx, lambda _progress: call(), write=True, initiator=initiator,
                     on_done=on_done, on_failed=on_failed, publish=publish).start()


def read(ctx: UiContext, call: Callable[[], T], on_done: Callable[[T], None],
         on_failed: Callable[[BaseException], None] | None = None) -> Operation[T]:
    """Run one service read in the read pool; ``drop()`` the operation when a newer one replaces it."""
    return Operation(ctx, lambda _progress: call(), write=False, initiator=None,
                     on_done=on_done, on_failed=on_failed).start()


def long_job(ctx: UiContext, work: Callable[[Progress], T], *, initiator: object | None,
             write: bool, on_done: Callable[[T], None],
             on_failed: Callable[[BaseException], None] | None = None,
             on_progress: Callable[[int, int, str], None] | None = None,
             on_cancelled: Callable[[], None] | None = None) -> Operation[T]:
    """Run a long job (a batch, an import, a backup) with progress and Cancel."""
    return Operation(ctx, work, write=write, initiator=initiator, on_done=on_done,
                     on_failed=on_failed, on_progress=on_progress,
                     on_cancelled=on_cancelled).start()
