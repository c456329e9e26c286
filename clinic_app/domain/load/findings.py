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
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP, translate
from clinic_app.domain.settings import ClinicalSettings, resolve

_ACWR_WORDS = {
    AcwrBand.BELOW: QT_TRANSLATE_NOOP("LoadFindings", "below the sweet spot"),
    AcwrBand.SWEET_SPOT: QT_TRANSLATE_NOOP("LoadFindings", "in the sweet spot"),
    AcwrBand.ELEVATED: QT_TRANSLATE_NOOP("LoadFindings", "elevated"),
    AcwrBand.SPIKE: QT_TRANSLATE_NOOP("LoadFindings", "a spike"),
}
_SPIKE_WORDS = {
    SpikeBand.WITHIN: QT_TRANSLATE_NOOP("LoadFindings", "within"),
    SpikeBand.SMALL: QT_TRANSLATE_NOOP("LoadFindings", "small"),
    SpikeBand.MODERATE: QT_TRANSLATE_NOOP("LoadFindings", "moderate"),
    SpikeBand.LARGE: QT_TRANSLATE_NOOP("LoadFindings", "large"),
}
_DURATION_WORDS = {
    SymptomDuration.ACUTE: QT_TRANSLATE_NOOP("LoadFindings", "acute"),
    SymptomDuration.SUBACUTE: QT_TRANSLATE_NOOP("LoadFindings", "subacute"),
    SymptomDuration.CHRONIC: QT_TRANSLATE_NOOP("LoadFindings", "chronic"),
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
        translate("LoadFindings", "Frandsen 2025 found no association between uncoupled ACWR and injury; "
                  "the single-session spike is the primary alert."),
    )
    if uncoupled is None:
        text = (translate("LoadFindings", "ACWR not available: needs 4 weeks with some running in the 3 "
                          "weeks before this one") if coupled is None
                else translate("LoadFindings", "ACWR not available: needs 4 weeks with some running in the 3 "
                               "weeks before this one (coupled {coupled})").format(coupled=f"{coupled:.2f}"))
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
    coupled_text = translate("LoadFindings", "n/a") if coupled is None else f"{coupled:.2f}"
    sweet = f"{cfg.acwr_sweet_spot_low:g}–{cfg.acwr_sweet_spot_high:g}"
    text = translate(
        "LoadFindings", "ACWR {acwr} uncoupled ({current} vs {chronic} mean of the 3 previous weeks) — "
        "{band} (sweet spot {sweet}, spike above {spike}); coupled {coupled}"
    ).format(acwr=f"{uncoupled:.2f}", current=format_distance(last[-1], unit),
             chronic=format_distance(chronic, unit), band=translate("LoadFindings", _ACWR_WORDS[band]),
             sweet=sweet, spike=f"{cfg.acwr_spike:g}", coupled=coupled_text)
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
            translate("LoadFindings", "Spike not available: no run in the previous 30 days to compare with"),
            inputs,
            Evidence.RESEARCH,
            source,
        )
    band = spike_band(pct, cfg)
    head = translate("LoadFindings", "Run {run} vs longest of the previous 30 days {longest}: {pct}").format(
        run=format_distance(run_km, unit), longest=format_distance(longest_previous_30d_km, unit),
        pct=f"{pct:+.1f}%")
    ratio = SPIKE_HAZARD_RATIO[band]
    if band == SpikeBand.WITHIN:
        text = translate("LoadFindings", "{head} — within the reference band (≤{limit})").format(
            head=head, limit=f"{cfg.spike_within_max_pct:g}%")
    else:
        text = translate("LoadFindings", "{head} — {band} spike (injury hazard ratio {ratio} vs ≤10%; "
                         "Frandsen 2025)").format(
            head=head, band=translate("LoadFindings", _SPIKE_WORDS[band]), ratio=f"{ratio:g}")
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
            translate("LoadFindings", "Week-over-week change undefined: last week was 0"),
            inputs,
            Evidence.RESEARCH,
            source,
        )
    head = translate("LoadFindings", "This week {current} vs last week {previous}: {pct}").format(
        current=format_distance(current_km, unit), previous=format_distance(previous_km, unit),
        pct=f"{pct:+.1f}%")
    if pct > WEEK_CHANGE_CAUTION_PCT:
        text = translate("LoadFindings", "{head} — above 30% (in novice runners, increases over 30% were "
                         "linked to injury; Nielsen 2014)").format(head=head)
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
        notes=(translate("LoadFindings", "The traditional 10% rule has weak support."),),
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
    name = (translate("LoadFindings", "Shoe {shoe}").format(shoe=shoe) if shoe
            else translate("LoadFindings", "Shoe"))
    low = format_distance(cfg.shoe_replace_min_km, unit, 0).split()[0]
    span = f"{low}–{format_distance(cfg.shoe_replace_max_km, unit, 0)}"
    words = {
        ShoeStatus.OK: QT_TRANSLATE_NOOP("LoadFindings", "below the usual replacement range ({span})"),
        ShoeStatus.APPROACHING: QT_TRANSLATE_NOOP(
            "LoadFindings", "within the usual replacement range ({span}); consider replacing soon"),
        ShoeStatus.REPLACE: QT_TRANSLATE_NOOP(
            "LoadFindings", "beyond the usual replacement range ({span}); consider replacing"),
    }[status]
    text = translate("LoadFindings", "{shoe} at {distance}: {words}").format(
        shoe=name, distance=format_distance(distance_km, unit),
        words=translate("LoadFindings", words).format(span=span))
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
        (translate("LoadFindings", "Limited evidence: an informational prompt only."),),
    )


def symptom_duration_finding(
    onset: dt.date, reference: dt.date, settings: ClinicalSettings | None = None
) -> Finding:
    """Classify symptom duration (acute below 6 weeks, subacute 6-12, chronic above 12)."""
    cfg = resolve(settings)
    duration = symptom_duration(onset, reference, cfg)
    weeks = check_number((reference - onset).days / 7, "symptom weeks", 0)
    text = translate("LoadFindings", "Symptoms for {weeks} weeks — {duration} (acute below {acute} weeks, "
                     "chronic above {chronic})").format(
        weeks=f"{weeks:.1f}", duration=translate("LoadFindings", _DURATION_WORDS[duration]),
        acute=cfg.duration_acute_below_weeks, chronic=cfg.duration_chronic_above_weeks)
    inputs = {"Onset date": onset.isoformat(), "Reference date": reference.isoformat()}
    notes = (
        (translate("LoadFindings", "ACP-based summaries define acute as under 4 weeks."),)
        if duration != SymptomDuration.CHRONIC else ()
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
