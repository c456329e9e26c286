"""First start on an empty database: create the first clinician, start empty or with demo data."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from clinic_app.app import build
from clinic_app.domain.clock import FixedClock
from clinic_app.domain.patients import Role
from clinic_app.ui.dialogs.first_run import FirstRunDialog
from tests.conftest import CHEAP_HASHER, PASSWORD
from tests.ui.conftest import DialogDriver, type_text


def test_empty_database_offers_first_run_and_starts_empty(
    qtbot: QtBot, database_url: str, tmp_path: Path, dialogs: DialogDriver,
    clock: FixedClock,
) -> None:
    window = build(database_url, tmp_path / "settings.ini", clock=clock, password_hasher=CHEAP_HASHER)
    qtbot.addWidget(window)
    assert window.needs_first_run
    assert not window.act_new.isEnabled()

    def welcome(dialog: QDialog) -> None:
        assert isinstance(dialog, FirstRunDialog)
        qtbot.mouseClick(dialog.btn_empty, Qt.MouseButton.LeftButton)
        assert "Required." in dialog.errors.message("display_name")
        type_text(dialog.edit_name, "Dr Siobhán Kelly")
        assert dialog.edit_username.text() == "skelly"
        type_text(dialog.edit_password, "short")
        type_text(dialog.edit_repeat, "short")
        qtbot.mouseClick(dialog.btn_empty, Qt.MouseButton.LeftButton)
        assert "At least 10 characters" in dialog.errors.message("password")
        for edit in (dialog.edit_password, dialog.edit_repeat):
            edit.clear()
            type_text(edit, PASSWORD)
        qtbot.mouseClick(dialog.btn_empty, Qt.MouseButton.LeftButton)

    dialogs.handlers.append(welcome)
    window.show()
    window.start()
    assert window.ctx.actor is not None and window.ctx.actor.display_name == "Dr Siobhán Kelly"
    assert window.ctx.actor.role is Role.ADMIN and window.act_users.isVisible()
    assert window.act_new.isEnabled()
    assert "Signed in: Dr Siobhán Kelly" in window.label_user.text()
    qtbot.waitUntil(lambda: window.patient_list.label_status.text() == "No patients yet",
                    timeout=5000)
    window.close()


def test_window_remembers_its_splitter(qtbot: QtBot, database_url: str, tmp_path: Path,
                                       dialogs: DialogDriver, clock: FixedClock) -> None:
    settings = tmp_path / "settings.ini"
    first = build(database_url, settings, clock=clock)
    qtbot.addWidget(first)
    first.show()
    first.resize(790, 580)  # the offscreen screen is 800 px wide: stay inside it
    first.splitter.setSizes([140, 650])
    sizes = first.splitter.sizes()
    first.close()
    second = build(database_url, settings, clock=clock)
    qtbot.addWidget(second)
    second.show()
    assert abs(second.width() - 790) <= 2
    assert second.splitter.sizes()[0] == sizes[0]
    second.close()


def test_first_run_can_load_demo_patients_in_the_background(
    qtbot: QtBot, database_url: str, tmp_path: Path, dialogs: DialogDriver,
    clock: FixedClock,
) -> None:
    window = build(database_url, tmp_path / "settings.ini", clock=clock, password_hasher=CHEAP_HASHER)
    qtbot.addWidget(window)

    def welcome(dialog: QDialog) -> None:
        assert isinstance(dialog, FirstRunDialog)
        type_text(dialog.edit_name, "Dr Amira Ahmed")
        type_text(dialog.edit_password, PASSWORD)
        type_text(dialog.edit_repeat, PASSWORD)
        qtbot.mouseClick(dialog.btn_demo, Qt.MouseButton.LeftButton)

    dialogs.handlers.append(welcome)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.patient_list.model.rowCount() > 0, timeout=20000)
    assert window.ctx.services.patients.count() == 200
    message = window.statusBar().currentMessage()
    assert "200 demo patients created, with " in message and " appointments in the diary" in message
    booked = int(message.split("with ")[1].split(" ")[0])
    assert booked == len(window.ctx.services.diary.appointments(
        window.ctx.require_actor(), window.ctx.today() - timedelta(days=7), 22,
        include_cancelled=True)) > 0
    window.close()
