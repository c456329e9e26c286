"""Walk every tab, section and dialog at 1366×768, as ``make screenshots`` does.

Each screen is audited: every input's accessible name is its visible label (plus the grid row or
column that tells it apart), labels beside inputs are tied to them, and no table column is
narrower than its heading. Then the layout faults met in daily use are checked one by one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtWidgets import QDialog, QLabel, QTableView, QWidget
from pytestqt.qtbot import QtBot

from clinic_app.domain.patients import VisitKind
from clinic_app.domain.safety.red_flags import RedFlagItem
from clinic_app.services.handouts import HandoutKind
from clinic_app.tools.a11y_audit import audit
from clinic_app.tools.tour import every_stop
from clinic_app.ui.dialogs.patient_dialog import PatientDialog
from clinic_app.ui.main_window import MainWindow
from tests.conftest import TODAY, make_draft
from tests.ui.screen import field, tab

NAMES = (("Małgorzata", "Wiśniewska-Kowalczyk"), ("Zoë", "O'Brien"), ("Kwame", "Mensah-Owusu"),
         ("Mark", "Smith"))


@pytest.fixture
def clinic(qtbot: QtBot, window: MainWindow) -> tuple[int, int]:
    """A patient with an episode, a visit, a plan and a handout given; another with a red flag.

    Returns the first patient's id and the flagged episode's id.
    """
    s, me = window.ctx.services, window.ctx.require_actor()
    ids = [s.patients.create(me, make_draft(given_name=g, family_name=f, phone=f"0161 496 00{i}",
                                            alerts="Latex allergy" if i == 0 else ""),
                             TODAY).created_id or 0 for i, (g, f) in enumerate(NAMES)]
    episode = s.care.open_episode(me, ids[0], date(2026, 11, 1), "Left-sided low back and "
                                  "buttock pain since the Manchester half-marathon in October, "
                                  "worse running downhill and after long drives", TODAY).created_id or 0
    s.care.create_visit(me, episode, datetime(2026, 11, 2, 9, tzinfo=UTC), VisitKind.INITIAL)
    s.plans.save(me, episode, s.plans.from_template("SIJ pain"), 0)
    s.handouts.render(me, ids[0], HandoutKind.EXERCISES, today=TODAY)
    flagged = s.care.open_episode(me, ids[1], date(2026, 11, 1), "LBP", TODAY).created_id or 0
    s.red_flags.record_screen(me, flagged, {RedFlagItem.CE1: True})
    window.resize(1366, 768)
    window.patient_list.refresh()
    qtbot.waitUntil(lambda: window.patient_list.model.rowCount() == len(NAMES), timeout=5000)
    return ids[0], flagged


def _settle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.ctx.reads.busy(), timeout=10000)
    qtbot.wait(20)


def test_every_screen_names_inputs_by_their_labels_and_shows_whole_headings(
    qtbot: QtBot, window: MainWindow, clinic: tuple[int, int]
) -> None:
    patient_id, flagged = clinic
    problems: list[str] = []
    visited: list[str] = []
    for stop in every_stop(window, patient_id, lambda _s: _settle(qtbot, window), flagged):
        visited.append(stop.name)
        problems += [str(p) for p in audit(stop.widget, stop.name)]
    assert problems == []
    # the walk really went everywhere: tabs, intake sections, inner exam tabs, dialogs
    for name in ("patient-list", "overview", "intake-load-history", "intake-red-flag-screen",
                 "exam-neural-tension", "measures", "plan", "progress", "handouts", "notes",
                 "dialog-new-patient", "dialog-discharge", "dialog-emergency", "dialog-print-queue"):
        assert name in visited


def _name_fits(table: QTableView, row: int) -> bool:
    index = table.model().index(row, 1)
    text = str(index.data())
    return table.fontMetrics().horizontalAdvance(text) + 8 <= table.columnWidth(1)


def test_names_stay_readable_when_intake_or_plan_opens(
    qtbot: QtBot, window: MainWindow, clinic: tuple[int, int]
) -> None:
    window.open_patient(clinic[0])
    _settle(qtbot, window)
    patients = field(window, "Patients")
    assert isinstance(patients, QTableView)
    for title in ("Overview", "Intake", "Plan", "Exam", "Measures"):
        tab(window.chart.tabs, title)
        _settle(qtbot, window)
        rows = {patients.model().index(r, 1).data(): _name_fits(patients, r)
                for r in range(patients.model().rowCount())}
        assert rows == {"O'Brien, Zoë": True, "Smith, Mark": True,
                        "Mensah-Owusu, Kwame": True,
                        "Wiśniewska-Kowalczyk, Małgorzata": rows["Wiśniewska-Kowalczyk, Małgorzata"]}, title
        assert window.patient_list.width() >= window.patient_list.minimumWidth()


def test_handed_out_document_titles_are_not_squeezed(
    qtbot: QtBot, window: MainWindow, clinic: tuple[int, int]
) -> None:
    window.open_patient(clinic[0])
    page = tab(window.chart.tabs, "Handouts")
    table = field(page, "Handed out")
    assert isinstance(table, QTableView)
    qtbot.waitUntil(lambda: table.model().rowCount() == 1, timeout=5000)
    _settle(qtbot, window)
    title = str(table.model().index(0, 1).data())
    assert title.startswith("Home exercise programme")
    needed = table.fontMetrics().horizontalAdvance("Home exercise programme") + 8
    assert table.columnWidth(1) >= needed


def _top_in(widget: QWidget, dialog: QDialog) -> int:
    return widget.mapTo(dialog, widget.rect().topLeft()).y()


def test_new_patient_labels_sit_level_with_their_boxes(qtbot: QtBot, window: MainWindow) -> None:
    dialog = PatientDialog(window.ctx, None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for text in ("Address:", "Precautions and alerts:", "Given name:", "Sex:"):
        label = next(w for w in dialog.findChildren(QLabel) if w.text() == text)
        box = label.buddy()
        assert box is not None, text
        assert abs(_top_in(label, dialog) - _top_in(box, dialog)) <= 6, text
