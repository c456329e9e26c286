"""Search as you type: keystroke to results on screen, at 1,000 and 100,000 patients.

Two baselines, both on the same machine in the same run: the raw indexed query alone (the
database's share), and a bare QTableView over a minimal QAbstractTableModel painting the same
page from that query (what any Qt list would need from keystroke to pixels).
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QVBoxLayout, QWidget
from typing_extensions import override

from clinic_app.ui.main_window import MainWindow
from tests.benchmarks.benchlib import Bench, close, open_listed, wait_for

# Surname and given-name beginnings a receptionist types; each matches many patients at 100k.
TEXTS = ("mar", "harr", "rob", "smi", "kat", "ahm", "lee", "gar")
REPEAT = 5
REPEAT_PAINTED = 9  # a few milliseconds each on a shared machine: more runs, steadier medians

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


def _type_key(box: QLineEdit, ch: str) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(box, QKeyEvent(kind, Qt.Key.Key_unknown,
                                              Qt.KeyboardModifier.NoModifier, ch))


def _wait_listed(window: MainWindow) -> None:
    wait_for(window.patient_list.page_shown, window.patient_list.searching, 30_000)


class _Paints(QObject):
    """Counts the paints of a table's viewport since its model last changed its rows."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.since_reset = 0
        table.viewport().installEventFilter(self)
        table.model().modelReset.connect(self._reset)

    def _reset(self) -> None:
        self.since_reset = 0

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.since_reset += 1
        return False


class _AnyPaint(QObject):
    """Notes whether any widget of the application painted."""

    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def _settle() -> None:
    """Run the event loop until a pass paints nothing, so that no repaint left over from an
    earlier keystroke (of either window) lands in the next measured one."""
    app = QApplication.instance()
    assert app is not None
    watch = _AnyPaint()
    app.installEventFilter(watch)
    try:
        for _ in range(20):
            watch.painted = False
            QApplication.processEvents()
            if not watch.painted:
                break
    finally:
        app.removeEventFilter(watch)


def _keystroke_to_painted(box: QLineEdit, paints: _Paints, wait: Callable[[], None],
                          text: str) -> float:
    """Type the last letter of ``text`` after the rest; seconds until its results are painted.

    The same clock for the app and the bare table: from the key event sent to the search box
    to the end of the first paint of the table's viewport after its rows changed (the event
    loop runs until it has painted; a later paint, say of the scroll bar's new range, is the
    next frame and stays out of both). ``wait`` returns once the rows are in the model.
    """
    box.setText(text[:-1])
    wait()
    _settle()  # paint those results now, not inside the measured keystroke
    started = time.perf_counter()
    _type_key(box, text[-1])
    wait()
    for _ in range(100):
        if paints.since_reset:
            break
        QApplication.processEvents()  # the repaint the new rows asked for
    elapsed = time.perf_counter() - started
    assert paints.since_reset > 0, f"the rows for {text!r} were painted"
    return elapsed


def _keystroke_to_results(window: MainWindow, paints: _Paints, text: str) -> float:
    """The app's search box and patient list: keystroke to the new rows painted."""
    return _keystroke_to_painted(window.patient_list.edit_search, paints,
                                 lambda: _wait_listed(window), text)


