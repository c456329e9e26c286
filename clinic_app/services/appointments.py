"""The appointment book: book, move, resize, cancel, did-not-attend, check in, start, finish.

Working hours (decision): a time outside the clinician's hours or in a break is refused with
``OutsideHours`` unless the caller confirms it (``outside_hours=True``, the UI asks the user);
the confirmation is audited. Double booking is refused with ``SlotTaken`` (a named conflict)
unless the practice allows it. Starting the session opens the clinician's visit note and links it.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic_app.domain.access import Action
from clinic_app.domain.appointments import (
    DEFAULT_MINUTES,
    MOVABLE,
    NOTES_MAX,
    REASON_MAX,
    STATUS_LABELS,
    VISIT_KIND,
    AppointmentStatus,
    AppointmentType,
    length_problem,
    may_move_to,
)
from clinic_app.domain.errors import NotFoundError, RecordLocked, ValidationError
from clinic_app.domain.messages import Message, msg
from clinic_app.domain.patients import LONG_TEXT_MAX, EpisodeStatus
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import Appointment, Episode, Patient, User
from clinic_app.services.access import check
from clinic_app.services.appointments_base import (
    load_appointment,
    load_clinician,
    load_hours,
    load_settings,
    lock_clinician_day,
    patient_name,
    refuse_overlap,
)
from clinic_app.services.care import add_visit
from clinic_app.services.context import Actor, Changes, audit, check_version
from clinic_app.services.text_checks import refuse_unstorable

logger = logging.getLogger(__name__)


class OutsideHours(ValidationError):
    """The time lies outside the clinician's working hours or in a break (the user may confirm)."""

    def __init__(self, message: str) -> None:
        super().__init__({"starts_at": message})
        self.message = message


def _changes(patient_id: int, created: int | None = None, visits: bool = False) -> Changes:
    return Changes(patients=frozenset({patient_id}), visits=visits, created_id=created,
                   entity="appointment")


