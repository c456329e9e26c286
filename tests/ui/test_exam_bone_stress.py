"""Exam tab, bone stress and hip group (C10): every input not tested until chosen and named by its
label; a painful hop test suggests F3 in the panel without answering it; values save and reload."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from clinic_app.domain.exam.record import BoneTest
from clinic_app.domain.exam.rules import TestOutcome
from clinic_app.domain.intake.record import EnergyScreen, Intake, MenstrualStatus
from clinic_app.domain.patients import VisitKind
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.views.exam.exam_tab import ExamTab
from tests.conftest import TODAY, make_draft


@pytest.fixture
def exam_tab(qtbot: QtBot, window: MainWindow) -> ExamTab:
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(), TODAY).created_id or 0
    episode = s.care.open_episode(me, pid, date(2026, 11, 1), "Deep sacral pain on running",
                                  TODAY).created_id or 0
    s.intake.save(me, episode, Intake(energy=EnergyScreen(menstrual=MenstrualStatus.ABSENT)), 0, TODAY)
    s.care.create_visit(me, episode, datetime(2026, 11, 2, 9, tzinfo=UTC), VisitKind.INITIAL)
    window.open_patient(pid)
    tab = window.chart.exam
    window.chart.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.view is not None and tab.context is not None, timeout=5000)
    tab.form.setCurrentWidget(tab.form.widget(4))
    return tab


def _by_name(tab: ExamTab, name: str) -> QComboBox:
    found = [w for w in tab.form.bone_stress.findChildren(QComboBox) if w.accessibleName() == name]
    assert len(found) == 1, name
    return found[0]


def _choose(qtbot: QtBot, combo: QComboBox, letter: str) -> None:
    combo.setFocus()
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    qtbot.keyClicks(combo, letter)


def _panel(qtbot: QtBot, tab: ExamTab, text: str) -> None:
    qtbot.waitUntil(lambda: text in tab.panel.text(), timeout=3000)


def test_inputs_start_not_tested_and_are_named_by_their_labels(exam_tab: ExamTab) -> None:
    assert exam_tab.form.tabText(4) == "Bone stress and hip"
    names = {w.accessibleName(): w.currentText() for w in exam_tab.form.bone_stress.findChildren(QComboBox)}
    assert names == {
        "Single-leg hop (pain), left": "Not tested", "Single-leg hop (pain), right": "Not tested",
        "One-leg hyperextension (stork), left": "Not tested",
        "One-leg hyperextension (stork), right": "Not tested",
        "Fulcrum test (femoral shaft), left": "Not tested",
        "Fulcrum test (femoral shaft), right": "Not tested",
        "Hip internal rotation / FADIR (femoral neck), left": "Not tested",
        "Hip internal rotation / FADIR (femoral neck), right": "Not tested",
        "Sacral squeeze": "Not tested",
        "Bony tenderness (sacrum or lumbar spine)": "Not recorded",
    }


def test_painful_hop_suggests_f3_without_answering_it_and_saves(qtbot: QtBot, exam_tab: ExamTab) -> None:
    tab = exam_tab
    _choose(qtbot, _by_name(tab, "Single-leg hop (pain), left"), "p")
    _panel(qtbot, tab, "Red flag F3 suggested for you to confirm: painful single-leg hop (left).")
    assert "answer F3 Yes on the red-flag screen" in tab.panel.text()
    _choose(qtbot, _by_name(tab, "Single-leg hop (pain), right"), "n")
    _choose(qtbot, _by_name(tab, "Bony tenderness (sacrum or lumbar spine)"), "y")
    # low energy availability from the intake, with bony tenderness: a second reason
    _panel(qtbot, tab, "low energy availability features: periods that have stopped (amenorrhoea), "
                       "with bony tenderness over the sacrum or lumbar spine")

    tab.save()
    qtbot.waitUntil(lambda: tab.view is not None and tab.view.exists, timeout=5000)
    saved = tab.view.exam.bone_stress  # type: ignore[union-attr]
    assert saved.outcome(BoneTest.HOP_LEFT) is TestOutcome.POSITIVE
    assert saved.outcome(BoneTest.HOP_RIGHT) is TestOutcome.NEGATIVE
    assert saved.outcome(BoneTest.STORK_LEFT) is TestOutcome.NOT_TESTED
    assert saved.bony_tenderness is True
    episode = tab._ctx.services.care.get_note(tab.view.visit_id).episode_id  # type: ignore[union-attr]
    assert tab._ctx.services.red_flags.status(episode).open_events == ()  # F3 never answered for you

    tab.open_visit(tab.view.visit_id)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: not tab.is_dirty() and tab.view is not None, timeout=5000)
    qtbot.waitUntil(lambda: _by_name(tab, "Single-leg hop (pain), left").currentText()
                    == "Painful (positive)", timeout=5000)
    assert _by_name(tab, "Single-leg hop (pain), right").currentText() == "Not painful (negative)"
    assert _by_name(tab, "Bony tenderness (sacrum or lumbar spine)").currentText() == "Yes"
    assert _by_name(tab, "Sacral squeeze").currentText() == "Not tested"
    card = tab.panel.card("f3_suggested")
    assert card is not None and card.btn_override.isEnabled()  # the clinician decides
