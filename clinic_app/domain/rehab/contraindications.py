"""Exercise contraindication tags and the suspicions that make them matter (CLINICAL.md C10).

An extension-biased exercise warns when a pars stress injury or stenosis is suspected; an impact
exercise warns when a bone stress injury is suspected. Warnings inform the clinician and never
block: each says why the suspicion stands.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from clinic_app.domain._validation import join_words
from clinic_app.domain.exam.bone_stress import (
    FULCRUM_TESTS,
    HIP_IR_TESTS,
    bone_test_name,
    f3_suggestion,
    spondylolysis_prompt,
)
from clinic_app.domain.exam.record import ExamRecord
from clinic_app.domain.exam.rules import TestOutcome
from clinic_app.domain.intake.record import Effect, Factor, Intake
from clinic_app.domain.intake.rules import FACTOR_WORDS
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP, translate
from clinic_app.domain.rehab.exercises import Contraindication


class Suspicion(enum.StrEnum):
    """A working suspicion the chart supports (never a diagnosis)."""

    PARS = "pars"
    STENOSIS = "stenosis"
    BONE_STRESS = "bone_stress"

    @property
    def label(self) -> str:
        """Plain words, e.g. ``a bone stress injury``."""
        return translate("Exercises", _SUSPICION_WORDS[self])


TAG_WORDS = {
    Contraindication.EXTENSION_BIASED: QT_TRANSLATE_NOOP("Exercises", "an extension-biased exercise"),
    Contraindication.IMPACT: QT_TRANSLATE_NOOP("Exercises", "an impact exercise"),
}
_SUSPICION_WORDS = {Suspicion.PARS: QT_TRANSLATE_NOOP("Exercises", "a pars (spondylolysis) stress injury"),
                    Suspicion.STENOSIS: QT_TRANSLATE_NOOP("Exercises", "lumbar spinal stenosis"),
                    Suspicion.BONE_STRESS: QT_TRANSLATE_NOOP("Exercises", "a bone stress injury")}
CONTRAINDICATED_WHEN: dict[Contraindication, tuple[Suspicion, ...]] = {
    Contraindication.EXTENSION_BIASED: (Suspicion.PARS, Suspicion.STENOSIS),
    Contraindication.IMPACT: (Suspicion.BONE_STRESS,),
}

STENOSIS_AGE_OVER = 50
"""Lumbar stenosis is usually seen over 50 (CLINICAL.md §6, [S37])."""
_CLAUDICATION_WORSE = (Factor.WALKING, Factor.PROLONGED_STANDING, Factor.WALKING_DOWNHILL,
                       Factor.RUNNING_DOWNHILL, Factor.BACK_EXTENSION)
_CLAUDICATION_BETTER = (Factor.PROLONGED_SITTING, Factor.BENDING_FORWARD)

Suspicions = Mapping[Suspicion, tuple[str, ...]]
"""Each suspicion the chart supports, with the reasons in words."""


def stenosis_pattern(age_years: int | None, intake: Intake | None) -> str:
    """The stenosis presentation pattern [S37] in words, or ``""`` when the intake does not show it."""
    if age_years is None or intake is None or age_years <= STENOSIS_AGE_OVER:
        return ""
    worse = [translate("IntakeSummary", FACTOR_WORDS[f]) for f in _CLAUDICATION_WORSE
             if intake.factors.get(f) is Effect.WORSE]
    better = [translate("IntakeSummary", FACTOR_WORDS[f]) for f in _CLAUDICATION_BETTER
              if intake.factors.get(f) is Effect.BETTER]
    if not worse or not better:
        return ""
    conjunction = translate("Exercises", "and")
    return translate("Exercises", "age {age}, worse with {worse} and better with {better}, the stenosis "
                     "pattern [S37]").format(age=age_years, worse=join_words(worse, conjunction),
                                             better=join_words(better, conjunction))


def suspicions(exam: ExamRecord | None, intake: Intake | None, age_years: int | None,
               open_flags: Iterable[str] = ()) -> dict[Suspicion, tuple[str, ...]]:
    """Which suspicions the latest exam, the intake, the age and the open red flags support."""
    found: dict[Suspicion, list[str]] = {s: [] for s in Suspicion}
    if "F3" in {str(f) for f in open_flags}:
        found[Suspicion.BONE_STRESS].append(translate("ExamFindings", "red flag F3 is open"))
    if exam is not None:
        bone = exam.bone_stress
        suggestion = f3_suggestion(bone, intake)
        if suggestion is not None:
            found[Suspicion.BONE_STRESS].extend(suggestion.reasons)
        for test in (*FULCRUM_TESTS, *HIP_IR_TESTS):
            if bone.outcome(test) is TestOutcome.POSITIVE:
                found[Suspicion.BONE_STRESS].append(
                    translate("ExamFindings", "painful {test}").format(test=bone_test_name(test)))
        if suggestion is not None and suggestion.pars:
            found[Suspicion.PARS].extend(suggestion.pars_reasons)
    if spondylolysis_prompt(age_years, exam, intake) is not None:
        found[Suspicion.PARS].append(translate("ExamFindings", "age {age} with pain on extension").format(
            age=age_years))
    pattern = stenosis_pattern(age_years, intake)
    if pattern:
        found[Suspicion.STENOSIS].append(pattern)
    return {s: tuple(dict.fromkeys(reasons)) for s, reasons in found.items() if reasons}


@dataclass(frozen=True, slots=True)
class ContraindicationWarning:
    """One exercise that conflicts with one suspicion, and why."""

    exercise_id: str
    exercise_name: str
    tag: Contraindication
    suspicion: Suspicion
    reasons: tuple[str, ...]

    @property
    def text(self) -> str:
        """The warning as the Plan tab shows it."""
        return translate("Exercises", "{exercise} is {tag}, and {suspicion} is suspected: {reasons}. Check "
                         "before prescribing it.").format(
            exercise=self.exercise_name, tag=translate("Exercises", TAG_WORDS[self.tag]),
            suspicion=self.suspicion.label, reasons="; ".join(self.reasons))


def exercise_warnings(exercise_id: str, exercise_name: str, tags: Sequence[Contraindication],
                      found: Suspicions) -> list[ContraindicationWarning]:
    """The warnings one exercise raises given the suspicions found."""
    warnings = []
    for tag in tags:
        for suspicion in CONTRAINDICATED_WHEN[tag]:
            if suspicion in found:
                warnings.append(ContraindicationWarning(exercise_id, exercise_name, tag, suspicion,
                                                        tuple(found[suspicion])))
    return warnings


__all__ = ["CONTRAINDICATED_WHEN", "Contraindication", "ContraindicationWarning", "Suspicion",
           "Suspicions", "exercise_warnings", "stenosis_pattern", "suspicions"]
