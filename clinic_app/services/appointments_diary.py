"""Reading the appointment book, its settings and hours, the waitlist, and "today's patients"."""

from __future__ import annotations

import json
import logging
from datetime import date, datetime, timedelta
from functools import cache
from operator import itemgetter
from typing import Any, Literal

from sqlalchemy import Connection, Integer, Select, String, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from clinic_app.domain.access import Action
from clinic_app.domain.appointments import ACTIVE, NOTES_MAX, WorkingHours
from clinic_app.domain.errors import NotFoundError, ValidationError
from clinic_app.domain.messages import msg
from clinic_app.domain.patients import format_chart_number
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import (
    Appointment,
    ClinicianHours,
    Patient,
    PracticeSetting,
    User,
    WaitlistEntry,
)
from clinic_app.services.access import check
from clinic_app.services.appointments_base import (
    APPOINTMENT_COLUMNS,
    PATIENT_COLUMNS,
    SETTINGS_KEY,
    TREATING_ROLES,
    AppointmentRow,
    ClinicianRow,
    DiaryPage,
    DiarySettings,
    WaitlistRow,
    full_name,
    hours_from,
    load_clinician,
    load_hours,
    load_settings,
    local_day_bounds,
    rows_from,
    to_row,
)
from clinic_app.services.context import Actor, Changes, audit, check_version, display_name, display_names
from clinic_app.services.dto import PatientRow
from clinic_app.services.text_checks import refuse_unstorable

logger = logging.getLogger(__name__)

TodaySource = Literal["book", "visits"]


def _patient_row(p: Patient) -> PatientRow:
    return PatientRow(id=p.id, chart_number=p.chart_number, given_name=p.given_name,
                      family_name=p.family_name, preferred_name=p.preferred_name,
                      birth_date=p.birth_date, phone=p.phone, archived=p.archived,
                      sort_key=p.sort_key)


_Query = Select[*tuple[Any, ...]]  # a statement of any columns
_BY_TIME_AND_CLINICIAN = itemgetter(7, 5)  # AppointmentRow: starts_at, clinician_id
"""Rows come by time and id (the start index's own order, no sort in the database); the diary
wants them by time, clinician and id. Sorting the few that share a time is cheaper here."""


@cache
def _appointments_query(one_clinician: bool, include_cancelled: bool) -> _Query:
    """A span's appointments by time (``start``, ``end``; ``clinician_id`` when one
    clinician). Built once: building a statement costs more than a small week's fetch."""
    where = [Appointment.starts_at >= bindparam("start"), Appointment.starts_at < bindparam("end")]
    if one_clinician:
        where.append(Appointment.clinician_id == bindparam("clinician_id"))
    if not include_cancelled:
        where.append(Appointment.status != "cancelled")
    return (select(*APPOINTMENT_COLUMNS).where(*where)
            .order_by(Appointment.starts_at, Appointment.id))  # the index's own order


@cache
def _patients_query(dialect: str) -> _Query:
    """Patients by id, the ids in one bound value (``ids``): a PostgreSQL array, else a JSON
    list. An expanding ``IN`` would write a parameter per patient into each statement (a busy
    week's 600 cost more to write than to read)."""
    if dialect == "postgresql":
        return select(*PATIENT_COLUMNS).where(
            Patient.id == any_(bindparam("ids", type_=ARRAY(Integer))))
    ids = func.json_each(bindparam("ids", type_=String)).table_valued("value")
    return select(*PATIENT_COLUMNS).where(Patient.id.in_(select(ids.c.value)))


def _patients(connection: Connection, ids: list[int]) -> list[Any]:
    """The diary's columns of these patients (unordered)."""
    dialect = connection.dialect.name
    value: object = ids if dialect == "postgresql" else json.dumps(ids)
    return _fetch(connection, _patients_query(dialect), {"ids": value})


def _fetch(connection: Connection, query: _Query, params: dict[str, Any]) -> list[Any]:
    """The statement's rows as the driver's tuples (its columns need no conversion)."""
    result = connection.execute(query, params)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


