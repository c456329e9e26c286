"""Noticing that someone is using the app: key presses and mouse use, seen at each window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QWidget

_ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                       QEvent.Type.Wheel, QEvent.Type.TouchBegin})
_SHOWN = frozenset({QEvent.Type.Show, QEvent.Type.WinIdChange})


class ActivityWatch(QObject):
    """Calls ``on_activity`` whenever the user presses a key or uses the mouse in the app.

    Input from the user reaches a top-level window (its ``QWindow``) before any widget in it,
    so the watch listens there: on the main window, and on every other window (a dialog, the
    lock screen's window) as it takes the focus. An application-wide filter would see the
    same input, but also the hundreds of paint, layout and timer events each screen change
    sends to its widgets, and would run Python for every one of them.
    """

    def __init__(self, window: QWidget, on_activity: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._on_activity = on_activity
        window.installEventFilter(self)  # its own events only: to find its QWindow once shown
        self._watch(window.windowHandle())
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self._watch)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in _ACTIVITY:
            if isinstance(watched, QWindow):  # the main window's own events come here too
                self._on_activity()
        elif kind in _SHOWN and watched is self._window:
            self._watch(self._window.windowHandle())
        return False

    def _watch(self, window: QWindow | None) -> None:
        if window is not None:
            window.installEventFilter(self)  # once: installing again only moves it first
