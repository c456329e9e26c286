"""Overlapping root maps (CLINICAL.md C1) and upper motor neuron signs as a cord sign (C2)."""

from __future__ import annotations

from typing import Any

import pytest

from clinic_app.domain.exam.interpretation import interpret_exam
from clinic_app.domain.exam.neuro import (
    UMN_ADVICE,
    NeuroScreen,
    SideNeuro,
    SpinalRoot,
    assess_neuro,
    localisation_text,
)
from clinic_app.domain.exam.record import ExamRecord
from clinic_app.domain.exam.rules import Side
from clinic_app.domain.findings import FindingLevel
from clinic_app.domain.interpretation import bilateral_signs_finding, neuro_finding

L2, L3, L4, L5, S1, S2 = SpinalRoot

NORMAL = SideNeuro.from_values(
    power={root: 5 for root in ("L2", "L3", "L4", "L5", "S1")},
    sensation={root: "normal" for root in ("L2", "L3", "L4", "L5", "S1")},
    reflexes={"patellar": "2+", "achilles": "2+"},
)


def _left(**changes: dict[str, Any]) -> SideNeuro:
    return SideNeuro.from_values(
        power={**NORMAL.power, **changes.get("power", {})},
        sensation={**NORMAL.sensation, **changes.get("sensation", {})},
        reflexes={**NORMAL.reflexes, **changes.get("reflexes", {})},
    )


# One row per line of the C1 table: a single finding supports every root it lists.
C1_TABLE = [
    ("hip flexion weak", {"power": {"L2": 4}}, (L2, L3)),
    ("knee extension (quadriceps) weak", {"power": {"L3": 4}}, (L3, L4)),
    ("ankle dorsiflexion (tibialis anterior) weak", {"power": {"L4": 4}}, (L4, L5)),
    ("great-toe extension (EHL) weak", {"power": {"L5": 4}}, (L5,)),
    ("plantarflexion weak", {"power": {"S1": 4}}, (S1, S2)),
    ("patellar reflex reduced", {"reflexes": {"patellar": "1+"}}, (L3, L4)),
    ("Achilles reflex reduced", {"reflexes": {"achilles": "1+"}}, (S1,)),
    ("sensation medial leg", {"sensation": {"L4": "reduced"}}, (L4,)),
    ("sensation dorsum of foot", {"sensation": {"L5": "reduced"}}, (L5,)),
    ("sensation lateral foot and sole", {"sensation": {"S1": "reduced"}}, (S1,)),
]


@pytest.mark.parametrize(("finding", "changes", "roots"), C1_TABLE, ids=[row[0] for row in C1_TABLE])
def test_each_finding_supports_every_root_of_its_map(finding: str, changes: dict[str, Any],
                                                     roots: tuple[SpinalRoot, ...]) -> None:
    (abnormal,) = assess_neuro(NeuroScreen(left=_left(**changes), right=NORMAL)).abnormalities
    assert abnormal.roots == roots
    (loc,) = assess_neuro(NeuroScreen(left=_left(**changes), right=NORMAL)).localisations
    assert loc.roots == roots  # alone, a finding is consistent with each of its roots
    assert localisation_text(loc).endswith("consistent with left " + " or ".join(roots))


# Combinations: single level when one root is shared by all findings, else "more than one root".
COMBINATIONS = [
    ("quadriceps + knee jerk + medial leg numbness",
     {"power": {"L3": 4}, "reflexes": {"patellar": "1+"}, "sensation": {"L4": "reduced"}}, (L4,), ()),
    ("typical L5 foot drop: tibialis anterior + EHL + dorsum of foot",
     {"power": {"L4": "4-", "L5": 4}, "sensation": {"L5": "reduced"}}, (L5,), ()),
    ("tibialis anterior + knee jerk", {"power": {"L4": 4}, "reflexes": {"patellar": "1+"}}, (L4,), ()),
    ("plantarflexion + Achilles + lateral foot",
     {"power": {"S1": "4+"}, "reflexes": {"achilles": "0"}, "sensation": {"S1": "reduced"}}, (S1,), ()),
    ("hip flexion + quadriceps", {"power": {"L2": 4, "L3": 4}}, (L3,), ()),
    ("EHL + Achilles", {"power": {"L5": 4}, "reflexes": {"achilles": "1+"}}, (), ((L5, S1),)),
    ("medial leg + lateral foot", {"sensation": {"L4": "reduced", "S1": "reduced"}}, (), ((L4, S1),)),
    ("quadriceps + plantarflexion", {"power": {"L3": 4, "S1": 4}}, (),
     ((L3, S1), (L3, S2), (L4, S1), (L4, S2))),
]


@pytest.mark.parametrize(("case", "changes", "single", "fewest"), COMBINATIONS,
                         ids=[row[0] for row in COMBINATIONS])
