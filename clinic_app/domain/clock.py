"""One clock for the whole app: the services, the window and the tests all ask it the time.

Nothing else reads the wall clock, so a test (or a demo built for a given day) pins one
``FixedClock`` and every timestamp, "today" and age agrees with it, on any date.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Where the current time comes from."""

    def now(self) -> datetime:
        """The current time, aware, in UTC."""
        ...

    def today(self) -> date:
        """Today's date where the clinic is (the workstation's local date)."""
        ...


class SystemClock:
    """The workstation's real clock."""

    def now(self) -> datetime:
        """The current time, aware, in UTC."""
        return datetime.now(UTC)

    def today(self) -> date:
        """The local date."""
        return date.today()


class FixedClock:
    """A clock that stands still until moved: for tests, demos and reproducible documents."""

    def __init__(self, at: datetime | date) -> None:
        self._at = _aware(at)

    def now(self) -> datetime:
        """The pinned time."""
        return self._at

    def today(self) -> date:
        """The local date of the pinned time."""
        return self._at.astimezone().date()

    def set(self, at: datetime | date) -> None:
        """Move the clock to ``at``."""
        self._at = _aware(at)

    def advance(self, **delta: float) -> None:
        """Move the clock forward, e.g. ``advance(minutes=10)``."""
        self._at += timedelta(**delta)


def _aware(at: datetime | date) -> datetime:
    if isinstance(at, datetime):
        return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    # A bare date means mid-morning that day, local time: safely inside the day in any zone.
    return datetime(at.year, at.month, at.day, 10, 0).astimezone().astimezone(UTC)


SYSTEM_CLOCK = SystemClock()
