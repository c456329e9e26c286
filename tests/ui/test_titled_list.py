"""Lists of titled entries (the Handouts tab's documents): the name bold, what it is below it,
every word inside its item at any width, and no sideways scrolling."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QListWidget, QListWidgetItem
from pytestqt.qtbot import QtBot

from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.views.printing.handouts_tab import KIND_TEXT
from clinic_app.ui.widgets.titled_list import TitledItemDelegate, use_titled_items


def _needed(list_: QListWidget, title: str, about: str, width: int) -> int:
    bold = QFont(list_.font())
    bold.setBold(True)
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
    bounds = QRect(0, 0, width, 10_000)
    return (QFontMetrics(bold).boundingRect(bounds, flags, title).height()
            + QFontMetrics(list_.font()).boundingRect(bounds, flags, about).height())


def test_each_entry_holds_its_wrapped_title_and_description(qtbot: QtBot) -> None:
    list_ = QListWidget()
    qtbot.addWidget(list_)
    list_.setWordWrap(True)
    use_titled_items(list_)
    for title, about in KIND_TEXT.values():
        list_.addItem(QListWidgetItem(f"{title}\n{about}"))
    for width in (460, 300, 220):  # narrower: more lines, taller items
        list_.resize(width, 400)
        list_.show()
        qtbot.waitExposed(list_)
        list_.doItemsLayout()
        assert list_.horizontalScrollBar().maximum() == 0, width  # never scrolled sideways
        for row, (title, about) in enumerate(KIND_TEXT.values()):
            rect = list_.visualItemRect(list_.item(row))
            assert rect.width() <= list_.viewport().width()
            assert rect.height() >= _needed(list_, title, about, rect.width() - 8), (width, title)
    narrow = list_.visualItemRect(list_.item(0)).height()
    list_.resize(460, 400)
    list_.doItemsLayout()
    assert list_.visualItemRect(list_.item(0)).height() < narrow  # fewer lines when wider


def test_the_handouts_tab_lists_documents_as_titled_entries(window: MainWindow) -> None:
    tab = window.chart.handouts
    assert isinstance(tab.list_kinds.itemDelegate(), TitledItemDelegate)
    first = tab.list_kinds.item(0).text()
    assert first.split("\n")[0] == "Home exercise programme"  # screen readers hear both parts
