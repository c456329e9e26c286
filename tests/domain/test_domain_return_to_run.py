"""Walk/run stages, pain zones, the walk/run rules (5.3-5.4 as corrected by C6) and the C7 gate."""

from __future__ import annotations

import pytest

from clinic_app.domain.rehab.return_to_run import (
    WALK_RUN_STAGES,
    PainZone,
    ScheduleGateState,
    SessionReport,
    StageAction,
    StageDecision,
    next_stage,
    pain_zone,
    run_schedule_gate,
    session_ok,
)
from clinic_app.domain.settings import ClinicalSettings

OK = SessionReport(pain_during=2, next_morning_pain=1, baseline_morning_pain=1)
PAINFUL = SessionReport(pain_during=5, next_morning_pain=1, baseline_morning_pain=1)
MORNING = SessionReport(pain_during=1, next_morning_pain=2, baseline_morning_pain=1)
SWOLLEN = SessionReport(2, 1, 1, swelling_stiffness_limp=True)
LONG = SessionReport(2, 1, 1, symptoms_over_48h=True)
NEURO = SessionReport(2, 1, 1, new_leg_or_neuro_symptoms=True)
FLAG = SessionReport(0, 0, 0, red_flag_or_new_deficit=True)
AT_3 = SessionReport(pain_during=3, next_morning_pain=1, baseline_morning_pain=1)  # still good (C6)
AT_4 = SessionReport(pain_during=4, next_morning_pain=1, baseline_morning_pain=1)  # not good, not a drop
OVER_5 = SessionReport(pain_during=6, next_morning_pain=1, baseline_morning_pain=1)  # above 5/10: drop
NINE = SessionReport(pain_during=9, next_morning_pain=3, baseline_morning_pain=1)
UNSETTLED = SessionReport(pain_during=2, next_morning_pain=3, baseline_morning_pain=1)


def test_stages_table() -> None:
    assert [s.number for s in WALK_RUN_STAGES] == list(range(1, 9))
    assert [s.total_min for s in WALK_RUN_STAGES] == [25, 30, 30, 30, 30, 32, 20, 30]
    assert WALK_RUN_STAGES[0].format == "5 × (walk 4 min / jog 1 min)"
    assert WALK_RUN_STAGES[7].format == "Continuous easy jog 30 min"


@pytest.mark.parametrize(
    ("pain", "zone"),
    [
        (0, PainZone.SAFE),
        (2, PainZone.SAFE),
        (3, PainZone.ACCEPTABLE),
        (5, PainZone.ACCEPTABLE),
        (6, PainZone.STOP),
        (10, PainZone.STOP),
    ],
)
def test_pain_zones(pain: int, zone: PainZone) -> None:
    assert pain_zone(pain) == zone


def test_pain_zone_safe_limit_configurable() -> None:
    assert pain_zone(3, ClinicalSettings(pain_safe_max=3)) == PainZone.SAFE


@pytest.mark.parametrize(
    ("stage", "sessions", "action", "next_number"),
    [
        (3, [OK, OK], StageAction.ADVANCE, 4),
        (1, [OK, OK, OK], StageAction.ADVANCE, 2),
        (3, [OK], StageAction.REPEAT, 3),
        (3, [], StageAction.REPEAT, 3),
        (3, [OK, PAINFUL], StageAction.REPEAT, 3),
        (3, [PAINFUL], StageAction.REPEAT, 3),
        (3, [MORNING], StageAction.REPEAT, 3),
        (3, [SWOLLEN], StageAction.REPEAT, 3),
        (3, [PAINFUL, OK], StageAction.REPEAT, 3),
        (3, [OK, PAINFUL, OK], StageAction.REPEAT, 3),  # C6: two good sessions in a row
        (3, [PAINFUL, MORNING], StageAction.DROP, 2),
        (3, [OK, LONG], StageAction.DROP, 2),
        (1, [PAINFUL, PAINFUL], StageAction.DROP, 1),
        (5, [OK, FLAG], StageAction.STOP, 5),
        (5, [FLAG, OK, OK], StageAction.STOP, 5),
        (5, [OK, NEURO], StageAction.STOP, 5),
        (8, [OK, OK], StageAction.REPEAT, 8),
        (8, [OK, OK, OK], StageAction.ADVANCE, 8),
    ],
)
def test_next_stage_part_b(stage: int, sessions: list[SessionReport], action: StageAction,
                           next_number: int) -> None:
    decision = next_stage(stage, sessions)
    assert (decision.action, decision.stage) == (action, next_number)
    assert decision.reason


