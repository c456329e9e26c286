"""Examination rules: SIJ cluster, neural tension tests, Schober, FABER, repeated movements.

Neurological screen rules live in ``exam_neuro``; imaging and EMG prompts in ``imaging``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeAlias

from clinic_app.domain._validation import check_bool, check_int, check_number, coerce_enum
from clinic_app.domain.errors import InvalidValue
from clinic_app.domain.messages import msg
from clinic_app.domain.settings import ClinicalSettings, resolve

SCHOBER_MIN_INCREASE_CM = 5.0
"""Modified Schober: an increase below this is reduced lumbar flexion."""


class TestOutcome(enum.StrEnum):
    """Result of a clinical test; 'unable_to_perform' is accepted as an alias of 'unable'."""

    __test__ = False  # not a pytest test class

    POSITIVE = "positive"
    NEGATIVE = "negative"
    NOT_TESTED = "not_tested"
    UNABLE = "unable"

    @classmethod
    def _missing_(cls, value: object) -> TestOutcome | None:
        """Accept the long form used in the recording model."""
        return cls.UNABLE if value == "unable_to_perform" else None


class Side(enum.StrEnum):
    """Body side of a finding."""

    LEFT = "left"
    RIGHT = "right"
    BILATERAL = "bilateral"
    NOT_APPLICABLE = "n/a"

    @property
    def opposite(self) -> Side:
        """Return the other side for left/right, else the side itself."""
        return {Side.LEFT: Side.RIGHT, Side.RIGHT: Side.LEFT}.get(self, self)


class SijTest(enum.StrEnum):
    """The six provocation tests of the Laslett cluster."""

    DISTRACTION = "distraction"
    THIGH_THRUST = "thigh_thrust"
    COMPRESSION = "compression"
    SACRAL_THRUST = "sacral_thrust"
    GAENSLEN_LEFT = "gaenslen_left"
    GAENSLEN_RIGHT = "gaenslen_right"

    @property
    def label(self) -> str:
        """Return the short display name."""
        return _SIJ_LABELS[self]


_SIJ_LABELS: dict[SijTest, str] = {
    SijTest.DISTRACTION: "distraction",
    SijTest.THIGH_THRUST: "thigh thrust",
    SijTest.COMPRESSION: "compression",
    SijTest.SACRAL_THRUST: "sacral thrust",
    SijTest.GAENSLEN_LEFT: "Gaenslen left",
    SijTest.GAENSLEN_RIGHT: "Gaenslen right",
}


SijResults: TypeAlias = Mapping[SijTest, str] | Mapping[str, str]
"""SIJ test -> outcome, keyed and valued by enum members or their string values."""


class ClusterVerdict(enum.StrEnum):
    """Laslett cluster verdict."""

    LIKELY = "likely"
    NEGATIVE = "negative"
    INDETERMINATE = "indeterminate"


@dataclass(frozen=True, slots=True)
class ClusterResult:
    """Laslett cluster counts and verdict (positive_tests is informational, not compared)."""

    positives: int
    not_tested: int
    verdict: ClusterVerdict
    positive_tests: tuple[SijTest, ...] = field(default=(), compare=False)
    untested_tests: tuple[SijTest, ...] = field(default=(), compare=False)


def laslett_cluster(results: SijResults) -> ClusterResult:
    """Apply Laslett 2005 (>=3 of 6 positive); missing or 'unable' counts as not tested."""
    outcomes: dict[SijTest, TestOutcome] = {}
    for key, value in results.items():
        test = coerce_enum(SijTest, key, "SIJ test")
        outcomes[test] = coerce_enum(TestOutcome, value, f"SIJ test {test.value} result")
    positive = tuple(t for t in SijTest if outcomes.get(t) == TestOutcome.POSITIVE)
    untested = tuple(
        t
        for t in SijTest
        if outcomes.get(t, TestOutcome.NOT_TESTED) in (TestOutcome.NOT_TESTED, TestOutcome.UNABLE)
    )
    pos, nt = len(positive), len(untested)
    if pos >= 3:
        verdict = ClusterVerdict.LIKELY
    elif pos + nt < 3:
        verdict = ClusterVerdict.NEGATIVE
    else:
        verdict = ClusterVerdict.INDETERMINATE
    return ClusterResult(pos, nt, verdict, positive_tests=positive, untested_tests=untested)


class SlrVerdict(enum.StrEnum):
    """Straight-leg-raise interpretation."""

    CLASSIC_POSITIVE = "classic_positive"
    ATYPICAL_RECHECK = "atypical_recheck"
    POSITIVE_NOT_CLASSIC = "positive_not_classic"
    NEGATIVE = "negative"
    NOT_TESTED = "not_tested"


def _slr_inputs(
    result: TestOutcome | str, angle_deg: int | None, below_knee: bool
) -> tuple[TestOutcome, int | None]:
    """Validate SLR inputs."""
    outcome = coerce_enum(TestOutcome, result, "SLR result")
    angle = None if angle_deg is None else check_int(angle_deg, "SLR angle_deg", 0, 90)
    check_bool(below_knee, "SLR below_knee")
    return outcome, angle


def slr_classic_positive(
    result: TestOutcome | str,
    angle_deg: int | None,
    below_knee: bool,
    settings: ClinicalSettings | None = None,
) -> bool:
    """Return True for positive, angle within 30-70 degrees and symptoms below the knee."""
    cfg = resolve(settings)
    outcome, angle = _slr_inputs(result, angle_deg, below_knee)
    return (
        outcome == TestOutcome.POSITIVE
        and angle is not None
        and cfg.slr_min_deg <= angle <= cfg.slr_max_deg
        and below_knee
    )


def slr_verdict(
    result: TestOutcome | str,
    angle_deg: int | None,
    below_knee: bool,
    settings: ClinicalSettings | None = None,
) -> SlrVerdict:
    """Classify an SLR; a positive below the angle window asks for a recheck."""
    cfg = resolve(settings)
    outcome, angle = _slr_inputs(result, angle_deg, below_knee)
    if outcome in (TestOutcome.NOT_TESTED, TestOutcome.UNABLE):
        return SlrVerdict.NOT_TESTED
    if outcome == TestOutcome.NEGATIVE:
        return SlrVerdict.NEGATIVE
    if angle is not None and angle < cfg.slr_min_deg:
        return SlrVerdict.ATYPICAL_RECHECK
    if slr_classic_positive(outcome, angle, below_knee, cfg):
        return SlrVerdict.CLASSIC_POSITIVE
    return SlrVerdict.POSITIVE_NOT_CLASSIC


def crossed_slr_positive(
    result: TestOutcome | str,
    side_raised: Side | str | None = None,
    pain_side: Side | str | None = None,
) -> bool:
    """Return True when raising one leg reproduces pain in the opposite (symptomatic) leg."""
    outcome = coerce_enum(TestOutcome, result, "crossed SLR result")
    raised = None if side_raised is None else coerce_enum(Side, side_raised, "crossed SLR side raised")
    pain = None if pain_side is None else coerce_enum(Side, pain_side, "crossed SLR side of pain")
    if outcome != TestOutcome.POSITIVE:
        return False
    if raised in (Side.LEFT, Side.RIGHT) and pain in (Side.LEFT, Side.RIGHT):
        return raised != pain
    return True


class SlumpVerdict(enum.StrEnum):
    """Slump test interpretation with structural differentiation."""

    POSITIVE = "positive"
    NOT_DIFFERENTIATED = "not_differentiated"
    NEGATIVE = "negative"
    NOT_TESTED = "not_tested"


def slump_verdict(result: TestOutcome | str, changes_with_neck_release: bool | None) -> SlumpVerdict:
    """Positive only when familiar symptoms are reproduced and change on neck release."""
    outcome = coerce_enum(TestOutcome, result, "slump result")
    if changes_with_neck_release is not None:
        check_bool(changes_with_neck_release, "slump changes_with_neck_release")
    if outcome in (TestOutcome.NOT_TESTED, TestOutcome.UNABLE):
        return SlumpVerdict.NOT_TESTED
    if outcome == TestOutcome.NEGATIVE:
        return SlumpVerdict.NEGATIVE
    return SlumpVerdict.POSITIVE if changes_with_neck_release else SlumpVerdict.NOT_DIFFERENTIATED


class SchoberVerdict(enum.StrEnum):
    """Modified Schober interpretation."""

    NORMAL = "normal"
    REDUCED = "reduced"


@dataclass(frozen=True, slots=True)
class SchoberResult:
    """Modified Schober measurement: increase = flexion - baseline span."""

    baseline_cm: float
    flexion_cm: float
    increase_cm: float
    verdict: SchoberVerdict


def modified_schober(baseline_cm: float, flexion_cm: float) -> SchoberResult:
    """Interpret the modified Schober: an increase below 5 cm is reduced lumbar flexion."""
    base = check_number(baseline_cm, "Schober baseline_cm", 1, 50)
    flex = check_number(flexion_cm, "Schober flexion_cm", 1, 60)
    if flex < base:
        raise InvalidValue(msg("exam.rules.schober_flexion_cm_must_least", base=base, flex=flex))
    increase = flex - base
    verdict = SchoberVerdict.REDUCED if increase < SCHOBER_MIN_INCREASE_CM else SchoberVerdict.NORMAL
    return SchoberResult(base, flex, increase, verdict)


class FaberSite(enum.StrEnum):
    """Where FABER (Patrick) provoked pain."""

    NONE = "none"
    GROIN = "groin"
    LATERAL_HIP = "lateral_hip"
    POSTERIOR_SIJ = "posterior_SIJ"
    LUMBAR = "lumbar"


class FaberPointsTo(enum.StrEnum):
    """Structure suggested by the FABER pain site."""

    NEGATIVE = "negative"
    HIP = "hip"
    SIJ = "sij"
    LUMBAR = "lumbar"
    NON_SPECIFIC = "non_specific"


def faber_points_to(pain_site: FaberSite | str) -> FaberPointsTo:
    """Groin pain points to the hip; localised posterior SIJ pain points to the SIJ."""
    site = coerce_enum(FaberSite, pain_site, "FABER pain_site")
    return {
        FaberSite.NONE: FaberPointsTo.NEGATIVE,
        FaberSite.GROIN: FaberPointsTo.HIP,
        FaberSite.LATERAL_HIP: FaberPointsTo.NON_SPECIFIC,
        FaberSite.POSTERIOR_SIJ: FaberPointsTo.SIJ,
        FaberSite.LUMBAR: FaberPointsTo.LUMBAR,
    }[site]


class RepeatedResponse(enum.StrEnum):
    """Symptom response to repeated lumbar movements."""

    CENTRALISES = "centralises"
    PERIPHERALISES = "peripheralises"
    NO_EFFECT = "no_effect"


def lowers_sij_likelihood(response: RepeatedResponse | str | None) -> bool:
    """Return True when symptoms centralise (suggests a discogenic source, not the SIJ)."""
    if response is None:
        return False
    return (
        coerce_enum(RepeatedResponse, response, "repeated-movement response") == RepeatedResponse.CENTRALISES
    )
