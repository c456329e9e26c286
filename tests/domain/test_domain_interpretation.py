"""Findings: verdict, ordered inputs, one-line explanation and evidence tag for each rule."""

from __future__ import annotations

import datetime as dt

import pytest

from clinic_app.domain import interpretation as interp
from clinic_app.domain.exam.neuro import NeuroScreen, SideNeuro
from clinic_app.domain.findings import Evidence, Finding, FindingLevel
from clinic_app.domain.rehab.return_to_run import SessionReport
from clinic_app.domain.safety.red_flags import RedFlagItem

CLUSTER_3 = {
    "distraction": "positive",
    "thigh_thrust": "positive",
    "compression": "positive",
    "sacral_thrust": "negative",
    "gaenslen_left": "negative",
    "gaenslen_right": "negative",
}


def test_finding_is_frozen_hashable_and_keeps_input_order() -> None:
    finding = Finding("x", "v", "text", {"b": "1", "a": "2"}, Evidence.RESEARCH)
    assert list(finding.inputs) == ["b", "a"]
    assert hash(finding) == hash(Finding("x", "v", "text", {"b": "1", "a": "2"}, Evidence.RESEARCH))
    with pytest.raises(TypeError):
        finding.inputs["c"] = "3"  # type: ignore[index]
    with pytest.raises(AttributeError):
        finding.verdict = "w"  # type: ignore[misc]
    with pytest.raises(ValueError, match="inputs must map text to text"):
        Finding("x", "v", "text", {"a": 1})  # type: ignore[dict-item]


def test_laslett_finding_matches_the_example_sentence() -> None:
    finding = interp.laslett_finding(CLUSTER_3, repeated_movements="no_effect")
    assert finding.kind == "laslett_cluster"
    assert finding.verdict == "likely"
    assert finding.explanation == (
        "SIJ cluster 3/6 positive: distraction, thigh thrust, compression — SIJ pain likely "
        "(Laslett 2005: sens 94%, spec 78%)"
    )
    assert list(finding.inputs.items())[:3] == [
        ("distraction", "positive"),
        ("thigh thrust", "positive"),
        ("compression", "positive"),
    ]
    assert finding.inputs["Repeated movements"] == "no effect"
    assert finding.evidence == Evidence.RESEARCH
    assert "diagnostic block" in finding.notes[0]


def test_laslett_finding_indeterminate_and_centralisation() -> None:
    partial = interp.laslett_finding({"distraction": "positive", "compression": "positive"})
    assert partial.verdict == "indeterminate"
    assert partial.explanation.endswith("indeterminate: complete testing")
    assert "4 not tested" in partial.explanation
    central = interp.laslett_finding(CLUSTER_3, repeated_movements="centralises")
    assert "lowers the likelihood of SIJ pain" in central.explanation
    negative = interp.laslett_finding({k: "negative" for k in CLUSTER_3})
    assert negative.explanation == "SIJ cluster 0/6 positive — SIJ pain unlikely (all tests negative)"


def test_slr_findings() -> None:
    classic = interp.slr_finding("positive", 45, True, side="left")
    assert classic.verdict == "classic_positive"
    assert classic.explanation.startswith("SLR (left) positive at 45° with leg pain below the knee")
    atypical = interp.slr_finding("positive", 20, True)
    assert atypical.verdict == "atypical_recheck"
    assert "atypical — recheck" in atypical.explanation
    assert atypical.notes == ("atypical — recheck",)
    assert interp.slr_finding("positive", 80, True).verdict == "positive_not_classic"
    assert dict(classic.inputs) == {
        "Result": "positive",
        "Angle at symptom onset": "45°",
        "Symptoms below the knee": "yes",
    }


def test_crossed_slr_and_slump_findings() -> None:
    crossed = interp.crossed_slr_finding("positive", "right", "left")
    assert crossed.verdict == "positive"
    assert "rule-in sign" in crossed.explanation
    assert "raising the right leg reproduced pain in the left leg" in crossed.explanation
    assert interp.slump_finding("positive", True).verdict == "positive"
    assert interp.slump_finding("positive", False).verdict == "not_differentiated"


