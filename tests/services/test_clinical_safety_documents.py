"""Issue 19's proof in one chart: every document kind printed for a patient with items not asked,
an open V1 flag, an unconfirmed PROMPT flag and a first-visit L5 deficit with a positive SLR.

What must hold (CLINICAL.md Part C): the letter and exam summary never say "no red flags" and
name flags in words with the items not asked (C3); loading documents are refused while the
prompt flag is unconfirmed and the walk/run schedule is refused before return to run (C5, C7);
every patient sheet that prints carries the one pain rule (C6) and the full safety net (C8);
the exam summary localises the deficit to L5, not "L4 and L5" (C1).
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time, timedelta

import pytest
from pypdf import PdfReader

from clinic_app.domain.errors import ClinicError
from clinic_app.domain.exam.neuro_model import NeuroScreen, SideNeuro
from clinic_app.domain.exam.record import ExamRecord, SlrSide
from clinic_app.domain.exam.rules import TestOutcome
from clinic_app.domain.intake.record import Intake
from clinic_app.domain.patients import VisitKind
from clinic_app.domain.rehab.pain_rule import patient_pain_rule
from clinic_app.domain.safety.red_flags import RedFlagItem
from clinic_app.services.context import Actor
from clinic_app.services.handouts import HandoutKind
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft

ASKED_NO = ("CE1", "CE2", "CE3", "CE4", "CE5", "I1", "M2")
LOADING = {HandoutKind.EXERCISES, HandoutKind.RETURN_TO_RUN, HandoutKind.RETURN_TO_PERFORMANCE}
PATIENT_SHEETS = {HandoutKind.EDUCATION_SIJ, HandoutKind.EDUCATION_DISC,
                  HandoutKind.EDUCATION_RUNNING, HandoutKind.EDUCATION_DOCTOR}


def _text(pdf: bytes) -> str:
    return " ".join("\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.fixture
def patient(services: Services, clinician: Actor) -> int:
    pid = services.patients.create(clinician, make_draft(given_name="Rhys", family_name="Owain",
                                                         birth_date=date(1958, 6, 1)), TODAY).created_id or 0
    start = TODAY - timedelta(days=2)
    episode = services.care.open_episode(clinician, pid, start, "Left sciatica", TODAY).created_id or 0
    services.intake.save(clinician, episode, Intake(weekly_distance_km=30.0, runs_per_week=3), 0, TODAY)
    visit = services.care.create_visit(clinician, episode, datetime.combine(start, time(9), tzinfo=UTC),
                                       VisitKind.INITIAL).created_id or 0
    services.exams.save(clinician, visit, ExamRecord(
        slr_left=SlrSide(TestOutcome.POSITIVE, 40, True),
        neuro=NeuroScreen(left=SideNeuro.from_values(power={"L4": "4-", "L5": "4-"},
                                                     sensation={"L5": "reduced"}),
                          right=SideNeuro.from_values(power={"L4": 5, "L5": 5}))), set(), 0)
    services.plans.save(clinician, episode, services.plans.from_template("Disc with radiculopathy"), 0)
    answers: dict[RedFlagItem, bool | None] = {item: None for item in RedFlagItem}  # 9 not asked
    answers.update({RedFlagItem(i): False for i in ASKED_NO})
    answers[RedFlagItem.V1] = True   # urgent, open
    answers[RedFlagItem.M3] = True   # prompt, never confirmed
    services.red_flags.record_screen(clinician, episode, answers)
    return pid


def test_every_document_kind_says_only_what_the_data_supports(
        services: Services, clinician: Actor, patient: int) -> None:
    printed: dict[HandoutKind, str] = {}
    refused: dict[HandoutKind, str] = {}
    for kind in HandoutKind:
        try:
            printed[kind] = _text(services.handouts.render(clinician, patient, kind, today=TODAY).pdf)
        except ClinicError as exc:
            refused[kind] = str(exc)
    assert set(refused) == LOADING  # C5/C7: nothing that loads the back prints
    assert all(message and "Traceback" not in message for message in refused.values())
    assert set(printed) == set(HandoutKind) - LOADING

    for kind in (HandoutKind.PROGRESS_LETTER, HandoutKind.EXAM):
        text = printed[kind]
        assert "no red flags" not in text.lower(), kind  # C3
        assert "possible abdominal aortic aneurysm (V1)" in text, kind
        assert "9 of 18 items not asked" in text, kind
    letter = printed[HandoutKind.PROGRESS_LETTER]
    assert "(M3)" in letter and "Action requested" in letter and "red flag V1 raised" not in letter

    rule = patient_pain_rule()
    for kind in PATIENT_SHEETS:
        text = printed[kind]
        for line in rule.lines:  # C6: one rule, word for word
            assert line.sentence() in text, (kind, line)
        assert "go to the emergency department now" in text, kind  # C8
        for sign in ("saddle", "bladder", "bowel", "sexual", "both legs"):
            assert sign in text.lower(), (kind, sign)
        assert "today" not in text.lower().split("warning signs")[-1], kind  # not the cut-down box

    exam = printed[HandoutKind.EXAM]
    assert "L5" in exam and "L4 and L5" not in exam  # C1: one root explains all findings



def test_once_the_flags_are_dealt_with_the_schedule_still_waits_for_return_to_run(
        services: Services, clinician: Actor, patient: int) -> None:
    episode = services.patients.get(patient).episodes[0].id
    for event in services.red_flags.status(episode).open_events:
        if event.needs_confirmation:
            services.red_flags.confirm_exercise(clinician, event.id, "Weight stable, no night pain; "
                                                "GP letter sent", event.version)
        else:
            services.red_flags.resolve(clinician, event.id, "Ultrasound: no aneurysm", event.version)
    sheet = _text(services.handouts.render(clinician, patient, HandoutKind.EXERCISES, today=TODAY).pdf)
    assert all(line.sentence() in sheet for line in patient_pain_rule().lines)
    assert "go to the emergency department now" in sheet
    with pytest.raises(ClinicError, match="Return to run has not started"):  # C7: phase 1, first visit
        services.handouts.render(clinician, patient, HandoutKind.RETURN_TO_RUN, today=TODAY)
