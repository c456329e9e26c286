"""Right patient: a chart number and Enter typed in one burst (a barcode scanner) opens that chart.

Driven only through what the user reads: the search box "Find patient", the list and the chart
header. Each run types a different chart number into a list that still shows the previous
search, presses Enter at once, and checks the chart that ends up open.
"""

from __future__ import annotations

import random
from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from clinic_app.ui.main_window import MainWindow
from tests.conftest import TODAY, make_draft
from tests.ui.screen import field

PATIENTS = (  # given, family; chart numbers SC-000001… in this order
    ("Zoë", "O'Brien"), ("Mark", "Smith"), ("Ana", "Silva"), ("Kwame", "Mensah"),
    ("Li", "Wei"), ("Mark", "Smithson"),
)


def _register(window: MainWindow) -> None:
    s, me = window.ctx.services, window.ctx.require_actor()
    for i, (given, family) in enumerate(PATIENTS):
        s.patients.create(me, make_draft(given_name=given, family_name=family,
                                         birth_date=date(1980 + i, 1, 1 + i),
                                         phone=f"0161 496 00{i:02d}"), TODAY)


def _scan(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """What a scanner does: focus the box (Ctrl+F), replace its text, Enter — no pauses."""
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    box = field(window, "Find patient")
    assert box.hasFocus()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def _settled(window: MainWindow) -> bool:
    return not window.ctx.reads.busy() and not window.patient_list.searching


def _chart_shown(qtbot: QtBot, window: MainWindow) -> str:
    """The chart header once every search and load has reported back."""
    qtbot.waitUntil(lambda: _settled(window), timeout=5000)
    qtbot.wait(1)  # let any queued delivery run before reading the header
    qtbot.waitUntil(lambda: _settled(window), timeout=5000)
    if window.stack.currentWidget() is not window._chart or window.chart.details is None:
        return "(no chart open)"
    return window.chart.header.text()


def test_scanner_speed_chart_number_and_enter_opens_that_chart_100_times(
    qtbot: QtBot, window: MainWindow
) -> None:
    _register(window)
    forms = ("SC-{0:06d}", "sc-{0}", "SC{0:06d}", "{0:06d}", "{0}")
    rng = random.Random(25)
    wrong: list[tuple[str, str]] = []
    previous = 0
    for run in range(100):
        number = rng.choice([n for n in range(1, len(PATIENTS) + 1) if n != previous])
        previous = number
        typed = forms[run % len(forms)].format(number)
        _scan(qtbot, window, typed)
        header = _chart_shown(qtbot, window)
        given, family = PATIENTS[number - 1]
        if f"{given} {family} " not in header or f"SC-{number:06d}" not in header:
            wrong.append((typed, header))
        selected = field(window, "Patients").currentIndex().siblingAtColumn(0).data()
        if selected != f"SC-{number:06d}":  # the list must show the same patient, selected
            wrong.append((typed, f"list selects {selected}"))
    assert wrong == []


def test_enter_waits_for_the_search_of_the_text_in_the_box(qtbot: QtBot, window: MainWindow) -> None:
    """The issue's case: the list shows Zoë, then SC-000002 + Enter must open Mark Smith."""
    _register(window)
    _scan(qtbot, window, "SC-000001")
    assert "Zoë O'Brien" in _chart_shown(qtbot, window)
    _scan(qtbot, window, "SC-000002")
    header = _chart_shown(qtbot, window)
    assert "Mark Smith " in header and "SC-000002" in header
    assert "Zoë" not in header


def test_a_typed_chart_number_beats_the_list_order(qtbot: QtBot, window: MainWindow) -> None:
    """Digits match chart numbers and phone numbers; the exact chart number wins."""
    _register(window)
    s, me = window.ctx.services, window.ctx.require_actor()
    # Aaron sorts first and his phone starts with the digits of Li Wei's chart number.
    s.patients.create(me, make_draft(given_name="Aaron", family_name="Abbott",
                                     phone="000005 111"), TODAY)
    _scan(qtbot, window, "000005")
    header = _chart_shown(qtbot, window)
    assert "Li Wei" in header and "SC-000005" in header


def test_enter_for_an_unknown_chart_number_opens_nothing(qtbot: QtBot, window: MainWindow) -> None:
    _register(window)
    _scan(qtbot, window, "SC-000003")
    assert "Ana Silva" in _chart_shown(qtbot, window)
    _scan(qtbot, window, "SC-000099")
    header = _chart_shown(qtbot, window)
    assert "Ana Silva" in header  # unchanged: nothing matched, nothing else was opened
    assert window.patient_list.label_status.text() == "No patients match"
    assert field(window, "Patients").model().rowCount() == 0  # type: ignore[union-attr]
