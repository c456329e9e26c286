"""C10 bone stress: hop/stork and LEA + bony pain suggest F3 (never answer it), the adolescent
spondylolysis prompt, the energy-availability screen, and the exam record round trip."""

from __future__ import annotations

import json

import pytest

from clinic_app.domain.exam.bone_stress import (
    bone_stress_findings,
    f3_suggestion,
    spondylolysis_prompt,
)
from clinic_app.domain.exam.interpretation import interpret_exam
from clinic_app.domain.exam.record import (
    BoneStressExam,
    BoneTest,
    ExamRecord,
    LumbarMovement,
    Movement,
    MovementPain,
    exam_from_data,
    exam_to_data,
    recorded_paths,
)
from clinic_app.domain.exam.rules import TestOutcome
from clinic_app.domain.intake.energy_availability import energy_finding, energy_picture, validate_energy
from clinic_app.domain.intake.record import (
    Effect,
    EnergyScreen,
    Factor,
    Intake,
    MenstrualStatus,
    intake_from_data,
    intake_to_data,
)
from clinic_app.domain.intake.rules import validate_intake
from clinic_app.domain.safety.red_flags import RedFlagItem, screen
from tests.conftest import TODAY

P, N, U = TestOutcome.POSITIVE, TestOutcome.NEGATIVE, TestOutcome.UNABLE
LEA = Intake(energy=EnergyScreen(menstrual=MenstrualStatus.ABSENT))
NO_LEA = Intake(energy=EnergyScreen(MenstrualStatus.REGULAR, False, False, False))


def bone(tests: dict[BoneTest, TestOutcome] | None = None, tender: bool | None = None) -> BoneStressExam:
    return BoneStressExam(tests or {}, tender)


# (exam tests, bony tenderness, intake, F3 suggested?, reason fragment)
F3_CASES = [
    ({BoneTest.HOP_LEFT: P}, None, None, True, "painful single-leg hop (left)"),
    ({BoneTest.HOP_RIGHT: P}, None, NO_LEA, True, "painful single-leg hop (right)"),
    ({BoneTest.STORK_RIGHT: P}, None, None, True, "stork), standing on the right"),
    ({BoneTest.HOP_LEFT: N, BoneTest.HOP_RIGHT: N}, None, LEA, False, ""),
    ({BoneTest.HOP_LEFT: U}, None, None, False, ""),
    ({BoneTest.SACRAL_SQUEEZE: P}, None, LEA, True,
     "low energy availability features: periods that have stopped (amenorrhoea), "
     "with painful sacral squeeze"),
    ({}, True, LEA, True, "with bony tenderness over the sacrum or lumbar spine"),
    ({BoneTest.SACRAL_SQUEEZE: P}, None, NO_LEA, False, ""),
    ({BoneTest.SACRAL_SQUEEZE: P}, None, Intake(), False, ""),  # screen not asked is not "LEA"
    ({BoneTest.SACRAL_SQUEEZE: P}, None, None, False, ""),
    ({}, None, LEA, False, ""),  # LEA alone, no bony pain
    ({}, False, LEA, False, ""),
    ({BoneTest.FULCRUM_LEFT: P, BoneTest.HIP_IR_LEFT: P}, None, LEA, False, ""),
    ({}, True, Intake(prior_bone_stress_injury=True), True, "a previous bone stress injury"),
    ({}, True, Intake(energy=EnergyScreen(low_bmi=True)), True, "a low BMI"),
    ({}, True, Intake(energy=EnergyScreen(restrictive_eating_or_weight_loss=True)), True,
     "restrictive eating or weight loss"),
    ({}, True, Intake(energy=EnergyScreen(menstrual=MenstrualStatus.IRREGULAR)), True,
     "irregular or infrequent periods"),
]


@pytest.mark.parametrize(("tests", "tender", "intake", "suggested", "reason"), F3_CASES)
def test_f3_is_suggested_by_hop_stork_or_lea_with_bony_pain(
        tests: dict[BoneTest, TestOutcome], tender: bool | None, intake: Intake | None,
        suggested: bool, reason: str) -> None:
    suggestion = f3_suggestion(bone(tests, tender), intake)
    assert (suggestion is not None) is suggested
    if suggestion is not None:
        assert reason in "; ".join(suggestion.reasons)


def test_the_suggestion_is_a_finding_to_confirm_and_never_an_answer() -> None:
    exam = ExamRecord(bone_stress=bone({BoneTest.HOP_LEFT: P}))
    findings = dict(bone_stress_findings(exam))
    text = findings["f3_suggested"].explanation
    assert text.startswith("Red flag F3 suggested for you to confirm: painful single-leg hop (left).")
    assert "answer F3 Yes on the red-flag screen" in text and "override" in text
    assert findings["f3_suggested"].level == "warning"
    # the red-flag answers are untouched: nothing is raised until the clinician answers F3
    assert screen({RedFlagItem.F3: None}) == []
    # once F3 is raised, the suggestion is not repeated; the test line stays
    again = dict(bone_stress_findings(exam, raised_flags=["F3"]))
    assert "f3_suggested" not in again and "bone_stress" in again


def test_interpret_exam_carries_the_bone_stress_lines_with_the_intake() -> None:
    exam = ExamRecord(bone_stress=bone({BoneTest.SACRAL_SQUEEZE: P}))
    without = [f.key for f in interpret_exam(exam)]
    with_lea = [f.key for f in interpret_exam(exam, intake=LEA)]
    assert "bone_stress" in without and "f3_suggested" not in without
    assert "f3_suggested" in with_lea


