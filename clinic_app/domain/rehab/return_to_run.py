"""Return-to-run walk/run stages, pain-monitoring zones, the walk/run decision rules and the gate."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field

from clinic_app.domain._validation import check_bool, check_int, coerce_enum
from clinic_app.domain.errors import InvalidValue
from clinic_app.domain.messages import msg
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP, translate
from clinic_app.domain.rehab.exercises import RehabPhase
from clinic_app.domain.rehab.plans import PHASE_LABELS
from clinic_app.domain.settings import ClinicalSettings, resolve


@dataclass(frozen=True, slots=True)
class WalkRunStage:
    """One stage of the walk/run template."""

    number: int
    english_format: str
    total_min: int

    @property
    def format(self) -> str:
        """The stage's walk/jog pattern, translated."""
        return translate("ReturnToRun", self.english_format)


WALK_RUN_STAGES: tuple[WalkRunStage, ...] = (
    WalkRunStage(1, QT_TRANSLATE_NOOP("ReturnToRun", "5 × (walk 4 min / jog 1 min)"), 25),
    WalkRunStage(2, QT_TRANSLATE_NOOP("ReturnToRun", "5 × (walk 4 min / jog 2 min)"), 30),
    WalkRunStage(3, QT_TRANSLATE_NOOP("ReturnToRun", "5 × (walk 3 min / jog 3 min)"), 30),
    WalkRunStage(4, QT_TRANSLATE_NOOP("ReturnToRun", "5 × (walk 2 min / jog 4 min)"), 30),
    WalkRunStage(5, QT_TRANSLATE_NOOP("ReturnToRun", "3 × (walk 2 min / jog 8 min)"), 30),
    WalkRunStage(6, QT_TRANSLATE_NOOP("ReturnToRun", "2 × (jog 14 min / walk 2 min)"), 32),
    WalkRunStage(7, QT_TRANSLATE_NOOP("ReturnToRun", "Continuous easy jog 20 min"), 20),
    WalkRunStage(8, QT_TRANSLATE_NOOP("ReturnToRun", "Continuous easy jog 30 min"), 30),
)
"""The 8 stages of CLINICAL.md 5.4 (alternate days, flat ground, no hills)."""

FINAL_STAGE = len(WALK_RUN_STAGES)


def stage_info(stage: int) -> WalkRunStage:
    """Return the stage with number 1-8."""
    return WALK_RUN_STAGES[check_int(stage, "walk/run stage", 1, FINAL_STAGE) - 1]


class PainZone(enum.StrEnum):
    """Pain-monitoring zone (Silbernagel model, configurable boundaries)."""

    SAFE = "safe"
    ACCEPTABLE = "acceptable"
    STOP = "stop"


def pain_zone(pain: int, settings: ClinicalSettings | None = None) -> PainZone:
    """Return the zone for a 0-10 pain rating: 0-2 safe, 3-5 acceptable, above 5 stop."""
    cfg = resolve(settings)
    value = check_int(pain, "pain rating", 0, 10)
    if value <= cfg.pain_safe_max:
        return PainZone.SAFE
    if value <= cfg.pain_acceptable_max:
        return PainZone.ACCEPTABLE
    return PainZone.STOP


@dataclass(frozen=True, slots=True)
class SessionReport:
    """What the runner reports after one walk/run session (pain on 0-10)."""

    pain_during: int
    next_morning_pain: int
    baseline_morning_pain: int
    new_leg_or_neuro_symptoms: bool = False
    """New or worsening leg or nerve symptoms (numbness, weakness, spreading below the knee)."""
    swelling_stiffness_limp: bool = False
    symptoms_over_48h: bool = False
    red_flag_or_new_deficit: bool = False

    def __post_init__(self) -> None:
        """Validate ratings and flags."""
        check_int(self.pain_during, "pain during the session", 0, 10)
        check_int(self.next_morning_pain, "next-morning pain", 0, 10)
        check_int(self.baseline_morning_pain, "baseline morning pain", 0, 10)
        check_bool(self.new_leg_or_neuro_symptoms, "new or worsening leg or neuro symptoms")
        check_bool(self.swelling_stiffness_limp, "new swelling, stiffness or limp")
        check_bool(self.symptoms_over_48h, "symptoms lasting more than 48 hours")
        check_bool(self.red_flag_or_new_deficit, "red flag or new deficit")


class StageAction(enum.StrEnum):
    """What to do next in the walk/run programme."""

    ADVANCE = "advance"
    REPEAT = "repeat"
    DROP = "drop"
    STOP = "stop"


