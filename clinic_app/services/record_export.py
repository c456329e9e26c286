"""The record out of the app: a FHIR R4 Bundle for another service, and the patient's own copy.

Both are read in one transaction, audited (who exported what, never the content) and written
atomically, so a failed export leaves no half-written file behind.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from clinic_app.domain.access import Action
from clinic_app.domain.errors import NotFoundError
from clinic_app.domain.measures.outcomes import measures_from_data, score_visit
from clinic_app.domain.messages import msg
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import (
    Amendment,
    Episode,
    HandoutRecord,
    Patient,
    PsfsSeries,
    User,
    Visit,
    VisitMeasuresRecord,
)
from clinic_app.reports.fhir_bundle import (
    ExportDocument,
    ExportEpisode,
    ExportMeasures,
    ExportPatient,
    ExportRecord,
    ExportVisit,
    build_bundle,
    validate_bundle,
)
from clinic_app.services.access import authorize
from clinic_app.services.clinical_settings import read_clinical_settings
from clinic_app.services.context import Actor, audit
from clinic_app.services.files import write_atomically

logger = logging.getLogger(__name__)

_SOAP = (("Subjective", "subjective"), ("Objective", "objective"), ("Assessment", "assessment"),
         ("Plan", "plan"))


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What an export wrote, for the message the user sees."""

    path: Path
    episodes: int
    visits: int
    measures: int
    documents: int
    left_out: tuple[str, ...] = ()

    def text(self) -> str:
        """"3 episodes, 12 visits, 9 measure sets and 4 documents written to …"."""
        line = (f"{self.episodes} episode(s), {self.visits} visit(s), {self.measures} set(s) of "
                f"measures and {self.documents} document(s) written to {self.path}.")
        return " ".join([line, *self.left_out])


