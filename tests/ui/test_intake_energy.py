"""Intake tab, energy availability and running form (C10, cadence): every item "Not asked" until
answered and named by its label; the live reading follows the answers; values save and reload."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from clinic_app.domain.intake.record import EnergyScreen, FootStrike, MenstrualStatus, RunningForm
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.views.intake.energy_page import EnergyPage
from clinic_app.ui.views.intake.intake_tab import IntakeTab
from clinic_app.ui.views.intake.profile_page import ProfilePage
from clinic_app.ui.views.intake.running_form_page import RunningFormPage
from clinic_app.ui.views.intake.table_pages import InjuryPage
from tests.conftest import TODAY, make_draft


@pytest.fixture
def intake_tab(qtbot: QtBot, window: MainWindow) -> IntakeTab:
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(), TODAY).created_id or 0
    s.care.open_episode(me, pid, date(2026, 11, 1), "Deep buttock pain when running", TODAY)
    window.open_patient(pid)
    tab = window.chart.intake
    window.chart.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.record is not None and tab.episode is not None, timeout=5000)
    return tab


def _choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Pick an entry by typing its first letters, as a clinician tabbing through would."""
    combo.setFocus()
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    qtbot.keyClicks(combo, text)
    assert combo.currentText().startswith(text), combo.currentText()


def _save(qtbot: QtBot, tab: IntakeTab, revision: int) -> None:
    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.record is not None and tab.record.revision == revision, timeout=5000)


def test_energy_screen_starts_not_asked_saves_and_reloads(qtbot: QtBot, intake_tab: IntakeTab) -> None:
    page = intake_tab.page("Energy availability")
    assert isinstance(page, EnergyPage)
    intake_tab.show_section("Energy availability")
    combos = {c.accessibleName(): c.currentText() for c in page.findChildren(QComboBox)}
    assert combos == {"Menstrual history": "Not asked", "Previous bone stress injury": "Not asked",
                      "Restrictive eating or weight loss": "Not asked",
                      "Low body mass index (BMI)": "Not asked"}
    assert "not screened yet" in page.summary_text()

    _choose(qtbot, page.combos["menstrual"], "Periods have stopped")
    _choose(qtbot, page.combos["low_bmi"], "Yes")
    qtbot.waitUntil(lambda: "Low energy availability features reported: periods that have stopped "
                            "(amenorrhoea), a low BMI." in page.summary_text(), timeout=3000)
    assert "Not asked: previous bone stress injury, restrictive eating or weight loss." in \
        page.summary_text()

    _save(qtbot, intake_tab, 1)
    assert intake_tab.record is not None
    assert intake_tab.record.intake.energy == EnergyScreen(MenstrualStatus.ABSENT, None, None, True)
    intake_tab.load(intake_tab.episode)  # a fresh read from the database
    qtbot.waitUntil(lambda: page.combos["low_bmi"].currentText() == "Yes", timeout=5000)
    assert page.combos["menstrual"].currentText() == "Periods have stopped (amenorrhoea)"
    assert page.combos["restrictive_eating_or_weight_loss"].currentText() == "Not asked"


def test_no_on_the_screen_against_a_ticked_injury_history_is_refused_beside_the_field(
        qtbot: QtBot, intake_tab: IntakeTab) -> None:
    injury = intake_tab.page("Injury history")
    assert isinstance(injury, InjuryPage)
    injury.check_bone_stress.setChecked(True)
    page = intake_tab.page("Energy availability")
    assert isinstance(page, EnergyPage)
    _choose(qtbot, page.combos["prior_bone_stress_injury"], "No")
    qtbot.mouseClick(intake_tab.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.errors.message("energy.prior_bone_stress_injury") != "", timeout=5000)
    assert "answer Yes here, or untick it on Injury history" in \
        page.errors.message("energy.prior_bone_stress_injury")
    assert intake_tab.record is not None and intake_tab.record.revision == 0


def test_running_form_reads_the_cadence_typed_on_the_profile_and_reloads(
        qtbot: QtBot, intake_tab: IntakeTab) -> None:
    profile = intake_tab.page("Running profile")
    form = intake_tab.page("Running form")
    assert isinstance(profile, ProfilePage) and isinstance(form, RunningFormPage)
    assert {c.accessibleName(): c.currentText() for c in form.findChildren(QComboBox)} == {
        "Overstriding": "Not assessed", "Foot strike": "Not assessed"}
    assert form.edit_notes.accessibleName() == "Form notes"
    qtbot.keyClicks(profile.edit_cadence, "160")
    intake_tab.show_section("Running form")
    qtbot.waitUntil(lambda: "Running form not assessed" in form.interpretation_text(), timeout=3000)
    assert "Cadence 160 steps/min" in form.interpretation_text()
    _choose(qtbot, form.combo_overstriding, "Yes")
    _choose(qtbot, form.combo_foot_strike, "Heel")
    qtbot.keyClicks(form.edit_notes, "Long reach, loud landing")
    assert "a 5–10% higher step rate (about 168–176 steps/min)" in form.interpretation_text()
    assert "168–176" in form.label_cadence.text()

    _save(qtbot, intake_tab, 1)
    assert intake_tab.record is not None
    saved = intake_tab.record.intake
    assert saved.cadence_spm == 160
    assert saved.running_form == RunningForm(True, FootStrike.HEEL, "Long reach, loud landing")
    intake_tab.load(intake_tab.episode)
    qtbot.waitUntil(lambda: form.combo_overstriding.currentText() == "Yes", timeout=5000)
    assert form.combo_foot_strike.currentText() == "Heel"
    assert form.edit_notes.text() == "Long reach, loud landing"
    assert "168–176" in form.interpretation_text()
