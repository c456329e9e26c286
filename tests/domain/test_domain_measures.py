"""Outcome-measure scoring against the CLINICAL.md vectors (sections 4.1-4.5)."""

from __future__ import annotations

import pytest

from clinic_app.domain.measures.scoring import (
    ODI_SECTION_LABELS,
    STARTBACK_ITEM_LABELS,
    Bothersomeness,
    OdiBand,
    OdiScore,
    PainChange,
    PsfsMid,
    StartBackRisk,
    StartBackScore,
    matched_care,
    nprs_change,
    odi_change,
    psfs_change,
    rmdq_change,
    score_odi,
    score_psfs,
    score_rmdq,
    score_startback,
)


@pytest.mark.parametrize(
    ("sections", "percent", "band", "answered"),
    [
        ([2, 2, 2, 2, 2, 2, 1, 1, 1, 1], 32.0, OdiBand.MODERATE, 10),
        ([2, 2, 2, 2, 2, 2, 1, 1, 2, None], 35.56, OdiBand.MODERATE, 9),
        ([0] * 10, 0.0, OdiBand.MINIMAL, 10),
        ([5] * 10, 100.0, OdiBand.BED_BOUND, 10),
        ([1] * 10, 20.0, OdiBand.MINIMAL, 10),
        ([2] * 10, 40.0, OdiBand.MODERATE, 10),
        ([3] * 10, 60.0, OdiBand.SEVERE, 10),
        ([4] * 10, 80.0, OdiBand.VERY_SEVERE, 10),
        ([4] * 9 + [5], 82.0, OdiBand.BED_BOUND, 10),
    ],
)
def test_score_odi_table(sections: list[int | None], percent: float, band: OdiBand, answered: int) -> None:
    score = score_odi(sections)
    assert score is not None
    assert score.percent == pytest.approx(percent, abs=0.005)
    assert score.band == band
    assert score.answered == answered


def test_score_odi_nine_answered_keeps_full_precision_and_displays_one_decimal() -> None:
    score = score_odi([2, 2, 2, 2, 2, 2, 1, 1, 2, None])
    assert score is not None
    assert score.percent == pytest.approx(16 / 45 * 100)
    assert score.display == "35.6%"


def test_score_odi_bands_on_unrounded_percent() -> None:
    # 9 answered, sum 9 -> 20.0% exactly (minimal); sum 10 of 9 answered -> 22.2% (moderate)
    at_limit = score_odi([1] * 9 + [None])
    just_over = score_odi([2] + [1] * 8 + [None])
    assert at_limit == OdiScore(20.0, OdiBand.MINIMAL, 9)
    assert just_over is not None and just_over.band == OdiBand.MODERATE
    # 40.0 exactly stays moderate; 8 answered sum 17 -> 42.5 severe
    assert score_odi([2] * 8 + [None, None]) == OdiScore(40.0, OdiBand.MODERATE, 8)
    severe = score_odi([3] + [2] * 7 + [None, None])
    assert severe is not None and severe.band == OdiBand.SEVERE


def test_score_odi_missing_sections() -> None:
    assert score_odi([1] * 8 + [None, None]) is not None
    assert score_odi([1] * 7 + [None] * 3) is None
    assert score_odi([1] * 7 + [None] * 3, max_missing=3) is not None
    assert score_odi([None] * 10, max_missing=10) is None


def test_odi_labels_are_topic_labels_only() -> None:
    assert len(ODI_SECTION_LABELS) == 10
    assert ODI_SECTION_LABELS[2] == "Lifting"
    assert ODI_SECTION_LABELS[7] == "Sex life"
    assert all(len(label) < 20 for label in ODI_SECTION_LABELS)


def test_score_rmdq() -> None:
    assert score_rmdq([]) == 0
    assert score_rmdq([1, 5, 24]) == 3
    assert score_rmdq(range(1, 25)) == 24


def test_score_psfs_vector() -> None:
    assert score_psfs([3, 5, 4]) == pytest.approx(4.00)
    assert score_psfs([6, 7, 6]) == pytest.approx(6.33, abs=0.005)
    assert score_psfs([7]) == 7.0


def test_psfs_change_vector_exceeds_mdc_and_medium_mid() -> None:
    change = psfs_change([3, 5, 4], [6, 7, 6])
    assert change.baseline_mean == pytest.approx(4.0)
    assert change.followup_mean == pytest.approx(6.3333, abs=1e-4)
    assert change.change == pytest.approx(2.33, abs=0.005)
    assert change.exceeds_mdc is True
    assert change.mid == PsfsMid.MEDIUM
    assert change.activity_changes == pytest.approx((3.0, 2.0, 2.0))
    assert change.activities_beyond_mdc == (1,)


