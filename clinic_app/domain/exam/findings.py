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
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP, translate
from clinic_app.domain.settings import ClinicalSettings, resolve

_OUTCOME_WORDS: dict[TestOutcome, str] = {
    TestOutcome.POSITIVE: QT_TRANSLATE_NOOP("ExamFindings", "positive"),
    TestOutcome.NEGATIVE: QT_TRANSLATE_NOOP("ExamFindings", "negative"),
    TestOutcome.NOT_TESTED: QT_TRANSLATE_NOOP("ExamFindings", "not tested"),
    TestOutcome.UNABLE: QT_TRANSLATE_NOOP("ExamFindings", "unable to perform"),
}
SIJ_BLOCK_CAVEAT = QT_TRANSLATE_NOOP("ExamFindings", "Confirmation of SIJ pain needs a diagnostic block.")


def _outcome(outcome: TestOutcome) -> str:
    return translate("ExamFindings", _OUTCOME_WORDS[outcome])


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
    inputs = {test.label: _outcome(given.get(test, TestOutcome.NOT_TESTED)) for test in SijTest}
    inputs["Repeated movements"] = response.value.replace("_", " ") if response else "not recorded"
    positives = ", ".join(t.label for t in result.positive_tests)
    head = (translate("ExamFindings", "SIJ cluster {positives}/6 positive: {tests}") if positives
            else translate("ExamFindings", "SIJ cluster {positives}/6 positive")).format(
        positives=result.positives, tests=positives)
    notes = [translate("ExamFindings", SIJ_BLOCK_CAVEAT)]
    if result.verdict == ClusterVerdict.LIKELY:
        text = translate("ExamFindings", "{head} — SIJ pain likely (Laslett 2005: sens 94%, spec 78%)"
                         ).format(head=head)
        level = FindingLevel.CAUTION
    elif result.verdict == ClusterVerdict.NEGATIVE:
        why = (
            translate("ExamFindings", "all tests negative")
            if result.positives == 0 and result.not_tested == 0
            else translate("ExamFindings", "fewer than 3 of 6 possible")
        )
        text = translate("ExamFindings", "{head} — SIJ pain unlikely ({why})").format(head=head, why=why)
        level = FindingLevel.INFO
    else:
        untested = ", ".join(t.label for t in result.untested_tests)
        text = translate("ExamFindings", "{head}; {count} not tested ({tests}) — indeterminate: complete "
                         "testing").format(head=head, count=result.not_tested, tests=untested)
        level = FindingLevel.CAUTION
    if response == RepeatedResponse.CENTRALISES:
        text += translate("ExamFindings", "; symptoms centralise on repeated movements, which lowers the "
                          "likelihood of SIJ pain")
        notes.append(translate(
            "ExamFindings", "Laslett 2003: specificity rises to 87% when patients whose pain centralises are "
            "excluded."))
    elif response is None:
        notes.append(translate("ExamFindings", "Record whether symptoms centralise on repeated movements "
                               "before applying the cluster."))
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
    angle = translate("ExamFindings", "not recorded") if angle_deg is None else f"{angle_deg}°"
    inputs = {
        "Result": _outcome(coerce_enum(TestOutcome, result, "SLR result")),
        "Angle at symptom onset": angle,
        "Symptoms below the knee": "yes" if below_knee else "no",
    }
    notes: tuple[str, ...] = ()
    level = FindingLevel.INFO
    if verdict == SlrVerdict.CLASSIC_POSITIVE:
        text = translate(
            "ExamFindings", "SLR{where} positive at {angle} with leg pain below the knee — classic positive "
            "({window}); suggests nerve root irritation (sens ~91%, spec ~26% for disc herniation)"
        ).format(where=where, angle=angle, window=window)
        level = FindingLevel.CAUTION
    elif verdict == SlrVerdict.ATYPICAL_RECHECK:
        text = translate("ExamFindings",
                         "SLR{where} positive at {angle}, below {minimum}° — atypical — recheck").format(
            where=where, angle=angle, minimum=cfg.slr_min_deg)
        notes = (translate("ExamFindings", "atypical — recheck"),)
        level = FindingLevel.CAUTION
    elif verdict == SlrVerdict.POSITIVE_NOT_CLASSIC:
        missing = []
        if angle_deg is None:
            missing.append(translate("ExamFindings", "angle not recorded"))
        elif angle_deg > cfg.slr_max_deg:
            missing.append(translate("ExamFindings", "angle {angle} is above {maximum}°").format(
                angle=angle, maximum=cfg.slr_max_deg))
        if not below_knee:
            missing.append(translate("ExamFindings", "pain does not go below the knee"))
        text = translate(
            "ExamFindings", "SLR{where} positive but not a classic positive ({missing}); hamstring or "
            "posterior-knee tightness alone does not count"
        ).format(where=where, missing=join_words(missing, translate("ExamFindings", "and")))
    elif verdict == SlrVerdict.NEGATIVE:
        text = translate("ExamFindings", "SLR{where} negative").format(where=where)
    else:
        text = translate("ExamFindings", "SLR{where} not tested").format(where=where)
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
        "Result": _outcome(outcome),
        "Leg raised": raised.value if raised else "not recorded",
        "Side of pain": pain.value if pain else "not recorded",
    }
    if positive:
        text = (translate("ExamFindings", "Crossed SLR positive: raising the {raised} leg reproduced pain in "
                          "the {pain} leg — a rule-in sign for disc herniation (sens ~28–43%, spec ~83–90%)")
                if raised and pain else
                translate("ExamFindings", "Crossed SLR positive — a rule-in sign for disc herniation (sens "
                          "~28–43%, spec ~83–90%)")).format(raised=raised, pain=pain)
        verdict, level = "positive", FindingLevel.CAUTION
    elif outcome == TestOutcome.POSITIVE:
        text = translate("ExamFindings", "Pain was on the side raised: an ipsilateral SLR response, not a "
                         "crossed SLR")
        verdict, level = "not_crossed", FindingLevel.INFO
    elif outcome == TestOutcome.NEGATIVE:
        text = translate("ExamFindings", "Crossed SLR negative — does not rule out disc herniation (low "
                         "sensitivity)")
        verdict, level = "negative", FindingLevel.INFO
    else:
        text = translate("ExamFindings", "Crossed SLR not tested")
        verdict, level = "not_tested", FindingLevel.INFO
    return Finding("crossed_slr", verdict, text, inputs, Evidence.RESEARCH, "Crossed SLR [S15]", level)


