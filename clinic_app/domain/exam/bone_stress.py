"""Bone stress in runners (CLINICAL.md C10): the hop, stork, sacral, fulcrum and hip tests, the F3
suggestion and the adolescent spondylolysis prompt.

Every result here is a suggestion for the clinician: F3 is raised only when the clinician answers it
on the red-flag screen, never by these rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from clinic_app.domain._validation import join_words
from clinic_app.domain.exam.record import BoneStressExam, BoneTest, ExamRecord, Movement, MovementPain
from clinic_app.domain.exam.rules import TestOutcome
from clinic_app.domain.findings import Evidence, Finding, FindingLevel
from clinic_app.domain.intake.energy_availability import energy_picture
from clinic_app.domain.intake.record import Effect, Factor, Intake
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP, translate
from clinic_app.domain.safety.red_flags import RED_FLAG_INFO, RedFlagItem

ADOLESCENT_UNDER = 20
"""C10: under this age, pain on extension prompts the clinician to consider spondylolysis."""

BONE_TEST_LABELS: dict[BoneTest, str] = {
    BoneTest.HOP_LEFT: QT_TRANSLATE_NOOP("ExamFindings", "single-leg hop (left)"),
    BoneTest.HOP_RIGHT: QT_TRANSLATE_NOOP("ExamFindings", "single-leg hop (right)"),
    BoneTest.STORK_LEFT: QT_TRANSLATE_NOOP("ExamFindings",
                                           "one-leg hyperextension (stork), standing on the left"),
    BoneTest.STORK_RIGHT: QT_TRANSLATE_NOOP("ExamFindings",
                                            "one-leg hyperextension (stork), standing on the right"),
    BoneTest.SACRAL_SQUEEZE: QT_TRANSLATE_NOOP("ExamFindings", "sacral squeeze"),
    BoneTest.FULCRUM_LEFT: QT_TRANSLATE_NOOP("ExamFindings", "fulcrum test (left thigh)"),
    BoneTest.FULCRUM_RIGHT: QT_TRANSLATE_NOOP("ExamFindings", "fulcrum test (right thigh)"),
    BoneTest.HIP_IR_LEFT: QT_TRANSLATE_NOOP("ExamFindings", "hip internal rotation / FADIR (left)"),
    BoneTest.HIP_IR_RIGHT: QT_TRANSLATE_NOOP("ExamFindings", "hip internal rotation / FADIR (right)"),
}
"""The test names every screen and document uses (lower case; capitalise at the start of a line)."""

HOP_TESTS = (BoneTest.HOP_LEFT, BoneTest.HOP_RIGHT)
STORK_TESTS = (BoneTest.STORK_LEFT, BoneTest.STORK_RIGHT)
FULCRUM_TESTS = (BoneTest.FULCRUM_LEFT, BoneTest.FULCRUM_RIGHT)
HIP_IR_TESTS = (BoneTest.HIP_IR_LEFT, BoneTest.HIP_IR_RIGHT)

_MEANING: dict[tuple[BoneTest, ...], str] = {
    HOP_TESTS: QT_TRANSLATE_NOOP("ExamFindings", "pain on hopping is a sign of a possible bone stress "
                                 "injury (sacrum, pars, femoral neck or lower limb) [S41]"),
    STORK_TESTS: QT_TRANSLATE_NOOP("ExamFindings", "consistent with a pars (spondylolysis) stress injury, "
                                   "though the test is neither sensitive nor specific [S40]"),
    (BoneTest.SACRAL_SQUEEZE,): QT_TRANSLATE_NOOP(
        "ExamFindings", "sacral tenderness is a feature of a sacral stress fracture [S41]"),
    FULCRUM_TESTS: QT_TRANSLATE_NOOP("ExamFindings", "consider a femoral shaft bone stress injury"),
    HIP_IR_TESTS: QT_TRANSLATE_NOOP(
        "ExamFindings", "in a runner, consider a femoral neck bone stress injury as well as the hip joint"),
}
_SOURCE = "Spondylolysis [S40]; sacral stress fracture [S41]; C10 [P]"
_F3_SOURCE = "Red flag F3 [S40][S41]; C10 [P]"


def bone_test_name(test: BoneTest) -> str:
    """The test's name (``BONE_TEST_LABELS``), translated."""
    return translate("ExamFindings", BONE_TEST_LABELS[test])


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _and(words: Iterable[str]) -> str:
    return join_words(words, translate("ExamFindings", "and"))


