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
    upgrade_to_head(engine)
    with engine.begin() as conn:  # pretend this file predates the current schema
        conn.execute(text("CREATE TABLE marker (x INTEGER)"))
        conn.execute(text("DELETE FROM alembic_version"))
        conn.execute(text("INSERT INTO alembic_version VALUES ('0000_before')"))
    engine.dispose()
    engine = make_engine(f"sqlite:///{path}")
    with pytest.raises(DatabaseTooNew):  # an unknown older revision is refused too
        upgrade_to_head(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(text("DROP TABLE marker"))
        for table in ("amendment", "visit", "episode", "patient_search_term", "patient",
                      "audit_log", "chart_counter", "app_user"):
            conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text("CREATE TABLE keepsake (note TEXT)"))
        conn.execute(text("INSERT INTO keepsake VALUES ('precious')"))
    backup = upgrade_to_head(engine)
    engine.dispose()
    assert backup is not None and backup.exists()
    with sqlite3.connect(backup) as saved:
        assert saved.execute("SELECT note FROM keepsake").fetchone() == ("precious",)
    assert current_revision(make_engine(f"sqlite:///{path}")) == HEAD