class AppointmentService:
    """Writes to the appointment book; one transaction and one audit row per action."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- booking -------------------------------------------------------------------------

    def book(self, actor: Actor, patient_id: int, clinician_id: int, starts_at: datetime,
             kind: AppointmentType, minutes: int | None = None, notes: str = "",
             *, outside_hours: bool = False) -> Changes:
        """Book a patient with a clinician; the length defaults to the type's."""
        kind = AppointmentType(kind)
        minutes = DEFAULT_MINUTES[kind] if minutes is None else minutes
        refuse_unstorable(notes, "notes")
        notes = notes.strip()
        self._check_input(starts_at, minutes, notes)
        if starts_at.astimezone().date() < self._db.clock.today():
            raise ValidationError({"starts_at": msg("appointments.that_day_has_passed_choose")})
        with self._db.writing() as s:
            check(s, actor, Action.MANAGE_DIARY)
            patient = s.get(Patient, patient_id)
            if patient is None:
                raise NotFoundError(msg("appointments.patient_no_longer_exists"))
            if patient.archived:
                raise ValidationError({"patient": msg("appointments.archived_restore_patient_before_booking",
                                                      value=patient_name(patient))})
            clinician = load_clinician(s, clinician_id)
            self._check_slot(s, clinician, starts_at, minutes, None, outside_hours)
            row = Appointment(patient_id=patient_id, clinician_id=clinician_id,
                              starts_at=starts_at, minutes=minutes, kind=kind.value,
                              status=AppointmentStatus.BOOKED.value, notes=notes,
                              updated_by_id=actor.user_id)
            s.add(row)
            s.flush()
            fields = ["patient_id", "clinician_id", "starts_at", "minutes", "kind", "notes"]
            audit(s, actor, "book", "appointment", row.id,
                  fields + (["outside_hours"] if outside_hours else []))
            return _changes(patient_id, row.id)

    def move(self, actor: Actor, appointment_id: int, expected_version: int, *,
             starts_at: datetime | None = None, minutes: int | None = None,
             clinician_id: int | None = None, kind: AppointmentType | None = None,
             notes: str | None = None, outside_hours: bool = False) -> Changes:
        """Change the time, length, clinician, type or notes of a booked appointment."""
        if notes is not None:
            refuse_unstorable(notes, "notes")
            notes = notes.strip()
        with self._db.writing() as s:
            check(s, actor, Action.MANAGE_DIARY)
            row = load_appointment(s, appointment_id)
            check_version(s, "Appointment", row.version, expected_version, row.updated_by_id,
                          row.updated_at)
            status = AppointmentStatus(row.status)
            new_start = row.starts_at if starts_at is None else starts_at
            new_minutes = row.minutes if minutes is None else minutes
            new_clinician = row.clinician_id if clinician_id is None else clinician_id
            timing = (new_start, new_minutes, new_clinician) != (row.starts_at, row.minutes,
                                                                 row.clinician_id)
            if timing and status not in MOVABLE:
                raise RecordLocked(msg("appointments.appointment_time_can_no_longer",
                                       status=STATUS_LABELS[status].lower()))
            self._check_input(new_start, new_minutes, row.notes if notes is None else notes)
            if timing and new_start.astimezone().date() < self._db.clock.today():
                raise ValidationError({"starts_at": msg("appointments.that_day_has_passed_choose")})
            if timing:
                clinician = load_clinician(s, new_clinician)
                self._check_slot(s, clinician, new_start, new_minutes, row.id, outside_hours)
            values: dict[str, object] = {"starts_at": new_start, "minutes": new_minutes,
                                         "clinician_id": new_clinician}
            if kind is not None:
                values["kind"] = AppointmentType(kind).value
            if notes is not None:
                values["notes"] = notes
            changed = [k for k, v in values.items() if getattr(row, k) != v]
            if not changed:
                return _changes(row.patient_id)
            for name in changed:
                setattr(row, name, values[name])
            row.updated_by_id = actor.user_id
            s.flush()
            audit(s, actor, "move", "appointment", row.id,
                  changed + (["outside_hours"] if outside_hours and timing else []))
            return _changes(row.patient_id)

    # -- the day -------------------------------------------------------------------------

    def cancel(self, actor: Actor, appointment_id: int, expected_version: int,
               reason: str) -> Changes:
        """Cancel with a reason (kept and shown); the slot becomes free."""
        refuse_unstorable(reason, "reason")
        reason = reason.strip()
        if not reason:
            raise ValidationError({"reason": msg("appointments.required_say_why_appointment_cancelled")})
        if len(reason) > REASON_MAX:
            raise ValidationError({"reason": msg("common.too_long", limit=REASON_MAX)})
        return self._set_status(actor, appointment_id, expected_version,
                                AppointmentStatus.CANCELLED, reason=reason)

    def mark_did_not_attend(self, actor: Actor, appointment_id: int,
                            expected_version: int) -> Changes:
        """The patient did not come (only on or after the day of the appointment)."""
        return self._set_status(actor, appointment_id, expected_version,
                                AppointmentStatus.DID_NOT_ATTEND)

    def set_status(self, actor: Actor, appointment_id: int, expected_version: int,
                   status: AppointmentStatus) -> Changes:
        """Arrived (check-in), in session (opens the visit note), done, or back to booked."""
        status = AppointmentStatus(status)
        if status is AppointmentStatus.CANCELLED:
            raise ValidationError({"reason": msg("appointments.required_say_why_appointment_cancelled")})
        return self._set_status(actor, appointment_id, expected_version, status)

    def _set_status(self, actor: Actor, appointment_id: int, expected_version: int,
                    status: AppointmentStatus, reason: str = "") -> Changes:
        with self._db.writing() as s:
            check(s, actor, Action.MANAGE_DIARY)
            row = load_appointment(s, appointment_id)
            check_version(s, "Appointment", row.version, expected_version, row.updated_by_id,
                          row.updated_at)
            current = AppointmentStatus(row.status)
            if not may_move_to(current, status):
                raise RecordLocked(msg("appointments.appointment_cannot_marked",
                                       status=STATUS_LABELS[current].lower(),
                                       new_status=STATUS_LABELS[status].lower()))
            day = row.starts_at.astimezone().date()
            today = self._db.clock.today()
            if status in (AppointmentStatus.ARRIVED, AppointmentStatus.IN_SESSION) and \
                    day != today:
                raise ValidationError({"status": msg("appointments.patients_check_start_their_session")})
            if status is AppointmentStatus.DID_NOT_ATTEND and day > today:
                raise ValidationError({"status": msg("appointments.appointment_still_come_cannot_marked")})
            if status is AppointmentStatus.BOOKED and current is AppointmentStatus.DID_NOT_ATTEND:
                clinician = load_clinician(s, row.clinician_id)
                lock_clinician_day(s, row.clinician_id, day)
                self._refuse_overlap_unless_allowed(s, clinician, row)
            fields = ["status"]
            visits = False
            if status is AppointmentStatus.IN_SESSION and row.visit_id is None:
                row.visit_id = self._open_visit(s, actor, row)
                fields.append("visit_id")
                visits = True
            row.status = status.value
            if reason:
                row.cancel_reason = reason
                fields.append("cancel_reason")
            row.updated_by_id = actor.user_id
            s.flush()
            audit(s, actor, status.value, "appointment", row.id, fields)
            return _changes(row.patient_id, row.visit_id if visits else None, visits)

    def _open_visit(self, s: Session, actor: Actor, row: Appointment) -> int:
        """The clinician's draft note for this appointment, in the patient's open episode.

        With no open episode, the appointment's reason for the visit opens one; without a
        reason the user is told how to go on.
        """
        check(s, actor, Action.BOOK_VISIT)
        episode = s.scalars(select(Episode).where(Episode.patient_id == row.patient_id,
                                                  Episode.status == EpisodeStatus.OPEN.value)
                            .order_by(Episode.start_date.desc(), Episode.id.desc())).first()
        if episode is None:
            patient = s.get(Patient, row.patient_id)
            name = patient_name(patient) if patient else "The patient"
            complaint = row.notes.strip()
            if not complaint:
                raise ValidationError({"episode": msg("appointments.has_no_open_episode_care", name=name)})
            check(s, actor, Action.OPEN_EPISODE)
            episode = Episode(patient_id=row.patient_id,
                              start_date=row.starts_at.astimezone().date(),
                              complaint=complaint[:LONG_TEXT_MAX],
                              status=EpisodeStatus.OPEN.value, updated_by_id=actor.user_id)
            s.add(episode)
            s.flush()
            audit(s, actor, "create", "episode", episode.id,
                  ["patient_id", "start_date", "complaint", "status"])
        visit = add_visit(s, actor, episode, row.starts_at, VISIT_KIND[AppointmentType(row.kind)],
                          row.clinician_id)
        return visit.id

    # -- checks --------------------------------------------------------------------------

    @staticmethod
    def _check_input(starts_at: datetime, minutes: int, notes: str) -> None:
        errors: dict[str, str | Message] = {}
        if starts_at.tzinfo is None:
            errors["starts_at"] = msg("appointments.appointment_time_needs_time_zone")
        elif starts_at.minute % 5 or starts_at.second or starts_at.microsecond:
            errors["starts_at"] = msg("appointments.appointments_start_5_minute_mark")
        problem = length_problem(minutes)
        if problem:
            errors["minutes"] = problem
        if len(notes) > NOTES_MAX:
            errors["notes"] = msg("common.too_long", limit=NOTES_MAX)
        if errors:
            raise ValidationError(errors)

    def _check_slot(self, s: Session, clinician: User, starts_at: datetime, minutes: int,
                    ignore_id: int | None, outside_hours: bool) -> None:
        """Lock the clinician's day, then refuse hours and overlaps as the practice decided."""
        local = starts_at.astimezone()
        lock_clinician_day(s, clinician.id, local.date())
        if not outside_hours:
            hours, _version = load_hours(s, clinician.id)
            problem = hours.problem(local, minutes)
            if problem:
                raise OutsideHours(problem)
        settings, _ = load_settings(s)
        if not settings.allow_double_booking:
            refuse_overlap(s, clinician, starts_at, minutes, ignore_id)

    def _refuse_overlap_unless_allowed(self, s: Session, clinician: User,
                                       row: Appointment) -> None:
        settings, _ = load_settings(s)
        if not settings.allow_double_booking:
            refuse_overlap(s, clinician, row.starts_at, row.minutes, row.id)
