"""Cadence and running form in plain words: the runner's own pace, the 5-10% step-rate figure only
with overstriding [S32], never a fixed target."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from clinic_app.domain.intake.record import (
    CadenceSource,
    FootStrike,
    Intake,
    RunLog,
    RunningForm,
    WeekLoad,
    intake_from_data,
    intake_to_data,
)
from clinic_app.domain.intake.rules import intake_summary, validate_intake
from clinic_app.domain.intake.running_form import (
    average_pace,
    cadence_finding,
    cadence_phrase,
    format_pace,
    step_rate_suggestion,
)
from tests.conftest import TODAY

MONDAY = date(2026, 10, 26)
HISTORY = tuple(WeekLoad(MONDAY + timedelta(weeks=i), 30.0, 180) for i in range(4))  # 6:00 min/km


# (cadence, source, overstriding, history, verdict, level, must contain, must not contain)
CASES = [
    (160, CadenceSource.COUNTED, True, HISTORY, "consider_step_rate", "caution",
     "a 5–10% higher step rate (about 168–176 steps/min)", ""),
    (170, CadenceSource.WATCH, False, HISTORY, "no_change_suggested", "info",
     "No overstriding noted: nothing here suggests changing cadence", "5–10%"),
    (170, CadenceSource.WATCH, None, (), "form_not_assessed", "info",
     "Running form not assessed: watch the runner", "5–10%"),
    (None, None, True, HISTORY, "not_recorded", "caution", "Overstriding noted but cadence not recorded", ""),
    (180, None, None, HISTORY, "form_not_assessed", "info", "(source not recorded)", ""),
]


@pytest.mark.parametrize(("cadence", "source", "overstriding", "history", "verdict", "level", "text",
                          "absent"), CASES)
def test_cadence_is_read_against_the_runners_own_pace_and_form(
        cadence: int | None, source: CadenceSource | None, overstriding: bool | None,
        history: tuple[WeekLoad, ...], verdict: str, level: str, text: str, absent: str) -> None:
    intake = Intake(cadence_spm=cadence, cadence_source=source, weekly_history=history,
                    running_form=RunningForm(overstriding=overstriding))
    finding = cadence_finding(intake)
    assert finding is not None
    assert finding.verdict == verdict and finding.level == level
    assert text in finding.explanation
    if absent:
        assert absent not in finding.explanation
    if cadence is not None:
        assert "there is no cadence target for low back pain" in finding.explanation
    if history and cadence is not None:
        assert "at the runner's average pace of 6:00 min/km" in finding.explanation
    assert finding.source.startswith("Heiderscheit 2011")


def test_nothing_recorded_gives_no_cadence_line() -> None:
    assert cadence_finding(Intake()) is None


def test_estimated_cadence_asks_for_a_count() -> None:
    finding = cadence_finding(Intake(cadence_spm=165, cadence_source=CadenceSource.ESTIMATED))
    assert finding is not None and any("estimated" in n for n in finding.notes)


def test_form_notes_and_foot_strike_are_shown_as_inputs() -> None:
    finding = cadence_finding(Intake(cadence_spm=165, running_form=RunningForm(
        False, FootStrike.HEEL, "Crosses midline on the left")))
    assert finding is not None
    assert finding.inputs["Foot strike"] == "heel"
    assert finding.inputs["Form notes"] == "Crosses midline on the left"


@pytest.mark.parametrize(("cadence", "low", "high"), [(160, 168, 176), (150, 158, 165), (172, 181, 189)])
def test_step_rate_suggestion_is_five_to_ten_percent_of_the_runners_own(cadence: int, low: int,
                                                                        high: int) -> None:
    s = step_rate_suggestion(cadence)
    assert (s.current, s.low, s.high) == (cadence, low, high)


def test_pace_comes_from_history_then_runs() -> None:
    assert average_pace(Intake(weekly_history=HISTORY)) == pytest.approx(6.0)
    runs = (RunLog(TODAY - timedelta(days=2), 10.0, 55), RunLog(TODAY - timedelta(days=5), 5.0, 30))
    assert average_pace(Intake(session_log=runs)) == pytest.approx(85 / 15)
    assert average_pace(Intake(weekly_history=(WeekLoad(MONDAY, 30.0),))) is None
    assert format_pace(6.0) == "6:00 min/km" and format_pace(6.0, "mi") == "9:39 min/mi"


def test_summary_mentions_cadence_and_overstriding() -> None:
    intake = Intake(runs_per_week=4, cadence_spm=158, running_form=RunningForm(overstriding=True))
    assert cadence_phrase(intake) == "cadence 158 steps/min, overstriding noted"
    summary = intake_summary(intake, 41, "", "red flags not screened yet")
    assert "cadence 158 steps/min, overstriding noted" in summary


def test_running_form_round_trips_and_long_notes_are_refused() -> None:
    intake = Intake(running_form=RunningForm(True, FootStrike.FOREFOOT, "Arms cross"))
    assert intake_from_data(json.loads(json.dumps(intake_to_data(intake)))) == intake
    too_long = Intake(running_form=RunningForm(notes="x" * 501))
    assert "running_form.notes" in validate_intake(too_long, TODAY)
