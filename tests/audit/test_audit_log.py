"""The audit viewer's service: filters, CSV export, administrators only."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from clinic_app.domain.errors import PermissionDenied, ValidationError
from clinic_app.services.audit_log import CSV_HEADER, AuditLogService, AuditQuery
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.audit.conftest import Chart
from tests.conftest import TODAY, make_draft


@pytest.fixture
def log(services: Services) -> AuditLogService:
    return AuditLogService(services.db)


def test_filter_by_patient_finds_every_record_of_theirs(
        services: Services, clinician: Actor, admin: Actor, chart: Chart,
        log: AuditLogService) -> None:
    other = services.patients.create(clinician, make_draft(given_name="Other"), TODAY).created_id
    page = log.search(admin, AuditQuery(patient_chart="1"))
    entities = {r.entity for r in page.rows}
    assert entities == {"patient", "episode", "visit", "exam", "plan", "handout"}
    assert all(not (r.entity == "patient" and r.entity_id == other) for r in page.rows)
    assert page.total == len(page.rows)
    assert [r.id for r in page.rows] == sorted((r.id for r in page.rows), reverse=True)
    sealed = [r for r in page.rows if r.content_hash]
    assert {r.entity for r in sealed} == {"visit", "exam", "plan", "handout"}


def test_filter_by_user_action_and_dates(services: Services, clinician: Actor, admin: Actor,
                                         chart: Chart, log: AuditLogService) -> None:
    assert {r.user for r in log.search(admin, AuditQuery(user_id=clinician.user_id)).rows} == {
        "Dr Amira Ahmed"}
    signs = log.search(admin, AuditQuery(action="sign")).rows
    assert [(r.entity, r.action) for r in signs] == [("exam", "sign"), ("visit", "sign")]
    assert "sign" in log.actions(admin) and "print" in log.actions(admin)
    assert log.search(admin, AuditQuery(start=TODAY, end=TODAY)).total > 0
    assert log.search(admin, AuditQuery(start=date(2027, 1, 1))).total == 0
    with pytest.raises(ValidationError, match="end date is before"):
        log.search(admin, AuditQuery(start=TODAY, end=date(2026, 1, 1)))


def test_unknown_chart_numbers_are_named(admin: Actor, log: AuditLogService) -> None:
    with pytest.raises(ValidationError, match="no patient with chart number SC-000042"):
        log.search(admin, AuditQuery(patient_chart="SC-42"))
    with pytest.raises(ValidationError, match="not a chart number"):
        log.search(admin, AuditQuery(patient_chart="Smith"))


def test_csv_export_has_every_matching_row_and_no_formulas(
        services: Services, clinician: Actor, admin: Actor, log: AuditLogService,
        tmp_path: Path) -> None:
    with services.db.writing() as s:
        from clinic_app.services.context import audit

        audit(s, Actor(clinician.user_id, "x", clinician.role, "=HYPERLINK(\"evil\")"),
              "update", "patient", 1, ["phone"])
    out = tmp_path / "audit.csv"
    assert log.export_csv(admin, AuditQuery(), out) == log.search(admin, AuditQuery()).total
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == CSV_HEADER
    assert rows[1][3] == "'=HYPERLINK(\"evil\")" and rows[1][4] == "update"
    assert not list(tmp_path.glob("*.part"))
    with pytest.raises(ValidationError, match="does not exist"):
        log.export_csv(admin, AuditQuery(), tmp_path / "missing" / "a.csv")


def test_only_administrators_read_the_log(clinician: Actor, admin: Actor,
                                          log: AuditLogService) -> None:
    for call in (lambda a: log.search(a, AuditQuery()), log.actions, log.users,
                 lambda a: log.verify(a)):
        with pytest.raises(PermissionDenied):
            call(clinician)
    assert log.verify(admin).intact
