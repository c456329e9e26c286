"""Fusion, with its costliest surfaces drawn once per size and then copied.

Fusion repaints three things from scratch every time, and a chart screen shows many of them each
time it changes patient:

- a scroll bar's groove, a gradient recomputed line by line (about 0.5 ms for a 600-pixel bar);
- a scroll bar's slider, another gradient with an outline and grip (0.6 ms when the content is
  little longer than the view, so the slider is nearly the whole bar);
- a group box's frame, a small translucent picture stretched over the whole box (0.6 ms for a
  450 × 420 box).

``CachingFusionStyle`` asks Fusion to draw each of these alone into a transparent pixmap the first
time a size, state and palette are seen, and copies that pixmap after: the same pixels, for the
cost of a copy. Everything else (arrows, every other control) is Fusion's own drawing, and the
order of drawing is Fusion's (groove, slider, arrows).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QRect
from PySide6.QtGui import QPainter, QPixmap, Qt
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleOptionComplex,
    QStyleOptionGroupBox,
    QStyleOptionSlider,
    QWidget,
)
from typing_extensions import override

_SC = QStyle.SubControl
_GROOVE, _SLIDER, _FRAME = _SC.SC_ScrollBarGroove, _SC.SC_ScrollBarSlider, _SC.SC_GroupBoxFrame
_CHECK_BOX = _SC.SC_GroupBoxCheckBox
_SCROLL_BAR, _GROUP_BOX = QStyle.ComplexControl.CC_ScrollBar, QStyle.ComplexControl.CC_GroupBox
_TRANSIENT = QStyle.StyleHint.SH_ScrollBar_Transient
_ENABLED = QStyle.StateFlag.State_Enabled.value
_KEPT = 96  # pictures remembered (a few per scroll area and group box shape; each a few kB)


class CachingFusionStyle(QProxyStyle):
    """Fusion with cached scroll-bar grooves and sliders and group-box frames (see the module)."""

    def __init__(self) -> None:
        super().__init__("Fusion")
        self._pictures: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()

    @override
    def drawComplexControl(self, control: QStyle.ComplexControl, option: QStyleOptionComplex,
                           painter: QPainter, widget: QWidget | None = None) -> None:
        if control == _SCROLL_BAR and isinstance(option, QStyleOptionSlider) \
                and not self.baseStyle().styleHint(_TRANSIENT, option, widget):
            self._scroll_bar(option, painter, widget)
        elif control == _GROUP_BOX and isinstance(option, QStyleOptionGroupBox) \
                and option.subControls & _FRAME:
            self._group_box(option, painter, widget)
        else:
            super().drawComplexControl(control, option, painter, widget)

    def _scroll_bar(self, option: QStyleOptionSlider, painter: QPainter,
                    widget: QWidget | None) -> None:
        parts = option.subControls
        key = _scroll_bar_key(option)
        if parts & _GROOVE:
            self._blit(painter, option.rect, ("groove", *key),
                       lambda into: self._fusion(_SCROLL_BAR, option, _GROOVE, into, widget))
        if parts & _SLIDER:
            slider = self.subControlRect(_SCROLL_BAR, option, _SLIDER, widget)  # type: ignore[arg-type]  # Qt takes no widget
            # the slider's outline reaches a pixel beyond its rectangle
            area = slider.adjusted(-1, -1, 1, 1).intersected(option.rect)
            if not area.isEmpty():
                edges = (area.top() - slider.top(), area.left() - slider.left(),
                         slider.bottom() - area.bottom(), slider.right() - area.right())
                self._blit(painter, area, ("slider", slider.width(), slider.height(), *edges,
                                           *key),
                           lambda into: self._fusion(_SCROLL_BAR, option, _SLIDER, into, widget))
        self._fusion(_SCROLL_BAR, option, parts & ~(_GROOVE | _SLIDER), painter, widget)

    def _group_box(self, option: QStyleOptionGroupBox, painter: QPainter,
                   widget: QWidget | None) -> None:
        """The frame from its picture (Fusion's is one fixed image stretched to the rectangle,
        so its size says it all), then the title and check box as Fusion draws them; without a
        check box, the frame and title together from one picture (a title is laid out as text
        each time Fusion draws it)."""
        if not option.subControls & _CHECK_BOX and option.rect.isValid():
            self._blit(painter, option.rect,
                       ("titled box", option.rect.width(), option.rect.height(), option.text,
                        option.textAlignment.value, option.features.value,
                        option.subControls.value, option.state.value & _ENABLED,
                        option.direction.value, option.palette.cacheKey(), _font_key(widget)),
                       lambda into: self._fusion(_GROUP_BOX, option, option.subControls, into,
                                                 widget))
            return
        frame = self.subControlRect(_GROUP_BOX, option, _FRAME, widget)  # type: ignore[arg-type]  # Qt takes no widget
        if not frame.isEmpty():
            self._blit(painter, frame, ("group box", frame.width(), frame.height(),
                                        option.features.value, option.state.value & _ENABLED,
                                        option.palette.cacheKey()),
                       lambda into: self._fusion(_GROUP_BOX, option, _FRAME, into, widget))
        self._fusion(_GROUP_BOX, option, option.subControls & ~_FRAME, painter, widget)

    def _fusion(self, control: QStyle.ComplexControl, option: QStyleOptionComplex, parts: _SC,
                painter: QPainter, widget: QWidget | None) -> None:
        """Fusion's own drawing of only ``parts`` of the control (nothing when there are none)."""
        if not parts:
            return
        alone = type(option)(option)  # type: ignore[call-arg]  # the option's own copy
        alone.subControls = parts
        super().drawComplexControl(control, alone, painter, widget)

    def _blit(self, painter: QPainter, area: QRect, key: tuple[object, ...],
              draw: Callable[[QPainter], None]) -> None:
        """Copy the picture of ``key`` to ``area``, drawn the first time by ``draw`` (in the
        widget's coordinates, onto a pixmap that holds ``area``)."""
        ratio = _ratio(painter)
        key = (*key, ratio)
        pixmap = self._pictures.get(key)
        if pixmap is None:
            pixmap = QPixmap(round(area.width() * ratio), round(area.height() * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            into = QPainter(pixmap)
            try:
                into.translate(-area.topLeft())
                draw(into)
            finally:
                into.end()
            self._pictures[key] = pixmap
            if len(self._pictures) > _KEPT:
                self._pictures.popitem(last=False)
        else:
            self._pictures.move_to_end(key)
        painter.drawPixmap(area.topLeft(), pixmap)


def _ratio(painter: QPainter) -> float:
    device = painter.device()
    return device.devicePixelRatioF() if device is not None else 1.0


def _font_key(widget: QWidget | None) -> str:
    """The font a title is drawn in (its family, size and weight), as text."""
    return widget.font().key() if widget is not None else ""


def _scroll_bar_key(option: QStyleOptionSlider) -> tuple[object, ...]:
    return (option.rect.width(), option.rect.height(), option.orientation, option.state,
            option.activeSubControls, option.direction, option.palette.cacheKey())


def use_app_style(app: QApplication) -> None:
    """Draw with cached Fusion surfaces when the app draws with Fusion (other styles: as is)."""
    style = app.style()
    if style is not None and style.name().lower() == "fusion" \
            and not isinstance(style, CachingFusionStyle):
        app.setStyle(CachingFusionStyle())
