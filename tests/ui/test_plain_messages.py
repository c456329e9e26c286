"""Messages name things as the user knows them: the patient, the document, the field's label."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from clinic_app.domain.errors import ValidationError
from clinic_app.ui.errors import describe
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.views.printing import print_queue
from tests.conftest import TODAY, make_draft
from tests.ui.screen import button, field, keyboard


def _label(root: QWidget, name: str) -> QLabel:
    return next(w for w in root.findChildren(QLabel) if w.accessibleName() == name)


def test_print_queue_says_whose_document_was_not_made_and_what_to_do(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(print_queue, "ask_printer", lambda _parent: None)
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(), TODAY).created_id or 0
    s.care.open_episode(me, pid, date(2026, 10, 1), "LBP", TODAY)
    dialog = print_queue.PrintQueueDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    keyboard(qtbot, "SC-000001⏎", field(dialog, "Add patient"))
    queued = field(dialog, "Patients in the queue")
    assert isinstance(queued, QListWidget)
    qtbot.waitUntil(lambda: queued.count() == 1, timeout=5000)
    qtbot.mouseClick(button(dialog, "Generate and print"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=30000)
    status = _label(dialog, "Queue status").text()
    assert ("Home exercise programme for Zoë O'Brien (SC-000001) was not made: Zoë O'Brien has "
            "no exercise plan yet: build one on the Plan tab.") in status
    for internal in ("patient 1", "exercises for", "plan:", "highlighted", "•"):
        assert internal not in status


def test_refusals_never_show_internal_field_keys() -> None:
    one = ValidationError({"nprs.back_worst": "Pain scores are whole numbers 0–10 (got 12)."})
    assert describe(one) == "Pain scores are whole numbers 0–10 (got 12)."
    two = ValidationError({"plan": "Build a plan first.", "exam_visit": "Record an exam."})
    assert describe(two) == "• Build a plan first.\n• Record an exam."
    labelled = describe(two, {"exam_visit": "Exam visit"})
    assert labelled == "• Build a plan first.\n• Exam visit: Record an exam."


def test_messages_beside_fields_are_announced_and_read_with_the_field(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clinic_app.ui.dialogs.patient_dialog import PatientDialog
    from clinic_app.ui.widgets import announce

    heard: list[tuple[str, str]] = []
    monkeypatch.setattr(announce, "announce", lambda widget, message, assertive=False:
                        heard.append((widget.accessibleName(), message)))
    dialog = PatientDialog(window.ctx, None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    email = field(dialog, "Email")
    qtbot.keyClicks(email, "not-an-email")
    qtbot.mouseClick(button(dialog, "Save"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: email.accessibleDescription() != "", timeout=5000)
    assert "valid email" in email.accessibleDescription()
    assert ("Email", email.accessibleDescription()) in heard
    assert ("Given name", "Required.") in heard
