"""Findings for running load: ACWR, single-session spike, week-over-week change, shoes, duration."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from clinic_app.domain._validation import check_number
from clinic_app.domain.findings import Evidence, Finding, FindingLevel
from clinic_app.domain.load.training import (
    SPIKE_HAZARD_RATIO,
    WEEK_CHANGE_CAUTION_PCT,
    AcwrBand,
    DistanceUnit,
    ShoeStatus,
    SpikeBand,
    SymptomDuration,
    acwr_band,
    acwr_coupled,
    acwr_uncoupled,
    format_distance,
    session_spike_pct,
    shoe_status,
    spike_band,
    symptom_duration,
    week_over_week_change_pct,
)
from clinic_app.domain.settings import ClinicalSettings, resolve

_ACWR_WORDS = {
    AcwrBand.BELOW: "below the sweet spot",
    AcwrBand.SWEET_SPOT: "in the sweet spot",
    AcwrBand.ELEVATED: "elevated",
    AcwrBand.SPIKE: "a spike",
}


def acwr_finding(
    weekly_km: Sequence[float],
    settings: ClinicalSettings | None = None,
    unit: DistanceUnit | str = DistanceUnit.KM,
) -> Finding:
    """Report the uncoupled (preferred) and coupled ACWR with the band of the uncoupled value."""
    cfg = resolve(settings)
    uncoupled, coupled = acwr_uncoupled(weekly_km), acwr_coupled(weekly_km)
    last = list(weekly_km)[-4:]
    inputs = {
        f"Week {i - len(last)}" if i < len(last) else "Current week": format_distance(v, unit)
        for i, v in enumerate(last, start=1)
    }
    source = "Gabbett ACWR [S31]; Frandsen 2025 [S30]; bands [P]"
    notes = (
        "Frandsen 2025 found no association between uncoupled ACWR and injury; "
        "the single-session spike is the primary alert.",
    )
    if uncoupled is None:
        coupled_text = "" if coupled is None else f" (coupled {coupled:.2f})"
        text = (
            "ACWR not available: needs 4 weeks with some running in the 3 weeks "
            f"before this one{coupled_text}"
        )
        return Finding(
            "acwr",
            "not_available",
            text,
            inputs,
            Evidence.RESEARCH,
            source,
            FindingLevel.INFO,
            notes,
        )
    band = acwr_band(uncoupled, cfg)
    chronic = sum(last[:3]) / 3
    coupled_text = "n/a" if coupled is None else f"{coupled:.2f}"
    sweet = f"{cfg.acwr_sweet_spot_low:g}–{cfg.acwr_sweet_spot_high:g}"
    text = (
        f"ACWR {uncoupled:.2f} uncoupled ({format_distance(last[-1], unit)} vs "
        f"{format_distance(chronic, unit)} mean of the 3 previous weeks) — {_ACWR_WORDS[band]} "
        f"(sweet spot {sweet}, spike above {cfg.acwr_spike:g}); coupled {coupled_text}"
    )
    level = {AcwrBand.SPIKE: FindingLevel.WARNING, AcwrBand.ELEVATED: FindingLevel.CAUTION}.get(
        band, FindingLevel.INFO
    )
    return Finding("acwr", band.value, text, inputs, Evidence.RESEARCH, source, level, notes)


def spike_finding(
    run_km: float,
    longest_previous_30d_km: float,
    settings: ClinicalSettings | None = None,
    unit: DistanceUnit | str = DistanceUnit.KM,
) -> Finding:
    """Report the single-session spike against the longest run of the previous 30 days."""
    cfg = resolve(settings)
    pct = session_spike_pct(run_km, longest_previous_30d_km)
    inputs = {
        "Run": format_distance(run_km, unit),
        "Longest run, previous 30 days": format_distance(longest_previous_30d_km, unit),
    }
    source = "Frandsen 2025 [S30]; bands [P]"
    if pct is None:
        return Finding(
            "session_spike",
            "not_available",
            "Spike not available: no run in the previous 30 days to compare with",
            inputs,
            Evidence.RESEARCH,
            source,
        )
    band = spike_band(pct, cfg)
    head = (
        f"Run {format_distance(run_km, unit)} vs longest of the previous 30 days "
        f"{format_distance(longest_previous_30d_km, unit)}: {pct:+.1f}%"
    )
    ratio = SPIKE_HAZARD_RATIO[band]
    if band == SpikeBand.WITHIN:
        text = f"{head} — within the reference band (≤{cfg.spike_within_max_pct:g}%)"
    else:
        text = f"{head} — {band.value} spike (injury hazard ratio {ratio:g} vs ≤10%; Frandsen 2025)"
    level = {SpikeBand.WITHIN: FindingLevel.INFO, SpikeBand.SMALL: FindingLevel.CAUTION}.get(
        band, FindingLevel.WARNING
    )
    return Finding("session_spike", band.value, text, inputs, Evidence.RESEARCH, source, level)


def week_change_finding(
    current_km: float, previous_km: float, unit: DistanceUnit | str = DistanceUnit.KM
) -> Finding:
    """Report week-over-week change; the 10% rule has weak support, >30% was linked to injury."""
    pct = week_over_week_change_pct(current_km, previous_km)
    inputs = {
        "This week": format_distance(current_km, unit),
        "Last week": format_distance(previous_km, unit),
    }
    source = "Nielsen 2014 [S30]"
    if pct is None:
        return Finding(
            "week_change",
            "undefined",
            "Week-over-week change undefined: last week was 0",
            inputs,
            Evidence.RESEARCH,
            source,
        )
    head = (
        f"This week {format_distance(current_km, unit)} vs last week "
        f"{format_distance(previous_km, unit)}: {pct:+.1f}%"
    )
    if pct > WEEK_CHANGE_CAUTION_PCT:
        text = (
            f"{head} — above 30% (in novice runners, increases over 30% were linked to injury; Nielsen 2014)"
        )
        return Finding(
            "week_change",
            "large_increase",
            text,
            inputs,
            Evidence.RESEARCH,
            source,
            FindingLevel.CAUTION,
        )
    verdict = "increase" if pct > 0 else ("decrease" if pct < 0 else "no_change")
    return Finding(
        "week_change",
        verdict,
        head,
        inputs,
        Evidence.RESEARCH,
        source,
        notes=("The traditional 10% rule has weak support.",),
    )


def shoe_finding(
    distance_km: float,
    settings: ClinicalSettings | None = None,
    shoe: str = "",
    unit: DistanceUnit | str = DistanceUnit.KM,
) -> Finding:
    """Compare shoe distance with the replacement range (an informational prompt)."""
    cfg = resolve(settings)
    status = shoe_status(distance_km, cfg)
    name = f"Shoe {shoe}" if shoe else "Shoe"
    low = format_distance(cfg.shoe_replace_min_km, unit, 0).split()[0]
    span = f"{low}–{format_distance(cfg.shoe_replace_max_km, unit, 0)}"
    words = {
        ShoeStatus.OK: f"below the usual replacement range ({span})",
        ShoeStatus.APPROACHING: (f"within the usual replacement range ({span}); consider replacing soon"),
        ShoeStatus.REPLACE: f"beyond the usual replacement range ({span}); consider replacing",
    }[status]
    text = f"{name} at {format_distance(distance_km, unit)}: {words}"
    inputs = {"Distance on shoe": format_distance(distance_km, unit)}
    if shoe:
        inputs = {"Shoe": shoe, **inputs}
    return Finding(
        "shoe",
        status.value,
        text,
        inputs,
        Evidence.CONSENSUS,
        "Shoe replacement [S33]; range [P]",
        FindingLevel.INFO,
        ("Limited evidence: an informational prompt only.",),
    )


def symptom_duration_finding(
    onset: dt.date, reference: dt.date, settings: ClinicalSettings | None = None
) -> Finding:
    """Classify symptom duration (acute below 6 weeks, subacute 6-12, chronic above 12)."""
    cfg = resolve(settings)
    duration = symptom_duration(onset, reference, cfg)
    weeks = check_number((reference - onset).days / 7, "symptom weeks", 0)
    text = (
        f"Symptoms for {weeks:.1f} weeks — {duration.value} "
        f"(acute below {cfg.duration_acute_below_weeks} weeks, "
        f"chronic above {cfg.duration_chronic_above_weeks})"
    )
    inputs = {"Onset date": onset.isoformat(), "Reference date": reference.isoformat()}
    notes = (
        ("ACP-based summaries define acute as under 4 weeks.",) if duration != SymptomDuration.CHRONIC else ()
    )
    return Finding(
        "symptom_duration",
        duration.value,
        text,
        inputs,
        Evidence.CONSENSUS,
        "Convention [S4]",
        FindingLevel.INFO,
        notes,
    )
