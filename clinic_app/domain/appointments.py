"""The appointment book's rules: types and lengths, statuses and their moves, working hours.

Pure values and functions: the service layer reads and writes the rows, locks the clinician's
day and audits; everything here can be tested with a table.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from clinic_app.domain.errors import ConflictError, InvalidValue
from clinic_app.domain.messages import coded, msg
from clinic_app.domain.patients import VisitKind

SLOT_MINUTES = 5
"""Appointments start and end on a 5-minute grid."""
MIN_MINUTES = 5
MAX_MINUTES = 240
REASON_MAX = 500
NOTES_MAX = 1000


class AppointmentType(enum.StrEnum):
    """What the appointment is for; each has a default length."""

    INITIAL = "initial"
    FOLLOW_UP = "follow_up"
    RTR_REVIEW = "rtr_review"


DEFAULT_MINUTES: dict[AppointmentType, int] = {
    AppointmentType.INITIAL: 60,
    AppointmentType.FOLLOW_UP: 30,
    AppointmentType.RTR_REVIEW: 30,
}

TYPE_LABELS: dict[AppointmentType, str] = {
    AppointmentType.INITIAL: "Initial assessment",
    AppointmentType.FOLLOW_UP: "Follow-up",
    AppointmentType.RTR_REVIEW: "Return-to-run review",
}

VISIT_KIND: dict[AppointmentType, VisitKind] = {
    AppointmentType.INITIAL: VisitKind.INITIAL,
    AppointmentType.FOLLOW_UP: VisitKind.FOLLOW_UP,
    AppointmentType.RTR_REVIEW: VisitKind.FOLLOW_UP,
}
"""The kind of visit note that starting the session opens."""


class AppointmentStatus(enum.StrEnum):
    """Where the appointment stands on the day."""

    BOOKED = "booked"
    ARRIVED = "arrived"
    IN_SESSION = "in_session"
    DONE = "done"
    CANCELLED = "cancelled"
    DID_NOT_ATTEND = "dna"


STATUS_LABELS: dict[AppointmentStatus, str] = {
    AppointmentStatus.BOOKED: "Booked",
    AppointmentStatus.ARRIVED: "Arrived",
    AppointmentStatus.IN_SESSION: "In session",
    AppointmentStatus.DONE: "Done",
    AppointmentStatus.CANCELLED: "Cancelled",
    AppointmentStatus.DID_NOT_ATTEND: "Did not attend",
}

_S = AppointmentStatus
TRANSITIONS: dict[AppointmentStatus, frozenset[AppointmentStatus]] = {
    _S.BOOKED: frozenset({_S.ARRIVED, _S.IN_SESSION, _S.CANCELLED, _S.DID_NOT_ATTEND}),
    _S.ARRIVED: frozenset({_S.BOOKED, _S.IN_SESSION, _S.CANCELLED}),
    _S.IN_SESSION: frozenset({_S.DONE}),
    _S.DONE: frozenset(),
    _S.CANCELLED: frozenset(),
    _S.DID_NOT_ATTEND: frozenset({_S.BOOKED}),
}
"""Which status may follow which. Arrived → booked undoes a check-in made by mistake, and
did-not-attend → booked undoes a DNA marked too early; a cancelled appointment is rebooked."""

ACTIVE = frozenset({_S.BOOKED, _S.ARRIVED, _S.IN_SESSION, _S.DONE})
"""Statuses that occupy the clinician's time (cancelled and DNA free the slot)."""
MOVABLE = frozenset({_S.BOOKED, _S.ARRIVED})
"""Statuses whose time, length or clinician may still change."""


def may_move_to(current: AppointmentStatus, new: AppointmentStatus) -> bool:
    """Whether ``current`` may become ``new``."""
    return new in TRANSITIONS[current]


def length_problem(minutes: int) -> str | None:
    """Why an appointment length is not acceptable, or ``None``."""
    if minutes < MIN_MINUTES or minutes > MAX_MINUTES:
        return f"Between {MIN_MINUTES} minutes and {MAX_MINUTES // 60} hours."
    if minutes % SLOT_MINUTES:
        return f"In steps of {SLOT_MINUTES} minutes."
    return None


def snap_minutes(minutes: float) -> int:
    """Round a length or offset to the 5-minute grid."""
    return int(round(minutes / SLOT_MINUTES)) * SLOT_MINUTES


def minute_of_day(at: time | datetime) -> int:
    """Minutes after midnight of a wall-clock time (a datetime's own, as it stands)."""
    return at.hour * 60 + at.minute


