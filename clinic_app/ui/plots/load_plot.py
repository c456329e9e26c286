"""Running-load panels: weekly distance bars with pain on a right axis, and ACWR with its sweet spot."""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt

from clinic_app.ui.plots import palette
from clinic_app.ui.plots._pg import pg
from clinic_app.ui.plots.measure_plot import describe_measure
from clinic_app.ui.plots.panel import GRID_ALPHA, Panel, Track, iso, make_curve, set_curve
from clinic_app.ui.plots.prepare import WEEK_CENTRE, PreparedProgress

BAR_WIDTH = 6.0  # days: a one-day gap between weekly bars
SWEET_SPOT = (0.8, 1.3)
SPIKE = 1.5
ACWR_CEILING = 3.0  # ratios after a layoff can reach 5+; the band stays readable, hover gives the value


def make_bars(key: str, name: str) -> Any:
    """Empty weekly bars in the series colour."""
    edge = palette.colour(key).darker(125)
    bars = pg.BarGraphItem(x=np.empty(0), height=np.empty(0), width=BAR_WIDTH, name=name,
                           brush=pg.mkBrush(palette.colour(key, palette.BAR_ALPHA)),
                           pen=pg.mkPen(edge, width=1))
    bars.setZValue(0)
    return bars


def _week_of(x: float) -> str:
    return iso(x - WEEK_CENTRE)


class LoadPanel(Panel):
    """Weekly distance as bars; pain (back, now) over it on a second y axis at the right."""

    def __init__(self, height: int) -> None:
        super().__init__(QCoreApplication.translate(
            "ProgressView", "Weekly running distance, km (bars) · back pain 0–10 (line, right axis)"), height)
        self.bars = make_bars("distance", QCoreApplication.translate("ProgressView", "Weekly distance (km)"))
        self.plot.addItem(self.bars)
        self.add_track(Track("distance", "distance", self.bars, self.view,
                             lambda x, y, _i: QCoreApplication.translate(
                                 "ProgressView", "Week of {0}: {1:.1f} km").format(_week_of(x), y),
                             bar_width=BAR_WIDTH))
        self.pain_view = pg.ViewBox(enableMenu=False)
        self.pain_view.setMouseEnabled(x=False, y=False)
        self.pain_view.setDefaultPadding(0.0)
        self.pain_view.setYRange(-0.3, 10.6, padding=0.0)
        self.pain = make_curve("nprs_back", QCoreApplication.translate("ProgressView", "Pain (back)"))
        self.pain_view.addItem(self.pain)
        self.add_track(Track("load_pain", "nprs_back", self.pain, self.pain_view,
                             describe_measure(QCoreApplication.translate("ProgressView", "Pain (back)"),
                                              "nprs_back")))
        right = self.plot.getAxis("right")
        right.setStyle(showValues=True, tickLength=5)
        right.setPen(palette.AXIS)
        right.setGrid(False)
        self.plot.getAxis("left").setGrid(GRID_ALPHA)
        right.setTickSpacing(levels=[(2, 0)])
        self.set_y_range(0, 10)

    def attach(self) -> None:
        """Put the pain view box in the scene, tied to the right axis and to this plot's x range."""
        self.plot.scene().addItem(self.pain_view)
        self.plot.getAxis("right").linkToView(self.pain_view)
        self.pain_view.setXLink(self.plot)
        self.view.sigResized.connect(self._sync_geometry)
        self._sync_geometry()

    def _sync_geometry(self) -> None:
        self.pain_view.setGeometry(self.view.sceneBoundingRect())
        self.pain_view.linkedViewChanged(self.view, self.pain_view.XAxis)

    def apply(self, data: PreparedProgress) -> None:
        """Bars at mid-week with their km; pain points at their dates."""
        self.bars.setOpts(x=data.distance.x, height=data.distance.y, width=BAR_WIDTH)
        top = float(data.distance.y.max()) if len(data.distance) else 0.0
        self.set_y_range(0, max(10.0, top * 1.12))
        pain = data.measures.get("nprs_back")
        if pain is None:
            set_curve(self.pain, np.empty(0), np.empty(0))
        else:
            set_curve(self.pain, pain.xy.x, pain.xy.y)
        self.set_visits(data.visit_x)

    def has_data(self) -> bool:
        """Shown when there is distance to draw (pain alone has its own panel)."""
        return bool(self.tracks["distance"].data()[0].size)


class AcwrPanel(Panel):
    """Uncoupled acute:chronic workload ratio per week, with the 0.8–1.3 band shaded."""

    def __init__(self, height: int) -> None:
        super().__init__(QCoreApplication.translate(
            "ProgressView", "Acute:chronic workload ratio (uncoupled) · shaded: 0.8–1.3"), height)
        self.sweet_spot = pg.LinearRegionItem(SWEET_SPOT, orientation="horizontal", movable=False,
                                              brush=pg.mkBrush(palette.SWEET_SPOT), pen=pg.mkPen(None),
                                              hoverBrush=None, hoverPen=None)
        self.sweet_spot.setZValue(-15)
        self.plot.addItem(self.sweet_spot, ignoreBounds=True)
        self.spike = pg.InfiniteLine(SPIKE, angle=0, movable=False, pen=pg.mkPen(
            "#C0392B", width=1, style=Qt.PenStyle.DotLine))
        self.spike.setZValue(-5)
        self.plot.addItem(self.spike, ignoreBounds=True)
        self.curve = make_curve("acwr", QCoreApplication.translate("ProgressView", "ACWR"))
        self.curve.setSymbolSize(6)
        self.plot.addItem(self.curve)
        self.add_track(Track("acwr", "acwr", self.curve, self.view,
                             lambda x, y, _i: QCoreApplication.translate(
                                 "ProgressView", "ACWR {0:.2f}, week of {1}").format(y, _week_of(x))))
        self.plot.getAxis("left").setTickSpacing(levels=[(0.5, 0)])
        self.set_y_range(0, 2)

    def apply(self, data: PreparedProgress) -> None:
        """Ratios at mid-week."""
        set_curve(self.curve, data.acwr.x, data.acwr.y)
        top = float(data.acwr.y.max()) if len(data.acwr) else 0.0
        self.set_y_range(0, min(max(2.0, top * 1.1), ACWR_CEILING))
        self.set_visits(data.visit_x)

    def sweet_spot_region(self) -> tuple[float, float]:
        """The shaded band as drawn."""
        lo, hi = self.sweet_spot.getRegion()
        return float(lo), float(hi)
