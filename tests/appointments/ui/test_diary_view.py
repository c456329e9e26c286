"""The Diary through the real window: book, move, resize, cancel, DNA, check in, keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from clinic_app.domain.appointments import AppointmentStatus, AppointmentType
from clinic_app.domain.patients import Role
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.views.diary.book_dialog import BookDialog
from clinic_app.ui.views.diary.diary_dialogs import CancelDialog
from clinic_app.ui.views.diary.diary_view import DiaryView
from tests.appointments.helpers import at
from tests.appointments.ui.diary_helpers import (
    add_user,
    open_diary,
    patient,
    reload,
    settle,
    sign_in,
)
from tests.conftest import TODAY
from tests.ui.conftest import DialogDriver, MessageBoxes, type_text

S = AppointmentStatus
CTRL = Qt.KeyboardModifier.ControlModifier


def _desk(window: MainWindow) -> None:
    add_user(window, "desk", "Front Desk", Role.FRONT_DESK)
    sign_in(window, "desk")


def _book(window: MainWindow, pid: int, hour: int, minute: int = 0,
          kind: AppointmentType = AppointmentType.FOLLOW_UP, **kw: object) -> int:
    actor = window.ctx.require_actor()
    clinician = window.ctx.services.diary.clinicians()[0].id
    return window.ctx.services.appointments.book(actor, pid, clinician, at(hour, minute), kind,
                                                 **kw).created_id or 0  # type: ignore[arg-type]


def _row(window: MainWindow, appointment_id: int) -> object:
    return window.ctx.services.diary.appointment(window.ctx.require_actor(), appointment_id)


def _select(qtbot: QtBot, view: DiaryView, appointment_id: int) -> None:
    rect = view.grid.block_rect(appointment_id)
    assert not rect.isEmpty(), "the appointment is not shown"
    qtbot.mouseClick(view.grid, Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.grid.selected_id == appointment_id


def test_ctrl_d_shows_the_diary_and_back_to_patients(qtbot: QtBot, window: MainWindow) -> None:
    view = open_diary(qtbot, window)
    assert window.patient_list.isHidden()
    assert view.combo_clinician.currentText() == "Dr Amira Ahmed"  # a clinician sees their day
    assert view.label_date.text() == "Wednesday 25 November 2026"
    qtbot.mouseClick(view.btn_back, Qt.MouseButton.LeftButton)
    assert not window.patient_list.isHidden() and not window.diary.shown()
    qtbot.keyClick(window, "d", modifier=CTRL)
    assert window.diary.shown()


def test_front_desk_books_a_free_slot_with_ctrl_n(qtbot: QtBot, window: MainWindow,
                                                  dialogs: DialogDriver) -> None:
    pid = patient(window)
    _desk(window)
    view = open_diary(qtbot, window)
    assert view.combo_clinician.currentText() == "Whole practice"
    grid = view.grid
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid.slot_point(0, 14 * 60))
    assert "Free: Wed 25 Nov at 14:00, Dr Amira Ahmed" in view.label_details.text()

    def book(dialog: QDialog) -> None:
        assert isinstance(dialog, BookDialog)
        assert dialog.combo_time.currentText() == "14:00"
        type_text(dialog.edit_patient, "o'bri")
        qtbot.waitUntil(lambda: dialog.list_patients.count() == 1, timeout=5000)
        dialog.combo_kind.setCurrentIndex(dialog.combo_kind.findData(AppointmentType.INITIAL))
        assert dialog.spin_minutes.value() == 60
        type_text(dialog.edit_notes, "Left-sided LBP <after> marathon")
        qtbot.mouseClick(dialog.btn_ok, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    dialogs.handlers.append(book)
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_N, modifier=CTRL)
    settle(qtbot, window)
    [row] = window.ctx.services.diary.appointments(window.ctx.require_actor(), TODAY)
    assert (row.patient_id, row.starts_at, row.minutes, row.notes) == (
        pid, at(14), 60, "Left-sided LBP <after> marathon")
    qtbot.waitUntil(lambda: grid.row(row.id) is not None, timeout=5000)
    assert grid.selected_id == row.id  # the new booking is selected
    assert "Initial assessment · Booked" in view.label_details.text()


def test_a_slot_another_workstation_just_took_is_named_in_the_dialog(
        qtbot: QtBot, window: MainWindow, dialogs: DialogDriver) -> None:
    first, second = patient(window), patient(window, "Sam", "Lee")
    _desk(window)
    view = open_diary(qtbot, window)
    grid = view.grid
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid.slot_point(0, 9 * 60))
    _book(window, first, 9)  # meanwhile, at the other desk

    def book(dialog: QDialog) -> None:
        assert isinstance(dialog, BookDialog)
        type_text(dialog.edit_patient, "Sam Lee")
        qtbot.waitUntil(lambda: dialog.list_patients.count() >= 1, timeout=5000)
        qtbot.mouseClick(dialog.btn_ok, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.errors.message("starts_at")), timeout=5000)
        assert "Dr Amira Ahmed already has Zoë O'Brien booked 09:00–09:30" in \
            dialog.errors.message("starts_at")
        dialog.reject()
    dialogs.handlers.append(book)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    settle(qtbot, window)
    rows = window.ctx.services.diary.appointments(window.ctx.require_actor(), TODAY)
    assert [r.patient_id for r in rows] == [first] and second


def test_drag_moves_and_the_bottom_edge_resizes(qtbot: QtBot, window: MainWindow) -> None:
    pid = patient(window)
    _desk(window)
    appt = _book(window, pid, 9)
    view = open_diary(qtbot, window)
    grid = view.grid
    rect = grid.block_rect(appt)
    target = grid.slot_point(0, 11 * 60)
    start = rect.center()
    qtbot.mousePress(grid, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(grid, QPoint(start.x(), start.y() + 10))
    qtbot.mouseMove(grid, QPoint(start.x(), start.y() + (target.y() - rect.top()) - 1))
    qtbot.mouseRelease(grid, Qt.MouseButton.LeftButton, pos=QPoint(
        start.x(), start.y() + (target.y() - rect.top()) - 1))
    settle(qtbot, window)
    moved = _row(window, appt)
    assert moved.starts_at == at(11) and moved.minutes == 30  # type: ignore[attr-defined]
    assert view.last_status.endswith(" to Wed 25 Nov 11:00")  # the day too: a week spans days
    reload(qtbot, window, view)
    rect = grid.block_rect(appt)
    edge = QPoint(rect.center().x(), rect.bottom() - 2)
    qtbot.mousePress(grid, Qt.MouseButton.LeftButton, pos=edge)
    lower = QPoint(edge.x(), int(grid.y_of(12 * 60)) - 1)
    qtbot.mouseMove(grid, QPoint(edge.x(), edge.y() + 8))
    qtbot.mouseMove(grid, lower)
    qtbot.mouseRelease(grid, Qt.MouseButton.LeftButton, pos=lower)
    settle(qtbot, window)
    resized = _row(window, appt)
    assert resized.starts_at == at(11) and resized.minutes == 60  # type: ignore[attr-defined]


def test_cancel_with_a_reason_from_the_keyboard(qtbot: QtBot, window: MainWindow,
                                                dialogs: DialogDriver) -> None:
    pid = patient(window)
    _desk(window)
    appt = _book(window, pid, 9)
    view = open_diary(qtbot, window)
    _select(qtbot, view, appt)

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelDialog)
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # no reason yet: refused beside the field
        assert dialog.errors.message("reason") == "Required: say why the appointment is cancelled."
        dialog.combo_reason.setCurrentText("Snowed in")
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    dialogs.handlers.append(cancel)
    qtbot.keyClick(view.grid, Qt.Key.Key_Delete)
    settle(qtbot, window)
    row = _row(window, appt)
    assert (row.status, row.cancel_reason) == (S.CANCELLED, "Snowed in")  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: view.grid.row(appt) is None, timeout=5000)  # the slot is free


def test_did_not_attend_and_check_in_open_the_visit(qtbot: QtBot, window: MainWindow) -> None:
    absent, present = patient(window), patient(window, "Sam", "Lee")
    clinician = window.ctx.require_actor()
    window.ctx.services.care.open_episode(clinician, present, TODAY, "LBP", TODAY)
    _desk(window)
    dna = _book(window, absent, 9)
    seen = _book(window, present, 10)
    view = open_diary(qtbot, window)
    _select(qtbot, view, dna)
    assert view.btn_dna.isEnabled()
    qtbot.keyClick(view.grid, Qt.Key.Key_4, modifier=CTRL)
    settle(qtbot, window)
    assert _row(window, dna).status is S.DID_NOT_ATTEND  # type: ignore[attr-defined]
    _select(qtbot, view, seen)
    qtbot.mouseClick(view.btn_arrived, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert _row(window, seen).status is S.ARRIVED  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "Arrived" in view.label_details.text(), timeout=5000)
    qtbot.mouseClick(view.btn_start, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    row = _row(window, seen)
    assert row.status is S.IN_SESSION and row.visit_id is not None  # type: ignore[attr-defined]
    [visit] = window.ctx.services.care.list_visits(present)
    assert visit.id == row.visit_id and visit.clinician == "Dr Amira Ahmed"  # type: ignore[attr-defined]
    assert view.last_status == "Sam Lee: In session"


def test_arrows_move_between_slots_and_appointments_enter_opens(
        qtbot: QtBot, window: MainWindow, dialogs: DialogDriver) -> None:
    pid = patient(window)
    _desk(window)
    appt = _book(window, pid, 9)
    view = open_diary(qtbot, window)
    grid = view.grid
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid.slot_point(0, 8 * 60 + 30))
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert grid.selected_id is None and grid.selected_slot is not None
    assert grid.selected_slot.minute == 8 * 60 + 45
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert grid.selected_id == appt
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert grid.selected_id is None and grid.selected_slot.minute == 9 * 60 + 30
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    assert grid.selected_id == appt
    opened: list[QDialog] = []
    dialogs.handlers.append(lambda d: (opened.append(d), d.reject()))
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert isinstance(opened[0], BookDialog) and opened[0].windowTitle() == "Edit appointment"


def test_the_clinician_starts_on_their_next_patient(qtbot: QtBot, window: MainWindow) -> None:
    early, later = patient(window), patient(window, "Sam", "Lee")
    _book(window, early, 8)  # over by 10:00, the test clock's time
    upcoming = _book(window, later, 13)
    view = open_diary(qtbot, window)
    qtbot.waitUntil(lambda: view.grid.selected_id == upcoming, timeout=5000)
    assert "Sam Lee" in view.label_details.text()


def test_read_only_users_have_no_diary(qtbot: QtBot, window: MainWindow) -> None:
    add_user(window, "student", "Student", Role.READ_ONLY)
    sign_in(window, "student")
    assert not window.diary.act_diary.isVisible()


def test_moving_into_a_break_asks_first(qtbot: QtBot, window: MainWindow,
                                        message_boxes: MessageBoxes) -> None:
    pid = patient(window)
    _desk(window)
    appt = _book(window, pid, 12)
    view = open_diary(qtbot, window)
    message_boxes.answer = message_boxes.answer.No
    view.move_to(appt, 0, 12 * 60 + 30, 30)
    settle(qtbot, window)
    assert message_boxes.shown[-1][1] == "Diary"
    assert "During the clinician's break (12:30–13:00)." in message_boxes.shown[-2][2]
    assert _row(window, appt).starts_at == at(12)  # type: ignore[attr-defined]
    message_boxes.answer = message_boxes.answer.Yes
    view.move_to(appt, 0, 12 * 60 + 30, 30)
    settle(qtbot, window)
    assert _row(window, appt).starts_at == at(12, 30)  # type: ignore[attr-defined]


def test_week_view_of_one_clinician_and_of_the_practice(qtbot: QtBot, window: MainWindow) -> None:
    pid = patient(window)
    colleague = add_user(window, "kim", "Kim Lee", Role.CLINICIAN)
    _book(window, pid, 9)
    actor = window.ctx.require_actor()
    window.ctx.services.appointments.book(actor, pid, colleague.user_id, at(11, days=1),
                                          AppointmentType.FOLLOW_UP)
    view = open_diary(qtbot, window)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.set_mode("week")
    settle(qtbot, window)
    assert view.label_date.text() == "Week of 23 Nov – 29 Nov 2026"
    titles = [(c.title, c.subtitle) for c in view.grid.columns]
    assert titles == [("Mon 23 Nov", "0 booked"), ("Tue 24 Nov", "0 booked"),
                      ("Wed 25 Nov", "1 booked"), ("Thu 26 Nov", "0 booked"),
                      ("Fri 27 Nov", "0 booked")]  # the weekend is nobody's working day
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.combo_clinician.setCurrentIndex(view.combo_clinician.findText("Whole practice"))
    settle(qtbot, window)
    assert len(view.grid.columns) == 10 and len(view.grid.rows) == 2
    thursday_kim = next(i for i, c in enumerate(view.grid.columns)
                        if c.title == "Thu 26 Nov" and c.subtitle == "Kim Lee")
    [(rect, row, column)] = [p for p in view.grid.placed() if p[1].clinician == "Kim Lee"]
    assert column == thursday_kim and not rect.isEmpty()


def test_a_selected_slot_under_an_appointment_is_never_offered_as_free(
        qtbot: QtBot, window: MainWindow) -> None:
    pid = patient(window)
    _desk(window)
    view = open_diary(qtbot, window)
    grid = view.grid
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid.slot_point(0, 9 * 60))
    assert "Free: Wed 25 Nov at 09:00" in view.label_details.text()
    actor = window.ctx.require_actor()
    clinician = window.ctx.services.diary.clinicians()[0].id
    booked = window.ctx.services.appointments.book(  # at another desk: 08:30-09:30 covers 09:00
        actor, pid, clinician, at(8, 30), AppointmentType.INITIAL).created_id
    reload(qtbot, window, view)
    assert grid.selected_id == booked and grid.selected_slot is None
    assert "Free:" not in view.label_details.text() and "Zoë O'Brien" in view.label_details.text()
    assert not view.btn_wait_book.isEnabled()


def test_the_minute_refresh_notes_a_failure_and_stops_when_hidden(
        qtbot: QtBot, window: MainWindow, message_boxes: MessageBoxes,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from clinic_app.domain.errors import DatabaseFault

    view = open_diary(qtbot, window)
    assert view.polling()

    def unreachable(*_a: object, **_k: object) -> None:
        raise DatabaseFault("The practice server cannot be reached.", kind="unreachable")

    monkeypatch.setattr(window.ctx.services.diary, "page", unreachable)
    view._poll.timeout.emit()  # noqa: SLF001 - the minute passing
    settle(qtbot, window)
    assert message_boxes.shown == []  # no box stacking up every minute
    assert view.last_status == ("The diary could not be refreshed: The practice server cannot "
                                "be reached. It tries again in a minute.")
    assert view.label_date.text() == "Wednesday 25 November 2026"  # the day stays on screen
    window.hide()
    assert not view.polling()
    window.show()
    assert view.polling()


def test_each_block_is_painted_in_its_status_colours_at_its_length(
        qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtGui import QColor

    from clinic_app.ui.views.diary.diary_grid import COLOURS

    booked, absent = patient(window), patient(window, "Sam", "Lee")
    _desk(window)
    long_one = _book(window, booked, 9, kind=AppointmentType.INITIAL)  # an hour
    short_one = _book(window, absent, 11)  # half an hour
    window.ctx.services.appointments.mark_did_not_attend(window.ctx.require_actor(), short_one, 1)
    view = open_diary(qtbot, window)
    view.grid.select_appointment(-1)  # nothing selected: no outline over a block
    image = view.grid.grab().toImage()
    for appointment_id, status in ((long_one, S.BOOKED), (short_one, S.DID_NOT_ATTEND)):
        rect = view.grid.block_rect(appointment_id)
        fill, bar = (QColor(c) for c in COLOURS[status])
        for y in (rect.top() + 4, rect.center().y(), rect.bottom() - 4):
            assert image.pixelColor(rect.right() - 4, y) == fill, (status, y)
            assert image.pixelColor(rect.left() + 1, y) == bar, (status, y)
    assert view.grid.block_rect(long_one).height() > view.grid.block_rect(short_one).height()
