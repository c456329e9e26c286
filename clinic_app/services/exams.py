"""Exams per visit: save (never after signing), copy forward, decisions, comparison over visits."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic_app.domain.access import Action
from clinic_app.domain.errors import RecordLocked, ValidationError
from clinic_app.domain.exam.record import (
    ExamRecord,
    exam_from_data,
    exam_to_data,
    recorded_paths,
    validate_exam,
)
from clinic_app.domain.messages import msg
from clinic_app.domain.patients import NOTE_MAX, NoteStatus
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import Exam, ExamDecision, Visit
from clinic_app.services.access import authorize
from clinic_app.services.context import Actor, Changes, audit, check_version, display_names, load_visit
from clinic_app.services.text_checks import refuse_unstorable

logger = logging.getLogger(__name__)

DECISIONS = ("accepted", "overridden")


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """The latest accept/override of one interpretation line."""

    key: str
    decision: str
    reason: str
    explanation: str
    decided_at: datetime
    decided_by: str


@dataclass(frozen=True, slots=True)
class ExamView:
    """A visit's exam as the form shows it."""

    visit_id: int
    patient_id: int
    starts_at: datetime
    exists: bool
    exam: ExamRecord
    version: int
    copied: frozenset[str]
    locked: bool
    decisions: dict[str, DecisionRow]


@dataclass(frozen=True, slots=True)
class ExamHistoryRow:
    """One earlier exam of the patient, for comparison and SLR series."""

    visit_id: int
    starts_at: datetime
    exam: ExamRecord


@dataclass(frozen=True, slots=True)
class SlrPoint:
    """SLR onset angle per side at one visit (``None``: not positive or not recorded)."""

    visit_id: int
    starts_at: datetime
    left_deg: int | None
    right_deg: int | None


