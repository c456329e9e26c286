"""What the appointment services share: read models, the diary settings and the day lock.

Two workstations booking the same clinician at the same minute must not both succeed. Every
booking, move or resize first locks the clinician's day, then looks for overlaps: on PostgreSQL
with a transaction-scoped advisory lock keyed by (clinician, day); on SQLite the write
transaction (``BEGIN IMMEDIATE``) already serialises writers. The one that waited then sees the
other's appointment and gets ``SlotTaken``, a named conflict.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple

from sqlalchemy import String, select, text, type_coerce
from sqlalchemy.orm import Session

from clinic_app.domain.appointments import (
    ACTIVE,
    MAX_MINUTES,
    AppointmentStatus,
    AppointmentType,
    SlotTaken,
    WorkingHours,
    overlaps,
)
from clinic_app.domain.errors import NotFoundError, ValidationError
from clinic_app.domain.messages import msg
from clinic_app.domain.patients import Role, format_chart_number
from clinic_app.persistence.models import (
    Appointment,
    ClinicianHours,
    Patient,
    PracticeSetting,
    User,
)
from clinic_app.services.context import display_name

logger = logging.getLogger(__name__)

SETTINGS_KEY = "diary"
"""The ``practice_setting`` row holding the diary's practice-wide settings."""
TREATING_ROLES = (Role.CLINICIAN.value, Role.ADMIN.value)
_LOCK_NAMESPACE = 0x5343_4150  # "SCAP": keeps the diary's advisory locks apart from others


class AppointmentRow(NamedTuple):
    """One appointment as the diary, the day sheet and the export show it.

    A named tuple, not a frozen dataclass: as immutable, and a busy week builds thousands of
    them in one read (a frozen dataclass sets each field through ``object.__setattr__``, which
    made building the rows cost more than fetching them).
    """

    id: int
    patient_id: int
    patient_name: str
    chart_label: str
    phone: str
    clinician_id: int
    clinician: str
    starts_at: datetime
    minutes: int
    kind: AppointmentType
    status: AppointmentStatus
    cancel_reason: str
    notes: str
    visit_id: int | None
    version: int

    @property
    def ends_at(self) -> datetime:
        """When the appointment ends."""
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def active(self) -> bool:
        """Whether it occupies the clinician's time (not cancelled, not DNA)."""
        return self.status in ACTIVE


@dataclass(frozen=True, slots=True)
class ClinicianRow:
    """Someone who sees patients: a column of the practice diary."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class WaitlistRow:
    """A patient waiting for a slot."""

    id: int
    patient_id: int
    patient_name: str
    chart_label: str
    phone: str
    clinician_id: int | None
    clinician: str
    note: str
    added_at: datetime
    version: int


@dataclass(frozen=True, slots=True)
class DiaryPage:
    """Everything a day or week of the diary shows, read in one go."""

    first_day: date
    days: int
    clinicians: tuple[ClinicianRow, ...]
    hours: dict[int, WorkingHours]
    rows: tuple[AppointmentRow, ...]
    waitlist: tuple[WaitlistRow, ...] = ()
    """The open waitlist, when the page was asked for with it."""


@dataclass(frozen=True, slots=True)
class DiarySettings:
    """Practice-wide diary rules."""

    allow_double_booking: bool = False


def patient_name(p: Patient) -> str:
    """"Given Family" with the preferred name, as the desk says it."""
    return full_name(p.given_name, p.family_name, p.preferred_name)


def full_name(given: str, family: str, preferred: str) -> str:
    """``patient_name`` from the columns: "Given (Preferred) Family"."""
    return f"{given} ({preferred}) {family}" if preferred else f"{given} {family}"


def to_row(a: Appointment, p: Patient, clinician: str) -> AppointmentRow:
    """The read model of an appointment and its patient."""
    return AppointmentRow(
        id=a.id, patient_id=a.patient_id, patient_name=patient_name(p),
        chart_label=format_chart_number(p.chart_number), phone=p.phone,
        clinician_id=a.clinician_id, clinician=clinician, starts_at=a.starts_at,
        minutes=a.minutes, kind=AppointmentType(a.kind), status=AppointmentStatus(a.status),
        cancel_reason=a.cancel_reason, notes=a.notes, visit_id=a.visit_id, version=a.version)


APPOINTMENT_COLUMNS = (
    Appointment.id, Appointment.patient_id, Appointment.clinician_id,
    type_coerce(Appointment.starts_at, String), Appointment.minutes, Appointment.kind,
    Appointment.status, Appointment.cancel_reason, Appointment.notes, Appointment.visit_id,
    Appointment.version,
)
"""What a diary row reads of the appointment, in the order ``rows_from`` expects. The start
comes as the driver gives it (``rows_from`` makes it aware UTC once per distinct time)."""
PATIENT_COLUMNS = (Patient.id, Patient.given_name, Patient.family_name, Patient.preferred_name,
                   Patient.chart_number, Patient.phone)
"""What a diary row reads of its patient: once per patient, not once per appointment (a busy
week books the same patients again and again)."""
_KINDS = {k.value: k for k in AppointmentType}
_STATUSES = {st.value: st for st in AppointmentStatus}


def stored_utc(value: str | datetime) -> datetime:
    """A stored ``UTCDateTime`` as the driver returns it, aware in UTC: SQLite's text (UTC,
    no zone), a naive UTC datetime, or PostgreSQL's aware one in the session's zone."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class _Moments(dict[Any, datetime]):
    """Stored starts as aware UTC datetimes, each distinct one converted once (a practice
    books on a grid: a busy week has thousands of rows on a few hundred times)."""

    def __missing__(self, value: Any) -> datetime:
        moment = self[value] = stored_utc(value)
        return moment