def overlaps(a_start: datetime, a_minutes: int, b_start: datetime, b_minutes: int) -> bool:
    """Whether two appointments share any minute (touching ends do not overlap)."""
    return a_start < b_start + timedelta(minutes=b_minutes) and \
        b_start < a_start + timedelta(minutes=a_minutes)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of one day, in local wall-clock time."""

    start: time
    end: time

    def contains(self, start: time, end: time) -> bool:
        """Whether ``start``–``end`` lies within this span."""
        return self.start <= start and end <= self.end

    def overlaps(self, start: time, end: time) -> bool:
        """Whether ``start``–``end`` shares a minute with this span."""
        return start < self.end and self.start < end


def _span(text: str) -> Span:
    first, last = text.split("-")
    span = Span(time.fromisoformat(first.strip()), time.fromisoformat(last.strip()))
    if span.end <= span.start:
        raise InvalidValue(msg("appointments.end_must_after_start", text=text))
    return span


def _text(span: Span) -> str:
    return f"{span.start.strftime('%H:%M')}-{span.end.strftime('%H:%M')}"


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """A clinician's weekly pattern: hours and breaks per weekday (0 = Monday)."""

    hours: tuple[tuple[Span, ...], ...] = field(default_factory=lambda: tuple(
        (Span(time(8), time(18)),) if day < 5 else () for day in range(7)))
    breaks: tuple[tuple[Span, ...], ...] = field(default_factory=lambda: tuple(
        (Span(time(12, 30), time(13)),) if day < 5 else () for day in range(7)))

    def problem(self, start: datetime, minutes: int) -> str | None:
        """Why ``start`` (local time) for ``minutes`` falls outside these hours, or ``None``."""
        end_dt = start + timedelta(minutes=minutes)
        if end_dt.date() != start.date() and end_dt.time() != time(0):
            return "The appointment would run past midnight."
        day = start.weekday()
        begin = start.time().replace(tzinfo=None)
        end = time(23, 59) if end_dt.date() != start.date() else end_dt.time().replace(tzinfo=None)
        if not self.hours[day]:
            return "The clinician does not work on this day."
        if not any(span.contains(begin, end) for span in self.hours[day]):
            spans = ", ".join(_text(s).replace("-", "–") for s in self.hours[day])
            return f"Outside the clinician's working hours ({spans})."
        for span in self.breaks[day]:
            if span.overlaps(begin, end):
                return f"During the clinician's break ({_text(span).replace('-', '–')})."
        return None

    def day_bounds(self, weekday: int) -> tuple[time, time] | None:
        """The first start and last end of the working day, or ``None`` on a day off."""
        spans = self.hours[weekday]
        if not spans:
            return None
        return min(s.start for s in spans), max(s.end for s in spans)

    def to_json(self) -> str:
        """The stored form: ``{"hours": [["08:00-18:00"], ...], "breaks": [...]}``."""
        return json.dumps({"hours": [[_text(s) for s in day] for day in self.hours],
                           "breaks": [[_text(s) for s in day] for day in self.breaks]})

    @classmethod
    def from_json(cls, text: str) -> WorkingHours:
        """Read the stored form; raises ``ValueError`` on a malformed pattern."""
        data = json.loads(text)
        hours = tuple(tuple(_span(t) for t in day) for day in data["hours"])
        breaks = tuple(tuple(_span(t) for t in day) for day in data["breaks"])
        if len(hours) != 7 or len(breaks) != 7:
            raise InvalidValue(msg("appointments.weekly_pattern_has_seven_days"))
        return cls(hours, breaks)

    @classmethod
    def parse(cls, hours: list[str], breaks: list[str]) -> tuple[WorkingHours | None,
                                                                  dict[str, str]]:
        """Seven "08:00-12:30, 13:30-18:00" strings each (blank = day off) → hours or errors."""
        errors: dict[str, str] = {}
        parsed: list[list[tuple[Span, ...]]] = [[], []]
        for kind, texts in enumerate((hours, breaks)):
            for day, text in enumerate(texts):
                try:
                    spans = tuple(_span(t) for t in text.split(",") if t.strip())
                except ValueError:
                    key = f"{'hours' if kind == 0 else 'breaks'}_{day}"
                    errors[key] = coded(msg("appointments.write_times_as_08_00"))
                    spans = ()
                parsed[kind].append(spans)
        if errors:
            return None, errors
        return cls(tuple(parsed[0]), tuple(parsed[1])), {}

    def as_text(self) -> tuple[list[str], list[str]]:
        """Seven strings of hours and seven of breaks, as ``parse`` reads them."""
        return ([", ".join(_text(s) for s in day) for day in self.hours],
                [", ".join(_text(s) for s in day) for day in self.breaks])


class SlotTaken(ConflictError):
    """The clinician already has an appointment then: booked by someone, maybe just now."""

    def __init__(self, clinician: str, patient: str, starts_at: datetime, minutes: int,
                 booked_by: str, booked_at: datetime | None) -> None:
        super().__init__("Appointment", booked_by, booked_at)
        self.clinician = clinician
        self.patient = patient
        self.starts_at = starts_at
        self.minutes = minutes

    def __str__(self) -> str:
        local = self.starts_at.astimezone()
        end = local + timedelta(minutes=self.minutes)
        return (f"{self.clinician} already has {self.patient} booked "
                f"{local.strftime('%H:%M')}–{end.strftime('%H:%M')} (booked by "
                f"{self.changed_by}). Nothing was saved: choose another time, or ask an "
                "administrator to allow double booking.")
