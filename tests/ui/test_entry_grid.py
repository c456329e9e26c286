"""Data-entry grids: Enter keeps the value and moves down, so a column is typed in one go."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QTableWidget
from pytestqt.qtbot import QtBot

from clinic_app.domain.load.training import week_start
from clinic_app.ui.main_window import MainWindow
from tests.conftest import TODAY, make_draft
from tests.ui.screen import button, field, group, keyboard, tab


def _open_load_history(qtbot: QtBot, window: MainWindow) -> QTableWidget:
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(), TODAY).created_id or 0
    s.care.open_episode(me, pid, date(2026, 11, 1), "LBP", TODAY)
    window.open_patient(pid)
    page = tab(window.chart.tabs, "Intake")
    qtbot.waitUntil(lambda: window.chart.intake.record is not None, timeout=5000)
    sections = field(page, "Intake sections")
    assert isinstance(sections, QListWidget)
    item = sections.findItems("Load history", Qt.MatchFlag.MatchExactly)[0]
    qtbot.mouseClick(sections.viewport(), Qt.MouseButton.LeftButton,
                     pos=sections.visualItemRect(item).center())
    qtbot.mouseClick(button(page, "Add the last 6 weeks"), Qt.MouseButton.LeftButton)
    grid = group(page, "Weekly distance (oldest first, at least 6 weeks)").findChild(QTableWidget)
    assert grid is not None
    return grid


def _column(grid: QTableWidget, header: str) -> list[str]:
    col = next(c for c in range(grid.columnCount())
               if grid.horizontalHeaderItem(c).text() == header)
    return [(grid.item(r, col).text() if grid.item(r, col) else "") for r in range(grid.rowCount())]


def test_enter_walks_down_the_load_table(qtbot: QtBot, window: MainWindow) -> None:
    grid = _open_load_history(qtbot, window)
    # "Add the last 6 weeks" leaves the cursor on week 1's distance.
    keyboard(qtbot, "20⏎22⏎24⏎", grid)
    assert _column(grid, "Distance (km)") == ["20", "22", "24", "", "", ""]
    first = week_start(TODAY) - timedelta(weeks=5)
    assert _column(grid, "Week starting")[0] == first.isoformat()
    assert grid.currentRow() == 3


def test_enter_without_typing_moves_down_and_stops_at_the_last_row(
    qtbot: QtBot, window: MainWindow
) -> None:
    grid = _open_load_history(qtbot, window)
    keyboard(qtbot, "⏎⏎30⏎", grid)
    assert _column(grid, "Distance (km)") == ["", "", "30", "", "", ""]
    keyboard(qtbot, "⏎⏎⏎⏎⏎35⏎", grid)  # past the last week: stays on it
    assert grid.currentRow() == 5
    assert _column(grid, "Distance (km)")[5] == "35"
    assert grid.rowCount() == 6


def test_tab_still_moves_across_a_row(qtbot: QtBot, window: MainWindow) -> None:
    grid = _open_load_history(qtbot, window)
    keyboard(qtbot, "20⇥95⇥3⏎", grid)
    assert _column(grid, "Distance (km)")[0] == "20"
    assert _column(grid, "Minutes")[0] == "95"
    assert _column(grid, "Runs")[0] == "3"
    assert (grid.currentRow(), grid.currentColumn()) == (1, 3)
