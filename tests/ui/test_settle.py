"""Screens laid out before they are painted, and work kept until after the paint."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from typing_extensions import override

from clinic_app.ui.widgets.settle import after_paint, settle_layouts


class _Paints(QObject):
    """Counts paints of the watched widgets, noting each in ``log``."""

    def __init__(self, log: list[str]) -> None:
        super().__init__()
        self.log = log

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.log.append(f"paint {watched.objectName()}")
        return False


def _nested(qtbot: QtBot) -> tuple[QWidget, QLabel, QLabel]:
    """A window with a wrapped label three layouts deep and a label below it."""
    window = QWidget()
    outer = QVBoxLayout(window)
    box = QGroupBox("Details")
    inner = QVBoxLayout(box)
    wrapped = QLabel("short")
    wrapped.setWordWrap(True)
    inner.addWidget(wrapped)
    below = QLabel("below")
    below.setObjectName("below")
    outer.addWidget(box)
    outer.addWidget(below)
    outer.addStretch(1)
    window.resize(240, 400)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, wrapped, below


def _paints_of(qtbot: QtBot, widget: QWidget) -> list[str]:
    """From now on, each paint of ``widget`` (the window's first paints left behind)."""
    log: list[str] = []
    spy = _Paints(log)
    spy.setParent(widget)
    widget.installEventFilter(spy)
    qtbot.wait(50)
    log.clear()
    return log


def test_settle_layouts_places_everything_before_the_paint(qtbot: QtBot) -> None:
    _window, wrapped, below = _nested(qtbot)
    before = below.y()
    wrapped.setText("a note long enough to wrap onto several lines in a narrow column " * 3)
    assert below.y() == before  # Qt alone lays this out later, a level per turn of the loop
    settle_layouts()
    assert below.y() > before + 2 * wrapped.fontMetrics().lineSpacing()  # moved, before any paint


def test_one_paint_at_the_final_geometry(qtbot: QtBot) -> None:
    _window, wrapped, below = _nested(qtbot)
    log = _paints_of(qtbot, below)
    wrapped.setText("a note long enough to wrap onto several lines in a narrow column " * 3)
    settle_layouts()
    final = below.geometry()
    qtbot.wait(100)
    assert log == ["paint below"]  # painted once, where it ends up
    assert below.geometry() == final


def test_after_paint_runs_once_the_pending_paint_is_done(qtbot: QtBot) -> None:
    _window, _wrapped, below = _nested(qtbot)
    log = _paints_of(qtbot, below)
    below.setText("changed")
    after_paint(below, lambda: log.append("audit"))
    qtbot.waitUntil(lambda: "audit" in log, timeout=2000)
    assert log == ["paint below", "audit"]
    qtbot.wait(10)
    assert [type(child).__name__ for child in below.children()] == ["_Paints"]  # the caller went


def test_after_paint_drops_the_call_when_its_owner_goes_first(qtbot: QtBot) -> None:
    window, _wrapped, below = _nested(qtbot)
    ran: list[str] = []
    after_paint(below, lambda: ran.append("audit"))
    below.deleteLater()
    after_paint(window, lambda: ran.append("kept"))
    qtbot.waitUntil(lambda: "kept" in ran, timeout=2000)
    assert ran == ["kept"]
