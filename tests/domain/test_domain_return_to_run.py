"""Walk/run stages, pain zones and the 24-hour rule (sections 5.3-5.4)."""

from __future__ import annotations

import pytest

from clinic_app.domain.return_to_run import (
    WALK_RUN_STAGES,
    PainZone,
    SessionReport,
    StageAction,
    StageDecision,
    next_stage,
    pain_zone,
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
        (3, [OK, PAINFUL, OK], StageAction.ADVANCE, 4),
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
def test_next_stage(stage: int, sessions: list[SessionReport], action: StageAction, next_number: int) -> None:
    decision = next_stage(stage, sessions)
    assert (decision.action, decision.stage) == (action, next_number)
    assert decision.reason


def test_decision_reasons_are_plain_words() -> None:
    assert next_stage(3, [OK, OK]) == StageDecision(
        StageAction.ADVANCE,
        4,
        "Advance to stage 4: 2 good sessions at stage 3 with pain within limits and no reaction "
        "the next morning.",
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
