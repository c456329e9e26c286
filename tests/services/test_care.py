"""Episodes and visit notes: draft, sign, locked after signing, amendments, audit."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from clinic_app.domain.clock import FixedClock
from clinic_app.domain.errors import ConflictError, RecordLocked, ValidationError
from clinic_app.domain.patients import DischargeReason, EpisodeStatus, NoteStatus, VisitKind
from clinic_app.services.care import SoapText
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft


@pytest.fixture
def visit_id(services: Services, clinician: Actor) -> int:
    pid = services.patients.create(clinician, make_draft(), TODAY).created_id or 0
    ep = services.care.open_episode(clinician, pid, date(2026, 11, 1), "LBP after marathon", TODAY)
    v = services.care.create_visit(clinician, ep.created_id or 0,
                                   datetime(2026, 11, 2, 9, 30, tzinfo=UTC), VisitKind.INITIAL)
    return v.created_id or 0


def test_draft_saves_then_sign_locks_the_note(services: Services, clinician: Actor,
                                              visit_id: int) -> None:
    note = services.care.get_note(visit_id)
    assert note.status is NoteStatus.DRAFT
    _, version = services.care.save_draft(clinician, visit_id, SoapText(subjective="Sore back"),
                                          note.version)
    services.care.sign(clinician, visit_id, version)
    signed = services.care.get_note(visit_id)
    assert signed.signed and signed.signed_by == "Dr Amira Ahmed"
    with pytest.raises(RecordLocked):
        services.care.save_draft(clinician, visit_id, SoapText(subjective="changed"),
                                 signed.version)
    assert services.care.get_note(visit_id).subjective == "Sore back"


def test_amendments_append_with_author_and_time(services: Services, clinician: Actor,
                                                visit_id: int) -> None:
    note = services.care.get_note(visit_id)
    _, version = services.care.save_draft(clinician, visit_id, SoapText(plan="Walk daily"),
                                          note.version)
    with pytest.raises(RecordLocked):
        services.care.amend(clinician, visit_id, "too early")
    services.care.sign(clinician, visit_id, version)
    services.care.amend(clinician, visit_id, "Patient phoned: pain settled.")
    amendments = services.care.get_note(visit_id).amendments
    assert [a.text for a in amendments] == ["Patient phoned: pain settled."]
    assert amendments[0].author == "Dr Amira Ahmed"
    assert amendments[0].created_at.tzinfo is not None
    actions = [a.action for a in services.users.audit_trail("visit", visit_id)]
    assert actions == ["create", "update", "sign", "amend"]


def test_empty_note_cannot_be_signed(services: Services, clinician: Actor, visit_id: int) -> None:
    with pytest.raises(ValidationError):
        services.care.sign(clinician, visit_id, services.care.get_note(visit_id).version)


def test_stale_draft_save_is_a_conflict(services: Services, clinician: Actor,
                                        visit_id: int) -> None:
    v0 = services.care.get_note(visit_id).version
    services.care.save_draft(clinician, visit_id, SoapText(subjective="first"), v0)
    with pytest.raises(ConflictError):
        services.care.save_draft(clinician, visit_id, SoapText(subjective="second"), v0)


def test_discharge_closes_episode_and_blocks_new_visits(services: Services, clinician: Actor,
                                                        visit_id: int) -> None:
    note = services.care.get_note(visit_id)
    pid = note.patient_id
    ep = services.patients.get(pid).open_episode
    assert ep is not None and ep.visit_count == 1
    services.care.discharge_episode(clinician, ep.id, TODAY, DischargeReason.GOALS_MET,
                                    ep.version, TODAY)
    after = services.patients.get(pid)
    assert after.open_episode is None
    assert after.episodes[0].status is EpisodeStatus.DISCHARGED
    with pytest.raises(RecordLocked):
        services.care.create_visit(clinician, ep.id, datetime(2026, 11, 25, tzinfo=UTC),
                                   VisitKind.FOLLOW_UP)


def test_episode_validation(services: Services, clinician: Actor) -> None:
    pid = services.patients.create(clinician, make_draft(), TODAY).created_id or 0
    with pytest.raises(ValidationError) as info:
        services.care.open_episode(clinician, pid, date(2027, 1, 1), " ", TODAY)
    assert set(info.value.errors) == {"complaint", "start_date"}
    assert services.patients.get(pid).episodes == ()


def test_every_timestamp_comes_from_the_one_clock(services: Services, clinician: Actor, visit_id: int,
                                                  clock: FixedClock) -> None:
    clock.set(datetime(2031, 2, 3, 14, 15, tzinfo=UTC))  # far from the real date on purpose
    note = services.care.get_note(visit_id)
    _, version = services.care.save_draft(clinician, visit_id, SoapText(subjective="x"), note.version)
    clock.advance(minutes=7)
    services.care.sign(clinician, visit_id, version)
    assert services.care.get_note(visit_id).signed_at == datetime(2031, 2, 3, 14, 22, tzinfo=UTC)
    trail = services.users.audit_trail("visit", visit_id)
    assert [row.at for row in trail][-2:] == [datetime(2031, 2, 3, 14, 15, tzinfo=UTC),
                                              datetime(2031, 2, 3, 14, 22, tzinfo=UTC)]
