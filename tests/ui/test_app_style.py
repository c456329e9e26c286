"""The app style: Fusion's scroll bars look the same with their grooves drawn once and copied."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage, QRegion
from PySide6.QtWidgets import QApplication, QScrollBar, QStyle, QStyleFactory, QWidget
from pytestqt.qtbot import QtBot

from clinic_app.ui.style.groove_cache import GrooveCachingStyle, use_app_style


def _bars(qtbot: QtBot, style: QStyle) -> Iterator[QScrollBar]:
    for orientation, length, maximum, value, enabled in (
            (Qt.Orientation.Vertical, 644, 300, 120, True),
            (Qt.Orientation.Vertical, 184, 40, 0, False),
            (Qt.Orientation.Horizontal, 520, 10, 10, True)):
        bar = QScrollBar(orientation)
        bar.setStyle(style)
        bar.resize(length, 14) if orientation is Qt.Orientation.Horizontal else bar.resize(14, length)
        bar.setRange(0, maximum)
        bar.setValue(value)
        bar.setEnabled(enabled)
        qtbot.addWidget(bar)
        yield bar


def _picture(bar: QScrollBar) -> QImage:
    image = QImage(bar.size(), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    QWidget.render(bar, image, QPoint(), QRegion(), QWidget.RenderFlag.DrawWindowBackground)
    return image


def _largest_difference(a: QImage, b: QImage) -> int:
    assert a.size() == b.size()
    return max(abs(ca - cb) for y in range(a.height()) for x in range(a.width())
               for ca, cb in zip(a.pixelColor(x, y).getRgb(), b.pixelColor(x, y).getRgb(),
                                 strict=True))


def test_scroll_bars_look_as_fusion_draws_them(qtbot: QtBot) -> None:
    fusion = QStyleFactory.create("Fusion")
    cached = GrooveCachingStyle()
    for plain, fast in zip(_bars(qtbot, fusion), _bars(qtbot, cached), strict=True):
        expected = _picture(plain)
        assert _largest_difference(expected, _picture(fast)) <= 2  # rounding of blended edges
        assert _largest_difference(expected, _picture(fast)) <= 2  # again, from the cache
    assert len(cached._grooves) == 3  # one groove per bar, reused on the second paint


def test_scroll_bar_follows_its_value_with_a_cached_groove(qtbot: QtBot) -> None:
    bar = next(_bars(qtbot, GrooveCachingStyle()))
    before = _picture(bar)
    bar.setValue(250)
    after = _picture(bar)
    moved = sum(before.pixel(x, y) != after.pixel(x, y)
                for y in range(before.height()) for x in range(before.width()))
    assert moved > 200  # the slider moved: not a stale picture


@pytest.mark.parametrize("name", ["Windows", "Fusion"])
def test_app_style_wraps_fusion_only(qapp: QApplication, name: str) -> None:
    try:
        qapp.setStyle(name)
        use_app_style(qapp)
        use_app_style(qapp)  # once is enough: not wrapped twice
        style = qapp.style()
        if name == "Fusion":
            assert isinstance(style, GrooveCachingStyle)
            assert style.baseStyle().name().lower() == "fusion"
        else:
            assert not isinstance(style, GrooveCachingStyle) and style.name().lower() == "windows"
    finally:
        qapp.setStyle("Fusion")  # the offscreen platform's own, as the other tests expect
