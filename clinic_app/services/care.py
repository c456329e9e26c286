"""Episodes of care and visit notes: open, discharge, draft, sign, amend."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic_app.domain.access import Action
from clinic_app.domain.errors import NotFoundError, RecordLocked, ValidationError
from clinic_app.domain.messages import Message, msg
from clinic_app.domain.patients import (
    LONG_TEXT_MAX,
    NOTE_MAX,
    DischargeReason,
    EpisodeStatus,
    NoteStatus,
    VisitKind,
    validate_note_text,
)
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import Amendment, Episode, Patient, Visit
from clinic_app.services.access import authorize
from clinic_app.services.audit_content import content_digest_of, seal_exam
from clinic_app.services.context import (
    Actor,
    Changes,
    apply_fields,
    audit,
    check_version,
    display_names,
    load_episode,
    load_visit,
)
from clinic_app.services.dto import AmendmentRow, PatientRow, VisitNote, VisitRow
from clinic_app.services.text_checks import refuse_unstorable

logger = logging.getLogger(__name__)



@dataclass(frozen=True, slots=True)
class SoapText:
    """The four sections of a visit note."""

    subjective: str = ""
    objective: str = ""
    assessment: str = ""
    plan: str = ""

    def as_dict(self) -> dict[str, str]:
        """Field name → text."""
        return {"subjective": self.subjective, "objective": self.objective,
                "assessment": self.assessment, "plan": self.plan}


_KINDS = {k.value: k for k in VisitKind}
_STATUSES = {s.value: s for s in NoteStatus}
# The note's first written section (assessment, subjective, plan, objective), chosen in SQL so a
# long history fetches one text per visit, not four.
_FIRST_SECTION = func.coalesce(func.nullif(Visit.assessment, ""), func.nullif(Visit.subjective, ""),
                               func.nullif(Visit.plan, ""), Visit.objective)
_VISIT_LIST = (select(Visit.id, Visit.episode_id, Visit.starts_at, Visit.clinician_id, Visit.kind,
                      Visit.status, _FIRST_SECTION)
               .order_by(Visit.starts_at.desc(), Visit.id.desc()))


def _summary(text: str) -> str:
    """The first line of a note's first written section, at most 120 characters."""
    if len(text) <= 120 and text.isprintable():  # one short line (a line break is unprintable)
        return text.strip()
    line = text.strip().split("\n", 1)[0]  # splitting the whole of a long note is wasted
    return line.splitlines()[0][:120] if line else ""


def add_visit(s: Session, actor: Actor, episode: Episode, starts_at: datetime, kind: VisitKind,
              clinician_id: int) -> Visit:
    """Add a draft visit for ``clinician_id`` in the caller's transaction, audited.

    Also used when the diary starts a session: the visit is the appointment clinician's.
    """
    if starts_at.date() < episode.start_date:
        raise ValidationError({"starts_at": msg("care.visit_cannot_before_episode_started",
                                                start_date=episode.start_date.isoformat())})
    visit = Visit(episode_id=episode.id, patient_id=episode.patient_id, starts_at=starts_at,
                  clinician_id=clinician_id, kind=VisitKind(kind).value,
                  status=NoteStatus.DRAFT.value, updated_by_id=actor.user_id)
    s.add(visit)
    s.flush()
    audit(s, actor, "create", "visit", visit.id, ["episode_id", "starts_at", "kind"])
    return visit


