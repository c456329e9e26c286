"""``stride-clinic export fhir`` and ``stride-clinic export copy``: the record out of the app.

``fhir`` writes one patient's record (or one episode) as a FHIR R4 Bundle in JSON; ``copy`` writes
the patient's own copy (right of access): a zip with a readable PDF summary, the same Bundle and
every document kept in the chart. Both are audited and need a clinician's or an administrator's
credentials (``--user`` and ``STRIDE_CLINIC_PASSWORD``).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_app.cli_users import CommandRefused

if TYPE_CHECKING:
    from clinic_app.services.dto import PatientRow
    from clinic_app.services.registry import Services


def add_parsers(sub: object, make: object) -> None:
    """Add ``export fhir|copy`` to the sub-command parser (``make`` is cli._sub_parser)."""
    assert callable(make)
    export = make(sub, "export", help="export a patient's record (FHIR) or the patient's own copy")
    kinds = export.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    fhir = make(kinds, "fhir", help="a FHIR R4 Bundle (JSON) of one patient or one episode")
    fhir.add_argument("--patient", required=True, metavar="SC-000123",
                      help="chart number (SC-000123 or 123)")
    fhir.add_argument("--episode", metavar="YYYY-MM-DD",
                      help="only the episode that started on this date")
    fhir.add_argument("--out", required=True, type=Path, metavar="FILE.json")
    copy = make(kinds, "copy", help="the patient's own copy: summary PDF, FHIR and documents (zip)")
    copy.add_argument("--patient", required=True, metavar="SC-000123",
                      help="chart number (SC-000123 or 123)")
    copy.add_argument("--out", required=True, type=Path, metavar="FILE.zip")


def patient_by_chart(services: Services, chart: str) -> PatientRow:
    """The patient with chart number ``chart`` (``SC-000123`` or ``123``), archived ones too."""
    from clinic_app.services.patients import PatientQuery

    match = re.fullmatch(r"(?i)\s*(?:SC-?)?0*(\d{1,9})\s*", chart)
    if match is None:
        raise CommandRefused(f"'{chart}' is not a chart number such as SC-000123.")
    number = int(match.group(1))
    rows = services.patients.search(PatientQuery(text=f"SC-{number:06d}",
                                                 include_archived=True)).rows
    patient = next((r for r in rows if r.chart_number == number), None)
    if patient is None:
        raise CommandRefused(f"there is no patient with chart number SC-{number:06d}.")
    return patient


def run_export(args: argparse.Namespace, db_url: str) -> int:
    """``stride-clinic export fhir|copy --patient SC-000123 --out FILE``."""
    from clinic_app.app import open_database
    from clinic_app.cli_users import signed_in_actor
    from clinic_app.services.registry import Services

    if not args.out.parent.is_dir():
        raise CommandRefused(f"the folder {args.out.parent} does not exist.")
    db = open_database(db_url)
    try:
        services = Services.over(db)
        patient = patient_by_chart(services, args.patient)
        actor = signed_in_actor(services, args)
        episode_id = _episode_id(services, patient.id, args) if args.export_command == "fhir" else None
        exporter = services.record_export
        if args.export_command == "fhir":
            summary = exporter.export_fhir(actor, patient.id, args.out, episode_id=episode_id)
            what = "FHIR R4 Bundle"
        else:
            summary = exporter.patient_copy(actor, patient.id, args.out)
            what = "Patient's own copy"
    finally:
        db.dispose()
    print(f"{what} for {patient.display_name}: {summary.text()}")
    return 0


def _episode_id(services: Services, patient_id: int, args: argparse.Namespace) -> int | None:
    from datetime import date

    if args.episode is None:
        return None
    try:
        start = date.fromisoformat(args.episode)
    except ValueError:
        raise CommandRefused(f"'{args.episode}' is not a date such as 2026-03-14.") from None
    episodes = [e for e in services.patients.get(patient_id).episodes if e.start_date == start]
    if len(episodes) != 1:
        starts = ", ".join(str(e.start_date) for e in services.patients.get(patient_id).episodes)
        raise CommandRefused(f"no single episode started on {start}; this patient's episodes "
                             f"started on: {starts or 'none recorded'}.")
    return episodes[0].id
