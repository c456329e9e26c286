"""Count the SELECT statements a window runs after a save's transaction committed."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event


class SelectsAfterCommit:
    """SELECTs executed on ``engine`` after the first COMMIT seen since counting started."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.committed = False
        self.statements: list[str] = []

    def _commit(self, _conn: Any) -> None:
        with self._lock:
            self.committed = True

    def _execute(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        with self._lock:
            if self.committed and statement.lstrip().upper().startswith("SELECT"):
                self.statements.append(statement)

    @property
    def count(self) -> int:
        """How many SELECTs ran after the commit."""
        with self._lock:
            return len(self.statements)


@contextmanager
def selects_after_commit(engine: Engine) -> Iterator[SelectsAfterCommit]:
    """Count, while the block runs, the reads that follow the first commit (the save's)."""
    counter = SelectsAfterCommit()
    event.listen(engine, "commit", counter._commit)
    event.listen(engine, "before_cursor_execute", counter._execute)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", counter._execute)
        event.remove(engine, "commit", counter._commit)
