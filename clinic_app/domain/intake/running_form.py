"""Cadence and running form in plain words (CLINICAL.md §1.1 ``cadence_spm``, [S32]).

Cadence rises with speed and there is no cadence target for low back pain, so nothing here judges a
number against a norm. The one figure used is the published one: raising step rate by 5-10%
reduced hip and knee energy absorption in healthy runners (Heiderscheit 2011 [S32]); it is offered
only when the clinician saw overstriding, as something to try.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from clinic_app.domain.findings import Evidence, Finding, FindingLevel
from clinic_app.domain.intake.record import CadenceSource, FootStrike, Intake
from clinic_app.domain.load.training import KM_PER_MILE, DistanceUnit
from clinic_app.domain.messages.core import translate

STEP_RATE_INCREASE = (0.05, 0.10)
"""Heiderscheit 2011 [S32]: step-rate increases studied in healthy runners."""
PACE_WEEKS = 4
SOURCE = "Heiderscheit 2011, step rate manipulation [S32]"
FOOT_STRIKE_WORDS = {FootStrike.HEEL: "heel", FootStrike.MIDFOOT: "midfoot",
                     FootStrike.FOREFOOT: "forefoot"}


@dataclass(frozen=True, slots=True)
class StepRateSuggestion:
    """A 5-10% higher step rate than the runner's own, in whole steps per minute."""

    current: int
    low: int
    high: int


def step_rate_suggestion(cadence_spm: int) -> StepRateSuggestion:
    """The runner's own cadence raised by 5% and by 10% (rounded to whole steps)."""
    low, high = STEP_RATE_INCREASE
    return StepRateSuggestion(cadence_spm, round(cadence_spm * (1 + low)),
                              round(cadence_spm * (1 + high)))


def average_pace(intake: Intake) -> float | None:
    """Minutes per km over the latest weeks of history that record time, else the logged runs."""
    weeks = sorted((w for w in intake.weekly_history if w.duration_min and w.distance_km > 0),
                   key=lambda w: w.week_start)[-PACE_WEEKS:]
    if weeks:
        return sum(w.duration_min or 0 for w in weeks) / sum(w.distance_km for w in weeks)
    runs = sorted((r for r in intake.session_log if r.duration_min and r.distance_km > 0),
                  key=lambda r: r.date)[-10:]
    if runs:
        return sum(r.duration_min or 0 for r in runs) / sum(r.distance_km for r in runs)
    return None


def format_pace(min_per_km: float, unit: DistanceUnit | str = DistanceUnit.KM) -> str:
    """``6:10 min/km`` (or per mile)."""
    per = min_per_km * KM_PER_MILE if DistanceUnit(unit) is DistanceUnit.MI else min_per_km
    seconds = round(per * 60)
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}:{rest:02d} min/{DistanceUnit(unit).value}"


def _source_words(source: CadenceSource | None) -> str:
    return source.value if source else "source not recorded"


def cadence_finding(intake: Intake, unit: DistanceUnit | str = DistanceUnit.KM) -> Finding | None:
    """Cadence with the runner's own pace and the observed form; ``None`` when neither was recorded."""
    form = intake.running_form
    cadence = intake.cadence_spm
    if cadence is None and form.overstriding is None and form.foot_strike is None:
        return None
    pace = average_pace(intake)
    inputs = {"Cadence": f"{cadence} steps/min" if cadence is not None else "not recorded",
              "Measured by": _source_words(intake.cadence_source) if cadence is not None else "—",
              "Average pace": (f"{format_pace(pace, unit)} (history)" if pace and math.isfinite(pace)
                               else "not known"),
              "Overstriding": ("not assessed" if form.overstriding is None
                               else "yes" if form.overstriding else "no"),
              "Foot strike": FOOT_STRIKE_WORDS[form.foot_strike] if form.foot_strike else "not assessed"}
    if form.notes.strip():
        inputs["Form notes"] = form.notes.strip()
    notes: list[str] = []
    if cadence is None:
        text = ("Overstriding noted but cadence not recorded: count the steps in one minute (or "
                "read them from a watch) to have a starting point." if form.overstriding
                else "Cadence not recorded.")
        return Finding("cadence", "not_recorded", text, inputs, Evidence.RESEARCH, SOURCE,
                       FindingLevel.CAUTION if form.overstriding else FindingLevel.INFO)
    speed = f" at the runner's average pace of {format_pace(pace, unit)}" if pace else ""
    head = f"Cadence {cadence} steps/min ({_source_words(intake.cadence_source)}){speed}."
    context = (" Cadence rises with speed, so compare it with the runner's own cadence at the same "
               "pace rather than with a fixed number; there is no cadence target for low back pain.")
    if intake.cadence_source is CadenceSource.ESTIMATED:
        notes.append("The cadence was estimated: count it (or read it from a watch) before acting on it.")
    if form.overstriding:
        s = step_rate_suggestion(cadence)
        text = (f"{head} Overstriding was noted: a 5–10% higher step rate (about {s.low}–{s.high} "
                "steps/min) is one option to try — in healthy runners it reduced the energy absorbed "
                "at the hip and knee. A suggestion, not a target." + context)
        return Finding("cadence", "consider_step_rate", text, inputs, Evidence.RESEARCH, SOURCE,
                       FindingLevel.CAUTION, tuple(notes))
    if form.overstriding is False:
        text = f"{head} No overstriding noted: nothing here suggests changing cadence." + context
        return Finding("cadence", "no_change_suggested", text, inputs, Evidence.RESEARCH, SOURCE,
                       FindingLevel.INFO, tuple(notes))
    text = (f"{head} Running form not assessed: watch the runner (or a video) for overstriding "
            "before suggesting a change." + context)
    return Finding("cadence", "form_not_assessed", text, inputs, Evidence.RESEARCH, SOURCE,
                   FindingLevel.INFO, tuple(notes))


def cadence_phrase(intake: Intake) -> str:
    """A short clause for the intake summary, e.g. ``cadence 158 steps/min, overstriding noted``."""
    parts = []
    if intake.cadence_spm is not None:
        parts.append(translate("IntakeSummary",
            "cadence {cadence} steps/min").format(cadence=intake.cadence_spm))
    if intake.running_form.overstriding:
        parts.append(translate("IntakeSummary", "overstriding noted"))
    return ", ".join(parts)
