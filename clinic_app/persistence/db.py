"""Engine and session factories: SQLite pragmas, write transactions and PostgreSQL in one place."""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from clinic_app.domain.clock import SYSTEM_CLOCK, Clock
from clinic_app.persistence.base import CLOCK_OPTION
from clinic_app.persistence.conflicts import (
    Target,
    busy_error,
    classify,
    conflict_for,
    remember_pending,
    targets,
)
from clinic_app.persistence.health import disk_full
from clinic_app.persistence.location import check_sqlite_location
from clinic_app.persistence.text_guard import refuse_unstorable_text

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
LOCK_TIMEOUT_MS = 5_000
"""PostgreSQL: how long a statement waits for a row or table lock before the record is "busy"."""
STATEMENT_TIMEOUT_MS = 30_000
"""PostgreSQL: the longest any one statement may run."""
_WRITE_OPTION = "stride_clinic_write"
_SHARED_READ: ContextVar[tuple[Database, Session] | None] = ContextVar("stride_clinic_read",
                                                                       default=None)
_APPLIED = "stride_clinic_timeouts"

GuardMode = Literal["off", "warn", "raise"]


class _Timeouts:
    """An engine's current lock and statement timeouts (ms); connections follow changes."""

    def __init__(self) -> None:
        self.values = (int(LOCK_TIMEOUT_MS), int(STATEMENT_TIMEOUT_MS))


_TIMEOUTS: weakref.WeakKeyDictionary[Engine, _Timeouts] = weakref.WeakKeyDictionary()


