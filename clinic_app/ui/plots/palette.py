"""Colours, sizes and fonts shared by every progress plot (colour-blind-safe Okabe-Ito hues)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont

SERIES_COLOURS: dict[str, str] = {
    "nprs_back": "#D55E00",   # vermillion
    "nprs_leg": "#CC79A7",    # reddish purple
    "odi": "#0072B2",         # blue
    "rmdq": "#6A3D9A",        # purple
    "psfs": "#009E73",        # bluish green
    "distance": "#5B8DB8",    # muted blue bars
    "acwr": "#333333",
    "slr_left": "#0072B2",    # audiogram convention: left blue
    "slr_right": "#D55E00",   # right red
    "adherence": "#009E73",
}
TEXT = "#333333"
AXIS = "#8A8F98"
VISIT = QColor(120, 130, 145, 110)
CROSSHAIR = QColor(60, 60, 60, 150)
SWEET_SPOT = QColor(0, 158, 115, 45)
GOOD = QColor("#1B7A3D")
MUTED = QColor("#6B7280")
BAND_ALPHA = 34
BAR_ALPHA = 170

LEFT_AXIS_WIDTH = 46
RIGHT_AXIS_WIDTH = 34
LINE_WIDTH = 2.0
SYMBOL_SIZE = 8
MAX_SYMBOLS = 150  # denser series are drawn as a line only


def colour(key: str, alpha: int = 255) -> QColor:
    """A series colour with the given opacity."""
    c = QColor(SERIES_COLOURS.get(key, TEXT))
    c.setAlpha(alpha)
    return c


def tick_font() -> QFont:
    """Axis tick labels: legible at a clinic workstation."""
    font = QFont()
    font.setPointSizeF(9)
    return font
