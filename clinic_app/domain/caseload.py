"""Caseload outcome indicators: presentation groups, the change rules a caseload shares with the
patient's Progress tab, and when numbers are too few to compare.

The database computes the indicators, but every clinical rule stays here: the presentation and
the STarT Back group are classified by the functions below (the database only reads the raw
signs and encodes them as a small number), and the MCID rules are the constants of
:mod:`clinic_app.domain.measures.scoring` that ``nprs_change``/``odi_change``/``rmdq_change``/
``psfs_change`` use for one patient.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import cache

from clinic_app.domain._validation import EPSILON
from clinic_app.domain.exam.rules import ClusterVerdict, SijTest, TestOutcome, laslett_cluster
from clinic_app.domain.intake.record import Effect, Factor, Intake
from clinic_app.domain.measures.scoring import (
    NPRS_MCID_PCT,
    NPRS_MCID_POINTS,
    ODI_MCID_PCT,
    ODI_MCID_POINTS,
    PSFS_MDC_MEAN,
    RMDQ_MCID_PCT,
    RMDQ_MCID_POINTS,
)
from clinic_app.domain.measures.startback import Bothersomeness, StartBackRisk, score_startback
from clinic_app.domain.rehab.contraindications import (
    _CLAUDICATION_BETTER,
    _CLAUDICATION_WORSE,
    STENOSIS_AGE_OVER,
    stenosis_pattern,
)

__all__ = [
    "CLAUDICATION_BETTER",
    "CLAUDICATION_WORSE",
    "EPSILON",
    "MEASURE_RULES",
    "NOT_RECORDED",
    "STENOSIS_AGE_OVER",
    "TOO_FEW",
    "TOO_FEW_TEXT",
    "ChangeRule",
    "Presentation",
    "PresentationSigns",
    "classify_presentation",
    "presentation_codes",
    "startback_code",
    "startback_codes",
]

TOO_FEW = 5
"""Below this many episodes a share or a median is not shown: it would say more than the data."""
TOO_FEW_TEXT = "too few episodes to compare"
NOT_RECORDED = "not_recorded"
"""The STarT Back filter value for episodes with no STarT Back recorded."""
CLAUDICATION_WORSE: tuple[Factor, ...] = _CLAUDICATION_WORSE
CLAUDICATION_BETTER: tuple[Factor, ...] = _CLAUDICATION_BETTER


class Presentation(enum.StrEnum):
    """The working presentation of an episode, as its first examination and intake suggest."""

    SIJ = "sij"
    RADICULAR = "radicular"
    NON_SPECIFIC = "non_specific"
    STENOSIS = "stenosis"
    NOT_EXAMINED = "not_examined"

    @property
    def label(self) -> str:
        """Plain words for filters and reports."""
        return _LABELS[self]


_LABELS = {Presentation.SIJ: "SIJ pain", Presentation.RADICULAR: "Disc / radicular",
           Presentation.NON_SPECIFIC: "Non-specific low back pain",
           Presentation.STENOSIS: "Lumbar stenosis", Presentation.NOT_EXAMINED: "Not examined"}


@dataclass(frozen=True, slots=True)
class PresentationSigns:
    """What the episode's first examination (and the intake, for stenosis) recorded."""

    examined: bool
    sij_positives: int
    """How many of the six Laslett provocation tests were positive (0-6)."""
    nerve_root_signs: bool
    """A positive SLR reproducing pain below the knee, a positive crossed SLR or a positive slump."""
    over_stenosis_age: bool
    claudication_worse: bool
    """Walking, standing, downhill or extension makes it worse (intake)."""
    claudication_better: bool
    """Sitting or bending forward eases it (intake)."""

    @property
    def code(self) -> int:
        """The signs as one small number (the database computes the same)."""
        return (int(self.examined) | int(self.nerve_root_signs) << 1 | int(self.over_stenosis_age) << 2
                | int(self.claudication_worse) << 3 | int(self.claudication_better) << 4
                | self.sij_positives << 5)

    @classmethod
    def from_code(cls, code: int) -> PresentationSigns:
        """The signs a code stands for."""
        return cls(bool(code & 1), code >> 5, bool(code & 2), bool(code & 4), bool(code & 8),
                   bool(code & 16))


SIGN_BITS = {"examined": 1, "nerve_root_signs": 2, "over_stenosis_age": 4, "claudication_worse": 8,
             "claudication_better": 16, "sij_positives": 32}
