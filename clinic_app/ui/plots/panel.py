"""One date-based plot of the progress graphs: styling, visit marks, crosshair and hover hits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, Qt

from clinic_app.ui.plots import palette
from clinic_app.ui.plots._pg import pg
from clinic_app.ui.plots.date_axis import DateAxis
from clinic_app.ui.plots.prepare import Array, PreparedProgress, from_day

HOVER_RADIUS_PX = 14.0
GRID_ALPHA = 40  # of 255

Describe = Callable[[float, float, int], str]


def iso(x: float) -> str:
    """A plot x value as an ISO date."""
    return from_day(x).isoformat()


def make_curve(key: str, name: str, symbol: str = "o") -> Any:
    """A line with markers in the series colour, clipped to view and peak-downsampled."""
    c = palette.colour(key)
    item = pg.PlotDataItem(name=name, pen=pg.mkPen(c, width=palette.LINE_WIDTH), symbol=symbol,
                           symbolSize=palette.SYMBOL_SIZE, symbolBrush=c,
                           symbolPen=pg.mkPen("w", width=1))
    item.setClipToView(True)
    item.setDownsampling(auto=True, method="peak")
    item.setZValue(10)
    item.stride_colour = c
    item.stride_symbol = symbol
    return item


def set_curve(item: Any, x: Array, y: Array) -> None:
    """Update a curve in place; dense series drop their markers and use a hairline to pan smoothly.

    Antialiased 2 px pens over thousands of zigzag points cost Qt's raster engine over a second
    per repaint; a 1 px pen takes its fast path (tens of milliseconds for ten years of days).
    """
    dense = x.size > palette.MAX_SYMBOLS
    item.setData(x, y)
    item.setPen(pg.mkPen(item.stride_colour, width=1 if dense else palette.LINE_WIDTH))
    item.setSymbol(None if dense else item.stride_symbol)


@dataclass(slots=True)
class Track:
    """One toggleable series of a panel: its data item, the items that go with it, its hover text."""

    key: str
    group: str
    item: Any
    view: Any
    describe: Describe
    companions: list[Any] = field(default_factory=list)
    bar_width: float = 0.0

    def data(self) -> tuple[Array, Array]:
        """The x/y arrays held by the item (the full data set, not the clipped display one)."""
        if self.bar_width:
            x, h = self.item.getData()
        else:
            x, h = self.item.getOriginalDataset()
        if x is None or h is None:
            return np.empty(0), np.empty(0)
        return np.asarray(x, dtype=np.float64), np.asarray(h, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class Hit:
    """What the mouse is over: the text to show and where the point is in the scene."""

    text: str
    scene_pos: QPointF
    distance_px: float


class Panel:
    """A PlotItem on the shared date axis, with fixed y scale, visit marks and a crosshair."""

    def __init__(self, title: str, height: int) -> None:
        self.height = height
        self.tracks: dict[str, Track] = {}
        self.plot = pg.PlotItem(axisItems={"bottom": DateAxis()})
        self.plot.setTitle(title, size="10pt", color=palette.TEXT, bold=True, justify="left")
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=True, y=False)
        # PlotItem pushes these onto every curve it adds (overriding per-item settings).
        self.plot.setClipToView(True)
        self.plot.setDownsampling(auto=True, mode="peak")
        self.plot.getViewBox().setDefaultPadding(0.0)
        for side, width in (("left", palette.LEFT_AXIS_WIDTH), ("right", palette.RIGHT_AXIS_WIDTH)):
            self.plot.showAxis(side)
            axis = self.plot.getAxis(side)
            axis.setWidth(width)
            axis.setPen(palette.AXIS)
            axis.setTextPen(palette.TEXT)
            axis.setStyle(tickFont=palette.tick_font(), tickTextOffset=4, hideOverlappingLabels=False)
        # The grid hangs off the value-less right axis so the left axis may draw its top label.
        self.plot.getAxis("left").setGrid(False)
        right = self.plot.getAxis("right")
        right.setStyle(showValues=False, tickLength=0)
        right.setPen(pg.mkPen(None))
        right.setTickPen(pg.mkPen(palette.AXIS))
        right.setGrid(GRID_ALPHA)
        self.visits = pg.PlotCurveItem(connect="pairs", pen=pg.mkPen(palette.VISIT, width=1))
        self.visits.setZValue(-20)
        self.plot.addItem(self.visits, ignoreBounds=True)
        self.crosshair = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(
            palette.CROSSHAIR, width=1, style=Qt.PenStyle.DotLine))
        self.crosshair.setZValue(50)
        self.crosshair.hide()
        self.plot.addItem(self.crosshair, ignoreBounds=True)
        self.marker = pg.ScatterPlotItem(size=14, pen=pg.mkPen("#222222", width=1.5),
                                         brush=pg.mkBrush(None))
        self.marker.setZValue(60)
        self.marker.hide()
        self.plot.addItem(self.marker, ignoreBounds=True)
        self._y = (0.0, 1.0)

    @property
    def view(self) -> Any:
        """The main ViewBox."""
        return self.plot.getViewBox()

    def attach(self) -> None:
        """Called once the plot is in a scene (panels with extra view boxes hook in here)."""

    def add_track(self, track: Track) -> None:
        """Register a toggleable series."""
        self.tracks[track.key] = track

    def set_y_range(self, lo: float, hi: float) -> None:
        """Fix the y scale (the mouse zooms and pans x only)."""
        self._y = (lo, hi)
        self.view.setLimits(yMin=lo, yMax=hi)
        self.view.setYRange(lo, hi, padding=0.0)

    def set_visits(self, visit_x: Array) -> None:
        """Thin vertical lines at the visit days, spanning the y scale."""
        lo, hi = self._y
        self.visits.setData(np.repeat(visit_x, 2), np.tile([lo, hi], visit_x.size).astype(np.float64))

    def apply(self, data: PreparedProgress) -> None:
        """Put the arrays into the existing items (subclasses)."""
        raise NotImplementedError

    def refresh_legend(self) -> None:
        """List only the series that have values (the legend is rebuilt; the curves are not)."""
        legend = self.plot.legend
        if legend is None:
            return
        legend.clear()
        for track in self.tracks.values():
            if track.data()[0].size:
                legend.addItem(track.item, track.item.name())

    def has_data(self) -> bool:
        """True when any series holds at least one value."""
        return any(t.data()[0].size for t in self.tracks.values())

    def contains(self, scene_pos: QPointF) -> bool:
        """True when the point is inside this panel's plotting area."""
        return bool(self.plot.isVisible() and self.view.sceneBoundingRect().contains(scene_pos))

    def hit(self, scene_pos: QPointF) -> Hit | None:
        """The nearest visible value within a few pixels of the mouse, if any."""
        best: Hit | None = None
        for track in self.tracks.values():
            if not track.item.isVisible():
                continue
            x, y = track.data()
            if not x.size:
                continue
            p = track.view.mapSceneToView(scene_pos)
            px_w, px_h = track.view.viewPixelSize()
            if track.bar_width:
                inside = (np.abs(x - p.x()) <= track.bar_width / 2) & (p.y() <= np.maximum(y, 0)
                                                                      + HOVER_RADIUS_PX * px_h)
                idx = np.flatnonzero(inside)
                if not idx.size:
                    continue
                i = int(idx[0])
                dist = HOVER_RADIUS_PX  # a nearby point on another series wins over the bar
            else:
                d = np.hypot((x - p.x()) / px_w, (y - p.y()) / px_h)
                i = int(np.argmin(d))
                dist = float(d[i])
                if dist > HOVER_RADIUS_PX:
                    continue
            if best is None or dist < best.distance_px:
                point = track.view.mapViewToScene(QPointF(float(x[i]), float(y[i])))
                best = Hit(track.describe(float(x[i]), float(y[i]), i), point, dist)
        return best

    def show_crosshair(self, scene_x: float | None, hit: Hit | None = None) -> None:
        """Move the date crosshair (None hides it) and ring the hovered point."""
        if scene_x is None:
            self.crosshair.hide()
            self.marker.hide()
            return
        centre = self.view.sceneBoundingRect().center()
        self.crosshair.setValue(self.view.mapSceneToView(QPointF(scene_x, centre.y())).x())
        self.crosshair.show()
        if hit is None:
            self.marker.hide()
            return
        p = self.view.mapSceneToView(hit.scene_pos)
        self.marker.setData([p.x()], [p.y()])
        self.marker.show()
