"""Intake validation, the load metrics derived from it, and its plain-language summary."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from clinic_app.domain.findings import Finding
from clinic_app.domain.intake.energy_availability import validate_energy
from clinic_app.domain.intake.record import Effect, Factor, Intake
from clinic_app.domain.intake.running_form import cadence_phrase
from clinic_app.domain.load.findings import (
    acwr_finding,
    shoe_finding,
    spike_finding,
    week_change_finding,
)
from clinic_app.domain.load.training import (
    DistanceUnit,
    SpikeBand,
    SymptomDuration,
    format_distance,
    longest_run_previous_30d,
    session_spike_pct,
    spike_band,
    symptom_duration,
)
from clinic_app.domain.messages import coded, msg
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP, translate
from clinic_app.domain.settings import ClinicalSettings

MIN_WEEKS_FOR_LOAD = 5
TEXT_MAX = 500


def _range(errors: dict[str, str], name: str, value: float | None, low: float, high: float,
           unit: str = "") -> None:
    if value is None:
        return
    if isinstance(value, float) and math.isnan(value):
        errors[name] = coded(msg("exam.enter_number"))
    elif not low <= value <= high:
        suffix = f" {unit}" if unit else ""
        errors[name] = coded(msg("intake.rules.must_got", low=low, high=high, suffix=suffix, value=value))


def validate_intake(intake: Intake, today: date) -> dict[str, str]:
    """Field path → message for every impossible value; empty when the intake can be saved."""
    e: dict[str, str] = {}
    _range(e, "runs_per_week", intake.runs_per_week, 0, 14)
    _range(e, "weekly_distance_km", intake.weekly_distance_km, 0, 400, "km")
    _range(e, "weekly_elevation_gain_m", intake.weekly_elevation_gain_m, 0, 30000, "m")
    _range(e, "cadence_spm", intake.cadence_spm, 120, 230, "steps/min")
    _range(e, "prior_lbp_episodes", intake.prior_lbp_episodes, 0, 100)
    for name in ("nprs_back_now", "nprs_back_best24h", "nprs_back_worst24h", "nprs_leg_now",
                 "nprs_leg_best24h", "nprs_leg_worst24h"):
        _range(e, name, getattr(intake, name), 0, 10)
    for side in ("back", "leg"):
        best = getattr(intake, f"nprs_{side}_best24h")
        worst = getattr(intake, f"nprs_{side}_worst24h")
        if best is not None and worst is not None and best > worst and f"nprs_{side}_best24h" not in e:
            e[f"nprs_{side}_best24h"] = "Best in 24 h cannot be higher than worst in 24 h."
    if intake.primary_surface is not None and intake.surfaces \
            and intake.primary_surface not in intake.surfaces:
        e["primary_surface"] = "The primary surface must be one of the surfaces ticked."
    if intake.onset_date is not None and intake.onset_date > today:
        e["onset_date"] = "Onset cannot be in the future."
    if len(intake.mechanism) > TEXT_MAX:
        e["mechanism"] = f"Too long: at most {TEXT_MAX} characters."
    _range(e, "pattern.morning_stiffness_min", intake.pattern.morning_stiffness_min, 0, 1440, "min")
    e.update(validate_energy(intake))
    if len(intake.running_form.notes) > TEXT_MAX:
        e["running_form.notes"] = f"Too long: at most {TEXT_MAX} characters."
    _validate_history(intake, today, e)
    _validate_shoes(intake, today, e)
    for i, goal in enumerate(intake.race_goals):
        where = f"race_goals[{i}]"
        if not goal.event.strip():
            e[f"{where}.event"] = "Name the race."
        _range(e, f"{where}.distance_km", goal.distance_km, 0.1, 500, "km")
        if intake.onset_date is not None and goal.race_date < intake.onset_date:
            e[f"{where}.race_date"] = (
                f"The race date must be after the onset ({intake.onset_date.isoformat()}).")
    for i, injury in enumerate(intake.prior_injuries):
        where = f"prior_injuries[{i}]"
        _range(e, f"{where}.days_lost", injury.days_lost, 0, 3650, "days")
        if injury.date is not None and injury.date > today:
            e[f"{where}.date"] = "An injury date cannot be in the future."
    return e


def _validate_history(intake: Intake, today: date, e: dict[str, str]) -> None:
    starts = [w.week_start for w in intake.weekly_history]
    if len(set(starts)) != len(starts):
        e["weekly_history"] = "Each week may appear only once."
    for i, week in enumerate(intake.weekly_history):
        where = f"weekly_history[{i}]"
        _range(e, f"{where}.distance_km", week.distance_km, 0, 400, "km")
        _range(e, f"{where}.duration_min", week.duration_min, 0, 5000, "min")
        _range(e, f"{where}.sessions", week.sessions, 0, 21)
        if week.week_start > today:
            e[f"{where}.week_start"] = "A week of history cannot start in the future."
    for i, run in enumerate(intake.session_log):
        where = f"session_log[{i}]"
        _range(e, f"{where}.distance_km", run.distance_km, 0, 250, "km")
        _range(e, f"{where}.duration_min", run.duration_min, 0, 3000, "min")
        _range(e, f"{where}.elevation_gain_m", run.elevation_gain_m, 0, 10000, "m")
        _range(e, f"{where}.rpe", run.rpe, 0, 10)
        if run.date > today:
            e[f"{where}.date"] = "A logged run cannot be in the future."


def _validate_shoes(intake: Intake, today: date, e: dict[str, str]) -> None:
    for i, shoe in enumerate(intake.footwear):
        where = f"footwear[{i}]"
        if not shoe.brand_model.strip():
            e[f"{where}.brand_model"] = "Name the shoe (brand and model)."
        _range(e, f"{where}.drop_mm", shoe.drop_mm, 0, 16, "mm")
        _range(e, f"{where}.distance_on_shoe_km", shoe.distance_on_shoe_km, 0, 5000, "km")
        _range(e, f"{where}.share_of_running_pct", shoe.share_of_running_pct, 0, 100, "%")
        if shoe.purchase_date is not None and shoe.purchase_date > today:
            e[f"{where}.purchase_date"] = "A purchase date cannot be in the future."
    total = sum(s.share_of_running_pct for s in intake.footwear)
    if total > 100:
        e["footwear"] = f"Shares of running add up to {total}%: they must total 100% or less."


# -- derived load metrics ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class LoadPicture:
    """Load metrics computed from the intake, each as an explained finding (or absent)."""

    weekly_km: tuple[float, ...]
    acwr: Finding | None
    week_change: Finding | None
    spike: Finding | None
    spike_band: SpikeBand | None
    spike_pct: float | None
    last_run_km: float | None
    shoes: tuple[Finding, ...]


def weekly_km_series(intake: Intake) -> list[float]:
    """Weekly distances oldest first, missing weeks between entries counted as 0 km."""
    weeks = sorted(intake.weekly_history, key=lambda w: w.week_start)
    if not weeks:
        return []
    by_start = {w.week_start: w.distance_km for w in weeks}
    series, day = [], weeks[0].week_start
    while day <= weeks[-1].week_start:
        series.append(float(by_start.get(day, 0.0)))
        day += timedelta(days=7)
    return series


def load_picture(intake: Intake, unit: DistanceUnit | str = DistanceUnit.KM,
                 settings: ClinicalSettings | None = None) -> LoadPicture:
    """ACWR (5+ weeks), week-over-week change, the latest run's spike and shoe prompts."""
    series = weekly_km_series(intake)
    acwr = acwr_finding(series, settings, unit) if len(series) >= MIN_WEEKS_FOR_LOAD else None
    change = week_change_finding(series[-1], series[-2], unit) if len(series) >= 2 else None
    spike = band = pct = last_km = None
    runs = sorted(intake.session_log, key=lambda r: r.date)
    if runs:
        last = runs[-1]
        last_km = last.distance_km
        previous_max = longest_run_previous_30d(runs, last.date)
        pct = session_spike_pct(last.distance_km, previous_max)
        band = spike_band(pct, settings) if pct is not None else None
        spike = spike_finding(last.distance_km, previous_max, settings, unit)
    shoes = tuple(shoe_finding(s.distance_on_shoe_km, settings, s.brand_model, unit)
                  for s in intake.footwear)
    return LoadPicture(tuple(series), acwr, change, spike, band, pct, last_km, shoes)


