"""One command, ``stride-clinic``: the GUI by default, sub-commands for IT staff and scripts."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clinic_app import APP_NAME, __version__

if TYPE_CHECKING:
    from clinic_app.services.context import Actor
    from clinic_app.services.registry import Services

logger = logging.getLogger(__name__)


def _global_options(parser: argparse.ArgumentParser, *, nested: bool) -> None:
    """Options that mean the same wherever they stand: before or after any sub-command.

    On sub-commands their default is SUPPRESS, so an option given before the sub-command is
    not reset by the sub-command's own (absent) copy.
    """
    default: dict[str, object] = {"default": argparse.SUPPRESS} if nested else {}
    parser.add_argument("--database", metavar="URL", **default,  # type: ignore[arg-type]
                        help="database URL (overrides STRIDE_CLINIC_DATABASE_URL and settings)")
    parser.add_argument("--settings", metavar="PATH", type=Path, **default,  # type: ignore[arg-type]
                        help="settings file to use instead of the per-user one")
    parser.add_argument("--verbose", action="store_true", **default,  # type: ignore[arg-type]
                        help="log debug output to stderr")
    parser.add_argument("--user", metavar="NAME", **default,  # type: ignore[arg-type]
                        help="who this command acts as (else STRIDE_CLINIC_USER); the password "
                             "comes from STRIDE_CLINIC_PASSWORD or is asked for")


def _sub_parser(sub: Any, name: str, **kw: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, **kw)
    _global_options(parser, nested=True)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar."""
    parser = argparse.ArgumentParser(
        prog="stride-clinic",
        description=f"{APP_NAME}: clinical records and rehab for runners with low back pain.")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    _global_options(parser, nested=False)
    parser.add_argument("--self-test", action="store_true",
                        help="check resources, migrations and the main window, then exit")
    parser.add_argument("--startup-check", action="store_true",
                        help="open the main window, wait for the patient list, print how long "
                             "start-up took and the memory used, then exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = _sub_parser(sub, "demo", help="add realistic synthetic patients (one transaction)")
    demo.add_argument("--patients", type=int, default=200, metavar="N")
    demo.add_argument("--seed", type=int, default=2026)

    db = _sub_parser(sub, "db", help="database schema: upgrade or show the current revision")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    _sub_parser(db_sub, "upgrade", help="back up (SQLite) and migrate to this version's schema")
    _sub_parser(db_sub, "current", help="print the schema revision of the database")
    from clinic_app.cli_timeouts import add_parser as add_timeouts_parser

    add_timeouts_parser(db_sub, _sub_parser)

    handout = _sub_parser(sub, "handout", help="print a patient document to a PDF file (kept in the chart)")
    handout.add_argument("--patient", required=True, metavar="SC-000123",
                         help="chart number (SC-000123 or 123)")
    handout.add_argument("--kind", required=True, choices=[
        "exercises", "education-sij", "education-disc", "education-running", "education-doctor",
        "return-to-run", "return-to-performance", "progress-letter", "exam"])
    handout.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")

    from clinic_app.cli_backup import add_parsers as add_backup_parsers

    add_backup_parsers(sub, _sub_parser)
    from clinic_app.cli_export import add_parsers as add_export_parsers

    add_export_parsers(sub, _sub_parser)
    from clinic_app.cli_audit import add_parsers as add_audit_parsers

    add_audit_parsers(sub, _sub_parser)
    from clinic_app.cli_diary import add_parsers as add_diary_parsers

    add_diary_parsers(sub, _sub_parser)
    users = _sub_parser(sub, "users", help="list or add users")
    users_sub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    _sub_parser(users_sub, "list", help="list every user and whether they can sign in")
    add = _sub_parser(users_sub, "add", help="add a user (the first one is the administrator)")
    add.add_argument("--username", required=True)
    add.add_argument("--name", required=True, help="display name, e.g. 'Dr Amira Ahmed'")
    add.add_argument("--role", choices=["clinician", "front_desk", "read_only", "admin"],
                     default="clinician")
    for action, text in (("set-password", "give a user a temporary password (also unlocks)"),
                         ("disable", "stop a user signing in (their records stay theirs)"),
                         ("enable", "let a disabled user sign in again")):
        _sub_parser(users_sub, action, help=text).add_argument("--username", required=True)
    return parser


def _database_url(args: argparse.Namespace) -> str:
    from clinic_app.settings import AppSettings, open_qsettings, resolve_database_url

    if args.database:
        return str(args.database)
    return resolve_database_url(None, AppSettings.load(open_qsettings(args.settings)))


def _progress_bar(done: int, total: int, started: float) -> None:
    if sys.stderr is None:  # a windowed build has no terminal to draw on
        return
    width = 30
    filled = int(width * done / total) if total else width
    rate = done / max(time.perf_counter() - started, 1e-6)
    sys.stderr.write(f"\r[{'#' * filled}{'-' * (width - filled)}] {done}/{total} "
                     f"({rate:,.0f}/s)")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _cli_actor(services: Services, args: argparse.Namespace) -> Actor:
    """Who this run acts as: checked credentials, or (empty database) the first administrator."""
    from clinic_app.cli_users import first_user, signed_in_actor

    if not services.auth.has_users():
        return first_user(services, "demo", "Demo Administrator")
    return signed_in_actor(services, args)


def run_demo(args: argparse.Namespace) -> int:
    """``stride-clinic demo --patients N``."""
    from clinic_app.app import open_database
    from clinic_app.demo.generator import generate_demo
    from clinic_app.services.registry import Services

    db = open_database(_database_url(args))
    try:
        services = Services.over(db)
        actor = _cli_actor(services, args)
        started = time.perf_counter()
        summary = generate_demo(db, actor, args.patients, today=db.clock.today(), seed=args.seed,
                                progress=lambda d, t: _progress_bar(d, t, started))
    finally:
        db.dispose()
    print(f"Created {summary.patients} patients, {summary.episodes} episodes, "
          f"{summary.visits} visits, {summary.appointments} appointments and "
          f"{summary.waitlist} waitlist entries in {summary.seconds:.1f} s.")
    return 0


def run_db(args: argparse.Namespace) -> int:
    """``stride-clinic db upgrade|current|timeouts``."""
    from clinic_app.app import open_database
    from clinic_app.persistence.migrate import HEAD, current_revision, upgrade_to_head

    db = open_database(_database_url(args), migrate=False)
    try:
        if args.db_command == "current":
            revision = current_revision(db.engine)
            state = "up to date" if revision == HEAD else f"this version expects {HEAD}"
            print(f"{revision or '(empty database)'} ({state})")
            return 0
        if args.db_command == "timeouts":
            from clinic_app.cli_timeouts import run_timeouts

            return run_timeouts(args, db)
        from clinic_app.persistence.db import sqlite_path
        from clinic_app.persistence.health import faults_named

        with faults_named(sqlite_path(str(db.engine.url))):
            backup = upgrade_to_head(db.engine)
        if backup:
            print(f"Backed up to {backup}")
        print(f"Database is at {current_revision(db.engine)}.")
        return 0
    finally:
        db.dispose()


def run_users(args: argparse.Namespace) -> int:
    """``stride-clinic users list|add|set-password|disable|enable``."""
    from clinic_app.app import open_database
    from clinic_app.cli_users import run_users as users_command
    from clinic_app.services.registry import Services

    db = open_database(_database_url(args))
    try:
        return users_command(Services.over(db), args)
    finally:
        db.dispose()


def run_handout(args: argparse.Namespace) -> int:
    """``stride-clinic handout --patient SC-000123 --kind exercises --out FILE.pdf``."""
    from clinic_app.app import open_database
    from clinic_app.cli_export import patient_by_chart
    from clinic_app.domain.errors import ValidationError
    from clinic_app.services.registry import Services

    if not args.out.parent.is_dir():
        print(f"{APP_NAME}: the folder {args.out.parent} does not exist.", file=sys.stderr)
        return 1
    db = open_database(_database_url(args))
    try:
        services = Services.over(db)
        patient = patient_by_chart(services, args.patient)
        actor = _cli_actor(services, args)
        try:
            result = services.handouts.render(actor, patient.id, args.kind)
            services.handouts.save_copy(result, args.out)
        except ValidationError as exc:
            print(f"{APP_NAME}: " + " ".join(exc.errors.values()), file=sys.stderr)
            return 1
    finally:
        db.dispose()
    print(f"Wrote {args.out} ({result.pages} page{'s' if result.pages != 1 else ''}): {result.title} "
          f"for {patient.display_name}; kept in the chart.")
    return 0


def run_gui(args: argparse.Namespace) -> int:
    """Open the main window."""
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    from clinic_app.qt_platform import explain_missing_platform

    problem = explain_missing_platform()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QMessageBox

    from clinic_app import ORG_NAME
    from clinic_app.app import build
    from clinic_app.domain.errors import ClinicError
    from clinic_app.paths import resource

    QApplication.setOrganizationName(ORG_NAME)
    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    from clinic_app.domain.messages.core import install_translator

    install_translator(QApplication.translate)  # clinical text the domain builds, translated too
    app.setWindowIcon(QIcon(str(resource("icons", "app.svg"))))
    from clinic_app.logging_setup import log_file_path
    from clinic_app.ui.unexpected_errors import UnexpectedErrorReporter

    UnexpectedErrorReporter(log_file_path()).install()
    from clinic_app.ui.dialogs.startup_fault import open_with_fault_dialog

    try:
        window = open_with_fault_dialog(lambda url: build(url, args.settings), _database_url(args))
    except ClinicError as exc:
        logger.error("cannot open the database: %s", exc)
        from clinic_app.ui.errors import describe

        QMessageBox.critical(None, APP_NAME, describe(exc))
        return 1
    if window is None:
        return 1
    window.show()
    from PySide6.QtCore import QTimer

    if args.startup_check:
        from clinic_app.startup_check import report_when_listed

        report_when_listed(window)
        QTimer.singleShot(0, window.patient_list.refresh)
    else:
        QTimer.singleShot(0, window.start)
    return int(app.exec())


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run the GUI or a sub-command; returns the exit status."""
    args = build_parser().parse_args(list(argv) if argv is not None else None)
    from clinic_app.logging_setup import configure_logging

    configure_logging(args.verbose)
    from clinic_app.logging_setup import enable_fault_log

    enable_fault_log()
    from clinic_app.cli_users import CommandRefused, refuse
    from clinic_app.domain.errors import ClinicError, ValidationError

    try:
        if args.self_test:
            from clinic_app.self_test import run_self_test

            return run_self_test(database_url=args.database)
        if args.command == "demo":
            return run_demo(args)
        if args.command == "db":
            return run_db(args)
        if args.command == "users":
            return run_users(args)
        if args.command == "handout":
            return run_handout(args)
        if args.command == "export":
            from clinic_app.cli_export import run_export

            return run_export(args, _database_url(args))
        if args.command == "diary":
            from clinic_app.cli_diary import run_diary

            return run_diary(args, _database_url(args))
        if args.command == "audit":
            from clinic_app.cli_audit import run_audit

            return run_audit(args, _database_url(args))
        if args.command in {"backup", "restore"}:
            from clinic_app.cli_backup import run_backup, run_restore

            run = run_backup if args.command == "backup" else run_restore
            return run(args, _database_url(args))
        return run_gui(args)
    except CommandRefused as exc:
        return refuse(exc)
    except ValidationError as exc:
        print(f"{APP_NAME}: " + " ".join(exc.errors.values()), file=sys.stderr)
        return 1
    except ClinicError as exc:
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        return 2
