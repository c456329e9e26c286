"""Rehab plans: phases with goals and exit criteria, dosed exercises, templates, progressions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from clinic_app.domain.errors import InvalidValue
from clinic_app.domain.exam.rules import RepeatedResponse
from clinic_app.domain.messages import msg
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.domain.rehab.exercises import Dose, Exercise, RehabPhase, validate_dose

NOTES_MAX = 500
GOALS_MAX = 1000
ITEMS_MAX = 40

PHASE_LABELS: dict[RehabPhase, str] = {
    RehabPhase.SETTLE: QT_TRANSLATE_NOOP("RehabPhase", "1 Protect / settle"),
    RehabPhase.LOAD: QT_TRANSLATE_NOOP("RehabPhase", "2 Load / strengthen"),
    RehabPhase.RETURN_TO_RUN: QT_TRANSLATE_NOOP("RehabPhase", "3 Return to run"),
    RehabPhase.RETURN_TO_PERFORMANCE: QT_TRANSLATE_NOOP("RehabPhase", "4 Return to performance"),
}
DEFAULT_GOALS: dict[RehabPhase, str] = {
    RehabPhase.SETTLE: "Stay active rather than rest in bed; daily walking; directional-preference "
                       "movements if symptoms centralised; McGill Big 3 at a low dose; cross-training "
                       "that does not provoke symptoms.",
    RehabPhase.LOAD: "Progress the Big 3; glute and hip abductor strength; single-leg control; "
                     "plyometric preparation (hopping).",
    RehabPhase.RETURN_TO_RUN: "Walk/run progression on flat, even surfaces, guided by the 24-hour rule.",
    RehabPhase.RETURN_TO_PERFORMANCE: "Build volume first, then intensity, then hills and downhill, "
                                      "then race-specific sessions.",
}
PATIENT_PHASE_LABELS: dict[RehabPhase, str] = {
    RehabPhase.SETTLE: "1 of 4 — settling the pain and keeping moving",
    RehabPhase.LOAD: "2 of 4 — building strength",
    RehabPhase.RETURN_TO_RUN: "3 of 4 — getting back to running",
    RehabPhase.RETURN_TO_PERFORMANCE: "4 of 4 — back to full training and racing",
}
"""The phase as the patient's sheet names it (the clinician's labels stay on screens and letters)."""
PATIENT_GOALS: dict[RehabPhase, str] = {
    RehabPhase.SETTLE: "Keep active rather than resting in bed, walk every day, and do gentle exercises "
                       "for your back and trunk. Keep your fitness with activities that do not bring on "
                       "your pain, such as cycling or swimming.",
    RehabPhase.LOAD: "Build strength in your trunk, buttock and hip muscles, get steadier and better "
                     "controlled on one leg, and prepare your body for hopping and running.",
    RehabPhase.RETURN_TO_RUN: "Get back to running step by step with the walk/run programme on flat, "
                              "even ground, guided by how your back feels during and after each session.",
    RehabPhase.RETURN_TO_PERFORMANCE: "Build your running back up: first how far, then how fast, then "
                                      "hills, then sessions for your race.",
}
"""Plain words for each phase's default goals (``DEFAULT_GOALS`` is written for clinicians)."""
DEFAULT_EXIT: dict[RehabPhase, str] = {
    RehabPhase.SETTLE: "Resting pain 2-3/10 or less; 30 min brisk walking with pain 3/10 or less and "
                       "no rise the next morning; neurology stable or improving.",
    RehabPhase.LOAD: "Readiness screen without pain (or under 3/10) and with good form; two-leg and "
                     "single-leg hops (3 x 30) without pain.",
    RehabPhase.RETURN_TO_RUN: "30 min continuous easy running on 3 or more non-consecutive days "
                              "while meeting the 24-hour rule.",
    RehabPhase.RETURN_TO_PERFORMANCE: "Planned runs stay within +10% of the longest run of the "
                                      "previous 30 days; race date from the intake.",
}


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One prescribed exercise with its dose and a note for the patient."""

    exercise_id: str
    dose: Dose
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Plan:
    """What the runner does between visits."""

    phase: RehabPhase = RehabPhase.SETTLE
    goals: str = ""
    exit_criteria: str = ""
    items: tuple[PlanItem, ...] = ()

    def with_changes(self, **changes: Any) -> Plan:
        """A copy with some fields replaced."""
        return replace(self, **changes)


def validate_plan(plan: Plan, library: Mapping[str, Exercise]) -> dict[str, str]:
    """Field path → message: unknown exercises, impossible doses, overlong text."""
    e: dict[str, str] = {}
    if len(plan.items) > ITEMS_MAX:
        e["items"] = f"A plan holds at most {ITEMS_MAX} exercises (got {len(plan.items)})."
    seen: set[str] = set()
    for i, item in enumerate(plan.items):
        exercise = library.get(item.exercise_id)
        if exercise is None:
            e[f"items[{i}].exercise_id"] = (f"Exercise '{item.exercise_id}' is not in the library "
                                            "(it may have been removed).")
            continue
        if item.exercise_id in seen:
            e[f"items[{i}].exercise_id"] = f"{exercise.name} is already in the plan."
        seen.add(item.exercise_id)
        for name, message in validate_dose(item.dose).items():
            e[f"items[{i}].dose.{name}"] = f"{exercise.name}: {message}"
        if len(item.notes) > NOTES_MAX:
            e[f"items[{i}].notes"] = f"{exercise.name}: note too long (at most {NOTES_MAX} characters)."
    for name, text in (("goals", plan.goals), ("exit_criteria", plan.exit_criteria)):
        if len(text) > GOALS_MAX:
            e[name] = f"Too long: at most {GOALS_MAX} characters."
    return e


def item_for(exercise: Exercise, notes: str = "") -> PlanItem:
    """A plan item at the exercise's default dose."""
    return PlanItem(exercise.id, exercise.default_dose, notes)