def slump_finding(result: TestOutcome | str, changes_with_neck_release: bool | None) -> Finding:
    """Interpret a slump test with structural differentiation."""
    verdict = slump_verdict(result, changes_with_neck_release)
    inputs = {
        "Result": _outcome(coerce_enum(TestOutcome, result, "slump result")),
        "Changed with neck release": {None: "not recorded", True: "yes", False: "no"}[
            changes_with_neck_release
        ],
    }
    texts = {
        SlumpVerdict.POSITIVE: QT_TRANSLATE_NOOP(
            "ExamFindings", "Slump positive: familiar symptoms reproduced and changed when neck flexion was "
            "released — supports neural mechanosensitivity (Majlesi 2008: sens 0.84)"
        ),
        SlumpVerdict.NOT_DIFFERENTIATED: QT_TRANSLATE_NOOP(
            "ExamFindings", "Slump reproduced symptoms but they did not change (or were not checked) on neck "
            "release — not structurally differentiated; interpret with caution"
        ),
        SlumpVerdict.NEGATIVE: QT_TRANSLATE_NOOP("ExamFindings", "Slump negative"),
        SlumpVerdict.NOT_TESTED: QT_TRANSLATE_NOOP("ExamFindings", "Slump not tested"),
    }
    level = FindingLevel.CAUTION if verdict == SlumpVerdict.POSITIVE else FindingLevel.INFO
    return Finding(
        "slump", verdict.value, translate("ExamFindings", texts[verdict]), inputs, Evidence.RESEARCH,
        "Slump test [S16]", level
    )


def schober_finding(baseline_cm: float, flexion_cm: float) -> Finding:
    """Interpret the modified Schober (increase below 5 cm is reduced lumbar flexion)."""
    result = modified_schober(baseline_cm, flexion_cm)
    inputs = {
        "Baseline span": f"{result.baseline_cm:.1f} cm",
        "Span in flexion": f"{result.flexion_cm:.1f} cm",
    }
    word = (translate("ExamFindings", "reduced lumbar flexion") if result.verdict == SchoberVerdict.REDUCED
            else translate("ExamFindings", "normal lumbar flexion"))
    text = translate("ExamFindings", "Modified Schober increase {increase} cm — {word} (reduced when below "
                     "5 cm)").format(increase=f"{result.increase_cm:.1f}", word=word)
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
        FaberPointsTo.NEGATIVE: QT_TRANSLATE_NOOP("ExamFindings", "FABER provoked no pain"),
        FaberPointsTo.HIP: QT_TRANSLATE_NOOP("ExamFindings", "FABER groin pain — points to the hip joint"),
        FaberPointsTo.SIJ: QT_TRANSLATE_NOOP(
            "ExamFindings", "FABER localised posterior SIJ pain — points to the SIJ (low standalone value)"),
        FaberPointsTo.LUMBAR: QT_TRANSLATE_NOOP(
            "ExamFindings", "FABER provoked lumbar pain — not specific to the hip or SIJ"),
        FaberPointsTo.NON_SPECIFIC: QT_TRANSLATE_NOOP("ExamFindings",
                                                      "FABER lateral hip pain — non-specific"),
    }
    text = translate("ExamFindings", texts[points]) + (
        translate("ExamFindings", "; range limited") if rom_limited else "")
    return Finding("faber", points.value, text, inputs, Evidence.CONSENSUS, "FABER [S14]")


def repeated_movement_finding(response: RepeatedResponse | str) -> Finding:
    """Interpret the response to repeated lumbar movements."""
    value = coerce_enum(RepeatedResponse, response, "repeated-movement response")
    texts = {
        RepeatedResponse.CENTRALISES: QT_TRANSLATE_NOOP(
            "ExamFindings", "Symptoms centralise on repeated movements — suggests a discogenic source and "
            "lowers the likelihood of SIJ pain"
        ),
        RepeatedResponse.PERIPHERALISES: QT_TRANSLATE_NOOP(
            "ExamFindings", "Symptoms peripheralise on repeated movements — avoid that direction and monitor "
            "neurology"
        ),
        RepeatedResponse.NO_EFFECT: QT_TRANSLATE_NOOP("ExamFindings",
                                                      "Repeated movements had no effect on symptoms"),
    }
    level = FindingLevel.CAUTION if value == RepeatedResponse.PERIPHERALISES else FindingLevel.INFO
    return Finding(
        "repeated_movements",
        value.value,
        translate("ExamFindings", texts[value]),
        {"Response": value.value.replace("_", " ")},
        Evidence.CONSENSUS,
        "Centralisation [S11][S39]",
        level,
    )
