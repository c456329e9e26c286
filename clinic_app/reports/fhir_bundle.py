"""A patient's record as a FHIR R4 Bundle (collection): Patient, Condition, Encounter,
Observation, QuestionnaireResponse and DocumentReference resources.

Pure: the service gathers the record into the dataclasses below; this module maps them to FHIR
JSON and validates the result with ``fhir.resources`` (R4B models, imported on first use).
Answers that were not asked stay unanswered: a QuestionnaireResponse item without an answer is
"not asked", never "no".
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from clinic_app.domain.measures.outcomes import NPRS_FIELDS, VisitMeasures, VisitScores
from clinic_app.domain.measures.scoring import ODI_SECTION_LABELS, RMDQ_ITEM_COUNT
from clinic_app.domain.measures.startback import STARTBACK_ITEM_LABELS
from clinic_app.domain.patients import format_chart_number

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
LOCAL_MEASURES = "urn:stride-clinic:measure"
LOCAL_QUESTIONNAIRE = "urn:stride-clinic:questionnaire:"
CHART_NUMBER_SYSTEM = "urn:stride-clinic:chart-number"
_OBS_CATEGORY = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                             "code": "survey", "display": "Survey"}]}
_GENDER = {"female": "female", "male": "male", "intersex": "other", "not_stated": "unknown"}
_VISIT_KIND = {"initial": "Initial assessment", "follow_up": "Follow-up", "discharge": "Discharge"}
_NPRS_TEXT = {
    "back_now": "Back pain now", "back_best": "Back pain at its best (last 24 hours)",
    "back_worst": "Back pain at its worst (last 24 hours)", "leg_now": "Leg pain now",
    "leg_best": "Leg pain at its best (last 24 hours)",
    "leg_worst": "Leg pain at its worst (last 24 hours)",
}


@dataclass(frozen=True, slots=True)
class ExportPatient:
    id: int
    chart_number: int
    given_name: str
    family_name: str
    preferred_name: str
    birth_date: date
    sex: str
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True, slots=True)
class ExportEpisode:
    id: int
    start_date: date
    complaint: str
    status: str
    discharge_date: date | None
    discharge_reason: str


@dataclass(frozen=True, slots=True)
class ExportVisit:
    id: int
    episode_id: int
    starts_at: datetime
    clinician: str
    kind: str
    status: str
    signed_at: datetime | None
    signed_by: str
    soap: tuple[tuple[str, str], ...]
    amendments: tuple[tuple[str, datetime, str], ...] = ()

    def text(self) -> str:
        """The note as the clinic holds it: each SOAP section, then every amendment."""
        parts = [f"{title}:\n{body}" for title, body in self.soap if body.strip()]
        parts += [f"Amendment by {author}, {at:%Y-%m-%d %H:%M} UTC:\n{text}"
                  for author, at, text in self.amendments]
        return "\n\n".join(parts) or "(no text recorded)"


@dataclass(frozen=True, slots=True)
class ExportMeasures:
    visit_id: int
    episode_id: int
    measured_on: date
    measured_at: datetime
    final: bool
    measures: VisitMeasures
    scores: VisitScores
    psfs_activities: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ExportDocument:
    id: int
    episode_id: int | None
    kind: str
    title: str
    created_at: datetime
    created_by: str
    sha256: str
    pdf: bytes
    file_name: str


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """Everything one export holds (one patient, or one episode of one patient)."""

    patient: ExportPatient
    episodes: tuple[ExportEpisode, ...]
    visits: tuple[ExportVisit, ...]
    measures: tuple[ExportMeasures, ...]
    documents: tuple[ExportDocument, ...]
    generated_at: datetime
    practice: str = ""
    notes: tuple[str, ...] = field(default=())


def _id(kind: str, key: object) -> str:
    """A stable resource id (same record, same id on every export)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"stride-clinic:{kind}:{key}"))


