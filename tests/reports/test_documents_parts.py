"""Document pieces without a database: handout texts, walk/run dates, drawings, large print."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from clinic_app.domain.rehab.pain_rule import patient_pain_rule
from clinic_app.paths import resource
from clinic_app.reports.documents.data import (
    EducationData,
    ExerciseEntry,
    ExerciseHandoutData,
    PatientHeader,
    handout_text_from_data,
)
from clinic_app.reports.documents.education import build_education_handout
from clinic_app.reports.documents.exercises import build_exercise_handout
from clinic_app.reports.documents.return_to_run import schedule_stages
from clinic_app.reports.styles import Branding

PATIENT = PatientHeader("Zoë O'Brien", date(1985, 4, 12), "SC-000123")
KEYS = ("education-sij", "education-disc", "education-running", "education-doctor")


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.mark.parametrize("key", KEYS)
def test_each_education_text_fits_one_sheet_and_carries_the_pain_rule_and_safety_net(
        key: str, make_branding: Callable[..., Branding]) -> None:
    """Front and back of one sheet: the text, then the pain rule and the full safety net (C6, C8)."""
    text = handout_text_from_data(key, json.loads(resource("handouts", f"{key}.json").read_text("utf-8")))
    out = io.BytesIO()
    pages = build_education_handout(EducationData(PATIENT, date(2026, 11, 25), text), make_branding(), out)
    assert pages == 2
    printed = text_of(out.getvalue())
    assert text.title in printed and "go to the emergency department now" in printed
    assert patient_pain_rule().text() in printed
    large = io.BytesIO()
    assert build_education_handout(EducationData(PATIENT, date(2026, 11, 25), text),
                                   make_branding(large_print=True), large) >= 3


def test_a_handout_text_may_not_state_its_own_pain_limit() -> None:
    data = {"title": "T", "summary": "S", "sections": [
        {"heading": "Listen to your body",
         "blocks": [{"bullets": ["Mild discomfort (up to 5 out of 10) is fine."]}]}]}
    with pytest.raises(ValueError, match="'Listen to your body' states its own pain limit"):
        handout_text_from_data("x", data)


@pytest.mark.parametrize(("data", "message"), [
    ({"title": "T", "summary": "S"}, "'sections' must be a non-empty list"),
    ({"title": "", "summary": "S", "sections": [{"heading": "H", "blocks": ["x"]}]}, "title"),
    ({"title": "T", "summary": "S", "sections": [{"heading": "H", "blocks": [{"bullets": []}]}]},
     "empty list"),
    ({"title": "T", "summary": "S", "sections": [{"heading": "H", "blocks": [3]}]}, "section 1 block 1"),
])
def test_broken_handout_text_is_refused_naming_the_part(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        handout_text_from_data("x", data)


def test_walk_run_dates_alternate_days_two_sessions_per_stage() -> None:
    rows = schedule_stages(3, date(2026, 11, 26))
    assert [r.done for r in rows[:3]] == [True, True, False] and rows[0].planned == ()
    assert rows[2].planned == (date(2026, 11, 26), date(2026, 11, 28))
    assert rows[3].planned == (date(2026, 11, 30), date(2026, 12, 2))
    assert len(rows[7].planned) == 3
    with pytest.raises(ValueError):
        schedule_stages(9, date(2026, 11, 26))


def test_missing_drawing_is_said_not_fatal(make_branding: Callable[..., Branding], tmp_path: Path) -> None:
    entry = ExerciseEntry("Bird dog", tmp_path / "gone.svg", ("Kneel.", "Reach."), "3 sets of 10, daily")
    out = io.BytesIO()
    data = ExerciseHandoutData(PATIENT, date(2026, 11, 25), "Dr A", "", "", (entry,))
    assert build_exercise_handout(data, make_branding(), out) >= 1
    assert "(drawing not available)" in text_of(out.getvalue())
    with pytest.raises(ValueError, match="at least one exercise"):
        build_exercise_handout(ExerciseHandoutData(PATIENT, date(2026, 11, 25), "", "", "", ()),
                               make_branding(), io.BytesIO())