def duration_class(intake: Intake, today: date) -> SymptomDuration | None:
    """Acute, subacute or chronic from the onset date."""
    return symptom_duration(intake.onset_date, today) if intake.onset_date else None


def factors_with(intake: Intake, effect: Effect) -> list[Factor]:
    """Factors with the given effect, in the order of the factor list."""
    return [f for f in Factor if intake.factors.get(f) == effect]


FACTOR_WORDS: dict[Factor, str] = {
    Factor.BENDING_FORWARD: QT_TRANSLATE_NOOP("IntakeSummary", "bending forward"),
    Factor.PROLONGED_SITTING: QT_TRANSLATE_NOOP("IntakeSummary", "prolonged sitting"),
    Factor.SIT_TO_STAND: QT_TRANSLATE_NOOP("IntakeSummary", "sit to stand"),
    Factor.PROLONGED_STANDING: QT_TRANSLATE_NOOP("IntakeSummary", "prolonged standing"),
    Factor.WALKING: QT_TRANSLATE_NOOP("IntakeSummary", "walking"),
    Factor.WALKING_DOWNHILL: QT_TRANSLATE_NOOP("IntakeSummary", "walking downhill"),
    Factor.RUNNING: QT_TRANSLATE_NOOP("IntakeSummary", "running"),
    Factor.RUNNING_UPHILL: QT_TRANSLATE_NOOP("IntakeSummary", "running uphill"),
    Factor.RUNNING_DOWNHILL: QT_TRANSLATE_NOOP("IntakeSummary", "running downhill"),
    Factor.BACK_EXTENSION: QT_TRANSLATE_NOOP("IntakeSummary", "bending backwards"),
    Factor.ROTATION: QT_TRANSLATE_NOOP("IntakeSummary", "rotation"),
    Factor.LIFTING: QT_TRANSLATE_NOOP("IntakeSummary", "lifting"),
    Factor.COUGH_SNEEZE_STRAIN: QT_TRANSLATE_NOOP("IntakeSummary", "cough, sneeze or strain"),
    Factor.LYING_DOWN: QT_TRANSLATE_NOOP("IntakeSummary", "lying down"),
    Factor.SINGLE_LEG_STANCE_STAIRS: QT_TRANSLATE_NOOP("IntakeSummary", "single-leg stance or stairs"),
    Factor.ROLLING_IN_BED: QT_TRANSLATE_NOOP("IntakeSummary", "rolling in bed"),
    Factor.DRIVING: QT_TRANSLATE_NOOP("IntakeSummary", "driving"),
    Factor.REST: QT_TRANSLATE_NOOP("IntakeSummary", "rest"),
    Factor.GENTLE_MOVEMENT: QT_TRANSLATE_NOOP("IntakeSummary", "gentle movement"),
}
"""Each factor in the words of the summary (``Factor.label``), marked for translators."""
_SPIKE_WORDS: dict[SpikeBand, str] = {
    SpikeBand.WITHIN: QT_TRANSLATE_NOOP("IntakeSummary", "within"),
    SpikeBand.SMALL: QT_TRANSLATE_NOOP("IntakeSummary", "small"),
    SpikeBand.MODERATE: QT_TRANSLATE_NOOP("IntakeSummary", "moderate"),
    SpikeBand.LARGE: QT_TRANSLATE_NOOP("IntakeSummary", "large"),
}


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return translate("IntakeSummary",
        "{first} and {last}").format(first=", ".join(words[:-1]), last=words[-1])