def _ref(kind: str, key: object) -> dict[str, str]:
    return {"reference": f"urn:uuid:{_id(kind, key)}"}


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def _patient(p: ExportPatient) -> dict[str, Any]:
    names: list[dict[str, Any]] = [{"use": "official", "family": p.family_name,
                                    "given": [p.given_name]}]
    if p.preferred_name.strip():
        names.append({"use": "usual", "given": [p.preferred_name]})
    resource: dict[str, Any] = {
        "resourceType": "Patient", "id": _id("patient", p.id),
        "identifier": [{"system": CHART_NUMBER_SYSTEM,
                        "value": format_chart_number(p.chart_number)}],
        "name": names, "gender": _GENDER.get(p.sex, "unknown"),
        "birthDate": p.birth_date.isoformat(),
    }
    telecom = [{"system": "phone", "value": p.phone}] if p.phone.strip() else []
    telecom += [{"system": "email", "value": p.email}] if p.email.strip() else []
    if telecom:
        resource["telecom"] = telecom
    if p.address.strip():
        resource["address"] = [{"text": p.address}]
    return resource


def _condition(e: ExportEpisode, patient_id: int) -> dict[str, Any]:
    resolved = e.status == "discharged"
    resource: dict[str, Any] = {
        "resourceType": "Condition", "id": _id("episode", e.id),
        "clinicalStatus": {"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
            "code": "resolved" if resolved else "active"}]},
        "category": [{"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/condition-category",
            "code": "encounter-diagnosis"}], "text": "Episode of care"}],
        "code": {"text": e.complaint or "Low back pain"},
        "subject": _ref("patient", patient_id),
        "onsetDateTime": e.start_date.isoformat(), "recordedDate": e.start_date.isoformat(),
    }
    if e.discharge_date is not None:
        resource["abatementDateTime"] = e.discharge_date.isoformat()
    if e.discharge_reason:
        resource["note"] = [{"text": f"Discharged: {e.discharge_reason.replace('_', ' ')}"}]
    return resource


def _encounter(v: ExportVisit, patient_id: int) -> dict[str, Any]:
    return {
        "resourceType": "Encounter", "id": _id("visit", v.id), "status": "finished",
        "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB",
                  "display": "ambulatory"},
        "type": [{"text": _VISIT_KIND.get(v.kind, v.kind)}],
        "subject": _ref("patient", patient_id),
        "participant": [{"individual": {"display": v.clinician}}],
        "period": {"start": _iso(v.starts_at)},
        "diagnosis": [{"condition": _ref("episode", v.episode_id)}],
    }


def _observation(m: ExportMeasures, patient_id: int, key: str, codings: list[dict[str, str]],
                 text: str, value: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Observation", "id": _id("observation", f"{m.visit_id}:{key}"),
        "status": "final" if m.final else "preliminary", "category": [_OBS_CATEGORY],
        "code": {"coding": codings, "text": text}, "subject": _ref("patient", patient_id),
        "encounter": _ref("visit", m.visit_id), "effectiveDateTime": _iso(m.measured_at),
        **value,
    }


def _local(code: str, display: str) -> dict[str, str]:
    return {"system": LOCAL_MEASURES, "code": code, "display": display}