class CareService:
    """Episodes of care and the visits within them."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- episodes ------------------------------------------------------------------------

    def open_episode(self, actor: Actor, patient_id: int, start_date: date, complaint: str,
                     today: date) -> Changes:
        """Start an episode of care for a presenting complaint."""
        authorize(self._db, actor, Action.OPEN_EPISODE)
        refuse_unstorable(complaint, "complaint")
        complaint = complaint.strip()
        errors: dict[str, str | Message] = {}
        if not complaint:
            errors["complaint"] = msg("care.required_describe_presenting_complaint")
        elif len(complaint) > LONG_TEXT_MAX:
            errors["complaint"] = msg("common.too_long", limit=LONG_TEXT_MAX)
        if start_date > today:
            errors["start_date"] = msg("care.episode_cannot_start_future")
        with self._db.writing() as s:
            patient = s.get(Patient, patient_id)
            if patient is None:
                raise NotFoundError(msg("patient.not_found", patient_id=patient_id))
            if start_date < patient.birth_date:
                errors["start_date"] = msg("care.episode_cannot_start_before_date")
            if errors:
                raise ValidationError(errors)
            episode = Episode(patient_id=patient_id, start_date=start_date, complaint=complaint,
                              status=EpisodeStatus.OPEN.value, updated_by_id=actor.user_id)
            s.add(episode)
            s.flush()
            audit(s, actor, "create", "episode", episode.id,
                  ["patient_id", "start_date", "complaint", "status"])
            return Changes(patients=frozenset({patient_id}), episodes=True, created_id=episode.id,
                           entity="episode")

    def discharge_episode(self, actor: Actor, episode_id: int, discharge_date: date,
                          reason: DischargeReason, expected_version: int, today: date) -> Changes:
        """Close an episode with a date and a reason."""
        authorize(self._db, actor, Action.DISCHARGE_EPISODE)
        with self._db.writing() as s:
            episode = load_episode(s, episode_id)
            check_version(s, "Episode", episode.version, expected_version,
                          episode.updated_by_id, episode.updated_at)
            if episode.status == EpisodeStatus.DISCHARGED.value:
                raise RecordLocked(msg("care.episode_already_discharged"))
            if discharge_date < episode.start_date or discharge_date > today:
                raise ValidationError({"discharge_date": msg("care.discharge_date_must_lie_between")})
            changed = apply_fields(episode, {"status": EpisodeStatus.DISCHARGED.value,
                                             "discharge_date": discharge_date,
                                             "discharge_reason": DischargeReason(reason).value})
            episode.updated_by_id = actor.user_id
            s.flush()
            audit(s, actor, "discharge", "episode", episode.id, changed)
            return Changes(patients=frozenset({episode.patient_id}), episodes=True)

    # -- visits --------------------------------------------------------------------------

    def create_visit(self, actor: Actor, episode_id: int, starts_at: datetime,
                     kind: VisitKind) -> Changes:
        """Add a visit with an empty draft note, attributed to the acting clinician."""
        authorize(self._db, actor, Action.BOOK_VISIT)
        if starts_at.tzinfo is None:
            raise ValidationError({"starts_at": msg("care.visit_time_needs_time_zone")})
        with self._db.writing() as s:
            episode = load_episode(s, episode_id)
            if episode.status != EpisodeStatus.OPEN.value:
                raise RecordLocked(msg("care.visits_can_only_added_open"))
            visit = add_visit(s, actor, episode, starts_at, kind, actor.user_id)
            return Changes(patients=frozenset({episode.patient_id}), visits=True,
                           created_id=visit.id, entity="visit")

    def save_draft(self, actor: Actor, visit_id: int, soap: SoapText,
                   expected_version: int) -> tuple[Changes, int]:
        """Save a draft note; returns the changes and the note's new version."""
        authorize(self._db, actor, Action.WRITE_NOTE)
        refuse_unstorable(soap.as_dict())
        errors = validate_note_text(soap.as_dict())
        if errors:
            raise ValidationError(errors)
        with self._db.writing() as s:
            visit = load_visit(s, visit_id)
            if visit.status == NoteStatus.SIGNED.value:
                raise RecordLocked(msg("care.note_signed_can_no_longer"))
            check_version(s, "Visit note", visit.version, expected_version,
                          visit.updated_by_id, visit.updated_at)
            changed = apply_fields(visit, dict(soap.as_dict()))
            if changed:
                visit.updated_by_id = actor.user_id
                s.flush()
                audit(s, actor, "update", "visit", visit.id, changed)
            return Changes(patients=frozenset({visit.patient_id}), visits=True), visit.version

    def sign(self, actor: Actor, visit_id: int, expected_version: int) -> Changes:
        """Sign a note: from now on it only accepts amendments."""
        authorize(self._db, actor, Action.WRITE_NOTE)
        with self._db.writing() as s:
            visit = load_visit(s, visit_id)
            check_version(s, "Visit note", visit.version, expected_version,  # who signed it first
                          visit.updated_by_id, visit.updated_at)
            if visit.status == NoteStatus.SIGNED.value:
                raise RecordLocked(msg("care.note_already_signed"))
            if not any(v.strip() for v in (visit.subjective, visit.objective, visit.assessment,
                                           visit.plan)):
                raise ValidationError({"note": msg("care.empty_note_cannot_signed")})
            visit.status = NoteStatus.SIGNED.value
            visit.signed_at = self._db.clock.now()
            visit.signed_by_id = actor.user_id
            visit.updated_by_id = actor.user_id
            s.flush()
            audit(s, actor, "sign", "visit", visit.id, ["status", "signed_at", "signed_by_id"],
                  content_hash=content_digest_of(s, "visit", visit.id))
            seal_exam(s, actor, visit.id)
            return Changes(patients=frozenset({visit.patient_id}), visits=True)

    def amend(self, actor: Actor, visit_id: int, text: str) -> Changes:
        """Append an amendment to a signed note."""
        authorize(self._db, actor, Action.WRITE_NOTE)
        refuse_unstorable(text, "text")
        text = text.strip()
        if not text:
            raise ValidationError({"amendment": msg("care.required_type_amendment")})
        if len(text) > NOTE_MAX:
            raise ValidationError({"amendment": msg("common.too_long", limit=NOTE_MAX)})
        with self._db.writing() as s:
            visit = load_visit(s, visit_id)
            if visit.status != NoteStatus.SIGNED.value:
                raise RecordLocked(msg("care.draft_note_edited_directly_amendments"))
            amendment = Amendment(visit_id=visit_id, author_id=actor.user_id, text=text,
                                  created_at=self._db.clock.now())
            s.add(amendment)
            s.flush()
            audit(s, actor, "amend", "visit", visit.id, ["amendment"],
                  content_hash=content_digest_of(s, "visit", visit.id))
            return Changes(patients=frozenset({visit.patient_id}), visits=True)

    def list_visits(self, patient_id: int) -> list[VisitRow]:
        """The patient's visits, newest first."""
        with self._db.reading() as s:
            names = display_names(s)
            # the columns, not the records, as Core rows unpacked as tuples (no ORM loading
            # step per row): a long history lists in a fraction of the time
            visits = s.connection().execute(
                _VISIT_LIST.where(Visit.patient_id == patient_id)).all()
            return [VisitRow(visit_id, episode_id, starts_at, names.get(clinician_id, ""),
                             _KINDS[kind], _STATUSES[status], _summary(text or ""))
                    for visit_id, episode_id, starts_at, clinician_id, kind, status, text in visits]

    def patients_seen_on(self, day: date) -> list[PatientRow]:
        """Patients with a visit on ``day`` (local time), by visit time: the front desk's list."""
        start = datetime.combine(day, time.min).astimezone()
        end = start + timedelta(days=1)
        with self._db.reading() as s:
            rows = s.execute(select(Patient, func.min(Visit.starts_at))
                             .join(Visit, Visit.patient_id == Patient.id)
                             .where(Visit.starts_at >= start, Visit.starts_at < end,
                                    Patient.archived.is_(False))
                             .group_by(Patient.id).order_by(func.min(Visit.starts_at))).all()
            return [PatientRow(id=p.id, chart_number=p.chart_number, given_name=p.given_name,
                               family_name=p.family_name, preferred_name=p.preferred_name,
                               birth_date=p.birth_date, phone=p.phone, archived=p.archived,
                               sort_key=p.sort_key) for p, _first in rows]

    def get_note(self, visit_id: int) -> VisitNote:
        """A visit's note with its amendments."""
        with self._db.reading() as s:
            v = load_visit(s, visit_id)
            names = display_names(s)
            amendments = tuple(
                AmendmentRow(id=a.id, author=names.get(a.author_id, ""), created_at=a.created_at,
                             text=a.text)
                for a in s.scalars(select(Amendment).where(Amendment.visit_id == visit_id)
                                   .order_by(Amendment.created_at, Amendment.id))
            )
            return VisitNote(
                id=v.id, episode_id=v.episode_id, patient_id=v.patient_id, starts_at=v.starts_at,
                clinician_id=v.clinician_id, clinician=names.get(v.clinician_id, ""),
                kind=VisitKind(v.kind), subjective=v.subjective, objective=v.objective,
                assessment=v.assessment, plan=v.plan, status=NoteStatus(v.status),
                signed_at=v.signed_at,
                signed_by=names.get(v.signed_by_id, "") if v.signed_by_id else "",
                version=v.version, amendments=amendments,
            )
