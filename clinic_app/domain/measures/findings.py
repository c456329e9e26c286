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
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP, translate
from clinic_app.domain.settings import ClinicalSettings, resolve

_RISK_WORDS = {
    StartBackRisk.LOW: QT_TRANSLATE_NOOP("Measures", "low"),
    StartBackRisk.MEDIUM: QT_TRANSLATE_NOOP("Measures", "medium"),
    StartBackRisk.HIGH: QT_TRANSLATE_NOOP("Measures", "high"),
}
_MID_WORDS = {
    PsfsMid.SMALL: QT_TRANSLATE_NOOP("Measures", "small"),
    PsfsMid.MEDIUM: QT_TRANSLATE_NOOP("Measures", "medium"),
    PsfsMid.LARGE: QT_TRANSLATE_NOOP("Measures", "large"),
}

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
        f"{n}. {label}": translate("Measures", "not answered") if value is None else f"{value}/5"
        for n, (label, value) in enumerate(zip(ODI_SECTION_LABELS, sections, strict=True), start=1)
    }
    source = "ODI v2.1a [S23]; missing-section limit [P]"
    if score is None:
        missing = sum(1 for value in sections if value is None)
        text = translate("Measures", "ODI not scored: {missing} sections unanswered (at most {limit} may be "
                         "missing)").format(missing=missing, limit=cfg.odi_max_missing)
        return Finding("odi", "not_scored", text, inputs, Evidence.RESEARCH, source)
    text = translate("Measures", "ODI {score} ({answered} of 10 sections answered) — {band}").format(
        score=score.display, answered=score.answered, band=score.band.label)
    return Finding("odi", score.band.value, text, inputs, Evidence.RESEARCH, source, _ODI_LEVEL[score.band])


def rmdq_finding(ticked: Iterable[int]) -> Finding:
    """Score the RMDQ-24 and note floor/ceiling and recovery ranges."""
    items = list(ticked)
    score = score_rmdq(items)
    inputs = {"Items ticked": ", ".join(str(n) for n in sorted(items)) or "none"}
    notes = []
    if score < 4 or score > 20:
        notes.append(translate("Measures", "Scores below 4 or above 20 respond poorly to change (floor and "
                               "ceiling effects)."))
    verdict = "recovered_range" if score <= 2 else "disability"
    text = (translate("Measures", "RMDQ {score}/24 — in the range that best identifies patients who feel "
                      "recovered (2 or less)") if score <= 2
            else translate("Measures", "RMDQ {score}/24")).format(score=score)
    return Finding(
        "rmdq",
        verdict,
        text,
        inputs,
        Evidence.RESEARCH,
        "RMDQ-24 [S26]",
        FindingLevel.INFO,
        tuple(notes),
    )


def _change_words(change: ScoreChange, points_label: str) -> tuple[str, str]:
    """Describe an MCID outcome; returns (verdict, words)."""
    if change.baseline_too_low and change.abs_change >= 0:
        return "baseline_too_low", translate("Measures", BASELINE_TOO_LOW)
    if change.meets_abs_mcid and change.meets_pct_mcid:
        return "meets_both", translate("Measures", "meets both MCIDs ({points} and 30%)").format(
            points=points_label)
    if change.meets_abs_mcid:
        return "meets_abs", translate("Measures", "meets the {points} MCID but not 30%").format(
            points=points_label)
    if change.meets_pct_mcid:
        return "meets_pct", translate("Measures", "meets the 30% MCID but not {points}").format(
            points=points_label)
    if change.abs_change < 0:
        return "worse", translate("Measures", "worse than baseline")
    return "not_met", translate("Measures", "does not reach the MCID")


def _pct_text(pct: float | None) -> str:
    """Format a percent change, or note that it is undefined."""
    return translate("Measures", "percent change undefined at baseline 0") if pct is None else f"{pct:.0f}%"


def _direction(change: float) -> str:
    if change > 0:
        return translate("Measures", "improved")
    return translate("Measures", "unchanged") if change == 0 else translate("Measures", "worsened")


def _by(amount: str) -> str:
    """`` by 3 points`` (`` by 1 point``)."""
    return (translate("Measures", " by {amount} point") if amount == "1"
            else translate("Measures", " by {amount} points")).format(amount=amount)


def _score_change_finding(kind: str, name: str, change: ScoreChange, points: str, places: int) -> Finding:
    """Shared wording for ODI/RMDQ change."""
    verdict, words = _change_words(change, points)
    amount = fmt_num(abs(change.abs_change), places)
    by = "" if change.abs_change == 0 else _by(amount)
    text = translate("Measures", "{name} {direction}{by} ({baseline} → {followup}, {pct}) — {words}").format(
        name=name, direction=_direction(change.abs_change), by=by,
        baseline=fmt_num(change.baseline, places), followup=fmt_num(change.followup, places),
        pct=_pct_text(change.pct_change), words=words)
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
    size = abs(change.abs_change)
    by = "" if size == 0 else _by(str(size))
    text = translate("Measures", "{region} pain {baseline} → {followup}/10: {direction}{by} ({pct}) — {words}"
                     ).format(region=region, baseline=baseline, followup=followup,
                              direction=_direction(change.abs_change), by=by,
                              pct=_pct_text(change.pct_change), words=words)
    inputs = {"Baseline NPRS": f"{baseline}/10", "Follow-up NPRS": f"{followup}/10"}
    notes = (translate("Measures", "The MCID rises with baseline pain: about 1 point for 1–4, 2 for 5–7 and "
                       "3–4 for 8–10."),)
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
    parts.append(translate("Measures", "exceeds the MDC (2 points)") if change.exceeds_mdc
                 else translate("Measures", "within the MDC (2 points)"))
    if change.mid != PsfsMid.NONE:
        parts.append(translate("Measures", "reaches the {level} MID ({value})").format(
            level=translate("Measures", _MID_WORDS[change.mid]), value=f"{PSFS_MID[change.mid]:g}"))
    text = translate("Measures", "PSFS {before} → {after}: {change} — {parts}").format(
        before=f"{change.baseline_mean:.2f}", after=f"{change.followup_mean:.2f}",
        change=f"{change.change:+.2f}", parts=join_words(parts, translate("Measures", "and")))
    inputs = {
        f"Activity {n}": f"{before:g} → {after:g}"
        for n, (before, after) in enumerate(zip(baseline, followup, strict=True), start=1)
    }
    notes = []
    if change.activities_beyond_mdc:
        listed = ", ".join(str(n) for n in change.activities_beyond_mdc)
        notes.append(translate("Measures", "Activities changed by 3 points or more (single-activity MDC): "
                               "{activities}.").format(activities=listed))
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
        f"{n}. {label}": translate("Measures", "agree") if answer else translate("Measures", "disagree")
        for n, (label, answer) in enumerate(zip(STARTBACK_ITEM_LABELS[:8], agree, strict=True), start=1)
    }
    inputs[f"9. {STARTBACK_ITEM_LABELS[8]}"] = bother.value.replace("_", " ")
    text = translate("Measures", "STarT Back total {total}/9, psychosocial {psychosocial}/5 — {risk} risk: "
                     "{care}").format(total=score.total, psychosocial=score.psychosocial,
                                      risk=translate("Measures", _RISK_WORDS[score.risk]),
                                      care=matched_care(score.risk).lower())
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
