"""The demo practice's appointment book, booked as a front desk would have booked it.

- The past week: an appointment behind each visit that fits the clinician's hours (done, linked
  to its visit) and a few runners who did not attend.
- Today and the next two weeks: the next follow-up of every runner in care whose follow-up falls
  due (a return-to-run review when they are on a walk/run programme), a few returning runners'
  new assessments, and some cancellations that were booked again.
- Days are filled to about four fifths, so there are free times to try booking; runners whose
  follow-up found no room are partly on the waitlist, with the kind of note a desk writes.

Every appointment respects the clinician's working hours and breaks and never overlaps another
(the demo's own or one already in the book). Appointment times are the workstation's local time,
as the diary shows them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from clinic_app.domain.appointments import (
    ACTIVE,
    DEFAULT_MINUTES,
    AppointmentStatus,
    AppointmentType,
    WorkingHours,
    minute_of_day,
)
from clinic_app.domain.patients import VisitKind
from clinic_app.persistence import models as orm
from clinic_app.services.appointments_base import TREATING_ROLES, load_hours, local_day_bounds
from clinic_app.services.context import Actor, audit

PAST_DAYS = 7
AHEAD_DAYS = 14
FULLNESS = 0.8
WAITLIST_MAX = 8
STEP = 30  # minutes between the times the demo books at
_BOOK_FIELDS = ["patient_id", "clinician_id", "starts_at", "minutes", "kind", "notes"]
_GAPS = (5, 7, 7, 7, 10, 14)
_CANCEL_REASONS = ("Unwell with a cold", "Work meeting moved", "Childcare fell through",
                   "Racing this weekend: moved to after the race", "Train cancelled")
_RETURN_NOTES = ("Back again: new back pain after the half marathon",
                 "Returning runner, referred back by their GP", "New episode: sore since a trail race",
                 "")
_WAIT_NOTES = ("Follow-up due: mornings before work only", "Any cancellation this week",
               "After 4 pm (school run)", "Can come at short notice; happy with a 30-minute slot",
               "Prefers Mondays or Fridays", "Follow-up due: lunchtimes only")


@dataclass(frozen=True, slots=True)
class DemoDiary:
    """What the demo booked."""

    appointments: int
    waitlist: int


class _Day:
    """One working day of the clinician: the minutes after midnight that are taken."""

    def __init__(self, day: date, hours: WorkingHours) -> None:
        self.day = day
        self._hours = hours
        self._taken: list[tuple[int, int]] = []
        bounds = hours.day_bounds(day.weekday())
        first, last = (minute_of_day(bounds[0]), minute_of_day(bounds[1])) if bounds else (0, 0)
        self._times = range(-(-first // STEP) * STEP, last, STEP)  # from the first whole step
        self.capacity = int(len(self.free(STEP)) * FULLNESS)

    def at(self, minute: int) -> datetime:
        """The local, aware time ``minute`` minutes after this day's midnight."""
        return datetime.combine(self.day, time(minute // 60, minute % 60)).astimezone()

    def free(self, minutes: int) -> list[int]:
        """Start times (minutes after midnight) within hours, outside breaks, overlapping nothing."""
        return [m for m in self._times if self.fits(m, minutes)]

    def fits(self, minute: int, minutes: int) -> bool:
        """True when ``minutes`` from ``minute`` are working time and not taken."""
        if any(minute < end and start < minute + minutes for start, end in self._taken):
            return False
        return self._hours.problem(self.at(minute), minutes) is None

    def take(self, minute: int, minutes: int) -> None:
        """Mark the time taken."""
        self._taken.append((minute, minute + minutes))

    @property
    def full(self) -> bool:
        """The demo leaves the rest of the day free (whole steps taken against its capacity)."""
        return sum(-(-(end - start) // STEP) for start, end in self._taken) >= self.capacity


class _Desk:
    """Books into the clinician's days and writes each appointment with its audit rows."""

    def __init__(self, s: Session, actor: Actor, clinician: int, today: date, seed: int) -> None:
        self._s, self._actor, self._clinician = s, actor, clinician
        self.rng = random.Random(seed)
        self.today = today
        hours, _version = load_hours(s, clinician)
        self.days = {d: _Day(d, hours) for d in (today + timedelta(days=n)
                                                 for n in range(-PAST_DAYS, AHEAD_DAYS + 1))
                     if hours.day_bounds(d.weekday()) is not None}
        start, _ = local_day_bounds(today - timedelta(days=PAST_DAYS))
        _, end = local_day_bounds(today + timedelta(days=AHEAD_DAYS))
        self.began, _ = local_day_bounds(today)
        for starts_at, minutes in s.execute(  # what the book holds already stays where it is
                select(orm.Appointment.starts_at, orm.Appointment.minutes).where(
                    orm.Appointment.clinician_id == clinician,
                    orm.Appointment.starts_at >= start, orm.Appointment.starts_at < end,
                    orm.Appointment.status.in_([status.value for status in ACTIVE]))):
            local = starts_at.astimezone()
            if local.date() in self.days:
                self.days[local.date()].take(minute_of_day(local), minutes)
        self.made = 0

    def ahead(self) -> list[_Day]:
        """Today and the working days after it."""
        return [d for day, d in sorted(self.days.items()) if day >= self.today]

    def place(self, day: _Day, kind: AppointmentType) -> int | None:
        """A random free start on ``day`` for ``kind``, or ``None``."""
        free = day.free(DEFAULT_MINUTES[kind])
        return self.rng.choice(free) if free else None

    def book(self, patient_id: int, day: _Day, minute: int, kind: AppointmentType,
             status: AppointmentStatus = AppointmentStatus.BOOKED, *, visit_id: int | None = None,
             notes: str = "", reason: str = "", booked_at: datetime | None = None) -> None:
        """Write one appointment (its time taken unless cancelled) and its audit rows."""
        minutes = DEFAULT_MINUTES[kind]
        if status is not AppointmentStatus.CANCELLED:
            day.take(minute, minutes)
        starts_at = day.at(minute)
        booked = min(booked_at or starts_at - timedelta(days=7), starts_at,
                     self.began)  # never after the demo's today began
        row = orm.Appointment(patient_id=patient_id, clinician_id=self._clinician,
                              starts_at=starts_at, minutes=minutes, kind=kind.value,
                              status=status.value, cancel_reason=reason, notes=notes,
                              visit_id=visit_id, updated_by_id=self._actor.user_id,
                              created_at=booked, updated_at=booked)
        self._s.add(row)
        self._s.flush()
        audit(self._s, self._actor, "book", "appointment", row.id, _BOOK_FIELDS)
        if status is not AppointmentStatus.BOOKED:
            audit(self._s, self._actor, status.value, "appointment", row.id,
                  ["status", "cancel_reason"] if reason else ["status"])
        self.made += 1


def _clinician(s: Session, actor: Actor) -> int | None:
    """The demo's visits are the loading user's: their diary, if they see patients."""
    user = s.get(orm.User, actor.user_id)
    if user is not None and user.active and user.role in TREATING_ROLES:
        return user.id
    return None


def add_demo_diary(s: Session, actor: Actor, today: date, seed: int,
                   first_episode: int) -> DemoDiary:
    """Book the demo's runners (episodes with ids from ``first_episode``) into the diary."""
    clinician = _clinician(s, actor)
    if clinician is None:
        return DemoDiary(0, 0)
    desk = _Desk(s, actor, clinician, today, seed)
    _past_week(s, desk, clinician, first_episode)
    _returning(s, desk, first_episode)
    unbooked, later = _follow_ups(s, desk, first_episode)
    waiting = [(p, desk.rng.choice(_WAIT_NOTES)) for p in unbooked[:WAITLIST_MAX]]
    sooner = desk.rng.sample(later, min(len(later), max(0, 3 - len(waiting))))
    for patient_id, day in sorted(sooner, key=lambda p: p[1]):  # booked, but sooner would suit
        waiting.append((patient_id, f"Booked for {day:%A} {day.day} {day:%B}; "
                                    "would take an earlier time"))
    for patient_id, note in waiting:
        entry = orm.WaitlistEntry(patient_id=patient_id, clinician_id=clinician, note=note,
                                  updated_by_id=actor.user_id)
        s.add(entry)
        s.flush()
        audit(s, actor, "create", "waitlist_entry", entry.id, ["patient_id", "clinician_id", "note"])
    return DemoDiary(desk.made, len(waiting))


def _past_week(s: Session, desk: _Desk, clinician: int, first_episode: int) -> None:
    """The appointments behind last week's visits, and the runners who did not come."""
    start, _ = local_day_bounds(desk.today - timedelta(days=PAST_DAYS))
    visits = s.execute(
        select(orm.Visit.id, orm.Visit.patient_id, orm.Visit.starts_at, orm.Visit.kind)
        .where(orm.Visit.episode_id >= first_episode, orm.Visit.clinician_id == clinician,
               orm.Visit.starts_at >= start, orm.Visit.starts_at < desk.began)
        .order_by(orm.Visit.starts_at, orm.Visit.id)).all()
    for visit_id, patient_id, starts_at, kind in visits:
        local = starts_at.astimezone()
        day, minute = desk.days.get(local.date()), minute_of_day(local)
        booking = AppointmentType.INITIAL if kind == VisitKind.INITIAL.value \
            else AppointmentType.FOLLOW_UP
        if day is not None and day.fits(minute, DEFAULT_MINUTES[booking]):
            desk.book(patient_id, day, minute, booking, AppointmentStatus.DONE, visit_id=visit_id)
    past = [d for day, d in sorted(desk.days.items()) if day < desk.today]
    patients = sorted({v.patient_id for v in visits})
    for patient_id in desk.rng.sample(patients, min(len(patients) // 12 + 1, len(patients))):
        missed = desk.rng.choice(past) if past else None
        slot = desk.place(missed, AppointmentType.FOLLOW_UP) if missed is not None else None
        if missed is not None and slot is not None:
            desk.book(patient_id, missed, slot, AppointmentType.FOLLOW_UP,
                      AppointmentStatus.DID_NOT_ATTEND)


def _follow_ups(s: Session, desk: _Desk,
                first_episode: int) -> tuple[list[int], list[tuple[int, date]]]:
    """Each open episode's next follow-up when it falls due in the next two weeks. Returns the
    runners it found no room for (the most overdue first) and those booked into the second week
    with their day."""
    on_programme = select(orm.RunSession.episode_id).distinct().scalar_subquery()
    rows = s.execute(
        select(orm.Episode.patient_id, func.max(orm.Visit.starts_at),
               orm.Episode.id.in_(on_programme))
        .join(orm.Visit, orm.Visit.episode_id == orm.Episode.id)
        .where(orm.Episode.id >= first_episode, orm.Episode.status == "open")
        .group_by(orm.Episode.id, orm.Episode.patient_id).order_by(orm.Episode.id)).all()
    due = sorted(((last.astimezone().date() + timedelta(days=desk.rng.choice(_GAPS)), patient_id,
                   bool(running), last) for patient_id, last, running in rows),
                 key=lambda r: (r[0], r[1]))
    horizon = desk.today + timedelta(days=AHEAD_DAYS)
    unbooked: list[int] = []
    later: list[tuple[int, date]] = []
    for when, patient_id, running, last in due:
        if when > horizon:
            continue  # booked at their next visit, beyond the two weeks shown
        kind = AppointmentType.RTR_REVIEW if running and desk.rng.random() < 0.6 \
            else AppointmentType.FOLLOW_UP
        days = [d for d in desk.ahead() if d.day >= when and not d.full][:3]
        placed = next(((d, m) for d in days if (m := desk.place(d, kind)) is not None), None)
        if placed is None:
            unbooked.append(patient_id)
            continue
        day, minute = placed
        if desk.rng.random() < 0.07:  # booked once, cancelled, booked again
            first = desk.place(day, kind)
            if first is not None:
                desk.book(patient_id, day, first, kind, AppointmentStatus.CANCELLED,
                          reason=desk.rng.choice(_CANCEL_REASONS), booked_at=last)
        desk.book(patient_id, day, minute, kind, booked_at=last)
        if day.day >= desk.today + timedelta(days=7):
            later.append((patient_id, day.day))
    return unbooked, later


def _returning(s: Session, desk: _Desk, first_episode: int) -> None:
    """Every other working day, a runner discharged months ago comes back for a new assessment."""
    last_day = func.max(orm.Episode.discharge_date)
    rows = s.execute(
        select(orm.Episode.patient_id).where(orm.Episode.id >= first_episode)
        .group_by(orm.Episode.patient_id)
        .having(func.sum(case((orm.Episode.status == "open", 1), else_=0)) == 0,
                last_day < desk.today - timedelta(days=120))
        .order_by(orm.Episode.patient_id)).scalars().all()
    candidates = list(rows)
    desk.rng.shuffle(candidates)
    for day in desk.ahead()[::2]:
        if not candidates or day.full:
            continue
        minute = desk.place(day, AppointmentType.INITIAL)
        if minute is not None:
            desk.book(candidates.pop(), day, minute, AppointmentType.INITIAL,
                      notes=desk.rng.choice(_RETURN_NOTES),
                      booked_at=datetime.combine(desk.today - timedelta(days=desk.rng.randint(1, 6)),
                                                 time(10)).astimezone())
