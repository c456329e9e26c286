"""Plan tab (C10): adding an impact exercise for a runner with a painful hop test shows the plan
service's warning; it informs and never blocks; removing the exercise clears it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from clinic_app.domain.exam.record import BoneStressExam, BoneTest, ExamRecord
from clinic_app.domain.exam.rules import TestOutcome
from clinic_app.domain.patients import VisitKind
from clinic_app.ui.main_window import MainWindow
from tests.conftest import TODAY, make_draft


def test_impact_exercise_after_a_painful_hop_test_warns(qtbot: QtBot, window: MainWindow) -> None:
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(), TODAY).created_id or 0
    episode = s.care.open_episode(me, pid, date(2026, 10, 1), "Sacral pain", TODAY).created_id or 0
    visit = s.care.create_visit(me, episode, datetime(2026, 11, 2, 9, tzinfo=UTC),
                                VisitKind.INITIAL).created_id or 0
    s.exams.save(me, visit, ExamRecord(bone_stress=BoneStressExam(
        {BoneTest.HOP_RIGHT: TestOutcome.POSITIVE})), set(), 0)
    window.open_patient(pid)
    tab = window.chart.plan
    window.chart.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.record is not None and bool(tab.library), timeout=10000)
    banner = tab.contraindications
    assert banner.isHidden()

    tab.add_exercise("glute-bridge")
    tab.add_exercise("two-leg-hops")
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=5000)
    assert banner.accessibleName() == "Exercise warnings"
    assert banner.text() == ("⚠ Two-leg hops is an impact exercise, and a bone stress injury is "
                             "suspected: painful single-leg hop (right). Check before prescribing it.")
    assert tab.btn_save.isEnabled()  # a warning, not a lock

    tab.list_items.setCurrentRow(1)
    qtbot.mouseClick(tab.btn_remove, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: banner.isHidden(), timeout=5000)
