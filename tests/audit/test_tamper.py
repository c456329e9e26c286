"""Every kind of tampering with the audit trail or with signed records is detected and named."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from clinic_app.domain.audit_chain import ChainHead, ProblemKind
from clinic_app.persistence.db import Database
from clinic_app.services.audit_chain import chain_head, read_head
from clinic_app.services.audit_verify import verify_and_anchor
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.audit.conftest import Chart, last_id, tamper, verify
from tests.conftest import TODAY, make_draft


def kinds(result: object) -> list[tuple[ProblemKind, int | None]]:
    return [(p.kind, p.row_id) for p in result.problems]  # type: ignore[attr-defined]


def test_an_untouched_trail_verifies(db: Database, chart: Chart, tmp_path: Path) -> None:
    result = verify(db, tmp_path)
    assert result.intact, result.lines()
    assert result.rows == last_id(db) > 10
    assert result.records_checked == 4  # note, exam, plan, document
    assert "intact" in result.summary()


def test_every_sealed_record_kind_is_in_the_chain(db: Database, chart: Chart) -> None:
    with db.engine.connect() as conn:
        sealed = conn.exec_driver_sql(
            "SELECT entity, action FROM audit_log WHERE content_hash IS NOT NULL ORDER BY id").all()
    assert [tuple(r) for r in sealed] == [("visit", "sign"), ("exam", "sign"), ("visit", "amend"),
                                          ("plan", "create"), ("plan", "update"),
                                          ("handout", "print")]


def test_the_database_refuses_update_and_delete(db: Database, chart: Chart) -> None:
    for statement in ("UPDATE audit_log SET action = 'x' WHERE id = 1",
                      "DELETE FROM audit_log WHERE id = 1"):
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
            conn.execute(text(statement))
    assert verify_and_anchor(db).intact


def test_an_edited_row_is_named(db: Database, chart: Chart, tmp_path: Path) -> None:
    tamper(db, "UPDATE audit_log SET changed_fields = '[]' WHERE id = 5")
    result = verify(db, tmp_path)
    assert kinds(result) == [(ProblemKind.EDITED, 5)]
    assert result.lines() == ["edited: Audit row 5 was edited after it was written."]


def test_deleted_rows_are_named_with_their_ids(db: Database, chart: Chart, tmp_path: Path) -> None:
    tamper(db, "DELETE FROM audit_log WHERE id IN (4, 5, 6)")
    result = verify(db, tmp_path)
    assert kinds(result) == [(ProblemKind.DELETED, 7)]
    assert "rows 4–6 (3 rows) before row 7 were deleted" in result.lines()[0]


def test_the_first_row_deleted(db: Database, chart: Chart, tmp_path: Path) -> None:
    tamper(db, "DELETE FROM audit_log WHERE id = 1")
    assert [p.message for p in verify(db, tmp_path).problems] == [
        "Audit row 1 before row 2 was deleted."]


def test_an_inserted_row_is_named(db: Database, chart: Chart, tmp_path: Path) -> None:
    newest = last_id(db)
    tamper(db, "INSERT INTO audit_log (id, at, user_id, workstation, action, entity, entity_id, "
               "changed_fields, prev_hash, row_hash) SELECT id + 1, at, user_id, workstation, "
               "'print', entity, entity_id, changed_fields, row_hash, row_hash "
               "FROM audit_log WHERE id = :n", {"n": newest})
    assert kinds(verify(db, tmp_path)) == [(ProblemKind.INSERTED, newest + 1)]


def test_a_row_slipped_into_the_middle_is_named(db: Database, chart: Chart, tmp_path: Path) -> None:
    """Someone makes room at row 6 by moving every later row up, then writes their own row 6."""
    newest = last_id(db)
    for row_id in range(newest, 5, -1):
        tamper(db, "UPDATE audit_log SET id = id + 1 WHERE id = :i", {"i": row_id})
    tamper(db, "INSERT INTO audit_log (id, at, user_id, workstation, action, entity, entity_id, "
               "changed_fields, prev_hash, row_hash) SELECT 6, at, user_id, workstation, action, "
               "entity, entity_id, '[\"forged\"]', row_hash, row_hash FROM audit_log WHERE id = 5")
    found = kinds(verify(db, tmp_path))
    assert found[0] == (ProblemKind.INSERTED, 6)
    assert set(found[1:]) == {(ProblemKind.REORDERED, i) for i in range(7, newest + 2)}


def test_reordered_rows_are_named(db: Database, chart: Chart, tmp_path: Path) -> None:
    tamper(db, "UPDATE audit_log SET id = -1 WHERE id = 3")
    tamper(db, "UPDATE audit_log SET id = 3 WHERE id = 4")
    tamper(db, "UPDATE audit_log SET id = 4 WHERE id = -1")
    result = verify(db, tmp_path)
    assert kinds(result) == [(ProblemKind.REORDERED, 3), (ProblemKind.REORDERED, 4)]
    assert "Audit row 3 was written as row 4" in result.lines()[0]


def test_truncation_is_caught_by_the_chain_head(db: Database, chart: Chart, tmp_path: Path) -> None:
    newest = last_id(db)
    tamper(db, "DELETE FROM audit_log WHERE id > :n", {"n": newest - 3})
    result = verify(db, tmp_path)
    assert kinds(result) == [(ProblemKind.TRUNCATED, newest)]
    assert f"rows {newest - 2}–{newest} are missing" in result.lines()[0]


def test_truncation_with_the_head_rewritten_is_caught_by_the_anchor(
        db: Database, chart: Chart, tmp_path: Path) -> None:
    anchors = tmp_path / "anchors"
    assert verify_and_anchor(db, anchor_folder=anchors).intact
    newest = last_id(db)
    tamper(db, "DELETE FROM audit_log WHERE id > :n", {"n": newest - 2})
    tamper(db, "UPDATE audit_chain_head SET last_id = :n, last_hash = "
               "(SELECT row_hash FROM audit_log WHERE id = :n)", {"n": newest - 2})
    result = verify_and_anchor(db, anchor_folder=anchors)
    # the plan's second revision is now vouched for by no row: named as well
    assert kinds(result)[-1] == (ProblemKind.TRUNCATED, newest)
    assert "an anchor kept outside the database" in result.lines()[-1]
    # and the anchor was not moved back to the shortened log
    assert kinds(verify_and_anchor(db, anchor_folder=anchors))[-1] == (ProblemKind.TRUNCATED,
                                                                       newest)


def test_a_backup_header_anchor_catches_truncation(db: Database, chart: Chart,
                                                   tmp_path: Path) -> None:
    header = chain_head(db)
    anchor = ChainHead.from_text(header)
    assert anchor is not None and anchor == read_head(db)
    newest = last_id(db)
    tamper(db, "DELETE FROM audit_log WHERE id = :n", {"n": newest})
    tamper(db, "UPDATE audit_chain_head SET last_id = :n, last_hash = "
               "(SELECT row_hash FROM audit_log WHERE id = :n)", {"n": newest - 1})
    from clinic_app.services.audit_verify import verify_database

    result = verify_database(db, anchors=[anchor], anchor_folder=tmp_path / "none")
    assert kinds(result) == [(ProblemKind.TRUNCATED, newest)]


def test_signed_note_text_changed(db: Database, chart: Chart, tmp_path: Path) -> None:
    tamper(db, "UPDATE visit SET subjective = 'No pain at all' WHERE id = :v", {"v": chart.visit})
    result = verify(db, tmp_path)
    assert [p.kind for p in result.problems] == [ProblemKind.CONTENT_CHANGED]
    assert f"The visit note {chart.visit} was changed after it was signed" in result.lines()[0]


def test_amendment_changed(db: Database, chart: Chart, tmp_path: Path) -> None:
    tamper(db, "UPDATE amendment SET text = 'Pain worse' WHERE visit_id = :v", {"v": chart.visit})
    assert "visit note" in verify(db, tmp_path).lines()[0]


def test_signed_exam_changed(db: Database, chart: Chart, tmp_path: Path) -> None:
    tamper(db, "UPDATE exam SET data = replace(data, 'Tender L5', 'Normal') WHERE id = :e",
           {"e": chart.exam})
    result = verify(db, tmp_path)
    assert [p.kind for p in result.problems] == [ProblemKind.CONTENT_CHANGED]
    assert f"The exam {chart.exam} was changed after it was signed" in result.lines()[0]


def test_an_earlier_plan_revision_changed(db: Database, chart: Chart, tmp_path: Path) -> None:
    tamper(db, "UPDATE plan_revision SET data = replace(data, '5 km', '50 km') "
               "WHERE episode_id = :e AND revision = 1", {"e": chart.episode})
    result = verify(db, tmp_path)
    assert [p.kind for p in result.problems] == [ProblemKind.CONTENT_CHANGED]
    assert f"rehab plan of episode {chart.episode} was changed" in result.lines()[0]


def test_a_stored_pdf_swapped_with_its_checksum(services: Services, db: Database, chart: Chart,
                                                clinician: Actor, tmp_path: Path) -> None:
    other = services.handouts.render(clinician, chart.patient, "education-sij", record=False).pdf
    forged = other.replace(b"%%EOF", b"% forged\n%%EOF")
    import hashlib

    tamper(db, "UPDATE handout SET pdf = :p, sha256 = :h WHERE id = :i",
           {"p": forged, "h": hashlib.sha256(forged).hexdigest(), "i": chart.handout})
    assert services.handouts.reprint(chart.handout) == forged  # its own checksum is fooled
    result = verify(db, tmp_path)
    assert [p.kind for p in result.problems] == [ProblemKind.CONTENT_CHANGED]
    assert f"The stored document {chart.handout} was replaced" in result.lines()[0]


def test_several_tamperings_are_each_named(db: Database, chart: Chart, tmp_path: Path) -> None:
    tamper(db, "UPDATE audit_log SET workstation = 'elsewhere' WHERE id = 2")
    tamper(db, "DELETE FROM audit_log WHERE id = 8")
    tamper(db, "UPDATE visit SET plan = 'Rest' WHERE id = :v", {"v": chart.visit})
    found = {p.kind for p in verify(db, tmp_path).problems}
    assert found == {ProblemKind.EDITED, ProblemKind.DELETED, ProblemKind.CONTENT_CHANGED}


def test_saves_keep_the_chain_intact_after_verification(services: Services, clinician: Actor,
                                                        db: Database, tmp_path: Path) -> None:
    services.patients.create(clinician, make_draft(given_name="Ann"), TODAY)
    assert verify_and_anchor(db, anchor_folder=tmp_path).intact
    services.patients.create(clinician, make_draft(given_name="Bea"), TODAY)
    assert verify_and_anchor(db, anchor_folder=tmp_path).intact


def test_a_lawful_erasure_is_not_tampering(services: Services, db: Database, admin: Actor,
                                           tmp_path: Path) -> None:
    from datetime import UTC, date, datetime

    from clinic_app.domain.patients import VisitKind
    from clinic_app.domain.rehab.plans import Plan
    from clinic_app.services.care import SoapText

    pid = services.patients.create(admin, make_draft(birth_date=date(1970, 1, 2)),
                                   date(2017, 3, 1)).created_id or 0
    ep = services.care.open_episode(admin, pid, date(2017, 3, 1), "SIJ", TODAY).created_id or 0
    vid = services.care.create_visit(admin, ep, datetime(2017, 3, 1, 9, tzinfo=UTC),
                                     VisitKind.INITIAL).created_id or 0
    services.care.save_draft(admin, vid, SoapText("Sore", "", "", ""),
                             services.care.get_note(vid).version)
    services.care.sign(admin, vid, services.care.get_note(vid).version)
    services.plans.save(admin, ep, Plan(goals="Run"), 0)
    services.handouts.render(admin, pid, "education-sij", today=TODAY)
    assert verify(db, tmp_path).records_checked == 3
    assert services.erasure.request(admin, pid, "Letter from the patient", TODAY).erased
    result = verify(db, tmp_path)
    assert result.intact and result.records_checked == 0, result.lines()
    # whereas a signed note simply deleted is named
    other = services.patients.create(admin, make_draft(given_name="Bo"), TODAY).created_id or 0
    ep2 = services.care.open_episode(admin, other, TODAY, "LBP", TODAY).created_id or 0
    v2 = services.care.create_visit(admin, ep2, datetime(2026, 11, 25, 9, tzinfo=UTC),
                                    VisitKind.INITIAL).created_id or 0
    services.care.save_draft(admin, v2, SoapText("Ok", "", "", ""),
                             services.care.get_note(v2).version)
    services.care.sign(admin, v2, services.care.get_note(v2).version)
    tamper(db, "DELETE FROM amendment WHERE visit_id = :v", {"v": v2})
    tamper(db, "DELETE FROM visit WHERE id = :v", {"v": v2})
    assert [p.kind for p in verify(db, tmp_path).problems] == [ProblemKind.RECORD_MISSING]