def rows_from(appointments: Sequence[Any], patients: Iterable[Any],
              names: dict[int, str]) -> list[AppointmentRow]:
    """Read models from ``APPOINTMENT_COLUMNS`` tuples and their patients'
    ``PATIENT_COLUMNS`` tuples (``names``: user id → display name), in the appointments'
    order; an appointment whose patient is not among ``patients`` is left out.

    One tuple a row and nothing else: a busy week is thousands of rows, and building them
    must cost little beside fetching them.
    """
    people: dict[int, str] = {}
    charts: dict[int, str] = {}
    phones: dict[int, str] = {}
    for pid, given, family, preferred, chart, phone in patients:
        people[pid] = full_name(given, family, preferred)
        charts[pid] = format_chart_number(chart)
        phones[pid] = phone
    missing = {a[1] for a in appointments}.difference(people)
    if missing:
        appointments = [a for a in appointments if a[1] not in missing]
    new, kinds, statuses, who, moments = tuple.__new__, _KINDS, _STATUSES, names.get, _Moments()
    rows = [new(AppointmentRow, (aid, pid, people[pid], charts[pid], phones[pid], cid,
                                 who(cid, ""), moments[starts_at], minutes, kinds[kind],
                                 statuses[status], reason, notes, visit_id, version))
            for (aid, pid, cid, starts_at, minutes, kind, status, reason, notes, visit_id,
                 version) in appointments]
    return rows


def load_settings(s: Session) -> tuple[DiarySettings, int]:
    """The diary settings and the row's version (0 before an administrator saved any)."""
    row = s.get(PracticeSetting, SETTINGS_KEY)
    if row is None:
        return DiarySettings(), 0
    data = json.loads(row.value)
    return DiarySettings(allow_double_booking=bool(data.get("allow_double_booking", False))), \
        row.version


def load_hours(s: Session, clinician_id: int) -> tuple[WorkingHours, int]:
    """A clinician's weekly pattern and its version (the default pattern, version 0, if none)."""
    row = s.get(ClinicianHours, clinician_id)
    if row is None:
        return WorkingHours(), 0
    return hours_from(clinician_id, row.pattern), row.version


def hours_from(clinician_id: int, pattern: str) -> WorkingHours:
    """A stored weekly pattern (the default pattern, logged, when it cannot be read)."""
    try:
        return WorkingHours.from_json(pattern)
    except (ValueError, KeyError):
        logger.error("working hours of user %s unreadable; using the default", clinician_id)
        return WorkingHours()


def load_clinician(s: Session, clinician_id: int) -> User:
    """An active user who sees patients, or a plain-words refusal."""
    user = s.get(User, clinician_id)
    if user is None or not user.active:
        raise ValidationError({"clinician": msg("appointments.choose_clinician_who_works_practice")})
    if user.role not in TREATING_ROLES:
        raise ValidationError({"clinician": msg("appointments.does_not_see_patients_choose",
                                                display_name=user.display_name)})
    return user


def load_appointment(s: Session, appointment_id: int) -> Appointment:
    """The appointment, or ``NotFoundError``."""
    row = s.get(Appointment, appointment_id)
    if row is None:
        raise NotFoundError(msg("appointments.appointment_no_longer_exists_someone"))
    return row


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """The start of ``day`` and of the next day, in the workstation's time zone (aware)."""
    start = datetime.combine(day, time.min).astimezone()
    return start, datetime.combine(day + timedelta(days=1), time.min).astimezone()


def lock_clinician_day(s: Session, clinician_id: int, day: date) -> None:
    """Hold the clinician's day until the transaction ends (PostgreSQL; SQLite is serial)."""
    if s.get_bind().dialect.name != "postgresql":
        return
    s.execute(text("SELECT pg_advisory_xact_lock(:space, :key)"),
              {"space": _LOCK_NAMESPACE,
               "key": clinician_id % 20_000 * 100_000 + day.toordinal() % 100_000})


def refuse_overlap(s: Session, clinician: User, starts_at: datetime, minutes: int,
                   ignore_id: int | None = None) -> None:
    """Raise ``SlotTaken`` when the clinician has an active appointment overlapping this one."""
    window_start = starts_at - timedelta(minutes=MAX_MINUTES)
    window_end = starts_at + timedelta(minutes=minutes)
    query = (select(Appointment, Patient).join(Patient, Patient.id == Appointment.patient_id)
             .where(Appointment.clinician_id == clinician.id,
                    Appointment.starts_at > window_start, Appointment.starts_at < window_end,
                    Appointment.status.in_([st.value for st in ACTIVE]))
             .order_by(Appointment.starts_at))
    for other, patient in s.execute(query):
        if other.id == ignore_id or not overlaps(starts_at, minutes, other.starts_at,
                                                 other.minutes):
            continue
        raise SlotTaken(clinician.display_name, patient_name(patient), other.starts_at,
                        other.minutes, display_name(s, other.updated_by_id, "another user"),
                        other.updated_at)
