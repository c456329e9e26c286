"""FHIR R4 export and the patient's own copy: validated bundles, scores read back, audited."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader
from sqlalchemy import select

from clinic_app.demo.generator import generate_demo
from clinic_app.domain.errors import NotFoundError, PermissionDenied
from clinic_app.domain.measures.outcomes import NprsValues, PsfsRatings, StartBackAnswers, VisitMeasures
from clinic_app.domain.measures.scoring import score_odi
from clinic_app.domain.measures.startback import Bothersomeness
from clinic_app.domain.patients import VisitKind
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import AuditEntry
from clinic_app.reports.fhir_bundle import resources_of
from clinic_app.services.care import SoapText
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft

ODI = (2, 2, None, 2, 2, 2, 1, 1, 1, 1)  # section 3 (lifting) not answered
STARTBACK = StartBackAnswers((True, False, False, False, True, True, True, False),
                             Bothersomeness.VERY_MUCH)


@pytest.fixture
def chart(services: Services, clinician: Actor) -> dict[str, int]:
    draft = make_draft(given_name="Zoë <b>", family_name="O'Neill & Sons")
    pid = services.patients.create(clinician, draft, TODAY).created_id or 0
    first = services.care.open_episode(clinician, pid, date(2026, 9, 1), "Left SIJ pain", TODAY)
    ep = first.created_id or 0
    v1 = services.care.create_visit(clinician, ep, datetime(2026, 9, 1, 9, tzinfo=UTC),
                                    VisitKind.INITIAL).created_id or 0
    v2 = services.care.create_visit(clinician, ep, datetime(2026, 9, 15, 9, tzinfo=UTC),
                                    VisitKind.FOLLOW_UP).created_id or 0
    note = services.care.get_note(v1)
    services.care.save_draft(clinician, v1, SoapText("Runs 40 km/week", "ASLR positive",
                                                     "SIJ pain", "Load management"),
                             note.version)
    series = services.measures.start_psfs_series(clinician, ep, ["Run 10 km", "Sit 1 h", "Lift"])
    services.measures.save(clinician, v1, VisitMeasures(
        NprsValues(back_now=7, leg_now=2), ODI, frozenset({1, 4, 9}),
        PsfsRatings(series.created_id or 0, (3.0, 5.0, 4.0)), STARTBACK), 0, TODAY)
    services.measures.save(clinician, v2, VisitMeasures(NprsValues(back_now=3)), 0, TODAY)
    services.care.sign(clinician, v1, services.care.get_note(v1).version)
    services.care.amend(clinician, v1, "Also reports morning stiffness.")
    other = services.care.open_episode(clinician, pid, date(2026, 11, 1), "Disc, right leg", TODAY)
    services.handouts.render(clinician, pid, "education-sij", episode_id=ep, today=TODAY)
    return {"patient": pid, "episode": ep, "other": other.created_id or 0, "v1": v1, "v2": v2}


def _observations(bundle: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [o for o in resources_of(bundle, "Observation")
            if any(c["code"] == code for c in o["code"]["coding"])]


def test_bundle_validates_and_scores_read_back(services: Services, clinician: Actor,
                                               chart: dict[str, int]) -> None:
    bundle = services.record_export.fhir_bundle(clinician, chart["patient"])
    parsed = Bundle.model_validate_json(json.dumps(bundle))  # round trip through the R4B models
    kinds = [e.resource.__resource_type__ for e in parsed.entry]
    assert kinds.count("Patient") == 1 and kinds.count("Condition") == 2
    assert kinds.count("Encounter") == 2
    patient = next(iter(resources_of(bundle, "Patient")))
    assert patient["name"][0] == {"use": "official", "family": "O'Neill & Sons",
                                  "given": ["Zoë <b>"]}
    odi = _observations(bundle, "97909-6")
    assert [o["valueQuantity"]["value"] for o in odi] == [round(score_odi(ODI).percent, 1)]
    assert [o["valueInteger"] for o in _observations(bundle, "91351-7")] == [5]
    assert [o["valueInteger"] for o in _observations(bundle, "91350-9")] == [4]
    assert _observations(bundle, "91352-5")[0]["valueCodeableConcept"]["text"] == "high risk"
    pain = [o["valueInteger"] for o in _observations(bundle, "72514-3")]
    assert sorted(pain) == [2, 3, 7]
    assert [o["valueInteger"] for o in _observations(bundle, "rmdq-total")] == [3]
    assert [o["valueQuantity"]["value"] for o in _observations(bundle, "psfs-mean")] == [4.0]
    # Signed visit: final; the second visit's note is a draft, so its measures are preliminary.
    assert {o["status"] for o in _observations(bundle, "72514-3")} == {"final", "preliminary"}


def test_not_asked_stays_unanswered(services: Services, clinician: Actor,
                                    chart: dict[str, int]) -> None:
    bundle = services.record_export.fhir_bundle(clinician, chart["patient"])
    odi = next(r for r in resources_of(bundle, "QuestionnaireResponse")
               if r["questionnaire"].endswith(":odi"))
    lifting = next(i for i in odi["item"] if i["linkId"] == "odi-3")
    assert lifting["text"] == "Lifting" and "answer" not in lifting
    psfs = next(r for r in resources_of(bundle, "QuestionnaireResponse")
                if r["questionnaire"].endswith(":psfs"))
    assert [(i["text"], i["answer"][0]["valueDecimal"]) for i in psfs["item"]] == [
        ("Run 10 km", 3.0), ("Sit 1 h", 5.0), ("Lift", 4.0)]


def test_notes_and_documents_are_document_references(services: Services, clinician: Actor,
                                                     chart: dict[str, int]) -> None:
    import base64

    bundle = services.record_export.fhir_bundle(clinician, chart["patient"])
    refs = list(resources_of(bundle, "DocumentReference"))
    notes = [r for r in refs if r["content"][0]["attachment"]["contentType"].startswith("text/")]
    assert [n["docStatus"] for n in notes] == ["final", "preliminary"]
    text = base64.b64decode(notes[0]["content"][0]["attachment"]["data"]).decode()
    assert "ASLR positive" in text and "Also reports morning stiffness." in text
    pdfs = [r for r in refs if r["content"][0]["attachment"]["contentType"] == "application/pdf"]
    stored = services.handouts.history(chart["patient"])
    assert len(pdfs) == 1 == len(stored)
    assert base64.b64decode(pdfs[0]["content"][0]["attachment"]["data"]) == \
        services.handouts.reprint(stored[0].id)


def test_episode_export_holds_only_that_episode(services: Services, clinician: Actor,
                                                chart: dict[str, int]) -> None:
    bundle = services.record_export.fhir_bundle(clinician, chart["patient"], chart["other"])
    conditions = list(resources_of(bundle, "Condition"))
    assert [c["code"]["text"] for c in conditions] == ["Disc, right leg"]
    assert not list(resources_of(bundle, "Encounter"))
    with pytest.raises(NotFoundError):
        services.record_export.fhir_bundle(clinician, chart["patient"], 99999)


def test_export_is_audited_and_written_atomically(services: Services, clinician: Actor,
                                                  chart: dict[str, int], db: Database,
                                                  tmp_path: Path) -> None:
    target = tmp_path / "out" / "record.json"
    target.parent.mkdir()
    summary = services.record_export.export_fhir(clinician, chart["patient"], target)
    assert summary.visits == 2 and summary.documents == 1 and summary.episodes == 2
    Bundle.model_validate_json(target.read_text(encoding="utf-8"))
    assert [p.name for p in target.parent.iterdir()] == ["record.json"]  # no temporary left behind
    with db.reading() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == "export")).all()
        assert [(r.entity, r.entity_id, json.loads(r.changed_fields)) for r in rows] == [
            ("patient", chart["patient"], ["export_fhir"])]


def test_front_desk_may_not_export(services: Services, chart: dict[str, int],
                                   front_desk: Actor, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        services.record_export.export_fhir(front_desk, chart["patient"], tmp_path / "x.json")
    assert not (tmp_path / "x.json").exists()


def test_patient_copy_holds_summary_bundle_and_documents(services: Services, clinician: Actor,
                                                         chart: dict[str, int],
                                                         tmp_path: Path) -> None:
    target = tmp_path / "copy.zip"
    services.record_export.patient_copy(clinician, chart["patient"], target)
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        bundle = json.loads(archive.read("record.fhir.json"))
        summary = archive.read("summary.pdf")
        documents = [n for n in names if n.startswith("documents/")]
        stored = services.handouts.history(chart["patient"])
        assert [archive.read(n) for n in documents] == [services.handouts.reprint(stored[0].id)]
    Bundle.model_validate(bundle)
    attachment = next(r for r in resources_of(bundle, "DocumentReference")
                      if r["content"][0]["attachment"]["contentType"] == "application/pdf")
    assert attachment["content"][0]["attachment"]["url"] == documents[0]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(summary)).pages)
    text = " ".join(text.split())
    assert "Zoë <b> O'Neill & Sons" in text
    assert "Also reports morning stiffness." in text and "not answered: Lifting" in text
    assert "draft, not signed yet" in text and "Left SIJ pain" in text
    assert f"{stored[0].title} documents/" in text  # each document named with its file


def test_every_demo_patient_exports_a_valid_bundle(services: Services, clinician: Actor,
                                                   db: Database) -> None:
    generate_demo(db, clinician, 200, today=TODAY)
    from clinic_app.persistence.models import Patient

    with db.reading() as s:
        ids = list(s.scalars(select(Patient.id)))
    assert len(ids) == 200
    measured = 0
    for pid in ids:
        bundle = services.record_export.fhir_bundle(clinician, pid)  # validates or raises
        measured += bool(_observations(bundle, "72514-3"))
    assert measured > 100
