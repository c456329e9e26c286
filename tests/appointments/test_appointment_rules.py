"""The appointment book's pure rules: lengths, statuses, overlaps, working hours."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from clinic_app.domain.appointments import (
    DEFAULT_MINUTES,
    AppointmentStatus,
    AppointmentType,
    Span,
    WorkingHours,
    length_problem,
    may_move_to,
    overlaps,
    snap_minutes,
)

S = AppointmentStatus
MONDAY = datetime(2026, 11, 23)  # a Monday


def test_default_lengths_per_type() -> None:
    assert DEFAULT_MINUTES == {AppointmentType.INITIAL: 60, AppointmentType.FOLLOW_UP: 30,
                               AppointmentType.RTR_REVIEW: 30}


@pytest.mark.parametrize(("minutes", "ok"), [(5, True), (30, True), (240, True), (0, False),
                                             (245, False), (33, False), (-30, False)])
def test_lengths_are_five_minute_steps_up_to_four_hours(minutes: int, ok: bool) -> None:
    assert (length_problem(minutes) is None) is ok


@pytest.mark.parametrize(("value", "snapped"), [(0, 0), (2, 0), (3, 5), (29, 30), (61, 60)])
def test_snap_to_five_minutes(value: float, snapped: int) -> None:
    assert snap_minutes(value) == snapped


@pytest.mark.parametrize(("current", "new", "allowed"), [
    (S.BOOKED, S.ARRIVED, True), (S.BOOKED, S.IN_SESSION, True), (S.BOOKED, S.CANCELLED, True),
    (S.BOOKED, S.DID_NOT_ATTEND, True), (S.BOOKED, S.DONE, False),
    (S.ARRIVED, S.IN_SESSION, True), (S.ARRIVED, S.BOOKED, True), (S.ARRIVED, S.DID_NOT_ATTEND, False),
    (S.IN_SESSION, S.DONE, True), (S.IN_SESSION, S.CANCELLED, False),
    (S.DONE, S.BOOKED, False), (S.CANCELLED, S.BOOKED, False), (S.DID_NOT_ATTEND, S.BOOKED, True),
])
def test_status_moves(current: S, new: S, allowed: bool) -> None:
    assert may_move_to(current, new) is allowed


@pytest.mark.parametrize(("a", "am", "b", "bm", "expected"), [
    (9 * 60, 30, 9 * 60 + 30, 30, False),   # touching ends
    (9 * 60, 60, 9 * 60 + 30, 30, True),    # inside
    (9 * 60 + 15, 30, 9 * 60, 30, True),    # partial
    (10 * 60, 30, 9 * 60, 30, False),
])
def test_overlaps(a: int, am: int, b: int, bm: int, expected: bool) -> None:
    def t(minutes: int) -> datetime:
        return MONDAY.replace(hour=minutes // 60, minute=minutes % 60)
    assert overlaps(t(a), am, t(b), bm) is expected


@pytest.mark.parametrize(("hour", "minute", "length", "problem"), [
    (8, 0, 60, None),
    (7, 30, 60, "Outside the clinician's working hours (08:00–18:00)."),
    (17, 30, 60, "Outside the clinician's working hours (08:00–18:00)."),
    (12, 15, 30, "During the clinician's break (12:30–13:00)."),
    (13, 0, 30, None),
])
def test_default_hours_weekdays_with_a_lunch_break(hour: int, minute: int, length: int,
                                                   problem: str | None) -> None:
    assert WorkingHours().problem(MONDAY.replace(hour=hour, minute=minute), length) == problem


def test_weekend_is_a_day_off_by_default() -> None:
    saturday = datetime(2026, 11, 28, 10)
    assert WorkingHours().problem(saturday, 30) == "The clinician does not work on this day."


def test_hours_round_trip_and_parse_errors() -> None:
    hours, errors = WorkingHours.parse(["08:00-12:00, 13:00-17:00"] * 5 + ["", ""],
                                       ["10:30-10:45"] + [""] * 6)
    assert errors == {} and hours is not None
    assert WorkingHours.from_json(hours.to_json()) == hours
    assert hours.problem(MONDAY.replace(hour=12, minute=30), 30) is not None
    assert hours.problem(MONDAY.replace(hour=10, minute=30), 30) == \
        "During the clinician's break (10:30–10:45)."
    assert hours.day_bounds(0) == (time(8), time(17))
    assert hours.day_bounds(6) is None
    assert hours.as_text()[0][0] == "08:00-12:00, 13:00-17:00"
    bad, errors = WorkingHours.parse(["9-5"] + [""] * 6, [""] * 7)
    assert bad is None and set(errors) == {"hours_0"}
    _, errors = WorkingHours.parse(["18:00-08:00"] + [""] * 6, [""] * 7)
    assert set(errors) == {"hours_0"}


def test_span_edges() -> None:
    span = Span(time(9), time(10))
    assert span.contains(time(9), time(10))
    assert not span.overlaps(time(10), time(11))
