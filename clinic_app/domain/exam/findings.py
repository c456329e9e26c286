"""Findings for examination tests: Laslett cluster, SLR, crossed SLR, slump, Schober, FABER."""

from __future__ import annotations

from clinic_app.domain._validation import coerce_enum, join_words
from clinic_app.domain.exam.rules import (
    ClusterVerdict,
    FaberPointsTo,
    FaberSite,
    RepeatedResponse,
    SchoberVerdict,
    Side,
    SijResults,
    SijTest,
    SlrVerdict,
    SlumpVerdict,
    TestOutcome,
    crossed_slr_positive,
    faber_points_to,
    laslett_cluster,
    modified_schober,
    slr_verdict,
    slump_verdict,
)
from clinic_app.domain.findings import Evidence, Finding, FindingLevel
from clinic_app.domain.settings import ClinicalSettings, resolve

_OUTCOME_WORDS: dict[TestOutcome, str] = {
    TestOutcome.POSITIVE: "positive",
    TestOutcome.NEGATIVE: "negative",
    TestOutcome.NOT_TESTED: "not tested",
    TestOutcome.UNABLE: "unable to perform",
}
SIJ_BLOCK_CAVEAT = "Confirmation of SIJ pain needs a diagnostic block."


def laslett_finding(
    results: SijResults,
    repeated_movements: RepeatedResponse | str | None = None,
) -> Finding:
    """Interpret the Laslett SIJ cluster, noting when centralisation lowers SIJ likelihood."""
    result = laslett_cluster(results)
    response = (
        None
        if repeated_movements is None
        else coerce_enum(RepeatedResponse, repeated_movements, "repeated-movement response")
    )
    given = {
        coerce_enum(SijTest, k, "SIJ test"): coerce_enum(TestOutcome, v, "SIJ result")
        for k, v in results.items()
    }
    inputs = {test.label: _OUTCOME_WORDS[given.get(test, TestOutcome.NOT_TESTED)] for test in SijTest}
    inputs["Repeated movements"] = response.value.replace("_", " ") if response else "not recorded"
    positives = ", ".join(t.label for t in result.positive_tests)
    listed = f": {positives}" if positives else ""
    head = f"SIJ cluster {result.positives}/6 positive{listed}"
    notes = [SIJ_BLOCK_CAVEAT]
    if result.verdict == ClusterVerdict.LIKELY:
        text = f"{head} — SIJ pain likely (Laslett 2005: sens 94%, spec 78%)"
        level = FindingLevel.CAUTION
    elif result.verdict == ClusterVerdict.NEGATIVE:
        why = (
            "all tests negative"
            if result.positives == 0 and result.not_tested == 0
            else "fewer than 3 of 6 possible"
        )
        text = f"{head} — SIJ pain unlikely ({why})"
        level = FindingLevel.INFO
    else:
        untested = ", ".join(t.label for t in result.untested_tests)
        text = f"{head}; {result.not_tested} not tested ({untested}) — indeterminate: complete testing"
        level = FindingLevel.CAUTION
    if response == RepeatedResponse.CENTRALISES:
        text += "; symptoms centralise on repeated movements, which lowers the likelihood of SIJ pain"
        notes.append(
            "Laslett 2003: specificity rises to 87% when patients whose pain centralises are excluded."
        )
    elif response is None:
        notes.append("Record whether symptoms centralise on repeated movements before applying the cluster.")
    return Finding(
        "laslett_cluster",
        result.verdict.value,
        text,
        inputs,
        Evidence.RESEARCH,
        "Laslett 2005 [S10][S11]",
        level,
        tuple(notes),
    )


