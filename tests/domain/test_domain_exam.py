"""Examination rules: Laslett cluster, SLR window, crossed SLR, slump, Schober, FABER."""

from __future__ import annotations

import pytest

from clinic_app.domain.exam.rules import (
    ClusterResult,
    ClusterVerdict,
    FaberPointsTo,
    RepeatedResponse,
    SchoberVerdict,
    Side,
    SijTest,
    SlrVerdict,
    SlumpVerdict,
    TestOutcome,
    crossed_slr_positive,
    faber_points_to,
    laslett_cluster,
    lowers_sij_likelihood,
    modified_schober,
    slr_classic_positive,
    slr_verdict,
    slump_verdict,
)
from clinic_app.domain.settings import ClinicalSettings

P, N, NT, U = "positive", "negative", "not_tested", "unable"
ORDER = list(SijTest)


def _cluster(*outcomes: str) -> dict[SijTest, TestOutcome]:
    return {test: TestOutcome(o) for test, o in zip(ORDER, outcomes, strict=False)}


@pytest.mark.parametrize(
    ("outcomes", "positives", "not_tested", "verdict"),
    [
        ((P, P, P, N, N, N), 3, 0, ClusterVerdict.LIKELY),
        ((P, P, P, P, P, P), 6, 0, ClusterVerdict.LIKELY),
        ((P, P, P), 3, 3, ClusterVerdict.LIKELY),  # missing tests count as not tested
        ((P, P, N, N, N, N), 2, 0, ClusterVerdict.NEGATIVE),
        ((N, N, N, N, N, N), 0, 0, ClusterVerdict.NEGATIVE),
        ((P, N, N, N, N, NT), 1, 1, ClusterVerdict.NEGATIVE),  # 1 + 1 < 3
        ((P, P, NT, N, N, N), 2, 1, ClusterVerdict.INDETERMINATE),  # 2 + 1 = 3
        ((P, P, U, N, N, N), 2, 1, ClusterVerdict.INDETERMINATE),  # unable = not tested
        ((P, NT, NT, N, N, N), 1, 2, ClusterVerdict.INDETERMINATE),
        ((), 0, 6, ClusterVerdict.INDETERMINATE),
        ((N, N, N, NT, NT, NT), 0, 3, ClusterVerdict.INDETERMINATE),
        ((N, N, N, N, NT, NT), 0, 2, ClusterVerdict.NEGATIVE),
    ],
)
def test_laslett_cluster(
    outcomes: tuple[str, ...], positives: int, not_tested: int, verdict: ClusterVerdict
) -> None:
    result = laslett_cluster(_cluster(*outcomes))
    assert result == ClusterResult(positives, not_tested, verdict)


def test_laslett_accepts_strings_and_lists_positive_tests() -> None:
    result = laslett_cluster(
        {"distraction": "positive", "thigh_thrust": "positive", "compression": "positive"}
    )
    assert result.verdict == "likely"
    assert result.positive_tests == (
        SijTest.DISTRACTION,
        SijTest.THIGH_THRUST,
        SijTest.COMPRESSION,
    )
    assert TestOutcome("unable_to_perform") is TestOutcome.UNABLE


@pytest.mark.parametrize(
    ("result", "angle", "below_knee", "expected"),
    [
        (P, 30, True, True),
        (P, 70, True, True),
        (P, 45, True, True),
        (P, 29, True, False),
        (P, 71, True, False),
        (P, 45, False, False),
        (P, None, True, False),
        (N, 45, True, False),
        (NT, 45, True, False),
    ],
)
def test_slr_classic_positive_angle_window(
    result: str, angle: int | None, below_knee: bool, expected: bool
) -> None:
    assert slr_classic_positive(result, angle, below_knee) is expected


@pytest.mark.parametrize(
    ("result", "angle", "below_knee", "verdict"),
    [
        (P, 20, True, SlrVerdict.ATYPICAL_RECHECK),
        (P, 29, False, SlrVerdict.ATYPICAL_RECHECK),
        (P, 50, True, SlrVerdict.CLASSIC_POSITIVE),
        (P, 80, True, SlrVerdict.POSITIVE_NOT_CLASSIC),
        (P, 50, False, SlrVerdict.POSITIVE_NOT_CLASSIC),
        (N, 80, False, SlrVerdict.NEGATIVE),
        (U, None, False, SlrVerdict.NOT_TESTED),
    ],
)
def test_slr_verdict(result: str, angle: int | None, below_knee: bool, verdict: SlrVerdict) -> None:
    assert slr_verdict(result, angle, below_knee) == verdict


def test_slr_window_is_configurable() -> None:
    narrow = ClinicalSettings(slr_min_deg=35, slr_max_deg=60)
    assert slr_classic_positive(P, 32, True, narrow) is False
    assert slr_verdict(P, 32, True, narrow) == SlrVerdict.ATYPICAL_RECHECK
    assert slr_classic_positive(P, 60, True, narrow) is True


def test_crossed_slr() -> None:
    assert crossed_slr_positive(P, Side.RIGHT, Side.LEFT) is True
    assert crossed_slr_positive(P, "left", "left") is False
    assert crossed_slr_positive(P) is True
    assert crossed_slr_positive(N, "right", "left") is False


def test_slump_needs_structural_differentiation() -> None:
    assert slump_verdict(P, True) == SlumpVerdict.POSITIVE
    assert slump_verdict(P, False) == SlumpVerdict.NOT_DIFFERENTIATED
    assert slump_verdict(P, None) == SlumpVerdict.NOT_DIFFERENTIATED
    assert slump_verdict(N, None) == SlumpVerdict.NEGATIVE


@pytest.mark.parametrize(
    ("baseline", "flexion", "increase", "verdict"),
    [
        (15, 19.9, 4.9, SchoberVerdict.REDUCED),
        (15, 20, 5.0, SchoberVerdict.NORMAL),
        (15, 22.5, 7.5, SchoberVerdict.NORMAL),
        (15, 15, 0.0, SchoberVerdict.REDUCED),
    ],
)
def test_modified_schober(baseline: float, flexion: float, increase: float, verdict: SchoberVerdict) -> None:
    result = modified_schober(baseline, flexion)
    assert result.increase_cm == pytest.approx(increase)
    assert result.verdict == verdict


@pytest.mark.parametrize(
    ("site", "points"),
    [
        ("groin", FaberPointsTo.HIP),
        ("posterior_SIJ", FaberPointsTo.SIJ),
        ("none", FaberPointsTo.NEGATIVE),
        ("lumbar", FaberPointsTo.LUMBAR),
        ("lateral_hip", FaberPointsTo.NON_SPECIFIC),
    ],
)
def test_faber_site(site: str, points: FaberPointsTo) -> None:
    assert faber_points_to(site) == points


def test_centralisation_lowers_sij_likelihood() -> None:
    assert lowers_sij_likelihood(RepeatedResponse.CENTRALISES) is True
    assert lowers_sij_likelihood("peripheralises") is False
    assert lowers_sij_likelihood(None) is False


def test_enums_are_str_enums() -> None:
    values: list[str] = [ClusterVerdict.LIKELY, TestOutcome.NOT_TESTED, Side.NOT_APPLICABLE]
    assert values == ["likely", "not_tested", "n/a"]
    assert all(isinstance(v, str) for v in values)
    assert Side.LEFT.opposite == Side.RIGHT