def _file_name(doc_id: int, title: str, created: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower() or "document"
    return f"{created}-{doc_id}-{slug[:60]}.pdf"


def _gather(s: Session, patient_id: int, episode_id: int | None, now: datetime) -> ExportRecord:
    patient = s.get(Patient, patient_id)
    if patient is None:
        raise NotFoundError(msg("patient.not_found", patient_id=patient_id))
    episodes_q = select(Episode).where(Episode.patient_id == patient_id).order_by(
        Episode.start_date, Episode.id)
    if episode_id is not None:
        episodes_q = episodes_q.where(Episode.id == episode_id)
    episodes = list(s.scalars(episodes_q))
    if episode_id is not None and not episodes:
        raise NotFoundError(msg("record_export.episode_not_one_patient_s", episode_id=episode_id))
    episode_ids = [e.id for e in episodes]
    clinician, signer = aliased(User), aliased(User)
    visit_rows = s.execute(
        select(Visit, clinician.display_name, signer.display_name)
        .join(clinician, clinician.id == Visit.clinician_id)
        .outerjoin(signer, signer.id == Visit.signed_by_id)
        .where(Visit.episode_id.in_(episode_ids)).order_by(Visit.starts_at, Visit.id)).all()
    visit_ids = [v.id for v, _, _ in visit_rows]
    amendments: dict[int, list[tuple[str, Any, str]]] = {}
    for a, author in s.execute(select(Amendment, User.display_name)
                               .join(User, User.id == Amendment.author_id)
                               .where(Amendment.visit_id.in_(visit_ids))
                               .order_by(Amendment.created_at, Amendment.id)):
        amendments.setdefault(a.visit_id, []).append((author, a.created_at, a.text))
    visits = tuple(ExportVisit(
        v.id, v.episode_id, v.starts_at, name, v.kind, v.status, v.signed_at, signed or "",
        tuple((title, getattr(v, attr) or "") for title, attr in _SOAP),
        tuple(amendments.get(v.id, ()))) for v, name, signed in visit_rows)
    settings = read_clinical_settings(s)
    series = {row.id: tuple(json.loads(row.activities)) for row in s.scalars(
        select(PsfsSeries).where(PsfsSeries.episode_id.in_(episode_ids)))}
    by_visit = {v.id: v for v in visits}
    measures = []
    for row in s.scalars(select(VisitMeasuresRecord).where(VisitMeasuresRecord.visit_id.in_(visit_ids))):
        values = measures_from_data(json.loads(row.data))
        visit = by_visit[row.visit_id]
        activities = series.get(values.psfs.series_id, ()) if values.psfs else ()
        measures.append(ExportMeasures(row.visit_id, row.episode_id,
                                       visit.starts_at.astimezone().date(), visit.starts_at,
                                       visit.status == "signed", values,
                                       score_visit(values, settings), activities))
    measures.sort(key=lambda m: (m.measured_at, m.visit_id))
    documents, left_out = [], []
    docs_q = select(HandoutRecord, User.display_name).join(
        User, User.id == HandoutRecord.created_by_id).where(HandoutRecord.patient_id == patient_id)
    if episode_id is not None:
        docs_q = docs_q.where(HandoutRecord.episode_id == episode_id)
    for doc, author in s.execute(docs_q.order_by(HandoutRecord.created_at, HandoutRecord.id)):
        pdf = bytes(doc.pdf)
        if hashlib.sha256(pdf).hexdigest() != doc.sha256:
            left_out.append(f"Document {doc.id} ({doc.title}) is damaged in the database and "
                            "was left out; restore it from a backup and export again.")
            continue
        documents.append(ExportDocument(doc.id, doc.episode_id, doc.kind, doc.title,
                                        doc.created_at, author, doc.sha256, pdf,
                                        _file_name(doc.id, doc.title, f"{doc.created_at:%Y-%m-%d}")))
    return ExportRecord(
        ExportPatient(patient.id, patient.chart_number, patient.given_name, patient.family_name,
                      patient.preferred_name, patient.birth_date, patient.sex, patient.phone,
                      patient.email, patient.address),
        tuple(ExportEpisode(e.id, e.start_date, e.complaint, e.status, e.discharge_date,
                            e.discharge_reason) for e in episodes),
        visits, tuple(measures), tuple(documents), now,
        notes=tuple(left_out))


class RecordExportService:
    """FHIR export and the patient's own copy (right of access)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def record(self, actor: Actor, patient_id: int, episode_id: int | None = None) -> ExportRecord:
        """Everything one export holds, read in one transaction (not audited on its own)."""
        authorize(self._db, actor, Action.EXPORT_RECORD)
        with self._db.reading() as s:
            return _gather(s, patient_id, episode_id, self._db.clock.now())

    def fhir_bundle(self, actor: Actor, patient_id: int, episode_id: int | None = None, *,
                    inline_documents: bool = True) -> dict[str, Any]:
        """The validated FHIR R4 Bundle (not audited: :meth:`export_fhir` writes and audits)."""
        bundle = build_bundle(self.record(actor, patient_id, episode_id),
                              inline_documents=inline_documents)
        validate_bundle(bundle)
        return bundle

    def export_fhir(self, actor: Actor, patient_id: int, path: Path | str,
                    episode_id: int | None = None) -> ExportSummary:
        """Write the Bundle as JSON to ``path`` and audit the export."""
        record = self.record(actor, patient_id, episode_id)
        bundle = build_bundle(record, inline_documents=True)
        validate_bundle(bundle)
        target = Path(path)
        write_atomically(target, json.dumps(bundle, ensure_ascii=False, indent=1).encode())
        self._audit(actor, patient_id, "export_fhir" if episode_id is None else "export_fhir_episode")
        logger.info("FHIR export of patient %s (%d resources)", patient_id, len(bundle["entry"]))
        return _summary(target, record)

    def patient_copy(self, actor: Actor, patient_id: int, path: Path | str) -> ExportSummary:
        """One zip: the FHIR Bundle, a readable PDF summary and every stored document."""
        from clinic_app.reports.documents.record_summary import build_record_summary  # noqa: PLC0415

        record = self.record(actor, patient_id)
        bundle = build_bundle(record, inline_documents=False)
        validate_bundle(bundle)
        pdf = io.BytesIO()
        from clinic_app.services.branding import BrandingService  # noqa: PLC0415

        build_record_summary(record, BrandingService(self._db).get(), pdf)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("summary.pdf", pdf.getvalue())
            archive.writestr("record.fhir.json", json.dumps(bundle, ensure_ascii=False, indent=1))
            for doc in record.documents:
                archive.writestr(f"documents/{doc.file_name}", doc.pdf)
            archive.writestr("README.txt", _README)
        target = Path(path)
        write_atomically(target, buffer.getvalue())
        self._audit(actor, patient_id, "patient_copy")
        return _summary(target, record)

    def _audit(self, actor: Actor, patient_id: int, what: str) -> None:
        with self._db.writing() as s:
            audit(s, actor, "export", "patient", patient_id, [what])


_README = """This archive is your copy of the record the practice holds about you.

summary.pdf        everything held, to read and print
record.fhir.json   the same record in FHIR R4 (a standard other health services can import)
documents/         every document kept in your chart, exactly as it was given to you
"""


def _summary(path: Path, record: ExportRecord) -> ExportSummary:
    return ExportSummary(path, len(record.episodes), len(record.visits), len(record.measures),
                         len(record.documents), record.notes)
