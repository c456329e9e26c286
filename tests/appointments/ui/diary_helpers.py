"""Driving the diary in tests: signing in as the front desk, waiting, finding blocks."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from clinic_app.domain.patients import Role
from clinic_app.services.context import Actor
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.views.diary.diary_view import DiaryView
from tests.conftest import TODAY, make_draft

DESK_PASSWORD = "quiet harbour lights"


def add_user(window: MainWindow, username: str, name: str, role: Role) -> Actor:
    """A user who can sign in."""
    from clinic_app.services.users import add_user_row

    services = window.ctx.services
    with services.db.writing() as s:
        user = add_user_row(s, username, name, role)
        user_id = user.id
    services.auth.set_first_password(username, DESK_PASSWORD, "ws")
    return Actor(user_id, name, role, "ws")


def sign_in(window: MainWindow, username: str) -> None:
    """Sign ``username`` in on the window (as after the lock screen)."""
    window.session.begin(window.ctx.services.auth.sign_in(username, DESK_PASSWORD, "ws"))


def patient(window: MainWindow, given: str = "Zoë", family: str = "O'Brien") -> int:
    """Register a patient directly through the service."""
    actor = window.ctx.require_actor()
    draft = make_draft(given_name=given, family_name=family)
    return window.ctx.services.patients.create(actor, draft, TODAY).created_id or 0


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until every background read and write has reported back."""
    qtbot.waitUntil(lambda: not window.ctx.writes.busy() and not window.ctx.reads.busy(),
                    timeout=10_000)


def open_diary(qtbot: QtBot, window: MainWindow) -> DiaryView:
    """Ctrl+D, then wait for the day to load."""
    qtbot.keyClick(window, "d", modifier=qtbot_ctrl())
    view = window.diary.view
    assert view is not None and window.diary.shown()
    qtbot.waitUntil(lambda: view.page is not None, timeout=10_000)
    settle(qtbot, window)
    return view


def reload(qtbot: QtBot, window: MainWindow, view: DiaryView) -> None:
    """Reload and wait for it."""
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    settle(qtbot, window)


def qtbot_ctrl() -> object:
    """The Control modifier."""
    from PySide6.QtCore import Qt

    return Qt.KeyboardModifier.ControlModifier
