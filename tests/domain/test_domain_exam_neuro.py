"""Neurological screen: deficit rule, root localisation, bilateral signs and N1 (section 3.4)."""

from __future__ import annotations

from typing import Any

import pytest

from clinic_app.domain.exam.neuro import (
    MrcGrade,
    MrcModifier,
    NeuroScreen,
    ReflexGrade,
    Root,
    SideNeuro,
    assess_neuro,
    localisation_text,
    neuro_deficit,
)
from clinic_app.domain.exam.rules import Side

NORMAL = SideNeuro.from_values(
    power={root: 5 for root in Root},
    sensation={root: "normal" for root in Root},
    reflexes={"patellar": "2+", "achilles": "2+"},
)


def _screen(left: SideNeuro = NORMAL, right: SideNeuro = NORMAL) -> NeuroScreen:
    return NeuroScreen(left=left, right=right)


def _with(base: SideNeuro, **changes: dict[str, Any]) -> SideNeuro:
    return SideNeuro.from_values(
        power={**base.power, **changes.get("power", {})},
        sensation={**base.sensation, **changes.get("sensation", {})},
        reflexes={**base.reflexes, **changes.get("reflexes", {})},
    )


def test_normal_screen_has_no_deficit() -> None:
    result = assess_neuro(_screen())
    assert result.deficit is False
    assert result.abnormalities == ()
    assert result.bilateral is False
    assert result.raises_n1 is False


@pytest.mark.parametrize(
    "left",
    [
        _with(NORMAL, power={"L5": "4+"}),
        _with(NORMAL, power={"S1": 4}),
        _with(NORMAL, sensation={"L4": "reduced"}),
        _with(NORMAL, sensation={"L2": "hypersensitive"}),
        _with(NORMAL, reflexes={"achilles": "1+"}),
        _with(NORMAL, reflexes={"patellar": "3+"}),
    ],
)
def test_deficit_rule(left: SideNeuro) -> None:
    assert neuro_deficit(_screen(left=left)) is True


def test_symmetric_reduced_reflexes_are_not_a_deficit() -> None:
    both = _with(NORMAL, reflexes={"achilles": "1+"})
    assert neuro_deficit(_screen(both, both)) is False


def test_left_l5_localisation_matches_the_plain_words_example() -> None:
    left = _with(NORMAL, power={"L5": 4}, sensation={"L5": "reduced"})
    result = assess_neuro(_screen(left=left))
    assert result.deficit is True
    (loc,) = result.localisations
    assert loc.side == Side.LEFT
    assert loc.roots == (Root.L5,)
    assert localisation_text(loc) == (
        "weak great-toe extension and reduced sensation on the dorsum of the left foot: "
        "consistent with left L5"
    )


def test_right_s1_localisation_with_reflex() -> None:
    right = _with(NORMAL, power={"S1": "4-"}, reflexes={"achilles": "0"})
    result = assess_neuro(_screen(right=right))
    (loc,) = result.localisations
    assert (loc.side, loc.roots) == (Side.RIGHT, (Root.S1,))
    text = localisation_text(loc)
    assert text.startswith("weak ankle plantarflexion and absent right Achilles reflex")
    assert text.endswith("consistent with right S1")


def test_patellar_reflex_alone_points_to_l3_or_l4() -> None:
    left = _with(NORMAL, reflexes={"patellar": "1+"})
    (loc,) = assess_neuro(_screen(left=left)).localisations
    assert loc.roots == (Root.L3, Root.L4)
    assert localisation_text(loc).endswith("consistent with left L3 or L4")


def test_patellar_plus_dorsiflexion_points_to_l4() -> None:
    left = _with(NORMAL, power={"L4": 4}, reflexes={"patellar": "1+"})
    (loc,) = assess_neuro(_screen(left=left)).localisations
    assert loc.roots == (Root.L4,)


def test_findings_spanning_roots_do_not_fit_one_root() -> None:
    left = _with(NORMAL, power={"L2": 4}, sensation={"S1": "reduced"})
    (loc,) = assess_neuro(_screen(left=left)).localisations
    assert loc.fits_single_root is False
    assert loc.implicated == (Root.L2, Root.L3, Root.S1)  # hip flexion is L2 and L3 (C1)
    assert loc.fewest == ((Root.L2, Root.S1), (Root.L3, Root.S1))
    assert "more than one root is involved (at least two: L2 and S1, or L3 and S1)" in localisation_text(loc)


def test_bilateral_signs_ask_cauda_equina_questions() -> None:
    left = _with(NORMAL, power={"L5": 4})
    right = _with(NORMAL, sensation={"S1": "reduced"})
    result = assess_neuro(_screen(left, right))
    assert result.bilateral is True
    assert result.ask_cauda_equina_questions is True
    assert assess_neuro(_screen(left=left)).bilateral is False


@pytest.mark.parametrize(("grade", "raises"), [(3, True), ("3+", True), (0, True), ("4-", False)])
def test_mrc_three_or_less_raises_n1(grade: object, raises: bool) -> None:
    left = _with(NORMAL, power={"L5": grade})
    result = assess_neuro(_screen(left=left))
    assert result.raises_n1 is raises


def test_worsening_deficit_raises_n1() -> None:
    before = _screen(left=_with(NORMAL, power={"L5": "4+"}))
    after = _screen(left=_with(NORMAL, power={"L5": "4-"}))
    result = assess_neuro(after, previous=before)
    assert result.raises_n1 is True
    assert result.worsening == ("left great-toe extension power fell from 4+ to 4-",)
    assert assess_neuro(before, previous=after).raises_n1 is False


def test_clonus_is_flagged_as_upper_motor_neuron_sign() -> None:
    left = _with(NORMAL, reflexes={"achilles": "4+"})
    result = assess_neuro(_screen(left=left))
    assert result.upper_motor_neuron_signs is True
    assert result.localisations == ()


def test_mrc_grade_parsing_and_order() -> None:
    assert MrcGrade.parse("4-") == MrcGrade(4, MrcModifier.MINUS)
    assert MrcGrade.parse(5) == MrcGrade(5)
    assert str(MrcGrade(3, MrcModifier.PLUS)) == "3+"
    assert MrcGrade.parse("4-").score < MrcGrade.parse("4").score < MrcGrade.parse("4+").score


def test_reflex_grade_accepts_int_and_text() -> None:
    side = SideNeuro.from_values(reflexes={"patellar": 1, "achilles": "2+"})
    assert side.reflexes == {"patellar": ReflexGrade.REDUCED, "achilles": ReflexGrade.NORMAL}
    assert ReflexGrade.CLONUS.level == 4
