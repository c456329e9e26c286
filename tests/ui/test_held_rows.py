"""Tables whose cells Qt holds: every row a user can reach shows its texts, written as the view
shows it (a long history's rows are not all written when it opens)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from clinic_app.domain.patients import NoteStatus, VisitKind
from clinic_app.services.dto import VisitRow
from clinic_app.ui.models.visit_list_model import VisitListModel
from clinic_app.ui.widgets.tables import configure_table, steady_on_reset

START = datetime(2020, 1, 6, 9, tzinfo=UTC)


def _visits(count: int) -> list[VisitRow]:
    return [VisitRow(i + 1, 1, START + timedelta(days=7 * (count - i)), "Dr A",
                     VisitKind.FOLLOW_UP, NoteStatus.DRAFT if i % 2 else NoteStatus.SIGNED,
                     f"Visit note {i + 1}") for i in range(count)]


def _shown_rows(table: QTableView) -> range:
    first = table.rowAt(0)
    last = table.rowAt(table.viewport().height() - 1)
    return range(first, (last if last >= 0 else table.model().rowCount() - 1) + 1)


def _summary(table: QTableView, row: int) -> object:
    return table.model().index(row, 4).data()


def _table(qtbot: QtBot, model: VisitListModel) -> QTableView:
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    configure_table(table)
    steady_on_reset(table)
    model.follow(table)
    table.resize(500, 300)
    table.show()
    qtbot.waitExposed(table)
    return table


def test_a_long_history_writes_the_rows_in_view_and_each_row_scrolled_to(qtbot: QtBot) -> None:
    model = VisitListModel()
    table = _table(qtbot, model)
    model.set_rows(_visits(400))
    assert model.rowCount() == 400
    shown = _shown_rows(table)
    assert 5 < len(shown) < 40
    assert [_summary(table, r) for r in shown] == [f"Visit note {r + 1}" for r in shown]
    assert _summary(table, 300) is None  # far below the view: not written yet
    table.scrollToBottom()
    assert [_summary(table, r) for r in _shown_rows(table)] == [
        f"Visit note {r + 1}" for r in _shown_rows(table)]
    assert _summary(table, 399) == "Visit note 400"
    table.selectRow(200)
    table.scrollTo(model.index(200, 0))
    assert _summary(table, 200) == "Visit note 201"
    assert model.index(200, 3).data() == "Signed"
    assert model.index(201, 3).data(Qt.ItemDataRole.FontRole).italic()  # a draft reads as one


def test_new_rows_replace_the_old_ones_in_view(qtbot: QtBot) -> None:
    model = VisitListModel()
    table = _table(qtbot, model)
    model.set_rows(_visits(400))
    table.scrollToBottom()
    model.set_rows(_visits(3))
    assert [_summary(table, r) for r in range(3)] == ["Visit note 1", "Visit note 2",
                                                      "Visit note 3"]
    assert model.index(1, 3).data(Qt.ItemDataRole.FontRole).italic()
    assert model.index(0, 3).data(Qt.ItemDataRole.FontRole) is None


def test_a_view_shown_later_and_a_taller_view_write_their_rows(qtbot: QtBot) -> None:
    model = VisitListModel()
    table = _table(qtbot, model)
    hidden = QTableView()
    qtbot.addWidget(hidden)
    hidden.setModel(model)
    configure_table(hidden)
    steady_on_reset(hidden)
    model.follow(hidden)
    hidden.resize(500, 900)  # taller than the first view: more rows in view
    model.set_rows(_visits(400))  # laid out while hidden: showing it changes no scroll range
    hidden.show()
    qtbot.waitExposed(hidden)
    assert _shown_rows(hidden)[-1] > _shown_rows(table)[-1]
    assert [_summary(hidden, r) for r in _shown_rows(hidden)] == [
        f"Visit note {r + 1}" for r in _shown_rows(hidden)]
    table.resize(500, 1000)
    assert [_summary(table, r) for r in _shown_rows(table)] == [
        f"Visit note {r + 1}" for r in _shown_rows(table)]


def test_typing_in_the_table_finds_a_row_not_written_yet(qtbot: QtBot) -> None:
    model = VisitListModel()
    _table(qtbot, model)
    model.set_rows(_visits(400))
    oldest = model.row_at(399).starts_at.astimezone().strftime("%Y-%m-%d")
    found = model.match(model.index(0, 0), Qt.ItemDataRole.DisplayRole, oldest)
    assert [index.row() for index in found] == [399]
    assert model.row_of(400) == 399 and model.row_at(399).id == 400


def test_a_model_no_view_follows_writes_every_row() -> None:
    model = VisitListModel()
    model.set_rows(_visits(60))
    assert _summary_of(model, 59) == "Visit note 60"


def _summary_of(model: VisitListModel, row: int) -> object:
    return model.index(row, 4).data()