@dataclass(frozen=True, slots=True)
class StageDecision:
    """Next step: action, the stage to do next and the reason in plain words."""

    action: StageAction
    stage: int
    reason: str
    notify_clinician: bool = field(default=False, compare=False)
    programme_complete: bool = field(default=False, compare=False)


def session_problems(report: SessionReport, settings: ClinicalSettings | None = None) -> list[str]:
    """List why a session failed the 24-hour rule (empty when it was a good session)."""
    cfg = resolve(settings)
    problems = []
    if report.pain_during > cfg.rtr_session_pain_limit:
        problems.append(translate("ReturnToRun", "pain during the run {pain}/10 (limit {limit})").format(
            pain=report.pain_during, limit=cfg.rtr_session_pain_limit))
    if report.new_leg_or_neuro_symptoms:
        problems.append(translate("ReturnToRun", "new or worsening leg or nerve symptoms"))
    allowed = report.baseline_morning_pain + cfg.rtr_next_morning_allowance
    if report.next_morning_pain > allowed:
        problems.append(translate(
            "ReturnToRun", "next-morning pain {pain}/10 above the usual morning level {usual}/10").format(
            pain=report.next_morning_pain, usual=report.baseline_morning_pain))
    if report.swelling_stiffness_limp:
        problems.append(translate("ReturnToRun", "new swelling, stiffness or limp"))
    return problems


def session_ok(report: SessionReport, settings: ClinicalSettings | None = None) -> bool:
    """Return True when the session met the 24-hour rule."""
    return not session_problems(report, settings)


def _good_run(sessions: Sequence[SessionReport], cfg: ClinicalSettings) -> int:
    """How many good sessions in a row end the list (a failed session starts the count again)."""
    count = 0
    for report in reversed(sessions):
        if not session_ok(report, cfg):
            break
        count += 1
    return count


def next_stage(
    stage: int, sessions: Sequence[SessionReport], settings: ClinicalSettings | None = None
) -> StageDecision:
    """Apply the walk/run rules (CLINICAL.md C6 over 5.4) to the sessions done at ``stage``.

    A good session stays at or under the walk/run pain limit (3/10) and settles by the next
    morning; advancing needs that many good sessions in a row; a session above the stop zone
    (5/10), symptoms beyond 48 hours or two failed sessions in a row drop one stage and notify the
    clinician; a red flag, a new deficit or new nerve symptoms stop the programme.
    """
    cfg = resolve(settings)
    current = stage_info(stage).number
    for number, report in enumerate(sessions, start=1):
        if not isinstance(report, SessionReport):
            raise InvalidValue(msg("rehab.return_to_run.session_must_sessionreport_got",
                                   number=number, name__=type(report).__name__))
    if any(report.red_flag_or_new_deficit for report in sessions):
        return StageDecision(
            StageAction.STOP,
            current,
            translate("ReturnToRun", "Stop running: a red flag or new deficit was reported. "
                      "Escalate per the red-flag screen before any further running."),
            notify_clinician=True,
        )
    if not sessions:
        return StageDecision(StageAction.REPEAT, current, translate(
            "ReturnToRun", "No sessions recorded yet at stage {stage}.").format(stage=current))
    latest = sessions[-1]
    if latest.new_leg_or_neuro_symptoms:
        return StageDecision(
            StageAction.STOP,
            current,
            translate("ReturnToRun", "Stop and review: new or worsening leg or nerve symptoms override the "
                      "pain score."),
            notify_clinician=True,
        )
    lower = max(1, current - 1)
    drop_to = (translate("ReturnToRun", "Drop to stage {stage}") if lower < current
               else translate("ReturnToRun", "Drop to stage {stage} (already at the first stage)")
               ).format(stage=lower)
    if latest.pain_during > cfg.pain_acceptable_max:
        return StageDecision(
            StageAction.DROP,
            lower,
            translate("ReturnToRun", "{drop}: pain during the run {pain}/10 is above {limit}/10. "
                      "Clinician notified.").format(drop=drop_to, pain=latest.pain_during,
                                                    limit=cfg.pain_acceptable_max),
            notify_clinician=True,
        )
    if latest.symptoms_over_48h:
        return StageDecision(
            StageAction.DROP,
            lower,
            translate("ReturnToRun", "{drop}: symptoms lasted more than 48 hours. Clinician notified.")
            .format(drop=drop_to),
            notify_clinician=True,
        )
    problems = session_problems(latest, cfg)
    if problems and len(sessions) >= 2 and not session_ok(sessions[-2], cfg):
        return StageDecision(
            StageAction.DROP,
            lower,
            translate("ReturnToRun", "{drop}: two sessions in a row did not meet the 24-hour rule "
                      "(last: {problems}). Clinician notified.").format(drop=drop_to,
                                                                       problems="; ".join(problems)),
            notify_clinician=True,
        )
    if problems:
        return StageDecision(StageAction.REPEAT, current, translate(
            "ReturnToRun", "Repeat stage {stage}: {problems}.").format(stage=current,
                                                                      problems="; ".join(problems)))
    good = _good_run(sessions, cfg)
    needed = cfg.rtr_final_stage_sessions if current == FINAL_STAGE else cfg.rtr_sessions_to_advance
    if good < needed:
        return StageDecision(
            StageAction.REPEAT,
            current,
            (translate("ReturnToRun", "Repeat stage {stage}: {good} of {needed} good sessions in a row "
                       "(advance after that many consecutive good sessions).")
             if current != FINAL_STAGE
             else translate("ReturnToRun", "Repeat stage {stage}: {good} of {needed} good 30-minute runs "
                            "in a row on non-consecutive days.")).format(stage=current, good=good,
                                                                         needed=needed),
        )
    if current == FINAL_STAGE:
        return StageDecision(
            StageAction.ADVANCE,
            current,
            translate("ReturnToRun", "Walk/run programme complete: {good} good 30-minute runs in a row. "
                      "Move to return to performance (runs within +10% of the longest run in the previous "
                      "30 days).").format(good=good),
            programme_complete=True,
        )
    return StageDecision(
        StageAction.ADVANCE,
        current + 1,
        translate("ReturnToRun", "Advance to stage {next}: {good} good sessions in a row at stage {stage} "
                  "with pain within limits and no reaction the next morning.").format(
            next=current + 1, good=good, stage=current),
    )