def slr_finding(
    result: TestOutcome | str,
    angle_deg: int | None,
    below_knee: bool,
    side: Side | str | None = None,
    settings: ClinicalSettings | None = None,
) -> Finding:
    """Interpret an SLR: classic positive, atypical (recheck), not classic or negative."""
    cfg = resolve(settings)
    verdict = slr_verdict(result, angle_deg, below_knee, cfg)
    where = "" if side is None else f" ({coerce_enum(Side, side, 'SLR side').value})"
    window = f"{cfg.slr_min_deg}–{cfg.slr_max_deg}°"
    angle = "not recorded" if angle_deg is None else f"{angle_deg}°"
    inputs = {
        "Result": _OUTCOME_WORDS[coerce_enum(TestOutcome, result, "SLR result")],
        "Angle at symptom onset": angle,
        "Symptoms below the knee": "yes" if below_knee else "no",
    }
    notes: tuple[str, ...] = ()
    level = FindingLevel.INFO
    if verdict == SlrVerdict.CLASSIC_POSITIVE:
        text = (
            f"SLR{where} positive at {angle} with leg pain below the knee — "
            f"classic positive ({window}); "
            "suggests nerve root irritation (sens ~91%, spec ~26% for disc herniation)"
        )
        level = FindingLevel.CAUTION
    elif verdict == SlrVerdict.ATYPICAL_RECHECK:
        text = f"SLR{where} positive at {angle}, below {cfg.slr_min_deg}° — atypical — recheck"
        notes = ("atypical — recheck",)
        level = FindingLevel.CAUTION
    elif verdict == SlrVerdict.POSITIVE_NOT_CLASSIC:
        missing = []
        if angle_deg is None:
            missing.append("angle not recorded")
        elif angle_deg > cfg.slr_max_deg:
            missing.append(f"angle {angle} is above {cfg.slr_max_deg}°")
        if not below_knee:
            missing.append("pain does not go below the knee")
        text = (
            f"SLR{where} positive but not a classic positive ({join_words(missing)}); "
            "hamstring or posterior-knee tightness alone does not count"
        )
    elif verdict == SlrVerdict.NEGATIVE:
        text = f"SLR{where} negative"
    else:
        text = f"SLR{where} not tested"
    return Finding(
        "slr",
        verdict.value,
        text,
        inputs,
        Evidence.RESEARCH,
        "SLR accuracy [S15]; angle window [P]",
        level,
        notes,
    )


def crossed_slr_finding(
    result: TestOutcome | str,
    side_raised: Side | str | None = None,
    pain_side: Side | str | None = None,
) -> Finding:
    """Interpret a crossed SLR (a rule-in sign for disc herniation)."""
    outcome = coerce_enum(TestOutcome, result, "crossed SLR result")
    positive = crossed_slr_positive(outcome, side_raised, pain_side)
    raised = None if side_raised is None else coerce_enum(Side, side_raised, "side raised")
    pain = None if pain_side is None else coerce_enum(Side, pain_side, "side of pain")
    inputs = {
        "Result": _OUTCOME_WORDS[outcome],
        "Leg raised": raised.value if raised else "not recorded",
        "Side of pain": pain.value if pain else "not recorded",
    }
    if positive:
        detail = f": raising the {raised} leg reproduced pain in the {pain} leg" if raised and pain else ""
        text = (
            f"Crossed SLR positive{detail} — a rule-in sign for disc herniation (sens ~28–43%, spec ~83–90%)"
        )
        verdict, level = "positive", FindingLevel.CAUTION
    elif outcome == TestOutcome.POSITIVE:
        text = "Pain was on the side raised: an ipsilateral SLR response, not a crossed SLR"
        verdict, level = "not_crossed", FindingLevel.INFO
    elif outcome == TestOutcome.NEGATIVE:
        text = "Crossed SLR negative — does not rule out disc herniation (low sensitivity)"
        verdict, level = "negative", FindingLevel.INFO
    else:
        text = "Crossed SLR not tested"
        verdict, level = "not_tested", FindingLevel.INFO
    return Finding("crossed_slr", verdict, text, inputs, Evidence.RESEARCH, "Crossed SLR [S15]", level)