@cache
def _users_query() -> _Query:
    """Every user by name, with their saved weekly pattern if any: the diary's columns, their
    hours and the names its rows show (built once)."""
    return (select(User.id, User.display_name, User.active, User.role, ClinicianHours.pattern)
            .outerjoin(ClinicianHours, ClinicianHours.user_id == User.id)
            .order_by(User.display_name, User.id))


@cache
def _waitlist_query() -> _Query:
    """The open waitlist with its patients, oldest first (built once)."""
    return (select(WaitlistEntry.id, Patient.id, Patient.given_name, Patient.family_name,
                   Patient.preferred_name, Patient.chart_number, Patient.phone,
                   WaitlistEntry.clinician_id, WaitlistEntry.note, WaitlistEntry.created_at,
                   WaitlistEntry.version)
            .join(Patient, Patient.id == WaitlistEntry.patient_id)
            .where(WaitlistEntry.closed.is_(False))
            .order_by(WaitlistEntry.created_at, WaitlistEntry.id))


class DiaryService:
    """What the diary shows, and the practice's diary settings, hours and waitlist."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- the book ------------------------------------------------------------------------

    def clinicians(self) -> list[ClinicianRow]:
        """Active users who see patients, by name: the practice diary's columns."""
        with self._db.reading() as s:
            users = s.scalars(select(User).where(User.active.is_(True),
                                                 User.role.in_(TREATING_ROLES))
                              .order_by(User.display_name, User.id))
            return [ClinicianRow(u.id, u.display_name) for u in users]

    def appointments(self, actor: Actor, first_day: date, days: int = 1,
                     clinician_id: int | None = None,
                     include_cancelled: bool = False) -> list[AppointmentRow]:
        """Appointments from ``first_day`` for ``days`` days (local), by time."""
        start, _ = local_day_bounds(first_day)
        _, end = local_day_bounds(first_day + timedelta(days=days - 1))
        with self._db.reading() as s:
            check(s, actor, Action.VIEW_DIARY)
            return self._rows(s, start, end, clinician_id, include_cancelled)

    @staticmethod
    def _rows(s: Session, start: datetime, end: datetime, clinician_id: int | None,
              include_cancelled: bool,
              names: dict[int, str] | None = None) -> list[AppointmentRow]:
        """Columns only, no ORM objects: a busy week is thousands of rows. The appointments,
        then their patients by id in one statement, once each (a busy week books the same
        patients again and again): each by its primary key, not by scanning the week again."""
        connection = s.connection()
        if names is None:
            names = display_names(s)
        appointments = _fetch(connection, _appointments_query(clinician_id is not None,
                                                              include_cancelled),
                              {"start": start, "end": end, "clinician_id": clinician_id})
        patients = _patients(connection, sorted({a[1] for a in appointments}))
        # A patient erased since the appointments were read (PostgreSQL sees each statement
        # as of its own start) takes their appointments with them: those are left out.
        rows = rows_from(appointments, patients, names)
        rows.sort(key=_BY_TIME_AND_CLINICIAN)  # stable: by id within a clinician's time
        return rows

    def page(self, actor: Actor, first_day: date, days: int, clinician_id: int | None = None,
             with_waitlist: bool = False) -> DiaryPage:
        """What the diary shows for these days: columns, hours and appointments (and the open
        waitlist when asked: the diary shows both, read in one go)."""
        start, _ = local_day_bounds(first_day)
        _, end = local_day_bounds(first_day + timedelta(days=days - 1))
        with self._db.reading() as s:
            check(s, actor, Action.VIEW_DIARY)
            connection = s.connection()
            users = connection.execute(_users_query()).all()
            names = {uid: name for uid, name, _active, _role, _pattern in users}
            shown = [(uid, name, pattern) for uid, name, active, role, pattern in users
                     if active and role in TREATING_ROLES
                     and (clinician_id is None or uid == clinician_id)]
            clinicians = tuple(ClinicianRow(uid, name) for uid, name, _pattern in shown)
            hours = {uid: WorkingHours() if pattern is None else hours_from(uid, pattern)
                     for uid, _name, pattern in shown}
            rows = self._rows(s, start, end, clinician_id, False, names)
            waiting = tuple(self._waitlist(s, names)) if with_waitlist else ()
        return DiaryPage(first_day, days, clinicians, hours, tuple(rows), waiting)

    def appointment(self, actor: Actor, appointment_id: int) -> AppointmentRow:
        """One appointment as it is now."""
        with self._db.reading() as s:
            check(s, actor, Action.VIEW_DIARY)
            found = s.execute(select(Appointment, Patient)
                              .join(Patient, Patient.id == Appointment.patient_id)
                              .where(Appointment.id == appointment_id)).first()
            if found is None:
                raise NotFoundError(msg("appointment.gone"))
            return to_row(found[0], found[1], display_name(s, found[0].clinician_id))

    def patient_appointments(self, actor: Actor, patient_id: int) -> list[AppointmentRow]:
        """A patient's appointments, cancelled ones included, by time."""
        with self._db.reading() as s:
            check(s, actor, Action.VIEW_DIARY)
            names = display_names(s)
            rows = s.execute(select(Appointment, Patient)
                             .join(Patient, Patient.id == Appointment.patient_id)
                             .where(Appointment.patient_id == patient_id)
                             .order_by(Appointment.starts_at))
            return [to_row(a, p, names.get(a.clinician_id, "")) for a, p in rows]

    def next_appointment(self, actor: Actor, clinician_id: int) -> AppointmentRow | None:
        """The clinician's next patient today: in session, then arrived or booked, not yet over."""
        now = self._db.clock.now()
        start, end = local_day_bounds(self._db.clock.today())
        with self._db.reading() as s:
            check(s, actor, Action.VIEW_DIARY)
            rows = self._rows(s, start, end, clinician_id, False)
        waiting = [r for r in rows if r.status.value in ("booked", "arrived", "in_session")]
        current = [r for r in waiting if r.status.value == "in_session"]
        upcoming = [r for r in waiting if r.ends_at > now]
        chosen = current or upcoming
        return chosen[0] if chosen else None

    def todays_patients(self, day: date) -> tuple[TodaySource, list[PatientRow]]:
        """The front desk's list for ``day``: booked patients, else (no bookings) visits."""
        start, end = local_day_bounds(day)
        with self._db.reading() as s:
            rows = s.execute(select(Appointment.patient_id, Appointment.starts_at, Patient)
                             .join(Patient, Patient.id == Appointment.patient_id)
                             .where(Appointment.starts_at >= start, Appointment.starts_at < end,
                                    Appointment.status.in_([st.value for st in ACTIVE]),
                                    Patient.archived.is_(False))
                             .order_by(Appointment.starts_at, Appointment.id)).all()
        if not rows:
            from clinic_app.services.care import CareService

            return "visits", CareService(self._db).patients_seen_on(day)
        seen: dict[int, PatientRow] = {}
        for patient_id, _start, patient in rows:
            seen.setdefault(patient_id, _patient_row(patient))
        return "book", list(seen.values())

    # -- settings and hours --------------------------------------------------------------

    def settings(self) -> tuple[DiarySettings, int]:
        """The practice's diary settings and their version."""
        with self._db.reading() as s:
            return load_settings(s)

    def save_settings(self, actor: Actor, settings: DiarySettings, expected_version: int) -> Changes:
        """Allow or refuse double booking (administrators)."""
        with self._db.writing() as s:
            check(s, actor, Action.DIARY_SETTINGS)
            row = s.get(PracticeSetting, SETTINGS_KEY)
            value = json.dumps({"allow_double_booking": settings.allow_double_booking})
            if row is None:
                if expected_version != 0:
                    raise NotFoundError(msg("appointments.diary_settings_were_removed_reopen"))
                s.add(PracticeSetting(key=SETTINGS_KEY, value=value, updated_by_id=actor.user_id))
            else:
                check_version(s, "Diary settings", row.version, expected_version,
                              row.updated_by_id, row.updated_at)
                row.value = value
                row.updated_by_id = actor.user_id
            s.flush()
            audit(s, actor, "update", "diary_settings", 0, ["allow_double_booking"])
            return Changes(entity="diary_settings")

    def hours(self, clinician_id: int) -> tuple[WorkingHours, int]:
        """A clinician's weekly pattern and its version (0: the default, never saved)."""
        with self._db.reading() as s:
            return load_hours(s, clinician_id)

    def save_hours(self, actor: Actor, clinician_id: int, hours: WorkingHours,
                   expected_version: int) -> Changes:
        """Set a clinician's weekly hours and breaks (administrators)."""
        with self._db.writing() as s:
            check(s, actor, Action.DIARY_SETTINGS)
            load_clinician(s, clinician_id)
            row = s.get(ClinicianHours, clinician_id)
            if row is None:
                s.add(ClinicianHours(user_id=clinician_id, pattern=hours.to_json(),
                                     updated_by_id=actor.user_id))
            else:
                check_version(s, "Working hours", row.version, expected_version,
                              row.updated_by_id, row.updated_at)
                row.pattern = hours.to_json()
                row.updated_by_id = actor.user_id
            s.flush()
            audit(s, actor, "update", "clinician_hours", clinician_id, ["pattern"])
            return Changes(entity="clinician_hours")

    # -- waitlist ------------------------------------------------------------------------

    def waitlist(self, actor: Actor) -> list[WaitlistRow]:
        """Open waitlist entries, oldest first."""
        with self._db.reading() as s:
            check(s, actor, Action.VIEW_DIARY)
            return self._waitlist(s, display_names(s))

    @staticmethod
    def _waitlist(s: Session, names: dict[int, str]) -> list[WaitlistRow]:
        rows = s.connection().execute(_waitlist_query())  # Core: no ORM objects
        return [WaitlistRow(id=w_id, patient_id=pid,
                            patient_name=full_name(given, family, preferred),
                            chart_label=format_chart_number(chart), phone=phone,
                            clinician_id=clinician_id,
                            clinician=names.get(clinician_id, "") if clinician_id else "",
                            note=note, added_at=added_at, version=version)
                for (w_id, pid, given, family, preferred, chart, phone, clinician_id, note,
                     added_at, version) in rows]

    def add_to_waitlist(self, actor: Actor, patient_id: int, clinician_id: int | None,
                        note: str) -> Changes:
        """Put a patient on the waitlist, with a clinician preference and a note."""
        refuse_unstorable(note, "note")
        note = note.strip()
        if len(note) > NOTES_MAX:
            raise ValidationError({"note": msg("common.too_long", limit=NOTES_MAX)})
        with self._db.writing() as s:
            check(s, actor, Action.MANAGE_DIARY)
            if s.get(Patient, patient_id) is None:
                raise NotFoundError(msg("appointments.patient_no_longer_exists"))
            if clinician_id is not None:
                load_clinician(s, clinician_id)
            entry = WaitlistEntry(patient_id=patient_id, clinician_id=clinician_id, note=note,
                                  updated_by_id=actor.user_id)
            s.add(entry)
            s.flush()
            audit(s, actor, "create", "waitlist_entry", entry.id,
                  ["patient_id", "clinician_id", "note"])
            return Changes(patients=frozenset({patient_id}), created_id=entry.id,
                           entity="waitlist_entry")

    def remove_from_waitlist(self, actor: Actor, entry_id: int, expected_version: int) -> Changes:
        """Take a patient off the waitlist (booked, or no longer waiting)."""
        with self._db.writing() as s:
            check(s, actor, Action.MANAGE_DIARY)
            entry = s.get(WaitlistEntry, entry_id)
            if entry is None or entry.closed:
                raise NotFoundError(msg("appointments.waitlist_entry_was_already_removed"))
            check_version(s, "Waitlist entry", entry.version, expected_version,
                          entry.updated_by_id, entry.updated_at)
            entry.closed = True
            entry.updated_by_id = actor.user_id
            s.flush()
            audit(s, actor, "close", "waitlist_entry", entry.id, ["closed"])
            return Changes(patients=frozenset({entry.patient_id}), entity="waitlist_entry")
