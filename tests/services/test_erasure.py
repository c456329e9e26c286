"""Requests to be forgotten: erased when the retention period has ended (nothing left in any
table, search index, document or the database file), restricted and explained before then."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import MetaData, String, func, select

from clinic_app.domain.errors import PermissionDenied, ValidationError
from clinic_app.domain.measures.outcomes import NprsValues, VisitMeasures
from clinic_app.domain.patients import VisitKind
from clinic_app.domain.retention import RetentionPolicy
from clinic_app.persistence.db import Database, sqlite_path
from clinic_app.persistence.models import AuditEntry, Patient, RecordRestriction
from clinic_app.services.care import SoapText
from clinic_app.services.context import Actor
from clinic_app.services.patients import PatientQuery
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft

NAME = "Quintessa"
FAMILY = "Xylophagous"
NOTE = "Zebrafinch-marathon-notes"


def _patient(services: Services, actor: Actor, when: date, given: str = NAME) -> int:
    pid = services.patients.create(actor, make_draft(given_name=given, family_name=FAMILY,
                                                     birth_date=date(1970, 1, 2)),
                                   when).created_id or 0
    ep = services.care.open_episode(actor, pid, when, "SIJ pain", TODAY).created_id or 0
    visit = services.care.create_visit(actor, ep, datetime(when.year, when.month, when.day, 9,
                                                           tzinfo=UTC),
                                       VisitKind.INITIAL).created_id or 0
    services.measures.save(actor, visit, VisitMeasures(NprsValues(back_now=5)), 0, TODAY)
    services.care.save_draft(actor, visit, SoapText(NOTE, "", "", ""),
                             services.care.get_note(visit).version)
    services.care.sign(actor, visit, services.care.get_note(visit).version)
    services.care.amend(actor, visit, f"{NOTE} amended")
    services.handouts.render(actor, pid, "education-sij", today=TODAY)
    return pid


def _rows_mentioning(db: Database, needle: str) -> list[str]:
    """Every table.column whose text holds ``needle`` (case-insensitive)."""
    metadata = MetaData()
    metadata.reflect(db.engine)
    hits = []
    with db.engine.connect() as conn:
        for table in metadata.sorted_tables:
            for column in table.c:
                if isinstance(column.type, String):  # VARCHAR and TEXT
                    count = conn.scalar(select(func.count()).select_from(table).where(
                        func.lower(column).contains(needle.lower())))
                    if count:
                        hits.append(f"{table.name}.{column.name}")
    return hits


def _file_bytes(db: Database) -> bytes:
    path = Path(sqlite_path(str(db.engine.url)) or "")
    return b"".join(p.read_bytes() for p in sorted(path.parent.iterdir())
                    if p.name.startswith(path.name))


def test_erasure_after_the_retention_period_leaves_nothing(services: Services, admin: Actor,
                                                          db: Database) -> None:
    pid = _patient(services, admin, date(2017, 3, 1))
    keep = _patient(services, admin, date(2017, 3, 1), given="Keeper")
    assert _rows_mentioning(db, FAMILY)
    if sqlite_path(str(db.engine.url)) is not None:
        assert NAME.encode() in _file_bytes(db)
    check = services.erasure.check(admin, pid, TODAY)
    assert check.assessment.erasable and check.last_contact == date(2017, 3, 1)
    outcome = services.erasure.request(admin, pid, "Letter from the patient, 20 Nov 2026", TODAY)
    assert outcome.erased and outcome.rows_removed["patient"] == 1
    assert outcome.rows_removed["visit"] == 1 and outcome.rows_removed["handout"] == 1
    with db.reading() as s:
        assert s.get(Patient, pid) is None and s.get(Patient, keep) is not None
        row = s.scalars(select(AuditEntry).where(AuditEntry.action == "erase")).one()
        assert row.entity_id == pid and NAME not in row.changed_fields
    assert [r.id for r in services.patients.search(PatientQuery(text=FAMILY)).rows] == [keep]
    assert services.handouts.history(pid) == []
    hits = _rows_mentioning(db, NAME)
    assert hits == [] and _rows_mentioning(db, NOTE) != []  # the other patient keeps theirs
    if sqlite_path(str(db.engine.url)) is not None:  # not in free pages or the log either
        db.dispose()
        raw = _file_bytes(db)
        assert NAME.encode() not in raw and NAME.lower().encode() not in raw
        assert b"Keeper" in raw


def test_before_the_period_ends_processing_is_restricted(services: Services, admin: Actor,
                                                         db: Database) -> None:
    pid = _patient(services, admin, date(2024, 5, 6))
    outcome = services.erasure.request(admin, pid, "Phone call from the patient", TODAY)
    assert not outcome.erased
    assert "must be kept 8 years after the last contact on 6 May 2024" in outcome.explanation
    assert "until 6 May 2032" in outcome.explanation
    details = services.patients.get(pid)
    assert details.archived
    with db.reading() as s:
        restriction = s.scalars(select(RecordRestriction)).one()
        assert (restriction.patient_id, restriction.retain_until) == (pid, date(2032, 5, 6))
    assert services.erasure.check(admin, pid, TODAY).restricted
    assert _rows_mentioning(db, NOTE)  # nothing erased


def test_the_practice_rule_decides(services: Services, admin: Actor) -> None:
    pid = _patient(services, admin, date(2024, 5, 6))
    services.erasure.save_policy(admin, RetentionPolicy(adult_years=2, child_until_age=25))
    assert services.erasure.check(admin, pid, TODAY).assessment.erasable
    with pytest.raises(ValidationError):
        services.erasure.save_policy(admin, RetentionPolicy(adult_years=0))


def test_only_administrators_and_a_reason(services: Services, clinician: Actor,
                                          admin: Actor) -> None:
    pid = _patient(services, admin, date(2017, 3, 1))
    with pytest.raises(PermissionDenied):
        services.erasure.request(clinician, pid, "asked", TODAY)
    with pytest.raises(ValidationError) as info:
        services.erasure.request(admin, pid, "  ", TODAY)
    assert "reason" in info.value.errors
    assert services.patients.get(pid).id == pid


def test_the_audit_chain_still_verifies_after_an_erasure(services: Services, admin: Actor,
                                                         db: Database) -> None:
    from clinic_app.services.audit_verify import verify_database

    pid = _patient(services, admin, date(2017, 3, 1))
    services.plans.save(admin, services.patients.get(pid).episodes[0].id,
                        services.plans.from_template("SIJ pain"), 0)
    before = verify_database(db)
    assert before.intact and before.records_checked >= 3  # note, plan and document sealed
    services.erasure.request(admin, pid, "Letter from the patient", TODAY)
    after = verify_database(db)
    assert after.intact, after.lines()
    assert after.rows > before.rows