def slump_finding(result: TestOutcome | str, changes_with_neck_release: bool | None) -> Finding:
    """Interpret a slump test with structural differentiation."""
    verdict = slump_verdict(result, changes_with_neck_release)
    inputs = {
        "Result": _OUTCOME_WORDS[coerce_enum(TestOutcome, result, "slump result")],
        "Changed with neck release": {None: "not recorded", True: "yes", False: "no"}[
            changes_with_neck_release
        ],
    }
    texts = {
        SlumpVerdict.POSITIVE: (
            "Slump positive: familiar symptoms reproduced and changed when neck flexion was "
            "released — supports neural mechanosensitivity (Majlesi 2008: sens 0.84)"
        ),
        SlumpVerdict.NOT_DIFFERENTIATED: (
            "Slump reproduced symptoms but they did not change (or were not checked) on neck "
            "release — not structurally differentiated; interpret with caution"
        ),
        SlumpVerdict.NEGATIVE: "Slump negative",
        SlumpVerdict.NOT_TESTED: "Slump not tested",
    }
    level = FindingLevel.CAUTION if verdict == SlumpVerdict.POSITIVE else FindingLevel.INFO
    return Finding(
        "slump", verdict.value, texts[verdict], inputs, Evidence.RESEARCH, "Slump test [S16]", level
    )


def schober_finding(baseline_cm: float, flexion_cm: float) -> Finding:
    """Interpret the modified Schober (increase below 5 cm is reduced lumbar flexion)."""
    result = modified_schober(baseline_cm, flexion_cm)
    inputs = {
        "Baseline span": f"{result.baseline_cm:.1f} cm",
        "Span in flexion": f"{result.flexion_cm:.1f} cm",
    }
    word = "reduced lumbar flexion" if result.verdict == SchoberVerdict.REDUCED else "normal lumbar flexion"
    text = f"Modified Schober increase {result.increase_cm:.1f} cm — {word} (reduced when below 5 cm)"
    return Finding(
        "modified_schober",
        result.verdict.value,
        text,
        inputs,
        Evidence.RESEARCH,
        "Modified Schober [S21]",
    )


def faber_finding(pain_site: FaberSite | str, rom_limited: bool = False) -> Finding:
    """Interpret FABER by pain site (groin points to the hip, posterior SIJ to the SIJ)."""
    site = coerce_enum(FaberSite, pain_site, "FABER pain_site")
    points = faber_points_to(site)
    inputs = {
        "Pain site": site.value.replace("_", " "),
        "Range limited": "yes" if rom_limited else "no",
    }
    texts = {
        FaberPointsTo.NEGATIVE: "FABER provoked no pain",
        FaberPointsTo.HIP: "FABER groin pain — points to the hip joint",
        FaberPointsTo.SIJ: ("FABER localised posterior SIJ pain — points to the SIJ (low standalone value)"),
        FaberPointsTo.LUMBAR: "FABER provoked lumbar pain — not specific to the hip or SIJ",
        FaberPointsTo.NON_SPECIFIC: "FABER lateral hip pain — non-specific",
    }
    text = texts[points] + ("; range limited" if rom_limited else "")
    return Finding("faber", points.value, text, inputs, Evidence.CONSENSUS, "FABER [S14]")


def repeated_movement_finding(response: RepeatedResponse | str) -> Finding:
    """Interpret the response to repeated lumbar movements."""
    value = coerce_enum(RepeatedResponse, response, "repeated-movement response")
    texts = {
        RepeatedResponse.CENTRALISES: (
            "Symptoms centralise on repeated movements — suggests a discogenic source and "
            "lowers the likelihood of SIJ pain"
        ),
        RepeatedResponse.PERIPHERALISES: (
            "Symptoms peripheralise on repeated movements — avoid that direction and monitor neurology"
        ),
        RepeatedResponse.NO_EFFECT: "Repeated movements had no effect on symptoms",
    }
    level = FindingLevel.CAUTION if value == RepeatedResponse.PERIPHERALISES else FindingLevel.INFO
    return Finding(
        "repeated_movements",
        value.value,
        texts[value],
        {"Response": value.value.replace("_", " ")},
        Evidence.CONSENSUS,
        "Centralisation [S11][S39]",
        level,
    )
