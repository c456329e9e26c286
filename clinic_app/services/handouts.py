"""Print patient documents and keep the exact PDF of each one in the chart for reprinting."""

from __future__ import annotations

import enum
import hashlib
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import func, select

from clinic_app.domain.access import Action
from clinic_app.domain.errors import NotFoundError, ValidationError
from clinic_app.domain.messages import msg
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import HandoutRecord, User
from clinic_app.reports.documents.education import build_education_handout
from clinic_app.reports.documents.exam_summary import build_exam_summary
from clinic_app.reports.documents.exercises import build_exercise_handout
from clinic_app.reports.documents.progress_letter import build_progress_letter
from clinic_app.reports.documents.return_to_performance import build_return_to_performance
from clinic_app.reports.documents.return_to_run import build_run_schedule
from clinic_app.reports.styles import Branding
from clinic_app.services.access import authorize
from clinic_app.services.context import Actor, Changes, audit
from clinic_app.services.files import write_atomically
from clinic_app.services.handout_data import Gathered, HandoutSources, SourceServices
from clinic_app.services.performance_handout import gather_return_to_performance

logger = logging.getLogger(__name__)


class HandoutKind(enum.StrEnum):
    """Every document the practice can print for a patient."""

    EXERCISES = "exercises"
    EDUCATION_SIJ = "education-sij"
    EDUCATION_DISC = "education-disc"
    EDUCATION_RUNNING = "education-running"
    EDUCATION_DOCTOR = "education-doctor"
    RETURN_TO_RUN = "return-to-run"
    PROGRESS_LETTER = "progress-letter"
    EXAM = "exam"
    RETURN_TO_PERFORMANCE = "return-to-performance"

    @property
    def clinical(self) -> bool:
        """Documents for clinicians (letter, exam summary): the front desk may not print them."""
        return self in (HandoutKind.PROGRESS_LETTER, HandoutKind.EXAM)


@dataclass(frozen=True, slots=True)
class HandoutResult:
    """A rendered document: the PDF bytes, its title and pages, and its chart record (if kept)."""

    pdf: bytes
    title: str
    pages: int
    record_id: int | None


@dataclass(frozen=True, slots=True)
class HandoutRow:
    """A document in the patient's chart."""

    id: int
    patient_id: int
    episode_id: int | None
    visit_id: int | None
    kind: HandoutKind
    title: str
    source_version: str
    pages: int
    size_bytes: int
    created_at: datetime
    created_by: str


_Builder = Callable[[Any, Branding, BinaryIO], int]
_BUILDERS: dict[HandoutKind, _Builder] = {
    HandoutKind.EXERCISES: build_exercise_handout,
    HandoutKind.RETURN_TO_RUN: build_run_schedule,
    HandoutKind.RETURN_TO_PERFORMANCE: build_return_to_performance,
    HandoutKind.PROGRESS_LETTER: build_progress_letter,
    HandoutKind.EXAM: build_exam_summary,
    **{kind: build_education_handout for kind in HandoutKind if kind.value.startswith("education-")},
}
_TITLES = {
    HandoutKind.EXERCISES: "Home exercise programme",
    HandoutKind.RETURN_TO_RUN: "Return-to-run programme",
    HandoutKind.RETURN_TO_PERFORMANCE: "Return to full running",
    HandoutKind.PROGRESS_LETTER: "Progress letter",
    HandoutKind.EXAM: "Examination summary",
}


