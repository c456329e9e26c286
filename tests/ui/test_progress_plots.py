"""Progress graphs: plotted data equals the read model, toggles, hover, table, export, async, laziness."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QPushButton, QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from clinic_app.services.progress_dto import (
    AdherenceWeek,
    BaselineRow,
    MeasureSeries,
    ProgressData,
    RatioPoint,
    SeriesPoint,
    SlrAngles,
    WeekDistance,
)
from clinic_app.ui.plots import prepare
from clinic_app.ui.plots.progress_view import EMPTY_TEXT, ProgressView
from clinic_app.ui.tasks import TaskRunner

pytestmark = pytest.mark.gui

VISITS = (date(2026, 10, 5), date(2026, 10, 19), date(2026, 11, 2))
WEEK0 = date(2026, 9, 7)
KM = (20.0, 22.0, 0.0, 5.0, 10.0, 14.0, 18.0, 21.0)
ACWR = (0.0, 0.5, 1.2, 1.5, 1.312)


def day(d: date) -> float:
    """The documented x conversion: days since 1970-01-01."""
    return float((d - date(1970, 1, 1)).days)


def _series(key: str, label: str, unit: str, high: float, values: tuple[float | None, ...],
            baseline: float | None, mcid: float | None, higher: bool = False) -> MeasureSeries:
    points = tuple(SeriesPoint(d, float(v), i + 1) for i, (d, v) in enumerate(zip(VISITS, values,
                                                                                 strict=True))
                   if v is not None)
    return MeasureSeries(key, label, unit, 0, high, higher, points, baseline, mcid)


def progress_data() -> ProgressData:
    """Three visits: ODI 40 → 28 → 18, back pain 7 → 5 → 4, eight weeks of running."""
    measures = (
        _series("nprs_back", "Pain (back)", "0-10", 10, (7, 5, 4), 7.0, 5.0),
        _series("nprs_leg", "Pain (leg)", "0-10", 10, (4, None, 2), 4.0, 2.0),
        _series("odi", "ODI", "%", 100, (40, 28, 18), 40.0, 30.0),
        _series("rmdq", "RMDQ", "0-24", 24, (None, None, None), None, None),
        _series("psfs", "PSFS", "0-10", 10, (3.33, 5.0, 6.33), 3.33, 5.33, higher=True),
    )
    weeks = tuple(WeekDistance(WEEK0 + timedelta(weeks=i), km) for i, km in enumerate(KM))
    acwr = tuple(RatioPoint(WEEK0 + timedelta(weeks=3 + i), r) for i, r in enumerate(ACWR))
    slr = (SlrAngles(VISITS[0], None, 40), SlrAngles(VISITS[1], 55, 60), SlrAngles(VISITS[2], None, 75))
    adherence = (AdherenceWeek(date(2026, 10, 5), 3, 5), AdherenceWeek(date(2026, 10, 12), 0, 0),
                 AdherenceWeek(date(2026, 10, 19), 5, 5))
    rows = (
        BaselineRow("Pain (back)", "7", "4", "-3", "43%", "Meaningful improvement in back pain", True),
        BaselineRow("ODI", "40.0%", "18.0%", "-22.0", "55%", "Meaningful improvement in disability", True),
        BaselineRow("Pain (leg)", "4", "2", "-2", "50%", "Small change in leg pain", False),
        BaselineRow("PSFS", "3.33", "6.33", "+3.00", "—", "Exceeds the minimum detectable change", None),
    )
    return ProgressData(7, WEEK0, VISITS, measures, weeks, acwr, slr, adherence, rows)


def ten_years() -> ProgressData:
    """Ten years of daily pain diary and 520 weekly distances."""
    start = date(2016, 1, 4)
    points = tuple(SeriesPoint(start + timedelta(days=i), float((i * 7) % 11)) for i in range(3650))
    back = MeasureSeries("nprs_back", "Pain (back)", "0-10", 0, 10, False, points, 0.0, 0.0)
    weeks = tuple(WeekDistance(start + timedelta(weeks=i), float(20 + (i * 13) % 30)) for i in range(520))
    acwr = tuple(RatioPoint(w.week_start, 1.0 + (i % 7) / 10) for i, w in enumerate(weeks))
    return ProgressData(9, start, (start,), (back,), weeks, acwr, (), (), ())


@pytest.fixture
def view(qtbot: QtBot) -> ProgressView:
    """A shown view at a clinic-workstation size, holding the hand-built episode."""
    widget = ProgressView()
    qtbot.addWidget(widget)
    widget.resize(1000, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_data(progress_data())
    return widget


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    """A read runner over the global pool, shut down at teardown."""
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown()


def _check(view: ProgressView, name: str) -> QCheckBox:
    found = [c for c in view.findChildren(QCheckBox) if c.accessibleName() == name]
    assert len(found) == 1, name
    return found[0]


def _cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None
    return item


def _button(view: ProgressView, text: str) -> QPushButton:
    found = [b for b in view.findChildren(QPushButton) if b.text() == text]
    assert len(found) == 1, text
    return found[0]


def test_progress_plots_measures_plot_the_dto_values(view: ProgressView) -> None:
    data = progress_data()
    assert prepare.to_day(date(1970, 1, 2)) == 1.0
    for key in ("nprs_back", "nprs_leg", "odi", "psfs"):
        series = data.measure(key)
        assert series is not None
        assert view.plotted(key) == ([day(p.day) for p in series.points], [p.value for p in series.points])
    assert view.plotted("odi")[1] == [40.0, 28.0, 18.0]
    assert view.plotted("rmdq") == ([], [])
    assert view.plotted("load_pain") == view.plotted("nprs_back")


def test_progress_plots_baseline_and_mcid_lines_sit_at_the_dto_levels(view: ProgressView) -> None:
    assert view.levels("odi") == (40.0, 30.0)
    assert view.levels("nprs_back") == (7.0, 5.0)
    assert view.levels("psfs") == (3.33, 5.33)
    assert view.levels("rmdq") == (None, None)
    panel = view.graphs.odi
    assert panel.band("odi") == (30.0, 40.0)
    assert panel.baselines["odi"].isVisible() and panel.mcids["odi"].isVisible()
    assert not view.graphs.rmdq.plot.isVisible()  # no RMDQ recorded: the panel folds away
    visits_x, _ = view.graphs.odi.visits.getData()
    assert sorted(set(visits_x.tolist())) == [day(d) for d in VISITS]


def test_progress_plots_load_slr_and_adherence_series(view: ProgressView) -> None:
    x, heights = view.plotted("distance")
    assert heights == list(KM)
    assert x == [day(WEEK0 + timedelta(weeks=i)) + 3.5 for i in range(len(KM))]
    assert view.plotted("acwr")[1] == list(ACWR)
    assert view.graphs.acwr.sweet_spot_region() == (0.8, 1.3)
    assert view.plotted("slr_left") == ([day(VISITS[1])], [55.0])
    assert view.plotted("slr_right") == ([day(d) for d in VISITS], [40.0, 60.0, 75.0])
    assert view.plotted("adherence") == ([day(date(2026, 10, 5)) + 3.5, day(date(2026, 10, 19)) + 3.5],
                                         [60.0, 100.0])


def test_progress_plots_set_data_reuses_the_items(view: ProgressView) -> None:
    items = {key: view.graphs.track(key).item for key in view.graphs.series_keys()}
    view.set_data(ten_years())
    view.set_data(progress_data())
    assert all(view.graphs.track(key).item is item for key, item in items.items())
    curve = view.graphs.track("odi").item
    assert curve.opts["clipToView"] and curve.opts["autoDownsample"]
    assert curve.opts["downsampleMethod"] == "peak"


def test_progress_plots_checkbox_hides_a_series_and_its_marks(view: ProgressView, qtbot: QtBot) -> None:
    check = _check(view, "ODI — show on the graphs")
    item = view.graphs.track("odi").item
    assert item.isVisible()
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert not check.isChecked()
    assert not item.isVisible()
    assert not view.graphs.odi.baselines["odi"].isVisible()
    assert not view.graphs.odi.bands["odi"].isVisible()
    assert not view.series_visible("odi")
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert item.isVisible() and view.graphs.odi.baselines["odi"].isVisible()

    _check(view, "Pain (back) — show on the graphs").setChecked(False)  # back pain is drawn twice: both hide
    assert not view.graphs.track("nprs_back").item.isVisible()
    assert not view.graphs.track("load_pain").item.isVisible()
    for label in ("Pain (leg)", "PSFS", "Distance", "ACWR", "SLR left", "SLR right", "Adherence"):
        assert _check(view, f"{label} — show on the graphs").isVisible()
    assert not _check(view, "RMDQ — show on the graphs").isVisible()  # nothing recorded


def test_progress_plots_legend_click_keeps_the_checkbox_in_step(view: ProgressView) -> None:
    view.graphs.track("nprs_leg").item.setVisible(False)  # what a legend click does
    assert not _check(view, "Pain (leg) — show on the graphs").isChecked()
    assert not view.graphs.pain.bands["nprs_leg"].isVisible()


def test_progress_plots_hover_reads_out_value_and_date(view: ProgressView) -> None:
    track = view.graphs.track("odi")
    at = track.view.mapViewToScene(QPointF(day(VISITS[1]), 28.0))
    assert view.graphs.hover_at(at + QPointF(3, 2)) == "ODI 28.0% on 2026-10-19"
    assert view.graphs.hover_text() == "ODI 28.0% on 2026-10-19"
    bars = view.graphs.track("distance")
    at = bars.view.mapViewToScene(QPointF(day(WEEK0 + timedelta(weeks=1)) + 3.5, 5.0))
    assert view.graphs.hover_at(at) == "Week of 2026-09-14: 22.0 km"
    slr = view.graphs.track("slr_right")
    at = slr.view.mapViewToScene(QPointF(day(VISITS[2]), 75.0))
    assert view.graphs.hover_at(at) == "SLR right 75° on 2026-11-02"
    view.graphs.clear_hover()
    assert view.graphs.hover_text() == ""


def test_progress_plots_mouse_hover_and_wheel_zoom_dates_only(view: ProgressView, qtbot: QtBot) -> None:
    graphs = view.graphs
    track = graphs.track("odi")

    def hover() -> bool:  # map again each time: the layout may still be settling
        point = graphs.mapFromScene(track.view.mapViewToScene(QPointF(day(VISITS[0]), 40.0)))
        # A real mouse-move event delivered to the viewport (QTest.mouseMove goes through the
        # platform window, which other top-level windows of the test session can shadow).
        move = QMouseEvent(QEvent.Type.MouseMove, QPointF(point),
                           QPointF(graphs.viewport().mapToGlobal(point)), Qt.MouseButton.NoButton,
                           Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(graphs.viewport(), move)
        return graphs.hover_text() == "ODI 40.0% on 2026-10-05"

    qtbot.waitUntil(hover, timeout=3000)
    at = graphs.mapFromScene(track.view.mapViewToScene(QPointF(day(VISITS[0]), 40.0)))
    x_before, y_before = graphs.x_view_range(), graphs.odi.view.viewRange()[1]
    wheel = QWheelEvent(QPointF(at), QPointF(graphs.viewport().mapToGlobal(at)), QPoint(0, 0),
                        QPoint(0, 240), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(graphs.viewport(), wheel)
    x_after = graphs.x_view_range()
    assert x_after[1] - x_after[0] < x_before[1] - x_before[0]  # zoomed in on dates
    assert graphs.odi.view.viewRange()[1] == y_before  # the instrument's scale stays put
    assert graphs.load.view.viewRange()[0] == pytest.approx(list(x_after), abs=0.5)  # linked


def test_progress_plots_reset_zoom_and_linked_dates(view: ProgressView, qtbot: QtBot) -> None:
    full = view.graphs.x_view_range()
    view.graphs.odi.view.setXRange(day(VISITS[0]), day(VISITS[1]), padding=0)
    qtbot.wait(10)
    zoomed = view.graphs.x_view_range()
    assert zoomed[1] - zoomed[0] < full[1] - full[0]
    load_range = view.graphs.load.view.viewRange()[0]
    assert load_range == pytest.approx(list(zoomed), abs=0.5)
    qtbot.mouseClick(_button(view, "Reset zoom"), Qt.MouseButton.LeftButton)
    assert view.graphs.x_view_range() == pytest.approx(full)


def test_progress_plots_since_baseline_table(view: ProgressView) -> None:
    table = next(t for t in view.findChildren(QTableWidget) if t.accessibleName() == "Since baseline")
    headers = [table.horizontalHeaderItem(c).text()  # type: ignore[union-attr]
               for c in range(table.columnCount())]
    assert headers == ["Measure", "Baseline", "Latest", "Change", "%", "Verdict"]
    rows = progress_data().since_baseline
    assert table.rowCount() == len(rows)
    for r, row in enumerate(rows):
        assert [_cell(table, r, c).text() for c in range(6)] == [
            row.label, row.baseline, row.latest, row.change, row.percent, row.verdict]
    default = _cell(table, 2, 0).foreground().color()
    assert _cell(table, 0, 5).foreground().color() == QColor("#1B7A3D")
    assert _cell(table, 2, 5).foreground().color() == default  # False: neutral
    assert _cell(table, 3, 5).foreground().color() == QColor("#6B7280")  # None: grey


def test_progress_plots_export_png_and_svg(view: ProgressView, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    png, svg = tmp_path / "graphs.png", tmp_path / "graphs.svg"
    view.export(png)
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 0 and image.height() > 0
    assert image.width() == 2 * view.graphs.viewport().width()
    view.export(svg)
    assert svg.stat().st_size > 0
    assert ET.parse(svg).getroot().tag.endswith("svg")
    with pytest.raises(ValueError):
        view.export(tmp_path / "graphs.bmp")

    chosen = tmp_path / "from-dialog"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        staticmethod(lambda *a, **k: (str(chosen), "")))
    qtbot.mouseClick(_button(view, "Export SVG…"), Qt.MouseButton.LeftButton)
    assert (tmp_path / "from-dialog.svg").stat().st_size > 0
    qtbot.mouseClick(_button(view, "Export PNG…"), Qt.MouseButton.LeftButton)
    assert not QImage(str(tmp_path / "from-dialog.png")).isNull()


def test_progress_plots_none_shows_the_empty_message(view: ProgressView) -> None:
    view.set_data(None)
    assert view.is_empty()
    assert view.lbl_empty.isVisible() and view.lbl_empty.text() == EMPTY_TEXT
    assert not _button(view, "Export PNG…").isEnabled()
    assert view.plotted("odi") == ([], [])
    view.set_data(progress_data())
    assert not view.is_empty() and view.graphs.isVisible()


def test_progress_plots_accessible_names(view: ProgressView) -> None:
    assert view.accessibleName() == "Progress graphs"
    for text in ("Reset zoom", "Export PNG…", "Export SVG…"):
        assert _button(view, text).accessibleName() == text


def test_progress_plots_ten_years_convert_in_the_pool(view: ProgressView, runner: TaskRunner,
                                                      qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[int] = []
    real = prepare.prepare_progress

    def spy(data: ProgressData) -> prepare.PreparedProgress:
        threads.append(threading.get_ident())
        return real(data)

    monkeypatch.setattr(prepare, "prepare_progress", spy)
    stale = view.set_data_async(progress_data(), runner)
    job = view.set_data_async(ten_years(), runner)
    assert stale is not None and job is not None and job != stale
    assert view.is_loading()  # returned at once; the result comes back through the event loop
    qtbot.waitUntil(lambda: not view.is_loading(), timeout=10_000)
    runner.wait()
    qtbot.wait(20)  # let the stale job's signal arrive: it must be dropped
    assert threads and threading.get_ident() not in threads
    x, y = view.plotted("nprs_back")
    assert len(x) == 3650 and y[:3] == [0.0, 7.0, 3.0]
    assert x[0] == day(date(2016, 1, 4))
    assert len(view.plotted("distance")[1]) == 520
    assert len(view.plotted("acwr")[0]) == 520

    start = time.perf_counter()
    lo, hi = view.graphs.x_view_range()
    for i in range(20):  # pan through a year at a time
        view.graphs.pain.view.setXRange(lo + i * 180, lo + i * 180 + 365, padding=0)
        view.graphs.viewport().repaint()
    assert time.perf_counter() - start < 10.0


def test_progress_plots_result_for_a_closed_view_is_dropped(qtbot: QtBot, runner: TaskRunner) -> None:
    widget = ProgressView()
    job = widget.set_data_async(ten_years(), runner)
    assert job is not None
    widget.deleteLater()
    qtbot.waitUntil(lambda: not runner.busy(), timeout=10_000)  # cancelled, nothing delivered
    runner.wait()
    qtbot.wait(20)


def test_progress_plots_date_axis_labels() -> None:
    from clinic_app.ui.plots.date_axis import DateAxis

    axis = DateAxis()
    lo, hi = day(date(2026, 9, 1)), day(date(2026, 12, 20))
    (spacing, values), *_ = axis.tickValues(lo, hi, 900)
    labels = axis.tickStrings(values, 1.0, spacing)
    assert labels[0].endswith("2026") and all(labels)
    assert {prepare.from_day(v).weekday() for v in values} == {0}  # weekly ticks on Mondays
    (spacing, values), *_ = axis.tickValues(day(date(2016, 1, 1)), day(date(2026, 1, 1)), 900)
    assert axis.tickStrings(values, 1.0, spacing)[:2] == ["2016", "2017"]


def test_progress_plots_pyqtgraph_loads_only_with_the_view(tmp_path: Path) -> None:
    code = (
        "import os, sys\n"
        "import clinic_app.app\n"
        "import clinic_app.ui.plots.progress_view as pv\n"
        "assert 'pyqtgraph' not in sys.modules, 'imported at start-up'\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "view = pv.ProgressView()\n"
        "assert 'pyqtgraph' in sys.modules\n"
        "assert os.environ['PYQTGRAPH_QT_LIB'] == 'PySide6'\n"
        "print('lazy-ok')\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYQTGRAPH_QT_LIB"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "lazy-ok" in done.stdout
