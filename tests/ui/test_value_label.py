"""Values the user can select and copy: selectable under the pointer, measured as plain text."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from clinic_app.ui.widgets.elided_label import ElidedLabel
from clinic_app.ui.widgets.value_label import ValueLabel
from tests.ui.screen import hover

_SELECT = Qt.TextInteractionFlag.TextSelectableByMouse
SUMMARY = ("37-year-old runner, 29 km/week over 6 runs; cadence 182 steps/min; sharp left "
           "sacroiliac area pain, worse sit to stand, eased by walking. Łukasz — مرحبا")


def _selectable(label: QLabel) -> bool:
    return bool(label.textInteractionFlags() & _SELECT)


def test_a_value_is_selectable_while_the_pointer_is_over_it_or_it_holds_a_selection(
        qtbot: QtBot) -> None:
    label = ValueLabel()
    qtbot.addWidget(label)
    label.setText("07700 900498")
    label.show()
    assert label.may_select() and not _selectable(label)  # laid out as plain text
    hover(label)
    assert _selectable(label)  # before any press reaches it
    hover(label, inside=False)
    assert not _selectable(label)
    hover(label)
    label.setSelection(0, 5)
    hover(label, inside=False)
    assert _selectable(label) and label.selectedText() == "07700"  # the selection stays
    QApplication.sendEvent(label, QFocusEvent(QEvent.Type.FocusOut,
                                              Qt.FocusReason.MouseFocusReason))
    assert not _selectable(label) and not label.hasSelectedText()


def test_a_value_that_may_not_be_selected_stays_so_under_the_pointer(qtbot: QtBot) -> None:
    label = ValueLabel()
    qtbot.addWidget(label)
    label.setText("Given 2025-06-16")
    label.set_may_select(False)
    hover(label)
    assert not _selectable(label)
    label.set_may_select(True)
    hover(label)
    assert _selectable(label)


def test_a_wrapped_value_is_as_tall_selectable_or_not(qtbot: QtBot) -> None:
    """The pointer entering a value never moves what is below it."""
    for text in (SUMMARY, "78 Canal Way\nStridewell\nSW15 3SE", "Scaffolder", ""):
        label = ValueLabel()
        qtbot.addWidget(label)
        label.setWordWrap(True)
        label.setText(text)
        plain = [label.heightForWidth(width) for width in (60, 120, 250, 400, 800)]
        hover(label)
        assert _selectable(label)
        assert [label.heightForWidth(width) for width in (60, 120, 250, 400, 800)] == plain, text


def test_a_cut_value_is_not_offered_for_copying(qtbot: QtBot) -> None:
    label = ElidedLabel()
    qtbot.addWidget(label)
    label.resize(80, 20)
    label.show()
    label.set_value("selamawit.alemu.tesfaye@mail.example.org")
    assert label.is_cut() and not label.may_select()
    hover(label)
    assert not _selectable(label)
    label.resize(600, 20)
    assert not label.is_cut() and label.may_select()
    hover(label)
    assert _selectable(label)