# -- C7: the walk/run schedule is printed only when return to run has begun ------------------

RUN_SCHEDULE_PHASES: frozenset[RehabPhase] = frozenset(
    {RehabPhase.RETURN_TO_RUN, RehabPhase.RETURN_TO_PERFORMANCE}
)
"""Plan phases from which the walk/run schedule prints without a separate confirmation."""


class ScheduleGateState(enum.StrEnum):
    """Whether a dated walk/run schedule may be handed to the patient, and why."""

    PHASE = "phase"
    CONFIRMED = "confirmed"
    NOT_YET = "not_yet"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class ScheduleGate:
    """The gate's state and the sentence that explains it to the clinician."""

    state: ScheduleGateState
    reason: str

    @property
    def allowed(self) -> bool:
        """True when the schedule may be printed."""
        return self.state in (ScheduleGateState.PHASE, ScheduleGateState.CONFIRMED)


def run_schedule_gate(
    phase: RehabPhase | str | None, confirmed_by: str | None = None, stopped: bool = False
) -> ScheduleGate:
    """Decide whether the walk/run schedule may print (CLINICAL.md C7).

    Args:
        phase: the plan's phase, or None when the episode has no saved plan yet.
        confirmed_by: who confirmed and when ("Dr Kim Lee on 2026-11-20"), or None.
        stopped: the programme's last decision was STOP and no restart has been recorded.
    """
    if stopped:
        return ScheduleGate(
            ScheduleGateState.STOPPED,
            translate("ReturnToRun", "The walk/run programme was stopped for review: record the review "
                      "outcome and the stage to restart at (Plan tab, Restart programme…) before a "
                      "schedule is printed."),
        )
    current = None if phase is None else coerce_enum(RehabPhase, phase, "plan phase")
    if current in RUN_SCHEDULE_PHASES:
        return ScheduleGate(
            ScheduleGateState.PHASE,
            translate("ReturnToRun", "The plan is in phase {phase}: the walk/run schedule may be printed.")
            .format(phase=_phase(current)),
        )
    if confirmed_by:
        return ScheduleGate(
            ScheduleGateState.CONFIRMED,
            translate("ReturnToRun", "Return to run confirmed by {who}.").format(who=confirmed_by)
        )
    where = translate("ReturnToRun", "there is no rehab plan yet") if current is None else (
        translate("ReturnToRun", "the plan is in phase {phase}").format(phase=_phase(current))
    )
    return ScheduleGate(
        ScheduleGateState.NOT_YET,
        translate("ReturnToRun", "Return to run has not started: {where}. The walk/run schedule prints from "
                  "phase {phase}, or once a clinician confirms return to run (Plan tab).").format(
            where=where, phase=_phase(RehabPhase.RETURN_TO_RUN)),
    )


def _phase(phase: RehabPhase) -> str:
    return translate("RehabPhase", PHASE_LABELS[phase])
