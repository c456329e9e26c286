"""Turn a ProgressData into numpy arrays ready to plot (pure: safe to run in a worker thread).

X values are days since 1970-01-01 as floats (``date.toordinal() - 719163``): small numbers keep
full precision in SVG output, where seconds-since-epoch would not. Weekly values (distance, ACWR,
adherence) sit at the middle of their Monday-starting week, ``week_start + 3.5``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from clinic_app.services.progress_dto import BaselineRow, ProgressData

Array = npt.NDArray[np.float64]

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
WEEK_CENTRE = 3.5
MEASURE_KEYS = ("nprs_back", "nprs_leg", "odi", "rmdq", "psfs")


def to_day(day: date) -> float:
    """Days since 1970-01-01."""
    return float(day.toordinal() - EPOCH_ORDINAL)


def from_day(x: float) -> date:
    """The date a plot x value falls on (clamped to the representable range)."""
    ordinal = int(np.floor(x)) + EPOCH_ORDINAL
    return date.fromordinal(min(max(ordinal, 1), date.max.toordinal()))


def days(values: Iterable[date], offset: float = 0.0) -> Array:
    """Dates as plot x values (vectorised through datetime64)."""
    out = np.array(list(values), dtype="datetime64[D]").astype(np.float64)
    return out + offset if offset else out


def _floats(values: Iterable[float]) -> Array:
    return np.fromiter(values, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class XY:
    """One plotted series: x (days) and y, equal lengths."""

    x: Array = field(default_factory=lambda: np.empty(0))
    y: Array = field(default_factory=lambda: np.empty(0))

    def __len__(self) -> int:
        return int(self.x.size)


@dataclass(frozen=True, slots=True)
class MeasureArrays:
    """An outcome measure ready to plot."""

    key: str
    label: str
    unit: str
    low: float
    high: float
    higher_is_better: bool
    xy: XY
    baseline: float | None
    mcid_level: float | None


@dataclass(frozen=True, slots=True)
class PreparedProgress:
    """Everything the view plots, as arrays; built off the GUI thread."""

    episode_id: int
    visit_x: Array
    measures: dict[str, MeasureArrays]
    distance: XY
    acwr: XY
    slr_left: XY
    slr_right: XY
    adherence: XY
    adherence_counts: tuple[tuple[int, int], ...]
    rows: tuple[BaselineRow, ...]
    x_range: tuple[float, float]

    @property
    def empty(self) -> bool:
        """True when there is nothing to draw."""
        return not (any(len(m.xy) for m in self.measures.values()) or len(self.distance)
                    or len(self.slr_left) or len(self.slr_right) or len(self.adherence))


def _x_range(start: float, arrays: Iterable[Array]) -> tuple[float, float]:
    lo, hi = start, start
    for a in arrays:
        if a.size:
            lo, hi = min(lo, float(a.min())), max(hi, float(a.max()))
    pad = max(3.0, (hi - lo) * 0.02)
    return lo - pad, hi + pad


def prepare_progress(data: ProgressData) -> PreparedProgress:
    """Convert the read model into arrays (vectorised; fine for ten years of daily points)."""
    measures: dict[str, MeasureArrays] = {}
    for m in data.measures:
        xy = XY(days(p.day for p in m.points), _floats(p.value for p in m.points))
        measures[m.key] = MeasureArrays(m.key, m.label, m.unit, float(m.low), float(m.high),
                                        m.higher_is_better, xy, m.baseline, m.mcid_level)
    distance = XY(days((w.week_start for w in data.weekly_km), WEEK_CENTRE),
                  _floats(w.km for w in data.weekly_km))
    acwr = XY(days((r.week_start for r in data.acwr), WEEK_CENTRE), _floats(r.ratio for r in data.acwr))
    left = [s for s in data.slr if s.left_deg is not None]
    right = [s for s in data.slr if s.right_deg is not None]
    slr_left = XY(days(s.day for s in left), _floats(float(s.left_deg or 0) for s in left))
    slr_right = XY(days(s.day for s in right), _floats(float(s.right_deg or 0) for s in right))
    weeks = [a for a in data.adherence if a.prescribed > 0]
    adherence = XY(days((a.week_start for a in weeks), WEEK_CENTRE),
                   _floats(100.0 * a.done / a.prescribed for a in weeks))
    visit_x = days(data.visit_days)
    arrays = [m.xy.x for m in measures.values()]
    arrays += [distance.x, acwr.x, slr_left.x, slr_right.x, adherence.x, visit_x]
    return PreparedProgress(
        episode_id=data.episode_id, visit_x=visit_x, measures=measures, distance=distance,
        acwr=acwr, slr_left=slr_left, slr_right=slr_right, adherence=adherence,
        adherence_counts=tuple((a.done, a.prescribed) for a in weeks),
        rows=data.since_baseline, x_range=_x_range(to_day(data.start), arrays))


def empty_progress() -> PreparedProgress:
    """Nothing to draw (the view's empty state)."""
    return PreparedProgress(
        episode_id=0, visit_x=np.empty(0), measures={}, distance=XY(), acwr=XY(), slr_left=XY(),
        slr_right=XY(), adherence=XY(), adherence_counts=(), rows=(), x_range=(0.0, 1.0))
