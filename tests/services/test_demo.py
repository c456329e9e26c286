"""Demo data: plausible runners written in one transaction, usable through the normal services."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, time

import pytest
from sqlalchemy import func, select

from clinic_app.domain.errors import PermissionDenied
from clinic_app.domain.patients import (
    DischargeReason,
    NoteStatus,
    Role,
    VisitKind,
    age_on,
    name_terms,
)
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import (
    Amendment,
    AuditEntry,
    ChartCounter,
    Episode,
    Patient,
    PatientSearchTerm,
    Visit,
)
from clinic_app.services import demo
from clinic_app.services.context import Actor
from clinic_app.services.demo import generate_demo
from clinic_app.services.patients import PatientQuery
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft

MIDNIGHT = datetime.combine(TODAY, time(0), UTC)
_TABLES = (Patient, PatientSearchTerm, Episode, Visit, Amendment, AuditEntry)


def _counts(db: Database) -> dict[str, int]:
    with db.reading() as s:
        counts = {m.__tablename__: int(s.scalar(select(func.count()).select_from(m)) or 0)
                  for m in _TABLES}
        counts["chart_counter"] = int(s.scalar(select(ChartCounter.last_number)) or 0)
        return counts


def _people(db: Database) -> list[tuple[str, str]]:
    with db.reading() as s:
        return [(g, f) for g, f in s.execute(select(Patient.given_name, Patient.family_name)
                                             .order_by(Patient.chart_number))]


def test_generated_patients_are_searchable_and_chart_numbers_continue(
        services: Services, clinician: Actor, db: Database) -> None:
    summary = generate_demo(db, clinician, 50, today=TODAY)
    assert summary.patients == 50 and summary.episodes >= 50
    assert summary.visits >= summary.episodes and summary.seconds > 0
    assert services.patients.count() == 50
    with db.reading() as s:
        rows = s.execute(select(Patient.id, Patient.chart_number, Patient.given_name,
                                Patient.family_name, Patient.preferred_name)).all()
        terms: dict[int, set[str]] = defaultdict(set)
        for term, pid in s.execute(select(PatientSearchTerm.term, PatientSearchTerm.patient_id)):
            terms[pid].add(term)
    assert sorted(r.chart_number for r in rows) == list(range(1, 51))
    for pid, _, given, family, preferred in rows:
        assert terms[pid] == name_terms(given, family, preferred)
        found = services.patients.search(PatientQuery(text=f"{given} {family}")).rows
        assert pid in {r.id for r in found}, (given, family)
    created = services.patients.create(clinician, make_draft(), TODAY).created_id
    assert services.patients.get(created or 0).chart_label == "SC-000051"


def test_audit_rows_match_a_normal_create(services: Services, clinician: Actor,
                                          db: Database) -> None:
    generate_demo(db, clinician, 5, today=TODAY)
    normal = services.patients.create(clinician, make_draft(), TODAY).created_id or 0
    with db.reading() as s:
        first = int(s.scalar(select(func.min(Patient.id))) or 0)
    (generated,) = services.users.audit_trail("patient", first)
    (expected,) = services.users.audit_trail("patient", normal)
    assert (generated.action, generated.user, generated.workstation) == (
        "create", "Dr Amira Ahmed", "ws-test")
    assert generated.changed_fields == expected.changed_fields
    assert generated.at < MIDNIGHT


def test_ages_dates_kinds_and_signatures_are_plausible(clinician: Actor, db: Database) -> None:
    generate_demo(db, clinician, 200, today=TODAY, seed=7)
    with db.reading() as s:
        patients = {p.id: p for p in s.scalars(select(Patient))}
        episodes = list(s.scalars(select(Episode).order_by(Episode.patient_id,
                                                           Episode.start_date)))
        visits: dict[int, list[Visit]] = defaultdict(list)
        for v in s.scalars(select(Visit).order_by(Visit.starts_at)):
            visits[v.episode_id].append(v)
        signed = {v.id: v.signed_at for v in s.scalars(select(Visit)) if v.signed_at}
        amendments = list(s.scalars(select(Amendment)))
    assert all(16 <= age_on(p.birth_date, TODAY) <= 75 for p in patients.values())
    assert any(not (p.given_name + p.family_name).isascii() for p in patients.values())
    assert {p.sex for p in patients.values()} >= {"female", "male"}
    per_patient: dict[int, list[Episode]] = defaultdict(list)
    for e in episodes:
        per_patient[e.patient_id].append(e)
        vs = visits[e.id]
        assert 1 <= len(vs) <= 8
        assert age_on(patients[e.patient_id].birth_date, e.start_date) >= 16
        assert vs[0].starts_at.date() == e.start_date
        days = [v.starts_at.date() for v in vs]
        assert days == sorted(set(days))
        for v in vs:
            assert v.starts_at.tzinfo is not None and v.starts_at < MIDNIGHT
            assert 8 <= v.starts_at.hour < 18 and v.starts_at.weekday() < 5
            if v.status == NoteStatus.SIGNED:
                assert v.signed_by_id == clinician.user_id and v.signed_at is not None
                assert v.starts_at < v.signed_at < MIDNIGHT
            else:
                assert v.signed_at is None and v.signed_by_id is None
        kinds = [v.kind for v in vs]
        assert kinds[0] == VisitKind.INITIAL
        if e.status == "discharged":
            assert len(vs) >= 2 and kinds[-1] == VisitKind.DISCHARGE
            assert set(kinds[1:-1]) <= {VisitKind.FOLLOW_UP}
            assert e.discharge_date == days[-1] and DischargeReason(e.discharge_reason)
            assert all(v.status == NoteStatus.SIGNED for v in vs)
        else:
            assert set(kinds[1:]) <= {VisitKind.FOLLOW_UP} and e.discharge_date is None
            assert all(v.status == NoteStatus.SIGNED for v in vs[:-1])
    for eps in per_patient.values():
        assert 1 <= len(eps) <= 3
        assert all(e.status == "discharged" for e in eps[:-1])
        for older, newer in zip(eps, eps[1:], strict=False):
            assert visits[older.id][-1].starts_at.date() < newer.start_date
    assert {e.status for e in episodes} == {"open", "discharged"}
    assert any(v.status == NoteStatus.DRAFT for vs in visits.values() for v in vs)
    assert amendments and all(signed[a.visit_id] < a.created_at < MIDNIGHT for a in amendments)


def test_same_seed_gives_same_people_and_notes(clinician: Actor, db: Database) -> None:
    for seed in (11, 11, 12):
        generate_demo(db, clinician, 30, today=TODAY, seed=seed)
    people = _people(db)
    assert people[:30] == people[30:60]
    assert people[:30] != people[60:]
    with db.reading() as s:
        def notes(low: int, high: int) -> list[str]:
            return list(s.scalars(select(Visit.subjective).join(Patient)
                                  .where(Patient.chart_number.between(low, high))
                                  .order_by(Visit.id)))
        assert notes(1, 30) == notes(31, 60) != notes(61, 90)


@pytest.mark.parametrize("count", [0, -1, 200_001, True, 2.5])
def test_invalid_patient_count_is_refused(clinician: Actor, db: Database, count: object) -> None:
    with pytest.raises(ValueError, match="from 1 to 200,000"):
        generate_demo(db, clinician, count, today=TODAY)  # type: ignore[arg-type]
    assert _counts(db)["patient"] == 0


def test_front_desk_may_not_generate_signed_notes(clinician: Actor, db: Database) -> None:
    desk = Actor(clinician.user_id, "Front Desk", Role.FRONT_DESK, "ws-test")
    with pytest.raises(PermissionDenied):
        generate_demo(db, desk, 3, today=TODAY)


def test_progress_is_reported_per_chunk(monkeypatch: pytest.MonkeyPatch, clinician: Actor,
                                        db: Database) -> None:
    monkeypatch.setattr(demo, "CHUNK_SIZE", 10)
    calls: list[tuple[int, int]] = []
    generate_demo(db, clinician, 25, today=TODAY, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(10, 25), (20, 25), (25, 25)]


def test_failure_midway_leaves_no_rows(monkeypatch: pytest.MonkeyPatch, services: Services,
                                       clinician: Actor, db: Database) -> None:
    monkeypatch.setattr(demo, "CHUNK_SIZE", 10)
    before = _counts(db)

    def fail_on_second_chunk(done: int, total: int) -> None:
        if done == 20:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        generate_demo(db, clinician, 35, today=TODAY, progress=fail_on_second_chunk)
    assert _counts(db) == before
    created = services.patients.create(clinician, make_draft(), TODAY).created_id
    assert services.patients.get(created or 0).chart_label == "SC-000001"


def test_care_service_reads_generated_visits(services: Services, clinician: Actor,
                                             db: Database) -> None:
    generate_demo(db, clinician, 60, today=TODAY)
    with db.reading() as s:
        ids = list(s.scalars(select(Patient.id)))
    amended = 0
    for pid in ids:
        rows = services.care.list_visits(pid)
        details = services.patients.get(pid)
        assert len(rows) == sum(e.visit_count for e in details.episodes) > 0
        assert [r.starts_at for r in rows] == sorted((r.starts_at for r in rows), reverse=True)
        for row in rows:
            note = services.care.get_note(row.id)
            assert note.subjective and note.objective and note.clinician == "Dr Amira Ahmed"
            if note.status is NoteStatus.SIGNED:
                assert note.signed_by == "Dr Amira Ahmed" and note.assessment and note.plan
            amended += len(note.amendments)
            assert all(a.author == "Dr Amira Ahmed" and a.text for a in note.amendments)
    assert amended > 0