class _BareModel(QAbstractTableModel):
    """The patient list's five columns straight from the raw query's tuples, text made on paint."""

    HEADINGS = ("Chart no.", "Name", "Date of birth", "Age", "Phone")

    def __init__(self, today: date) -> None:
        super().__init__()
        self.rows: list[tuple[object, ...]] = []
        self._today = (today.year, today.month, today.day)

    def set_rows(self, rows: list[tuple[object, ...]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    @override
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    @override
    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 5

    @override
    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADINGS[section]
        return None

    @override
    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        _id, chart, given, family, preferred, born, phone, _archived, _key = self.rows[index.row()]
        column = index.column()
        if column == 0:
            return f"SC-{chart:06d}"
        if column == 1:
            return f"{family}, {given} ({preferred})" if preferred else f"{family}, {given}"
        if column == 2:
            return born
        if column == 3:
            year, month, day = (int(part) for part in str(born).split("-"))
            return self._today[0] - year - (self._today[1:] < (month, day))
        return phone


class _BareSearch(QWidget):
    """A search box over a bare QTableView: each text change runs RAW_SQL on the GUI thread
    (the fastest a list can be, with no thread, service or DTO) and resets the model."""

    def __init__(self, database: Path, like: QTableView, today: date) -> None:
        super().__init__()
        self._conn = sqlite3.connect(database)
        self.box = QLineEdit()
        self.model = _BareModel(today)
        self.table = QTableView()
        self.table.setModel(self.model)
        # Paint the same pixels as the app's list: its size, row height, column widths and
        # hidden columns, alternating rows, no row numbers.
        self.table.setFixedSize(like.size())
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(
            like.verticalHeader().defaultSectionSize())
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, like.columnWidth(column))
            self.table.setColumnHidden(column, like.isColumnHidden(column))
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.table)
        self.box.textChanged.connect(self._search)

    def _search(self, text: str) -> None:
        if not text:
            self.model.set_rows([])
            return
        upper = text[:-1] + chr(ord(text[-1]) + 1)
        self.model.set_rows(self._conn.execute(RAW_SQL, (text, upper)).fetchall()[:200])

    def close_database(self) -> None:
        self._conn.close()


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
        paints = _Paints(window.patient_list.table)
        app_times: list[float] = []
        raw_times: list[float] = []
        for text in TEXTS:
            _keystroke_to_results(window, paints, text)  # warm both paths
            ids = _raw(conn, text)
            listed = [window.patient_list.model.row_at(r).id
                      for r in range(window.patient_list.model.rowCount())]
            assert listed == ids, f"the list shows what the raw query finds for {text!r}"
            per_text_app, per_text_raw = [], []
            for _ in range(REPEAT):
                per_text_app.append(_keystroke_to_results(window, paints, text))
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


def _texts(model: QAbstractTableModel) -> list[list[str]]:
    return [[str(model.index(row, column).data()) for column in range(model.columnCount())]
            for row in range(model.rowCount())]


def test_search_keystroke_to_painted_vs_bare_table(bench: Bench, qapp: QApplication,
                                                   demo_db: Callable[[int], Path],
                                                   open_window: Callable[[Path], MainWindow]) -> None:
    """Keystroke to the page painted: the patient list against a bare QTableView, 100k patients.

    Both are timed by ``_keystroke_to_painted``: the same key event into a search box, the same
    200-row page of the same five columns in a table of the same size, painted by the same
    ``processEvents``. Neither waits on purpose: the patient list has no debounce (a search
    starts on the keystroke; keystrokes typed while one runs are folded into one search for
    the latest text), so no fixed delay is in either figure, and a scanner's chart number and
    Enter are served by waiting for that text's own search, not by a timer. The bare table
    runs the query on the GUI thread, which the app must not do (a slow disk would freeze the
    window), so the app's hop to a worker thread and back counts against it.
    """
    database = demo_db(100_000)
    window = open_window(database)
    listed = window.patient_list
    bare = _BareSearch(database, listed.table, window.ctx.today())
    bare.show()
    app_paints, bare_paints = _Paints(listed.table), _Paints(bare.table)
    app_times: list[float] = []
    bare_times: list[float] = []
    try:
        for text in TEXTS:
            _keystroke_to_results(window, app_paints, text)  # warm both paths
            _keystroke_to_painted(bare.box, bare_paints, lambda: None, text)
            assert _texts(listed.model) == _texts(bare.model), f"the same page for {text!r}"
            per_text_app, per_text_bare = [], []
            for _ in range(REPEAT_PAINTED):
                per_text_app.append(_keystroke_to_results(window, app_paints, text))
                per_text_bare.append(_keystroke_to_painted(bare.box, bare_paints,
                                                           lambda: None, text))
            app_times.append(statistics.median(per_text_app))
            bare_times.append(statistics.median(per_text_bare))
    finally:
        bare.close_database()
        bare.deleteLater()
    app, bare_time = statistics.median(app_times), statistics.median(bare_times)
    bench.report("Search keystroke to painted, 100k patients", app * 1000, "ms")
    bench.report("Bare QTableView keystroke to painted, 100k patients", bare_time * 1000, "ms")
    bench.ratio("Search painted vs bare QTableView, 100k patients", app / bare_time, 1.5)
