"""Run import rules: what counts as a run, moving time, climb, duplicates, weekly totals, coverage."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from clinic_app.domain.intake.record import (
    Intake,
    RunLog,
    Surface,
    WeekLoad,
    intake_from_data,
    intake_to_data,
)
from clinic_app.domain.intake.rules import load_picture
from clinic_app.domain.load.run_import import (
    Activity,
    ImportRow,
    RowStatus,
    SavedRun,
    classify,
    elevation_gain_m,
    fmt_pace,
    is_run,
    mark_duplicates,
    moving_seconds,
    same_run,
    timer_seconds,
)
from clinic_app.domain.load.run_import_load import (
    LOAD_CAVEAT,
    coverage_text,
    merge_runs,
    recent_spikes,
    watch_coverage,
)
from clinic_app.domain.load.training import SpikeBand
from tests.conftest import TODAY

START = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def act(sport: str = "running", km: float = 10.0, moving: float | None = 3000.0,
        elapsed: float | None = 3100.0, start: datetime = START, fmt: str = "fit",
        sub_sport: str = "") -> Activity:
    return Activity(fmt, start, sport, km, moving, elapsed, 50.0, 150, sub_sport, "timer")


@pytest.mark.parametrize(("sport", "sub_sport", "expected"), [
    ("running", "", True), ("Running", "", True), ("run", "", True), ("9", "", True),
    ("", "treadmill_running", True), ("generic", "trail_running", True),
    ("cycling", "", False), ("walking", "", False), ("Biking", "", False), ("hiking", "", False),
    ("", "", None), ("generic", "generic", None), ("Other", "", None),
])
def test_is_run_reads_fit_tcx_and_gpx_sport_names(sport: str, sub_sport: str, expected: bool | None) -> None:
    assert is_run(act(sport, sub_sport=sub_sport)) is expected


@pytest.mark.parametrize(("activity", "day", "status", "words"), [
    (act(), date(2026, 11, 20), RowStatus.NEW, ""),
    (act("cycling"), date(2026, 11, 20), RowStatus.NOT_A_RUN, "cycling"),
    (act("walking"), date(2026, 11, 20), RowStatus.NOT_A_RUN, "only runs count"),
    (act(""), date(2026, 11, 20), RowStatus.NEW, "counted as a run from its pace (5:00 /km)"),
    (act("", km=3.0, moving=3000), date(2026, 11, 20), RowStatus.NOT_A_RUN, "not a running pace"),
    (act("", moving=1000, elapsed=7000), date(2026, 11, 20), RowStatus.NOT_A_RUN, "moving for only 14%"),
    (act(km=0.05), date(2026, 11, 20), RowStatus.EXCLUDED, "too short"),
    (act(km=0.0), date(2026, 11, 20), RowStatus.EXCLUDED, "no distance"),
    (act(km=400), date(2026, 11, 20), RowStatus.EXCLUDED, "more than a run can be"),
    (act(), date(2026, 11, 26), RowStatus.EXCLUDED, "after today"),
    (act(moving=-50), date(2026, 11, 20), RowStatus.EXCLUDED, "run backwards"),
    (act(), date(2026, 1, 5), RowStatus.EXCLUDED, "before 2026-06-01"),
])
def test_classify_says_why_a_row_is_left_out(activity: Activity, day: date, status: RowStatus,
                                             words: str) -> None:
    got, reason = classify(activity, day, TODAY, date(2026, 6, 1))
    assert got == status
    assert words in reason


def test_moving_time_drops_stretches_slower_than_the_stopped_speed() -> None:
    times = [0, 10, 20, 80, 90]  # 60 s standing at a crossing between 20 and 80
    dist = [0, 30, 60, 62, 92]
    assert moving_seconds(times, dist) == 30


def test_timer_seconds_adds_the_running_stretches_between_start_and_stop() -> None:
    events = [(0.0, True), (600.0, False), (660.0, True)]
    assert timer_seconds(events, end_s=3030.0) == 600 + 2370
    assert timer_seconds([(5.0, False)], 100.0) is None


@pytest.mark.parametrize(("altitudes", "gain"), [
    ([100, 101, 100, 101, 100, 101], 0.0),  # GPS jitter below the 3 m hysteresis
    ([100, 110, 105, 120], 25.0),  # a 5 m dip is real: 10 + 15
    ([100, 150, 100, 150], 100.0),
    ([], None),
])
def test_elevation_gain_ignores_jitter(altitudes: list[float], gain: float | None) -> None:
    assert elevation_gain_m(altitudes) == gain


def test_same_run_needs_start_within_a_minute_and_distance_within_a_few_percent() -> None:
    assert same_run(START, 10.0, START + timedelta(seconds=59), 10.25)
    assert not same_run(START, 10.0, START + timedelta(seconds=61), 10.0)
    assert not same_run(START, 10.0, START, 10.6)


def test_duplicates_in_the_batch_keep_the_fit_file_and_saved_runs_are_skipped() -> None:
    rows = [ImportRow("a.gpx", act(fmt="gpx", km=10.05), RowStatus.NEW),
            ImportRow("a.fit", act(fmt="fit"), RowStatus.NEW),
            ImportRow("b.tcx", act(start=START - timedelta(days=2), fmt="tcx"), RowStatus.NEW),
            ImportRow("c.fit", act(start=START - timedelta(days=3), km=8.0), RowStatus.NEW)]
    days = {0: date(2026, 11, 20), 1: date(2026, 11, 20), 2: date(2026, 11, 18), 3: date(2026, 11, 17)}
    saved = [SavedRun(date(2026, 11, 18), 10.0, START - timedelta(days=2, seconds=20)),
             SavedRun(date(2026, 11, 17), 8.1)]  # typed by hand, no start time
    out = mark_duplicates(rows, saved, days)
    assert [r.status for r in out] == [RowStatus.DUPLICATE, RowStatus.NEW, RowStatus.DUPLICATE,
                                       RowStatus.DUPLICATE]
    assert out[0].reason == "the same run as a.fit"
    assert "already imported" in out[2].reason
    assert "typed by hand" in out[3].reason


def _run(day: date, km: float, source: str = "fit") -> RunLog:
    return RunLog(day, km, 50, None, 40, None, datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
                  150, source)


def test_merge_sets_weeks_with_new_runs_from_the_runs_and_keeps_other_typed_weeks() -> None:
    typed = Intake(weekly_history=(WeekLoad(date(2026, 11, 9), 30.0), WeekLoad(date(2026, 11, 16), 40.0)),
                   session_log=(RunLog(date(2026, 11, 17), 5.0),))
    merged = merge_runs(typed, [_run(date(2026, 11, 18), 10.0), _run(date(2026, 11, 20), 12.5)])
    weeks = {w.week_start: w for w in merged.intake.weekly_history}
    assert weeks[date(2026, 11, 9)].distance_km == 30.0  # untouched
    assert weeks[date(2026, 11, 16)] == WeekLoad(date(2026, 11, 16), 27.5, 100, 3)
    assert [(c.before_km, c.after_km) for c in merged.weeks] == [(40.0, 27.5)]
    assert [r.distance_km for r in merged.intake.session_log] == [5.0, 10.0, 12.5]


def test_coverage_counts_runs_weeks_and_weeks_without_watch_data() -> None:
    monday = date(2026, 10, 12)
    runs = []
    for week in (0, 2, 3, 5):  # weeks 1 and 4 without a watch run
        runs += [_run(monday + timedelta(weeks=week, days=d), 8.0) for d in (0, 2, 4)]
    coverage = watch_coverage(Intake(session_log=(*runs, RunLog(date(2026, 10, 20), 5.0))))
    assert coverage is not None
    text = coverage_text(coverage, TODAY)
    assert text.startswith("Based on 12 runs from watch files over 6 weeks (12 Oct 2026 – 22 Nov 2026)")
    assert "2 weeks had no watch data (weeks of 19 Oct, 9 Nov)" in text
    assert "No watch data for the last week:" in text
    assert LOAD_CAVEAT == "These are monitoring aids, not risk predictions."


def test_recent_spikes_use_the_intake_spike_rule() -> None:
    runs = [_run(date(2026, 11, 1), 12.0), _run(date(2026, 11, 20), 16.0), _run(date(2026, 11, 22), 8.0)]
    spikes = recent_spikes(runs, TODAY)
    assert [(s.date, round(s.pct, 1), s.band) for s in spikes] == [
        (date(2026, 11, 20), 33.3, SpikeBand.MODERATE)]


def test_imported_runs_feed_the_existing_acwr() -> None:
    runs = [_run(date(2026, 10, 19) + timedelta(weeks=w), km)
            for w, km in enumerate([30, 32, 34, 30, 32, 35])]
    picture = load_picture(merge_runs(Intake(), runs).intake)
    assert picture.acwr is not None
    assert "ACWR 1.09" in picture.acwr.explanation


def test_import_details_survive_the_json_form_and_typed_runs_read_back_unchanged() -> None:
    run = _run(date(2026, 11, 20), 10.0)
    intake = Intake(session_log=(run, RunLog(date(2026, 11, 21), 5.0, surface=Surface.TRAIL)))
    data = json.loads(json.dumps(intake_to_data(intake)))
    assert intake_from_data(data) == intake
    assert set(data["session_log"][1]) == {"date", "distance_km", "duration_min", "surface",
                                           "elevation_gain_m", "rpe"}
    assert data["session_log"][0]["started_at"] == "2026-11-20T12:00:00+00:00"


def test_pace_format() -> None:
    assert fmt_pace(330) == "5:30 /km"
    assert fmt_pace(None) == ""
