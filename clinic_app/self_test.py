"""``stride-clinic --self-test``: prove resources, migrations and the main window work here."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path

from clinic_app import APP_NAME, __version__
from clinic_app.domain.errors import ClinicError

REQUIRED_RESOURCES: tuple[tuple[str, ...], ...] = (("icons", "app.svg"), ("fonts", "NotoEmoji-Regular.ttf"))

logger = logging.getLogger(__name__)


def report_line(line: str) -> None:
    """Log a report line, and print it when there is a console.

    A windowed Windows build has no ``sys.stdout``: there the log file and the exit status carry
    the report.
    """
    logger.info("self-test: %s", line)
    if sys.stdout is not None:
        print(line, flush=True)


def _check_resources() -> str:
    from clinic_app.paths import migrations_dir, resource

    missing = [str(resource(*parts)) for parts in REQUIRED_RESOURCES if not resource(*parts).is_file()]
    versions = migrations_dir() / "versions"
    if not (migrations_dir() / "env.py").is_file() or not any(versions.glob("*.py")):
        missing.append(str(migrations_dir()))
    if missing:
        raise FileNotFoundError("missing: " + ", ".join(missing))
    return f"{len(REQUIRED_RESOURCES)} resource files and the migrations folder found"


def _check_database(folder: Path) -> str:
    from clinic_app.domain.patients import PatientDraft, Sex
    from clinic_app.persistence.db import Database
    from clinic_app.persistence.migrate import HEAD, current_revision, upgrade_to_head
    from clinic_app.services.patients import PatientQuery
    from clinic_app.services.registry import Services

    db = Database.from_url(f"sqlite:///{folder / 'self-test.sqlite3'}")
    try:
        upgrade_to_head(db.engine)
        revision = current_revision(db.engine)
        if revision != HEAD:
            raise RuntimeError(f"schema is {revision}, expected {HEAD}")
        services = Services.over(db)
        services.users.create_first_clinician("selftest", "Self Test", "self-test")
        services.auth.set_first_password("selftest", "self-test passphrase", "self-test")
        actor = services.auth.sign_in("selftest", "self-test passphrase", "self-test").actor
        services.patients.create(actor, PatientDraft("Zoë", "Łukasiewicz", date(1980, 1, 2),
                                                     Sex.NOT_STATED), date.today())
        found = services.patients.search(PatientQuery(text="zoe luk")).rows
        if len(found) != 1 or found[0].given_name != "Zoë":
            raise RuntimeError("a saved patient was not found by search")
    finally:
        db.dispose()
    return (f"temporary database migrated to {HEAD}; signed in with an Argon2id password; a patient "
            "saved and found")


def _check_pdf(folder: Path) -> str:
    """Render an education handout and a one-exercise programme from the temporary database."""
    from clinic_app.domain.rehab.plans import Plan, item_for
    from clinic_app.persistence.db import Database
    from clinic_app.services.context import Actor
    from clinic_app.services.patients import PatientQuery
    from clinic_app.services.registry import Services

    db = Database.from_url(f"sqlite:///{folder / 'self-test.sqlite3'}")
    try:
        services = Services.over(db)
        user = next(u for u in services.users.list_users())
        actor = Actor(user.id, user.display_name, user.role, "self-test")
        patient = services.patients.search(PatientQuery(text="zoe luk")).rows[0]
        today = date.today()
        episode = services.care.open_episode(actor, patient.id, today, "Self-test", today).created_id or 0
        exercise = services.exercises.library()[0].exercise
        services.plans.save(actor, episode, Plan(items=(item_for(exercise),)), 0)
        pages = []
        for kind in ("education-running", "exercises"):
            result = services.handouts.render(actor, patient.id, kind, record=False)
            if not result.pdf.startswith(b"%PDF") or result.pages < 1 or b"%%EOF" not in result.pdf[-64:]:
                raise RuntimeError(f"the {kind} handout is not a complete PDF")
            pages.append(f"{kind} {result.pages} page{'s' if result.pages != 1 else ''}")
        # The FHIR models load by name at run time: a frozen build proves they were bundled.
        bundle = services.record_export.fhir_bundle(actor, patient.id)
    finally:
        db.dispose()
    return "rendered " + " and ".join(pages) + f"; a FHIR Bundle of {len(bundle['entry'])} " \
        "resources validated"


def _check_window(folder: Path) -> str:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    from PySide6.QtWidgets import QApplication

    from clinic_app.app import build

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
    window = build(f"sqlite:///{folder / 'self-test.sqlite3'}", folder / "settings.ini")
    window.show()
    window.patient_list.refresh()
    deadline = time.monotonic() + 10
    while window.patient_list.model.rowCount() == 0 and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    rows = window.patient_list.model.rowCount()
    window.close()
    window.deleteLater()
    app.processEvents()
    if rows != 1:
        raise RuntimeError(f"the main window listed {rows} patients, expected 1")
    return "main window opened offscreen and listed the saved patient"


def _check_given_database(url: str) -> str:
    """Integrity, schema revision and a read of every table of the database in use (no writes)."""
    from sqlalchemy import MetaData, select

    from clinic_app.app import describe_database, open_database
    from clinic_app.persistence.db import sqlite_path
    from clinic_app.persistence.health import quick_check
    from clinic_app.persistence.migrate import HEAD, current_revision

    db = open_database(url, migrate=False)
    try:
        path = sqlite_path(url)
        if path is not None:
            quick_check(db.engine, path, full=True)
        revision = current_revision(db.engine)
        metadata = MetaData()
        metadata.reflect(db.engine)
        rows = 0
        with db.engine.connect() as conn:
            for table in metadata.sorted_tables:
                rows += sum(1 for _ in conn.execute(select(table)))
    finally:
        db.dispose()
    if revision is None:
        state = "empty (set up on first start)"
    elif revision == HEAD:
        state = f"schema {revision} (up to date)"
    else:
        state = f"schema {revision} (this version upgrades it to {HEAD} on start)"
    integrity = "integrity ok; " if path is not None else ""
    return (f"{describe_database(url)}: {integrity}{state}; read {len(metadata.tables)} tables, "
            f"{rows} rows")


def run_self_test(out: Callable[[str], None] = report_line, database_url: str | None = None) -> int:
    """Run every check; print a short report; 0 when all passed, else 1 naming what failed.

    With ``database_url`` the database in use is checked too (integrity, schema, every table).
    """
    out(f"{APP_NAME} {__version__} self-test ({'frozen' if getattr(sys, 'frozen', False) else 'source'})")
    with tempfile.TemporaryDirectory(prefix="stride-clinic-self-test-") as tmp:
        folder = Path(tmp)
        checks: list[tuple[str, Callable[[], str]]] = [
            ("resources", _check_resources),
            ("database", lambda: _check_database(folder)),
            ("PDF", lambda: _check_pdf(folder)),
            ("main window", lambda: _check_window(folder)),
        ]
        if database_url:
            checks.append(("your database", lambda: _check_given_database(database_url)))
        for name, check in checks:
            started = time.perf_counter()
            try:
                detail = check()
            except ClinicError as exc:  # a fault the user can act on: one plain line
                out(f"  FAIL {name}: {exc}")
                out(f"Self-test FAILED at: {name}")
                return 1
            except Exception as exc:  # noqa: BLE001 - the report names any failure
                out(f"  FAIL {name}: {type(exc).__name__}: {exc}")
                out(traceback.format_exc().rstrip())
                out(f"Self-test FAILED at: {name}")
                return 1
            out(f"  ok   {name}: {detail} ({(time.perf_counter() - started) * 1000:.0f} ms)")
    out("Self-test passed.")
    return 0
