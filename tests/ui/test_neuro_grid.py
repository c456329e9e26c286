"""Neuro screen grid (typed entirely by keyboard) and the comparison over visits."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from clinic_app.domain.exam.neuro_model import (
    MrcGrade,
    MrcModifier,
    NeuroScreen,
    ReflexGrade,
    Sensation,
    SideNeuro,
)
from clinic_app.ui.widgets.neuro_comparison import BETTER_BRUSH, WORSE_BRUSH, NeuroComparisonWidget
from clinic_app.ui.widgets.neuro_grid import (
    ABNORMAL_BRUSH,
    CELL_KEYS,
    COPIED_BRUSH,
    INVALID_BRUSH,
    SPECS,
    NeuroGridWidget,
)

pytestmark = pytest.mark.gui
BY_KEY = {spec.key: spec for spec in SPECS}


class MouseSpy(QObject):
    """Counts mouse presses anywhere in the application."""

    def __init__(self) -> None:
        super().__init__()
        self.presses = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self.presses += 1
        return False


@pytest.fixture
def host(qtbot: QtBot) -> Iterator[tuple[QWidget, NeuroGridWidget, QLineEdit]]:
    """A shown, active window: a field, the grid, a field after it."""
    window = QWidget()
    layout = QVBoxLayout(window)
    before, grid, after = QLineEdit(), NeuroGridWidget(), QLineEdit()
    for widget in (before, grid, after):
        layout.addWidget(widget)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    yield window, grid, after


def focused() -> QWidget:
    """The widget with keyboard focus."""
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_code(qtbot: QtBot, code: str, key: Qt.Key = Qt.Key.Key_Tab) -> None:
    """Type a code key by key into whatever has focus, then press Tab (or ``key``)."""
    for ch in code:
        qtbot.keyClicks(focused(), ch)
    qtbot.keyClick(focused(), key)


def at(table: QTableWidget, row: int, col: int) -> QTableWidgetItem:
    """The item at a row and column (it must exist)."""
    item = table.item(row, col)
    assert item is not None
    return item


def headers(table: QTableWidget) -> list[str]:
    """The horizontal header texts."""
    items = [table.horizontalHeaderItem(c) for c in range(table.columnCount())]
    return [item.text() if item else "" for item in items]


def cell(grid: NeuroGridWidget, key: str) -> QTableWidgetItem:
    """The table item of a cell key."""
    spec = BY_KEY[key]
    return at(grid.table if spec.table == 0 else grid.table_reflexes, spec.row, spec.col)


def app() -> QApplication:
    """The running application."""
    instance = QApplication.instance()
    assert isinstance(instance, QApplication)
    return instance


def normal_side(**changes: dict[str, object]) -> SideNeuro:
    """A fully normal side (no medial hamstring) with some values changed."""
    values: dict[str, dict[str, object]] = {
        "power": {r: 5 for r in ("L2", "L3", "L4", "L5", "S1")},
        "sensation": {r: "normal" for r in ("L2", "L3", "L4", "L5", "S1")},
        "reflexes": {"patellar": "2+", "achilles": "2+"},
    }
    for part, update in changes.items():
        values[part].update(update)
    return SideNeuro.from_values(**values)  # type: ignore[arg-type]


# -- keyboard entry --------------------------------------------------------------------------


def test_neuro_grid_filled_entirely_by_keyboard(qtbot: QtBot, host) -> None:
    window, grid, after = host
    spy = MouseSpy()
    app().installEventFilter(spy)
    grid.table.setFocus()
    grid.table.setCurrentCell(0, 1)
    codes = {  # in Tab order: across (sensation L, R, power L, R), then down; then reflexes L, R
        "L2": ["n", "n", "5", "5"], "L3": ["n", "normal", "5", "5"], "L4": ["n", "n", "5", "4+"],
        "L5": ["r", "n", "4-", "5"], "S1": ["n", "h", "5", "5"],
        "reflexes": ["2+", "2", "2+", "1+", "", ""],
    }
    sequence = [code for row in codes.values() for code in row]
    assert len(sequence) == len(CELL_KEYS)
    for key, code in zip(CELL_KEYS, sequence, strict=True):
        assert grid.current_key() == key, "Tab moves to the next editable cell"
        type_code(qtbot, code)
    app().removeEventFilter(spy)
    assert spy.presses == 0
    assert not grid.table.isAncestorOf(focused()) and not grid.table_reflexes.isAncestorOf(focused())
    screen = grid.screen()
    assert screen.left.power["L5"] == MrcGrade(4, MrcModifier.MINUS)
    assert screen.left.sensation["L5"] == Sensation.REDUCED
    assert screen.right.reflexes["achilles"] == ReflexGrade.REDUCED
    assert screen == NeuroScreen(
        normal_side(power={"L5": "4-"}, sensation={"L5": "reduced"}),
        normal_side(power={"L4": "4+"}, sensation={"S1": "hypersensitive"}, reflexes={"achilles": "1+"}),
    )
    assert "medial_hamstring" not in screen.left.reflexes, "empty cells are not tested"
    assert cell(grid, "power.left.L5").text() == "4-"
    assert cell(grid, "sensation.left.L5").text() == "reduced"


def test_neuro_grid_tab_skips_read_only_columns_and_shift_tab_goes_back(qtbot: QtBot, host) -> None:
    _window, grid, _after = host
    grid.table.setFocus()
    grid.table.setCurrentCell(0, 1)
    qtbot.keyClicks(focused(), "n")
    assert isinstance(focused(), QLineEdit), "typing opens the cell's editor"
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert grid.current_key() == "sensation.right.L2"
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert grid.current_key() == "power.left.L2", "the Key myotome column is skipped"
    type_code(qtbot, "5", Qt.Key.Key_Return)
    assert grid.current_key() == "power.right.L2", "Enter also commits and moves on"
    type_code(qtbot, "", Qt.Key.Key_Tab)
    assert grid.current_key() == "sensation.left.L3", "the dermatome column is skipped at the row start"
    qtbot.keyClick(focused(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert grid.current_key() == "power.right.L2"
    assert grid.screen() == NeuroScreen(SideNeuro.from_values(power={"L2": 5}, sensation={"L2": "normal"}))


def test_neuro_grid_moves_from_main_table_to_reflexes(qtbot: QtBot, host) -> None:
    _window, grid, _after = host
    grid.edit_cell(BY_KEY["power.right.S1"])
    type_code(qtbot, "5")
    assert grid.table_reflexes.isAncestorOf(focused())
    assert grid.current_key() == "reflex.left.patellar"
    type_code(qtbot, "3")
    assert grid.screen().left.reflexes["patellar"] == ReflexGrade.BRISK


def test_neuro_grid_rejects_invalid_power_with_message(qtbot: QtBot, host) -> None:
    _window, grid, _after = host
    grid.edit_cell(BY_KEY["power.left.L5"])
    type_code(qtbot, "7")
    assert grid.invalid_cells() == ["power.left.L5"]
    assert grid.current_key() == "power.left.L5", "the cursor stays on the rejected cell"
    assert isinstance(focused(), QLineEdit)
    message = grid.label_message.text()
    assert "Power L5 left" in message and "“7”" in message and "0-5" in message
    assert cell(grid, "power.left.L5").background() == INVALID_BRUSH
    assert "L5" not in grid.screen().left.power
    type_code(qtbot, "5-")
    assert grid.invalid_cells() == ["power.left.L5"], "5- is not an MRC grade"
    assert "“5-”" in grid.label_message.text()
    type_code(qtbot, "4")
    assert grid.invalid_cells() == []
    assert grid.current_key() == "power.right.L5"
    assert "Power L5 left" not in grid.label_message.text()
    assert grid.screen().left.power["L5"] == MrcGrade(4)


def test_neuro_grid_invalid_sensation_and_reflex_are_listed(qtbot: QtBot, host) -> None:
    _window, grid, _after = host
    grid.commit_text("sensation.right.S1", "x")
    grid.commit_text("reflex.left.achilles", "5")
    assert grid.invalid_cells() == ["sensation.right.S1", "reflex.left.achilles"]
    message = grid.label_message.text()
    assert "Sensation S1 right" in message and "n normal" in message
    assert "Achilles reflex left" in message and "2+" in message
    assert grid.screen() == NeuroScreen()


def test_neuro_grid_delete_clears_a_cell(qtbot: QtBot, host) -> None:
    _window, grid, _after = host
    grid.edit_cell(BY_KEY["sensation.left.L4"])
    type_code(qtbot, "a", Qt.Key.Key_Return)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    grid.table.setCurrentCell(BY_KEY["sensation.left.L4"].row, BY_KEY["sensation.left.L4"].col)
    grid.table.setFocus()
    qtbot.keyClick(grid.table, Qt.Key.Key_Delete)
    assert grid.screen() == NeuroScreen()


# -- buttons, round trip, read-only, copied ---------------------------------------------------


def test_neuro_grid_empty_is_not_normal_and_all_normal_fills_only_empty_cells(qtbot: QtBot) -> None:
    grid = NeuroGridWidget()
    qtbot.addWidget(grid)
    assert grid.screen() == NeuroScreen()
    grid.commit_text("sensation.left.L5", "r")
    grid.commit_text("power.left.L5", "4-")
    grid.commit_text("power.right.S1", "9")
    entered = SideNeuro.from_values(power={"L5": "4-"}, sensation={"L5": "reduced"})
    assert grid.screen() == NeuroScreen(entered)
    with qtbot.waitSignal(grid.changed):
        grid.btn_normal.click()
    screen = grid.screen()
    assert screen.left == normal_side(power={"L5": "4-"}, sensation={"L5": "reduced"})
    assert "S1" not in screen.right.power, "an invalid cell is not empty: it keeps its text"
    assert grid.invalid_cells() == ["power.right.S1"]
    assert "medial_hamstring" not in screen.left.reflexes, "the optional reflex is not invented"
    grid.btn_clear.click()
    assert grid.screen() == NeuroScreen() and grid.invalid_cells() == []


def test_neuro_grid_set_screen_round_trip(qtbot: QtBot) -> None:
    grid = NeuroGridWidget()
    qtbot.addWidget(grid)
    screen = NeuroScreen(
        normal_side(power={"L5": "3"}, sensation={"L5": "absent"}, reflexes={"medial_hamstring": "1+"}),
        SideNeuro.from_values(power={"S1": "4+"}, reflexes={"achilles": "0"}),
    )
    grid.set_screen(screen)
    assert grid.screen() == screen
    assert cell(grid, "power.left.L5").text() == "3"
    assert cell(grid, "reflex.right.achilles").text() == "0"
    assert cell(grid, "sensation.right.L2").text() == ""
    grid.set_screen(NeuroScreen())
    assert grid.screen() == NeuroScreen()


def test_neuro_grid_highlights_deficits(qtbot: QtBot) -> None:
    grid = NeuroGridWidget()
    qtbot.addWidget(grid)
    grid.set_screen(NeuroScreen(normal_side(power={"L5": "4"}, sensation={"L4": "reduced"}),
                                normal_side(reflexes={"achilles": "1+"})))
    assert cell(grid, "power.left.L5").background() == ABNORMAL_BRUSH
    assert cell(grid, "sensation.left.L4").background() == ABNORMAL_BRUSH
    assert cell(grid, "reflex.right.achilles").background() == ABNORMAL_BRUSH, "asymmetric"
    assert cell(grid, "reflex.left.achilles").background() == ABNORMAL_BRUSH, "asymmetric"
    assert cell(grid, "power.right.L5").background() != ABNORMAL_BRUSH
    assert cell(grid, "reflex.left.patellar").background() != ABNORMAL_BRUSH


def test_neuro_grid_read_only_prevents_edits(qtbot: QtBot, host) -> None:
    _window, grid, _after = host
    grid.set_screen(NeuroScreen(normal_side()))
    grid.set_read_only(True)
    grid.table.setFocus()
    grid.table.setCurrentCell(0, 1)
    qtbot.keyClicks(grid.table, "r")
    qtbot.keyClick(grid.table, Qt.Key.Key_Delete)
    assert not isinstance(focused(), QLineEdit)
    assert not at(grid.table, 0, 1).flags() & Qt.ItemFlag.ItemIsEditable
    assert not grid.btn_normal.isEnabled() and not grid.btn_clear.isEnabled()
    assert grid.screen() == NeuroScreen(normal_side())
    grid.set_read_only(False)
    qtbot.keyClicks(grid.table, "r")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert grid.screen().left.sensation["L2"] == Sensation.REDUCED


def test_neuro_grid_copied_cells_are_marked_until_edited(qtbot: QtBot, host) -> None:
    _window, grid, _after = host
    grid.set_screen(NeuroScreen(normal_side(power={"L5": "4-"})))
    grid.set_copied({"power.left.L5", "sensation.left.L5", "power.right.L5", "bogus"})
    assert grid.copied_cells() == {"power.left.L5", "sensation.left.L5"}, "only entered cells can be copied"
    item = cell(grid, "power.left.L5")
    assert item.font().italic()
    assert "Copied from the previous exam — confirm" in item.toolTip()
    assert cell(grid, "sensation.left.L5").background() == COPIED_BRUSH
    assert item.background() == ABNORMAL_BRUSH, "a copied deficit still stands out"
    grid.edit_cell(BY_KEY["sensation.left.L5"])
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert "sensation.left.L5" in grid.copied_cells(), "tabbing through does not confirm"
    grid.edit_cell(BY_KEY["power.left.L5"])
    with qtbot.waitSignal(grid.copied_confirmed) as signal, qtbot.waitSignal(grid.changed):
        type_code(qtbot, "4-")
    assert signal.args == ["power.left.L5"]
    assert grid.copied_cells() == {"sensation.left.L5"}
    assert not cell(grid, "power.left.L5").font().italic()
    grid.set_copied(True)
    assert grid.copied_cells() == {k for k in CELL_KEYS if ".left." in k and "medial" not in k}
    grid.set_copied(False)
    assert grid.copied_cells() == set()


def test_neuro_grid_accessible_names_and_fit(qtbot: QtBot) -> None:
    grid = NeuroGridWidget()
    qtbot.addWidget(grid)
    assert grid.table.accessibleName() == "Neuro screen"
    assert grid.table_reflexes.accessibleName() == "Reflexes"
    item = cell(grid, "power.right.S1")
    assert "Power S1 right" in item.data(Qt.ItemDataRole.AccessibleTextRole)
    assert "Power S1 right" in item.toolTip()
    assert headers(grid.table) == ["Dermatome (test site)", "Sensation L", "Sensation R", "Key myotome",
                                   "Power L", "Power R"]
    assert headers(grid.table_reflexes) == ["Reflex", "Reflex L", "Reflex R", "Roots"]
    assert at(grid.table, 3, 0).text() == "Lateral leg, dorsum of foot, great toe"
    assert at(grid.table, 3, 3).text() == "Great toe extension (EHL)"
    hint = grid.sizeHint()
    assert hint.width() <= 800 and hint.height() <= 330


# -- comparison -------------------------------------------------------------------------------


def test_neuro_comparison_highlights_changes(qtbot: QtBot) -> None:
    widget = NeuroComparisonWidget()
    qtbot.addWidget(widget)
    first = NeuroScreen(normal_side(power={"L5": "4-"}), normal_side())
    second = NeuroScreen(normal_side(), normal_side(sensation={"S1": "reduced"}))
    widget.set_exams([("2026-11-02", first), ("2026-11-16", second)])
    assert sorted(widget.changes()) == ["Power L5 left: 4- → 5 (better)",
                                        "Sensation S1 right: normal → reduced (worse)"]
    table = widget.table
    assert headers(table) == ["Item", "Side", "2026-11-02", "2026-11-16"]
    rows = {(at(table, r - (r % 2), 0).text(), at(table, r, 1).text()): r for r in range(table.rowCount())}
    power = at(table, rows[("Power L5", "L")], 3)
    assert power.background() == BETTER_BRUSH and power.toolTip() == "was 4-"
    sensation = at(table, rows[("Sensation S1", "R")], 3)
    assert sensation.text() == "reduced" and sensation.background() == WORSE_BRUSH
    assert sensation.toolTip() == "was normal"
    unchanged = at(table, rows[("Power L5", "R")], 3)
    assert unchanged.background() not in (BETTER_BRUSH, WORSE_BRUSH)
    assert at(table, rows[("Medial hamstring reflex", "L")], 2).text() == "–"


def test_neuro_comparison_shows_the_last_four_visits(qtbot: QtBot) -> None:
    widget = NeuroComparisonWidget()
    qtbot.addWidget(widget)
    grades = ("2+", "2+", "1+", "0", "2+")
    screens = [NeuroScreen(normal_side(reflexes={"achilles": grade})) for grade in grades]
    widget.set_exams([(f"2026-11-0{i + 1}", s) for i, s in enumerate(screens)])
    assert widget.table.columnCount() == 2 + 4
    assert headers(widget.table)[2] == "2026-11-02"
    assert widget.changes() == ["2026-11-03: Achilles reflex left: 2+ → 1+ (worse)",
                                "2026-11-04: Achilles reflex left: 1+ → 0 (worse)",
                                "2026-11-05: Achilles reflex left: 0 → 2+ (better)"]
    widget.set_exams([])
    assert widget.changes() == [] and widget.table.isHidden()