def test_localisation_with_overlapping_maps(case: str, changes: dict[str, Any],
                                            single: tuple[SpinalRoot, ...],
                                            fewest: tuple[tuple[SpinalRoot, ...], ...]) -> None:
    (loc,) = assess_neuro(NeuroScreen(left=_left(**changes), right=NORMAL)).localisations
    assert loc.roots == single
    assert loc.fits_single_root is bool(single)
    assert loc.fewest == fewest
    text = localisation_text(loc)
    if single:
        assert text.endswith(f"consistent with left {single[0]}")
        assert "more than one root" not in text
    else:
        assert "no single root explains all the findings on the left" in text


def test_the_two_review_cases_read_as_single_roots() -> None:
    quads = NeuroScreen(left=_left(power={"L3": 4}, reflexes={"patellar": "1+"},
                                   sensation={"L4": "reduced"}), right=NORMAL)
    assert neuro_finding(quads).explanation == (
        "weak knee extension, reduced sensation on the medial left lower leg and reduced left patellar "
        "reflex (left 1+, right 2+): consistent with left L4")
    foot_drop = NeuroScreen(left=_left(power={"L4": 4, "L5": 3}, sensation={"L5": "reduced"}),
                            right=NORMAL)
    finding = neuro_finding(foot_drop)
    assert finding.explanation.endswith("consistent with left L5")
    assert "L4 and L5" not in finding.explanation


# C2: upper motor neuron signs are a cord sign: URGENT, and never the cauda equina questions.
UMN_TABLE = [
    ("clonus one side", {"achilles": "4+"}, {"achilles": "2+"}, True),
    ("clonus both sides", {"achilles": "4+"}, {"achilles": "4+"}, True),
    ("bilateral hyperreflexia", {"patellar": "3+"}, {"patellar": "3+"}, True),
    ("very brisk and brisk", {"patellar": "4+"}, {"patellar": "3+"}, True),
    ("brisk one side only", {"patellar": "3+"}, {"patellar": "2+"}, False),
    ("normal", {"patellar": "2+"}, {"patellar": "2+"}, False),
]


@pytest.mark.parametrize(("case", "left", "right", "umn"), UMN_TABLE, ids=[row[0] for row in UMN_TABLE])
def test_upper_motor_neuron_signs_are_urgent_and_not_cauda_equina(
        case: str, left: dict[str, str], right: dict[str, str], umn: bool) -> None:
    screen = NeuroScreen(left=_left(reflexes=left), right=_left(reflexes=right))
    result = assess_neuro(screen)
    assert result.upper_motor_neuron_signs is umn
    assert result.bilateral is False and result.ask_cauda_equina_questions is False
    finding = neuro_finding(screen)
    assert "cauda equina" not in " ".join(finding.notes)
    assert bilateral_signs_finding(screen).verdict == "not_bilateral"
    keys = [f.key for f in interpret_exam(ExamRecord(neuro=screen))]
    assert "bilateral_signs" not in keys
    if umn:
        assert finding.level is FindingLevel.URGENT
        assert UMN_ADVICE in finding.notes
        assert "upper motor neuron signs (a cord sign, not a nerve-root sign)" in finding.explanation
    else:
        assert finding.level is not FindingLevel.URGENT
        assert UMN_ADVICE not in finding.notes


def test_bilateral_clonus_is_no_longer_a_caution() -> None:
    screen = NeuroScreen(left=_left(reflexes={"achilles": "4+"}), right=_left(reflexes={"achilles": "4+"}))
    finding = neuro_finding(screen)
    assert (finding.verdict, finding.level) == ("upper_motor_neuron", FindingLevel.URGENT)
    assert assess_neuro(screen).umn_reasons == (
        "very brisk Achilles reflexes with clonus on both sides (left 4+, right 4+)",)
    assert finding.explanation == (
        "very brisk Achilles reflexes with clonus on both sides (left 4+, right 4+): upper motor neuron "
        "signs (a cord sign, not a nerve-root sign)")


@pytest.mark.parametrize(("left", "right", "reason"), [
    ("4+", "2+", "very brisk left Achilles reflex with clonus (left 4+, right 2+)"),
    ("3+", "4+", "brisk Achilles reflexes on both sides, with clonus on the right (left 3+, right 4+)"),
    ("3+", "3+", "brisk Achilles reflexes on both sides (left 3+, right 3+)"),
])
def test_each_reflex_gives_one_upper_motor_neuron_reason(left: str, right: str, reason: str) -> None:
    screen = NeuroScreen(left=_left(reflexes={"achilles": left}), right=_left(reflexes={"achilles": right}))
    assert assess_neuro(screen).umn_reasons == (reason,)


def test_root_signs_on_both_sides_still_ask_cauda_equina_alongside_clonus() -> None:
    left = _left(power={"L5": 4}, reflexes={"achilles": "4+"})
    right = _left(sensation={"S1": "reduced"}, reflexes={"achilles": "4+"})
    result = assess_neuro(NeuroScreen(left=left, right=right))
    assert result.bilateral and result.upper_motor_neuron_signs
    finding = neuro_finding(NeuroScreen(left=left, right=right))
    assert finding.level is FindingLevel.URGENT
    assert any("cauda equina" in note for note in finding.notes)
    assert {loc.side for loc in result.localisations} == {Side.LEFT, Side.RIGHT}
