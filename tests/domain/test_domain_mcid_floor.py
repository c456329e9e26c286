"""C9: no MCID is claimed from a baseline below the smallest clinically important change."""

from __future__ import annotations

import pytest

from clinic_app.domain import interpretation as interp
from clinic_app.domain.measures.outcomes import VisitMeasures, score_visit
from clinic_app.domain.measures.scoring import (
    BASELINE_TOO_LOW,
    PainChange,
    nprs_change,
    odi_change,
    rmdq_change,
)
from clinic_app.domain.settings import ClinicalSettings


@pytest.mark.parametrize(
    ("baseline", "followup", "meets_abs", "meets_pct", "too_low", "verdict"),
    [
        (1, 0, False, False, True, "baseline_too_low"),  # C9's example: leg pain 1 → 0
        (0, 0, False, False, True, "baseline_too_low"),
        (1, 1, False, False, True, "baseline_too_low"),
        (1, 4, False, False, True, "worse"),  # a worsening is still reported as such
        (2, 0, True, True, False, "meets_both"),  # at the floor the MCID can be met
        (3, 2, False, True, False, "meets_pct"),
        (8, 6, True, False, False, "meets_abs"),
        (5, 4, False, False, False, "not_met"),
    ],
)
def test_nprs_floor(baseline: int, followup: int, meets_abs: bool, meets_pct: bool, too_low: bool,
                    verdict: str) -> None:
    change = nprs_change(baseline, followup)
    assert (change.meets_abs_mcid, change.meets_pct_mcid, change.baseline_too_low) == (
        meets_abs, meets_pct, too_low)
    assert interp.nprs_change_finding(baseline, followup, "Leg").verdict == verdict


def test_nprs_one_to_zero_reads_baseline_too_low() -> None:
    finding = interp.nprs_change_finding(1, 0, "Leg")
    assert finding.explanation == "Leg pain 1 → 0/10: improved by 1 point (100%) — baseline too low to judge"
    assert BASELINE_TOO_LOW == "baseline too low to judge"
    assert nprs_change(1, 0) == PainChange(1, 100.0, False, False)  # the Part A shape is unchanged


@pytest.mark.parametrize(
    ("baseline", "followup", "too_low", "meets", "verdict"),
    [
        (8.0, 0.0, True, False, "baseline_too_low"),
        (9.9, 2.0, True, False, "baseline_too_low"),
        (10.0, 0.0, False, True, "meets_both"),
        (20.0, 14.0, False, True, "meets_pct"),
        (6.0, 20.0, True, False, "worse"),
    ],
)
def test_odi_floor(baseline: float, followup: float, too_low: bool, meets: bool, verdict: str) -> None:
    change = odi_change(baseline, followup)
    assert (change.baseline_too_low, change.meets_mcid) == (too_low, meets)
    assert interp.odi_change_finding(baseline, followup).verdict == verdict


@pytest.mark.parametrize(
    ("baseline", "followup", "too_low", "meets", "verdict"),
    [
        (4, 0, True, False, "baseline_too_low"),
        (5, 0, False, True, "meets_both"),
        (12, 8, False, True, "meets_pct"),
        (3, 8, True, False, "worse"),
    ],
)
def test_rmdq_floor(baseline: int, followup: int, too_low: bool, meets: bool, verdict: str) -> None:
    change = rmdq_change(baseline, followup)
    assert (change.baseline_too_low, change.meets_mcid) == (too_low, meets)
    finding = interp.rmdq_change_finding(baseline, followup)
    assert finding.verdict == verdict
    assert finding.explanation.endswith(BASELINE_TOO_LOW) is (verdict == "baseline_too_low")


@pytest.mark.parametrize(
    ("limit", "sections", "percent"),
    [
        (2, (2, 2, 2, 2, 2, 2, 2, None, None, 2), 40.0),
        (1, (2, 2, 2, 2, 2, 2, 2, None, None, 2), None),
        (0, (3, 3, 3, 3, 3, 3, 3, None, 3, 3), None),
        (0, (1,) * 10, 20.0),
        (9, (5, None, None, None, None, None, None, None, None, None), 100.0),
    ],
)
def test_visit_odi_uses_the_practice_limit(limit: int, sections: tuple[int | None, ...],
                                           percent: float | None) -> None:
    scores = score_visit(VisitMeasures(odi=sections), ClinicalSettings(odi_max_missing=limit))
    assert (scores.odi.percent if scores.odi else None) == percent
    finding = interp.odi_finding(sections, ClinicalSettings(odi_max_missing=limit))
    assert (finding.verdict == "not_scored") is (percent is None)
