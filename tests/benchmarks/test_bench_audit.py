"""Verifying a 1,000,000-row audit trail: under 10 s (issue 16), built fast with precomputed hashes."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from clinic_app.domain.audit_chain import GENESIS, at_text, row_mac
from clinic_app.domain.clock import FixedClock
from clinic_app.persistence.db import Database
from clinic_app.persistence.migrate import upgrade_to_head
from clinic_app.services.audit_key import key_for
from clinic_app.services.audit_verify import verify_database
from tests.benchmarks.benchlib import Bench

ROWS = 1_000_000
_INSERT = ("INSERT INTO audit_log (id, at, user_id, workstation, action, entity, entity_id, "
           "changed_fields, content_hash, prev_hash, row_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
_ACTIONS = (("update", "patient", '["phone"]'), ("create", "visit", '["episode_id","kind"]'),
            ("update", "visit", '["assessment","plan","subjective"]'), ("print", "handout",
                                                                         '["exercises"]'))


def _fill(path: Path, key: bytes) -> None:
    """A million chained rows written straight through sqlite3, hashed as ``append`` hashes them."""
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO app_user (id, username, display_name, role, active, version, "
                 "created_at, updated_at, must_change_password, failed_attempts) VALUES (1, 'a', "
                 "'A', 'admin', 1, 1, '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 0, 0)")
    start = datetime(2024, 1, 1, 8, tzinfo=UTC)
    prev = GENESIS
    batch: list[tuple[object, ...]] = []
    for i in range(1, ROWS + 1):
        action, entity, fields = _ACTIONS[i % 4]
        at = at_text(start + timedelta(seconds=37 * i))
        canonical = (i, at, 1, "front-desk-2", action, entity, i // 7 + 1, fields, None, prev)
        digest = row_mac(key, canonical)
        batch.append((*canonical, digest))
        prev = digest
        if len(batch) == 50_000:
            conn.executemany(_INSERT, batch)
            batch.clear()
    conn.executemany(_INSERT, batch)
    conn.execute("UPDATE audit_chain_head SET last_id = ?, last_hash = ?", (ROWS, prev))
    conn.commit()
    conn.close()


def test_verify_a_million_audit_rows(bench: Bench, tmp_path: Path) -> None:
    path = tmp_path / "audit.sqlite3"
    db = Database.from_url(f"sqlite:///{path}", FixedClock(datetime(2026, 11, 25, 10, tzinfo=UTC)))
    try:
        upgrade_to_head(db.engine)
        with db.engine.connect() as conn:
            fingerprint = str(conn.exec_driver_sql(
                "SELECT key_fingerprint FROM audit_chain_head").scalar_one())
        key = key_for(fingerprint)
        assert key is not None
        started = time.perf_counter()
        _fill(path, key)
        built = time.perf_counter() - started
        started = time.perf_counter()
        result = verify_database(db, anchor_folder=tmp_path / "anchors")
        seconds = time.perf_counter() - started
    finally:
        db.dispose()
    assert result.intact and result.rows == ROWS, result.lines()
    bench.report("Audit trail: build 1M chained rows", built, "s")
    figure = bench.at_most("Audit trail: verify 1M rows", seconds, 10, "s")
    assert figure.met, f"verification took {seconds:.1f} s"
