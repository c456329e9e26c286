"""Smaller panels: straight-leg-raise angle per side over visits, and weekly exercise adherence."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt

from clinic_app.ui.plots import palette
from clinic_app.ui.plots._pg import pg
from clinic_app.ui.plots.load_plot import BAR_WIDTH, make_bars
from clinic_app.ui.plots.panel import Describe, Panel, Track, iso, make_curve, set_curve
from clinic_app.ui.plots.prepare import WEEK_CENTRE, PreparedProgress


class SlrPanel(Panel):
    """SLR onset angle, left and right, at each visit where it was positive (0–90°)."""

    def __init__(self, height: int) -> None:
        super().__init__(QCoreApplication.translate(
            "ProgressView", "Straight-leg raise onset angle, degrees (higher is better)"), height)
        self.plot.addLegend(offset=(-6, -2), colCount=2, labelTextSize="9pt", labelTextColor=palette.TEXT,
                            brush=pg.mkBrush(255, 255, 255, 215), pen=pg.mkPen(palette.AXIS))
        for key, side, symbol in (("slr_left", QCoreApplication.translate("ProgressView", "Left"), "s"),
                                  ("slr_right", QCoreApplication.translate("ProgressView", "Right"), "o")):
            curve = make_curve(key, side, symbol)
            self.plot.addItem(curve)
            self.add_track(Track(key, key, curve, self.view, self._describe(side)))
        self.plot.getAxis("left").setTickSpacing(levels=[(30, 0)])
        self.set_y_range(0, 95)

    @staticmethod
    def _describe(side: str) -> Describe:
        return lambda x, y, _i: QCoreApplication.translate("ProgressView", "SLR {0} {1:g}° on {2}").format(
            side.lower(), y, iso(x))

    def apply(self, data: PreparedProgress) -> None:
        """Angles at their visit days."""
        set_curve(self.tracks["slr_left"].item, data.slr_left.x, data.slr_left.y)
        set_curve(self.tracks["slr_right"].item, data.slr_right.x, data.slr_right.y)
        self.set_visits(data.visit_x)


class AdherencePanel(Panel):
    """Share of prescribed home-exercise sessions done, per week (bars, %)."""

    def __init__(self, height: int) -> None:
        super().__init__(QCoreApplication.translate(
            "ProgressView", "Home-exercise adherence, % of prescribed sessions"), height)
        self._counts: tuple[tuple[int, int], ...] = ()
        self.full = pg.InfiniteLine(100, angle=0, movable=False, pen=pg.mkPen(
            palette.AXIS, width=1, style=Qt.PenStyle.DashLine))
        self.plot.addItem(self.full, ignoreBounds=True)
        self.bars = make_bars("adherence", QCoreApplication.translate("ProgressView", "Adherence"))
        self.plot.addItem(self.bars)
        self.add_track(Track("adherence", "adherence", self.bars, self.view, self._describe,
                             bar_width=BAR_WIDTH))
        self.plot.getAxis("left").setTickSpacing(levels=[(50, 0)])
        self.set_y_range(0, 110)

    def _describe(self, x: float, y: float, i: int) -> str:
        done, prescribed = self._counts[i] if i < len(self._counts) else (0, 0)
        return QCoreApplication.translate("ProgressView", "Adherence {0}/{1} ({2:.0f}%), week of {3}").format(
            done, prescribed, y, iso(x - WEEK_CENTRE))

    def apply(self, data: PreparedProgress) -> None:
        """Percentages at mid-week."""
        self._counts = data.adherence_counts
        self.bars.setOpts(x=data.adherence.x, height=data.adherence.y, width=BAR_WIDTH)
        top = float(data.adherence.y.max()) if len(data.adherence) else 0.0
        self.set_y_range(0, max(110.0, top * 1.08))
        self.set_visits(data.visit_x)
