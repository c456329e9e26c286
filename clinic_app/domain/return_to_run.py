"""CLINICAL.md Part A names this module: the walk/run stages, kept in ``domain/rehab/return_to_run.py``."""

from __future__ import annotations

from clinic_app.domain.rehab.return_to_run import (
    FINAL_STAGE,
    RUN_SCHEDULE_PHASES,
    WALK_RUN_STAGES,
    PainZone,
    ScheduleGate,
    ScheduleGateState,
    SessionReport,
    StageAction,
    StageDecision,
    WalkRunStage,
    next_stage,
    pain_zone,
    run_schedule_gate,
    session_ok,
    session_problems,
    stage_info,
)

__all__ = [
    "WalkRunStage",
    "WALK_RUN_STAGES",
    "FINAL_STAGE",
    "stage_info",
    "PainZone",
    "pain_zone",
    "SessionReport",
    "StageAction",
    "StageDecision",
    "session_problems",
    "session_ok",
    "next_stage",
    "RUN_SCHEDULE_PHASES",
    "ScheduleGateState",
    "ScheduleGate",
    "run_schedule_gate",
]
