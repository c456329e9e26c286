"""Documents from the appointment book: the day sheet (PDF) and iCalendar files (.ics).

Both list patients' names, so each is audited like any other record leaving the system. No
network service is involved: the clinician imports the file into their calendar, or the patient
is given theirs.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from clinic_app.domain.access import Action
from clinic_app.domain.appointments import TYPE_LABELS, AppointmentStatus
from clinic_app.persistence.db import Database
from clinic_app.services.access import check
from clinic_app.services.appointments_base import AppointmentRow, load_clinician
from clinic_app.services.appointments_diary import DiaryService
from clinic_app.services.branding import BrandingService
from clinic_app.services.context import Actor, audit

logger = logging.getLogger(__name__)

WHOLE_PRACTICE = "Whole practice"


class DiaryDocuments:
    """The day sheet and calendar exports."""

    def __init__(self, db: Database, diary: DiaryService, branding: BrandingService) -> None:
        self._db = db
        self._diary = diary
        self._branding = branding

    def _audited(self, actor: Actor, action: str, entity: str, entity_id: int,
                 fields: list[str]) -> None:
        with self._db.writing() as s:
            check(s, actor, Action.VIEW_DIARY)
            audit(s, actor, action, entity, entity_id, fields)

    def day_sheet(self, actor: Actor, day: date, clinician_id: int | None,
                  out: Path | str | BinaryIO) -> int:
        """Print ``day`` for one clinician or the whole practice; returns the page count."""
        from clinic_app.reports.documents.day_sheet import DaySheetLine, build_day_sheet

        rows = self._diary.appointments(actor, day, 1, clinician_id, include_cancelled=True)
        scope = WHOLE_PRACTICE
        if clinician_id is not None:
            with self._db.reading() as s:
                scope = load_clinician(s, clinician_id).display_name
        lines = [DaySheetLine(clinician=r.clinician, starts_at=r.starts_at, ends_at=r.ends_at,
                              patient=r.patient_name, chart_label=r.chart_label, phone=r.phone,
                              kind=r.kind.value, status=r.status.value, notes=r.notes,
                              cancel_reason=r.cancel_reason) for r in rows]
        pages = build_day_sheet(day, scope, lines, self._branding.get(), out,
                                printed_at=self._db.clock.now())
        self._audited(actor, "print", "day_sheet", clinician_id or 0, [day.isoformat()])
        return pages

    def clinician_week_ics(self, actor: Actor, clinician_id: int, week_of: date) -> bytes:
        """The clinician's week (Monday to Sunday around ``week_of``) as an iCalendar file."""
        monday = week_of - timedelta(days=week_of.weekday())
        rows = [r for r in self._diary.appointments(actor, monday, 7, clinician_id)
                if r.status is not AppointmentStatus.CANCELLED]
        practice = self._branding.values().clinic_name
        events = [(r, f"{r.patient_name} ({r.chart_label}) · {TYPE_LABELS[r.kind]}",
                   "\n".join(x for x in (r.phone and f"Tel. {r.phone}", r.notes) if x))
                  for r in rows]
        data = _calendar(events, practice, self._db.clock.now(),
                         f"Appointments {monday.isoformat()}")
        self._audited(actor, "export", "diary_week", clinician_id, [monday.isoformat()])
        return data

    def patient_ics(self, actor: Actor, patient_id: int) -> bytes:
        """A patient's coming appointments, to give to the patient (no clinical notes)."""
        now = self._db.clock.now()
        rows = [r for r in self._diary.patient_appointments(actor, patient_id)
                if r.status in (AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED)
                and r.ends_at > now]
        practice = self._branding.values().clinic_name
        events = [(r, f"{TYPE_LABELS[r.kind]} with {r.clinician} ({practice})",
                   "Please tell us as early as you can if you cannot come.") for r in rows]
        data = _calendar(events, practice, now, "Your appointments")
        self._audited(actor, "export", "patient_appointments", patient_id, ["ics"])
        return data


def _calendar(events: list[tuple[AppointmentRow, str, str]], practice: str, stamp: datetime,
              name: str) -> bytes:
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//Stride Clinic//Appointment book//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for row, summary, description in events:
        event = icalendar.Event()
        event.add("uid", f"appointment-{row.id}@stride-clinic")
        event.add("dtstamp", stamp)
        event.add("dtstart", row.starts_at)
        event.add("dtend", row.ends_at)
        event.add("summary", summary)
        event.add("location", practice)
        if description:
            event.add("description", description)
        event.add("sequence", row.version)
        cal.add_component(event)
    return cal.to_ical()
