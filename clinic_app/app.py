"""Composition root: engine → migrate → services → main window."""

from __future__ import annotations

import logging
import socket
from pathlib import Path

from argon2 import PasswordHasher
from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import make_url

from clinic_app.domain.clock import SYSTEM_CLOCK, Clock
from clinic_app.domain.errors import ValidationError
from clinic_app.persistence.db import Database, sqlite_path
from clinic_app.persistence.health import (
    check_revision_row,
    faults_named,
    preflight_sqlite,
    quick_check,
)
from clinic_app.persistence.migrate import upgrade_to_head
from clinic_app.services.registry import Services
from clinic_app.services.text_packs import load_text_pack
from clinic_app.settings import AppSettings, open_qsettings
from clinic_app.ui.change_bus import ChangeBus
from clinic_app.ui.context import UiContext
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.style.fusion_cache import use_app_style
from clinic_app.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)


def describe_database(url: str) -> str:
    """A short, password-free description of where the data lives."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite: {parsed.database}"
    return f"PostgreSQL: {parsed.host or 'localhost'}/{parsed.database}"


def open_database(database_url: str, clock: Clock = SYSTEM_CLOCK, *, migrate: bool = True) -> Database:
    """Check, connect, back up an SQLite file and migrate when the schema is older than this build.

    Every start-up fault (damaged, empty, locked, read-only, full, too new, no revision row)
    arrives as a ``DatabaseFault`` with a plain-words message; nothing is written before the
    checks pass.
    """
    path = sqlite_path(database_url)
    if path is not None:
        preflight_sqlite(path)
    with faults_named(path):
        db = Database.from_url(database_url, clock)
    try:
        if path is not None:
            quick_check(db.engine, path)
        check_revision_row(db.engine, path)
        if migrate:
            with faults_named(path):
                upgrade_to_head(db.engine)
    except Exception:
        db.dispose()
        raise
    return db


def build(database_url: str, settings_path: Path | None = None,
          clock: Clock = SYSTEM_CLOCK, password_hasher: PasswordHasher | None = None) -> MainWindow:
    """Build the main window over ``database_url`` (a QApplication must exist).

    ``clock`` is the app's only source of time: services, window and timers all ask it.
    """
    use_app_style(QApplication.instance())  # type: ignore[arg-type]  # one exists (see above)
    qsettings = open_qsettings(settings_path)
    settings = AppSettings.load(qsettings)
    db = open_database(database_url, clock)
    services = Services.over(db, password_hasher)
    services.database_settings.apply()  # the practice's lock and statement timeouts (PostgreSQL)
    workstation = socket.gethostname()
    ctx = UiContext(services=services, reads=TaskRunner(), writes=TaskRunner(serial=True),
                    bus=ChangeBus(), settings=settings, qsettings=qsettings, clock=clock)
    if settings.instrument_pack:
        try:
            ctx.instrument_text = load_text_pack(Path(settings.instrument_pack))
        except ValidationError as exc:
            logger.warning("instrument text pack not loaded: %s", exc)
    window = MainWindow(ctx, workstation, describe_database(database_url))
    window.destroyed.connect(lambda *_: db.dispose())
    return window
