"""Fusion, with each scroll bar's groove drawn once per size and then copied.

Fusion paints a scroll bar's groove as a gradient across the bar, recomputed for every line of
the bar on every repaint: about 1 ms for a 600-pixel bar, and a chart screen shows three or four
of them each time it changes patient. ``GrooveCachingStyle`` asks Fusion to draw the groove alone
into a pixmap the first time a size, state and palette are seen, and copies that pixmap after:
the same pixels, for the cost of a copy. Everything else (slider, arrows, every other control)
is Fusion's own drawing.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QPainter, QPixmap, Qt
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleOptionComplex,
    QStyleOptionSlider,
    QWidget,
)
from typing_extensions import override

_GROOVE = QStyle.SubControl.SC_ScrollBarGroove
_KEPT = 64  # grooves remembered (a few per scroll area shape and state; each a few kB)


class GrooveCachingStyle(QProxyStyle):
    """Fusion with cached scroll-bar grooves (see the module's docstring)."""

    def __init__(self) -> None:
        super().__init__("Fusion")
        self._grooves: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()

    @override
    def drawComplexControl(self, control: QStyle.ComplexControl, option: QStyleOptionComplex,
                           painter: QPainter, widget: QWidget | None = None) -> None:
        if (control != QStyle.ComplexControl.CC_ScrollBar
                or not isinstance(option, QStyleOptionSlider)
                or not option.subControls & _GROOVE
                or self.baseStyle().styleHint(QStyle.StyleHint.SH_ScrollBar_Transient,
                                              option, widget)):
            super().drawComplexControl(control, option, painter, widget)
            return
        painter.drawPixmap(option.rect.topLeft(), self._groove(option, painter, widget))
        rest = QStyleOptionSlider(option)
        rest.subControls = option.subControls & ~_GROOVE
        super().drawComplexControl(control, rest, painter, widget)

    def _groove(self, option: QStyleOptionSlider, painter: QPainter,
                widget: QWidget | None) -> QPixmap:
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        key = (option.rect.width(), option.rect.height(), option.orientation.value,
               option.state.value, option.activeSubControls.value, option.direction.value,
               option.palette.cacheKey(), ratio)
        pixmap = self._grooves.get(key)
        if pixmap is not None:
            self._grooves.move_to_end(key)
            return pixmap
        pixmap = QPixmap(round(option.rect.width() * ratio), round(option.rect.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        alone = QStyleOptionSlider(option)
        alone.rect = QRect(QPoint(0, 0), option.rect.size())
        alone.subControls = _GROOVE
        into = QPainter(pixmap)
        try:
            super().drawComplexControl(QStyle.ComplexControl.CC_ScrollBar, alone, into, widget)
        finally:
            into.end()
        self._grooves[key] = pixmap
        if len(self._grooves) > _KEPT:
            self._grooves.popitem(last=False)
        return pixmap


def use_app_style(app: QApplication) -> None:
    """Cache Fusion's scroll-bar grooves when the app draws with Fusion (other styles: as is)."""
    style = app.style()
    if style is not None and style.name().lower() == "fusion" \
            and not isinstance(style, GrooveCachingStyle):
        app.setStyle(GrooveCachingStyle())
