"""Outcome measures: ODI, RMDQ, NPRS, PSFS and STarT Back scoring and change rules."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from clinic_app.domain._validation import EPSILON, check_int, check_number
from clinic_app.domain.errors import InvalidValue
from clinic_app.domain.measures.startback import (
    MATCHED_CARE,
    STARTBACK_ITEM_LABELS,
    STARTBACK_PSYCHOSOCIAL_ITEMS,
    Bothersomeness,
    StartBackRisk,
    StartBackScore,
    matched_care,
    score_startback,
)
from clinic_app.domain.messages import msg
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP

__all__ = [
    "BASELINE_TOO_LOW",
    "MATCHED_CARE",
    "NPRS_MCID_PCT",
    "NPRS_MCID_POINTS",
    "ODI_MCID_PCT",
    "ODI_MCID_POINTS",
    "ODI_SECTION_LABELS",
    "PSFS_MDC_MEAN",
    "PSFS_MDC_SINGLE",
    "PSFS_MID",
    "RMDQ_ITEM_COUNT",
    "RMDQ_MCID_PCT",
    "RMDQ_MCID_POINTS",
    "STARTBACK_ITEM_LABELS",
    "STARTBACK_PSYCHOSOCIAL_ITEMS",
    "Bothersomeness",
    "OdiBand",
    "OdiScore",
    "PainChange",
    "PsfsChange",
    "PsfsMid",
    "ScoreChange",
    "StartBackRisk",
    "StartBackScore",
    "below_mcid_floor",
    "matched_care",
    "nprs_change",
    "odi_change",
    "psfs_change",
    "rmdq_change",
    "score_odi",
    "score_psfs",
    "score_rmdq",
    "score_startback",
]

ODI_SECTION_LABELS: tuple[str, ...] = (
    "Pain intensity",
    "Personal care",
    "Lifting",
    "Walking",
    "Sitting",
    "Standing",
    "Sleeping",
    "Sex life",
    "Social life",
    "Travelling",
)
"""Short topic labels of ODI v2.1a sections 1-10 (index 0 is section 1); no licensed wording."""

RMDQ_ITEM_COUNT = 24
ODI_MCID_POINTS = 10.0
ODI_MCID_PCT = 30.0
RMDQ_MCID_POINTS = 5
RMDQ_MCID_PCT = 30.0
NPRS_MCID_POINTS = 2
NPRS_MCID_PCT = 30.0
PSFS_MDC_MEAN = 2.0
PSFS_MDC_SINGLE = 3.0
BASELINE_TOO_LOW = QT_TRANSLATE_NOOP("Measures", "baseline too low to judge")
"""C9: the one wording, on screen and in documents, for a change that starts below the MCID floor."""


def below_mcid_floor(baseline: float, mcid_points: float) -> bool:
    """C9: a baseline under the smallest clinically important change cannot show a meaningful
    improvement (NPRS 1 → 0 is 100% but only 1 point), so no MCID is claimed from it."""
    return baseline < mcid_points - EPSILON


class OdiBand(enum.StrEnum):
    """ODI disability band (on the unrounded percent)."""

    MINIMAL = "minimal"
    MODERATE = "moderate"
    SEVERE = "severe"
    VERY_SEVERE = "very_severe"
    BED_BOUND = "bed_bound"

    @property
    def label(self) -> str:
        """Return the neutral display label."""
        return _ODI_BAND_LABELS[self]


_ODI_BAND_LABELS: dict[OdiBand, str] = {
    OdiBand.MINIMAL: "minimal disability",
    OdiBand.MODERATE: "moderate disability",
    OdiBand.SEVERE: "severe disability",
    OdiBand.VERY_SEVERE: "very severe disability",
    OdiBand.BED_BOUND: "bed-bound or exaggerating symptoms",
}
_ODI_BAND_LIMITS: tuple[tuple[int, OdiBand], ...] = (
    (20, OdiBand.MINIMAL),
    (40, OdiBand.MODERATE),
    (60, OdiBand.SEVERE),
    (80, OdiBand.VERY_SEVERE),
)


@dataclass(frozen=True, slots=True)
class OdiScore:
    """ODI percent (full precision), its band and the number of answered sections."""

    percent: float
    band: OdiBand
    answered: int

    @property
    def display(self) -> str:
        """Return the percent for display, to one decimal place."""
        return f"{self.percent:.1f}%"


def score_odi(sections: Sequence[int | None], max_missing: int = 2) -> OdiScore | None:
    """Score ODI v2.1a: sum / (5 x answered) x 100; None when too many sections are missing."""
    check_int(max_missing, "ODI max_missing", 0, 10)
    if isinstance(sections, str | bytes) or len(sections) != 10:
        count = "text" if isinstance(sections, str | bytes) else len(sections)
        raise InvalidValue(msg("measures.scoring.odi_needs_exactly_10_sections", count=count))
    answered = [
        check_int(score, f"ODI section {number} score", 0, 5)
        for number, score in enumerate(sections, start=1)
        if score is not None
    ]
    if not answered or 10 - len(answered) > max_missing:
        return None
    total = sum(answered)
    band = OdiBand.BED_BOUND
    for limit, candidate in _ODI_BAND_LIMITS:
        # Exact integer comparison of total / (5 x answered) x 100 <= limit.
        if 100 * total <= limit * 5 * len(answered):
            band = candidate
            break
    return OdiScore(percent=20 * total / len(answered), band=band, answered=len(answered))


def score_rmdq(ticked: Iterable[int]) -> int:
    """Count the RMDQ-24 items (numbers 1-24) the patient ticked today."""
    if isinstance(ticked, str | bytes):
        raise InvalidValue(msg("measures.scoring.rmdq_ticked_items_must_item"))
    seen: set[int] = set()
    for item in ticked:
        number = check_int(item, "RMDQ item number", 1, RMDQ_ITEM_COUNT)
        if number in seen:
            raise InvalidValue(msg("measures.scoring.rmdq_item_ticked_more_than", number=number))
        seen.add(number)
    return len(seen)


def score_psfs(ratings: Sequence[float]) -> float:
    """Return the PSFS score: the mean of 1 to 5 activity ratings, each 0-10."""
    values = _psfs_ratings(ratings, "PSFS")
    return sum(values) / len(values)


def _psfs_ratings(ratings: Sequence[float], label: str) -> list[float]:
    """Validate PSFS ratings: 1 to 5 numbers in 0-10."""
    if isinstance(ratings, str | bytes) or not 1 <= len(ratings) <= 5:
        count = "text" if isinstance(ratings, str | bytes) else len(ratings)
        raise InvalidValue(msg("measures.scoring.needs_1_5_activity_ratings", label=label, count=count))
    return [
        check_number(value, f"{label} activity {number} rating", 0, 10)
        for number, value in enumerate(ratings, start=1)
    ]


@dataclass(frozen=True, slots=True)
class PainChange:
    """NPRS change from baseline; improvement is positive."""

    abs_change: int
    pct_change: float | None
    meets_abs_mcid: bool
    meets_pct_mcid: bool
    baseline_too_low: bool = field(default=False, compare=False)
    """C9: the baseline is below the 2-point MCID, so no change from it is called meaningful."""


def nprs_change(baseline: int, followup: int) -> PainChange:
    """Compare two NPRS ratings: MCID is 2 points or 30% (reported separately), never from a
    baseline below 2 (C9)."""
    base = check_int(baseline, "NPRS baseline", 0, 10)
    follow = check_int(followup, "NPRS follow-up", 0, 10)
    change = base - follow
    pct = None if base == 0 else change / base * 100
    too_low = below_mcid_floor(base, NPRS_MCID_POINTS)
    return PainChange(
        abs_change=change,
        pct_change=pct,
        meets_abs_mcid=not too_low and change >= NPRS_MCID_POINTS,
        meets_pct_mcid=not too_low and pct is not None and pct >= NPRS_MCID_PCT - EPSILON,
        baseline_too_low=too_low,
    )


@dataclass(frozen=True, slots=True)
class ScoreChange:
    """Change in a disability score from baseline; improvement (a lower score) is positive."""

    baseline: float
    followup: float
    abs_change: float
    pct_change: float | None
    meets_abs_mcid: bool
    meets_pct_mcid: bool
    baseline_too_low: bool = field(default=False, compare=False)
    """C9: the baseline is below the MCID in points, so no change from it is called meaningful."""

    @property
    def meets_mcid(self) -> bool:
        """Return True when either the points or the percent threshold is met."""
        return self.meets_abs_mcid or self.meets_pct_mcid


def _score_change(base: float, follow: float, mcid_points: float, mcid_pct: float) -> ScoreChange:
    """Build a ScoreChange where lower scores are better (no MCID from a baseline below it, C9)."""
    change = base - follow
    pct = None if base == 0 else change / base * 100
    too_low = below_mcid_floor(base, mcid_points)
    return ScoreChange(
        baseline=base,
        followup=follow,
        abs_change=change,
        pct_change=pct,
        meets_abs_mcid=not too_low and change >= mcid_points - EPSILON,
        meets_pct_mcid=not too_low and pct is not None and pct >= mcid_pct - EPSILON,
        baseline_too_low=too_low,
    )


def odi_change(baseline: float, followup: float) -> ScoreChange:
    """Compare two ODI percents: MCID is 10 points or 30% improvement (Ostelo 2008)."""
    base = check_number(baseline, "ODI baseline percent", 0, 100)
    follow = check_number(followup, "ODI follow-up percent", 0, 100)
    return _score_change(base, follow, ODI_MCID_POINTS, ODI_MCID_PCT)


def rmdq_change(baseline: int, followup: int) -> ScoreChange:
    """Compare two RMDQ-24 scores: MCID is 5 points or 30% improvement (Ostelo 2008)."""
    base = check_int(baseline, "RMDQ baseline score", 0, RMDQ_ITEM_COUNT)
    follow = check_int(followup, "RMDQ follow-up score", 0, RMDQ_ITEM_COUNT)
    return _score_change(base, follow, RMDQ_MCID_POINTS, RMDQ_MCID_PCT)


class PsfsMid(enum.StrEnum):
    """PSFS minimal important difference level reached (Abbott & Schmitt 2014)."""

    NONE = "none"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


PSFS_MID: dict[PsfsMid, float] = {PsfsMid.SMALL: 1.3, PsfsMid.MEDIUM: 2.3, PsfsMid.LARGE: 2.7}
"""Mean-score change needed for each MID level."""


@dataclass(frozen=True, slots=True)
class PsfsChange:
    """PSFS change between two ratings of the same activities; improvement is positive."""

    baseline_mean: float
    followup_mean: float
    change: float
    exceeds_mdc: bool
    mid: PsfsMid
    activity_changes: tuple[float, ...]
    activities_beyond_mdc: tuple[int, ...]
    """1-based activity numbers whose own change reaches the single-activity MDC (3 points)."""


def psfs_change(baseline: Sequence[float], followup: Sequence[float]) -> PsfsChange:
    """Compare PSFS ratings of the same activities against the MDC (2 mean / 3 single) and MID."""
    base = _psfs_ratings(baseline, "PSFS baseline")
    follow = _psfs_ratings(followup, "PSFS follow-up")
    if len(base) != len(follow):
        raise InvalidValue(
            msg("measures.scoring.psfs_follow_up_must_re", count=len(base), count2=len(follow))
        )
    base_mean = sum(base) / len(base)
    follow_mean = sum(follow) / len(follow)
    change = follow_mean - base_mean
    mid = PsfsMid.NONE
    for level in (PsfsMid.LARGE, PsfsMid.MEDIUM, PsfsMid.SMALL):
        if change >= PSFS_MID[level] - EPSILON:
            mid = level
            break
    per_activity = tuple(after - before for before, after in zip(base, follow, strict=True))
    beyond = tuple(n for n, delta in enumerate(per_activity, start=1) if delta >= PSFS_MDC_SINGLE - EPSILON)
    return PsfsChange(
        baseline_mean=base_mean,
        followup_mean=follow_mean,
        change=change,
        exceeds_mdc=change >= PSFS_MDC_MEAN - EPSILON,
        mid=mid,
        activity_changes=per_activity,
        activities_beyond_mdc=beyond,
    )
