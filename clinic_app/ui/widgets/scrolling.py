"""Columns that scroll down on a short or scaled screen, and are never cut off at the side."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QWidget


def vertical_scroll(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless area that scrolls down, never sideways, so no column is cut off."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(widget)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setMinimumWidth(widget.minimumSizeHint().width()
                           + scroll.verticalScrollBar().sizeHint().width())
    return scroll
