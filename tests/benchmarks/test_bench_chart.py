"""Opening a chart with a long history against a raw fetch of the same rows.

Measured from asking for the chart to the chart painted: every layout and paint pass it causes
(``settle_paint``), none left over from the chart before. Reported beside it: the same open up
to the data shown (read in the background and applied to the widgets, before the paint), and
a chart with a handful of visits (the same screen: what is left is the screen, not the history).
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from clinic_app.ui.main_window import MainWindow
from tests.benchmarks.benchlib import Bench, close, open_listed, settle_paint, wait_idle

VISITS = 400
REPEAT = 15  # a shared machine has slow minutes: enough turns for a steady median

# Every row the chart's history is made of, read by the sqlite3 driver with nothing in between.
_RAW = (
    "SELECT * FROM patient WHERE id = :p",
    "SELECT * FROM episode WHERE patient_id = :p",
    "SELECT * FROM visit WHERE patient_id = :p",
    "SELECT e.* FROM exam e JOIN visit v ON v.id = e.visit_id WHERE v.patient_id = :p",
    "SELECT m.* FROM visit_measures m JOIN episode e ON e.id = m.episode_id WHERE e.patient_id = :p",
    "SELECT s.* FROM psfs_series s JOIN episode e ON e.id = s.episode_id WHERE e.patient_id = :p",
    "SELECT r.* FROM plan_revision r JOIN episode e ON e.id = r.episode_id WHERE e.patient_id = :p",
    "SELECT r.* FROM intake_revision r JOIN episode e ON e.id = r.episode_id WHERE e.patient_id = :p",
    "SELECT f.* FROM red_flag_screen f JOIN episode e ON e.id = f.episode_id WHERE e.patient_id = :p",
    "SELECT f.* FROM red_flag_event f JOIN episode e ON e.id = f.episode_id WHERE e.patient_id = :p",
    "SELECT r.* FROM run_session r JOIN episode e ON e.id = r.episode_id WHERE e.patient_id = :p",
    "SELECT a.* FROM adherence_week a JOIN episode e ON e.id = a.episode_id WHERE e.patient_id = :p",
    "SELECT id, kind, title, pages, created_at FROM handout WHERE patient_id = :p",
)


def _long_history(source: Path, target: Path) -> tuple[int, int, str]:
    """Copy the demo database and give one patient the episodes of others: ten years, 400+ visits.

    Returns the patient with the long history, another patient to open first, and a label
    such as "411 visits over 5.7 years".
    """
    shutil.copyfile(source, target)
    conn = sqlite3.connect(target)
    with conn:
        patient = conn.execute(
            "SELECT e.patient_id FROM episode e WHERE e.status = 'open' "
            "GROUP BY e.patient_id ORDER BY COUNT(*) DESC, e.patient_id LIMIT 1").fetchone()[0]
        donors = conn.execute(
            "SELECT v.patient_id, COUNT(*) FROM visit v WHERE v.patient_id != :p AND NOT EXISTS "
            "(SELECT 1 FROM episode e WHERE e.patient_id = v.patient_id AND e.status = 'open') "
            "GROUP BY v.patient_id ORDER BY COUNT(*) DESC", {"p": patient}).fetchall()
        have = conn.execute("SELECT COUNT(*) FROM visit WHERE patient_id = :p",
                            {"p": patient}).fetchone()[0]
        moved = []
        for donor, visits in donors:
            if have >= VISITS:
                break
            moved.append(donor)
            have += visits
        for table in ("episode", "visit", "handout"):
            conn.executemany(f"UPDATE {table} SET patient_id = ? WHERE patient_id = ?",  # noqa: S608 - fixed names
                             [(patient, donor) for donor in moved])
    other = conn.execute("SELECT id FROM patient WHERE id NOT IN (?, ?) LIMIT 1",
                         (patient, moved[0])).fetchone()[0]
    span = conn.execute("SELECT MIN(starts_at), MAX(starts_at), COUNT(*) FROM visit "
                        "WHERE patient_id = ?", (patient,)).fetchone()
    conn.close()
    assert span[2] >= VISITS, span
    print(f"\n  long history: {span[2]} visits from {span[0][:10]} to {span[1][:10]}", flush=True)
    years = (int(span[1][:4]) * 12 + int(span[1][5:7]) - int(span[0][:4]) * 12
             - int(span[0][5:7])) / 12
    return patient, other, f"{span[2]} visits over {years:.1f} years"


def _short_history(database: Path, not_these: tuple[int, int]) -> tuple[int, int]:
    """A patient in an open episode with a handful of visits: the chart screen without history."""
    conn = sqlite3.connect(database)
    try:
        return conn.execute(
            "SELECT v.patient_id, COUNT(*) FROM visit v JOIN episode e ON e.id = v.episode_id "
            "WHERE e.status = 'open' AND v.patient_id NOT IN (?, ?) GROUP BY v.patient_id "
            "HAVING COUNT(*) BETWEEN 3 AND 6 ORDER BY v.patient_id LIMIT 1", not_these).fetchone()
    finally:
        conn.close()


def _open(window: MainWindow, patient_id: int) -> tuple[float, float]:
    """From asking for the chart to the chart read, laid out and painted (every pass of it),
    and to its data shown (read and applied to the widgets, before the paint)."""
    settle_paint()  # nothing of the previous chart is left to paint inside this measure
    shown: list[float] = []
    record = lambda _patient: shown.append(time.perf_counter())  # noqa: E731
    window.chart.opened.connect(record)
    started = time.perf_counter()
    window.open_patient(patient_id)
    wait_idle(window)
    settle_paint()
    painted = time.perf_counter()
    window.chart.opened.disconnect(record)
    settle_paint()  # the audit of the opening, written after the paint, is done before the next
    window.ctx.writes.wait()  # measure starts (it is not part of showing the chart)
    return painted - started, shown[0] - started


def _raw_fetch(database: Path, patient_id: int) -> int:
    conn = sqlite3.connect(database)
    try:
        return sum(len(conn.execute(sql, {"p": patient_id}).fetchall()) for sql in _RAW)
    finally:
        conn.close()


def test_open_chart_with_ten_years_of_history(bench: Bench, qapp: QApplication,
                                              demo_db: Callable[[int], Path],
                                              tmp_path: Path) -> None:
    database = tmp_path / "history.sqlite3"
    patient, other, span = _long_history(demo_db(1_000), database)
    short, short_visits = _short_history(database, (patient, other))
    window = open_listed(database, tmp_path / "s.ini")
    try:
        _open(window, other)  # build the chart view once, as any earlier patient would
        _open(window, patient)
        assert window.chart.visits.rowCount() >= VISITS, "every visit is listed"
        chart_times, shown_times, raw_times, short_times = [], [], [], []
        for _ in range(REPEAT):
            _open(window, other)
            painted, shown = _open(window, patient)
            chart_times.append(painted)
            shown_times.append(shown)
            started = time.perf_counter()
            rows = _raw_fetch(database, patient)
            raw_times.append(time.perf_counter() - started)
            _open(window, other)
            short_times.append(_open(window, short)[0])
        chart, raw = statistics.median(chart_times), statistics.median(raw_times)
        bench.report(f"Open chart, {span}", chart * 1000, "ms")
        bench.report(f"Raw fetch of the same {rows} rows", raw * 1000, "ms")
        bench.report("Open chart: read and shown, before the paint",
                     statistics.median(shown_times) * 1000, "ms")
        bench.report(f"Open chart with {short_visits} visits (the same screen, painted)",
                     statistics.median(short_times) * 1000, "ms")
        bench.report("Open chart, read and shown, vs raw fetch",
                     statistics.median(shown_times) / raw, "x")
        bench.ratio("Open chart vs raw fetch", chart / raw, 3)
    finally:
        close(window)