@pytest.mark.parametrize(("tests", "tender", "verdict", "fragment"), [
    ({BoneTest.HOP_LEFT: N, BoneTest.SACRAL_SQUEEZE: N}, False, "not_painful",
     "no test painful and no bony tenderness"),
    ({BoneTest.FULCRUM_RIGHT: P}, None, "painful", "fulcrum test (right thigh)"),
    ({BoneTest.HIP_IR_LEFT: P}, None, "painful", "hip internal rotation / FADIR (left)"),
    ({}, True, "painful", "bony tenderness over the sacrum or lumbar spine"),
])
def test_bone_stress_line_names_each_painful_test(tests: dict[BoneTest, TestOutcome],
                                                  tender: bool | None, verdict: str,
                                                  fragment: str) -> None:
    finding = dict(bone_stress_findings(ExamRecord(bone_stress=bone(tests, tender))))["bone_stress"]
    assert finding.verdict == verdict and fragment in finding.explanation


def test_nothing_recorded_gives_no_bone_stress_line() -> None:
    assert bone_stress_findings(ExamRecord()) == []


EXTENSION = ExamRecord(lumbar=LumbarMovement(pain={Movement.EXTENSION: MovementPain.END_RANGE}))
BACKWARDS_WORSE = Intake(factors={Factor.BACK_EXTENSION: Effect.WORSE})


@pytest.mark.parametrize(("age", "exam", "intake", "prompted", "fragment"), [
    (16, EXTENSION, None, True, "pain on lumbar extension, at the end of range"),
    (19, None, BACKWARDS_WORSE, True, "bending backwards makes it worse"),
    (17, ExamRecord(bone_stress=bone({BoneTest.STORK_LEFT: P})), None, True, "stork"),
    (20, EXTENSION, BACKWARDS_WORSE, False, ""),
    (45, EXTENSION, None, False, ""),
    (None, EXTENSION, None, False, ""),
    (15, ExamRecord(lumbar=LumbarMovement(pain={Movement.EXTENSION: MovementPain.NONE})), None, False, ""),
    (15, ExamRecord(), Intake(factors={Factor.BACK_EXTENSION: Effect.BETTER}), False, ""),
    (15, None, None, False, ""),
])
def test_adolescent_extension_pain_prompts_spondylolysis(age: int | None, exam: ExamRecord | None,
                                                         intake: Intake | None, prompted: bool,
                                                         fragment: str) -> None:
    finding = spondylolysis_prompt(age, exam, intake)
    assert (finding is not None) is prompted
    if finding is not None:
        assert finding.explanation.startswith(f"Age {age} with pain on extension")
        assert fragment in finding.explanation
        assert "spondylolysis (pars stress fracture)" in finding.explanation
        assert "needs imaging to confirm" in finding.explanation


def test_energy_screen_counts_not_asked_and_never_reads_it_as_no() -> None:
    empty = energy_picture(Intake())
    assert empty.answered == 0 and not empty.concern and len(empty.not_asked) == 4
    assert energy_finding(Intake()).verdict == "not_asked"
    partial = Intake(energy=EnergyScreen(menstrual=MenstrualStatus.REGULAR, low_bmi=False))
    finding = energy_finding(partial)
    assert finding.verdict == "incomplete"
    assert "Not asked: previous bone stress injury, restrictive eating or weight loss." in finding.explanation
    assert finding.inputs["Low body mass index (BMI)"] == "no"
    assert finding.inputs["Restrictive eating or weight loss"] == "not asked"
    assert energy_finding(NO_LEA).verdict == "none_reported"
    concern = energy_finding(LEA)
    assert concern.verdict == "concern" and "F3 is suggested for you to confirm" in concern.explanation


def test_energy_screen_round_trips_and_contradiction_is_refused() -> None:
    intake = Intake(energy=EnergyScreen(MenstrualStatus.IRREGULAR, None, True, False))
    assert intake_from_data(json.loads(json.dumps(intake_to_data(intake)))) == intake
    assert intake_from_data({}).energy == EnergyScreen()  # older intakes: every item not asked
    clash = Intake(prior_bone_stress_injury=True, energy=EnergyScreen(prior_bone_stress_injury=False))
    assert "energy.prior_bone_stress_injury" in validate_energy(clash)
    assert "energy.prior_bone_stress_injury" in validate_intake(clash, TODAY)
    assert validate_intake(Intake(prior_bone_stress_injury=True,
                                  energy=EnergyScreen(prior_bone_stress_injury=True)), TODAY) == {}


def test_bone_stress_exam_round_trips_and_reports_recorded_paths() -> None:
    exam = ExamRecord(bone_stress=bone({BoneTest.HOP_LEFT: P, BoneTest.STORK_RIGHT: N}, True))
    again = exam_from_data(json.loads(json.dumps(exam_to_data(exam))))
    assert again == exam
    assert {"bone_stress.tests.hop_left", "bone_stress.tests.stork_right",
            "bone_stress.bony_tenderness"} <= recorded_paths(exam)
    assert exam_from_data({}).bone_stress == BoneStressExam()
    with pytest.raises(ValueError, match="bone_stress"):
        exam_from_data({"bone_stress": {"tests": {"jump": "positive"}}})