def test_neuro_findings() -> None:
    screen = NeuroScreen(
        left=SideNeuro.from_values(power={"L5": 4}, sensation={"L5": "reduced"}),
        right=SideNeuro.from_values(power={"L5": 5}, sensation={"L5": "normal"}),
    )
    finding = interp.neuro_finding(screen)
    assert finding.verdict == "deficit"
    assert finding.explanation == (
        "weak great-toe extension and reduced sensation on the dorsum of the left foot: "
        "consistent with left L5"
    )
    assert finding.inputs["Left L5 power (great-toe extension)"] == "4/5"
    assert interp.bilateral_signs_finding(screen).verdict == "not_bilateral"
    assert interp.n1_finding(screen).verdict == "no_N1"
    normal = interp.neuro_finding(NeuroScreen(left=SideNeuro.from_values(power={"L5": 5})))
    assert normal.verdict == "normal"
    assert interp.neuro_finding(NeuroScreen()).verdict == "not_tested"


def test_bilateral_and_n1_findings() -> None:
    screen = NeuroScreen(
        left=SideNeuro.from_values(power={"L4": 3}),
        right=SideNeuro.from_values(sensation={"S1": "absent"}),
    )
    bilateral = interp.bilateral_signs_finding(screen)
    assert bilateral.verdict == "ask_cauda_equina"
    assert "CE1–CE6" in bilateral.explanation
    assert bilateral.level == FindingLevel.URGENT
    n1 = interp.n1_finding(screen)
    assert n1.verdict == "raises_N1"
    assert n1.explanation.startswith("left ankle dorsiflexion power 3/5")


def test_measure_findings() -> None:
    odi = interp.odi_finding([2, 2, 2, 2, 2, 2, 1, 1, 2, None])
    assert (odi.verdict, odi.explanation) == (
        "moderate",
        "ODI 35.6% (9 of 10 sections answered) — moderate disability",
    )
    assert odi.inputs["3. Lifting"] == "2/5"
    assert odi.inputs["10. Travelling"] == "not answered"
    missing = interp.odi_finding([1] * 7 + [None] * 3)
    assert missing.verdict == "not_scored"
    assert interp.rmdq_finding([1, 2]).verdict == "recovered_range"
    nprs = interp.nprs_change_finding(7, 3)
    assert nprs.verdict == "meets_both"
    assert nprs.explanation.startswith("Back pain 7 → 3/10: improved by 4 points (57%)")
    psfs = interp.psfs_change_finding([3, 5, 4], [6, 7, 6])
    assert psfs.explanation == (
        "PSFS 4.00 → 6.33: +2.33 — exceeds the MDC (2 points) and reaches the medium MID (2.3)"
    )
    sb = interp.startback_finding([False] * 4 + [True] * 4, "very_much")
    assert sb.verdict == "high"
    assert sb.explanation == (
        "STarT Back total 5/9, psychosocial 5/5 — high risk: psychologically informed physiotherapy"
    )
    assert sb.inputs["5. fear"] == "agree"
    assert interp.odi_change_finding(40, 28).verdict == "meets_both"
    assert interp.rmdq_change_finding(10, 12).verdict == "worse"


def test_load_findings() -> None:
    acwr = interp.acwr_finding([30, 32, 35, 40])
    assert acwr.verdict == "sweet_spot"
    assert acwr.explanation.startswith("ACWR 1.24 uncoupled (40.0 km vs 32.3 km mean")
    assert acwr.explanation.endswith("coupled 1.17")
    spike = interp.spike_finding(16, 12)
    assert spike.verdict == "moderate"
    assert spike.explanation.startswith(
        "Run 16.0 km vs longest of the previous 30 days 12.0 km: +33.3% — moderate spike"
    )
    assert interp.spike_finding(16, 12, unit="mi").inputs["Run"] == "9.9 mi"
    assert interp.week_change_finding(40, 32).verdict == "increase"
    assert interp.week_change_finding(45, 30).verdict == "large_increase"
    assert interp.week_change_finding(5, 0).verdict == "undefined"
    shoe = interp.shoe_finding(820, shoe="Trail 3")
    assert shoe.verdict == "replace"
    assert "480–800 km" in shoe.explanation
    duration = interp.symptom_duration_finding(dt.date(2026, 1, 1), dt.date(2026, 3, 1))
    assert duration.verdict == "subacute"