def _observations(m: ExportMeasures, patient_id: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for name in NPRS_FIELDS:
        value = getattr(m.measures.nprs, name)
        if value is not None:
            text = f"{_NPRS_TEXT[name]} (NPRS 0-10)"
            out.append(_observation(m, patient_id, f"nprs-{name}", [
                {"system": LOINC, "code": "72514-3",
                 "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"},
                _local(f"nprs-{name.replace('_', '-')}", text)], text, {"valueInteger": value}))
    s = m.scores
    if s.odi is not None:
        out.append(_observation(m, patient_id, "odi", [
            {"system": LOINC, "code": "97909-6", "display": "Oswestry Disability Index score"}],
            "Oswestry Disability Index (ODI) total", {"valueQuantity": {
                "value": round(s.odi.percent, 1), "unit": "%", "system": UCUM, "code": "%"}}))
    if s.rmdq is not None:
        out.append(_observation(m, patient_id, "rmdq", [_local("rmdq-total",
                   "Roland-Morris Disability Questionnaire total (0-24)")],
                   "Roland-Morris Disability Questionnaire (RMDQ) total (0-24)",
                   {"valueInteger": s.rmdq}))
    if s.psfs is not None:
        out.append(_observation(m, patient_id, "psfs", [_local("psfs-mean",
                   "Patient-Specific Functional Scale mean (0-10)")],
                   "Patient-Specific Functional Scale (PSFS) mean (0-10)",
                   {"valueQuantity": {"value": round(s.psfs, 2), "unit": "score",
                                      "system": UCUM, "code": "{score}"}}))
    if s.startback is not None:
        sb = s.startback
        out.append(_observation(m, patient_id, "startback-total", [
            {"system": LOINC, "code": "91351-7", "display": "STarT Back total score"}],
            "STarT Back total score (0-9)", {"valueInteger": sb.total}))
        out.append(_observation(m, patient_id, "startback-psychosocial", [
            {"system": LOINC, "code": "91350-9", "display": "STarT Back psychosocial subscale score"}],
            "STarT Back psychosocial subscale (0-5)", {"valueInteger": sb.psychosocial}))
        out.append(_observation(m, patient_id, "startback-risk", [
            {"system": LOINC, "code": "91352-5", "display": "STarT Back risk group"}],
            "STarT Back risk group", {"valueCodeableConcept": {"text": f"{sb.risk.value} risk"}}))
    return out


def _item(link: str, text: str, answer: dict[str, Any] | None) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": link, "text": text}
    if answer is not None:
        item["answer"] = [answer]
    return item


def _responses(m: ExportMeasures, patient_id: int) -> list[dict[str, Any]]:
    measures = m.measures
    forms: list[tuple[str, str, list[dict[str, Any]]]] = []
    if measures.odi is not None:
        forms.append(("odi", "Oswestry Disability Index v2.1a", [
            _item(f"odi-{i + 1}", label, None if value is None else {"valueInteger": value})
            for i, (label, value) in enumerate(zip(ODI_SECTION_LABELS, measures.odi, strict=False))]))
    if measures.rmdq is not None:
        forms.append(("rmdq", "Roland-Morris Disability Questionnaire", [
            _item(f"rmdq-{n}", f"Statement {n}", {"valueBoolean": n in measures.rmdq})
            for n in range(1, RMDQ_ITEM_COUNT + 1)]))
    if measures.psfs is not None:
        activities = m.psfs_activities or tuple(f"Activity {n + 1}"
                                                for n in range(len(measures.psfs.ratings)))
        forms.append(("psfs", "Patient-Specific Functional Scale", [
            _item(f"psfs-{n + 1}", activity, {"valueDecimal": rating})
            for n, (activity, rating) in enumerate(zip(activities, measures.psfs.ratings,
                                                       strict=False))]))
    if measures.startback is not None:
        sb = measures.startback
        items = [_item(f"startback-{n + 1}", STARTBACK_ITEM_LABELS[n], {"valueBoolean": agree})
                 for n, agree in enumerate(sb.agree)]
        items.append(_item("startback-9", STARTBACK_ITEM_LABELS[8],
                           {"valueString": sb.bothersomeness.value.replace("_", " ")}))
        forms.append(("startback", "STarT Back Screening Tool", items))
    return [{
        "resourceType": "QuestionnaireResponse", "id": _id("response", f"{m.visit_id}:{key}"),
        "questionnaire": LOCAL_QUESTIONNAIRE + key,
        "status": "completed" if m.final else "in-progress",
        "subject": _ref("patient", patient_id), "encounter": _ref("visit", m.visit_id),
        "authored": _iso(m.measured_at), "item": items,
        "text": {"status": "generated",
                 "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{title}</div>'},
    } for key, title, items in forms]


def _note_reference(v: ExportVisit, patient_id: int) -> dict[str, Any]:
    data = v.text().encode("utf-8")
    resource: dict[str, Any] = {
        "resourceType": "DocumentReference", "id": _id("note", v.id), "status": "current",
        "docStatus": "final" if v.status == "signed" else "preliminary",
        "type": {"coding": [{"system": LOINC, "code": "11488-4", "display": "Consult note"}],
                 "text": f"Visit note — {_VISIT_KIND.get(v.kind, v.kind)}"},
        "subject": _ref("patient", patient_id), "date": _iso(v.signed_at or v.starts_at),
        "author": [{"display": v.signed_by or v.clinician}],
        "content": [{"attachment": {
            "contentType": "text/plain; charset=utf-8", "data": base64.b64encode(data).decode(),
            "hash": base64.b64encode(hashlib.sha1(data).digest()).decode(),  # noqa: S324 (FHIR)
            "title": f"Visit note {v.starts_at:%Y-%m-%d}"}}],
        "context": {"encounter": [_ref("visit", v.id)],
                    "period": {"start": _iso(v.starts_at)}},
    }
    return resource


def _document_reference(d: ExportDocument, patient_id: int, inline: bool) -> dict[str, Any]:
    attachment: dict[str, Any] = {
        "contentType": "application/pdf", "title": d.title, "size": len(d.pdf),
        "hash": base64.b64encode(hashlib.sha1(d.pdf).digest()).decode(),  # noqa: S324 (FHIR)
        "creation": _iso(d.created_at),
    }
    if inline:
        attachment["data"] = base64.b64encode(d.pdf).decode()
    else:
        attachment["url"] = f"documents/{d.file_name}"
    resource: dict[str, Any] = {
        "resourceType": "DocumentReference", "id": _id("document", d.id), "status": "current",
        "docStatus": "final", "type": {"text": d.title},
        "subject": _ref("patient", patient_id), "date": _iso(d.created_at),
        "author": [{"display": d.created_by}],
        "description": f"{d.title} (SHA-256 {d.sha256})",
        "content": [{"attachment": attachment}],
    }
    if d.episode_id is not None:
        resource["context"] = {"related": [_ref("episode", d.episode_id)]}
    return resource


def build_bundle(record: ExportRecord, *, inline_documents: bool = True) -> dict[str, Any]:
    """The record as a FHIR R4 ``collection`` Bundle (JSON-ready dict)."""
    pid = record.patient.id
    resources: list[dict[str, Any]] = [_patient(record.patient)]
    resources += [_condition(e, pid) for e in record.episodes]
    resources += [_encounter(v, pid) for v in record.visits]
    for m in record.measures:
        resources += _observations(m, pid)
        resources += _responses(m, pid)
    resources += [_note_reference(v, pid) for v in record.visits]
    resources += [_document_reference(d, pid, inline_documents) for d in record.documents]
    return {
        "resourceType": "Bundle", "id": _id("bundle", f"{pid}:{_iso(record.generated_at)}"),
        "type": "collection", "timestamp": _iso(record.generated_at),
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
    }


class BundleInvalid(ValueError):
    """The built Bundle does not satisfy the FHIR R4 models (a defect: the export is refused)."""


def validate_bundle(bundle: dict[str, Any]) -> None:
    """Validate with ``fhir.resources`` (R4B models); raise :class:`BundleInvalid` if it fails."""
    from fhir.resources.R4B.bundle import Bundle  # noqa: PLC0415 - heavy, on first use
    from pydantic import ValidationError  # noqa: PLC0415

    try:
        Bundle.model_validate(bundle)
    except ValidationError as exc:
        raise BundleInvalid(str(exc)) from exc


def resources_of(bundle: dict[str, Any], kind: str) -> Iterable[dict[str, Any]]:
    """Each resource of ``kind`` in the bundle, in order."""
    return (e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind)
