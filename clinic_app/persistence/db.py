"""Engine and session factories: SQLite pragmas, write transactions and PostgreSQL in one place."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from clinic_app.domain.clock import SYSTEM_CLOCK, Clock
from clinic_app.persistence.base import CLOCK_OPTION
from clinic_app.persistence.location import check_sqlite_location

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
_WRITE_OPTION = "stride_clinic_write"


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
    return create_engine(parsed, pool_pre_ping=True)


class Database:
    """The engine plus two session factories: reads, and writes that take the write lock first."""

    def __init__(self, engine: Engine, clock: Clock = SYSTEM_CLOCK) -> None:
        self.engine = engine
        self.clock = clock
        timed = engine.execution_options(**{CLOCK_OPTION: clock})
        self.read_sessions = sessionmaker(timed, expire_on_commit=False)
        self.write_sessions = sessionmaker(
            timed.execution_options(**{_WRITE_OPTION: True}), expire_on_commit=False
        )

    @classmethod
    def from_url(cls, url: str, clock: Clock = SYSTEM_CLOCK) -> Database:
        """Create the engine for ``url`` and wrap it; every timestamp comes from ``clock``."""
        return cls(make_engine(url), clock)

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads; nothing is committed."""
        with self.read_sessions() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error."""
        with self.write_sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
