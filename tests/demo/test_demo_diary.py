"""The demo practice's diary: booked within the clinician's hours, never double-booked, with the
past week done or missed, the next two weeks booked, and a waitlist the desk can work from."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from clinic_app.demo.diary import AHEAD_DAYS, PAST_DAYS
from clinic_app.demo.generator import generate_demo
from clinic_app.domain.appointments import (
    DEFAULT_MINUTES,
    AppointmentStatus,
    AppointmentType,
    WorkingHours,
)
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import Appointment, Episode, Visit
from clinic_app.services.appointments_base import AppointmentRow
from clinic_app.services.audit_verify import verify_database
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.conftest import TODAY

_S = AppointmentStatus


def _book(services: Services, actor: Actor) -> list[AppointmentRow]:
    first = TODAY - timedelta(days=PAST_DAYS)
    return services.diary.appointments(actor, first, PAST_DAYS + AHEAD_DAYS + 1,
                                       include_cancelled=True)


def test_the_demo_books_within_hours_and_never_twice(services: Services, clinician: Actor,
                                                     admin: Actor, db: Database,
                                                     tmp_path: Path) -> None:
    hours, errors = WorkingHours.parse(
        ["", "09:00-17:00", "09:00-17:00", "09:00-17:00", "08:00-13:00", "", ""],
        ["", "12:00-13:00", "12:00-13:00", "12:00-13:00", "", "", ""])
    assert hours is not None and not errors
    services.diary.save_hours(admin, clinician.user_id, hours, 0)
    summary = generate_demo(db, clinician, 400, today=TODAY, seed=11)
    rows = _book(services, clinician)
    assert summary.appointments == len(rows) > 60
    active = sorted((r for r in rows if r.status is not _S.CANCELLED), key=lambda r: r.starts_at)
    for earlier, later in zip(active, active[1:], strict=False):
        assert earlier.starts_at + timedelta(minutes=earlier.minutes) <= later.starts_at, (
            earlier, later)
    for row in rows:
        local = row.starts_at.astimezone()
        assert hours.problem(local, row.minutes) is None, row  # no Monday, no lunch, no evening
        assert row.minutes == DEFAULT_MINUTES[row.kind]
        assert row.clinician_id == clinician.user_id
        if local.date() < TODAY:
            assert row.status in (_S.DONE, _S.DID_NOT_ATTEND), row
        else:
            assert row.status in (_S.BOOKED, _S.CANCELLED), row
        assert bool(row.cancel_reason) == (row.status is _S.CANCELLED)
        assert (row.visit_id is not None) == (row.status is _S.DONE)
    statuses = {r.status for r in rows}
    assert statuses == {_S.DONE, _S.DID_NOT_ATTEND, _S.BOOKED, _S.CANCELLED}
    assert {r.kind for r in rows} == set(AppointmentType)
    with db.reading() as s:
        for row in rows:
            if row.visit_id is not None:  # the appointment behind a visit: same runner, same time
                visit = s.get(Visit, row.visit_id)
                assert visit is not None
                assert (visit.patient_id, visit.starts_at) == (row.patient_id, row.starts_at)
        in_care = set(s.scalars(select(Episode.patient_id).where(Episode.status == "open")))
        booked_at = list(s.scalars(select(Appointment.created_at)))
    began = datetime.combine(TODAY, time.min).astimezone()
    assert len(booked_at) == len(rows) and max(booked_at) <= began  # booked before the demo's today
    for row in rows:
        if row.status is _S.BOOKED:  # follow-ups for runners in care, assessments for the rest
            assert (row.patient_id in in_care) == (row.kind is not AppointmentType.INITIAL), row
    waiting = services.diary.waitlist(clinician)
    assert len(waiting) == summary.waitlist > 0
    assert all(w.note and w.clinician_id == clinician.user_id for w in waiting)
    assert verify_database(db, anchor_folder=tmp_path).intact  # every booking is in the chain


def test_the_demo_leaves_room_and_books_around_what_is_there(services: Services,
                                                             clinician: Actor,
                                                             db: Database) -> None:
    day = TODAY + timedelta(days=1)
    starts = datetime.combine(day, time(10)).astimezone()
    services.appointments.book(clinician, _patient(services, clinician), clinician.user_id,
                               starts, AppointmentType.INITIAL)
    generate_demo(db, clinician, 300, today=TODAY, seed=3)
    rows = [r for r in _book(services, clinician) if r.status is not _S.CANCELLED]
    assert sum(r.starts_at == starts for r in rows) == 1  # the desk's own booking stays alone
    for r in rows:
        if r.starts_at != starts:
            assert not (r.starts_at < starts + timedelta(minutes=60)
                        and starts < r.starts_at + timedelta(minutes=r.minutes)), r
    hours = WorkingHours()
    for n in range(AHEAD_DAYS + 1):
        date = TODAY + timedelta(days=n)
        bounds = hours.day_bounds(date.weekday())
        if bounds is None:
            continue
        booked = sum(r.minutes for r in rows if r.starts_at.astimezone().date() == date)
        assert booked <= 570 - 60, date  # of 9 1/2 working hours, one or more left to book


def test_the_demo_books_into_the_diary_of_whoever_loaded_it(services: Services, clinician: Actor,
                                                           admin: Actor, db: Database) -> None:
    summary = generate_demo(db, admin, 60, today=TODAY)  # an administrator who sees patients
    with db.reading() as s:
        booked = set(s.scalars(select(Appointment.clinician_id)))
        seen_by = set(s.scalars(select(Visit.clinician_id)))
    assert summary.appointments > 0
    assert booked == seen_by == {admin.user_id}


def _patient(services: Services, actor: Actor) -> int:
    from tests.conftest import make_draft

    return services.patients.create(actor, make_draft(), TODAY).created_id or 0