@pytest.mark.parametrize(
    ("stage", "sessions", "action", "next_number", "notify"),
    [
        # C6: a walk/run session above 5/10 drops one stage and notifies the clinician
        (4, [NINE], StageAction.DROP, 3, True),
        (4, [OVER_5], StageAction.DROP, 3, True),
        (4, [OK, OVER_5], StageAction.DROP, 3, True),
        (1, [OVER_5], StageAction.DROP, 1, True),
        (4, [PAINFUL], StageAction.REPEAT, 4, False),  # 5/10 is not above 5/10
        # a good session stays at 3/10 or less and settles by the next morning
        (4, [AT_3, AT_3], StageAction.ADVANCE, 5, False),
        (4, [AT_4], StageAction.REPEAT, 4, False),
        (4, [AT_4, AT_4], StageAction.DROP, 3, True),  # Part B: two failed sessions in a row
        (4, [OK, UNSETTLED], StageAction.REPEAT, 4, False),
        (4, [UNSETTLED, OK], StageAction.REPEAT, 4, False),
        # advancing needs two consecutive good sessions
        (4, [OK, AT_4, OK], StageAction.REPEAT, 4, False),
        (4, [OK, AT_4, OK, OK], StageAction.ADVANCE, 5, False),
        (4, [OK, UNSETTLED, OK, OK], StageAction.ADVANCE, 5, False),
        (8, [OK, OK, AT_4, OK, OK], StageAction.REPEAT, 8, False),  # last stage: 3 in a row
        (8, [OK, AT_4, OK, OK, OK], StageAction.ADVANCE, 8, False),
        # stop rules come first
        (4, [OVER_5, NEURO], StageAction.STOP, 4, True),
        (4, [NINE, FLAG], StageAction.STOP, 4, True),
    ],
)
def test_next_stage_c6(stage: int, sessions: list[SessionReport], action: StageAction, next_number: int,
                       notify: bool) -> None:
    decision = next_stage(stage, sessions)
    assert (decision.action, decision.stage, decision.notify_clinician) == (action, next_number, notify)
    assert decision.reason


def test_nine_out_of_ten_drops_and_says_so() -> None:
    decision = next_stage(4, [NINE])
    assert decision.reason == "Drop to stage 3: pain during the run 9/10 is above 5/10. Clinician notified."
    assert next_stage(1, [NINE]).reason.startswith("Drop to stage 1 (already at the first stage)")


def test_drop_threshold_follows_the_stop_zone_setting() -> None:
    strict = ClinicalSettings(pain_acceptable_max=4)
    assert next_stage(4, [PAINFUL], strict).action == StageAction.DROP
    assert next_stage(4, [PAINFUL]).action == StageAction.REPEAT


@pytest.mark.parametrize(
    ("phase", "confirmed_by", "stopped", "state", "words"),
    [
        (None, None, False, ScheduleGateState.NOT_YET, "there is no rehab plan yet"),
        ("settle", None, False, ScheduleGateState.NOT_YET, "the plan is in phase 1 Protect / settle"),
        ("load", None, False, ScheduleGateState.NOT_YET, "the plan is in phase 2 Load / strengthen"),
        ("return_to_run", None, False, ScheduleGateState.PHASE, "phase 3 Return to run"),
        ("return_to_performance", None, False, ScheduleGateState.PHASE, "phase 4 Return to performance"),
        ("settle", "Dr Kim Lee on 2026-11-20", False, ScheduleGateState.CONFIRMED,
         "Return to run confirmed by Dr Kim Lee on 2026-11-20."),
        (None, "Dr Kim Lee on 2026-11-20", False, ScheduleGateState.CONFIRMED, "confirmed"),
        ("return_to_run", None, True, ScheduleGateState.STOPPED, "stopped for review"),
        ("settle", "Dr Kim Lee on 2026-11-20", True, ScheduleGateState.STOPPED, "Restart programme"),
    ],
)
def test_run_schedule_gate(phase: str | None, confirmed_by: str | None, stopped: bool,
                           state: ScheduleGateState, words: str) -> None:
    gate = run_schedule_gate(phase, confirmed_by, stopped)
    assert gate.state == state and words in gate.reason
    assert gate.allowed is (state in (ScheduleGateState.PHASE, ScheduleGateState.CONFIRMED))


def test_refused_gate_says_the_way_forward() -> None:
    reason = run_schedule_gate("settle").reason
    assert reason == ("Return to run has not started: the plan is in phase 1 Protect / settle. The "
                      "walk/run schedule prints from phase 3 Return to run, or once a clinician "
                      "confirms return to run (Plan tab).")
    with pytest.raises(ValueError, match="plan phase"):
        run_schedule_gate("sprinting")


def test_decision_reasons_are_plain_words() -> None:
    assert next_stage(3, [OK, OK]) == StageDecision(
        StageAction.ADVANCE,
        4,
        "Advance to stage 4: 2 good sessions in a row at stage 3 with pain within limits and no "
        "reaction the next morning.",
    )
    repeat = next_stage(3, [PAINFUL])
    assert repeat.reason == "Repeat stage 3: pain during the run 5/10 (limit 3)."
    drop = next_stage(3, [OK, LONG])
    assert "more than 48 hours" in drop.reason and drop.notify_clinician is True
    stop = next_stage(3, [FLAG])
    assert "red flag" in stop.reason and stop.notify_clinician is True
    done = next_stage(8, [OK, OK, OK])
    assert done.programme_complete is True


def test_configurable_limits() -> None:
    lenient = ClinicalSettings(rtr_session_pain_limit=5, rtr_next_morning_allowance=1)
    assert session_ok(PAINFUL) is False
    assert session_ok(PAINFUL, lenient) is True
    assert session_ok(MORNING, lenient) is True
    assert next_stage(3, [PAINFUL, MORNING], lenient).action == StageAction.ADVANCE
