"""Read models of the Progress tab: every series already computed, ready to plot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """One value of a measure on a date (from a visit, when there was one)."""

    day: date
    value: float
    visit_id: int | None = None


@dataclass(frozen=True, slots=True)
class MeasureSeries:
    """A measure over time with its baseline and the level that would meet the MCID."""

    key: str
    label: str
    unit: str
    low: float
    high: float
    higher_is_better: bool
    points: tuple[SeriesPoint, ...]
    baseline: float | None
    mcid_level: float | None

    @property
    def latest(self) -> float | None:
        """The most recent value."""
        return self.points[-1].value if self.points else None


@dataclass(frozen=True, slots=True)
class WeekDistance:
    """Running distance of one Monday-starting week, in km."""

    week_start: date
    km: float


@dataclass(frozen=True, slots=True)
class RatioPoint:
    """A week's uncoupled acute:chronic workload ratio."""

    week_start: date
    ratio: float


@dataclass(frozen=True, slots=True)
class SlrAngles:
    """SLR onset angle per side at a visit (``None``: not positive or not recorded)."""

    day: date
    left_deg: int | None
    right_deg: int | None


@dataclass(frozen=True, slots=True)
class AdherenceWeek:
    """How many of the prescribed sessions the patient reported doing in a week."""

    week_start: date
    done: int
    prescribed: int


@dataclass(frozen=True, slots=True)
class BaselineRow:
    """One line of the "since baseline" table: change is latest − baseline, % is improvement."""

    label: str
    baseline: str
    latest: str
    change: str
    percent: str
    verdict: str
    meets_mcid: bool | None


@dataclass(frozen=True, slots=True)
class ProgressData:
    """Everything the Progress tab draws for one episode of care."""

    episode_id: int
    start: date
    visit_days: tuple[date, ...]
    measures: tuple[MeasureSeries, ...]
    weekly_km: tuple[WeekDistance, ...]
    acwr: tuple[RatioPoint, ...]
    slr: tuple[SlrAngles, ...]
    adherence: tuple[AdherenceWeek, ...]
    since_baseline: tuple[BaselineRow, ...]

    def measure(self, key: str) -> MeasureSeries | None:
        """A measure series by key (nprs_back, nprs_leg, odi, rmdq, psfs)."""
        return next((m for m in self.measures if m.key == key), None)
