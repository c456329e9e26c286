"""The practice's database waits: defaults, ranges, and the statement never shorter than the lock."""

from __future__ import annotations

import pytest

from clinic_app.domain.db_timeouts import SessionTimeouts


def test_defaults_are_five_and_thirty_seconds() -> None:
    assert SessionTimeouts().in_ms() == (5000, 30000)
    assert SessionTimeouts().problems() == {}


@pytest.mark.parametrize(
    ("lock", "statement", "field", "words"),
    [
        (0, 30, "lock_timeout_s", "from 1 to 120"),
        (121, 300, "lock_timeout_s", "from 1 to 120"),
        (5, 4, "statement_timeout_s", "from 5 to 3600"),
        (5, 3601, "statement_timeout_s", "from 5 to 3600"),
        (60, 30, "statement_timeout_s", "cannot be shorter than the wait for a lock"),
        (True, 30, "lock_timeout_s", "whole number of seconds"),
        (2.5, 30, "lock_timeout_s", "whole number of seconds"),
    ],
)
def test_values_out_of_range_are_named_in_plain_words(lock: object, statement: object, field: str,
                                                      words: str) -> None:
    problems = SessionTimeouts(lock, statement).problems()  # type: ignore[arg-type]
    assert list(problems) == [field]
    assert words in problems[field]


@pytest.mark.parametrize(("lock", "statement"), [(1, 5), (120, 3600), (10, 10)])
def test_values_at_the_edges_are_allowed(lock: int, statement: int) -> None:
    assert SessionTimeouts(lock, statement).problems() == {}


def test_stored_values_round_trip_and_bad_ones_are_refused() -> None:
    timeouts = SessionTimeouts(8, 45)
    assert SessionTimeouts.from_mapping(timeouts.to_mapping()) == timeouts
    assert SessionTimeouts.from_mapping({"lock_timeout_s": 9, "newer_key": 1}) == SessionTimeouts(9, 30)
    with pytest.raises(ValueError, match="from 1 to 120"):
        SessionTimeouts.from_mapping({"lock_timeout_s": 0})