"""Weight of each sign in :attr:`PresentationSigns.code` (``sij_positives`` is a count)."""


def classify_presentation(signs: PresentationSigns) -> Presentation:
    """Nerve root signs first, then a likely Laslett cluster, then the stenosis pattern; the rest
    is non-specific. Without an examination the episode is not classified."""
    if not signs.examined:
        return Presentation.NOT_EXAMINED
    if signs.nerve_root_signs:
        return Presentation.RADICULAR
    tests = list(SijTest)
    cluster = laslett_cluster({t: TestOutcome.POSITIVE if i < signs.sij_positives
                               else TestOutcome.NEGATIVE for i, t in enumerate(tests)})
    if cluster.verdict is ClusterVerdict.LIKELY:
        return Presentation.SIJ
    factors: dict[Factor, Effect] = {}
    if signs.claudication_worse:
        factors[CLAUDICATION_WORSE[0]] = Effect.WORSE
    if signs.claudication_better:
        factors[CLAUDICATION_BETTER[0]] = Effect.BETTER
    age = STENOSIS_AGE_OVER + 1 if signs.over_stenosis_age else STENOSIS_AGE_OVER
    if stenosis_pattern(age, Intake(factors=factors)):
        return Presentation.STENOSIS
    return Presentation.NON_SPECIFIC


@cache
def presentation_codes(presentation: Presentation) -> tuple[int, ...]:
    """Every sign code that classifies as ``presentation``."""
    codes = []
    for positives in range(len(SijTest) + 1):
        for flags in range(32):
            code = flags | positives << 5
            if classify_presentation(PresentationSigns.from_code(code)) is presentation:
                codes.append(code)
    return tuple(codes)


BOTHERSOMENESS_ORDER: tuple[Bothersomeness, ...] = tuple(Bothersomeness)


def startback_code(agree: tuple[bool, ...], bothersomeness: Bothersomeness) -> int:
    """Items 1-8 as bits and item 9 as a multiple of 256 (the database computes the same)."""
    return (sum(1 << i for i, yes in enumerate(agree) if yes)
            + 256 * BOTHERSOMENESS_ORDER.index(Bothersomeness(bothersomeness)))


@cache
def startback_codes(risk: StartBackRisk) -> tuple[int, ...]:
    """Every answer code Keele's scoring puts in ``risk``."""
    codes = []
    for bother in BOTHERSOMENESS_ORDER:
        for bits in range(256):
            agree = tuple(bool(bits >> i & 1) for i in range(8))
            if score_startback(agree, bother).risk is StartBackRisk(risk):
                codes.append(startback_code(agree, bother))
    return tuple(codes)


@dataclass(frozen=True, slots=True)
class ChangeRule:
    """How a measure's change from baseline is judged: the patient view's constants."""

    key: str
    label: str
    unit: str
    points: float
    pct: float | None
    """Percent improvement that also counts (None: points only)."""
    higher_is_better: bool
    floor: bool
    """C9: no MCID claimed from a baseline below ``points``."""

    @property
    def wording(self) -> str:
        """The rule in one line, e.g. ``2 points or 30% better (baseline 2 or more)``."""
        threshold = f"{self.points:g} {'points' if self.points != 1 else 'point'}"
        if self.pct is not None:
            threshold += f" or {self.pct:g}% better"
        else:
            threshold += " better"
        return threshold + (f" (baseline {self.points:g} or more)" if self.floor else "")


MEASURE_RULES: tuple[ChangeRule, ...] = (
    ChangeRule("nprs_back", "Pain (back)", "points", NPRS_MCID_POINTS, NPRS_MCID_PCT, False, True),
    ChangeRule("nprs_leg", "Pain (leg)", "points", NPRS_MCID_POINTS, NPRS_MCID_PCT, False, True),
    ChangeRule("odi", "ODI", "points", ODI_MCID_POINTS, ODI_MCID_PCT, False, True),
    ChangeRule("rmdq", "RMDQ", "points", RMDQ_MCID_POINTS, RMDQ_MCID_PCT, False, True),
    ChangeRule("psfs", "PSFS", "points", PSFS_MDC_MEAN, None, True, False),
)
"""The measures judged for a meaningful change, with the same thresholds as the patient view
(PSFS: the mean-score MDC the Progress tab's table uses)."""
