"""The practice's lock and statement timeouts: stored once, validated, versioned, applied.

On PostgreSQL a changed setting takes effect at once on the workstation that saved it (pooled
connections included) and on every other workstation when it starts (``SHOW lock_timeout``).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from clinic_app.cli import main
from clinic_app.domain.clock import FixedClock
from clinic_app.domain.db_timeouts import SessionTimeouts
from clinic_app.domain.errors import ConflictError, ValidationError
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import AuditEntry
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.conftest import CHEAP_HASHER, PASSWORD, POSTGRES_URL

postgres_only = pytest.mark.skipif(not POSTGRES_URL, reason="needs STRIDE_CLINIC_TEST_POSTGRES_URL")


def _shown(db: Database) -> tuple[str, str]:
    with db.reading() as s:
        return (str(s.execute(text("SHOW lock_timeout")).scalar()),
                str(s.execute(text("SHOW statement_timeout")).scalar()))


def test_defaults_until_changed_then_saved_for_every_workstation(
        services: Services, clinician: Actor, admin: Actor) -> None:
    assert services.database_settings.get().timeouts == SessionTimeouts(5, 30)
    services.database_settings.save(admin, SessionTimeouts(8, 45), 0)
    saved = services.database_settings.get()
    assert saved.timeouts == SessionTimeouts(8, 45) and saved.version == 1
    with services.db.reading() as s:
        row = s.scalars(select(AuditEntry).where(AuditEntry.entity == "practice_setting")).all()[-1]
    assert "database.lock_timeout_s" in row.changed_fields


def test_out_of_range_values_are_refused_with_the_field_named(services: Services, admin: Actor) -> None:
    with pytest.raises(ValidationError) as info:
        services.database_settings.save(admin, SessionTimeouts(0, 30), 0)
    assert "from 1 to 120" in info.value.errors["lock_timeout_s"]
    assert services.database_settings.get().version == 0


def test_a_change_based_on_an_old_version_is_a_named_conflict(services: Services, admin: Actor) -> None:
    services.database_settings.save(admin, SessionTimeouts(8, 45), 0)
    with pytest.raises(ConflictError) as info:
        services.database_settings.save(admin, SessionTimeouts(9, 45), 0)
    assert info.value.changed_by == "Pat Admin"
    assert services.database_settings.get().timeouts == SessionTimeouts(8, 45)


@postgres_only
def test_a_changed_setting_takes_effect_here_at_once_and_elsewhere_at_start(
        database_url: str, services: Services, admin: Actor, clock: FixedClock) -> None:
    db = services.db
    assert _shown(db) == ("5s", "30s")  # a pooled connection, opened with the defaults
    services.database_settings.save(admin, SessionTimeouts(7, 40), 0)
    assert _shown(db) == ("7s", "40s")  # the same pooled connection took the new values
    other = Database.from_url(database_url, clock)  # another workstation starting up
    try:
        assert _shown(other) == ("5s", "30s")
        assert Services.over(other, CHEAP_HASHER).database_settings.apply() == SessionTimeouts(7, 40)
        assert _shown(other) == ("7s", "40s")
    finally:
        other.dispose()


def test_sqlite_stores_the_setting_and_keeps_its_own_busy_timeout(services: Services, admin: Actor) -> None:
    if services.db.backend != "sqlite":
        pytest.skip("SQLite only")
    services.database_settings.save(admin, SessionTimeouts(7, 40), 0)
    assert services.database_settings.apply() is None
    assert services.db.session_timeouts is None


def test_the_command_line_shows_and_changes_the_setting(
        database_url: str, services: Services, admin: Actor, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    services.auth.set_first_password("boss", PASSWORD, "ws-test")
    monkeypatch.setenv("STRIDE_CLINIC_PASSWORD", PASSWORD)
    assert main(["--database", database_url, "db", "timeouts"]) == 0
    assert "Lock timeout 5 s, statement timeout 30 s" in capsys.readouterr().out
    assert main(["--database", database_url, "--user", "boss", "db", "timeouts", "--lock", "9"]) == 0
    assert "Lock timeout 9 s, statement timeout 30 s" in capsys.readouterr().out
    assert services.database_settings.get().timeouts == SessionTimeouts(9, 30)
    assert main(["--database", database_url, "--user", "boss", "db", "timeouts", "--lock", "0"]) == 1
    assert "from 1 to 120" in capsys.readouterr().err
