"""PostgreSQL sessions give up waiting: a held lock makes a save "busy", reads never wait on saves."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from clinic_app.domain.clock import FixedClock
from clinic_app.domain.errors import RecordBusy
from clinic_app.persistence import db as db_module
from clinic_app.persistence.db import Database
from clinic_app.services.context import Actor
from clinic_app.services.patients import PatientQuery
from clinic_app.services.registry import Services
from tests.conftest import CHEAP_HASHER, POSTGRES_URL, TODAY, make_draft

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="needs STRIDE_CLINIC_TEST_POSTGRES_URL")


@pytest.fixture
def quick(database_url: str, db: Database, clock: FixedClock) -> Iterator[Services]:
    """A second workstation whose sessions wait at most 300 ms for a lock."""
    other = Database.from_url(database_url, clock)
    other.set_session_timeouts(300, db_module.STATEMENT_TIMEOUT_MS)
    yield Services.over(other, CHEAP_HASHER)
    other.dispose()


def test_sessions_carry_lock_and_statement_timeouts(db: Database) -> None:
    with db.reading() as s:
        assert s.execute(text("SHOW lock_timeout")).scalar() == "5s"
        assert s.execute(text("SHOW statement_timeout")).scalar() == "30s"


def test_a_save_behind_a_held_row_lock_is_busy_and_a_retry_saves(
        db: Database, services: Services, clinician: Actor, quick: Services) -> None:
    pid = services.patients.create(clinician, make_draft(), TODAY).created_id or 0
    version = services.patients.get(pid).version
    with db.engine.connect() as holder:
        holder.execute(text("SELECT id FROM patient WHERE id = :id FOR UPDATE"), {"id": pid})
        started = time.monotonic()
        with pytest.raises(RecordBusy, match="busy"):
            quick.patients.update(clinician, pid, make_draft(phone="07700 900999"), version, TODAY)
        assert time.monotonic() - started < 3
        # reads never wait on the save holding the lock
        assert quick.patients.search(PatientQuery("Zoë")).rows[0].id == pid
        holder.rollback()
    quick.patients.update(clinician, pid, make_draft(phone="07700 900999"), version, TODAY)
    assert services.patients.get(pid).draft.phone == "07700 900999"


def test_a_search_behind_a_table_lock_gives_up_as_busy(
        db: Database, services: Services, clinician: Actor, quick: Services) -> None:
    services.patients.create(clinician, make_draft(), TODAY)
    with db.engine.connect() as holder:
        holder.execute(text("LOCK TABLE patient IN ACCESS EXCLUSIVE MODE"))
        started = time.monotonic()
        with pytest.raises(RecordBusy):
            quick.patients.search(PatientQuery("Zoë"))
        assert time.monotonic() - started < 3
        holder.rollback()
    assert quick.patients.search(PatientQuery("Zoë")).rows
