"""Issue 19 item 12: progress letter pages measured as drawn (pdfminer word positions).

The letter used to leave page 1 40% blank (the graphs waited for a page with room for all of
them) and could end on a page holding only "Yours sincerely".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from pdf_helpers import page_fill, pdf_pages_text, render_page

from clinic_app.reports.document import body_area
from clinic_app.reports.documents.data import LetterData, OutcomeRow, PatientHeader, PlanLine, Point
from clinic_app.reports.documents.progress_letter import TITLE, build_progress_letter
from clinic_app.reports.styles import Branding

PATIENT = PatientHeader("Dafydd Gwynne", date(1957, 1, 29), "SC-000004")
START = date(2026, 9, 1)
GP = "Dr Bilal Aziz, Canal Street Health Centre"


def _points(values: list[float]) -> tuple[Point, ...]:
    return tuple(Point(START + timedelta(days=7 * i), v) for i, v in enumerate(values))


def _letter(exam_lines: int, plan_rows: int, *, summary_words: int = 60, weekly_km: bool = True,
            referrer: str = GP) -> LetterData:
    outcomes = tuple(OutcomeRow(label, "5", "3", "-2", "40%", f"{label}: improved by 2 points (40%)", True)
                     for label in ("Pain (back)", "Pain (leg)", "ODI", "RMDQ", "PSFS"))
    return LetterData(
        patient=PATIENT, issued_on=date(2026, 11, 25), referrer=referrer, clinician="Dr Amira Ahmed",
        practice="Stride Physio", episode_start=START, complaint="Right sciatica after a half marathon",
        visits=7, intake_summary=" ".join(["history"] * summary_words),
        exam_lines=tuple(f"Finding {i}: a line of examination findings long enough to wrap onto a "
                         "second line, as most of them do in a real letter." for i in range(exam_lines)),
        interpretation=("STarT Back medium risk (5/9, psychosocial 1/5)",), outcomes=outcomes,
        pain_back=_points([5, 5, 7, 5, 3]), pain_leg=_points([8, 8, 5, 3, 1]),
        odi=_points([28, 40, 30, 28, 10]),
        weekly_km=_points([70, 72, 40, 0, 10, 20]) if weekly_km else (),
        plan_phase="1 Protect / settle",
        plan=tuple(PlanLine(f"Plan exercise {i}", "2 sets of 10, each side, twice a day")
                   for i in range(plan_rows)),
        run_stage="Walk/run programme: stage 3 of 8, 4 sessions logged.")


@pytest.fixture
def measure(tmp_path: Path) -> Callable[[LetterData], tuple[Path, list[float], list[str]]]:
    branding = Branding(clinic_name="Stride Physio")
    top, bottom = body_area(branding, TITLE, PATIENT.line())

    def run(data: LetterData) -> tuple[Path, list[float], list[str]]:
        path = tmp_path / "letter.pdf"
        build_progress_letter(data, branding, path)
        return path, page_fill(path, top, bottom), [" ".join(t.split()) for t in pdf_pages_text(path)]

    return run


CASES = [(exam, plan, words, km) for exam in (0, 3, 6, 9) for plan, words, km in
         ((1, 20, True), (3, 90, True), (8, 60, False), (14, 20, True))]


@pytest.mark.parametrize(("exam_lines", "plan_rows", "summary_words", "weekly_km"), CASES)
def test_no_page_but_the_last_is_under_a_quarter_full_and_the_sign_off_is_never_alone(
        measure: Callable[[LetterData], tuple[Path, list[float], list[str]]], exam_lines: int,
        plan_rows: int, summary_words: int, weekly_km: bool) -> None:
    _, fills, texts = measure(_letter(exam_lines, plan_rows, summary_words=summary_words,
                                      weekly_km=weekly_km))
    assert all(fill >= 0.25 for fill in fills[:-1]), fills
    if len(fills) > 1:
        assert fills[0] >= 0.8, f"page 1 left {1 - fills[0]:.0%} blank"
    last = texts[-1]
    assert "Please contact me" in last and "Yours sincerely" in last
    before_sign_off = last.split("Please contact me")[0]
    assert f"Plan exercise {plan_rows - 1}" in before_sign_off, "the plan's last row goes with the sign-off"


def test_graphs_take_the_room_left_on_page_one(
        measure: Callable[[LetterData], tuple[Path, list[float], list[str]]], tmp_path: Path) -> None:
    path, fills, texts = measure(_letter(0, 5))
    assert len(fills) == 2 and fills[0] >= 0.9
    assert "Pain now (NPRS, 0–10)" in texts[0] and "Oswestry Disability Index" in texts[0]
    render_page(path, 1).save(tmp_path / "letter-page-1.png")  # to look at when it fails


def test_a_short_plan_keeps_its_heading_with_the_sign_off(
        measure: Callable[[LetterData], tuple[Path, list[float], list[str]]]) -> None:
    for exam_lines in range(0, 14):
        _, fills, texts = measure(_letter(exam_lines, 2, summary_words=90))
        assert all(fill >= 0.25 for fill in fills[:-1]), (exam_lines, fills)
        last = texts[-1]
        assert "Current plan" in last and "Plan exercise 0" in last and "Yours sincerely" in last
