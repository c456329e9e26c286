"""Outcome records and instrument text packs."""

from __future__ import annotations

import copy

import pytest

from clinic_app.domain.measures.instrument_text import DEFAULT_TEXT, PACK_FORMAT, parse_text_pack
from clinic_app.domain.measures.outcomes import (
    NprsValues,
    PsfsRatings,
    StartBackAnswers,
    VisitMeasures,
    measures_from_data,
    measures_to_data,
    score_visit,
    validate_measures,
)
from clinic_app.domain.measures.startback import Bothersomeness

PACK = {
    "format": PACK_FORMAT,
    "licence": "Example Practice, licence 1234",
    "odi": {"sections": [{"title": f"Section {i}", "options": [f"S{i} option {j}" for j in range(6)]}
                         for i in range(1, 11)]},
    "startback": {"items": [f"Item {i}" for i in range(1, 10)],
                  "item9_options": ["A", "B", "C", "D", "E"]},
}


def test_json_round_trip() -> None:
    m = VisitMeasures(NprsValues(3, 1, 6), (1,) * 10, frozenset({2, 3}), PsfsRatings(4, (3.0, 5.5)),
                      StartBackAnswers((True,) * 8, Bothersomeness.SLIGHTLY))
    assert measures_from_data(measures_to_data(m)) == m


def test_odi_vectors_through_score_visit() -> None:
    nine = (2, 2, 2, 2, 2, 2, 2, 1, 1, None)  # 16 over 9 answered sections
    score = score_visit(VisitMeasures(odi=nine)).odi
    assert score is not None and round(score.percent, 2) == 35.56


def test_psfs_count_must_match() -> None:
    m = VisitMeasures(psfs=PsfsRatings(1, (3, 4, 5)))
    assert validate_measures(m, 3) == {}
    assert "Rate each of the 4" in validate_measures(m, 4)["psfs"]
    assert "Name the patient's" in validate_measures(m, None)["psfs"]


def test_text_pack_replaces_short_labels() -> None:
    text = parse_text_pack(PACK)
    assert text.odi_sections[2] == "Section 3" and text.odi_options[0][5] == "S1 option 5"
    assert text.startback_items[4] == "Item 5" and "licence 1234" in text.source
    assert DEFAULT_TEXT.odi_sections[2] == "Lifting"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.update(format="x"), "format"),
        (lambda p: p.update(licence=" "), "licence"),
        (lambda p: p["odi"]["sections"].pop(), "10 ODI sections"),
        (lambda p: p["odi"]["sections"][3]["options"].pop(), "ODI section 4 options"),
        (lambda p: p["startback"]["items"].pop(), "STarT Back items"),
    ],
)
def test_bad_text_pack_is_refused_with_where(change: object, message: str) -> None:
    pack = copy.deepcopy(PACK)
    change(pack)  # type: ignore[operator]
    with pytest.raises(ValueError, match=message):
        parse_text_pack(pack)
