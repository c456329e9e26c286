"""``stride-clinic audit verify`` and ``stride-clinic audit key export|import FILE``.

``verify`` prints one summary line and exits 0 when the audit trail and every signed record check
out, else 1 with one line per problem. Once the database has users it needs an administrator's
credentials (``--user`` and ``STRIDE_CLINIC_PASSWORD``, as every command).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from clinic_app.cli_users import CommandRefused, signed_in_actor


def add_parsers(sub: Any, make: Any) -> None:
    """Add ``audit`` to the sub-command parser (``make`` is cli._sub_parser)."""
    audit = make(sub, "audit", help="verify the tamper-evident audit trail; move its key")
    actions = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    make(actions, "verify", help="check every audit row and signed record; exit 1 on tampering")
    key = make(actions, "key", help="export or import the practice's audit key (PostgreSQL "
                                    "practices: every workstation needs the same key)")
    key_actions = key.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    make(key_actions, "export", help="write the database's audit key to FILE (keep it safe)"
         ).add_argument("file", type=Path, metavar="FILE")
    make(key_actions, "import", help="install an audit key exported on another workstation"
         ).add_argument("file", type=Path, metavar="FILE")


def _admin(db: Any, args: argparse.Namespace) -> None:
    from clinic_app.domain.access import Action
    from clinic_app.services.access import authorize
    from clinic_app.services.registry import Services

    services = Services.over(db)
    if not services.auth.has_users():
        return
    authorize(db, signed_in_actor(services, args), Action.VIEW_AUDIT)


def run_audit(args: argparse.Namespace, db_url: str) -> int:
    """Run ``audit verify`` or ``audit key export|import``."""
    from clinic_app.services.audit_key import import_key

    if args.audit_command == "key" and args.key_command == "import":
        fingerprint = import_key(args.file)
        print(f"Audit key {fingerprint[:16]} installed on this workstation; it can now add to "
              "the audit trail of databases sealed with it.")
        return 0
    from clinic_app.app import open_database

    db = open_database(db_url)
    try:
        _admin(db, args)
        if args.audit_command == "key":
            return _export(db, args.file)
        return _verify(db)
    finally:
        db.dispose()


def _export(db: Any, file: Path) -> int:
    from clinic_app.services.audit_key import export_key

    with db.engine.connect() as conn:
        fingerprint = str(conn.exec_driver_sql(
            "SELECT key_fingerprint FROM audit_chain_head WHERE id = 1").scalar_one())
    if not file.parent.is_dir():
        raise CommandRefused(f"the folder {file.parent} does not exist.")
    export_key(fingerprint, file)
    print(f"Audit key written to {file} (readable by you only). Copy it to each other "
          "workstation of the practice, run 'stride-clinic audit key import FILE' there, then "
          "delete the copy.")
    return 0


def _verify(db: Any) -> int:
    from clinic_app.services.audit_verify import verify_and_anchor

    result = verify_and_anchor(db)
    print(result.summary())
    for line in result.lines():
        print(f"  {line}")
    return 0 if result.intact else 1
