"""Intake → Load history → Import runs…: choose files, see the preview, save, see the load update."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from clinic_app.services import run_import
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.views.intake.intake_tab import IntakeTab
from clinic_app.ui.views.intake.load_page import LoadPage
from clinic_app.ui.views.intake.run_import_dialog import RunImportDialog
from tests.conftest import TODAY, make_draft
from tests.run_import.watchfiles import fit_bytes, gpx_bytes, make_run, tcx_bytes

pytestmark = pytest.mark.gui


@pytest.fixture
def intake_tab(qtbot: QtBot, window: MainWindow) -> IntakeTab:
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(), TODAY).created_id or 0
    s.care.open_episode(me, pid, date(2026, 10, 1), "LBP", TODAY)
    window.open_patient(pid)
    tab = window.chart.intake
    window.chart.tabs.setCurrentWidget(tab)  # a tab reads its data when first shown
    qtbot.waitUntil(lambda: tab.record is not None and tab.episode is not None, timeout=5000)
    tab.show_section("Load history")
    return tab


def _files(folder: Path) -> list[Path]:
    folder.mkdir()
    out = []
    monday = date(2026, 10, 12)
    for week, km in enumerate([30, 32, 34, 0, 32, 35]):  # week 4: no watch data
        for n in range(3 if km else 0):
            day = monday + timedelta(weeks=week, days=2 * n)
            start = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
            maker, ext = [(fit_bytes, "fit"), (gpx_bytes, "gpx"), (tcx_bytes, "tcx")][n]
            path = folder / f"{day.isoformat()}.{ext}"
            path.write_bytes(maker(make_run(start, km / 3, step_s=10)))
            out.append(path)
    ride = folder / "ride.fit"
    ride.write_bytes(fit_bytes(make_run(datetime(2026, 11, 21, 12, tzinfo=UTC), 30, pace_s_per_km=120,
                                        step_s=30, sport="cycling")))
    junk = folder / "notes.gpx"
    junk.write_text("ran 5 km", encoding="utf-8")
    return [*out, ride, junk]


def test_import_previews_then_saves_and_the_load_history_updates(
        qtbot: QtBot, qtmodeltester: Any, intake_tab: IntakeTab, tmp_path: Path) -> None:
    page = intake_tab.page("Load history")
    assert isinstance(page, LoadPage)
    chosen = _files(tmp_path / "watch")
    qtbot.mouseClick(page.btn_import, Qt.MouseButton.LeftButton)
    dialog = page.import_dialog
    assert isinstance(dialog, RunImportDialog)
    dialog.choose_files = lambda _parent: chosen
    dialog.combo_period.setCurrentIndex(3)  # all dates
    qtbot.mouseClick(dialog.btn_files, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=15000)

    model = dialog.model
    qtmodeltester.check(model)
    assert model.rowCount() == 17
    shown = {model.cell_text(r, 9): model.cell_text(r, 8) for r in range(model.rowCount())}
    assert shown["2026-10-12.fit"] == "New"
    assert shown["ride.fit"].startswith("Not a run: cycling")
    assert shown["notes.gpx"].startswith("Bad file: ")
    first = next(r for r in range(model.rowCount()) if model.cell_text(r, 9) == "2026-10-12.fit")
    assert [model.cell_text(first, c) for c in range(8)] == [
        "2026-10-12", datetime(2026, 10, 12, 12, tzinfo=UTC).astimezone().strftime("%H:%M"),
        "running", "10.00 km", "0:55:00", "5:30 /km", "40", "150"]
    assert "15 new run(s), 0 duplicate(s), 1 not a run, 0 excluded, 1 bad file(s)." in \
        dialog.label_summary.text()
    assert "monitoring aids, not risk predictions" in dialog.label_summary.text()
    assert dialog.btn_save.isEnabled()

    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: intake_tab.record is not None and intake_tab.record.revision == 1,
                    timeout=10000)
    qtbot.waitUntil(lambda: page.runs.table.rowCount() == 15, timeout=5000)
    assert page.weeks.table.rowCount() == 5
    assert [page.weeks.table.item(r, 1).text() for r in range(5)] == ["30", "32", "34", "32", "35"]
    text = page.metrics_text()
    assert "Based on 15 runs from watch files over 6 weeks" in text
    assert "1 week had no watch data (week of 2 Nov) and counts as 0 km" in text
    assert "ACWR" in text and "uncoupled" in text
    assert "These are monitoring aids, not risk predictions." in text

    # saving the intake afterwards keeps the watch details of the imported runs
    page.weeks.add_row({"week_start": date(2026, 11, 23), "distance_km": 0}, focus=False)
    page.changed.emit()
    qtbot.mouseClick(intake_tab.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: intake_tab.record is not None and intake_tab.record.revision == 2,
                    timeout=10000)
    assert {r.source for r in intake_tab.record.intake.session_log} == {"fit", "gpx", "tcx"}


def test_import_waits_for_typed_changes_to_be_saved(qtbot: QtBot, intake_tab: IntakeTab) -> None:
    page = intake_tab.page("Load history")
    assert isinstance(page, LoadPage)
    page.runs.add_row({"date": date(2026, 11, 20), "distance_km": 8})
    assert intake_tab.is_dirty()
    qtbot.mouseClick(page.btn_import, Qt.MouseButton.LeftButton)
    assert page.import_dialog is None
    assert "Save (or discard) the intake changes first" in intake_tab.label_status.text()


def test_cancel_stops_reading_and_nothing_can_be_saved(qtbot: QtBot, intake_tab: IntakeTab,
                                                       tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    page = intake_tab.page("Load history")
    assert isinstance(page, LoadPage)
    chosen = _files(tmp_path / "watch")
    qtbot.mouseClick(page.btn_import, Qt.MouseButton.LeftButton)
    dialog = page.import_dialog
    assert isinstance(dialog, RunImportDialog)
    real = run_import.read_sources
    clicked = threading.Event()

    def wait_after_two(sources: Any, cancelled: Any, workers: Any = None) -> Iterator[Any]:
        for n, item in enumerate(real(sources, cancelled, workers)):
            yield item
            if n == 1:
                clicked.wait(10)  # the reader pauses until the test has pressed Cancel

    monkeypatch.setattr(run_import, "read_sources", wait_after_two)
    dialog.choose_files = lambda _parent: chosen
    qtbot.mouseClick(dialog.btn_files, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.value() == 2, timeout=15000)
    assert dialog.btn_cancel.isEnabled()
    qtbot.mouseClick(dialog.btn_cancel, Qt.MouseButton.LeftButton)
    clicked.set()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=15000)
    assert dialog.preview is not None and dialog.preview.cancelled
    assert dialog.model.rowCount() == 2
    assert not dialog.btn_save.isEnabled() and not dialog.btn_cancel.isEnabled()
    assert "Cancelled: not every file was read" in dialog.label_summary.text()
