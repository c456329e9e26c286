"""Caseload outcomes: what the practice's care achieves, over many episodes at once.

The figures come from one SQL statement (``caseload_sql``) over the per-episode summary rows
(``episode_outcome``, scored with the practice's ODI setting when they were written) and their
sums by start month; this module checks who asks and turns the summary rows into a read model
with its denominators.
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from clinic_app.domain.access import Action
from clinic_app.domain.caseload import MEASURE_RULES, NOT_RECORDED, ChangeRule, Presentation
from clinic_app.domain.caseload_figures import CaseloadFilter, CaseloadReport, MeasureOutcome
from clinic_app.domain.errors import ValidationError
from clinic_app.domain.measures.startback import StartBackRisk
from clinic_app.domain.messages import Message, msg
from clinic_app.domain.patients import Role
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import User
from clinic_app.services.access import authorize
from clinic_app.services.caseload_sql import covered_months, indicators_statement
from clinic_app.services.caseload_sql_base import Selection
from clinic_app.services.caseload_sql_measures import HISTOGRAM_EDGES, MEASURE_KEYS
from clinic_app.services.context import Actor

if TYPE_CHECKING:
    from clinic_app.reports.styles import Branding

logger = logging.getLogger(__name__)

MAX_RANGE_YEARS = 50


@dataclass(frozen=True, slots=True)
class ClinicianOption:
    """A clinician to filter by."""

    id: int
    name: str


def _bins(rule: ChangeRule) -> list[str]:
    edges = HISTOGRAM_EDGES[rule.key]
    labels = [f"< {edges[0]:g}"]
    labels += [f"{low:g} to < {high:g}" for low, high in zip(edges, edges[1:], strict=False)]
    return [*labels, f"≥ {edges[-1]:g}"]


class CaseloadService:
    """Caseload indicators for administrators and clinicians."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def clinicians(self, actor: Actor) -> list[ClinicianOption]:
        """The practice's clinicians and administrators (who see patients), by name."""
        authorize(self._db, actor, Action.VIEW_CASELOAD)
        with self._db.reading() as s:
            rows = s.execute(select(User.id, User.display_name)
                             .where(User.role.in_((Role.CLINICIAN.value, Role.ADMIN.value)))
                             .order_by(User.display_name, User.id)).all()
        return [ClinicianOption(i, name) for i, name in rows]

    def indicators(self, actor: Actor, wanted: CaseloadFilter) -> CaseloadReport:
        """Every indicator over the episodes ``wanted`` selects."""
        authorize(self._db, actor, Action.VIEW_CASELOAD)
        _validate(wanted)
        selection = Selection(wanted.start, wanted.end, wanted.clinician_id,
                              Presentation(wanted.presentation) if wanted.presentation else None,
                              wanted.startback)
        with self._db.reading() as s:
            if self._db.backend == "postgresql":  # which months are whole, and their sums: one snapshot
                s.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            rows = s.execute(indicators_statement(selection, covered_months(s, selection))).all()
        return _report(wanted, [tuple(r) for r in rows])  # type: ignore[misc]


def _validate(wanted: CaseloadFilter) -> None:
    errors: dict[str, str | Message] = {}
    if wanted.end < wanted.start:
        errors["end"] = msg("common.end_before_start")
    elif (wanted.end - wanted.start).days > MAX_RANGE_YEARS * 366:
        errors["start"] = msg("caseload.choose_range_most_years", max_range_years=MAX_RANGE_YEARS)
    if wanted.startback not in (None, NOT_RECORDED, *(r.value for r in StartBackRisk)):
        errors["startback"] = msg("caseload.choose_low_medium_high_risk")
    if wanted.presentation is not None and wanted.presentation not in tuple(Presentation):
        errors["presentation"] = msg("caseload.choose_one_listed_presentations_any")
    if errors:
        raise ValidationError(errors)


def _int(value: float | None) -> int:
    return int(round(value)) if value is not None else 0


_Row = tuple[str, str, float | None, float | None, float | None, float | None]


def _report(wanted: CaseloadFilter, rows: list[_Row]) -> CaseloadReport:
    single: dict[str, tuple[float | None, ...]] = {}
    keyed: dict[tuple[str, str], tuple[float | None, ...]] = {}
    hist: dict[str, dict[int, int]] = {}
    for part, key, a, b, c, d in rows:
        if part == "hist":
            hist.setdefault(key, {})[_int(a)] = _int(b)
        elif key:
            keyed[(part, key)] = (a, b, c, d)
        else:
            single[part] = (a, b, c, d)
    keys = MEASURE_KEYS
    baseline = [*single["baseline0"], *single["baseline1"][:2]]
    discharge = [*single["discharge0"], *single["discharge1"][:2]]
    measures = []
    for i, key in enumerate(keys):
        rule = next((r for r in MEASURE_RULES if r.key == key), None)
        if rule is None:
            measures.append(MeasureOutcome(key, "STarT Back", "", _int(baseline[i]), _int(discharge[i])))
            continue
        change = keyed.get(("change", key), (0, 0, 0, None))
        median = keyed.get(("median", key), (None, 0, None, None))[0]
        counts = hist.get(key, {})
        measures.append(MeasureOutcome(
            key, rule.label, rule.wording, _int(baseline[i]), _int(discharge[i]),
            _int(change[0]), _int(change[1]), _int(change[2]), median,
            tuple((label, counts.get(n, 0)) for n, label in enumerate(_bins(rule)))))
    episodes = single["episodes"]
    flags = single["flags"]
    running = single["running"]
    return CaseloadReport(
        filter=wanted, episodes=_int(episodes[0]), discharged=_int(episodes[1]),
        visits=_int(episodes[2]), median_visits=keyed.get(("median", "visits"), (None,))[0],
        unscreened_episodes=_int(episodes[3]), screens=_int(flags[0]),
        screens_not_asked=_int(flags[1]), items_not_asked=_int(flags[2]),
        walk_run_started=_int(running[0]), walk_run_completed=_int(running[1]),
        median_days_to_complete=keyed.get(("median", "running_days"), (None,))[0],
        measures=tuple(measures))


def write_csv(report: CaseloadReport, path: Path, clinician: str = "") -> None:
    """Write the CSV export (UTF-8 with a byte-order mark, so spreadsheets read the accents),
    whole or not at all."""
    from clinic_app.reports.documents.caseload_report import caseload_csv

    data = caseload_csv(report, clinician).encode("utf-8-sig")
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.part")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_pdf(report: CaseloadReport, branding: Branding, path: Path, clinician: str = "",
              issued: date | None = None) -> int:
    """Write the PDF report on the practice letterhead; returns its number of pages."""
    from clinic_app.reports.documents.caseload_report import build_caseload_report

    return build_caseload_report(report, branding, path, clinician,
                                 issued.isoformat() if issued else "")
