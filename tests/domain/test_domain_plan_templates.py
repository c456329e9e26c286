"""Templates follow the repeated-movement finding; the patient's sheet gets plain words (issue 19 item 10)."""

from __future__ import annotations

import json

import pytest

from clinic_app.domain.exam.rules import RepeatedResponse
from clinic_app.domain.rehab.exercises import Exercise, RehabPhase, parse_library
from clinic_app.domain.rehab.plans import (
    DEFAULT_GOALS,
    PATIENT_GOALS,
    PATIENT_PHASE_LABELS,
    Plan,
    builtin_templates,
    fit_template,
    patient_goals,
)
from clinic_app.paths import resource

JARGON = ("McGill", "Big 3", "directional", "centralis", "low dose", "plyometric", "24-hour rule")


@pytest.fixture(scope="module")
def library() -> dict[str, Exercise]:
    text = resource("exercises", "library.json").read_text(encoding="utf-8")
    return {e.id: e for e in parse_library(json.loads(text))}


def _disc(library: dict[str, Exercise]) -> tuple[str, ...]:
    template = next(t for t in builtin_templates(library) if t.name == "Disc with radiculopathy")
    return tuple(i.exercise_id for i in template.plan.items)


@pytest.mark.parametrize(("finding", "extension", "note"), [
    (None, False, "left out because repeated movements have not been recorded"),
    (RepeatedResponse.PERIPHERALISES, False, "left out because repeated movements peripheralised"),
    (RepeatedResponse.NO_EFFECT, False, "left out because repeated movements did not change"),
    (RepeatedResponse.CENTRALISES, True, "added because repeated movements centralised the symptoms"),
])
def test_disc_template_prescribes_extension_only_when_symptoms_centralised(
        library: dict[str, Exercise], finding: RepeatedResponse | None, extension: bool, note: str) -> None:
    template = next(t for t in builtin_templates(library) if t.name == "Disc with radiculopathy")
    assert "prone-on-elbows" not in _disc(library)  # the bare template never holds it
    fit = fit_template(template, library, finding)
    ids = [i.exercise_id for i in fit.plan.items]
    assert ("prone-on-elbows" in ids) is extension
    if extension:
        assert ids[0] == "prone-on-elbows"
    assert ids[-4:] == list(_disc(library))
    assert len(fit.notes) == 1 and note in fit.notes[0] and "Lying on elbows (extension)" in fit.notes[0]


def test_templates_without_conditions_are_unchanged_by_the_finding(library: dict[str, Exercise]) -> None:
    for template in builtin_templates(library):
        if template.conditional:
            continue
        for finding in (None, *RepeatedResponse):
            assert fit_template(template, library, finding) == fit_template(template, library, None)
            assert fit_template(template, library, finding).plan == template.plan


@pytest.mark.parametrize("phase", list(RehabPhase))
def test_default_goals_reach_the_patient_in_plain_words(phase: RehabPhase) -> None:
    words = patient_goals(Plan(phase, DEFAULT_GOALS[phase]))
    assert words == PATIENT_GOALS[phase]
    assert patient_goals(Plan(phase, "")) == PATIENT_GOALS[phase]
    for phrase in JARGON:
        assert phrase.casefold() not in words.casefold(), (phase, phrase)
        assert phrase.casefold() not in PATIENT_PHASE_LABELS[phase].casefold(), (phase, phrase)


def test_goals_the_clinician_wrote_print_as_written() -> None:
    plan = Plan(RehabPhase.LOAD, "Back to the Bristol half marathon in April")
    assert patient_goals(plan) == "Back to the Bristol half marathon in April"