def _positive(bone: BoneStressExam, tests: Iterable[BoneTest]) -> list[BoneTest]:
    return [t for t in tests if bone.outcome(t) is TestOutcome.POSITIVE]


def _outcome_word(outcome: TestOutcome) -> str:
    if outcome is TestOutcome.POSITIVE:
        return translate("ExamFindings", "painful")
    if outcome is TestOutcome.NEGATIVE:
        return translate("ExamFindings", "not painful")
    if outcome is TestOutcome.UNABLE:
        return translate("ExamFindings", "unable to perform")
    return translate("ExamFindings", "not tested")


def bony_pain(bone: BoneStressExam) -> list[str]:
    """Sacral or lumbar bony pain found on examination, in words (empty when none recorded)."""
    found = []
    if bone.outcome(BoneTest.SACRAL_SQUEEZE) is TestOutcome.POSITIVE:
        found.append(translate("ExamFindings", "painful sacral squeeze"))
    if bone.bony_tenderness:
        found.append(translate("ExamFindings", "bony tenderness over the sacrum or lumbar spine"))
    return found


def bone_stress_finding(bone: BoneStressExam) -> Finding | None:
    """One line for the recorded bone stress and hip tests (``None`` when none was recorded)."""
    recorded = {t: o for t, o in bone.tests.items() if o is not TestOutcome.NOT_TESTED}
    if not recorded and bone.bony_tenderness is None:
        return None
    inputs = {_cap(bone_test_name(t)): _outcome_word(bone.outcome(t)) for t in BoneTest
              if t in recorded}
    if bone.bony_tenderness is not None:
        inputs["Bony tenderness (sacrum or lumbar spine)"] = "yes" if bone.bony_tenderness else "no"
    notes = []
    for group, meaning in _MEANING.items():
        painful = _positive(bone, group)
        if painful:
            notes.append(translate("ExamFindings", "{tests} painful: {meaning}.").format(
                tests=_cap(_and([bone_test_name(t) for t in painful])),
                meaning=translate("ExamFindings", meaning)))
    positives = [bone_test_name(t) for t in BoneTest if bone.outcome(t) is TestOutcome.POSITIVE]
    if bone.bony_tenderness:
        positives.append(translate("ExamFindings", "bony tenderness over the sacrum or lumbar spine"))
    if positives:
        text = translate("ExamFindings", "Bone stress screen: {found} — a bone stress injury is not "
                         "excluded; imaging, if needed, is the clinician's decision [S40].").format(
            found=_and(positives))
        return Finding("bone_stress", "painful", text, inputs, Evidence.CONSENSUS, _SOURCE,
                       FindingLevel.WARNING, tuple(notes))
    text = translate("ExamFindings", "Bone stress screen: no test painful and no bony tenderness among "
                     "those recorded.")
    return Finding("bone_stress", "not_painful", text, inputs, Evidence.CONSENSUS, _SOURCE,
                   FindingLevel.INFO,
                   (translate("ExamFindings", "A painless screen does not exclude a bone stress injury."),))


@dataclass(frozen=True, slots=True)
class F3Suggestion:
    """Why red flag F3 is suggested; the clinician confirms it on the red-flag screen."""

    reasons: tuple[str, ...]
    bony: bool
    """True when the suggestion rests on a painful hop test or on bony pain (bone stress suspected)."""
    pars: bool
    """True when a painful stork test is among the reasons (pars stress injury suspected)."""
    pars_reasons: tuple[str, ...] = ()
    """The reasons that are painful stork tests."""


def f3_suggestion(bone: BoneStressExam, intake: Intake | None = None) -> F3Suggestion | None:
    """C10: a painful hop or stork test, or LEA features with sacral/lumbar bony pain, suggest F3."""
    reasons = [translate("ExamFindings", "painful {test}").format(test=bone_test_name(t))
               for t in HOP_TESTS if bone.outcome(t) is TestOutcome.POSITIVE]
    pars_reasons = [translate("ExamFindings", "painful {test}").format(test=bone_test_name(t))
                    for t in STORK_TESTS if bone.outcome(t) is TestOutcome.POSITIVE]
    reasons += pars_reasons
    lea_reason = False
    if intake is not None:
        picture = energy_picture(intake)
        pain = bony_pain(bone)
        if picture.concern and pain:
            reasons.append(translate("ExamFindings", "low energy availability features: {features}, with "
                                     "{pain}").format(features=_and(picture.features), pain=_and(pain)))
            lea_reason = True
    if not reasons:
        return None
    hop = bool(_positive(bone, HOP_TESTS))
    return F3Suggestion(tuple(reasons), bony=hop or lea_reason, pars=bool(_positive(bone, STORK_TESTS)),
                        pars_reasons=tuple(pars_reasons))


