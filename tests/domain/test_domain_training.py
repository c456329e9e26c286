"""Training-load metrics against the CLINICAL.md vectors (section 1.2) and helpers."""

from __future__ import annotations

import datetime as dt

import pytest

from clinic_app.domain.load.training import (
    AcwrBand,
    DistanceUnit,
    RunSession,
    ShoeStatus,
    SpikeBand,
    SymptomDuration,
    WeekTotal,
    acwr_band,
    acwr_coupled,
    acwr_uncoupled,
    format_distance,
    km_to_miles,
    longest_run_previous_30d,
    miles_to_km,
    session_spike_pct,
    shoe_status,
    spike_band,
    symptom_duration,
    week_over_week_change_pct,
    week_start,
    weekly_totals,
)
from clinic_app.domain.settings import ClinicalSettings


def test_acwr_vector() -> None:
    weeks = [30, 32, 35, 40]
    assert acwr_coupled(weeks) == pytest.approx(40 / 34.25)
    assert round(acwr_coupled(weeks) or 0, 3) == 1.168
    assert acwr_uncoupled(weeks) == pytest.approx(40 / (97 / 3))
    assert round(acwr_uncoupled(weeks) or 0, 3) == 1.237


def test_acwr_uses_the_last_four_weeks_only() -> None:
    assert acwr_coupled([100, 30, 32, 35, 40]) == pytest.approx(1.168, abs=5e-4)
    assert acwr_uncoupled([0, 0, 30, 32, 35, 40]) == pytest.approx(1.237, abs=5e-4)


@pytest.mark.parametrize("weeks", [[], [10], [10, 20, 30], [0, 0, 0, 0]])
def test_acwr_none_with_too_few_weeks_or_zero_chronic(weeks: list[float]) -> None:
    assert acwr_coupled(weeks) is None
    assert acwr_uncoupled(weeks) is None


def test_acwr_uncoupled_none_when_previous_three_weeks_are_zero() -> None:
    assert acwr_uncoupled([0, 0, 0, 10]) is None
    assert acwr_coupled([0, 0, 0, 10]) == pytest.approx(4.0)


def test_spike_vector() -> None:
    pct = session_spike_pct(16, 12)
    assert pct == pytest.approx(33.333, abs=1e-3)
    assert spike_band(pct or 0) == SpikeBand.MODERATE
    assert session_spike_pct(10, 0) is None


@pytest.mark.parametrize(
    ("pct", "band"),
    [
        (-50, SpikeBand.WITHIN),
        (0, SpikeBand.WITHIN),
        (10, SpikeBand.WITHIN),
        (10.01, SpikeBand.SMALL),
        (30, SpikeBand.SMALL),
        (30.5, SpikeBand.MODERATE),
        (100, SpikeBand.MODERATE),
        (100.1, SpikeBand.LARGE),
    ],
)
def test_spike_band_edges(pct: float, band: SpikeBand) -> None:
    assert spike_band(pct) == band


@pytest.mark.parametrize(
    ("ratio", "band"),
    [
        (0.5, AcwrBand.BELOW),
        (0.79, AcwrBand.BELOW),
        (0.8, AcwrBand.SWEET_SPOT),
        (1.3, AcwrBand.SWEET_SPOT),
        (1.31, AcwrBand.ELEVATED),
        (1.5, AcwrBand.ELEVATED),
        (1.51, AcwrBand.SPIKE),
    ],
)
def test_acwr_band(ratio: float, band: AcwrBand) -> None:
    assert acwr_band(ratio) == band


def test_week_over_week_change() -> None:
    assert week_over_week_change_pct(40, 32) == pytest.approx(25.0)
    assert week_over_week_change_pct(20, 40) == pytest.approx(-50.0)
    assert week_over_week_change_pct(10, 0) is None


def test_weekly_totals_start_on_monday_and_fill_gaps() -> None:
    sessions = [
        RunSession(dt.date(2026, 11, 2), 10),  # Monday
        RunSession(dt.date(2026, 11, 8), 5.5),  # Sunday, same week
        RunSession(dt.date(2026, 11, 9), 8),  # next Monday
        RunSession(dt.date(2026, 11, 25), 6),  # Wednesday two weeks later
    ]
    totals = weekly_totals(sessions)
    assert totals == [
        WeekTotal(dt.date(2026, 11, 2), 15.5, 2),
        WeekTotal(dt.date(2026, 11, 9), 8, 1),
        WeekTotal(dt.date(2026, 11, 16), 0.0, 0),
        WeekTotal(dt.date(2026, 11, 23), 6, 1),
    ]
    extended = weekly_totals(sessions, through=dt.date(2026, 12, 3))
    assert extended[-1] == WeekTotal(dt.date(2026, 11, 30), 0.0, 0)
    assert weekly_totals([]) == []
    assert week_start(dt.date(2026, 11, 29)) == dt.date(2026, 11, 23)


def test_longest_run_previous_30_days_excludes_the_day_itself() -> None:
    day = dt.date(2026, 11, 25)
    sessions = [
        RunSession(day, 20),
        RunSession(day - dt.timedelta(days=1), 12),
        RunSession(day - dt.timedelta(days=30), 14),
        RunSession(day - dt.timedelta(days=31), 30),
    ]
    assert longest_run_previous_30d(sessions, day) == 14
    assert longest_run_previous_30d([], day) == 0.0


@pytest.mark.parametrize(
    ("km", "status"),
    [
        (0, ShoeStatus.OK),
        (479.9, ShoeStatus.OK),
        (480, ShoeStatus.APPROACHING),
        (799, ShoeStatus.APPROACHING),
        (800, ShoeStatus.REPLACE),
        (1200, ShoeStatus.REPLACE),
    ],
)
def test_shoe_status(km: float, status: ShoeStatus) -> None:
    assert shoe_status(km) == status


def test_shoe_range_is_configurable() -> None:
    cfg = ClinicalSettings(shoe_replace_min_km=300, shoe_replace_max_km=500)
    assert shoe_status(400, cfg) == ShoeStatus.APPROACHING
    assert shoe_status(500, cfg) == ShoeStatus.REPLACE


@pytest.mark.parametrize(
    ("days", "duration"),
    [
        (0, SymptomDuration.ACUTE),
        (41, SymptomDuration.ACUTE),
        (42, SymptomDuration.SUBACUTE),
        (84, SymptomDuration.SUBACUTE),
        (85, SymptomDuration.CHRONIC),
        (400, SymptomDuration.CHRONIC),
    ],
)
def test_symptom_duration(days: int, duration: SymptomDuration) -> None:
    ref = dt.date(2026, 11, 25)
    assert symptom_duration(ref - dt.timedelta(days=days), ref) == duration


def test_km_miles_conversion() -> None:
    assert km_to_miles(1.609344) == pytest.approx(1.0)
    assert miles_to_km(300) == pytest.approx(482.8032)
    assert miles_to_km(km_to_miles(42.195)) == pytest.approx(42.195)
    assert format_distance(16, DistanceUnit.MI) == "9.9 mi"
    assert format_distance(16) == "16.0 km"
