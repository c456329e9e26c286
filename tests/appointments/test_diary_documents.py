"""The day sheet PDF and the iCalendar exports say what the book holds (and escape typed text)."""

from __future__ import annotations

from pathlib import Path

import icalendar
from sqlalchemy import select

from clinic_app.domain.appointments import AppointmentType
from clinic_app.persistence.models import AuditEntry
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.appointments.helpers import at
from tests.conftest import TODAY, make_draft
from tests.reports.pdf_helpers import pdf_text


def _day(services: Services, clinician: Actor, colleague: Actor, desk: Actor) -> tuple[int, int]:
    hostile = services.patients.create(
        clinician, make_draft(given_name="<b>Ann</b> & Co", family_name="O'Neil"), TODAY).created_id
    other = services.patients.create(clinician, make_draft(given_name="Sam", family_name="Lee"),
                                     TODAY).created_id
    assert hostile and other
    services.appointments.book(desk, hostile, clinician.user_id, at(9), AppointmentType.INITIAL,
                               notes="Knee <i>and</i> back")
    cancelled = services.appointments.book(desk, other, clinician.user_id, at(11),
                                           AppointmentType.FOLLOW_UP).created_id or 0
    services.appointments.cancel(desk, cancelled, 1, "Snowed in")
    services.appointments.book(desk, other, colleague.user_id, at(14), AppointmentType.RTR_REVIEW)
    return hostile, other


def test_day_sheet_per_clinician_and_practice(
        services: Services, clinician: Actor, colleague: Actor, front_desk: Actor,
        tmp_path: Path) -> None:
    _day(services, clinician, colleague, front_desk)
    docs = services.diary_documents
    mine = tmp_path / "mine.pdf"
    docs.day_sheet(front_desk, TODAY, clinician.user_id, mine)
    text = " ".join(pdf_text(mine).split())
    assert "Day sheet" in text and "25 November 2026" in text
    assert "<b>Ann</b> & Co O'Neil" in text and "Knee <i>and</i> back" in text
    assert "Initial assessment" in text and "09:00–10:00" in text
    assert "Cancelled: Snowed in" in text
    assert "Kim Lee" not in text and "Return-to-run review" not in text
    practice = tmp_path / "all.pdf"
    docs.day_sheet(front_desk, TODAY, None, practice)
    text = " ".join(pdf_text(practice).split())
    assert "Whole practice" in text and "Kim Lee" in text and "Return-to-run review" in text
    with services.db.reading() as s:
        assert [a.action for a in s.scalars(select(AuditEntry).where(
            AuditEntry.entity == "day_sheet"))] == ["print", "print"]


def test_an_empty_day_says_so(services: Services, front_desk: Actor, tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    services.diary_documents.day_sheet(front_desk, TODAY, None, out)
    assert "Nothing is booked on this day." in pdf_text(out)


def test_clinician_week_and_patient_calendars(
        services: Services, clinician: Actor, colleague: Actor, front_desk: Actor) -> None:
    hostile, other = _day(services, clinician, colleague, front_desk)
    services.appointments.book(front_desk, other, clinician.user_id, at(10, days=7),
                               AppointmentType.FOLLOW_UP)  # next week: not in this one
    week = icalendar.Calendar.from_ical(
        services.diary_documents.clinician_week_ics(front_desk, clinician.user_id, TODAY))
    events = list(week.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [
        "<b>Ann</b> & Co O'Neil (SC-000001) · Initial assessment"]
    assert events[0].decoded("dtstart") == at(9) and events[0].decoded("dtend") == at(10)
    mine = icalendar.Calendar.from_ical(services.diary_documents.patient_ics(front_desk, other))
    summaries = sorted(str(e["summary"]) for e in mine.walk("VEVENT"))
    assert summaries == ["Follow-up with Dr Amira Ahmed (Your practice)",
                         "Return-to-run review with Kim Lee (Your practice)"]
