"""A chart with a signed note, its exam, a plan and a stored document; raw-SQL tampering helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from clinic_app.domain.exam.record import ExamRecord
from clinic_app.domain.patients import VisitKind
from clinic_app.domain.rehab.plans import Plan
from clinic_app.persistence.db import Database
from clinic_app.services.audit_verify import AuditVerification, verify_database
from clinic_app.services.care import SoapText
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft


@dataclass(frozen=True)
class Chart:
    """Ids of the records the tests tamper with."""

    patient: int
    episode: int
    visit: int
    exam: int
    handout: int


@pytest.fixture
def chart(services: Services, clinician: Actor) -> Chart:
    """A patient seen once: signed note (with exam and an amendment), a plan, a stored document."""
    pid = services.patients.create(clinician, make_draft(), TODAY).created_id or 0
    ep = services.care.open_episode(clinician, pid, date(2026, 11, 1), "LBP after marathon",
                                    TODAY).created_id or 0
    vid = services.care.create_visit(clinician, ep, datetime(2026, 11, 2, 9, 30, tzinfo=UTC),
                                     VisitKind.INITIAL).created_id or 0
    services.exams.save(clinician, vid, ExamRecord(palpation="Tender L5"), set(), 0)
    note = services.care.get_note(vid)
    _, version = services.care.save_draft(clinician, vid, SoapText(subjective="Sore back",
                                                                   plan="Walk daily"), note.version)
    services.care.sign(clinician, vid, version)
    services.care.amend(clinician, vid, "Patient phoned: pain settled.")
    services.plans.save(clinician, ep, Plan(goals="Run 5 km pain-free"), 0)
    services.plans.save(clinician, ep, Plan(goals="Run 10 km pain-free"), 1)
    doc = services.handouts.render(clinician, pid, "education-sij").record_id or 0
    with services.db.reading() as s:
        exam_id = int(s.execute(text("SELECT id FROM exam WHERE visit_id = :v"),
                                {"v": vid}).scalar_one())
    return Chart(pid, ep, vid, exam_id, doc)


def tamper(db: Database, sql: str, params: dict[str, Any] | None = None) -> None:
    """Change the database as someone holding the file (or the server's owner role) could."""
    with db.engine.begin() as conn:
        if db.backend == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_update")
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_delete")
        else:
            conn.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER USER")
        conn.execute(text(sql), params or {})


def verify(db: Database, tmp_path: Path) -> AuditVerification:
    """Verify with this test's own anchor folder."""
    return verify_database(db, anchor_folder=tmp_path / "anchors")


def last_id(db: Database) -> int:
    """The newest audit row's id."""
    with db.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT max(id) FROM audit_log").scalar_one())