class ExamService:
    """Read and write exams; a signed visit note makes its exam read-only too."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, visit_id: int) -> ExamView:
        """The exam of a visit (an empty one when nothing was recorded)."""
        with self._db.reading() as s:
            visit = load_visit(s, visit_id)
            row = s.scalars(select(Exam).where(Exam.visit_id == visit_id)).first()
            decisions = self._decisions(s, row.id) if row else {}
            return ExamView(
                visit_id=visit_id, patient_id=visit.patient_id, starts_at=visit.starts_at,
                exists=row is not None,
                exam=exam_from_data(json.loads(row.data)) if row else ExamRecord(),
                version=row.version if row else 0,
                copied=frozenset(json.loads(row.copied)) if row else frozenset(),
                locked=visit.status == NoteStatus.SIGNED.value, decisions=decisions)

    def save(self, actor: Actor, visit_id: int, exam: ExamRecord, copied: set[str] | frozenset[str],
             expected_version: int) -> tuple[Changes, int]:
        """Validate and store; refuse after signing or when someone saved since."""
        authorize(self._db, actor, Action.WRITE_EXAM)
        refuse_unstorable(exam)
        errors = validate_exam(exam)
        if errors:
            raise ValidationError(errors)
        still_copied = sorted(set(copied) & recorded_paths(exam))
        with self._db.writing() as s:
            visit = load_visit(s, visit_id)
            if visit.status == NoteStatus.SIGNED.value:
                raise RecordLocked(msg("exams.visit_note_signed_so_exam"))
            row = s.scalars(select(Exam).where(Exam.visit_id == visit_id)).first()
            data = json.dumps(exam_to_data(exam), ensure_ascii=False)
            if row is None:
                if expected_version != 0:
                    raise ValidationError({"exam": msg("exams.exam_was_removed_reload_visit")})
                row = Exam(visit_id=visit_id, data=data, copied=json.dumps(still_copied),
                           updated_by_id=actor.user_id)
                s.add(row)
                s.flush()
                audit(s, actor, "create", "exam", row.id, sorted(recorded_paths(exam)))
            else:
                check_version(s, "Exam", row.version, expected_version, row.updated_by_id,
                              row.updated_at)
                before = exam_from_data(json.loads(row.data))
                changed = sorted(_changed_paths(before, exam))
                if not changed and json.loads(row.copied) == still_copied:
                    return Changes(patients=frozenset({visit.patient_id})), row.version
                row.data = data
                row.copied = json.dumps(still_copied)
                row.updated_by_id = actor.user_id
                s.flush()
                audit(s, actor, "update", "exam", row.id, changed or ["copied"])
            changes = Changes(patients=frozenset({visit.patient_id}), visits=True, entity="exam")
            return changes, row.version

    def copy_forward(self, visit_id: int) -> tuple[ExamRecord, frozenset[str]] | None:
        """The patient's previous exam as a starting point, with every copied value's path."""
        with self._db.reading() as s:
            visit = load_visit(s, visit_id)
            row = s.execute(
                select(Exam).join(Visit, Visit.id == Exam.visit_id)
                .where(Visit.patient_id == visit.patient_id, Visit.id != visit_id,
                       Visit.starts_at <= visit.starts_at)
                .order_by(Visit.starts_at.desc(), Visit.id.desc()).limit(1)).scalars().first()
            if row is None:
                return None
            exam = exam_from_data(json.loads(row.data))
            return exam, frozenset(recorded_paths(exam))

    def decide(self, actor: Actor, visit_id: int, key: str, decision: str, reason: str,
               explanation: str) -> Changes:
        """Accept an interpretation line, or override it with a reason; both are kept."""
        authorize(self._db, actor, Action.WRITE_EXAM)
        refuse_unstorable(reason, "reason")
        reason = reason.strip()
        if decision not in DECISIONS:
            raise ValidationError({"decision": msg("exams.choose_accept_override")})
        if decision == "overridden" and not reason:
            raise ValidationError({"reason": msg("exams.give_reason_overriding_interpretation")})
        if len(reason) > NOTE_MAX:
            raise ValidationError({"reason": msg("common.too_long", limit=NOTE_MAX)})
        with self._db.writing() as s:
            visit = load_visit(s, visit_id)
            if visit.status == NoteStatus.SIGNED.value:
                raise RecordLocked(msg("exams.visit_note_signed_so_exam"))
            row = s.scalars(select(Exam).where(Exam.visit_id == visit_id)).first()
            if row is None:
                raise ValidationError({"exam": msg("exams.save_exam_before_accepting_interpretation")})
            decision_row = ExamDecision(exam_id=row.id, finding_key=key[:40], decision=decision,
                                        reason=reason, explanation=explanation,
                                        decided_at=self._db.clock.now(), decided_by_id=actor.user_id)
            s.add(decision_row)
            s.flush()
            audit(s, actor, "accept" if decision == "accepted" else "override", "exam", row.id,
                  [key])
            return Changes(patients=frozenset({visit.patient_id}), visits=True, entity="exam")

    def history(self, patient_id: int, limit: int = 12) -> list[ExamHistoryRow]:
        """The patient's exams, oldest first (at most the latest ``limit``)."""
        with self._db.reading() as s:
            rows = s.execute(
                select(Exam.data, Visit.id, Visit.starts_at).join(Visit, Visit.id == Exam.visit_id)
                .where(Visit.patient_id == patient_id)
                .order_by(Visit.starts_at.desc(), Visit.id.desc()).limit(limit)).all()
        return [ExamHistoryRow(vid, when, exam_from_data(json.loads(data)))
                for data, vid, when in reversed(rows)]

    def slr_series(self, patient_id: int) -> list[SlrPoint]:
        """SLR onset angle per side over visits (for the progress graphs)."""
        points = []
        for row in self.history(patient_id, limit=500):
            left, right = row.exam.slr_left, row.exam.slr_right
            points.append(SlrPoint(row.visit_id, row.starts_at, left.angle_deg, right.angle_deg))
        return points

    # -- helpers -------------------------------------------------------------------------


    @staticmethod
    def _decisions(s: Session, exam_id: int) -> dict[str, DecisionRow]:
        names = display_names(s)
        latest: dict[str, DecisionRow] = {}
        for d in s.scalars(select(ExamDecision).where(ExamDecision.exam_id == exam_id)
                           .order_by(ExamDecision.decided_at, ExamDecision.id)):
            latest[d.finding_key] = DecisionRow(d.finding_key, d.decision, d.reason, d.explanation,
                                                d.decided_at, names.get(d.decided_by_id, ""))
        return latest


def _changed_paths(before: ExamRecord, after: ExamRecord) -> set[str]:
    """Recorded paths whose value changed, appeared or disappeared."""
    old, new = exam_to_data(before), exam_to_data(after)
    changed = {k for k in new if old.get(k) != new.get(k)}
    return changed
