"""Two panes side by side when there is room for both, one above the other when there is not.

On a small or zoomed screen (1920×1080 at 150 % leaves 1280 points) a form and a drawing side by
side would be wider than the window and scroll sideways, cutting both; stacked, the page only
scrolls down, which is how people expect pages to scroll.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLayout, QWidget
from typing_extensions import override


class SideBySide(QWidget):
    """Lays out ``first`` and ``second`` in a row when both fit at their minimum, else stacked."""

    def __init__(self, first: QWidget, second: QWidget, stretch: tuple[int, int] = (1, 1),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._first, self._second = first, second
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        # the row's minimum (both panes) must not become this widget's: it may stack instead
        self._layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._layout.addWidget(first, stretch[0])
        self._layout.addWidget(second, stretch[1])

    @property
    def stacked(self) -> bool:
        """True while the panes are one above the other."""
        return self._layout.direction() == QBoxLayout.Direction.TopToBottom

    def _row_width(self) -> int:
        return (self._first.minimumSizeHint().width() + self._second.minimumSizeHint().width()
                + self._layout.spacing())

    @override
    def minimumSizeHint(self) -> QSize:
        first, second = self._first.minimumSizeHint(), self._second.minimumSizeHint()
        width = max(first.width(), second.width())
        if self.stacked:
            return QSize(width, first.height() + second.height() + self._layout.spacing())
        return QSize(width, max(first.height(), second.height()))

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        wanted = (QBoxLayout.Direction.LeftToRight if event.size().width() >= self._row_width()
                  else QBoxLayout.Direction.TopToBottom)
        if wanted != self._layout.direction():
            self._layout.setDirection(wanted)
            self.updateGeometry()
        super().resizeEvent(event)
