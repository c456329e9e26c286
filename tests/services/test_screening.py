"""C10 through the services: the plan service warns when a tagged exercise meets a suspicion the
chart supports (exam, intake, age, open F3), and the exam's context carries the intake and age."""

from __future__ import annotations

from datetime import UTC, date, datetime

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
from clinic_app.domain.patients import VisitKind
from clinic_app.domain.rehab.exercises import RehabPhase
from clinic_app.domain.rehab.plans import Plan, item_for
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft


def _episode(services: Services, actor: Actor, born: date = date(1985, 4, 12)) -> tuple[int, int]:
    pid = services.patients.create(actor, make_draft(birth_date=born), TODAY).created_id or 0
    episode = services.care.open_episode(actor, pid, date(2026, 11, 1), "LBP", TODAY).created_id or 0
    visit = services.care.create_visit(actor, episode, datetime(2026, 11, 20, 9, tzinfo=UTC),
                                       VisitKind.INITIAL).created_id or 0
    return episode, visit


def _plan(services: Services, *ids: str) -> Plan:
    library = services.exercises.by_id()
    return Plan(RehabPhase.LOAD, items=tuple(item_for(library[i]) for i in ids))


def test_impact_exercise_warns_after_a_painful_hop_test(services: Services, clinician: Actor) -> None:
    episode, visit = _episode(services, clinician)
    plan = _plan(services, "glute-bridge", "single-leg-hops", "prone-press-up")
    assert services.plans.warnings(episode, plan, TODAY) == []  # nothing examined yet
    services.exams.save(clinician, visit, ExamRecord(
        bone_stress=BoneStressExam({BoneTest.HOP_LEFT: TestOutcome.POSITIVE})), set(), 0)
    warnings = services.plans.warnings(episode, plan, TODAY)
    assert warnings == ["Single-leg hops is an impact exercise, and a bone stress injury is "
                        "suspected: painful single-leg hop (left). Check before prescribing it."]
    # a warning informs; the plan still saves
    services.plans.save(clinician, episode, plan, 0)
    assert services.plans.current(episode).revision == 1


def test_lea_with_bony_pain_warns_only_once_the_intake_says_so(services: Services,
                                                               clinician: Actor) -> None:
    episode, visit = _episode(services, clinician)
    services.exams.save(clinician, visit, ExamRecord(
        bone_stress=BoneStressExam({BoneTest.SACRAL_SQUEEZE: TestOutcome.POSITIVE})), set(), 0)
    plan = _plan(services, "pogo-hops")
    assert services.plans.warnings(episode, plan, TODAY) == []
    services.intake.save(clinician, episode, Intake(energy=EnergyScreen(
        menstrual=MenstrualStatus.ABSENT)), 0, TODAY)
    [warning] = services.plans.warnings(episode, plan, TODAY)
    assert warning.startswith("Pogo hops (low amplitude) is an impact exercise")
    assert "periods that have stopped (amenorrhoea), with painful sacral squeeze" in warning


def test_adolescent_with_extension_pain_warns_on_extension_exercises(services: Services,
                                                                     clinician: Actor) -> None:
    episode, visit = _episode(services, clinician, born=date(2010, 3, 1))
    services.exams.save(clinician, visit, ExamRecord(lumbar=LumbarMovement(
        pain={Movement.EXTENSION: MovementPain.END_RANGE})), set(), 0)
    warnings = services.plans.warnings(episode, _plan(services, "prone-press-up", "two-leg-hops"), TODAY)
    assert warnings == ["Prone press-up (extension in lying) is an extension-biased exercise, and a "
                        "pars (spondylolysis) stress injury is suspected: age 16 with pain on "
                        "extension. Check before prescribing it."]


def test_older_runner_with_claudication_pattern_warns_on_extension(services: Services,
                                                                   clinician: Actor) -> None:
    episode, _visit = _episode(services, clinician, born=date(1958, 6, 1))
    services.intake.save(clinician, episode, Intake(factors={
        Factor.WALKING: Effect.WORSE, Factor.BENDING_FORWARD: Effect.BETTER}), 0, TODAY)
    [warning] = services.plans.warnings(episode, _plan(services, "prone-on-elbows"), TODAY)
    assert warning == ("Lying on elbows is an extension-biased exercise, and lumbar spinal stenosis "
                       "is suspected: age 68, worse with walking and better with bending forward, "
                       "the stenosis pattern [S37]. Check before prescribing it.")


def test_visit_context_carries_intake_age_and_open_flags(services: Services, clinician: Actor) -> None:
    episode, visit = _episode(services, clinician, born=date(2009, 12, 1))
    intake = Intake(energy=EnergyScreen(low_bmi=True))
    services.intake.save(clinician, episode, intake, 0, TODAY)
    services.red_flags.record_screen(clinician, episode, {"F3": True})
    context = services.screening.visit_context(visit, TODAY)
    assert (context.episode_id, context.age_years, context.intake) == (episode, 16, intake)
    assert context.open_flags == ("F3",)


def test_painful_hop_is_suggested_on_the_red_flag_screen_never_answered(services: Services,
                                                                        clinician: Actor) -> None:
    episode, visit = _episode(services, clinician)
    assert all(s.item != "F3" for s in services.red_flags.suggestions(episode, TODAY))
    services.exams.save(clinician, visit, ExamRecord(
        bone_stress=BoneStressExam({BoneTest.STORK_RIGHT: TestOutcome.POSITIVE})), set(), 0)
    suggested = {s.item.value: s.reason for s in services.red_flags.suggestions(episode, TODAY)}
    assert suggested["F3"] == ("painful one-leg hyperextension (stork), standing on the right "
                               "(latest exam)")
    assert services.red_flags.status(episode).open_events == ()  # nothing raised for the clinician
    services.red_flags.record_screen(clinician, episode, {"F3": True})  # the clinician confirms
    assert "F3" not in {s.item.value for s in services.red_flags.suggestions(episode, TODAY)}
