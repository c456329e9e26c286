"""Schema version checks with one query, backups, and Alembic upgrades (imported only to upgrade)."""

from __future__ import annotations

import io
import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from clinic_app.domain.errors import DatabaseTooNew
from clinic_app.domain.messages import msg
from clinic_app.paths import migrations_dir
from clinic_app.persistence.db import sqlite_path

if TYPE_CHECKING:
    from alembic.config import Config

logger = logging.getLogger(__name__)

# Every revision this build knows, oldest first. A test keeps it equal to database/migrations.
KNOWN_REVISIONS: tuple[str, ...] = ("0001_foundation", "0002_intake_red_flags", "0003_exams",
                                     "0004_outcome_measures", "0005_plans", "0006_handouts",
                                     "0007_search_listing", "0008_sign_in",
                                     "0009_audit_chain", "0010_record_restriction",
                                     "0011_appointments", "0012_episode_outcome")
HEAD = KNOWN_REVISIONS[-1]
BACKUPS_KEPT = 10


def current_revision(engine: Engine) -> str | None:
    """Return the database's schema revision, or ``None`` for an empty database."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def needs_upgrade(engine: Engine) -> bool:
    """True when the database is older than this build; raise if it is newer."""
    revision = current_revision(engine)
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise DatabaseTooNew(
            msg("migrate.database_has_schema_which_newer", revision=revision, head=HEAD)
        )
    return revision != HEAD


def alembic_config(engine: Engine) -> Config:
    """Build the Alembic configuration in code, so frozen builds need no ini file."""
    from alembic.config import Config

    cfg = Config(stdout=io.StringIO())  # a windowed build has no stdout to print to
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["connection_engine"] = engine
    return cfg


def backup_sqlite(engine: Engine, reason: str) -> Path | None:
    """Copy an SQLite database beside itself (online, consistent) and keep the newest few."""
    path = sqlite_path(str(engine.url))
    if path is None or not path.exists() or path.stat().st_size == 0:
        return None
    folder = path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"{path.stem}-{stamp}-{reason}.sqlite3"
    source = sqlite3.connect(str(path))
    try:
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    old = sorted(folder.glob(f"{path.stem}-*.sqlite3"))[:-BACKUPS_KEPT]
    for stale in old:
        stale.unlink(missing_ok=True)
    logger.info("backed up %s to %s", path, target)
    return target


def upgrade_to_head(engine: Engine, *, backup: bool = True) -> Path | None:
    """Bring the schema to this build's head, backing up an SQLite file first."""
    if not needs_upgrade(engine):
        return None
    has_data = current_revision(engine) is not None
    saved = backup_sqlite(engine, "before-upgrade") if backup and has_data else None
    from alembic import command

    command.upgrade(alembic_config(engine), "head")
    logger.info("database upgraded to %s", HEAD)
    return saved