class HandoutService:
    """Render documents from the chart, record what was handed out, reprint it byte for byte."""

    def __init__(self, db: Database, services: SourceServices) -> None:
        self._db = db
        self._services = services
        self._sources = HandoutSources(services)

    def render(self, actor: Actor, patient_id: int, kind: HandoutKind | str, *,
               episode_id: int | None = None, visit_id: int | None = None, record: bool = True,
               today: date | None = None) -> HandoutResult:
        """Build a document in memory; with ``record``, keep it in the chart with an audit row.

        Raises:
            ValidationError: something the document needs is missing (no plan, no exam, a logo
                that is no longer an image…); nothing is stored.
            RecordLocked: an open red flag or a stopped walk/run programme forbids loading advice;
                a walk/run schedule before return to run has begun (plan phase or confirmation).
        """
        try:
            kind = HandoutKind(kind)
        except ValueError as exc:
            choices = ", ".join(k.value for k in HandoutKind)
            raise ValidationError({"kind": msg("handouts.unknown_document_choose_one",
                                               kind=kind, choices=choices)}) from exc
        authorize(self._db, actor, Action.PRINT_CLINICAL_LETTER if kind.clinical else Action.PRINT_HANDOUT)
        today = today or self._db.clock.today()
        details = self._services.patients.get(patient_id)
        if kind is HandoutKind.RETURN_TO_RUN:  # C7: no dated walk/run schedule before return to run
            episode = self._sources.episode(details, episode_id)
            self._services.plans.require_run_schedule(episode.id)
        branding = self._services.branding.get()
        gathered = self._gather(kind, details, episode_id, visit_id, today, actor, branding)
        buffer = io.BytesIO()
        pages = _BUILDERS[kind](gathered.data, branding, buffer)
        pdf = buffer.getvalue()
        title = _title(kind, gathered)
        record_id = None
        if record:
            with self._db.writing() as s:
                row = HandoutRecord(patient_id=patient_id, episode_id=gathered.episode_id,
                                    visit_id=gathered.visit_id, kind=kind.value, title=title[:200],
                                    source_version=gathered.source_version[:80], pages=pages,
                                    sha256=hashlib.sha256(pdf).hexdigest(), pdf=pdf,
                                    created_by_id=actor.user_id)
                s.add(row)
                s.flush()
                record_id = row.id
                audit(s, actor, "print", "handout", row.id, [kind.value], content_hash=row.sha256)
        logger.info("rendered %s for patient %s (%d pages)", kind.value, patient_id, pages)
        return HandoutResult(pdf, title, pages, record_id)

    def history(self, patient_id: int) -> list[HandoutRow]:
        """Every document kept for the patient, newest first (without the PDF bytes)."""
        columns = (HandoutRecord.id, HandoutRecord.patient_id, HandoutRecord.episode_id,
                   HandoutRecord.visit_id, HandoutRecord.kind, HandoutRecord.title,
                   HandoutRecord.source_version, HandoutRecord.pages, func.length(HandoutRecord.pdf),
                   HandoutRecord.created_at, User.display_name)
        with self._db.reading() as s:
            rows = s.execute(select(*columns).join(User, User.id == HandoutRecord.created_by_id)
                             .where(HandoutRecord.patient_id == patient_id)
                             .order_by(HandoutRecord.created_at.desc(), HandoutRecord.id.desc())).all()
        return [HandoutRow(r[0], r[1], r[2], r[3], HandoutKind(r[4]), r[5], r[6], r[7], int(r[8] or 0),
                           r[9], r[10]) for r in rows]

    def reprint(self, record_id: int) -> bytes:
        """The exact bytes handed out (checked against the stored SHA-256)."""
        with self._db.reading() as s:
            row = s.get(HandoutRecord, record_id)
            if row is None:
                raise NotFoundError(msg("handouts.document_not_chart", record_id=record_id))
            pdf, digest = bytes(row.pdf), row.sha256
        if hashlib.sha256(pdf).hexdigest() != digest:
            raise ValidationError({"handout": msg("handouts.document_damaged_database", record_id=record_id)})
        return pdf

    def record_reprint(self, actor: Actor, record_id: int) -> Changes:
        """Note in the audit log that a kept document was printed again."""
        authorize(self._db, actor, Action.PRINT_HANDOUT)
        with self._db.writing() as s:
            row = s.get(HandoutRecord, record_id)
            if row is None:
                raise NotFoundError(msg("handouts.document_not_chart", record_id=record_id))
            audit(s, actor, "reprint", "handout", record_id, [row.kind])
            return Changes(patients=frozenset({row.patient_id}), entity="handout")

    @staticmethod
    def save_copy(document: HandoutResult | bytes, path: Path | str) -> Path:
        """Write the PDF to ``path`` atomically (a temporary file renamed into place)."""
        pdf = document.pdf if isinstance(document, HandoutResult) else bytes(document)
        return write_atomically(Path(path), pdf)

    def _gather(self, kind: HandoutKind, details: Any, episode_id: int | None, visit_id: int | None,
                today: date, actor: Actor, branding: Branding) -> Gathered:
        sources = self._sources
        clinician = sources.clinician(details, episode_id, actor.display_name)
        if kind is HandoutKind.EXERCISES:
            return sources.exercises(details, episode_id, today, clinician)
        if kind is HandoutKind.RETURN_TO_RUN:
            return sources.run_schedule(details, episode_id, today, clinician)
        if kind is HandoutKind.RETURN_TO_PERFORMANCE:
            return gather_return_to_performance(self._db, self._services, sources, details,
                                                episode_id, today, clinician)
        if kind is HandoutKind.PROGRESS_LETTER:
            return sources.letter(details, episode_id, today, clinician, branding.clinic_name)
        if kind is HandoutKind.EXAM:
            return sources.exam(details, episode_id, visit_id, today)
        return sources.education(details, kind.value, today, clinician)


def _title(kind: HandoutKind, gathered: Gathered) -> str:
    text = getattr(gathered.data, "text", None)
    return str(getattr(text, "title", "")) or _TITLES[kind]
