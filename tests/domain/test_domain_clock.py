"""The one clock: a fixed clock stands still until moved, and 'today' is its local date."""

from __future__ import annotations

from datetime import UTC, date, datetime

from clinic_app.domain.clock import FixedClock, SystemClock


def test_fixed_clock_stands_still_until_moved() -> None:
    clock = FixedClock(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    assert clock.now() == clock.now() == datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    clock.advance(minutes=11)
    assert clock.now() == datetime(2026, 11, 25, 10, 11, tzinfo=UTC)
    clock.set(date(2027, 12, 1))
    assert clock.today() == date(2027, 12, 1)


def test_naive_times_are_taken_as_utc_and_now_is_always_aware() -> None:
    assert FixedClock(datetime(2026, 1, 2, 3, 4)).now().tzinfo is UTC
    assert SystemClock().now().tzinfo is UTC
