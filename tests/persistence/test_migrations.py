"""Migrations: models and migrations agree, start-up upgrades after a backup, newer DBs refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text

from clinic_app.domain.errors import DatabaseTooNew
from clinic_app.persistence.db import Database, make_engine
from clinic_app.persistence.migrate import (
    HEAD,
    KNOWN_REVISIONS,
    alembic_config,
    current_revision,
    needs_upgrade,
    upgrade_to_head,
)


def test_migrations_match_models(db: Database) -> None:
    command.check(alembic_config(db.engine))  # raises when models and migrations drift


def test_known_revisions_list_every_migration_in_order(db: Database) -> None:
    script = ScriptDirectory.from_config(alembic_config(db.engine))
    ordered = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert tuple(ordered) == KNOWN_REVISIONS
    assert script.get_current_head() == HEAD


def test_fresh_database_is_upgraded_to_head(database_url: str) -> None:
    engine = make_engine(database_url)
    assert current_revision(engine) is None and needs_upgrade(engine)
    upgrade_to_head(engine)
    assert current_revision(engine) == HEAD and not needs_upgrade(engine)
    engine.dispose()


def test_database_newer_than_the_app_is_refused_untouched(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade_to_head(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(DatabaseTooNew, match="newer version"):
        upgrade_to_head(engine)
    assert current_revision(engine) == "9999_future"
    engine.dispose()


def test_sqlite_file_is_backed_up_before_migrating(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    command.upgrade(alembic_config(engine), KNOWN_REVISIONS[0])  # a database from version 1
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO app_user (username, display_name, role, active, version, "
                          "created_at, updated_at) VALUES ('kept', 'Kept User', 'clinician', 1, 1, "
                          "'2026-01-01 09:00:00', '2026-01-01 09:00:00')"))
    assert needs_upgrade(engine)
    backup = upgrade_to_head(engine)
    engine.dispose()
    assert backup is not None and backup.exists() and backup.parent.name == "backups"
    with sqlite3.connect(backup) as saved:
        assert saved.execute("SELECT version_num FROM alembic_version").fetchone() == (
            KNOWN_REVISIONS[0],)
        assert saved.execute("SELECT username FROM app_user").fetchone() == ("kept",)
    engine = make_engine(f"sqlite:///{path}")
    assert current_revision(engine) == HEAD
    engine.dispose()


def test_empty_database_is_not_backed_up(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert upgrade_to_head(engine) is None
    assert not (tmp_path / "backups").exists()
    engine.dispose()


def test_search_terms_get_the_list_order_when_upgraded(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    command.upgrade(alembic_config(engine), "0006_handouts")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO patient (id, chart_number, given_name, family_name, preferred_name, "
            "sort_key, birth_date, sex, phone, phone_digits, email, address, emergency_contact, "
            "referrer, occupation, consent_treatment, consent_data, alerts, archived, version, "
            "created_at, updated_at) VALUES (1, 1, 'Ana', 'Ruiz', '', 'ruiz ana', '1990-01-02', "
            "'female', '', '', '', '', '', '', '', 0, 0, '', 1, 1, '2026-01-01 09:00:00', "
            "'2026-01-01 09:00:00')"))
        conn.execute(text("INSERT INTO patient_search_term (term, patient_id) VALUES "
                          "('ana', 1), ('ruiz', 1)"))
    upgrade_to_head(engine, backup=False)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT term, sort_key, archived FROM patient_search_term "
                                 "ORDER BY term")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("ana", "ruiz ana", 1), ("ruiz", "ruiz ana", 1)]