@pytest.mark.parametrize(
    ("after", "mid", "mdc"),
    [
        ([4, 6, 5], PsfsMid.NONE, False),  # +1.0
        ([5, 6, 4.9], PsfsMid.SMALL, False),  # +1.3
        ([6, 7, 5], PsfsMid.SMALL, True),  # +2.0
        ([6, 7, 5.9], PsfsMid.MEDIUM, True),  # +2.3
        ([6, 8, 6.1], PsfsMid.LARGE, True),  # +2.7
        ([2, 4, 3], PsfsMid.NONE, False),  # -1.0
    ],
)
def test_psfs_change_levels(after: list[float], mid: PsfsMid, mdc: bool) -> None:
    change = psfs_change([3, 5, 4], after)
    assert change.mid == mid
    assert change.exceeds_mdc is mdc


@pytest.mark.parametrize(
    ("agree", "bother", "total", "psych", "risk"),
    [
        ([0, 0, 0, 0, 1, 1, 1, 0], "not_at_all", 3, 3, StartBackRisk.LOW),
        ([1, 1, 1, 1, 0, 0, 0, 0], "not_at_all", 4, 0, StartBackRisk.MEDIUM),
        ([1, 0, 0, 0, 1, 1, 1, 0], "slightly", 4, 3, StartBackRisk.MEDIUM),
        ([0, 0, 0, 0, 1, 1, 1, 1], "very_much", 5, 5, StartBackRisk.HIGH),
        ([0] * 8, "moderately", 0, 0, StartBackRisk.LOW),
        ([1] * 8, "extremely", 9, 5, StartBackRisk.HIGH),
        ([1, 1, 1, 1, 1, 1, 1, 0], "slightly", 7, 3, StartBackRisk.MEDIUM),
    ],
)
def test_score_startback_table(
    agree: list[int], bother: str, total: int, psych: int, risk: StartBackRisk
) -> None:
    score = score_startback([bool(a) for a in agree], bother)
    assert score == StartBackScore(total, psych, risk)
    assert score_startback(agree, bother) == score  # 0/1 answers are read as disagree/agree


def test_startback_accepts_enum_and_labels() -> None:
    score = score_startback([False] * 8, Bothersomeness.VERY_MUCH)
    assert score == StartBackScore(1, 1, StartBackRisk.LOW)
    assert STARTBACK_ITEM_LABELS[4] == "fear"
    assert len(STARTBACK_ITEM_LABELS) == 9


def test_matched_care_per_risk() -> None:
    assert "reassurance" in matched_care(StartBackRisk.LOW).lower()
    assert matched_care("medium") == "Physiotherapy"
    assert matched_care(StartBackRisk.HIGH) == "Psychologically informed physiotherapy"


@pytest.mark.parametrize(
    ("baseline", "followup", "expected"),
    [
        (7, 3, PainChange(4, 4 / 7 * 100, True, True)),
        (3, 2, PainChange(1, 1 / 3 * 100, False, True)),
        (8, 6, PainChange(2, 25.0, True, False)),
        (0, 0, PainChange(0, None, False, False)),
        (2, 5, PainChange(-3, -150.0, False, False)),
        (10, 7, PainChange(3, 30.0, True, True)),
    ],
)
def test_nprs_change(baseline: int, followup: int, expected: PainChange) -> None:
    assert nprs_change(baseline, followup) == expected


def test_odi_change_mcid_points_or_percent() -> None:
    big = odi_change(50, 40)
    assert (big.abs_change, big.meets_abs_mcid, big.meets_pct_mcid, big.meets_mcid) == (
        10,
        True,
        False,
        True,
    )
    pct = odi_change(20, 14)
    assert pct.pct_change == pytest.approx(30.0)
    assert (pct.meets_abs_mcid, pct.meets_pct_mcid) == (False, True)
    small = odi_change(40, 32)
    assert small.meets_mcid is False
    assert odi_change(0, 10).pct_change is None


def test_rmdq_change_mcid() -> None:
    assert rmdq_change(12, 7).meets_abs_mcid is True
    assert rmdq_change(12, 8).meets_mcid is True  # 33%
    assert rmdq_change(20, 16).meets_mcid is False  # 4 points, 20%
    assert rmdq_change(5, 9).abs_change == -4
