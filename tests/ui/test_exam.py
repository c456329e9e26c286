"""Exam tab: a realistic exam entered by keyboard, the interpretation changing as tests flip,
decisions, a signed visit's exam read-only, copied-forward values marked until confirmed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog
from pytestqt.qtbot import QtBot

from clinic_app.domain.exam.neuro_model import Root
from clinic_app.domain.exam.record import ExamRecord, SlrSide
from clinic_app.domain.exam.rules import SijTest, TestOutcome
from clinic_app.domain.patients import VisitKind
from clinic_app.services.care import SoapText
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.views.exam.exam_tab import ExamTab, OverrideDialog
from tests.conftest import TODAY, make_draft
from tests.ui.conftest import DialogDriver


@pytest.fixture
def exam_tab(qtbot: QtBot, window: MainWindow) -> ExamTab:
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(), TODAY).created_id or 0
    ep = s.care.open_episode(me, pid, date(2026, 11, 1), "LBP and left leg pain", TODAY).created_id
    s.care.create_visit(me, ep or 0, datetime(2026, 11, 2, 9, tzinfo=UTC), VisitKind.INITIAL)
    window.open_patient(pid)
    tab = window.chart.exam
    window.chart.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.view is not None, timeout=5000)
    return tab


def _choose(qtbot: QtBot, combo: QComboBox, letter: str) -> None:
    """Pick a combo entry by keyboard, as a clinician tabbing through the form would."""
    from PySide6.QtWidgets import QApplication

    combo.setFocus()
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # a new search, not "pn"
    qtbot.keyClicks(combo, letter)


def _panel(qtbot: QtBot, tab: ExamTab, text: str) -> None:
    qtbot.waitUntil(lambda: text in tab.panel.text(), timeout=3000)


def test_keyboard_exam_updates_the_interpretation_as_tests_flip(
    qtbot: QtBot, exam_tab: ExamTab
) -> None:
    b = exam_tab.form.bind.items
    _choose(qtbot, b["slr_left.result"].widget, "p")  # type: ignore[arg-type]
    qtbot.keyClicks(b["slr_left.angle_deg"].widget, "45")
    qtbot.keyClick(b["slr_left.below_knee"].widget, Qt.Key.Key_Space)
    _panel(qtbot, exam_tab, "SLR (left) positive at 45° with leg pain below the knee — classic")

    for test in ("distraction", "thigh_thrust", "compression"):
        _choose(qtbot, b[f"sij.{test}"].widget, "p")  # type: ignore[arg-type]
    _panel(qtbot, exam_tab, "SIJ cluster 3/6 positive: distraction, thigh thrust, compression")
    _choose(qtbot, b["sij.compression"].widget, "n")  # type: ignore[arg-type]
    _panel(qtbot, exam_tab, "SIJ cluster 2/6")
    assert "SIJ pain likely" not in exam_tab.panel.text()

    grid = exam_tab.form.neuro
    grid.commit_text("power.left.L5", "4-")
    grid.commit_text("sensation.left.L5", "r")
    grid.commit_text("power.right.L5", "5")
    grid.commit_text("sensation.right.L5", "n")
    _panel(qtbot, exam_tab, "weak great-toe extension and reduced sensation on the dorsum of the "
                            "left foot: consistent with left L5")

    qtbot.mouseClick(exam_tab.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: exam_tab.view is not None and exam_tab.view.exists, timeout=5000)
    saved = exam_tab.view.exam  # type: ignore[union-attr]
    assert saved.slr_left == SlrSide(TestOutcome.POSITIVE, 45, True)
    assert saved.sij_outcome(SijTest.COMPRESSION) is TestOutcome.NEGATIVE
    assert str(saved.neuro.left.power[Root.L5]) == "4-"


def test_contradiction_is_refused_beside_the_field(qtbot: QtBot, exam_tab: ExamTab) -> None:
    b = exam_tab.form.bind.items
    _choose(qtbot, b["slr_right.result"].widget, "n")  # type: ignore[arg-type]
    qtbot.keyClicks(b["slr_right.angle_deg"].widget, "40")
    qtbot.mouseClick(exam_tab.btn_save, Qt.MouseButton.LeftButton)
    label = exam_tab.form.error_labels["slr_right.angle_deg"]
    qtbot.waitUntil(lambda: not label.isHidden(), timeout=5000)
    assert "only when the SLR reproduced symptoms" in label.text()
    assert not exam_tab._ctx.services.exams.get(exam_tab.view.visit_id).exists  # type: ignore[union-attr]


def test_accept_and_override_with_reason_are_stored(
    qtbot: QtBot, exam_tab: ExamTab, dialogs: DialogDriver
) -> None:
    services, visit_id = exam_tab._ctx.services, exam_tab.view.visit_id  # type: ignore[union-attr]
    services.exams.save(exam_tab._ctx.require_actor(), visit_id,
                        ExamRecord(slr_left=SlrSide(TestOutcome.POSITIVE, 45, True)), set(), 0)
    exam_tab.open_visit(visit_id)
    qtbot.waitUntil(lambda: exam_tab.panel.card("slr_left") is not None
                    and exam_tab.panel.card("slr_left").btn_accept.isEnabled(), timeout=5000)
    qtbot.mouseClick(exam_tab.panel.card("slr_left").btn_accept, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Accepted by Dr Amira Ahmed"
                    in exam_tab.panel.card("slr_left").label_decision.text(), timeout=5000)

    def reason(dialog: QDialog) -> None:
        assert isinstance(dialog, OverrideDialog)
        qtbot.keyClicks(dialog.edit_reason, "Hamstring tightness only")
        qtbot.mouseClick(dialog.btn_ok, Qt.MouseButton.LeftButton)

    dialogs.handlers.append(reason)
    qtbot.mouseClick(exam_tab.panel.card("slr_left").btn_override, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Overridden by Dr Amira Ahmed" in
                    exam_tab.panel.card("slr_left").label_decision.text(), timeout=5000)
    assert "Hamstring tightness only" in exam_tab.panel.card("slr_left").label_decision.text()
    assert services.exams.get(visit_id).decisions["slr_left"].decision == "overridden"


def test_signed_visit_exam_is_read_only(qtbot: QtBot, window: MainWindow, exam_tab: ExamTab) -> None:
    services, me = window.ctx.services, window.ctx.require_actor()
    visit_id = exam_tab.view.visit_id  # type: ignore[union-attr]
    services.exams.save(me, visit_id, ExamRecord(palpation="Tender L5"), set(), 0)
    note = services.care.get_note(visit_id)
    _, version = services.care.save_draft(me, visit_id, SoapText(subjective="Sore"), note.version)
    services.care.sign(me, visit_id, version)
    exam_tab.open_visit(visit_id)
    qtbot.waitUntil(lambda: exam_tab.view is not None and exam_tab.view.locked, timeout=5000)
    assert not exam_tab.btn_save.isEnabled()
    palpation = exam_tab.form.bind.items["palpation"].widget
    assert palpation.isReadOnly()  # type: ignore[attr-defined]
    assert not exam_tab.form.bind.items["slr_left.result"].widget.isEnabled()
    assert "read-only" in exam_tab.label_status.text()


def test_copied_forward_values_are_marked_until_confirmed(
    qtbot: QtBot, window: MainWindow, exam_tab: ExamTab
) -> None:
    services, me = window.ctx.services, window.ctx.require_actor()
    first = exam_tab.view.visit_id  # type: ignore[union-attr]
    services.exams.save(me, first, ExamRecord(slr_left=SlrSide(TestOutcome.POSITIVE, 40, True),
                                              palpation="Tender L5"), set(), 0)
    episode = services.patients.get(exam_tab.view.patient_id).open_episode  # type: ignore[union-attr]
    assert episode is not None
    second = services.care.create_visit(me, episode.id, datetime(2026, 11, 9, 9, tzinfo=UTC),
                                        VisitKind.FOLLOW_UP).created_id or 0
    window.chart.load(exam_tab.view.patient_id)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: exam_tab.combo_visit.count() == 2, timeout=5000)
    exam_tab.open_visit(second)
    qtbot.waitUntil(lambda: exam_tab.view is not None and exam_tab.view.visit_id == second,
                    timeout=5000)
    qtbot.mouseClick(exam_tab.btn_copy, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(exam_tab.form.copied()), timeout=5000)
    assert exam_tab.form.copied() == {"slr_left.result", "slr_left.angle_deg",
                                      "slr_left.below_knee", "palpation"}
    angle = exam_tab.form.bind.items["slr_left.angle_deg"].widget
    assert "italic" in angle.styleSheet() and "Copied" in angle.toolTip()
    angle.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(angle, "55")
    assert "slr_left.angle_deg" not in exam_tab.form.copied() and angle.styleSheet() == ""
    qtbot.mouseClick(exam_tab.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: exam_tab.view is not None and exam_tab.view.exists, timeout=5000)
    assert services.exams.get(second).copied == frozenset(
        {"slr_left.result", "slr_left.below_knee", "palpation"})
    qtbot.mouseClick(exam_tab.btn_confirm, Qt.MouseButton.LeftButton)
    assert exam_tab.form.copied() == set()
    assert "55" in exam_tab.table_slr.item(1, 1).text()


def test_saving_an_exam_reads_at_most_once_more(qtbot: QtBot, exam_tab: ExamTab,
                                                 window: MainWindow) -> None:
    from tests.ui.select_counter import selects_after_commit

    qtbot.waitUntil(lambda: not window.ctx.reads.busy() and not window.ctx.writes.busy(),
                    timeout=5000)
    b = exam_tab.form.bind.items
    _choose(qtbot, b["slr_left.result"].widget, "p")  # type: ignore[arg-type]
    qtbot.keyClicks(b["slr_left.angle_deg"].widget, "50")
    with selects_after_commit(window.ctx.services.db.engine) as reads:
        qtbot.mouseClick(exam_tab.btn_save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: exam_tab.view is not None and exam_tab.view.exists, timeout=5000)
        qtbot.waitUntil(lambda: not window.ctx.writes.busy() and not window.ctx.reads.busy(),
                        timeout=5000)
        qtbot.wait(50)  # anything the published change still queued
        qtbot.waitUntil(lambda: not window.ctx.reads.busy(), timeout=5000)
    assert reads.committed, "the save committed"
    assert reads.count <= 1, reads.statements
    # what was applied is what was stored, under the stored version
    stored = window.ctx.services.exams.get(exam_tab.view.visit_id)  # type: ignore[union-attr]
    assert exam_tab.view.version == stored.version  # type: ignore[union-attr]
    assert exam_tab.view.exam == stored.exam  # type: ignore[union-attr]
    assert exam_tab.view.exam.slr_left.angle_deg == 50  # type: ignore[union-attr]
    assert not exam_tab.is_dirty()
    assert "Exam saved (version 1)" in exam_tab.label_status.text()
