"""Shared fixtures: offscreen Qt, a migrated database per test (SQLite, or PostgreSQL in CI)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pytest
from argon2 import PasswordHasher, profiles
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from clinic_app.domain.clock import FixedClock
from clinic_app.domain.patients import PatientDraft, Role, Sex
from clinic_app.persistence.db import Database
from clinic_app.persistence.migrate import upgrade_to_head
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services

CHEAP_HASHER = PasswordHasher.from_parameters(profiles.CHEAPEST)
"""Argon2id with the smallest cost: the same code paths, a thousandth of the time."""
PASSWORD = "correct horse battery"
"""The password test users sign in with."""
POSTGRES_URL = os.environ.get("STRIDE_CLINIC_TEST_POSTGRES_URL", "")
TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point data, config and log folders at the test's own folder."""
    monkeypatch.setenv("STRIDE_CLINIC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("STRIDE_CLINIC_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("STRIDE_CLINIC_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.delenv("STRIDE_CLINIC_DATABASE_URL", raising=False)


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL: a PostgreSQL schema when configured, else SQLite."""
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(POSTGRES_URL).set(drivername="postgresql+psycopg"))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def clock() -> FixedClock:
    """The app's one clock, pinned to 10:00 UTC on ``TODAY``: tests pass on any real date."""
    return FixedClock(datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0, tzinfo=UTC))


@pytest.fixture
def db(database_url: str, clock: FixedClock) -> Iterator[Database]:
    """A migrated database on the configured backend."""
    database = Database.from_url(database_url, clock)
    upgrade_to_head(database.engine)
    yield database
    database.dispose()


@pytest.fixture
def services(db: Database) -> Services:
    """Every service over the test database (Argon2id at its cheapest cost, for speed)."""
    return Services.over(db, CHEAP_HASHER)


@pytest.fixture
def clinician(services: Services) -> Actor:
    """The first clinician, created as on first run."""
    user = services.users.create_first_clinician("ahmed", "Dr Amira Ahmed", "ws-test")
    return Actor(user.id, user.display_name, Role.CLINICIAN, "ws-test")


@pytest.fixture
def admin(services: Services) -> Actor:
    """A practice administrator, added beside whoever exists (as a migration or an admin would).

    Ask for ``clinician`` first where a test needs both: the clinician is the first-run user.
    """
    from clinic_app.services.users import add_user_row

    with services.db.writing() as s:
        user = add_user_row(s, "boss", "Pat Admin", Role.ADMIN)
        user_id = user.id
    return Actor(user_id, "Pat Admin", Role.ADMIN, "ws-test")


@pytest.fixture
def front_desk(services: Services) -> Actor:
    """A front-desk user, stored as such (services read the role from the database)."""
    from clinic_app.services.users import add_user_row

    with services.db.writing() as s:
        user = add_user_row(s, "reception", "Front Desk", Role.FRONT_DESK)
        user_id = user.id
    return Actor(user_id, "Front Desk", Role.FRONT_DESK, "ws-desk")


def make_draft(**overrides: object) -> PatientDraft:
    """A valid patient draft with fields overridden."""
    values: dict[str, object] = {
        "given_name": "Zoë", "family_name": "O'Brien", "birth_date": date(1985, 4, 12),
        "sex": Sex.FEMALE, "phone": "07700 900123", "email": "zoe@example.org",
    }
    values.update(overrides)
    return PatientDraft(**values)  # type: ignore[arg-type]