def sqlite_path(url: str) -> Path | None:
    """Return the file behind an SQLite URL, or ``None`` for other backends and memory DBs."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" event emits BEGIN itself
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=" + str(BUSY_TIMEOUT_MS))
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def _sqlite_on_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get(_WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str, *, check_location: bool = True) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys, FULL sync, a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            if check_location:
                check_sqlite_location(path)
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    engine = create_engine(parsed, pool_pre_ping=True)
    if engine.dialect.name == "postgresql":
        timeouts = _TIMEOUTS[engine] = _Timeouts()
        event.listen(engine, "connect", partial(_postgres_on_connect, timeouts))
        event.listen(engine, "checkout", partial(_postgres_on_checkout, timeouts))
    return engine


def _postgres_on_connect(timeouts: _Timeouts, dbapi_conn: Any, record: Any) -> None:
    """Bound every wait: a save behind a row lock, or a search behind a table lock, gives up."""
    lock_ms, statement_ms = timeouts.values
    autocommit = dbapi_conn.autocommit
    dbapi_conn.autocommit = True
    with dbapi_conn.cursor() as cur:
        cur.execute("SELECT set_config('lock_timeout', %s, false), "
                    "set_config('statement_timeout', %s, false)",
                    (f"{lock_ms}ms", f"{statement_ms}ms"))
    dbapi_conn.autocommit = autocommit
    record.info[_APPLIED] = (lock_ms, statement_ms)


def _postgres_on_checkout(timeouts: _Timeouts, dbapi_conn: Any, record: Any, _proxy: Any) -> None:
    """A pooled connection opened before the practice changed its timeouts takes the new ones."""
    if record.info.get(_APPLIED) != timeouts.values:
        _postgres_on_connect(timeouts, dbapi_conn, record)


READ_ONLY = "read_only"
"""``Session.info`` key set on read sessions: what a read looks up may be kept for its lifetime."""


class Database:
    """The engine plus two session factories: reads, and writes that take the write lock first."""

    def __init__(self, engine: Engine, clock: Clock = SYSTEM_CLOCK) -> None:
        self.engine = engine
        self.clock = clock
        timed = engine.execution_options(**{CLOCK_OPTION: clock})
        self.read_sessions = sessionmaker(timed, expire_on_commit=False,
                                          info={READ_ONLY: True})
        self.write_sessions = sessionmaker(
            timed.execution_options(**{_WRITE_OPTION: True}), expire_on_commit=False
        )
        event.listen(self.write_sessions, "before_flush", remember_pending)
        event.listen(self.write_sessions, "before_flush", refuse_unstorable_text)
        self._guard: GuardMode = "off"
        self._guard_exempt: Callable[[], bool] | None = None
        self._guard_warned = False
        self._guard_allowed = 0

    def guard_main_thread(self, mode: GuardMode, *, exempt: Callable[[], bool] | None = None
                          ) -> None:
        """Watch for sessions opened on the Python main thread (the Qt GUI thread).

        ``"raise"`` (tests): opening one raises ``RuntimeError``; ``"warn"`` (the running app):
        the first one is logged with its stack; ``"off"`` (start-up, command line, tests' own
        set-up): allowed. The window arms it once sign-in is over, so every service call it
        makes afterwards must go through ``clinic_app.ui.operations`` (a worker thread).
        ``exempt`` (tests) returns True for a main-thread session the guard should let through:
        a test setting up data, as opposed to the window's own code.
        """
        if mode not in ("off", "warn", "raise"):
            raise ValueError(f"unknown guard mode {mode!r}")
        self._guard = mode
        self._guard_exempt = exempt
        self._guard_warned = False

    @property
    def guard_mode(self) -> GuardMode:
        """How sessions opened on the main thread are treated (``guard_main_thread``)."""
        return self._guard

    @contextmanager
    def main_thread_allowed(self) -> Iterator[None]:
        """Let the main thread open sessions inside this block, whatever the guard says.

        Only for the few steps where nothing else runs: deciding between first run and sign-in
        at start-up, and swapping in a restored database while every worker is stopped.
        """
        self._guard_allowed += 1
        try:
            yield
        finally:
            self._guard_allowed -= 1

    def _check_thread(self) -> None:
        if self._guard == "off" or self._guard_allowed \
                or threading.current_thread() is not threading.main_thread():
            return
        if self._guard_exempt is not None and self._guard_exempt():
            return
        message = ("database session opened on the GUI thread; run service calls through "
                   "clinic_app.ui.operations (write, read, long_job)")
        if self._guard == "raise":
            raise RuntimeError(message)
        if not self._guard_warned:
            self._guard_warned = True
            logger.warning(message, stack_info=True)

    @classmethod
    def from_url(cls, url: str, clock: Clock = SYSTEM_CLOCK) -> Database:
        """Create the engine for ``url`` and wrap it; every timestamp comes from ``clock``."""
        return cls(make_engine(url), clock)

    @property
    def session_timeouts(self) -> tuple[int, int] | None:
        """PostgreSQL: ``(lock_timeout, statement_timeout)`` in ms every session uses; else None."""
        timeouts = _TIMEOUTS.get(self.engine)
        return timeouts.values if timeouts is not None else None

    def set_session_timeouts(self, lock_ms: int, statement_ms: int) -> None:
        """Change how long sessions wait for a lock and run a statement (PostgreSQL only).

        New connections start with these values and pooled ones take them at their next use.
        """
        timeouts = _TIMEOUTS.get(self.engine)
        if timeouts is not None:
            timeouts.values = (int(lock_ms), int(statement_ms))

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads; nothing is committed.

        Inside ``one_read()`` on the same thread this is that block's session.
        """
        shared = _SHARED_READ.get()
        if shared is not None and shared[0] is self:
            yield shared[1]
            return
        self._check_thread()
        try:
            with self.read_sessions() as session:
                yield session
        except Exception as exc:
            if classify(exc) == "busy":
                raise busy_error() from exc
            raise

    @contextmanager
    def one_read(self) -> Iterator[None]:
        """Let several services' reads share one session: one connection, one snapshot.

        A screen that shows what three services read (the chart: details, visits and summary)
        reads them in one transaction and without a connection checkout each. Only reads share
        it: ``writing()`` always opens its own transaction. The scope is the calling thread's.
        """
        shared = _SHARED_READ.get()
        if shared is not None and shared[0] is self:
            yield
            return
        with self.reading() as session:
            token = _SHARED_READ.set((self, session))
            try:
                yield
            finally:
                _SHARED_READ.reset(token)

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error.

        Two workstations saving at once end here as ``ConflictError`` naming who saved the record
        last and when, or ``RecordBusy`` after a lock timeout (``persistence.conflicts``).
        """
        self._check_thread()
        found: list[Target] = []
        try:
            with self.write_sessions.begin() as session:
                try:
                    yield session
                    session.flush()
                except Exception as exc:
                    if classify(exc) == "conflict":
                        found = targets(session, exc)
                    raise
        except Exception as exc:
            full = disk_full(exc, sqlite_path(str(self.engine.url)))
            if full is not None:
                raise full from exc  # the editor keeps the text; the user frees space, saves again
            kind = classify(exc)
            if kind == "busy":
                raise busy_error() from exc
            if kind == "conflict":
                with self.read_sessions() as fresh:
                    conflict = conflict_for(fresh, found)
                raise conflict from exc
            raise

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
