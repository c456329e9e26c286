"""The app style: Fusion's scroll bars and group boxes look the same with their costly surfaces
(groove, slider, group-box frame and title) drawn once and copied."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage, QRegion
from PySide6.QtWidgets import (
    QApplication,
    QGroupBox,
    QLabel,
    QScrollBar,
    QStyle,
    QStyleFactory,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from clinic_app.ui.style.fusion_cache import CachingFusionStyle, use_app_style


def _bars(qtbot: QtBot, style: QStyle) -> Iterator[QScrollBar]:
    for orientation, length, maximum, value, enabled in (
            (Qt.Orientation.Vertical, 644, 300, 120, True),
            (Qt.Orientation.Vertical, 184, 40, 0, False),
            (Qt.Orientation.Horizontal, 520, 10, 10, True),
            (Qt.Orientation.Vertical, 600, 3, 3, True)):  # content a little longer: a long slider
        bar = QScrollBar(orientation)
        bar.setStyle(style)
        bar.resize(length, 14) if orientation is Qt.Orientation.Horizontal else bar.resize(14, length)
        bar.setRange(0, maximum)
        bar.setValue(value)
        bar.setEnabled(enabled)
        qtbot.addWidget(bar)
        yield bar


def _boxes(qtbot: QtBot, style: QStyle) -> Iterator[QGroupBox]:
    for title, checkable, width, height in (("Details", False, 450, 420), ("", False, 300, 90),
                                            ("Visit timeline", True, 620, 260)):
        box = QGroupBox(title)
        box.setCheckable(checkable)
        QVBoxLayout(box).addWidget(QLabel("Consents to treatment"))
        box.setStyle(style)
        box.resize(width, height)
        qtbot.addWidget(box)
        yield box


def _picture(widget: QWidget) -> QImage:
    image = QImage(widget.size(), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    QWidget.render(widget, image, QPoint(), QRegion(), QWidget.RenderFlag.DrawWindowBackground
                   | QWidget.RenderFlag.DrawChildren)
    return image


def _largest_difference(a: QImage, b: QImage) -> int:
    assert a.size() == b.size()
    return max(abs(ca - cb) for y in range(a.height()) for x in range(a.width())
               for ca, cb in zip(a.pixelColor(x, y).getRgb(), b.pixelColor(x, y).getRgb(),
                                 strict=True))


def test_scroll_bars_look_as_fusion_draws_them(qtbot: QtBot) -> None:
    fusion = QStyleFactory.create("Fusion")
    cached = CachingFusionStyle()
    for plain, fast in zip(_bars(qtbot, fusion), _bars(qtbot, cached), strict=True):
        expected = _picture(plain)
        assert _largest_difference(expected, _picture(fast)) <= 2  # rounding of blended edges
        assert _largest_difference(expected, _picture(fast)) <= 2  # again, from the cache
    kinds = [key[0] for key in cached._pictures]
    # one groove and one slider per bar, reused on the second paint
    assert kinds.count("groove") == 4 and kinds.count("slider") == 4


def test_group_boxes_look_as_fusion_draws_them(qtbot: QtBot) -> None:
    fusion = QStyleFactory.create("Fusion")
    cached = CachingFusionStyle()
    for plain, fast in zip(_boxes(qtbot, fusion), _boxes(qtbot, cached), strict=True):
        expected = _picture(plain)
        assert _largest_difference(expected, _picture(fast)) <= 2
        assert _largest_difference(expected, _picture(fast)) <= 2
        plain.resize(plain.width() - 40, plain.height() + 30)  # a new size: a new picture
        fast.resize(fast.width() - 40, fast.height() + 30)
        assert _largest_difference(_picture(plain), _picture(fast)) <= 2
        for box in (plain, fast):  # a new title, greyed out: a new picture again
            box.setTitle(box.title() + " and more")
            box.setEnabled(False)
        assert _largest_difference(_picture(plain), _picture(fast)) <= 2
    kinds = [key[0] for key in cached._pictures]
    # without a check box, frame and title in one picture; with one, the frame alone
    assert kinds.count("titled box") == 6 and kinds.count("group box") == 3


def test_scroll_bar_follows_its_value_and_state_with_cached_parts(qtbot: QtBot) -> None:
    fusion = QStyleFactory.create("Fusion")
    plain, fast = next(_bars(qtbot, fusion)), next(_bars(qtbot, CachingFusionStyle()))
    before = _picture(fast)
    for value in (250, 300, 0, 120):  # to the end, the start (the outline clipped) and back
        plain.setValue(value)
        fast.setValue(value)
        assert _largest_difference(_picture(plain), _picture(fast)) <= 2
    plain.setValue(250)
    fast.setValue(250)
    after = _picture(fast)
    moved = sum(before.pixel(x, y) != after.pixel(x, y)
                for y in range(before.height()) for x in range(before.width()))
    assert moved > 200  # the slider moved: not a stale picture
    for bar in (plain, fast):
        bar.setRange(0, 30)  # more of the content in view: a longer slider
    assert _largest_difference(_picture(plain), _picture(fast)) <= 2
    for bar in (plain, fast):
        bar.setEnabled(False)
    assert _largest_difference(_picture(plain), _picture(fast)) <= 2


@pytest.mark.parametrize("name", ["Windows", "Fusion"])
def test_app_style_wraps_fusion_only(qapp: QApplication, name: str) -> None:
    try:
        qapp.setStyle(name)
        use_app_style(qapp)
        use_app_style(qapp)  # once is enough: not wrapped twice
        style = qapp.style()
        if name == "Fusion":
            assert isinstance(style, CachingFusionStyle)
            assert style.baseStyle().name().lower() == "fusion"
        else:
            assert not isinstance(style, CachingFusionStyle) and style.name().lower() == "windows"
    finally:
        qapp.setStyle("Fusion")  # the offscreen platform's own, as the other tests expect