def step(plan: Plan, index: int, library: Mapping[str, Exercise], harder: bool) -> Plan:
    """Replace item ``index`` by its progression (or regression) at that exercise's default dose."""
    item = plan.items[index]
    exercise = library[item.exercise_id]
    target_id = exercise.progression if harder else exercise.regression
    if target_id is None or target_id not in library:
        word = "harder" if harder else "easier"
        raise InvalidValue(msg("rehab.plans.has_no_version_library", name=exercise.name, word=word))
    if any(other.exercise_id == target_id for other in plan.items):
        raise InvalidValue(msg("rehab.plans.already_plan", name=library[target_id].name))
    items = list(plan.items)
    items[index] = PlanItem(target_id, library[target_id].default_dose, item.notes)
    return plan.with_changes(items=tuple(items))


def patient_goals(plan: Plan) -> str:
    """What the patient's sheet says the plan works on: plain words for a phase's default goals.

    The default goals are clinicians' shorthand ("McGill Big 3 at a low dose"); goals the
    clinician wrote for this patient are theirs to word and print as typed.
    """
    goals = plan.goals.strip()
    if not goals or goals in DEFAULT_GOALS.values():
        return PATIENT_GOALS[plan.phase]
    return goals


@dataclass(frozen=True, slots=True)
class ConditionalItem:
    """A template exercise that only suits one repeated-movement response (CLINICAL §3.6)."""

    exercise_id: str
    when: RepeatedResponse
    """The response to repeated movements that the exercise follows."""
    movement: str
    """The movement it loads, in the clinician's words (``extension``)."""
    position: int = 0
    """Where it goes in the template's list when it is used."""


@dataclass(frozen=True, slots=True)
class Template:
    """A named starting plan for a common presentation."""

    name: str
    plan: Plan
    builtin: bool = True
    conditional: tuple[ConditionalItem, ...] = ()
    """Exercises added only when the exam's repeated-movement finding calls for them."""


@dataclass(frozen=True, slots=True)
class TemplateFit:
    """A template's plan fitted to the exam, and what the clinician should know about it."""

    plan: Plan
    notes: tuple[str, ...] = ()


_RESPONSE_WORDS: dict[RepeatedResponse | None, str] = {
    None: "repeated movements have not been recorded",
    RepeatedResponse.PERIPHERALISES: "repeated movements peripheralised the symptoms",
    RepeatedResponse.NO_EFFECT: "repeated movements did not change the symptoms",
    RepeatedResponse.CENTRALISES: "repeated movements centralised the symptoms",
}
_WHEN_WORDS: dict[RepeatedResponse, str] = {
    RepeatedResponse.CENTRALISES: "centralises the symptoms",
    RepeatedResponse.PERIPHERALISES: "peripheralises the symptoms",
    RepeatedResponse.NO_EFFECT: "leaves the symptoms unchanged",
}


