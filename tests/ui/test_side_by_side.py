"""A form and a drawing sit side by side when both fit, and stack (scrolling down) when not."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from clinic_app.ui.widgets.side_by_side import SideBySide


class _Pane(QWidget):
    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self._least = QSize(width, height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self._least


def test_panes_stack_when_the_row_is_too_narrow_and_return_when_it_widens(qtbot: QtBot) -> None:
    form, chart = _Pane(300, 100), _Pane(400, 200)
    row = SideBySide(form, chart)
    qtbot.addWidget(row)
    row.resize(800, 300)
    row.show()
    qtbot.waitUntil(lambda: form.geometry().right() < chart.geometry().left())
    assert not row.stacked
    row.resize(500, 400)
    qtbot.waitUntil(lambda: form.geometry().bottom() < chart.geometry().top())
    assert row.stacked
    assert row.minimumSizeHint().height() >= 300  # a scroll area around it scrolls down
    assert row.minimumSizeHint().width() == 400
    row.resize(900, 300)
    qtbot.waitUntil(lambda: not row.stacked)
