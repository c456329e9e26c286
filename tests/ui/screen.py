"""Find widgets the way a user does: by the label they read, a button's text, a tab's title.

Tests that go through these helpers break when what the user reads changes, not when an
attribute is renamed, and they double as a check that labels are tied to their inputs.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QTabWidget,
    QWidget,
)


def plain(text: str) -> str:
    """A label's text as read: without the ``&`` of a shortcut or a trailing colon."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip().rstrip(":").strip()


def field(root: QWidget, label: str) -> QWidget:
    """The input tied (``setBuddy``) to the visible label ``label``, else the one named so.

    Inputs without a label of their own (a search box, a grid cell) are found by their accessible
    name; more than one match is an error, since the user could not tell them apart either.
    """
    buddies = [lab.buddy() for lab in root.findChildren(QLabel)
               if lab.buddy() is not None and plain(lab.text()) == label and lab.isVisibleTo(root)]
    if len(buddies) == 1:
        return buddies[0]
    named = [w for w in root.findChildren(QWidget)
             if w.accessibleName() == label and w.isVisibleTo(root)]
    found = buddies or named
    if len(found) != 1:
        raise LookupError(f"{len(found)} inputs read {label!r}")
    return found[0]


def button(root: QWidget, text: str) -> QAbstractButton:
    """The visible button whose text reads ``text``."""
    found = [b for b in root.findChildren(QAbstractButton)
             if plain(b.text()) == text and b.isVisibleTo(root)]
    if len(found) != 1:
        raise LookupError(f"{len(found)} buttons read {text!r}")
    return found[0]


def tab(tabs: QTabWidget, title: str) -> QWidget:
    """Switch ``tabs`` to the tab titled ``title`` and return its page."""
    for i in range(tabs.count()):
        if plain(tabs.tabText(i)) == title:
            tabs.setCurrentIndex(i)
            page = tabs.widget(i)
            assert page is not None
            return page
    raise LookupError(f"no tab {title!r}")


def action(root: QWidget, text: str) -> QAction:
    """The action (menu item) whose text reads ``text``."""
    found = [a for a in root.findChildren(QAction) if plain(a.text()) == text]
    if len(found) != 1:
        raise LookupError(f"{len(found)} actions read {text!r}")
    return found[0]


def keyboard(qtbot: object, keys: str, start: QWidget) -> None:
    """Type ``keys`` as a keyboard does: each key goes to whichever widget has focus then.

    ``⏎`` is Enter and ``⇥`` is Tab; ``start`` gets the keys while nothing in its window has
    focus.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    special = {"⏎": Qt.Key.Key_Return, "⇥": Qt.Key.Key_Tab}
    for ch in keys:
        focus = QApplication.focusWidget()
        target = focus if focus is not None and focus.window() is start.window() else start
        if ch in special:
            qtbot.keyClick(target, special[ch])  # type: ignore[attr-defined]
        else:
            qtbot.keyClicks(target, ch)  # type: ignore[attr-defined]


def group(root: QWidget, title: str) -> QWidget:
    """The visible group box titled ``title``."""
    from PySide6.QtWidgets import QGroupBox

    found = [g for g in root.findChildren(QGroupBox)
             if plain(g.title()) == title and g.isVisibleTo(root)]
    if len(found) != 1:
        raise LookupError(f"{len(found)} groups titled {title!r}")
    return found[0]


def double_click(qtbot: object, widget: QWidget, pos: object) -> None:
    """A real double-click: press and release, then the second press that Qt reports as double.

    (``QTest.mouseDClick`` alone sends no first press, so item views ignore it.)
    """
    from PySide6.QtCore import Qt

    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)  # type: ignore[attr-defined]
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)  # type: ignore[attr-defined]


def shown(root: QWidget, name: str) -> QLabel:
    """The text (status line, message) a screen reader knows as ``name``, shown or not yet."""
    found = [w for w in root.findChildren(QLabel) if w.accessibleName() == name]
    if len(found) != 1:
        raise LookupError(f"{len(found)} texts named {name!r}")
    return found[0]


def hover(widget: QWidget, inside: bool = True) -> None:
    """The pointer entering ``widget`` (or leaving it, ``inside=False``), as Qt reports it."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QEnterEvent
    from PySide6.QtWidgets import QApplication

    event = (QEnterEvent(QPointF(2, 2), QPointF(2, 2), QPointF(2, 2)) if inside
             else QEvent(QEvent.Type.Leave))
    QApplication.sendEvent(widget, event)
