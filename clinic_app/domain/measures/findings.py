"""Findings for outcome measures: ODI, RMDQ, NPRS change, PSFS change and STarT Back."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from clinic_app.domain._validation import coerce_enum, fmt_num, join_words
from clinic_app.domain.findings import Evidence, Finding, FindingLevel
from clinic_app.domain.measures.scoring import (
    BASELINE_TOO_LOW,
    ODI_SECTION_LABELS,
    PSFS_MID,
    STARTBACK_ITEM_LABELS,
    Bothersomeness,
    OdiBand,
    PsfsMid,
    ScoreChange,
    StartBackRisk,
    matched_care,
    nprs_change,
    odi_change,
    psfs_change,
    rmdq_change,
    score_odi,
    score_rmdq,
    score_startback,
)
from clinic_app.domain.settings import ClinicalSettings, resolve

_ODI_LEVEL = {
    OdiBand.MINIMAL: FindingLevel.INFO,
    OdiBand.MODERATE: FindingLevel.CAUTION,
    OdiBand.SEVERE: FindingLevel.WARNING,
    OdiBand.VERY_SEVERE: FindingLevel.WARNING,
    OdiBand.BED_BOUND: FindingLevel.WARNING,
}


def odi_finding(sections: Sequence[int | None], settings: ClinicalSettings | None = None) -> Finding:
    """Score the ODI and state its band, or why it could not be scored."""
    cfg = resolve(settings)
    score = score_odi(sections, cfg.odi_max_missing)
    inputs = {
        f"{n}. {label}": "not answered" if value is None else f"{value}/5"
        for n, (label, value) in enumerate(zip(ODI_SECTION_LABELS, sections, strict=True), start=1)
    }
    source = "ODI v2.1a [S23]; missing-section limit [P]"
    if score is None:
        missing = sum(1 for value in sections if value is None)
        text = f"ODI not scored: {missing} sections unanswered (at most {cfg.odi_max_missing} may be missing)"
        return Finding("odi", "not_scored", text, inputs, Evidence.RESEARCH, source)
    text = f"ODI {score.display} ({score.answered} of 10 sections answered) — {score.band.label}"
    return Finding("odi", score.band.value, text, inputs, Evidence.RESEARCH, source, _ODI_LEVEL[score.band])


def rmdq_finding(ticked: Iterable[int]) -> Finding:
    """Score the RMDQ-24 and note floor/ceiling and recovery ranges."""
    items = list(ticked)
    score = score_rmdq(items)
    inputs = {"Items ticked": ", ".join(str(n) for n in sorted(items)) or "none"}
    notes = []
    if score < 4 or score > 20:
        notes.append("Scores below 4 or above 20 respond poorly to change (floor and ceiling effects).")
    verdict = "recovered_range" if score <= 2 else "disability"
    extra = (
        " — in the range that best identifies patients who feel recovered (2 or less)" if score <= 2 else ""
    )
    return Finding(
        "rmdq",
        verdict,
        f"RMDQ {score}/24{extra}",
        inputs,
        Evidence.RESEARCH,
        "RMDQ-24 [S26]",
        FindingLevel.INFO,
        tuple(notes),
    )


def _change_words(change: ScoreChange, points_label: str) -> tuple[str, str]:
    """Describe an MCID outcome; returns (verdict, words)."""
    if change.baseline_too_low and change.abs_change >= 0:
        return "baseline_too_low", BASELINE_TOO_LOW
    if change.meets_abs_mcid and change.meets_pct_mcid:
        return "meets_both", f"meets both MCIDs ({points_label} and 30%)"
    if change.meets_abs_mcid:
        return "meets_abs", f"meets the {points_label} MCID but not 30%"
    if change.meets_pct_mcid:
        return "meets_pct", f"meets the 30% MCID but not {points_label}"
    if change.abs_change < 0:
        return "worse", "worse than baseline"
    return "not_met", "does not reach the MCID"


def _pct_text(pct: float | None) -> str:
    """Format a percent change, or note that it is undefined."""
    return "percent change undefined at baseline 0" if pct is None else f"{pct:.0f}%"


def _score_change_finding(kind: str, name: str, change: ScoreChange, points: str, places: int) -> Finding:
    """Shared wording for ODI/RMDQ change."""
    verdict, words = _change_words(change, points)
    direction = "improved" if change.abs_change > 0 else ("unchanged" if change.abs_change == 0
                                                          else "worsened")
    amount = fmt_num(abs(change.abs_change), places)
    by = "" if change.abs_change == 0 else f" by {amount} point{'' if amount == '1' else 's'}"
    text = (
        f"{name} {direction}{by} "
        f"({fmt_num(change.baseline, places)} → {fmt_num(change.followup, places)}, "
        f"{_pct_text(change.pct_change)}) — {words}"
    )
    inputs = {
        "Baseline": fmt_num(change.baseline, places),
        "Follow-up": fmt_num(change.followup, places),
    }
    level = FindingLevel.CAUTION if verdict == "worse" else FindingLevel.INFO
    return Finding(kind, verdict, text, inputs, Evidence.RESEARCH, "Ostelo 2008 [S24]", level)


def odi_change_finding(baseline: float, followup: float) -> Finding:
    """Interpret ODI change against the MCID (10 points or 30%)."""
    return _score_change_finding("odi_change", "ODI", odi_change(baseline, followup), "10-point", 1)


def rmdq_change_finding(baseline: int, followup: int) -> Finding:
    """Interpret RMDQ change against the MCID (5 points or 30%)."""
    return _score_change_finding("rmdq_change", "RMDQ", rmdq_change(baseline, followup), "5-point", 0)


def nprs_change_finding(baseline: int, followup: int, region: str = "Back") -> Finding:
    """Interpret NPRS change with the 2-point and 30% MCIDs reported separately."""
    change = nprs_change(baseline, followup)
    as_score = ScoreChange(
        baseline,
        followup,
        change.abs_change,
        change.pct_change,
        change.meets_abs_mcid,
        change.meets_pct_mcid,
        change.baseline_too_low,
    )
    verdict, words = _change_words(as_score, "2-point")
    direction = "improved" if change.abs_change > 0 else ("unchanged" if change.abs_change == 0
                                                          else "worsened")
    size = abs(change.abs_change)
    by = "" if size == 0 else f" by {size} point{'' if size == 1 else 's'}"
    text = (
        f"{region} pain {baseline} → {followup}/10: {direction}{by} "
        f"({_pct_text(change.pct_change)}) — {words}"
    )
    inputs = {"Baseline NPRS": f"{baseline}/10", "Follow-up NPRS": f"{followup}/10"}
    notes = ("The MCID rises with baseline pain: about 1 point for 1–4, 2 for 5–7 and 3–4 for 8–10.",)
    level = FindingLevel.CAUTION if verdict == "worse" else FindingLevel.INFO
    return Finding(
        "nprs_change",
        verdict,
        text,
        inputs,
        Evidence.RESEARCH,
        "Ostelo 2008 [S24]; [S29]",
        level,
        notes,
    )


def psfs_change_finding(baseline: Sequence[float], followup: Sequence[float]) -> Finding:
    """Interpret PSFS change against the MDC (2 mean / 3 single) and the MID levels."""
    change = psfs_change(baseline, followup)
    parts = []
    parts.append("exceeds the MDC (2 points)" if change.exceeds_mdc else "within the MDC (2 points)")
    if change.mid != PsfsMid.NONE:
        parts.append(f"reaches the {change.mid.value} MID ({PSFS_MID[change.mid]:g})")
    means = f"{change.baseline_mean:.2f} → {change.followup_mean:.2f}"
    text = f"PSFS {means}: {change.change:+.2f} — {join_words(parts)}"
    inputs = {
        f"Activity {n}": f"{before:g} → {after:g}"
        for n, (before, after) in enumerate(zip(baseline, followup, strict=True), start=1)
    }
    notes = []
    if change.activities_beyond_mdc:
        listed = ", ".join(str(n) for n in change.activities_beyond_mdc)
        notes.append(f"Activities changed by 3 points or more (single-activity MDC): {listed}.")
    verdict = "exceeds_mdc" if change.exceeds_mdc else ("worse" if change.change < 0 else "within_mdc")
    return Finding(
        "psfs_change",
        verdict,
        text,
        inputs,
        Evidence.RESEARCH,
        "PSFS MDC [S28]; Abbott & Schmitt 2014 [S25]",
        FindingLevel.INFO,
        tuple(notes),
    )


def startback_finding(agree: Sequence[bool], bothersomeness: Bothersomeness | str) -> Finding:
    """Score STarT Back and give the matched-care suggestion."""
    score = score_startback(agree, bothersomeness)
    bother = coerce_enum(Bothersomeness, bothersomeness, "STarT Back item 9 (bothersomeness)")
    inputs = {
        f"{n}. {label}": "agree" if answer else "disagree"
        for n, (label, answer) in enumerate(zip(STARTBACK_ITEM_LABELS[:8], agree, strict=True), start=1)
    }
    inputs[f"9. {STARTBACK_ITEM_LABELS[8]}"] = bother.value.replace("_", " ")
    text = (
        f"STarT Back total {score.total}/9, psychosocial {score.psychosocial}/5 — "
        f"{score.risk.value} risk: "
        f"{matched_care(score.risk).lower()}"
    )
    level = {
        StartBackRisk.LOW: FindingLevel.INFO,
        StartBackRisk.MEDIUM: FindingLevel.CAUTION,
        StartBackRisk.HIGH: FindingLevel.WARNING,
    }[score.risk]
    return Finding(
        "startback",
        score.risk.value,
        text,
        inputs,
        Evidence.RESEARCH,
        "Keele STarT Back [S27]; matched care [S43]",
        level,
    )
