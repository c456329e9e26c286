"""The exam record: validation of impossible or contradictory entries, JSON, interpretation."""

from __future__ import annotations

import json

import pytest

from clinic_app.domain.exam.interpretation import interpret_exam
from clinic_app.domain.exam.neuro_model import NeuroScreen, SideNeuro
from clinic_app.domain.exam.record import (
    CrossedSlr,
    ExamRecord,
    LumbarMovement,
    Movement,
    MovementPain,
    SlrSide,
    Slump,
    exam_from_data,
    exam_to_data,
    recorded_paths,
    validate_exam,
)
from clinic_app.domain.exam.rules import RepeatedResponse, Side, SijTest, TestOutcome

L5_LEFT = NeuroScreen(left=SideNeuro.from_values(power={"L5": "4-"}, sensation={"L5": "reduced"}),
                      right=SideNeuro.from_values(power={"L5": 5}, sensation={"L5": "normal"}))
FULL = ExamRecord(
    slr_left=SlrSide(TestOutcome.POSITIVE, 45, True, True),
    crossed_slr=CrossedSlr(TestOutcome.NEGATIVE, Side.RIGHT),
    slump=Slump(TestOutcome.POSITIVE, Side.LEFT, None, True),
    sij={SijTest.DISTRACTION: TestOutcome.NEGATIVE, SijTest.THIGH_THRUST: TestOutcome.NOT_TESTED},
    repeated_movement=RepeatedResponse.CENTRALISES,
    neuro=L5_LEFT,
    lumbar=LumbarMovement(15, 18.5, 40, 15, pain={Movement.FLEXION: MovementPain.END_RANGE}),
    palpation="Tender L4/5 left <b>&</b>",
)


def test_json_round_trip_keeps_every_value() -> None:
    assert exam_from_data(json.loads(json.dumps(exam_to_data(FULL)))) == FULL


@pytest.mark.parametrize(
    ("exam", "path", "message"),
    [
        (ExamRecord(slr_left=SlrSide(TestOutcome.NEGATIVE, 40)), "slr_left.angle_deg",
         "only when the SLR reproduced symptoms"),
        (ExamRecord(slr_right=SlrSide(TestOutcome.POSITIVE, 95)), "slr_right.angle_deg", "0–90"),
        (ExamRecord(slr_right=SlrSide(TestOutcome.NOT_TESTED, None, True)), "slr_right.below_knee",
         "not positive"),
        (ExamRecord(lumbar=LumbarMovement(15, 12)), "lumbar.schober_flexion_cm", "shorter"),
        (ExamRecord(lumbar=LumbarMovement(15, None)), "lumbar.schober_flexion_cm", "both"),
        (ExamRecord(slump=Slump(TestOutcome.NOT_TESTED, None, None, True)),
         "slump.changes_with_neck_release", "not tested"),
    ],
)
def test_contradictory_or_impossible_entries_are_named(exam: ExamRecord, path: str,
                                                       message: str) -> None:
    assert message in validate_exam(exam)[path]


def test_valid_exam_has_no_errors() -> None:
    assert validate_exam(FULL) == {}


def test_bad_mrc_grade_in_stored_data_is_refused() -> None:
    data = exam_to_data(FULL)
    data["neuro"]["left"]["power"]["L5"] = "7"
    with pytest.raises(ValueError, match="MRC"):
        exam_from_data(data)


def test_interpretation_reads_the_recorded_tests_with_the_issue_wording() -> None:
    findings = {f.key: f.finding for f in interpret_exam(FULL)}
    assert findings["neuro"].explanation == (
        "weak great-toe extension and reduced sensation on the dorsum of the left foot: "
        "consistent with left L5")
    assert findings["slr_left"].verdict == "classic_positive"
    assert "slr_right" not in findings  # not tested is not negative: nothing to interpret
    assert findings["laslett"].verdict != "likely"
    assert any(k.startswith("imaging_") for k in findings)


def test_laslett_three_positives_reads_likely() -> None:
    exam = ExamRecord(sij={SijTest.DISTRACTION: TestOutcome.POSITIVE,
                           SijTest.THIGH_THRUST: TestOutcome.POSITIVE,
                           SijTest.COMPRESSION: TestOutcome.POSITIVE})
    finding = {f.key: f.finding for f in interpret_exam(exam)}["laslett"]
    assert finding.explanation.startswith("SIJ cluster 3/6 positive: distraction, thigh thrust, "
                                          "compression — SIJ pain likely")


def test_bilateral_deficit_asks_cauda_equina_questions() -> None:
    both = NeuroScreen(left=SideNeuro.from_values(sensation={"S1": "reduced"}),
                       right=SideNeuro.from_values(sensation={"S1": "reduced"}))
    keys = [f.key for f in interpret_exam(ExamRecord(neuro=both))]
    assert "bilateral_signs" in keys


def test_recorded_paths_list_what_was_entered() -> None:
    paths = recorded_paths(FULL)
    assert {"slr_left.result", "slr_left.angle_deg", "sij.distraction", "power.left.L5",
            "sensation.right.L5", "lumbar.pain.flexion", "palpation"} <= paths
    assert "slr_right.result" not in paths and recorded_paths(ExamRecord()) == set()
