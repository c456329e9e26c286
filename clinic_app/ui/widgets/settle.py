"""Screens laid out once, before they are painted.

Filling a screen with new data changes the size some of its widgets want: a label's text wraps
onto more lines, a box grows. Qt lays such changes out one level per turn of the event loop (a
widget's layout, then its parent's, then the parent's parent), and a paint that comes between two
turns paints the screen at a geometry it is about to leave: everything moved is painted twice.
``settle_layouts`` runs every pending layout, level after level, at once, so the next paint is
the only one and is at the final geometry. ``after_paint`` keeps work that can wait (an audit
write) from competing with that paint.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from typing_extensions import override

_ROUNDS = 6  # levels of nesting laid out (a chart screen needs three or four)


def settle_layouts() -> None:
    """Run the layouts that new data asked for, including those they ask for in turn.

    Each round sends the layout requests posted before it (Qt leaves those posted while it
    sends to the next call); a round with nothing to send costs a few microseconds.
    """
    for _ in range(_ROUNDS):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


_CALL = QEvent.Type(QEvent.registerEventType())


class _Caller(QObject):
    """Runs one call when its event arrives, then goes; gone with its owner, call and all."""

    def __init__(self, owner: QObject, call: Callable[[], None]) -> None:
        super().__init__(owner)
        self._call: Callable[[], None] | None = call

    @override
    def event(self, event: QEvent) -> bool:
        if event.type() != _CALL:
            return super().event(event)
        call, self._call = self._call, None
        self.deleteLater()
        if call is not None:
            call()
        return True


def after_paint(owner: QObject, call: Callable[[], None]) -> None:
    """Run ``call`` once the paint already asked for is done (work that need not delay it).

    Qt posts a repaint at low priority, behind every other event; ``call`` is posted lower
    still. If ``owner`` is deleted first, ``call`` is dropped with it.
    """
    QCoreApplication.postEvent(_Caller(owner, call), QEvent(_CALL),
                               Qt.EventPriority.LowEventPriority.value - 1)
