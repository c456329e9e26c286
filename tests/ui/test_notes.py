"""Visit notes in the chart: write, autosave, sign, refuse edits, amend, conflicts, close prompt."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from clinic_app.domain.patients import VisitKind
from clinic_app.services.care import SoapText
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.views.notes_tab import NotesTab
from tests.conftest import TODAY, make_draft
from tests.ui.conftest import DialogDriver, MessageBoxes


@pytest.fixture
def chart(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """A patient with an open episode and one draft visit, chart open on the Notes tab."""
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(), TODAY).created_id or 0
    episode = s.care.open_episode(me, pid, date(2026, 11, 1), "LBP after marathon", TODAY)
    s.care.create_visit(me, episode.created_id or 0, datetime(2026, 11, 2, 9, tzinfo=UTC),
                        VisitKind.INITIAL)
    window.open_patient(pid)
    qtbot.waitUntil(lambda: window.chart.visits.rowCount() == 1, timeout=5000)
    window.chart.tabs.setCurrentWidget(window.chart.notes)
    window.chart.notes.table_visits.selectRow(0)
    qtbot.waitUntil(lambda: window.chart.notes.note is not None, timeout=5000)
    return window


def _wait_saved(qtbot: QtBot, notes: NotesTab) -> None:
    qtbot.waitUntil(lambda: notes.label_status.text().startswith("Draft saved"), timeout=8000)


def test_typing_autosaves_the_draft(qtbot: QtBot, chart: MainWindow) -> None:
    notes = chart.chart.notes
    chart.ctx.settings.autosave_ms = 40  # the practice setting, shortened so the test need not wait 3 s
    qtbot.keyClicks(notes.editors["subjective"], "Sore back after 30 km week")
    assert notes.is_dirty()
    _wait_saved(qtbot, notes)  # no click: the autosave timer saved it
    saved_at = chart.ctx.clock.now().astimezone().strftime("%H:%M:%S")
    assert notes.label_status.text() == f"Draft saved {saved_at}"
    note_id = notes.note.id if notes.note else 0
    assert chart.ctx.services.care.get_note(note_id).subjective == "Sore back after 30 km week"


def test_text_typed_while_the_draft_saves_stays_unsaved_and_is_saved_next(
        qtbot: QtBot, chart: MainWindow) -> None:
    notes = chart.chart.notes
    chart.ctx.settings.autosave_ms = 60_000  # nothing saves on its own until the writer is free
    writer_free = threading.Event()
    chart.ctx.writes.submit(writer_free.wait, lambda _result: None)  # the writer is busy
    qtbot.keyClicks(notes.editors["subjective"], "Sore back")
    notes.save()
    assert notes.label_status.text() == "Saving…"
    qtbot.keyClicks(notes.editors["subjective"], " after hills")  # typed while it saves
    assert notes.label_status.text() == "Unsaved changes"
    chart.ctx.settings.autosave_ms = 40
    writer_free.set()
    qtbot.waitUntil(lambda: not notes.is_dirty(), timeout=8000)  # saved first "Sore back", then all
    _wait_saved(qtbot, notes)
    note_id = notes.note.id if notes.note else 0
    assert chart.ctx.services.care.get_note(note_id).subjective == "Sore back after hills"


def test_a_refused_sign_or_amendment_says_why_in_the_status_line(
        qtbot: QtBot, chart: MainWindow, message_boxes: MessageBoxes) -> None:
    notes = chart.chart.notes
    qtbot.mouseClick(notes.btn_sign, Qt.MouseButton.LeftButton)  # an empty note; question(): Yes
    qtbot.waitUntil(lambda: notes.label_status.text() == "An empty note cannot be signed.",
                    timeout=5000)
    assert not notes.editors["subjective"].isReadOnly()  # not signed: typing goes on
    assert notes.btn_sign.isEnabled() and not notes.note.signed  # type: ignore[union-attr]

    qtbot.keyClicks(notes.editors["subjective"], "Sore back")
    qtbot.mouseClick(notes.btn_sign, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: notes.note is not None and notes.note.signed, timeout=5000)
    assert not notes.is_dirty()
    qtbot.mouseClick(notes.btn_amend, Qt.MouseButton.LeftButton)  # nothing typed
    qtbot.waitUntil(lambda: notes.label_status.text() == "Required: type the amendment.",
                    timeout=5000)
    assert notes.label_amendments.text() == "No amendments."


def test_sign_then_editing_is_refused_and_amendment_appended(
    qtbot: QtBot, chart: MainWindow, message_boxes: MessageBoxes
) -> None:
    notes = chart.chart.notes
    qtbot.keyClicks(notes.editors["assessment"], "Mechanical LBP, no red flags")
    qtbot.mouseClick(notes.btn_sign, Qt.MouseButton.LeftButton)  # question() answers Yes
    qtbot.waitUntil(lambda: notes.note is not None and notes.note.signed, timeout=5000)
    assert notes.editors["assessment"].isReadOnly()
    assert not notes.btn_save.isEnabled()
    qtbot.keyClicks(notes.editors["assessment"], " EDITED")
    assert notes.editors["assessment"].toPlainText() == "Mechanical LBP, no red flags"
    assert "signed by Dr Amira Ahmed" in notes.label_title.text()
    qtbot.waitUntil(lambda: chart.chart.visits.index(0, 3).data() == "Signed", timeout=5000)

    qtbot.keyClicks(notes.edit_amendment, "Phoned: pain settled overnight.")
    qtbot.mouseClick(notes.btn_amend, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Phoned: pain settled" in notes.label_amendments.text(), timeout=5000)
    assert "Amendment by Dr Amira Ahmed" in notes.label_amendments.text()


def test_conflicting_autosave_shows_who_changed_the_note(
        qtbot: QtBot, chart: MainWindow, dialogs: DialogDriver) -> None:
    from clinic_app.ui.conflicts import DifferencesDialog

    notes = chart.chart.notes
    note = notes.note
    assert note is not None
    chart.ctx.services.care.save_draft(chart.ctx.require_actor(), note.id,
                                       SoapText(plan="Theirs"), note.version)
    qtbot.keyClicks(notes.editors["plan"], "Mine")
    notes.save_draft()
    qtbot.waitUntil(lambda: notes.label_banner.isVisibleTo(notes), timeout=5000)
    assert "changed by Dr Amira Ahmed" in notes.label_banner.text()
    assert "reload or keep yours" in notes.label_banner.text()
    rows: list[tuple[str, str, str]] = []

    def confirm(dialog: QDialog) -> None:
        assert isinstance(dialog, DifferencesDialog)
        rows.extend(dialog.rows_shown())
        qtbot.mouseClick(dialog.btn_keep, Qt.MouseButton.LeftButton)

    dialogs.handlers.append(confirm)
    qtbot.mouseClick(notes.btn_keep, Qt.MouseButton.LeftButton)
    _wait_saved(qtbot, notes)
    assert rows == [("Plan", "Theirs", "Mine (yours replaces theirs)")]
    assert chart.ctx.services.care.get_note(note.id).plan == "Mine"


def test_closing_with_an_unsaved_note_asks_first(
    qtbot: QtBot, chart: MainWindow, message_boxes: MessageBoxes
) -> None:
    notes = chart.chart.notes
    qtbot.keyClicks(notes.editors["objective"], "SLR L 45°")
    message_boxes.answer = QMessageBox.StandardButton.Cancel
    chart.close()
    assert chart.isVisible()
    assert message_boxes.shown[-1][1] == "Unsaved note"
    message_boxes.answer = QMessageBox.StandardButton.Save
    note_id = notes.note.id if notes.note else 0
    chart.close()
    assert not chart.isVisible()
    assert chart.ctx.services.care.get_note(note_id).objective == "SLR L 45°"


def test_new_episode_and_visit_through_the_chart(
    qtbot: QtBot, window: MainWindow, dialogs: DialogDriver
) -> None:
    s = window.ctx.services
    pid = s.patients.create(window.ctx.require_actor(), make_draft(), TODAY).created_id or 0
    window.open_patient(pid)
    qtbot.waitUntil(lambda: window.chart.details is not None, timeout=5000)
    assert not window.chart.notes.btn_new_visit.isEnabled()

    def episode(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.edit_complaint, "Right SIJ pain since trail race")  # type: ignore[attr-defined]
        qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)

    def visit(dialog: QDialog) -> None:
        qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)

    dialogs.handlers.extend([episode, visit])
    qtbot.mouseClick(window.chart.overview.btn_new_episode, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.chart.notes.btn_new_visit.isEnabled(), timeout=5000)
    assert "Right SIJ pain since trail race" in window.chart.header.text()
    qtbot.mouseClick(window.chart.notes.btn_new_visit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.chart.notes.note is not None, timeout=5000)
    assert window.chart.visits.rowCount() == 1
    assert window.chart.notes.note.kind is VisitKind.INITIAL  # type: ignore[union-attr]
    assert not window.chart.notes.editors["subjective"].isReadOnly()
