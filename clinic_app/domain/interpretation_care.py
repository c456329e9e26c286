"""Findings for red-flag screening and the return-to-run decision."""

from __future__ import annotations

from collections.abc import Sequence

from clinic_app.domain._validation import coerce_enum
from clinic_app.domain.findings import Evidence, Finding, FindingLevel
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP, translate
from clinic_app.domain.rehab.return_to_run import SessionReport, StageAction, next_stage, stage_info
from clinic_app.domain.safety.red_flags import (
    RED_FLAG_INFO,
    RedFlagAnswers,
    RedFlagItem,
    RedFlagTier,
    screen,
)
from clinic_app.domain.safety.statement import FlagState, concern, red_flag_statement
from clinic_app.domain.settings import ClinicalSettings

_TIER_LEVEL = {
    RedFlagTier.EMERGENCY: FindingLevel.EMERGENCY,
    RedFlagTier.URGENT: FindingLevel.URGENT,
    RedFlagTier.PROMPT: FindingLevel.WARNING,
}
_ITEM_IDS = frozenset(item.value for item in RedFlagItem)
_SEVERE_PAIN = QT_TRANSLATE_NOOP("RedFlags", "severe pain")
"""The escalation reason ``screen`` gives for I2 with severe pain."""
_RED_FLAG_SOURCE = "AHCPR [S6]; NHS Gloucestershire [S7]; NHS Lothian [S8]; behaviour [P]"


def red_flag_findings(answers: RedFlagAnswers, *, severe_pain: bool = False) -> list[Finding]:
    """One finding per raised flag (most severe first) followed by a screening summary."""
    flags = screen(answers, severe_pain=severe_pain)
    findings = []
    for flag in flags:
        escalated = (translate("RedFlags", " (raised with {reasons})").format(
            reasons=", ".join(_reason(r) for r in flag.escalated_by)) if flag.escalated_by else "")
        text = translate("RedFlags", "{concern}{escalated}: {description} — {advice}").format(
            concern=concern(flag.item), escalated=escalated, description=flag.description, advice=flag.advice)
        inputs = {flag.item.value: "yes"}
        for reason in flag.escalated_by:
            inputs[reason if reason in _ITEM_IDS else reason.capitalize()] = "yes"
        findings.append(
            Finding(
                f"red_flag_{flag.item.value}",
                flag.tier.value,
                text,
                inputs,
                Evidence.GUIDELINE,
                _RED_FLAG_SOURCE,
                _TIER_LEVEL[flag.tier],
            )
        )
    answered = {item: ("yes" if answer else "no") for item, answer in _answered(answers).items()}
    summary_inputs = {item.value: answered.get(item.value, "not asked") for item in RedFlagItem}
    statement = red_flag_statement(answers, None, [FlagState(f.item, f.tier) for f in flags])
    if flags:
        level, verdict = _TIER_LEVEL[flags[0].tier], flags[0].tier.value
    elif statement.all_clear:
        level, verdict = FindingLevel.INFO, "none_raised"
    else:
        level, verdict = FindingLevel.CAUTION, "incomplete"
    text = translate("RedFlags", "{statement} Screening never clears a patient.").format(
        statement=statement.text)
    notes = (translate("RedFlags", "Screen again at every visit and whenever new symptoms are logged."),)
    findings.append(
        Finding(
            "red_flag_screen",
            verdict,
            text,
            summary_inputs,
            Evidence.GUIDELINE,
            _RED_FLAG_SOURCE,
            level,
            notes,
        )
    )
    return findings


def _reason(reason: str) -> str:
    """An escalation reason in words: an item ID as it is, "severe pain" translated."""
    return translate("RedFlags", _SEVERE_PAIN) if reason == _SEVERE_PAIN else reason


def _answered(answers: RedFlagAnswers) -> dict[str, bool]:
    """Return the answered (non-None) items keyed by ID text."""
    return {str(item): bool(value) for item, value in answers.items() if value is not None}


def red_flag_item_text(item: RedFlagItem | str) -> str:
    """Return the short plain wording of an item for checklists."""
    return RED_FLAG_INFO[coerce_enum(RedFlagItem, item, "red-flag item")].description


def return_to_run_finding(
    stage: int, sessions: Sequence[SessionReport], settings: ClinicalSettings | None = None
) -> Finding:
    """Explain the next walk/run step with the sessions it was based on."""
    decision = next_stage(stage, sessions, settings)
    inputs = {"Current stage": f"{stage}: {stage_info(stage).format}"}
    for n, report in enumerate(sessions, start=1):
        extras = [
            label
            for label, flag in (
                (translate("ReturnToRun", "leg/nerve symptoms"), report.new_leg_or_neuro_symptoms),
                (translate("ReturnToRun", "swelling/stiffness/limp"), report.swelling_stiffness_limp),
                (translate("ReturnToRun", "symptoms >48 h"), report.symptoms_over_48h),
                (translate("ReturnToRun", "red flag/new deficit"), report.red_flag_or_new_deficit),
            )
            if flag
        ]
        inputs[f"Session {n}"] = (
            f"pain {report.pain_during}/10, next morning {report.next_morning_pain}/10 "
            f"(usual {report.baseline_morning_pain}/10)" + (f", {', '.join(extras)}" if extras else "")
        )
    target = stage_info(decision.stage)
    text = decision.reason
    if (
        decision.action in (StageAction.ADVANCE, StageAction.REPEAT, StageAction.DROP)
        and not decision.programme_complete
    ):
        text = translate("ReturnToRun", "{reason} Next: stage {stage}, {format} ({minutes} min).").format(
            reason=text, stage=target.number, format=target.format, minutes=target.total_min)
    level = {
        StageAction.STOP: FindingLevel.URGENT,
        StageAction.DROP: FindingLevel.WARNING,
        StageAction.REPEAT: FindingLevel.CAUTION,
        StageAction.ADVANCE: FindingLevel.INFO,
    }[decision.action]
    return Finding(
        "return_to_run",
        decision.action.value,
        text,
        inputs,
        Evidence.CONSENSUS,
        "Return-to-run protocol [S35]; pain monitoring [S34]; thresholds [P]",
        level,
    )
