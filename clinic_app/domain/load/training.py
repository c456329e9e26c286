"""Training-load metrics: weekly totals, ACWR, single-session spike, shoes and symptom duration."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from clinic_app.domain._validation import check_number, coerce_enum
from clinic_app.domain.errors import InvalidValue
from clinic_app.domain.messages import msg
from clinic_app.domain.settings import ClinicalSettings, resolve

KM_PER_MILE = 1.609344
WEEK_CHANGE_CAUTION_PCT = 30.0
"""Nielsen 2014: increases above 30% were linked to distance-related injuries in novices."""


class SessionLike(Protocol):
    """Anything with a run date and a distance in km (e.g. a session-log row)."""

    @property
    def date(self) -> dt.date:
        """Return the day of the run."""
        ...

    @property
    def distance_km(self) -> float:
        """Return the distance run in km."""
        ...


@dataclass(frozen=True, slots=True)
class RunSession:
    """One logged run."""

    date: dt.date
    distance_km: float
    duration_min: int | None = None

    def __post_init__(self) -> None:
        """Validate the distance."""
        check_number(self.distance_km, "session distance_km", 0)


@dataclass(frozen=True, slots=True)
class WeekTotal:
    """Distance for one week starting on a Monday."""

    week_start: dt.date
    distance_km: float
    sessions: int


def week_start(day: dt.date) -> dt.date:
    """Return the Monday of the week containing ``day``."""
    return day - dt.timedelta(days=day.weekday())


def weekly_totals(sessions: Iterable[SessionLike], through: dt.date | None = None) -> list[WeekTotal]:
    """Sum a session log into Monday-based weeks, oldest first, with empty weeks as 0 km.

    ``through`` extends the series to the week containing that date, so quiet recent weeks count.
    """
    totals: dict[dt.date, tuple[float, int]] = {}
    for session in sessions:
        distance = check_number(session.distance_km, f"distance_km of the run on {session.date}", 0)
        monday = week_start(session.date)
        km, count = totals.get(monday, (0.0, 0))
        totals[monday] = (km + distance, count + 1)
    mondays = set(totals)
    if through is not None:
        mondays.add(week_start(through))
    if not mondays:
        return []
    monday, last = min(mondays), max(mondays)
    out = []
    while monday <= last:
        km, count = totals.get(monday, (0.0, 0))
        out.append(WeekTotal(monday, km, count))
        monday += dt.timedelta(days=7)
    return out


def _weekly(weekly_km: Sequence[float]) -> list[float]:
    """Validate weekly distances (finite, >= 0)."""
    if isinstance(weekly_km, str | bytes):
        raise InvalidValue(msg("load.training.weekly_km_must_list_weekly"))
    return [check_number(v, f"weekly_km week {n}", 0) for n, v in enumerate(weekly_km, start=1)]


def acwr_coupled(weekly_km: Sequence[float]) -> float | None:
    """Current week / mean of the last 4 weeks including it; None with < 4 weeks or zero chronic."""
    weeks = _weekly(weekly_km)
    if len(weeks) < 4:
        return None
    chronic = sum(weeks[-4:]) / 4
    return None if chronic == 0 else weeks[-1] / chronic


def acwr_uncoupled(weekly_km: Sequence[float]) -> float | None:
    """Current week / mean of the 3 weeks before it; None with < 4 weeks or zero chronic."""
    weeks = _weekly(weekly_km)
    if len(weeks) < 4:
        return None
    chronic = sum(weeks[-4:-1]) / 3
    return None if chronic == 0 else weeks[-1] / chronic


class AcwrBand(enum.StrEnum):
    """ACWR zone (Gabbett)."""

    BELOW = "below"
    SWEET_SPOT = "sweet_spot"
    ELEVATED = "elevated"
    SPIKE = "spike"


def acwr_band(ratio: float, settings: ClinicalSettings | None = None) -> AcwrBand:
    """Band an ACWR: below 0.8, sweet spot 0.8-1.3, elevated above 1.3, spike above 1.5."""
    cfg = resolve(settings)
    value = check_number(ratio, "ACWR", 0)
    if value < cfg.acwr_sweet_spot_low:
        return AcwrBand.BELOW
    if value <= cfg.acwr_sweet_spot_high:
        return AcwrBand.SWEET_SPOT
    if value <= cfg.acwr_spike:
        return AcwrBand.ELEVATED
    return AcwrBand.SPIKE


def session_spike_pct(run_km: float, longest_previous_30d_km: float) -> float | None:
    """Percent above the longest run of the previous 30 days; None when that is 0."""
    run = check_number(run_km, "run_km", 0)
    longest = check_number(longest_previous_30d_km, "longest_previous_30d_km", 0)
    if longest == 0:
        return None
    return (run - longest) / longest * 100


class SpikeBand(enum.StrEnum):
    """Single-session spike band (Frandsen 2025)."""

    WITHIN = "within"
    SMALL = "small"
    MODERATE = "moderate"
    LARGE = "large"

    @property
    def rank(self) -> int:
        """Return 0-3 from within to large."""
        return list(SpikeBand).index(self)


SPIKE_HAZARD_RATIO: dict[SpikeBand, float | None] = {
    SpikeBand.WITHIN: None,
    SpikeBand.SMALL: 1.64,
    SpikeBand.MODERATE: 1.52,
    SpikeBand.LARGE: 2.28,
}
"""Injury hazard ratio versus the <=10% reference band (Frandsen 2025)."""


def spike_band(pct: float, settings: ClinicalSettings | None = None) -> SpikeBand:
    """Band a spike percent: within <=10, small >10-30, moderate >30-100, large >100."""
    cfg = resolve(settings)
    value = check_number(pct, "spike percent")
    if value <= cfg.spike_within_max_pct:
        return SpikeBand.WITHIN
    if value <= cfg.spike_small_max_pct:
        return SpikeBand.SMALL
    if value <= cfg.spike_moderate_max_pct:
        return SpikeBand.MODERATE
    return SpikeBand.LARGE


def week_over_week_change_pct(current_km: float, previous_km: float) -> float | None:
    """Percent change from the previous week; None when the previous week is 0."""
    current = check_number(current_km, "current week km", 0)
    previous = check_number(previous_km, "previous week km", 0)
    return None if previous == 0 else (current - previous) / previous * 100


def longest_run_previous_30d(sessions: Iterable[SessionLike], on: dt.date) -> float:
    """Longest run in the 30 days before ``on`` (that day excluded); 0 when there is none."""
    start = on - dt.timedelta(days=30)
    longest = 0.0
    for session in sessions:
        distance = check_number(session.distance_km, f"distance_km of the run on {session.date}", 0)
        if start <= session.date < on:
            longest = max(longest, distance)
    return longest


class ShoeStatus(enum.StrEnum):
    """Shoe distance against the replacement range (an informational prompt only)."""

    OK = "ok"
    APPROACHING = "approaching"
    REPLACE = "replace"


def shoe_status(distance_km: float, settings: ClinicalSettings | None = None) -> ShoeStatus:
    """OK below 480 km, approaching within 480-800 km, replace from 800 km (configurable)."""
    cfg = resolve(settings)
    km = check_number(distance_km, "distance_on_shoe_km", 0)
    if km < cfg.shoe_replace_min_km:
        return ShoeStatus.OK
    if km < cfg.shoe_replace_max_km:
        return ShoeStatus.APPROACHING
    return ShoeStatus.REPLACE


class SymptomDuration(enum.StrEnum):
    """Symptom duration class derived from onset date."""

    ACUTE = "acute"
    SUBACUTE = "subacute"
    CHRONIC = "chronic"


def symptom_duration(
    onset: dt.date, reference: dt.date, settings: ClinicalSettings | None = None
) -> SymptomDuration:
    """Acute below 6 weeks, subacute 6-12 weeks, chronic above 12 weeks since onset."""
    cfg = resolve(settings)
    if onset > reference:
        raise InvalidValue(msg("load.training.onset_date_must_not_after", reference=reference, onset=onset))
    weeks = (reference - onset).days / 7
    if weeks < cfg.duration_acute_below_weeks:
        return SymptomDuration.ACUTE
    if weeks <= cfg.duration_chronic_above_weeks:
        return SymptomDuration.SUBACUTE
    return SymptomDuration.CHRONIC


class DistanceUnit(enum.StrEnum):
    """Display unit for distances (storage is always km)."""

    KM = "km"
    MI = "mi"


def km_to_miles(km: float) -> float:
    """Convert kilometres to miles."""
    return check_number(km, "distance in km", 0) / KM_PER_MILE


def miles_to_km(miles: float) -> float:
    """Convert miles to kilometres."""
    return check_number(miles, "distance in miles", 0) * KM_PER_MILE


def format_distance(km: float, unit: DistanceUnit | str = DistanceUnit.KM, places: int = 1) -> str:
    """Format a km distance in the display unit, e.g. '16.0 km' or '9.9 mi'."""
    chosen = coerce_enum(DistanceUnit, unit, "distance unit")
    value = check_number(km, "distance in km", 0)
    if chosen == DistanceUnit.MI:
        value = value / KM_PER_MILE
    return f"{value:.{places}f} {chosen.value}"
