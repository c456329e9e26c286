"""Booking, moving, cancelling, DNA and check-in through the services (both backends)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from clinic_app.domain.appointments import AppointmentStatus, AppointmentType, SlotTaken
from clinic_app.domain.errors import (
    ConflictError,
    PermissionDenied,
    RecordLocked,
    ValidationError,
)
from clinic_app.domain.patients import VisitKind
from clinic_app.persistence.models import AuditEntry
from clinic_app.services.appointments import OutsideHours
from clinic_app.services.appointments_base import DiarySettings
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.appointments.helpers import at
from tests.conftest import TODAY

S = AppointmentStatus
FOLLOW_UP = AppointmentType.FOLLOW_UP


def _book(services: Services, actor: Actor, patient: int, clinician: Actor, hour: int,
          minute: int = 0, **kw: object) -> int:
    changes = services.appointments.book(actor, patient, clinician.user_id, at(hour, minute),
                                         kw.pop("kind", FOLLOW_UP), **kw)  # type: ignore[arg-type]
    assert changes.created_id is not None
    return changes.created_id


def _audit(services: Services, entity: str = "appointment") -> list[tuple[str, str]]:
    with services.db.reading() as s:
        return [(a.action, a.changed_fields) for a in
                s.scalars(select(AuditEntry).where(AuditEntry.entity == entity)
                          .order_by(AuditEntry.id))]


def test_front_desk_books_with_the_type_default_length(
        services: Services, clinician: Actor, front_desk: Actor, patient_id: int) -> None:
    new = _book(services, front_desk, patient_id, clinician, 14, kind=AppointmentType.INITIAL,
                notes="Left-sided LBP after marathon")
    [row] = services.diary.appointments(front_desk, TODAY)
    assert (row.id, row.minutes, row.kind, row.status) == (new, 60, AppointmentType.INITIAL,
                                                            S.BOOKED)
    assert row.patient_name == "Zoë O'Brien" and row.clinician == "Dr Amira Ahmed"
    assert row.starts_at == at(14) and row.notes == "Left-sided LBP after marathon"
    assert _audit(services)[0][0] == "book"


def test_a_clinicians_busy_slot_is_refused_by_name(
        services: Services, clinician: Actor, front_desk: Actor, patient_id: int,
        second_patient: int) -> None:
    _book(services, front_desk, patient_id, clinician, 14)
    with pytest.raises(SlotTaken) as caught:
        _book(services, front_desk, second_patient, clinician, 14, 15)
    assert isinstance(caught.value, ConflictError)
    assert "Dr Amira Ahmed already has Zoë O'Brien booked 14:00–14:30" in str(caught.value)
    assert "booked by Front Desk" in str(caught.value)
    _book(services, front_desk, second_patient, clinician, 14, 30)  # touching is fine
    assert len(services.diary.appointments(front_desk, TODAY)) == 2


def test_double_booking_when_the_practice_allows_it(
        services: Services, clinician: Actor, admin: Actor, front_desk: Actor, patient_id: int,
        second_patient: int) -> None:
    _book(services, front_desk, patient_id, clinician, 14)
    services.diary.save_settings(admin, DiarySettings(allow_double_booking=True), 0)
    _book(services, front_desk, second_patient, clinician, 14)
    assert len(services.diary.appointments(front_desk, TODAY)) == 2
    with pytest.raises(PermissionDenied):
        services.diary.save_settings(front_desk, DiarySettings(), 1)


def test_outside_hours_needs_confirmation_which_is_audited(
        services: Services, clinician: Actor, front_desk: Actor, patient_id: int) -> None:
    with pytest.raises(OutsideHours, match="working hours"):
        _book(services, front_desk, patient_id, clinician, 19)
    with pytest.raises(OutsideHours, match="break"):
        _book(services, front_desk, patient_id, clinician, 12, 30)
    _book(services, front_desk, patient_id, clinician, 19, outside_hours=True)
    assert "outside_hours" in _audit(services)[-1][1]


def test_refused_inputs(services: Services, clinician: Actor, front_desk: Actor,
                        patient_id: int, admin: Actor) -> None:
    with pytest.raises(ValidationError, match="That day has passed"):
        services.appointments.book(front_desk, patient_id, clinician.user_id, at(9, days=-1),
                                   FOLLOW_UP)
    with pytest.raises(ValidationError) as caught:
        services.appointments.book(front_desk, patient_id, clinician.user_id, at(9, 3), FOLLOW_UP,
                                   minutes=7)
    assert set(caught.value.errors) == {"starts_at", "minutes"}
    with pytest.raises(ValidationError, match="does not see patients"):
        services.appointments.book(front_desk, patient_id, front_desk.user_id, at(9), FOLLOW_UP)


def test_move_and_resize_check_the_new_slot_and_the_version(
        services: Services, clinician: Actor, colleague: Actor, front_desk: Actor,
        patient_id: int, second_patient: int) -> None:
    first = _book(services, front_desk, patient_id, clinician, 14)
    _book(services, front_desk, second_patient, clinician, 15)
    services.appointments.move(front_desk, first, 1, starts_at=at(14, 15), minutes=45)
    with pytest.raises(SlotTaken):
        services.appointments.move(front_desk, first, 2, minutes=60)
    with pytest.raises(ConflictError, match="Appointment was changed by Front Desk"):
        services.appointments.move(front_desk, first, 1, starts_at=at(16))
    services.appointments.move(front_desk, first, 2, starts_at=at(15), clinician_id=colleague.user_id)
    row = services.diary.appointment(front_desk, first)
    assert (row.starts_at, row.minutes, row.clinician) == (at(15), 45, "Kim Lee")
    assert [a for a, _ in _audit(services)] == ["book", "book", "move", "move"]


def test_cancel_needs_a_reason_and_frees_the_slot(
        services: Services, clinician: Actor, front_desk: Actor, patient_id: int,
        second_patient: int) -> None:
    first = _book(services, front_desk, patient_id, clinician, 14)
    with pytest.raises(ValidationError, match="say why"):
        services.appointments.cancel(front_desk, first, 1, "  ")
    services.appointments.cancel(front_desk, first, 1, "Patient unwell")
    assert services.diary.appointments(front_desk, TODAY) == []
    [row] = services.diary.appointments(front_desk, TODAY, include_cancelled=True)
    assert (row.status, row.cancel_reason) == (S.CANCELLED, "Patient unwell")
    _book(services, front_desk, second_patient, clinician, 14)  # the slot is free again
    with pytest.raises(RecordLocked):
        services.appointments.move(front_desk, first, 2, starts_at=at(16))


def test_did_not_attend_only_on_or_after_the_day(
        services: Services, clinician: Actor, front_desk: Actor, patient_id: int) -> None:
    today = _book(services, front_desk, patient_id, clinician, 9)
    later = services.appointments.book(front_desk, patient_id, clinician.user_id, at(9, days=1),
                                       FOLLOW_UP).created_id or 0
    services.appointments.mark_did_not_attend(front_desk, today, 1)
    with pytest.raises(ValidationError, match="cancel it instead"):
        services.appointments.mark_did_not_attend(front_desk, later, 1)
    services.appointments.set_status(front_desk, today, 2, S.BOOKED)  # undo a DNA
    assert services.diary.appointment(front_desk, today).status is S.BOOKED


def test_check_in_then_start_opens_the_clinicians_visit(
        services: Services, clinician: Actor, front_desk: Actor, patient_id: int) -> None:
    services.care.open_episode(clinician, patient_id, TODAY, "LBP", TODAY)
    appt = _book(services, front_desk, patient_id, clinician, 14)
    services.appointments.set_status(front_desk, appt, 1, S.ARRIVED)
    changes = services.appointments.set_status(front_desk, appt, 2, S.IN_SESSION)
    row = services.diary.appointment(front_desk, appt)
    assert row.status is S.IN_SESSION and row.visit_id == changes.created_id
    [visit] = services.care.list_visits(patient_id)
    assert visit.id == row.visit_id and visit.clinician == "Dr Amira Ahmed"
    assert visit.kind is VisitKind.FOLLOW_UP and visit.starts_at == at(14)
    services.appointments.set_status(clinician, appt, 3, S.DONE)
    with pytest.raises(RecordLocked):
        services.appointments.set_status(clinician, appt, 4, S.BOOKED)


def test_start_without_an_episode_uses_the_reason_or_says_what_to_do(
        services: Services, clinician: Actor, front_desk: Actor, patient_id: int,
        second_patient: int) -> None:
    bare = _book(services, front_desk, patient_id, clinician, 14)
    with pytest.raises(ValidationError, match="no open episode of care"):
        services.appointments.set_status(front_desk, bare, 1, S.IN_SESSION)
    reasoned = _book(services, front_desk, second_patient, clinician, 15,
                     kind=AppointmentType.INITIAL, notes="Right buttock pain, 10k runner")
    services.appointments.set_status(front_desk, reasoned, 1, S.IN_SESSION)
    [visit] = services.care.list_visits(second_patient)
    assert visit.kind is VisitKind.INITIAL


def test_check_in_only_on_the_day(services: Services, clinician: Actor, front_desk: Actor,
                                  patient_id: int) -> None:
    appt = services.appointments.book(front_desk, patient_id, clinician.user_id, at(9, days=1),
                                      FOLLOW_UP).created_id or 0
    with pytest.raises(ValidationError, match="on the day of the appointment"):
        services.appointments.set_status(front_desk, appt, 1, S.ARRIVED)


def test_read_only_users_cannot_see_the_diary(services: Services, clinician: Actor,
                                              patient_id: int) -> None:
    from clinic_app.domain.patients import Role
    from clinic_app.services.users import add_user_row

    with services.db.writing() as s:
        user = add_user_row(s, "student", "Student", Role.READ_ONLY)
        uid = user.id
    with pytest.raises(PermissionDenied):
        services.diary.appointments(Actor(uid, "Student", Role.READ_ONLY, "ws"), TODAY)


def test_todays_patients_come_from_the_book_else_from_visits(
        services: Services, clinician: Actor, front_desk: Actor, patient_id: int,
        second_patient: int) -> None:
    ep = services.care.open_episode(clinician, second_patient, TODAY, "LBP", TODAY).created_id
    services.care.create_visit(clinician, ep or 0, at(8), VisitKind.FOLLOW_UP)
    source, rows = services.diary.todays_patients(TODAY)
    assert source == "visits" and [r.id for r in rows] == [second_patient]
    appt = _book(services, front_desk, patient_id, clinician, 16)
    source, rows = services.diary.todays_patients(TODAY)
    assert source == "book" and [r.id for r in rows] == [patient_id]
    services.appointments.cancel(front_desk, appt, 1, "Rebooked by phone")
    assert services.diary.todays_patients(TODAY)[0] == "visits"


def test_next_patient_of_the_day(services: Services, clinician: Actor, front_desk: Actor,
                                 patient_id: int, second_patient: int) -> None:
    _book(services, front_desk, patient_id, clinician, 9)  # over at 10:00 (the clock's time)
    later = _book(services, front_desk, second_patient, clinician, 11)
    local_now = services.db.clock.now().astimezone()
    expected = later if local_now.hour < 11 else None
    found = services.diary.next_appointment(clinician, clinician.user_id)
    assert (found.id if found else None) == expected


def test_hours_and_waitlist(services: Services, clinician: Actor, admin: Actor,
                            front_desk: Actor, patient_id: int) -> None:
    from clinic_app.domain.appointments import WorkingHours

    hours, _ = WorkingHours.parse(["07:00-19:00"] * 5 + ["", ""], [""] * 7)
    assert hours is not None
    services.diary.save_hours(admin, clinician.user_id, hours, 0)
    assert services.diary.hours(clinician.user_id) == (hours, 1)
    _book(services, front_desk, patient_id, clinician, 12, 30)  # no break any more
    services.diary.add_to_waitlist(front_desk, patient_id, clinician.user_id, "Mornings only")
    [entry] = services.diary.waitlist(front_desk)
    assert (entry.patient_name, entry.clinician, entry.note) == ("Zoë O'Brien", "Dr Amira Ahmed",
                                                                 "Mornings only")
    services.diary.remove_from_waitlist(front_desk, entry.id, entry.version)
    assert services.diary.waitlist(front_desk) == []
    assert [a for a, _ in _audit(services, "waitlist_entry")] == ["create", "close"]


def test_the_diary_page_shows_each_appointment_as_it_is_and_the_waitlist_with_it(
        services: Services, clinician: Actor, front_desk: Actor, patient_id: int,
        second_patient: int) -> None:
    first = _book(services, front_desk, patient_id, clinician, 9)
    second = _book(services, front_desk, second_patient, clinician, 9, 30)
    again = _book(services, front_desk, patient_id, clinician, 11)  # the same patient, later
    services.diary.add_to_waitlist(front_desk, second_patient, None, "Any afternoon")
    page = services.diary.page(front_desk, TODAY, 1, with_waitlist=True)
    assert [r.id for r in page.rows] == [first, second, again]
    assert list(page.rows) == [services.diary.appointment(front_desk, i)
                               for i in (first, second, again)]
    assert page.rows[0].starts_at == at(9) and page.rows[0].starts_at.utcoffset() is not None
    assert page.rows[0].patient_name == page.rows[2].patient_name == "Zoë O'Brien"
    assert [w.note for w in page.waitlist] == ["Any afternoon"]
    assert services.diary.page(front_desk, TODAY, 1).waitlist == ()


def test_the_diary_page_lists_one_time_by_clinician_then_booking(
        services: Services, clinician: Actor, colleague: Actor, front_desk: Actor,
        patient_id: int, second_patient: int) -> None:
    later_clinician, earlier_clinician = sorted((clinician, colleague), key=lambda a: -a.user_id)
    first = _book(services, front_desk, patient_id, later_clinician, 9)  # booked first
    second = _book(services, front_desk, second_patient, earlier_clinician, 9)
    third = _book(services, front_desk, second_patient, later_clinician, 8)
    rows = services.diary.page(front_desk, TODAY, 1).rows
    assert [r.id for r in rows] == [third, second, first]
    assert [r.clinician_id for r in rows] == [later_clinician.user_id, earlier_clinician.user_id,
                                              later_clinician.user_id]


def test_the_diary_reads_each_patient_once_by_id_in_one_statement(
        services: Services, clinician: Actor, front_desk: Actor, patient_id: int,
        second_patient: int, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    import clinic_app.services.appointments_diary as diary

    _book(services, front_desk, patient_id, clinician, 9)
    late = _book(services, front_desk, second_patient, clinician, 10)
    _book(services, front_desk, patient_id, clinician, 11)
    fetch = diary._fetch
    asked: list[dict[str, object]] = []

    def recorded(connection, query, params):  # type: ignore[no-untyped-def]
        asked.append(params)
        return fetch(connection, query, params)

    monkeypatch.setattr(diary, "_fetch", recorded)
    rows = services.diary.page(front_desk, TODAY, 1).rows
    [patients] = [p["ids"] for p in asked if "ids" in p]  # one statement for the patients
    ids = json.loads(patients) if isinstance(patients, str) else patients
    assert ids == sorted({patient_id, second_patient})  # each once, however often booked
    assert [(r.id, r.patient_name, r.phone) for r in rows][1] == (late, "Sam Lee", "07700 900456")
    assert [r.patient_name for r in rows] == ["Zoë O'Brien", "Sam Lee", "Zoë O'Brien"]


def test_a_patient_erased_between_the_diary_two_reads_leaves_with_their_appointments(
        services: Services, clinician: Actor, front_desk: Actor, patient_id: int,
        second_patient: int, monkeypatch: pytest.MonkeyPatch) -> None:
    import clinic_app.services.appointments_diary as diary

    kept = _book(services, front_desk, patient_id, clinician, 9)
    _book(services, front_desk, second_patient, clinician, 10)
    fetch = diary._fetch

    def patients_after_an_erasure(connection, query, params):  # type: ignore[no-untyped-def]
        rows = fetch(connection, query, params)
        if "ids" in params:  # Sam erased after the appointments were read
            return [row for row in rows if row[0] != second_patient]
        return rows

    monkeypatch.setattr(diary, "_fetch", patients_after_an_erasure)
    rows = services.diary.page(front_desk, TODAY, 1).rows
    assert [(r.id, r.patient_name) for r in rows] == [(kept, "Zoë O'Brien")]  # nobody nameless
