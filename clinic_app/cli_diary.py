"""``stride-clinic diary export`` and ``stride-clinic diary day-sheet``: the book out of the app.

``export`` writes an iCalendar file of a clinician's week (``--clinician USER --week DATE``) or of
a patient's coming appointments (``--patient SC-000123``); ``day-sheet`` prints one day to a PDF.
Each is audited and acts as the user signed in for the run (``--user`` and
``STRIDE_CLINIC_PASSWORD``).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_app.cli_users import CommandRefused

if TYPE_CHECKING:
    from clinic_app.services.registry import Services


def add_parsers(sub: object, make: object) -> None:
    """Add ``diary export|day-sheet`` to the sub-command parser (``make`` is cli._sub_parser)."""
    assert callable(make)
    diary = make(sub, "diary", help="the appointment book: calendar export, day sheet")
    actions = diary.add_subparsers(dest="diary_command", metavar="ACTION", required=True)
    export = make(actions, "export", help="an iCalendar file (.ics) of a clinician's week or a "
                                          "patient's coming appointments")
    who = export.add_mutually_exclusive_group(required=True)
    who.add_argument("--clinician", metavar="USER", help="the clinician's user name")
    who.add_argument("--patient", metavar="SC-000123", help="chart number (SC-000123 or 123)")
    export.add_argument("--week", metavar="YYYY-MM-DD", type=date.fromisoformat,
                        help="any day of the week to export (with --clinician)")
    export.add_argument("--out", required=True, type=Path, metavar="FILE.ics")
    sheet = make(actions, "day-sheet", help="one day's appointments as a PDF")
    sheet.add_argument("--date", required=True, metavar="YYYY-MM-DD", type=date.fromisoformat)
    sheet.add_argument("--clinician", metavar="USER", help="only this clinician (default: everyone)")
    sheet.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")


def _clinician_id(services: Services, username: str) -> int:
    users = {u.username: u for u in services.users.list_users()}
    user = users.get(username.strip().lower())
    if user is None or user.id not in {c.id for c in services.diary.clinicians()}:
        raise CommandRefused(f"'{username}' is not a clinician of this practice.")
    return user.id


def run_diary(args: argparse.Namespace, db_url: str) -> int:
    """Run ``diary export`` or ``diary day-sheet``."""
    from clinic_app.app import open_database
    from clinic_app.cli_export import patient_by_chart
    from clinic_app.cli_users import signed_in_actor
    from clinic_app.services.registry import Services

    if not args.out.parent.is_dir():
        raise CommandRefused(f"the folder {args.out.parent} does not exist.")
    db = open_database(db_url)
    try:
        services = Services.over(db)
        actor = signed_in_actor(services, args)
        documents = services.diary_documents
        if args.diary_command == "day-sheet":
            clinician = _clinician_id(services, args.clinician) if args.clinician else None
            pages = documents.day_sheet(actor, args.date, clinician, args.out)
            print(f"Day sheet for {args.date.isoformat()}: {pages} page(s) written to {args.out}")
            return 0
        if args.clinician:
            if args.week is None:
                raise CommandRefused("give --week YYYY-MM-DD with --clinician.")
            data = documents.clinician_week_ics(actor, _clinician_id(services, args.clinician),
                                                args.week)
        else:
            patient = patient_by_chart(services, args.patient)
            data = documents.patient_ics(actor, patient.id)
    finally:
        db.dispose()
    args.out.write_bytes(data)
    events = data.count(b"BEGIN:VEVENT")
    print(f"{events} appointment(s) written to {args.out}")
    return 0
