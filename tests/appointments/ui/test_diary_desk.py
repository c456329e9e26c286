"""The front desk's day around the diary: print queue, day sheet, calendar file, waitlist."""

from __future__ import annotations

from pathlib import Path

import icalendar
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from clinic_app.domain.appointments import AppointmentType
from clinic_app.domain.patients import Role, VisitKind
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.views.diary.book_dialog import BookDialog
from clinic_app.ui.views.diary.diary_dialogs import WaitlistDialog
from clinic_app.ui.views.printing import print_queue
from tests.appointments.helpers import at
from tests.appointments.ui.diary_helpers import add_user, open_diary, patient, settle, sign_in
from tests.conftest import TODAY
from tests.reports.pdf_helpers import pdf_text
from tests.ui.conftest import DialogDriver, MessageBoxes


def _book(window: MainWindow, pid: int, hour: int) -> int:
    actor = window.ctx.require_actor()
    clinician = window.ctx.services.diary.clinicians()[0].id
    return window.ctx.services.appointments.book(actor, pid, clinician, at(hour),
                                                 AppointmentType.FOLLOW_UP).created_id or 0


def _queue_titles(qtbot: QtBot, window: MainWindow) -> tuple[str, list[str]]:
    dialog = print_queue.PrintQueueDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not window.ctx.reads.busy(), timeout=5000)
    items = [dialog.list_patients.item(i).text() for i in range(dialog.list_patients.count())]
    return dialog.box_patients.title(), items


def test_print_queue_lists_the_book_else_says_it_uses_visits(qtbot: QtBot,
                                                             window: MainWindow) -> None:
    seen, booked = patient(window, "Sam", "Lee"), patient(window)
    me = window.ctx.require_actor()
    episode = window.ctx.services.care.open_episode(me, seen, TODAY, "LBP", TODAY).created_id
    window.ctx.services.care.create_visit(me, episode or 0, at(8), VisitKind.FOLLOW_UP)
    title, items = _queue_titles(qtbot, window)
    assert title == "Patients (nothing is booked today: today's visits are listed)"
    assert [i.split("  ·  ")[0] for i in items] == ["Lee, Sam"]
    _book(window, booked, 15)
    title, items = _queue_titles(qtbot, window)
    assert title == "Patients (today's appointments are listed)"
    assert [i.split("  ·  ")[0] for i in items] == ["O'Brien, Zoë"]


def test_day_sheet_and_week_calendar_from_the_diary(qtbot: QtBot, window: MainWindow,
                                                    tmp_path: Path,
                                                    message_boxes: MessageBoxes) -> None:
    pid = patient(window)
    _book(window, pid, 11)
    view = open_diary(qtbot, window)
    sheet = tmp_path / "sheet.pdf"
    view.choose_path = lambda *_a: str(sheet)  # type: ignore[method-assign,assignment]
    qtbot.mouseClick(view.btn_sheet, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    text = " ".join(pdf_text(sheet).split())
    assert "Dr Amira Ahmed" in text and "Zoë O'Brien" in text and "11:00–11:30" in text
    assert view.last_status == f"Saved {sheet}"
    ics = tmp_path / "week.ics"
    view.choose_path = lambda *_a: str(ics)  # type: ignore[method-assign,assignment]
    qtbot.mouseClick(view.btn_ics, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    [event] = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert event.decoded("dtstart") == at(11)
    view.combo_clinician.setCurrentIndex(0)  # whole practice: one clinician per file
    qtbot.mouseClick(view.btn_ics, Qt.MouseButton.LeftButton)
    assert message_boxes.shown[-1][2] == ("Choose a clinician first: a calendar file holds one "
                                          "clinician's week.")


def test_waitlist_add_then_book_into_a_free_slot(qtbot: QtBot, window: MainWindow,
                                                 dialogs: DialogDriver) -> None:
    pid = patient(window)
    add_user(window, "desk", "Front Desk", Role.FRONT_DESK)
    sign_in(window, "desk")
    appt = _book(window, pid, 16)
    view = open_diary(qtbot, window)
    rect = view.grid.block_rect(appt)
    qtbot.mouseClick(view.grid, Qt.MouseButton.LeftButton, pos=rect.center())

    def wait(dialog: QDialog) -> None:
        assert isinstance(dialog, WaitlistDialog)
        dialog.edit_note.setText("Mornings, short notice is fine")
        dialog.accept()
    dialogs.handlers.append(wait)
    qtbot.mouseClick(view.btn_wait_add, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: view.list_waitlist.count() == 1, timeout=5000)
    assert "Mornings, short notice is fine" in view.list_waitlist.item(0).text()
    assert not view.btn_wait_book.isEnabled() and not view.btn_wait_remove.isEnabled()
    view.list_waitlist.setCurrentRow(0)
    assert view.btn_wait_remove.isEnabled()
    assert not view.btn_wait_book.isEnabled()  # the selected block is booked, not a free slot
    qtbot.mouseClick(view.grid, Qt.MouseButton.LeftButton, pos=view.grid.slot_point(0, 9 * 60))
    assert view.btn_wait_book.isEnabled()

    def book(dialog: QDialog) -> None:
        assert isinstance(dialog, BookDialog)
        assert dialog.patient_id() == pid
        qtbot.mouseClick(dialog.btn_ok, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    dialogs.handlers.append(book)
    qtbot.mouseClick(view.btn_wait_book, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: view.list_waitlist.count() == 0, timeout=5000)
    starts = [r.starts_at for r in window.ctx.services.diary.appointments(
        window.ctx.require_actor(), TODAY)]
    assert starts == [at(9), at(16)]


def test_administrator_sets_hours_and_double_booking(qtbot: QtBot, window: MainWindow,
                                                     dialogs: DialogDriver) -> None:
    from clinic_app.ui.views.diary.hours_dialog import HoursDialog

    assert not window.diary.act_hours.isVisible()  # a clinician does not change the practice's
    add_user(window, "boss", "Pat Admin", Role.ADMIN)
    sign_in(window, "boss")
    assert window.diary.act_hours.isVisible()

    def edit(dialog: QDialog) -> None:
        assert isinstance(dialog, HoursDialog)
        dialog.combo_clinician.setCurrentIndex(dialog.combo_clinician.findText("Dr Amira Ahmed"))
        qtbot.waitUntil(lambda: dialog.edit_hours[0].text() == "08:00-18:00")  # read in the pool
        qtbot.waitUntil(dialog.btn_save.isEnabled)
        assert dialog.edit_breaks[0].text() == "12:30-13:00"
        dialog.edit_hours[5].setText("9-1")
        qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
        assert dialog.label_error.text() == ("Check Saturday: write times as 08:00-12:30, "
                                             "separated by commas.")
        dialog.edit_hours[5].setText("09:00-13:00")
        dialog.edit_breaks[0].clear()
        dialog.check_double.setChecked(True)
        qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    dialogs.handlers.append(edit)
    window.diary.act_hours.trigger()
    settle(qtbot, window)
    diary = window.ctx.services.diary
    ahmed = next(c.id for c in diary.clinicians() if c.name == "Dr Amira Ahmed")
    hours, version = diary.hours(ahmed)
    assert version == 1 and hours.as_text()[0][5] == "09:00-13:00" and hours.as_text()[1][0] == ""
    assert diary.settings()[0].allow_double_booking
