"""The return-to-performance sheet: distance, then speed, then hills; the runner's stride and shoes;
the shared pain rule and safety net; refused before phase 4 or while loading is locked. And the
exam summary prints the same bone stress lines as the Exam tab (intake and age included)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pdf_helpers import pdf_problems
from pypdf import PdfReader

from clinic_app.domain.errors import RecordLocked
from clinic_app.domain.exam.record import BoneStressExam, BoneTest, ExamRecord
from clinic_app.domain.exam.rules import TestOutcome
from clinic_app.domain.intake.record import (
    CadenceSource,
    EnergyScreen,
    Intake,
    MenstrualStatus,
    Priority,
    RaceDistance,
    RaceGoal,
    RunningForm,
    Shoe,
)
from clinic_app.domain.patients import VisitKind
from clinic_app.domain.rehab.exercises import RehabPhase
from clinic_app.domain.rehab.pain_rule import patient_pain_rule
from clinic_app.domain.rehab.plans import Plan
from clinic_app.reports.documents.data import PatientHeader
from clinic_app.reports.documents.return_to_performance import (
    ReturnToPerformanceData,
    ShoeLine,
    StrideAdvice,
    build_return_to_performance,
)
from clinic_app.reports.styles import Branding
from clinic_app.services.context import Actor
from clinic_app.services.handouts import HandoutKind
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft


def flat_text(pdf: bytes) -> str:
    """The extracted text with line breaks folded to spaces."""
    return " ".join("\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages).split())


def render(data: ReturnToPerformanceData, make_branding: Callable[..., Branding]) -> tuple[bytes, int]:
    out = io.BytesIO()
    pages = build_return_to_performance(data, make_branding(), out)
    return out.getvalue(), pages


PATIENT = PatientHeader("Zoë <b>O'Brien</b>", date(1985, 4, 12), "SC-000001")


def test_sheet_orders_volume_intensity_hills_with_stride_and_shoes(
        make_branding: Callable[..., Branding]) -> None:
    data = ReturnToPerformanceData(PATIENT, TODAY, "Dr Amira Ahmed", "999",
                                   "Leeds Half <Marathon> & 10k, 3 May 2027", StrideAdvice(160, 168, 176),
                                   (ShoeLine("Gel <25> & co", 620.0),))
    pdf, pages = render(data, make_branding)
    assert pdf_problems(pdf) == [] and pages >= 2
    text = flat_text(pdf)
    assert "Your return to full running" in text and "Zoë <b>O'Brien</b>" in text
    assert "Your goal: Leeds Half <Marathon> & 10k, 3 May 2027." in text
    distance, speed, hills = (text.index(w) for w in ("Distance first.", "Then speed.", "Then hills."))
    assert distance < speed < hills
    assert "keep any single run within about 10% of your longest run of the past month" in text
    assert "about 168 to 176 steps a minute, instead of your current 160" in text
    assert "Your Gel <25> & co: about 620 km (385 miles) so far." in text
    for line in patient_pain_rule().lines:  # the one pain rule (C6), worded as everywhere else
        assert line.sentence() in text
    assert "pain when you hop on one leg" in text and "worse with each run" in text
    assert "saddle area" in text and "go to the emergency department now" in text  # C8 box
    assert "Your running log" in text and f"Page {pages} of {pages}" in text


def test_no_stride_numbers_unless_overstriding_was_seen(make_branding: Callable[..., Branding]) -> None:
    pdf, _pages = render(ReturnToPerformanceData(PATIENT, TODAY), make_branding)
    text = flat_text(pdf)
    assert "steps a minute" not in text and "Your goal" not in text
    assert "You do not need to change the way you run unless we suggested it." in text


def _episode(services: Services, actor: Actor, phase: RehabPhase | None) -> tuple[int, int]:
    pid = services.patients.create(actor, make_draft(), TODAY).created_id or 0
    episode = services.care.open_episode(actor, pid, date(2026, 9, 1), "LBP", TODAY).created_id or 0
    if phase is not None:
        services.plans.save(actor, episode, Plan(phase), 0)
    services.intake.save(actor, episode, Intake(
        cadence_spm=160, cadence_source=CadenceSource.VIDEO,
        running_form=RunningForm(overstriding=True),
        footwear=(Shoe("Pegasus 41", distance_on_shoe_km=410.0, share_of_running_pct=100),),
        race_goals=(RaceGoal("Bath Half", date(2027, 3, 14), RaceDistance.HALF, priority=Priority.A),
                    RaceGoal("Parkrun PB", date(2026, 12, 5), RaceDistance.K5, priority=Priority.C))),
        0, TODAY)
    return pid, episode


def test_service_prints_the_sheet_from_the_chart_in_phase_4(services: Services, clinician: Actor,
                                                            tmp_path: Path) -> None:
    pid, _episode_id = _episode(services, clinician, RehabPhase.RETURN_TO_PERFORMANCE)
    result = services.handouts.render(clinician, pid, HandoutKind.RETURN_TO_PERFORMANCE, today=TODAY)
    assert result.title == "Return to full running" and result.record_id is not None
    text = flat_text(result.pdf)
    assert "Your goal: Bath Half, 14 March 2027." in text  # the A race, not the nearer C race
    assert "about 168 to 176 steps a minute, instead of your current 160" in text
    assert "Your Pegasus 41: about 410 km (255 miles) so far." in text
    assert "For Zoë O'Brien, from Dr Amira Ahmed, 25 November 2026" in text


@pytest.mark.parametrize("phase", [None, RehabPhase.SETTLE, RehabPhase.RETURN_TO_RUN])
def test_sheet_is_refused_before_phase_4(services: Services, clinician: Actor,
                                         phase: RehabPhase | None) -> None:
    pid, _episode_id = _episode(services, clinician, phase)
    with pytest.raises(RecordLocked) as info:
        services.handouts.render(clinician, pid, HandoutKind.RETURN_TO_PERFORMANCE, today=TODAY)
    assert str(info.value).startswith("No return-to-performance sheet printed for Zoë O'Brien:")
    assert "Move the plan to phase 4 Return to performance on the Plan tab" in str(info.value)
    assert services.handouts.history(pid) == []


def test_sheet_is_refused_while_f3_is_open(services: Services, clinician: Actor) -> None:
    pid, episode = _episode(services, clinician, RehabPhase.RETURN_TO_PERFORMANCE)
    services.red_flags.record_screen(clinician, episode, {"F3": True})
    with pytest.raises(RecordLocked, match="F3"):
        services.handouts.render(clinician, pid, HandoutKind.RETURN_TO_PERFORMANCE, today=TODAY)


def test_exam_summary_prints_the_f3_suggestion_from_lea_and_bony_pain(services: Services,
                                                                       clinician: Actor) -> None:
    pid = services.patients.create(clinician, make_draft(birth_date=date(2008, 5, 1)), TODAY).created_id or 0
    episode = services.care.open_episode(clinician, pid, date(2026, 11, 1), "Sacral pain",
                                         TODAY).created_id or 0
    services.intake.save(clinician, episode, Intake(energy=EnergyScreen(
        menstrual=MenstrualStatus.ABSENT)), 0, TODAY)
    visit = services.care.create_visit(clinician, episode, datetime(2026, 11, 20, 9, tzinfo=UTC),
                                       VisitKind.INITIAL).created_id or 0
    services.exams.save(clinician, visit, ExamRecord(bone_stress=BoneStressExam(
        {BoneTest.SACRAL_SQUEEZE: TestOutcome.POSITIVE, BoneTest.STORK_LEFT: TestOutcome.POSITIVE})),
        set(), 0)
    text = flat_text(services.handouts.render(clinician, pid, HandoutKind.EXAM, record=False,
                                              today=TODAY).pdf)
    assert "Red flag F3 suggested for you to confirm" in text
    assert "periods that have stopped (amenorrhoea), with painful sacral squeeze" in text
    assert "Age 18 with pain on extension" in text  # the adolescent spondylolysis prompt
