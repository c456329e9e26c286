"""Every document kind from demo patients' charts: content read back with pypdf, checked by pikepdf."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from pdf_helpers import pdf_problems
from pypdf import PdfReader

from clinic_app.domain.rehab.exercises import Dose
from clinic_app.domain.rehab.pain_rule import patient_pain_rule
from clinic_app.domain.rehab.plans import PlanItem
from clinic_app.reports.documents.letter_text import addressing
from clinic_app.services.context import Actor
from clinic_app.services.handouts import HandoutKind
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft
from tests.services.test_handouts import Chart, build_chart, demo, ready_to_print  # noqa: F401 - fixture

DUMP = os.environ.get("STRIDE_CLINIC_DUMP_PDFS", "")
"""Set to a folder to keep the generated PDFs for looking at them."""


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def flat(text: str) -> str:
    """Extracted text with line breaks folded to spaces (long lines wrap in the PDF)."""
    return " ".join(text.split())


def qpdf_check(pdf: bytes, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    assert pdf_problems(pdf) == [], name
    if DUMP:
        Path(DUMP).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(DUMP) / path.name)


@pytest.fixture
def charts(services: Services, clinician: Actor, demo: list[int]) -> list[Chart]:  # noqa: F811
    """Two demo patients with full charts on different templates."""
    return [build_chart(services, clinician, demo[0], "SIJ pain"),
            build_chart(services, clinician, demo[1], "Disc with radiculopathy",
                        notes="Stop if your toes tingle")]


def test_every_kind_for_demo_patients(services: Services, clinician: Actor, charts: list[Chart],
                                      tmp_path: Path) -> None:
    for number, chart in enumerate(charts):
        stored = services.patients.get(chart.patient_id)
        for kind in HandoutKind:
            ready_to_print(services, clinician, chart.episode_id, kind)
            result = services.handouts.render(clinician, chart.patient_id, kind, today=TODAY)
            qpdf_check(result.pdf, tmp_path, f"{number}-{kind.value}")
            text = flat(text_of(result.pdf))
            assert stored.full_name in text, kind
            assert f"Page 1 of {result.pages}" in text


def test_exercise_handout_lists_every_exercise_with_its_dose(services: Services, clinician: Actor,
                                                             charts: list[Chart]) -> None:
    chart = charts[0]
    result = services.handouts.render(clinician, chart.patient_id, HandoutKind.EXERCISES, today=TODAY)
    text = flat(text_of(result.pdf))
    plan = services.plans.current(chart.episode_id).plan
    library = services.exercises.by_id()
    for item in plan.items:
        assert library[item.exercise_id].name in text
        assert item.dose.describe() in text
    assert "Keep the small of your back still." in text
    assert "When this feels easy:" in text and "Weekly log" in text
    assert all(line.sentence() in text for line in patient_pain_rule().lines)
    assert "saddle area" in text and "emergency department" in text


def test_longer_plan_gives_more_pages(services: Services, clinician: Actor, charts: list[Chart]) -> None:
    chart = charts[0]
    short = services.handouts.render(clinician, chart.patient_id, HandoutKind.EXERCISES, record=False,
                                     today=TODAY)
    record = services.plans.current(chart.episode_id)
    present = {i.exercise_id for i in record.plan.items}
    extra = [e for e in services.exercises.library() if e.exercise.id not in present][:12]
    items = record.plan.items + tuple(PlanItem(e.exercise.id, e.exercise.default_dose) for e in extra)
    services.plans.save(clinician, chart.episode_id, record.plan.with_changes(items=items), record.revision)
    long = services.handouts.render(clinician, chart.patient_id, HandoutKind.EXERCISES, record=False,
                                    today=TODAY)
    assert long.pages > short.pages
    text = flat(text_of(long.pdf))
    assert all(e.exercise.name in text for e in extra)


def test_markup_in_typed_text_prints_literally(services: Services, clinician: Actor) -> None:
    name = "<b>&</b> <font size=40>"
    pid = services.patients.create(clinician, make_draft(given_name=name, family_name="Lee & <i>Co</i>",
                                                         referrer="Dr <Smith> & Partners"),
                                   TODAY).created_id or 0
    chart = build_chart(services, clinician, pid, notes="Breathe <out> & relax </b>")
    plan = services.plans.current(chart.episode_id)
    items = (PlanItem(plan.plan.items[0].exercise_id, Dose(2, 10), "Breathe <out> & relax </b>"),)
    services.plans.save(clinician, chart.episode_id, plan.plan.with_changes(items=items), plan.revision)
    full = f"{name} Lee & <i>Co</i>"
    for kind in HandoutKind:
        ready_to_print(services, clinician, chart.episode_id, kind)
        text = flat(text_of(services.handouts.render(clinician, pid, kind, record=False, today=TODAY).pdf))
        assert full in text, kind
    letter = text_of(services.handouts.render(clinician, pid, "progress-letter", record=False,
                                              today=TODAY).pdf)
    assert "Dr <Smith> & Partners" in flat(letter)
    handout = flat(text_of(services.handouts.render(clinician, pid, "exercises", record=False,
                                                    today=TODAY).pdf))
    assert "Breathe <out> & relax </b>" in handout
    exam = flat(text_of(services.handouts.render(clinician, pid, "exam", visit_id=chart.visits[0],
                                                 record=False, today=TODAY).pdf))
    assert "Tender over the left PSIS <b>&</b>" in exam


def test_progress_letter_has_findings_verdicts_graphs_and_plan(services: Services, clinician: Actor,
                                                               charts: list[Chart]) -> None:
    chart = charts[0]
    text = flat(text_of(services.handouts.render(clinician, chart.patient_id, "progress-letter",
                                                 today=TODAY).pdf))
    progress = services.progress.progress(chart.patient_id, chart.episode_id)
    assert progress.since_baseline
    for row in progress.since_baseline:
        assert flat(row.verdict) in text
        assert row.label in text
    address = addressing(services.patients.get(chart.patient_id).draft.referrer)
    assert address.salutation in text and address.closing in text and "Dr Amira Ahmed" in text
    assert "Pain now (NPRS, 0–10)" in text and "Oswestry Disability Index" in text
    library = services.exercises.by_id()
    for item in services.plans.current(chart.episode_id).plan.items:
        assert library[item.exercise_id].name in text


def test_exam_summary_shows_values_lines_inputs_and_decisions(services: Services, clinician: Actor,
                                                              charts: list[Chart]) -> None:
    chart = charts[0]
    visit = chart.visits[0]
    services.exams.decide(clinician, visit, "laslett", "overridden", "Pain is <lumbar> & central", "x")
    services.exams.decide(clinician, visit, "slr_left", "accepted", "", "x")
    text = flat(text_of(services.handouts.render(clinician, chart.patient_id, "exam", visit_id=visit,
                                                 today=TODAY).pdf))
    assert "SLR left" in text and "positive, onset 45°, pain below the knee" in text
    assert "Distraction" in text and "L5 power" in text and "left 4- · right 5" in text
    assert "Inputs:" in text and "SIJ cluster 3/6" in text
    assert "Overridden by Dr Amira Ahmed" in text and "Reason: Pain is <lumbar> & central" in text
    assert "Accepted by Dr Amira Ahmed" in text


def test_return_to_run_schedule_dates_and_rule(services: Services, clinician: Actor,
                                               charts: list[Chart]) -> None:
    text = flat(text_of(services.handouts.render(clinician, charts[0].patient_id, "return-to-run",
                                                 today=TODAY).pdf))
    stage = services.plans.current_stage(charts[0].episode_id)
    assert f"You start at stage {stage}" in text
    assert "5 × (walk 4 min / jog 1 min)" in text and "Continuous easy jog 30 min" in text
    assert "24-hour rule" in text and "Pain during (0–10)" in text and "Next morning (0–10)" in text