def intake_summary(intake: Intake, age_years: int | None, symptom_phrase: str,
                   red_flag_phrase: str, unit: DistanceUnit | str = DistanceUnit.KM,
                   settings: ClinicalSettings | None = None) -> str:
    """One paragraph for the Overview, e.g. "41-year-old runner, 48 km/week; …"."""
    parts: list[str] = []
    who = (translate("IntakeSummary", "{age}-year-old runner").format(age=age_years) if age_years is not None
           else translate("IntakeSummary", "Runner"))
    weekly = intake.weekly_distance_km
    series = weekly_km_series(intake)
    if weekly is None and series:
        weekly = sum(series[-4:]) / len(series[-4:])
    if weekly is not None:
        who += translate("IntakeSummary",
            ", {distance}/week").format(distance=format_distance(weekly, unit, 0))
    if intake.runs_per_week is not None:
        who += translate("IntakeSummary", " over {runs} runs").format(runs=intake.runs_per_week)
    parts.append(who)
    if cadence_phrase(intake):
        parts.append(cadence_phrase(intake))
    picture = load_picture(intake, unit, settings)
    if picture.spike_pct is not None and picture.spike_band is not None:
        parts.append(translate("IntakeSummary", "last run {pct} over the 30-day longest ({band} spike)")
                     .format(pct=f"{picture.spike_pct:+.0f}%", band=translate("IntakeSummary", _SPIKE_WORDS[
                         picture.spike_band]))
                     if picture.spike_band != SpikeBand.WITHIN
                     else translate("IntakeSummary", "last run within 10% of the 30-day longest"))
    worse = [translate("IntakeSummary", FACTOR_WORDS[f]) for f in factors_with(intake, Effect.WORSE)][:4]
    better = [translate("IntakeSummary", FACTOR_WORDS[f]) for f in factors_with(intake, Effect.BETTER)][:3]
    symptoms = symptom_phrase or translate("IntakeSummary", "symptoms not charted")
    if worse:
        symptoms += translate("IntakeSummary", ", worse {factors}").format(factors=_join(worse))
    if better:
        symptoms += translate("IntakeSummary", ", better with {factors}").format(factors=_join(better))
    parts.append(symptoms)
    if red_flag_phrase:
        parts.append(red_flag_phrase)
    return "; ".join(parts) + "."
