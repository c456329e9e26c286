"""The session at one workstation: who is signed in, the idle lock, unlocking and switching.

Idle time is measured on the app's clock from the last key press or mouse use anywhere in the
application. While locked, nothing in the window can be reached, but nothing in it changes
either: editors keep their text and drafts keep autosaving under the user who wrote them.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QWidget

from clinic_app.services.auth import SignedIn
from clinic_app.ui.context import UiContext
from clinic_app.ui.operations import write
from clinic_app.ui.session.activity import ActivityWatch
from clinic_app.ui.session.lock_screen import LockScreen

logger = logging.getLogger(__name__)

CHECK_EVERY_MS = 15_000


class SessionController(QObject):
    """Signs users in and out of a main window and locks it when nobody is using it."""

    user_changed = Signal(object)  # the new SignedIn, or None
    locked_changed = Signal(bool)

    def __init__(self, ctx: UiContext, window: QMainWindow, workstation: str,
                 save_drafts: Callable[[], None]) -> None:
        super().__init__(window)
        self._ctx = ctx
        self._window = window
        self._workstation = workstation
        self._save_drafts = save_drafts
        self.current: SignedIn | None = None
        self._actions: dict[QAction, bool] = {}
        self.last_activity: datetime = ctx.clock.now()
        self.lock_screen = LockScreen(ctx, workstation, window)
        self.lock_screen.unlocked.connect(self._unlocked)
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check_idle)
        self._timer.start()
        self._activity = ActivityWatch(window, self.note_activity)

    @property
    def locked(self) -> bool:
        """Whether the lock screen covers the window."""
        return self.lock_screen.isVisible()

    def begin(self, signed: SignedIn) -> None:
        """``signed`` works here from now on."""
        self.current = signed
        self._ctx.actor = signed.actor
        self.last_activity = self._ctx.clock.now()
        self.user_changed.emit(signed)

    def end(self, reason: str = "sign_out") -> None:
        """Record that the current user left (the app closes or someone else signs in)."""
        if self.current is not None:
            actor = self.current.actor
            write(self._ctx, lambda: self._ctx.services.auth.sign_out(actor, reason),
                  initiator=self, on_done=lambda _: None,
                  on_failed=lambda exc: logger.warning("sign-out not recorded: %r", exc))

    def note_activity(self) -> None:
        """Someone used the app just now: a key or the mouse (the lock screen's own too)."""
        self.last_activity = self._ctx.clock.now()

    def idle_minutes(self) -> int:
        """Minutes without activity before the window locks, for the signed-in user."""
        return self.current.idle_lock_minutes if self.current is not None else 10

    def set_idle_minutes(self, minutes: int) -> None:
        """The signed-in user's own idle time from now on."""
        if self.current is not None:
            self.current = dataclasses.replace(self.current, idle_lock_minutes=minutes)

    def check_idle(self) -> None:
        """Lock when nobody has used the app for the user's idle time."""
        if self.current is None or self.locked:
            return
        idle = (self._ctx.clock.now() - self.last_activity).total_seconds()
        if idle >= self.idle_minutes() * 60:
            self.lock()

    def lock(self) -> None:
        """Cover the window now (File → Lock, or idle)."""
        if self.current is None or self.locked:
            return
        for widget in self._covered():
            widget.setEnabled(False)
        self._actions = {a: a.isEnabled() for a in self._window.findChildren(QAction)}
        for action in self._actions:
            action.setEnabled(False)  # no shortcut reaches the window while locked
        self.lock_screen.show_for(self.current.actor.display_name, self.current.username)
        actor = self.current.actor
        write(self._ctx, lambda: self._ctx.services.auth.sign_out(actor, "lock"),
              initiator=self, on_done=lambda _: None,
              on_failed=lambda exc: logger.warning("lock not recorded: %r", exc))
        self.locked_changed.emit(True)

    def _unlocked(self, signed: SignedIn) -> None:
        previous = self.current
        if previous is not None and signed.actor.user_id != previous.actor.user_id:
            self._save_drafts()  # still signed in as the previous user: saved as theirs
            self.end("switch_user")
        self.lock_screen.hide()
        for widget in self._covered():
            widget.setEnabled(True)
        for action, enabled in self._actions.items():
            action.setEnabled(enabled)
        self._actions = {}
        self.begin(signed)
        self.locked_changed.emit(False)

    def _covered(self) -> list[QWidget]:
        window = self._window
        widgets: list[QWidget] = [w for w in (window.centralWidget(), window.menuBar()) if w]
        widgets += [w for w in window.findChildren(QWidget) if w.objectName() == "mainToolbar"]
        return widgets
