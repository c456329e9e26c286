"""No field starts with a value that looks like an answer: sex, discharge reason."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel
from pytestqt.qtbot import QtBot

from clinic_app.domain.patients import DischargeReason, EpisodeStatus, Sex
from clinic_app.ui.main_window import MainWindow
from tests.conftest import TODAY, make_draft
from tests.ui.conftest import DialogDriver, type_text
from tests.ui.screen import button, field, tab


def _fill_new_patient(qtbot: QtBot, dialog: QDialog, sex: str | None) -> None:
    for label, text in (("Given name", "Ana"), ("Family name", "Silva"),
                        ("Date of birth", "1990-03-02"), ("Phone", "0161 496 0000")):
        type_text(field(dialog, label), text)
    combo = field(dialog, "Sex")
    assert isinstance(combo, QComboBox)
    assert combo.currentText() == "Not recorded"
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Not recorded", "Female", "Male", "Intersex"]
    if sex is not None:
        combo.setCurrentIndex(combo.findText(sex))
    qtbot.mouseClick(button(dialog, "Save"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)


def test_new_patient_saves_no_sex_until_one_is_chosen(
    qtbot: QtBot, window: MainWindow, dialogs: DialogDriver
) -> None:
    dialogs.handlers.append(lambda d: _fill_new_patient(qtbot, d, None))
    qtbot.mouseClick(button(window, "New patient…"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window._chart is not None and window.chart.details is not None,
                    timeout=5000)
    details = window.chart.details
    assert details is not None and details.draft.sex == Sex.NOT_STATED
    overview = tab(window.chart.tabs, "Overview")
    assert "Not recorded" in field(overview, "Sex").text()  # type: ignore[attr-defined]


def test_sex_is_stored_once_chosen(qtbot: QtBot, window: MainWindow, dialogs: DialogDriver) -> None:
    dialogs.handlers.append(lambda d: _fill_new_patient(qtbot, d, "Male"))
    qtbot.mouseClick(button(window, "New patient…"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window._chart is not None and window.chart.details is not None,
                    timeout=5000)
    assert window.chart.details is not None and window.chart.details.draft.sex == Sex.MALE


def test_editing_keeps_the_recorded_sex(qtbot: QtBot, window: MainWindow) -> None:
    from clinic_app.ui.dialogs.patient_dialog import PatientDialog

    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(sex=Sex.FEMALE), TODAY).created_id or 0
    dialog = PatientDialog(window.ctx, s.patients.get(pid), window)
    qtbot.addWidget(dialog)
    combo = field(dialog, "Sex")
    assert isinstance(combo, QComboBox) and combo.currentText() == "Female"


def test_discharge_needs_a_reason_chosen(
    qtbot: QtBot, window: MainWindow, dialogs: DialogDriver
) -> None:
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(), TODAY).created_id or 0
    s.care.open_episode(me, pid, date(2026, 10, 1), "LBP", TODAY)
    window.open_patient(pid)
    qtbot.waitUntil(lambda: window.chart.details is not None, timeout=5000)
    overview = tab(window.chart.tabs, "Overview")
    seen: list[str] = []

    def discharge(dialog: QDialog) -> None:
        reason = field(dialog, "Reason")
        assert isinstance(reason, QComboBox) and reason.currentData() is None
        qtbot.mouseClick(button(dialog, "Save"), Qt.MouseButton.LeftButton)
        error = next(w for w in dialog.findChildren(QLabel)
                     if w.accessibleName() == "Reason error")
        seen.append(error.text())
        assert reason.accessibleDescription() == error.text()
        reason.setCurrentIndex(reason.findText("Referred on"))
        qtbot.mouseClick(button(dialog, "Save"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)

    dialogs.handlers.append(discharge)
    qtbot.mouseClick(button(overview, "Discharge…"), Qt.MouseButton.LeftButton)
    assert seen == ["Choose why the episode ends."]
    episode = s.patients.get(pid).episodes[0]
    assert episode.status == EpisodeStatus.DISCHARGED
    assert episode.discharge_reason == DischargeReason.REFERRED_ON
