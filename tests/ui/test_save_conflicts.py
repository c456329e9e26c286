"""Two workstations: the letterhead and weekly adherence name who saved first; "keep mine" works."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from clinic_app.domain.patients import Role, VisitKind
from clinic_app.services.context import Actor
from clinic_app.services.users import add_user_row
from clinic_app.ui.main_window import MainWindow
from tests.conftest import TODAY, make_draft
from tests.ui.conftest import DialogDriver


def _kim(window: MainWindow) -> Actor:
    with window.ctx.services.db.writing() as s:
        kim = add_user_row(s, "kim", "Kim Lee", Role.CLINICIAN).id
    return Actor(kim, "Kim Lee", Role.CLINICIAN, "ws-2")


def test_letterhead_saved_elsewhere_meanwhile_is_named_and_save_again_keeps_mine(
        qtbot: QtBot, window: MainWindow, dialogs: DialogDriver) -> None:
    from clinic_app.ui.conflicts import DifferencesDialog
    from clinic_app.ui.dialogs.letterhead_dialog import LetterheadDialog

    kim = _kim(window)
    shown: list[str] = []

    rows: list[tuple[str, str, str]] = []

    def fill(dialog: object) -> None:
        assert isinstance(dialog, LetterheadDialog)
        # the other workstation saves while this dialog is open
        window.ctx.services.branding.save(kim, {"clinic_name": "Kim's Clinic", "phone": "0117 496 0000"}, 0)
        dialog.edit_name.setText("Harbour Physio")
        qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Kim Lee" in dialog.label_error.text(), timeout=5000)
        shown.append(dialog.label_error.text())
        assert window.ctx.services.branding.values().clinic_name == "Kim's Clinic"  # not overwritten
        qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)  # keep mine: differences first
        qtbot.waitUntil(lambda: dialog.result() == 1, timeout=5000)

    def differences(dialog: object) -> None:
        assert isinstance(dialog, DifferencesDialog)
        rows.extend(dialog.rows_shown())
        qtbot.mouseClick(dialog.btn_keep, Qt.MouseButton.LeftButton)

    dialogs.handlers.extend([fill, differences])
    window.act_letterhead.trigger()
    dialogs.wait_handled(qtbot)  # the dialog opens once its data is read
    assert "Practice letterhead was changed by Kim Lee at" in shown[0]
    assert "Save again to see what differs and keep yours" in shown[0]
    assert sorted(rows) == [("Phone", "0117 496 0000", "0117 496 0000 (theirs, kept)"),
                            ("Practice name", "Kim's Clinic", "Harbour Physio (yours replaces theirs)")]
    saved = window.ctx.services.branding.values()
    assert (saved.clinic_name, saved.phone) == ("Harbour Physio", "0117 496 0000")


def test_adherence_recorded_elsewhere_meanwhile_is_named_then_recording_again_keeps_mine(
        qtbot: QtBot, window: MainWindow, dialogs: DialogDriver) -> None:
    from clinic_app.ui.conflicts import DifferencesDialog

    s, me = window.ctx.services, window.ctx.require_actor()
    kim = _kim(window)
    pid = s.patients.create(me, make_draft(given_name="Ffion", phone=""), TODAY).created_id or 0
    episode = s.care.open_episode(me, pid, date(2026, 10, 1), "Left sciatica", TODAY).created_id or 0
    s.care.create_visit(me, episode, window.ctx.clock.now(), VisitKind.INITIAL)
    s.plans.save(me, episode, s.plans.from_template("Disc with radiculopathy"), 0)
    window.open_patient(pid)
    window.chart.tabs.setCurrentWidget(window.chart.plan)  # its data loads when it is shown
    panel = window.chart.plan.run_panel
    qtbot.waitUntil(lambda: panel.programme is not None, timeout=10000)
    s.plans.record_adherence(kim, episode, TODAY, 2, 5, TODAY, 0)  # the other workstation
    panel.edit_done.setText("4")
    panel.edit_prescribed.setText("5")
    qtbot.mouseClick(panel.btn_adherence, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Kim Lee" in panel.label_decision.text(), timeout=5000)
    assert "Weekly adherence was changed by Kim Lee at" in panel.label_decision.text()
    assert [r.done for r in s.plans.adherence(episode)] == [2]  # Kim's numbers were not undone
    qtbot.waitUntil(lambda: "2/5" in panel.label_adherence.text(), timeout=5000)  # reloaded
    rows: list[tuple[str, str, str]] = []

    def differences(dialog: object) -> None:
        assert isinstance(dialog, DifferencesDialog)
        rows.extend(dialog.rows_shown())
        qtbot.mouseClick(dialog.btn_keep, Qt.MouseButton.LeftButton)

    dialogs.handlers.append(differences)
    qtbot.mouseClick(panel.btn_adherence, Qt.MouseButton.LeftButton)  # keep mine
    qtbot.waitUntil(lambda: "4/5" in panel.label_adherence.text(), timeout=5000)
    assert rows == [("Done", "2", "4 (yours replaces theirs)")]  # a first save against theirs
    assert [r.done for r in s.plans.adherence(episode)] == [4]
