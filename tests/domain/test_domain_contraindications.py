"""C10 contraindication tags: extension-biased warns with suspected pars or stenosis, impact with
suspected bone stress; the shipped library carries the tags."""

from __future__ import annotations

import json

import pytest

from clinic_app.domain.exam.record import (
    BoneStressExam,
    BoneTest,
    ExamRecord,
    LumbarMovement,
    Movement,
    MovementPain,
)
from clinic_app.domain.exam.rules import TestOutcome
from clinic_app.domain.intake.record import Effect, EnergyScreen, Factor, Intake, MenstrualStatus
from clinic_app.domain.rehab.contraindications import (
    Suspicion,
    exercise_warnings,
    stenosis_pattern,
    suspicions,
)
from clinic_app.domain.rehab.exercises import Contraindication, parse_library
from clinic_app.paths import resource

P = TestOutcome.POSITIVE
EXT, IMPACT = Contraindication.EXTENSION_BIASED, Contraindication.IMPACT
HOP = ExamRecord(bone_stress=BoneStressExam({BoneTest.HOP_RIGHT: P}))
STORK = ExamRecord(bone_stress=BoneStressExam({BoneTest.STORK_LEFT: P}))
FULCRUM = ExamRecord(bone_stress=BoneStressExam({BoneTest.FULCRUM_LEFT: P}))
SQUEEZE = ExamRecord(bone_stress=BoneStressExam({BoneTest.SACRAL_SQUEEZE: P}))
EXTENSION = ExamRecord(lumbar=LumbarMovement(pain={Movement.EXTENSION: MovementPain.THROUGHOUT}))
LEA = Intake(energy=EnergyScreen(menstrual=MenstrualStatus.ABSENT))
CLAUDICATION = Intake(factors={Factor.WALKING: Effect.WORSE, Factor.PROLONGED_SITTING: Effect.BETTER})

# (exam, intake, age, open flags, tag, suspicion warned about or None)
CASES = [
    (HOP, None, 30, (), IMPACT, Suspicion.BONE_STRESS),
    (HOP, None, 30, (), EXT, None),
    (STORK, None, 30, (), EXT, Suspicion.PARS),
    (STORK, None, 30, (), IMPACT, Suspicion.BONE_STRESS),  # F3 suggested: pars is a bone stress injury
    (FULCRUM, None, 30, (), IMPACT, Suspicion.BONE_STRESS),
    (SQUEEZE, LEA, 30, (), IMPACT, Suspicion.BONE_STRESS),
    (SQUEEZE, None, 30, (), IMPACT, None),
    (ExamRecord(), None, 30, ("F3",), IMPACT, Suspicion.BONE_STRESS),
    (ExamRecord(), None, 30, ("A1",), IMPACT, None),
    (EXTENSION, None, 16, (), EXT, Suspicion.PARS),
    (EXTENSION, None, 16, (), IMPACT, None),
    (EXTENSION, None, 25, (), EXT, None),
    (None, CLAUDICATION, 67, (), EXT, Suspicion.STENOSIS),
    (None, CLAUDICATION, 48, (), EXT, None),
    (None, Intake(factors={Factor.WALKING: Effect.WORSE}), 67, (), EXT, None),
    (None, None, 67, (), EXT, None),
    (ExamRecord(), Intake(), 40, (), IMPACT, None),
]


@pytest.mark.parametrize(("exam", "intake", "age", "flags", "tag", "warned"), CASES)
def test_tagged_exercise_warns_only_with_a_matching_suspicion(
        exam: ExamRecord | None, intake: Intake | None, age: int, flags: tuple[str, ...],
        tag: Contraindication, warned: Suspicion | None) -> None:
    found = suspicions(exam, intake, age, flags)
    warnings = exercise_warnings("x", "Test exercise", (tag,), found)
    assert [w.suspicion for w in warnings] == ([warned] if warned else [])
    if warned is not None:
        text = warnings[0].text
        assert text.startswith("Test exercise is an ")
        assert "Check before prescribing it." in text and all(r in text for r in found[warned])


def test_untagged_exercise_never_warns() -> None:
    found = suspicions(HOP, LEA, 16, ("F3",))
    assert found and exercise_warnings("x", "Glute bridge", (), found) == []


def test_warning_names_the_reason() -> None:
    warning = exercise_warnings("single-leg-hops", "Single-leg hops", (IMPACT,),
                                suspicions(HOP, None, 30))[0]
    assert warning.text == ("Single-leg hops is an impact exercise, and a bone stress injury is "
                            "suspected: painful single-leg hop (right). Check before prescribing it.")


def test_stenosis_pattern_says_why() -> None:
    assert stenosis_pattern(67, CLAUDICATION) == (
        "age 67, worse with walking and better with prolonged sitting, the stenosis pattern [S37]")


def test_library_tags_extension_and_impact_exercises() -> None:
    library = {e.id: e for e in parse_library(json.loads(
        resource("exercises", "library.json").read_text(encoding="utf-8")))}
    assert EXT in library["prone-press-up"].contraindications
    assert EXT in library["prone-on-elbows"].contraindications
    for hop in ("pogo-hops", "two-leg-hops", "single-leg-hops", "multi-direction-hops"):
        assert IMPACT in library[hop].contraindications
    assert library["glute-bridge"].contraindications == ()


def test_unknown_contraindication_tag_is_refused() -> None:
    entry = json.loads(resource("exercises", "library.json").read_text(encoding="utf-8"))[0]
    entry["tags"]["contraindication"] = ["running"]
    with pytest.raises(ValueError, match="tags.contraindication"):
        parse_library([entry])
