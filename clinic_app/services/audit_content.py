"""Signed content of notes, exams, plans and stored documents, hashed alike when sealed and checked.

A record is sealed by writing ``content_digests(...)`` into its audit row's ``content_hash``;
verification later recomputes the digest from the record as it is now. One function serves both,
so the two can never drift apart. A note's digest covers its amendments and a plan's every
revision, so the newest sealing row of a record vouches for all of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic_app.domain.audit_chain import at_text, bytes_digest, content_digest
from clinic_app.persistence.models import (
    Amendment,
    Episode,
    Exam,
    ExamDecision,
    HandoutRecord,
    PlanRevision,
    Visit,
)
from clinic_app.services.context import Actor, audit

SEALED_ENTITIES = ("visit", "exam", "plan", "handout")
_BATCH = 500
_PDF_BATCH = 20


def _batches(ids: Iterable[int], size: int) -> Iterable[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), size):
        yield ordered[start:start + size]


def _visits(session: Session, ids: list[int]) -> dict[int, str]:
    notes: dict[int, list[Any]] = {}
    for r in session.execute(select(Visit.id, Visit.patient_id, Visit.episode_id, Visit.starts_at,
                                    Visit.kind, Visit.subjective, Visit.objective,
                                    Visit.assessment, Visit.plan, Visit.signed_at,
                                    Visit.signed_by_id).where(Visit.id.in_(ids))):
        notes[r[0]] = list(r[1:])
    for a in session.execute(select(Amendment.visit_id, Amendment.created_at, Amendment.author_id,
                                    Amendment.text).where(Amendment.visit_id.in_(ids))
                             .order_by(Amendment.id)):
        if a[0] in notes:
            notes[a[0]].append([*a[1:]])
    return {i: content_digest(_flat(parts)) for i, parts in notes.items()}


def _exams(session: Session, ids: list[int]) -> dict[int, str]:
    exams: dict[int, list[Any]] = {r[0]: [r[1], r[2]] for r in session.execute(
        select(Exam.id, Exam.visit_id, Exam.data).where(Exam.id.in_(ids)))}
    for d in session.execute(select(ExamDecision.exam_id, ExamDecision.finding_key,
                                    ExamDecision.decision, ExamDecision.reason,
                                    ExamDecision.explanation, ExamDecision.decided_at,
                                    ExamDecision.decided_by_id)
                             .where(ExamDecision.exam_id.in_(ids)).order_by(ExamDecision.id)):
        if d[0] in exams:
            exams[d[0]].append([*d[1:]])
    return {i: content_digest(_flat(parts)) for i, parts in exams.items()}


def _plans(session: Session, episode_ids: list[int]) -> dict[int, str]:
    plans: dict[int, list[Any]] = {}
    for r in session.execute(select(PlanRevision.episode_id, PlanRevision.revision,
                                    PlanRevision.saved_at, PlanRevision.saved_by_id,
                                    PlanRevision.data)
                             .where(PlanRevision.episode_id.in_(episode_ids))
                             .order_by(PlanRevision.episode_id, PlanRevision.revision)):
        plans.setdefault(r[0], []).append([*r[1:]])
    return {i: content_digest(_flat(parts)) for i, parts in plans.items()}


def _handouts(session: Session, ids: list[int]) -> dict[int, str]:
    return {r[0]: bytes_digest(bytes(r[1])) for r in session.execute(
        select(HandoutRecord.id, HandoutRecord.pdf).where(HandoutRecord.id.in_(ids)))}


def _flat(parts: list[Any]) -> list[Any]:
    """Nested lists become JSON-able values (timestamps in canonical text)."""
    return [_flat(p) if isinstance(p, list) else at_text(p) if isinstance(p, datetime) else p
            for p in parts]


_READERS: dict[str, tuple[Callable[[Session, list[int]], dict[int, str]], int]] = {
    "visit": (_visits, _BATCH), "exam": (_exams, _BATCH), "plan": (_plans, _BATCH),
    "handout": (_handouts, _PDF_BATCH),
}


def content_digests(session: Session, entity: str, ids: Iterable[int]) -> dict[int, str]:
    """Digest of each record's signed content now; records that no longer exist are left out."""
    reader, size = _READERS[entity]
    found: dict[int, str] = {}
    for batch in _batches(ids, size):
        found.update(reader(session, batch))
    return found


def content_digest_of(session: Session, entity: str, record_id: int) -> str:
    """Digest of one record's signed content, to seal it in the audit row written now."""
    session.flush()
    return content_digests(session, entity, [record_id])[record_id]


def seal_exam(session: Session, actor: Actor, visit_id: int) -> None:
    """Signing a note signs its exam too: seal the exam's content in its own audit row."""
    exam_id = session.scalar(select(Exam.id).where(Exam.visit_id == visit_id))
    if exam_id is not None:
        audit(session, actor, "sign", "exam", exam_id, ["visit_signed"],
              content_hash=content_digest_of(session, "exam", exam_id))


def forget_sealed(session: Session, actor: Actor, patient_id: int) -> None:
    """Before a lawful erasure: release the patient's sealed records from the content check.

    One ``erased`` row per record says it went on purpose, so its absence is not reported as
    tampering later; the rows hold record ids only, never content.
    """
    visits = select(Visit.id).where(Visit.patient_id == patient_id)
    owned = {
        "visit": visits,
        "exam": select(Exam.id).where(Exam.visit_id.in_(visits)),
        "plan": select(PlanRevision.episode_id).distinct().join(
            Episode, Episode.id == PlanRevision.episode_id).where(Episode.patient_id == patient_id),
        "handout": select(HandoutRecord.id).where(HandoutRecord.patient_id == patient_id),
    }
    for entity, ids in owned.items():
        for record_id in sorted(session.scalars(ids)):
            audit(session, actor, "erased", entity, record_id, ["erasure"])
