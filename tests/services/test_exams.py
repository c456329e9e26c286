"""Exams through the service: saved per visit, locked by signing, copied forward, decisions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from clinic_app.domain.errors import ConflictError, RecordLocked, ValidationError
from clinic_app.domain.exam.record import ExamRecord, SlrSide
from clinic_app.domain.exam.rules import TestOutcome
from clinic_app.domain.patients import VisitKind
from clinic_app.services.care import SoapText
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft


@pytest.fixture
def visits(services: Services, clinician: Actor) -> tuple[int, int]:
    pid = services.patients.create(clinician, make_draft(), TODAY).created_id or 0
    ep = services.care.open_episode(clinician, pid, date(2026, 11, 1), "LBP", TODAY).created_id or 0
    first = services.care.create_visit(clinician, ep, datetime(2026, 11, 2, 9, tzinfo=UTC),
                                       VisitKind.INITIAL).created_id or 0
    second = services.care.create_visit(clinician, ep, datetime(2026, 11, 9, 9, tzinfo=UTC),
                                        VisitKind.FOLLOW_UP).created_id or 0
    return first, second


def test_exam_saves_and_reads_back(services: Services, clinician: Actor,
                                   visits: tuple[int, int]) -> None:
    exam = ExamRecord(slr_left=SlrSide(TestOutcome.POSITIVE, 50, True))
    _, version = services.exams.save(clinician, visits[0], exam, set(), 0)
    view = services.exams.get(visits[0])
    assert view.exists and view.exam == exam and view.version == version == 1
    with pytest.raises(ConflictError):
        services.exams.save(clinician, visits[0], ExamRecord(), set(), 0)


def test_contradictory_exam_is_refused_and_nothing_saved(services: Services, clinician: Actor,
                                                         visits: tuple[int, int]) -> None:
    with pytest.raises(ValidationError) as info:
        services.exams.save(clinician, visits[0],
                            ExamRecord(slr_left=SlrSide(TestOutcome.NEGATIVE, 40)), set(), 0)
    assert "slr_left.angle_deg" in info.value.errors
    assert not services.exams.get(visits[0]).exists


def test_signed_visit_makes_the_exam_read_only(services: Services, clinician: Actor,
                                               visits: tuple[int, int]) -> None:
    services.exams.save(clinician, visits[0], ExamRecord(palpation="Tender L5"), set(), 0)
    note = services.care.get_note(visits[0])
    _, v = services.care.save_draft(clinician, visits[0], SoapText(subjective="x"), note.version)
    services.care.sign(clinician, visits[0], v)
    view = services.exams.get(visits[0])
    assert view.locked
    with pytest.raises(RecordLocked):
        services.exams.save(clinician, visits[0], ExamRecord(palpation="changed"), set(),
                            view.version)
    assert services.exams.get(visits[0]).exam.palpation == "Tender L5"


def test_copy_forward_marks_every_copied_value_until_confirmed(
    services: Services, clinician: Actor, visits: tuple[int, int]
) -> None:
    first, second = visits
    services.exams.save(clinician, first, ExamRecord(slr_left=SlrSide(TestOutcome.POSITIVE, 40,
                                                                       True)), set(), 0)
    copied = services.exams.copy_forward(second)
    assert copied is not None
    exam, paths = copied
    assert paths == {"slr_left.result", "slr_left.angle_deg", "slr_left.below_knee"}
    confirmed = set(paths) - {"slr_left.angle_deg"}
    new = exam.with_changes(slr_left=SlrSide(TestOutcome.POSITIVE, 55, True))
    services.exams.save(clinician, second, new, confirmed, 0)
    assert services.exams.get(second).copied == frozenset(confirmed)
    assert [p.left_deg for p in services.exams.slr_series(services.exams.get(second).patient_id)] \
        == [40, 55]


def test_override_needs_a_reason_and_both_decisions_are_kept(
    services: Services, clinician: Actor, visits: tuple[int, int]
) -> None:
    services.exams.save(clinician, visits[0], ExamRecord(slr_left=SlrSide(TestOutcome.POSITIVE, 45,
                                                                           True)), set(), 0)
    with pytest.raises(ValidationError):
        services.exams.decide(clinician, visits[0], "slr_left", "overridden", " ", "text")
    services.exams.decide(clinician, visits[0], "slr_left", "accepted", "", "SLR classic")
    services.exams.decide(clinician, visits[0], "slr_left", "overridden", "Hamstring tightness only",
                          "SLR classic")
    decision = services.exams.get(visits[0]).decisions["slr_left"]
    assert decision.decision == "overridden" and decision.reason == "Hamstring tightness only"
    exam_id = 1
    actions = [a.action for a in services.users.audit_trail("exam", exam_id)]
    assert actions == ["create", "accept", "override"]