def f3_suggestion_finding(suggestion: F3Suggestion) -> Finding:
    """The suggestion as the clinician reads it, with what to do if they agree."""
    info = RED_FLAG_INFO[RedFlagItem.F3]
    text = translate("ExamFindings", "Red flag F3 suggested for you to confirm: {reasons}. Possible "
                     "{condition}. If you agree, answer F3 Yes on the red-flag screen (stop running, refer "
                     "for imaging); if not, override with your reason.").format(
        reasons="; ".join(suggestion.reasons), condition=info.condition.lower())
    inputs = {"Reason" if len(suggestion.reasons) == 1 else f"Reason {i}": reason
              for i, reason in enumerate(suggestion.reasons, start=1)}
    return Finding("f3_suggested", "suggested", text, inputs, Evidence.CONSENSUS, _F3_SOURCE,
                   FindingLevel.WARNING, (f"F3: {info.description}.",
                                          translate("ExamFindings", "Not an answer: F3 stays not asked "
                                                    "until you answer it.")))


_EXTENSION_PAIN = {MovementPain.END_RANGE: QT_TRANSLATE_NOOP("ExamFindings", "at the end of range"),
                   MovementPain.THROUGHOUT: QT_TRANSLATE_NOOP("ExamFindings", "throughout the movement"),
                   MovementPain.PAINFUL_ARC: QT_TRANSLATE_NOOP("ExamFindings", "as a painful arc")}


def extension_pain(exam: ExamRecord | None, intake: Intake | None) -> list[str]:
    """Where pain on extension was recorded, in words (empty when nowhere)."""
    found = []
    if intake is not None and intake.factors.get(Factor.BACK_EXTENSION) is Effect.WORSE:
        found.append(translate("ExamFindings", "bending backwards makes it worse (intake)"))
    if exam is not None:
        pain = exam.lumbar.pain.get(Movement.EXTENSION)
        if pain in _EXTENSION_PAIN:
            found.append(translate("ExamFindings", "pain on lumbar extension, {how}").format(
                how=translate("ExamFindings", _EXTENSION_PAIN[pain])))
        painful = _positive(exam.bone_stress, STORK_TESTS)
        if painful:
            found.append(translate("ExamFindings", "painful {test}").format(
                test=_and([bone_test_name(t) for t in painful])))
    return found


def spondylolysis_prompt(age_years: int | None, exam: ExamRecord | None,
                         intake: Intake | None) -> Finding | None:
    """C10: a runner under 20 with extension pain gets a prompt to consider spondylolysis."""
    if age_years is None or age_years >= ADOLESCENT_UNDER:
        return None
    where = extension_pain(exam, intake)
    if not where:
        return None
    text = translate("ExamFindings", "Age {age} with pain on extension: {where}. Consider spondylolysis "
                     "(pars stress fracture), seen in young runners with extension-heavy training. It needs "
                     "imaging to confirm; avoid extension-biased exercises until it is excluded [S40]."
                     ).format(age=age_years, where="; ".join(where))
    inputs = {"Age": str(age_years), **{f"Extension pain {i}": w for i, w in enumerate(where, 1)}}
    return Finding("spondylolysis", "consider", text, inputs, Evidence.CONSENSUS, _SOURCE,
                   FindingLevel.WARNING,
                   (translate("ExamFindings", "A prompt to consider, not a diagnosis."),))


def bone_stress_findings(exam: ExamRecord, intake: Intake | None = None,
                         age_years: int | None = None,
                         raised_flags: Iterable[str] = ()) -> list[tuple[str, Finding]]:
    """(key, finding) for the exam's bone stress lines: the tests, the F3 suggestion, the prompt.

    The F3 suggestion is left out while F3 is already raised.
    """
    out: list[tuple[str, Finding]] = []
    tests = bone_stress_finding(exam.bone_stress)
    if tests is not None:
        out.append(("bone_stress", tests))
    suggestion = f3_suggestion(exam.bone_stress, intake)
    if suggestion is not None and RedFlagItem.F3.value not in {str(f) for f in raised_flags}:
        out.append(("f3_suggested", f3_suggestion_finding(suggestion)))
    prompt = spondylolysis_prompt(age_years, exam, intake)
    if prompt is not None:
        out.append(("spondylolysis", prompt))
    return out