_BUILTIN: dict[str, tuple[RehabPhase, tuple[str, ...]]] = {
    "SIJ pain": (RehabPhase.SETTLE, ("mcgill-curl-up", "side-plank-knees", "bird-dog",
                                     "glute-bridge", "clamshell", "brisk-walk")),
    "Disc with radiculopathy": (RehabPhase.SETTLE, ("sciatic-nerve-slider", "mcgill-curl-up-head-only",
                                                    "bird-dog-arm-or-leg", "short-walks")),
    "Non-specific mechanical low back pain": (RehabPhase.LOAD, (
        "mcgill-curl-up", "side-plank-knees", "bird-dog", "glute-bridge", "dead-bug",
        "side-lying-hip-abduction", "cat-camel", "brisk-walk")),
    "Older runner with stenosis": (RehabPhase.SETTLE, ("cat-camel", "kneeling-hip-flexor-stretch",
                                                       "glute-bridge", "dead-bug-heel-taps",
                                                       "wall-sit", "short-walks")),
}
_CONDITIONAL: dict[str, tuple[ConditionalItem, ...]] = {
    # Extension only for the patient whose symptoms centralised on repeated movements.
    "Disc with radiculopathy": (ConditionalItem("prone-on-elbows", RepeatedResponse.CENTRALISES,
                                                "extension"),),
}


def builtin_templates(library: Mapping[str, Exercise]) -> list[Template]:
    """The four presentations' templates, built from the library's default doses.

    A template's ``plan`` never holds its conditional exercises: :func:`fit_template` adds them
    when the exam supports them.
    """
    templates = []
    for name, (phase, ids) in _BUILTIN.items():
        items = tuple(item_for(library[i]) for i in ids if i in library)
        conditional = tuple(c for c in _CONDITIONAL.get(name, ()) if c.exercise_id in library)
        templates.append(Template(name, Plan(phase, DEFAULT_GOALS[phase], DEFAULT_EXIT[phase], items),
                                  conditional=conditional))
    return templates


def fit_template(template: Template, library: Mapping[str, Exercise],
                 repeated_movement: RepeatedResponse | None) -> TemplateFit:
    """The template's plan with the conditional exercises the repeated-movement finding supports.

    ``None`` (not tested) adds none of them: a directional exercise follows a finding, never
    replaces one. Each conditional exercise gets a note saying why it was or was not added.
    """
    items = list(template.plan.items)
    notes = []
    finding = _RESPONSE_WORDS[repeated_movement]
    for condition in template.conditional:
        exercise = library.get(condition.exercise_id)
        if exercise is None:
            continue
        label = f"{exercise.name} ({condition.movement})"
        if repeated_movement == condition.when:
            items.insert(min(condition.position, len(items)), item_for(exercise))
            notes.append(f"{label} added because {finding}: check that {condition.movement} was the "
                         "direction that did.")
        else:
            notes.append(f"{label} left out because {finding}. Add it only if repeated "
                         f"{condition.movement} {_WHEN_WORDS[condition.when]}.")
    return TemplateFit(template.plan.with_changes(items=tuple(items)), tuple(notes))


# -- JSON-safe form ------------------------------------------------------------------------

def dose_to_data(d: Dose) -> dict[str, Any]:
    """A dose as plain values."""
    return {"sets": d.sets, "reps": d.reps, "hold_seconds": d.hold_seconds, "per_side": d.per_side,
            "times_per_day": d.times_per_day, "days_per_week": d.days_per_week,
            "pyramid": list(d.pyramid) if d.pyramid else None,
            "duration_minutes": d.duration_minutes, "rep_unit": d.rep_unit}


def dose_from_data(data: Mapping[str, Any]) -> Dose:
    """A dose from plain values."""
    values = dict(data)
    if values.get("pyramid") is not None:
        values["pyramid"] = tuple(values["pyramid"])
    return Dose(**values)


def plan_to_data(plan: Plan) -> dict[str, Any]:
    """A plan as plain values for JSON."""
    return {"phase": plan.phase.value, "goals": plan.goals, "exit_criteria": plan.exit_criteria,
            "items": [{"exercise_id": i.exercise_id, "dose": dose_to_data(i.dose), "notes": i.notes}
                      for i in plan.items]}


def plan_from_data(data: Mapping[str, Any]) -> Plan:
    """Rebuild a plan from ``plan_to_data`` output."""
    items = tuple(PlanItem(str(i["exercise_id"]), dose_from_data(i["dose"]), str(i.get("notes", "")))
                  for i in data.get("items", []))
    return Plan(RehabPhase(data.get("phase", RehabPhase.SETTLE.value)), str(data.get("goals", "")),
                str(data.get("exit_criteria", "")), items)


def phase_defaults(phase: RehabPhase) -> tuple[str, str]:
    """Default goals and exit criteria of a phase (CLINICAL.md §5.1)."""
    return DEFAULT_GOALS[phase], DEFAULT_EXIT[phase]


def ordered(items: Sequence[PlanItem], order: Sequence[str]) -> tuple[PlanItem, ...]:
    """Items in the order of ``order`` (exercise ids), e.g. after drag and drop."""
    by_id = {i.exercise_id: i for i in items}
    return tuple(by_id[i] for i in order if i in by_id)


