"""Practice → Outcomes: the caseload indicators over the last twelve months of the demo practice,
at 10,000 and 100,000 patients (the work the Outcomes window hands to its worker)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from clinic_app.domain.caseload import Presentation
from clinic_app.domain.patients import Role
from clinic_app.persistence.db import Database
from clinic_app.services.caseload import CaseloadFilter, CaseloadReport, CaseloadService
from clinic_app.services.context import Actor
from tests.benchmarks.benchlib import BENCH_USER, Bench, median_time

REPEAT = 3


def _setting(database: Path) -> tuple[Actor, date]:
    """The bench administrator and the demo's "today" (its latest episode start)."""
    with sqlite3.connect(database) as conn:
        user = conn.execute("SELECT id FROM app_user WHERE username = ?", (BENCH_USER,)).fetchone()[0]
        latest = conn.execute("SELECT MAX(start_date) FROM episode").fetchone()[0]
    return Actor(user, BENCH_USER, Role.ADMIN, "bench"), date.fromisoformat(latest)


def _timed(database: Path, wanted: Callable[[date], CaseloadFilter]) -> tuple[float, CaseloadReport]:
    db = Database.from_url(f"sqlite:///{database}")
    try:
        actor, today = _setting(database)
        service = CaseloadService(db)
        report = service.indicators(actor, wanted(today))  # warm: the file's pages in the OS cache
        return median_time(lambda: service.indicators(actor, wanted(today)), REPEAT), report
    finally:
        db.dispose()


def _year(today: date) -> CaseloadFilter:
    return CaseloadFilter(today - timedelta(days=364), today)


def test_caseload_outcomes_scale(bench: Bench, demo_db: Callable[[int], Path]) -> None:
    seconds: dict[int, float] = {}
    for patients in (10_000, 100_000):
        seconds[patients], report = _timed(demo_db(patients), _year)
        # The indicators have something to say: measures, changes, walk/run, screens.
        assert report.episodes > patients // 5
        assert all(m.with_both > 0 for m in report.measures if m.is_change_measure)
        assert report.walk_run_completed > 0 and report.screens_not_asked > 0
        bench.report(f"Caseload outcomes, {patients:,} patients ({report.episodes:,} episodes "
                     "in 12 months)", seconds[patients] * 1000, "ms")
    bench.at_most("Caseload outcomes, 100k patients, last 12 months", seconds[100_000] * 1000,
                  2000, "ms")
    bench.ratio("Caseload outcomes 100k vs 10k patients", seconds[100_000] / seconds[10_000], 5)


def test_caseload_outcomes_filtered_and_all_time(bench: Bench, demo_db: Callable[[int], Path]) -> None:
    database = demo_db(100_000)
    sij, report = _timed(database, lambda today: CaseloadFilter(
        today - timedelta(days=364), today, presentation=Presentation.SIJ))
    assert report.episodes > 0
    bench.report("Caseload outcomes, 100k patients, 12 months, SIJ only", sij * 1000, "ms")
    every, report = _timed(database, lambda today: CaseloadFilter(today - timedelta(days=3650), today))
    bench.report(f"Caseload outcomes, 100k patients, all {report.episodes:,} episodes",
                 every * 1000, "ms")
