"""The red-flag page: suggestions shown but never ticked (C5), no bulk "No" without a confirmation
naming the items (C4), prompt flags confirmed with a reason (C5), and the one statement (C3)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from clinic_app.domain.intake.record import Intake, NightPain, Pattern24h
from clinic_app.domain.safety.red_flags import RedFlagItem
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.views.intake.confirm_exercise_dialog import ConfirmExerciseDialog
from clinic_app.ui.views.intake.intake_tab import IntakeTab
from clinic_app.ui.views.intake.red_flag_page import RedFlagPage
from tests.conftest import TODAY, make_draft
from tests.ui.conftest import DialogDriver, MessageBoxes


@pytest.fixture
def older_runner(qtbot: QtBot, window: MainWindow) -> IntakeTab:
    """A 66-year-old whose saved intake records constant night pain, with the red-flag page open."""
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(birth_date=date(1960, 3, 1)), TODAY).created_id or 0
    episode_id = s.care.open_episode(me, pid, date(2026, 11, 1), "LBP", TODAY).created_id or 0
    night = Pattern24h(night_pain=NightPain.CONSTANT_UNRELIEVED_BY_POSITION)
    s.intake.save(me, episode_id, Intake(onset_date=date(2026, 10, 20), pattern=night), 0, TODAY)
    window.open_patient(pid)
    tab = window.chart.intake
    window.chart.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.record is not None and tab.episode is not None, timeout=5000)
    tab.show_section(tab.red_flags.title)
    return tab


def _page(tab: IntakeTab) -> RedFlagPage:
    return tab.red_flags


def test_age_and_night_pain_are_suggested_and_never_ticked(qtbot: QtBot, older_runner: IntakeTab) -> None:
    page = _page(older_runner)
    qtbot.waitUntil(lambda: page.label_suggestions.isVisible(), timeout=5000)
    text = page.label_suggestions.text()
    assert "Suggested to ask" in text
    assert "the intake records constant night pain unrelieved by position" in text
    assert "back pain began at 66, over 50" in text and "the patient is 66, over 60" in text
    assert [s.item for s in page.suggestions] == [RedFlagItem.M2, RedFlagItem.M3, RedFlagItem.V1]
    for item in (RedFlagItem.M2, RedFlagItem.M3, RedFlagItem.V1):
        assert "ask" in page.code_labels[item].text()
        assert page.answers()[item] is None  # a suggestion is never an answer
    assert "ask" not in page.code_labels[RedFlagItem.CE1].text()


def test_no_bulk_no_without_a_confirmation_naming_the_items(
        qtbot: QtBot, window: MainWindow, older_runner: IntakeTab, message_boxes: MessageBoxes) -> None:
    page = _page(older_runner)
    page.set_answer(RedFlagItem.CE1, False)
    page.set_answer(RedFlagItem.V1, True)
    message_boxes.answer = QMessageBox.StandardButton.No
    qtbot.mouseClick(page.btn_all_no, Qt.MouseButton.LeftButton)
    kind, title, text = message_boxes.shown[-1]
    assert (kind, title) == ("question", "Mark 16 items as No?")
    assert "CE2 — New bladder problems" in text and "T1 — Thoracic pain" in text
    assert "CE1 —" not in text and "V1 —" not in text  # only the items still not asked
    assert page.answers()[RedFlagItem.CE2] is None  # declined: nothing changed

    message_boxes.answer = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(page.btn_all_no, Qt.MouseButton.LeftButton)
    answers = page.answers()
    assert answers[RedFlagItem.CE2] is False and answers[RedFlagItem.V1] is True
    page.set_answer(RedFlagItem.T1, None)  # changed back after the bulk step: not "marked No"
    qtbot.mouseClick(page.btn_record, Qt.MouseButton.LeftButton)
    services = window.ctx.services
    episode_id = older_runner.episode.id  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: services.red_flags.status(episode_id).last_screen is not None, timeout=5000)
    screen = services.red_flags.screens(episode_id)[0]
    assert screen.answers[RedFlagItem.T1] is None and screen.answers[RedFlagItem.CE2] is False
    trail = services.users.audit_trail("red_flag_screen", screen.id)
    assert [a.action for a in trail] == ["create", "bulk_no"]
    assert "CE2" in trail[1].changed_fields and "T1" not in trail[1].changed_fields
    assert "CE1" not in trail[1].changed_fields  # answered one by one


def test_prompt_flag_is_confirmed_with_a_reason_and_its_referral_stays(
        qtbot: QtBot, window: MainWindow, older_runner: IntakeTab, dialogs: DialogDriver) -> None:
    page = _page(older_runner)
    for item in RedFlagItem:
        page.set_answer(item, item is RedFlagItem.M3)
    qtbot.mouseClick(page.btn_record, Qt.MouseButton.LeftButton)
    header = window.chart.header
    qtbot.waitUntil(lambda: "Loading is locked" in header.text(), timeout=5000)
    assert "possible cancer or other serious pathology" in header.text()
    qtbot.waitUntil(lambda: page.list_open.count() == 1, timeout=5000)
    assert page.btn_confirm.isVisibleTo(page) and page.btn_confirm.isEnabled()
    assert not page.btn_action.isVisibleTo(page)
    assert "exercise on hold until you confirm" in page.list_open.item(0).text()

    def confirm(dialog: QDialog) -> None:
        assert isinstance(dialog, ConfirmExerciseDialog)
        assert not dialog.btn_confirm.isEnabled()  # a reason is required
        qtbot.keyClicks(dialog.edit_reason, "No night pain or weight loss; GP letter sent today")
        qtbot.mouseClick(dialog.btn_confirm, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)

    dialogs.handlers.append(confirm)
    qtbot.mouseClick(page.btn_confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Loading is locked" not in header.text(), timeout=5000)
    assert "Referral task: medical review within the next few days" in header.text()
    qtbot.waitUntil(lambda: "exercise confirmed: No night pain" in page.list_open.item(0).text(),
                    timeout=5000)
    assert not page.btn_confirm.isEnabled() and page.btn_outcome.isEnabled()


def test_overview_names_the_open_flag_and_the_items_not_asked(
        qtbot: QtBot, window: MainWindow, older_runner: IntakeTab) -> None:
    page = _page(older_runner)
    for code in ("CE1", "CE2", "CE3", "CE4", "CE5", "I1", "M2"):
        page.set_answer(RedFlagItem(code), False)
    page.set_answer(RedFlagItem.V1, True)
    qtbot.mouseClick(page.btn_record, Qt.MouseButton.LeftButton)
    overview = window.chart.overview
    qtbot.waitUntil(lambda: "(V1)" in overview.label_summary.text(), timeout=5000)
    text = overview.label_summary.text()
    assert "no red flags" not in text.lower()
    assert "Red flag raised: possible abdominal aortic aneurysm (V1), urgent" in text
    assert "10 of 18 items not asked" in text and "bone stress signs (F3)" in text
    assert "URGENT red flag V1 — possible abdominal aortic aneurysm" in window.chart.header.text()
