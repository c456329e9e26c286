"""The caseload's clinical rules: presentation and STarT Back classification (table-driven), and
the database's MCID judgement checked against the patient view's functions for every score."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import Float, literal, select, union_all

from clinic_app.domain.caseload import (
    MEASURE_RULES,
    Presentation,
    PresentationSigns,
    classify_presentation,
    presentation_codes,
    startback_code,
    startback_codes,
)
from clinic_app.domain.caseload_figures import MeasureOutcome, median_text, reached_text, share
from clinic_app.domain.measures.scoring import (
    NPRS_MCID_POINTS,
    ODI_MCID_POINTS,
    nprs_change,
    odi_change,
    psfs_change,
    rmdq_change,
)
from clinic_app.domain.measures.startback import Bothersomeness, StartBackRisk, score_startback
from clinic_app.persistence.db import Database
from clinic_app.services.caseload_sql_measures import change


def _signs(**kw: object) -> PresentationSigns:
    base: dict[str, object] = {"examined": True, "sij_positives": 0, "nerve_root_signs": False,
                               "over_stenosis_age": False, "claudication_worse": False,
                               "claudication_better": False}
    return PresentationSigns(**(base | kw))  # type: ignore[arg-type]


@pytest.mark.parametrize(("signs", "expected"), [
    (_signs(examined=False, nerve_root_signs=True), Presentation.NOT_EXAMINED),
    (_signs(), Presentation.NON_SPECIFIC),
    (_signs(nerve_root_signs=True, sij_positives=4), Presentation.RADICULAR),
    (_signs(sij_positives=3), Presentation.SIJ),
    (_signs(sij_positives=2), Presentation.NON_SPECIFIC),
    (_signs(over_stenosis_age=True, claudication_worse=True, claudication_better=True),
     Presentation.STENOSIS),
    (_signs(over_stenosis_age=False, claudication_worse=True, claudication_better=True),
     Presentation.NON_SPECIFIC),
    (_signs(over_stenosis_age=True, claudication_worse=True), Presentation.NON_SPECIFIC),
    (_signs(sij_positives=3, over_stenosis_age=True, claudication_worse=True,
            claudication_better=True), Presentation.SIJ),
])
def test_presentation_classification(signs: PresentationSigns, expected: Presentation) -> None:
    assert classify_presentation(signs) is expected
    assert PresentationSigns.from_code(signs.code) == signs
    assert signs.code in presentation_codes(expected)


def test_every_sign_code_has_exactly_one_presentation() -> None:
    codes = [set(presentation_codes(p)) for p in Presentation]
    assert sum(len(c) for c in codes) == 7 * 32
    assert set().union(*codes) == {f | n << 5 for f in range(32) for n in range(7)}


def test_startback_codes_follow_keele_scoring() -> None:
    seen: set[int] = set()
    for risk in StartBackRisk:
        codes = set(startback_codes(risk))
        assert not codes & seen
        seen |= codes
    assert len(seen) == 256 * len(Bothersomeness)
    agree = (False,) * 4 + (True,) * 4
    assert startback_code(agree, Bothersomeness.VERY_MUCH) in startback_codes(StartBackRisk.HIGH)
    assert score_startback(agree, Bothersomeness.VERY_MUCH).risk is StartBackRisk.HIGH


def test_rules_are_the_patient_views_constants() -> None:
    rules = {r.key: r for r in MEASURE_RULES}
    assert rules["nprs_back"].points == NPRS_MCID_POINTS and rules["odi"].points == ODI_MCID_POINTS
    assert rules["nprs_back"].wording == "2 points or 30% better (baseline 2 or more)"
    assert rules["psfs"].wording == "2 points better"


def _patient_view(key: str, base: float, last: float) -> tuple[bool, bool]:
    """(judged, met) as the Progress tab's since-baseline table decides them."""
    if key.startswith("nprs"):
        c = nprs_change(int(base), int(last))
        return not c.baseline_too_low, c.meets_abs_mcid or c.meets_pct_mcid
    if key == "odi":
        s = odi_change(base, last)
        return not s.baseline_too_low, s.meets_mcid
    if key == "rmdq":
        s = rmdq_change(int(base), int(last))
        return not s.baseline_too_low, s.meets_mcid
    p = psfs_change((base,), (last,))
    return True, p.exceeds_mdc


def _pairs(key: str) -> list[tuple[float, float]]:
    if key.startswith("nprs"):
        return [(float(b), float(f)) for b, f in itertools.product(range(11), repeat=2)]
    if key == "rmdq":
        return [(float(b), float(f)) for b, f in itertools.product(range(25), repeat=2)]
    if key == "odi":  # every score 20 x sum / answered can take, 10 or 9 sections answered
        scores = sorted({20 * s / n for n in (9, 10) for s in range(5 * n + 1)})
        return [(b, f) for b in scores for f in scores[::3]]
    ratings = [x / 2 for x in range(21)]
    return list(itertools.product(ratings, repeat=2))


@pytest.mark.parametrize("rule", MEASURE_RULES, ids=lambda r: r.key)
def test_database_judges_every_change_as_the_patient_view(db: Database, rule: object) -> None:
    from clinic_app.domain.caseload import ChangeRule

    assert isinstance(rule, ChangeRule)
    pairs = _pairs(rule.key)
    got = {}
    for start in range(0, len(pairs), 400):  # SQLite's limit on one compound SELECT is 500
        table = union_all(*(select(literal(b, Float).label("b"), literal(f, Float).label("f"))
                            for b, f in pairs[start:start + 400])).subquery("pairs")
        _improvement, judged, met = change(rule, table.c.b, table.c.f)
        with db.reading() as s:
            rows = s.execute(select(table.c.b, table.c.f, judged, met)).all()
        got |= {(b, f): (bool(j), bool(m)) for b, f, j, m in rows}
    for b, f in pairs:
        judged_view, met_view = _patient_view(rule.key, b, f)
        assert got[(b, f)] == (judged_view, judged_view and met_view), (rule.key, b, f)


def test_small_numbers_are_not_turned_into_percentages() -> None:
    assert share(3, 4) == "3 of 4" and share(3, 5) == "3 of 5 (60%)" and share(0, 0) == "none"
    few = MeasureOutcome("odi", "ODI", "10 points", 4, 2, with_both=4, judged=4, reached=2,
                         median_improvement=7.5)
    assert reached_text(few) == "2 of 4: too few episodes to compare"
    assert median_text(few) == "too few episodes to compare" and few.reached_pct is None
    enough = MeasureOutcome("odi", "ODI", "10 points", 9, 2, with_both=6, judged=5, reached=2,
                            median_improvement=7.5)
    assert reached_text(enough) == "2 of 5 (40%)" and median_text(enough) == "+7.5"
    low = MeasureOutcome("nprs_leg", "Pain (leg)", "2 points", 3, 1, with_both=3, judged=0)
    assert reached_text(low) == "every baseline was too low to judge"