def test_red_flag_findings_most_severe_first_with_summary() -> None:
    findings = interp.red_flag_findings({"A1": True, "CE2": True, "I1": False})
    assert [f.verdict for f in findings] == ["emergency", "prompt", "emergency"]
    assert findings[0].kind == "red_flag_CE2"
    assert findings[0].level == FindingLevel.EMERGENCY
    summary = findings[-1]
    assert summary.kind == "red_flag_screen"
    assert "15 of 18 items not asked" in summary.explanation  # said in words, never "no red flags"
    assert "possible cauda equina syndrome (CE2)" in summary.explanation
    assert summary.inputs["I1"] == "no" and summary.inputs["M1"] == "not asked"
    unasked = interp.red_flag_findings({})
    assert unasked[0].verdict == "incomplete"  # nothing asked is not "none raised" (C3)
    assert "no red flags" not in unasked[0].explanation.lower()
    assert "never clears" in unasked[0].explanation
    clear = interp.red_flag_findings(dict.fromkeys(RedFlagItem, False))
    assert clear[0].verdict == "none_raised"
    assert clear[0].explanation.startswith("No red flags: all 18 items asked, none raised.")


def test_return_to_run_finding() -> None:
    ok = SessionReport(2, 1, 1)
    finding = interp.return_to_run_finding(3, [ok, ok])
    assert finding.verdict == "advance"
    assert finding.explanation.endswith("Next: stage 4, 5 × (walk 2 min / jog 4 min) (30 min).")
    assert finding.inputs["Session 1"] == "pain 2/10, next morning 1/10 (usual 1/10)"


def test_imaging_and_emg_prompts_are_never_orders() -> None:
    none = interp.imaging_prompts([])
    assert [f.verdict for f in none] == ["no_routine_imaging"]
    ces = interp.imaging_prompts(["CE1", "F1"])
    assert [f.verdict for f in ces] == ["immediate_mri", "may_wait"]
    assert ces[0].level == FindingLevel.EMERGENCY
    persistent = interp.imaging_prompts(
        radiculopathy_or_stenosis=True,
        weeks_of_conservative_care=6,
        surgery_or_injection_candidate=True,
    )
    assert persistent[0].verdict == "consider_mri"
    bone = interp.imaging_prompts(["F3"])
    assert bone[0].verdict == "bone_stress_mri"
    for finding in [*none, *ces, *persistent, *bone]:
        assert any("never places orders" in note for note in finding.notes)
        assert "order" not in finding.explanation.lower()
    assert interp.emg_prompt(False, False).verdict == "not_indicated"
    assert interp.emg_prompt(True, False, 10).verdict == "consider_later"
    assert interp.emg_prompt(False, True, 40).verdict == "consider"


@pytest.mark.parametrize(
    "finding",
    [
        interp.laslett_finding(CLUSTER_3),
        interp.slr_finding("negative", None, False),
        interp.odi_finding([1] * 10),
        interp.acwr_finding([1, 2]),
        interp.spike_finding(5, 0),
        interp.schober_finding(15, 18),
        interp.faber_finding("groin", True),
        interp.repeated_movement_finding("centralises"),
    ],
)
def test_every_finding_has_one_line_text_and_a_source(finding: Finding) -> None:
    assert finding.explanation and "\n" not in finding.explanation
    assert finding.source
    assert isinstance(finding.evidence, Evidence)
    assert all(isinstance(v, str) for v in finding.inputs.values())
