"""``stride-clinic db timeouts``: show or set the practice's PostgreSQL lock and statement waits."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from clinic_app.persistence.db import Database


def add_parser(db_sub: Any, sub_parser: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``timeouts`` under ``db``."""
    parser = sub_parser(db_sub, "timeouts", help="show or set how long database sessions wait for "
                                                 "another workstation's lock and run one statement")
    parser.add_argument("--lock", type=int, metavar="SECONDS",
                        help="wait for a lock at most this long, then say the record is busy (1-120)")
    parser.add_argument("--statement", type=int, metavar="SECONDS",
                        help="stop any one statement after this long (5-3600)")


def run_timeouts(args: argparse.Namespace, db: Database) -> int:
    """Print the setting; with ``--lock``/``--statement`` an administrator changes it first."""
    from dataclasses import replace

    from clinic_app.cli_users import signed_in_actor
    from clinic_app.services.registry import Services

    services = Services.over(db)
    current = services.database_settings.get()
    timeouts = current.timeouts
    if args.lock is not None or args.statement is not None:
        actor = signed_in_actor(services, args)
        changes = {k: v for k, v in (("lock_timeout_s", args.lock),
                                      ("statement_timeout_s", args.statement)) if v is not None}
        timeouts = replace(timeouts, **changes)
        services.database_settings.save(actor, timeouts, current.version)
    note = "" if db.backend == "postgresql" else " (stored; SQLite uses its own busy timeout)"
    print(f"Lock timeout {timeouts.lock_timeout_s} s, statement timeout "
          f"{timeouts.statement_timeout_s} s{note}.")
    return 0
