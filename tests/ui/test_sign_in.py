"""Sign-in at start, lock-out after wrong passwords, the idle lock and what it keeps, roles on screen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from clinic_app.app import build
from clinic_app.domain.clock import FixedClock
from clinic_app.domain.patients import Role, VisitKind
from clinic_app.services.registry import Services
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.session.sign_in_dialog import SignInDialog
from tests.conftest import CHEAP_HASHER, PASSWORD, TODAY, make_draft
from tests.ui.conftest import DialogDriver, type_text


def _fresh_window(qtbot: QtBot, database_url: str, tmp_path: Path, clock: FixedClock) -> MainWindow:
    window = build(database_url, tmp_path / "settings.ini", clock=clock, password_hasher=CHEAP_HASHER)
    qtbot.addWidget(window)
    window.show()
    return window


def _submit(qtbot: QtBot, form: object, username: str, password: str) -> None:
    form.edit_username.setText(username)  # type: ignore[attr-defined]
    form.edit_password.clear()  # type: ignore[attr-defined]
    type_text(form.edit_password, password)  # type: ignore[attr-defined]
    qtbot.mouseClick(form.btn_submit, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: form.btn_submit.isEnabled(), timeout=5000)  # type: ignore[attr-defined]


def test_the_app_opens_only_after_a_password_and_five_wrong_ones_lock_the_account(
    qtbot: QtBot, prepared_db: Services, database_url: str, tmp_path: Path, clock: FixedClock,
    dialogs: DialogDriver,
) -> None:
    window = _fresh_window(qtbot, database_url, tmp_path, clock)
    assert window.ctx.actor is None and not window.act_new.isEnabled()
    messages: list[str] = []

    def wrong_five_times(dialog: QDialog) -> None:
        assert isinstance(dialog, SignInDialog)
        for _ in range(5):
            _submit(qtbot, dialog.form, "ahmed", "not my password")
            messages.append(dialog.form.message())
        _submit(qtbot, dialog.form, "ahmed", PASSWORD)  # right, but too late
        messages.append(dialog.form.message())
        dialog.reject()

    dialogs.handlers.append(wrong_five_times)
    assert window.start() is False  # nobody signed in: the window closes
    assert messages[0] == "The user name or password is not right."
    assert "2 more wrong attempt(s) will lock this account" in messages[2]
    assert all(m.startswith("This account is locked after too many wrong passwords. Try again "
                            "after") for m in messages[4:])
    trail = [row.action for row in prepared_db.users.audit_trail("user", 1)]
    assert trail.count("sign_in_failed") == 5 and "account_locked" in trail
    assert "sign_in_refused" in trail


def test_signing_in_opens_the_window_for_that_user(
    qtbot: QtBot, prepared_db: Services, database_url: str, tmp_path: Path, clock: FixedClock,
    dialogs: DialogDriver,
) -> None:
    window = _fresh_window(qtbot, database_url, tmp_path, clock)

    def sign_in(dialog: QDialog) -> None:
        assert isinstance(dialog, SignInDialog)
        _submit(qtbot, dialog.form, "ahmed", PASSWORD)

    dialogs.handlers.append(sign_in)
    assert window.start() is True
    assert window.ctx.actor is not None and window.ctx.actor.display_name == "Dr Amira Ahmed"
    assert window.label_user.text() == "Signed in: Dr Amira Ahmed" and window.act_new.isEnabled()
    assert not window.act_users.isVisible()  # a clinician does not manage users


def _chart_with_note(qtbot: QtBot, window: MainWindow) -> None:
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(), TODAY).created_id or 0
    episode = s.care.open_episode(me, pid, date(2026, 11, 1), "LBP after marathon", TODAY)
    s.care.create_visit(me, episode.created_id or 0, window.ctx.clock.now(), VisitKind.INITIAL)
    window.open_patient(pid)
    qtbot.waitUntil(lambda: window.chart.visits.rowCount() == 1, timeout=5000)
    window.chart.tabs.setCurrentWidget(window.chart.notes)
    window.chart.notes.table_visits.selectRow(0)
    qtbot.waitUntil(lambda: window.chart.notes.note is not None, timeout=5000)


def test_idle_locks_hides_the_chart_and_unlocking_keeps_the_unsaved_note(
    qtbot: QtBot, window: MainWindow, clock: FixedClock
) -> None:
    _chart_with_note(qtbot, window)
    window.ctx.settings.autosave_ms = 60_000  # nothing saves by itself during this test
    notes = window.chart.notes
    text = "Pain 3/10 after 5 km; hip hinge better — keep going"
    type_text(notes.editors["assessment"], text)
    clock.advance(minutes=9, seconds=59)
    window.session.check_idle()
    assert not window.session.locked
    clock.advance(seconds=1)
    window.session.check_idle()
    lock = window.session.lock_screen
    assert window.session.locked and lock.isVisible()
    assert lock.geometry() == window.rect()  # covers everything, the patient's name included
    assert not window.centralWidget().isEnabled() and not window.act_save.isEnabled()
    assert "Dr Amira Ahmed was working here" in lock.label_who.text()
    _submit(qtbot, lock.form, "ahmed", "wrong password 1")
    assert window.session.locked and "not right" in lock.form.message()
    _submit(qtbot, lock.form, "ahmed", PASSWORD)
    qtbot.waitUntil(lambda: not window.session.locked, timeout=5000)
    assert window.centralWidget().isEnabled() and window.act_save.isEnabled()
    assert notes.editors["assessment"].toPlainText() == text and notes.is_dirty()
    assert window.ctx.services.care.get_note(notes.note.id).assessment == ""  # type: ignore[union-attr]


def test_keys_and_the_mouse_in_any_window_keep_the_app_unlocked(
    qtbot: QtBot, window: MainWindow, clock: FixedClock
) -> None:
    """Input reaches the app through its windows: the main window's, and a dialog's."""
    session = window.session
    qtbot.waitUntil(lambda: window.windowHandle() is not None, timeout=5000)
    clock.advance(minutes=9)
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Shift)
    clock.advance(minutes=9)
    session.check_idle()
    assert not session.locked  # 9 minutes since the key, not 18 since sign-in
    QTest.mouseMove(window.windowHandle(), QPoint(200, 200))
    clock.advance(minutes=9)
    session.check_idle()
    assert not session.locked
    dialog = QDialog(window)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.windowHandle() is not None, timeout=5000)
    dialog.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is dialog.windowHandle(), timeout=5000)
    clock.advance(minutes=9)
    QTest.keyClick(dialog.windowHandle(), Qt.Key.Key_Shift)  # typing in a dialog is use too
    clock.advance(minutes=9)
    session.check_idle()
    assert not session.locked
    dialog.close()
    clock.advance(minutes=1, seconds=1)  # ten minutes without a key or the mouse
    session.check_idle()
    assert session.locked


def test_another_user_unlocking_saves_the_first_users_draft_as_theirs(
    qtbot: QtBot, window: MainWindow, clock: FixedClock
) -> None:
    _chart_with_note(qtbot, window)
    window.ctx.settings.autosave_ms = 60_000
    services = window.ctx.services
    from clinic_app.services.users import add_user_row

    with services.db.writing() as s:
        add_user_row(s, "kim", "Kim Lee", Role.CLINICIAN)
    services.auth.set_first_password("kim", "blue heron at dawn", "ws")
    notes = window.chart.notes
    type_text(notes.editors["subjective"], "Worse on hills")
    window.session.lock()
    _submit(qtbot, window.session.lock_screen.form, "kim", "blue heron at dawn")
    qtbot.waitUntil(lambda: not window.session.locked, timeout=5000)
    window.ctx.writes.wait()
    visit_id = notes.note.id if notes.note else 0
    assert services.care.get_note(visit_id).subjective == "Worse on hills"
    visit_trail = services.users.audit_trail("visit", visit_id)
    assert visit_trail[-1].user == "Dr Amira Ahmed"  # saved as the one who wrote it
    assert window.ctx.require_actor().display_name == "Kim Lee"
    assert window.label_user.text() == "Signed in: Kim Lee"


@pytest.mark.parametrize("role", [Role.FRONT_DESK, Role.CLINICIAN])
def test_front_desk_cannot_open_the_exam(qtbot: QtBot, window: MainWindow, role: Role) -> None:
    services = window.ctx.services
    from clinic_app.services.users import add_user_row

    with services.db.writing() as s:
        add_user_row(s, "sam", "Sam Front", role)
    services.auth.set_first_password("sam", "quiet harbour lights", "ws")
    pid = services.patients.create(window.ctx.require_actor(), make_draft(), TODAY).created_id or 0
    window.session.begin(services.auth.sign_in("sam", "quiet harbour lights", "ws"))
    window.open_patient(pid)
    qtbot.waitUntil(lambda: window.chart.details is not None, timeout=5000)
    tabs = window.chart.tabs
    exam_index = tabs.indexOf(window.chart.exam)
    allowed = role is Role.CLINICIAN
    assert tabs.isTabEnabled(exam_index) is allowed
    qtbot.mouseClick(tabs.tabBar(), Qt.MouseButton.LeftButton,
                     pos=tabs.tabBar().tabRect(exam_index).center())
    assert (tabs.currentWidget() is window.chart.exam) is allowed
    tabs.setCurrentIndex(exam_index)  # not even from code
    assert (tabs.currentWidget() is window.chart.exam) is allowed
    assert window.chart.exam.isEnabled() is allowed
    assert tabs.isTabEnabled(tabs.indexOf(window.chart.handouts))
    # the opening is recorded once the chart is on screen, by whoever is signed in
    qtbot.waitUntil(lambda: [row.user for row in services.users.audit_trail("patient", pid)
                             if row.action == "read"] == ["Sam Front"], timeout=5000)
