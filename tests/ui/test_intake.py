"""Intake tab: typing a load history updates the metrics live, the body chart is marked by
clicking, bad values are refused beside the field, and an emergency red flag blocks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QTableWidget
from pytestqt.qtbot import QtBot

from clinic_app.domain.intake.body_chart import BodyMark, PainLocation, SymptomType
from clinic_app.domain.load.training import week_start
from clinic_app.domain.safety.red_flags import RedFlagItem
from clinic_app.ui.dialogs.red_flag_dialogs import EmergencyDialog
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.views.intake.intake_tab import IntakeTab
from clinic_app.ui.views.intake.load_page import LoadPage
from clinic_app.ui.views.intake.profile_page import ProfilePage
from clinic_app.ui.views.intake.symptoms_page import SymptomsPage
from tests.conftest import TODAY, make_draft
from tests.ui.conftest import DialogDriver, MessageBoxes


@pytest.fixture
def intake_tab(qtbot: QtBot, window: MainWindow) -> IntakeTab:
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(), TODAY).created_id or 0
    s.care.open_episode(me, pid, date(2026, 11, 1), "LBP and left leg pain", TODAY)
    window.open_patient(pid)
    tab = window.chart.intake
    window.chart.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.record is not None and tab.episode is not None, timeout=5000)
    return tab


def _type_cell(qtbot: QtBot, table: QTableWidget, row: int, column: int, text: str) -> None:
    table.setCurrentCell(row, column)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.focusWidget()
    assert editor is not None
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_typing_the_load_history_updates_acwr_and_spike_live(
    qtbot: QtBot, intake_tab: IntakeTab
) -> None:
    page = intake_tab.page("Load history")
    assert isinstance(page, LoadPage)
    intake_tab.show_section("Load history")
    qtbot.mouseClick(page.btn_fill, Qt.MouseButton.LeftButton)
    assert page.weeks.table.rowCount() == 6
    first = week_start(TODAY) - timedelta(weeks=5)
    assert page.weeks.table.item(0, 0).text() == first.isoformat()
    for row, km in enumerate(["30", "32", "34", "30", "32", "35"]):
        _type_cell(qtbot, page.weeks.table, row, 1, km)
    qtbot.waitUntil(lambda: "ACWR 1.09" in page.metrics_text(), timeout=3000)
    assert "sweet spot" in page.metrics_text()
    assert "+9.4%" in page.metrics_text()  # 35 vs 32 km week over week

    for row, (day, km) in enumerate([("2026-11-01", "12"), ("2026-11-20", "16")]):
        page.runs.add_row({})
        _type_cell(qtbot, page.runs.table, row, 0, day)
        _type_cell(qtbot, page.runs.table, row, 1, km)
    qtbot.waitUntil(lambda: "+33.3%" in page.metrics_text(), timeout=3000)
    assert "moderate spike" in page.metrics_text()

    qtbot.mouseClick(intake_tab.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: intake_tab.record is not None and intake_tab.record.revision == 1,
                    timeout=5000)
    saved = intake_tab.record.intake
    assert [w.distance_km for w in saved.weekly_history] == [30, 32, 34, 30, 32, 35]
    assert [r.distance_km for r in saved.session_log] == [12, 16]


def test_impossible_cadence_is_refused_beside_the_field(qtbot: QtBot, intake_tab: IntakeTab) -> None:
    page = intake_tab.page("Running profile")
    assert isinstance(page, ProfilePage)
    qtbot.keyClicks(page.edit_cadence, "900")
    qtbot.mouseClick(intake_tab.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.errors.message("cadence_spm") != "", timeout=5000)
    assert "120–230" in page.errors.message("cadence_spm")
    assert "Not saved" in intake_tab.label_status.text()
    assert intake_tab._ctx.services.intake.revision_count(intake_tab.episode.id) == 0  # type: ignore[union-attr]


def test_body_chart_marked_by_clicking_is_saved_with_the_intake(
    qtbot: QtBot, intake_tab: IntakeTab
) -> None:
    page = intake_tab.page("Current symptoms")
    assert isinstance(page, SymptomsPage)
    intake_tab.show_section("Current symptoms")
    chart = page.body_chart
    chart.set_current_symptom(SymptomType.PINS_NEEDLES)
    qtbot.mouseClick(chart.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=chart.region_centre(PainLocation.BELOW_KNEE_L, "back"))
    assert [m.location for m in chart.marks()] == [PainLocation.BELOW_KNEE_L]
    assert "below the knee" in page.label_chart.text()
    qtbot.mouseClick(intake_tab.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: intake_tab.record is not None and intake_tab.record.revision == 1,
                    timeout=5000)
    assert intake_tab.record.intake.body_marks[0]["location"] == "below_knee_L"
    chart_view = intake_tab.parent()
    assert chart_view is not None


def test_emergency_flag_blocks_until_action_recorded_and_loading_stays_locked(
    qtbot: QtBot, window: MainWindow, intake_tab: IntakeTab, dialogs: DialogDriver
) -> None:
    page = intake_tab.red_flags
    intake_tab.show_section(page.title)
    episode_id = intake_tab.episode.id  # type: ignore[union-attr]
    assert page.answers()[RedFlagItem.CE2] is None  # never defaulted to "no"
    qtbot.mouseClick(page.btn_all_no, Qt.MouseButton.LeftButton)  # confirmed (Yes) in the question
    page.set_answer(RedFlagItem.CE2, True)

    def emergency(dialog: QDialog) -> None:
        assert isinstance(dialog, EmergencyDialog)
        dialog.reject()  # Escape / close does not dismiss it
        assert dialog.isVisible() and not dialog.acknowledged
        assert not dialog.btn_record.isEnabled()
        qtbot.keyClicks(dialog.edit_action, "Sent to the emergency department at 10:40")
        qtbot.mouseClick(dialog.btn_record, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)

    dialogs.handlers.append(emergency)
    qtbot.mouseClick(page.btn_record, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogs.opened), timeout=5000)
    services = window.ctx.services
    status = services.red_flags.status(episode_id)
    assert status.loading_locked
    event = status.open_events[0]
    assert event.item is RedFlagItem.CE2
    assert event.action_taken == "Sent to the emergency department at 10:40"
    actions = [a.action for a in services.users.audit_trail("red_flag_event", event.id)]
    assert actions == ["raise", "acknowledge"]
    qtbot.waitUntil(lambda: "EMERGENCY red flag CE2" in window.chart.header.text(), timeout=5000)
    assert "Loading is locked" in window.chart.header.text()


def test_prompt_flag_shows_a_warning_and_a_banner(
    qtbot: QtBot, window: MainWindow, intake_tab: IntakeTab, message_boxes: MessageBoxes
) -> None:
    page = intake_tab.red_flags
    page.set_answer(RedFlagItem.M3, True)
    qtbot.mouseClick(page.btn_record, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(k == "warning" for k, *_ in message_boxes.shown), timeout=5000)
    qtbot.waitUntil(lambda: "PROMPT red flag M3" in window.chart.header.text(), timeout=5000)
    assert "Referral task: medical review within the next few days" in window.chart.header.text()
    assert "Loading is locked" in window.chart.header.text()  # until exercise is confirmed (C5)


def test_overview_summary_after_saving_an_intake(qtbot: QtBot, window: MainWindow,
                                                 intake_tab: IntakeTab) -> None:
    page = intake_tab.page("Running profile")
    assert isinstance(page, ProfilePage)
    qtbot.keyClicks(page.edit_weekly, "48")
    qtbot.keyClicks(page.edit_runs, "4")
    symptoms = intake_tab.page("Current symptoms")
    assert isinstance(symptoms, SymptomsPage)
    symptoms.body_chart.set_marks([BodyMark(PainLocation.CENTRAL_LUMBAR, SymptomType.ACHE, 4)])
    qtbot.mouseClick(intake_tab.btn_save, Qt.MouseButton.LeftButton)
    overview = window.chart.overview
    qtbot.waitUntil(lambda: "48 km/week" in overview.label_summary.text(), timeout=5000)
    assert overview.label_summary.text().startswith("41-year-old runner, 48 km/week over 4 runs")
    assert "Red flags not screened yet in this episode." in overview.label_summary.text()
    assert overview.body_chart.marks() == [BodyMark(PainLocation.CENTRAL_LUMBAR,
                                                    SymptomType.ACHE, 4)]


def test_earlier_intake_revision_is_shown_read_only(qtbot: QtBot, intake_tab: IntakeTab) -> None:
    page = intake_tab.page("Running profile")
    assert isinstance(page, ProfilePage)
    qtbot.keyClicks(page.edit_cadence, "170")
    qtbot.mouseClick(intake_tab.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: intake_tab.record is not None and intake_tab.record.revision == 1,
                    timeout=5000)
    page.edit_cadence.setText("176")
    page.edit_cadence.textEdited.emit("176")
    qtbot.mouseClick(intake_tab.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: intake_tab.combo_history.count() == 2, timeout=5000)
    intake_tab.combo_history.setCurrentIndex(1)
    intake_tab.combo_history.activated.emit(1)
    qtbot.waitUntil(lambda: page.edit_cadence.text() == "170", timeout=5000)
    assert page.edit_cadence.isReadOnly() and not intake_tab.btn_save.isEnabled()
    assert "Read-only" in intake_tab.label_status.text()


def test_distances_in_miles_are_shown_in_miles_and_stored_in_km(
    qtbot: QtBot, window: MainWindow, intake_tab: IntakeTab
) -> None:
    page = intake_tab.page("Running profile")
    assert isinstance(page, ProfilePage)
    qtbot.keyClicks(page.edit_weekly, "50")
    window.act_miles.trigger()
    assert window.ctx.settings.distance_unit == "mi"
    assert page.edit_weekly.text() == "31.1"
    load = intake_tab.page("Load history")
    assert isinstance(load, LoadPage)
    assert load.weeks.table.horizontalHeaderItem(1).text() == "Distance (mi)"
    page.edit_weekly.setText("10")
    qtbot.mouseClick(intake_tab.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: intake_tab.record is not None and intake_tab.record.revision == 1,
                    timeout=5000)
    assert intake_tab.record.intake.weekly_distance_km == pytest.approx(16.09, abs=0.01)
    window.act_miles.trigger()


def test_closing_with_an_unsaved_intake_asks_first(
    qtbot: QtBot, window: MainWindow, intake_tab: IntakeTab, message_boxes: MessageBoxes
) -> None:
    from PySide6.QtWidgets import QMessageBox

    page = intake_tab.page("Running profile")
    assert isinstance(page, ProfilePage)
    qtbot.keyClicks(page.edit_runs, "5")
    assert intake_tab.is_dirty()
    message_boxes.answer = QMessageBox.StandardButton.Cancel
    window.close()
    assert window.isVisible() and message_boxes.shown[-1][1] == "Unsaved changes"
    assert message_boxes.shown[-1][2].startswith("The intake has changes that are not saved")
    assert window.chart.tabs.currentWidget() is intake_tab  # shown, to be saved
    message_boxes.answer = QMessageBox.StandardButton.Discard
    window.close()
    assert not window.isVisible()
