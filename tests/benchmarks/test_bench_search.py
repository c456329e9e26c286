"""Search as you type: keystroke to results on screen, at 1,000 and 100,000 patients."""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from clinic_app.ui.main_window import MainWindow
from tests.benchmarks.benchlib import Bench, close, open_listed, wait_for

# Surname and given-name beginnings a receptionist types; each matches many patients at 100k.
TEXTS = ("mar", "harr", "rob", "smi", "kat", "ahm", "lee", "gar")
REPEAT = 5

# The fastest way to the same page: one statement on the covering search-term index, run by
# the sqlite3 driver with no layers in between.
RAW_SQL = (
    "SELECT p.id, p.chart_number, p.given_name, p.family_name, p.preferred_name, p.birth_date, "
    "p.phone, p.archived, p.sort_key FROM (SELECT DISTINCT sort_key, patient_id "
    "FROM patient_search_term WHERE term >= ? AND term < ? AND archived = 0 "
    "ORDER BY sort_key, patient_id LIMIT 201) k JOIN patient p ON p.id = k.patient_id "
    "ORDER BY k.sort_key, k.patient_id")


def _raw(conn: sqlite3.Connection, text: str) -> list[int]:
    upper = text[:-1] + chr(ord(text[-1]) + 1)
    return [row[0] for row in conn.execute(RAW_SQL, (text, upper)).fetchall()][:200]


def _type_key(window: MainWindow, ch: str) -> None:
    box = window.patient_list.edit_search
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(box, QKeyEvent(kind, Qt.Key.Key_unknown,
                                              Qt.KeyboardModifier.NoModifier, ch))


def _wait_listed(window: MainWindow) -> None:
    wait_for(window.patient_list.page_shown, window.patient_list.searching, 30_000)


def _keystroke_to_results(window: MainWindow, text: str) -> float:
    """Type the last letter of ``text`` after the rest; seconds until its results are painted."""
    view = window.patient_list
    view.edit_search.setText(text[:-1])
    _wait_listed(window)
    QApplication.processEvents()  # paint those results now, not inside the measured keystroke
    started = time.perf_counter()
    _type_key(window, text[-1])
    _wait_listed(window)
    QApplication.processEvents()  # the repaint the new rows asked for
    return time.perf_counter() - started


@pytest.fixture
def open_window(tmp_path: Path) -> Iterator[Callable[[Path], MainWindow]]:
    windows: list[MainWindow] = []

    def open_(database: Path) -> MainWindow:
        windows.append(open_listed(database, tmp_path / f"{len(windows)}.ini"))
        return windows[-1]

    yield open_
    for window in windows:
        close(window)


def test_search_keystroke_to_results(bench: Bench, qapp: QApplication,
                                     demo_db: Callable[[int], Path],
                                     open_window: Callable[[Path], MainWindow]) -> None:
    shown: dict[int, float] = {}
    for patients in (1_000, 100_000):
        database = demo_db(patients)
        window = open_window(database)
        conn = sqlite3.connect(database)
        app_times: list[float] = []
        raw_times: list[float] = []
        for text in TEXTS:
            _keystroke_to_results(window, text)  # warm both paths
            ids = _raw(conn, text)
            listed = [window.patient_list.model.row_at(r).id
                      for r in range(window.patient_list.model.rowCount())]
            assert listed == ids, f"the list shows what the raw query finds for {text!r}"
            per_text_app, per_text_raw = [], []
            for _ in range(REPEAT):
                per_text_app.append(_keystroke_to_results(window, text))
                started = time.perf_counter()
                _raw(conn, text)
                per_text_raw.append(time.perf_counter() - started)
            app_times.append(statistics.median(per_text_app))
            raw_times.append(statistics.median(per_text_raw))
        conn.close()
        shown[patients] = statistics.median(app_times)
        raw = statistics.median(raw_times)
        label = f"{patients // 1000}k"
        bench.report(f"Search keystroke to results, {label} patients", shown[patients] * 1000, "ms")
        bench.report(f"Search raw indexed query, {label} patients", raw * 1000, "ms")
        if patients == 100_000:
            bench.ratio("Search vs raw indexed query, 100k patients", shown[patients] / raw, 3)
        else:
            bench.report(f"Search vs raw indexed query, {label} patients",
                         shown[patients] / raw, "x")
    bench.ratio("Search 100k vs 1k patients", shown[100_000] / shown[1_000], 2)
