"""Outcome-measure panels: points over time, baseline (dashed), MCID level (dotted) and the band between."""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt

from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.ui.plots import palette
from clinic_app.ui.plots._pg import pg
from clinic_app.ui.plots.panel import Describe, Panel, Track, iso, make_curve, set_curve
from clinic_app.ui.plots.prepare import MeasureArrays, PreparedProgress

# key: (fallback label, y-axis tick step)
_MEASURES: dict[str, tuple[str, float]] = {
    "nprs_back": (QT_TRANSLATE_NOOP("ProgressView", "Pain (back)"), 2),
    "nprs_leg": (QT_TRANSLATE_NOOP("ProgressView", "Pain (leg)"), 2),
    # the instruments' names, for a translator to keep or to use the local name
    "odi": (QT_TRANSLATE_NOOP("ProgressView", "ODI"), 20),
    "rmdq": (QT_TRANSLATE_NOOP("ProgressView", "RMDQ"), 4),
    "psfs": (QT_TRANSLATE_NOOP("ProgressView", "PSFS"), 2),
}
_DEFAULT_SCALE: dict[str, tuple[float, float]] = {
    "nprs_back": (0, 10), "nprs_leg": (0, 10), "odi": (0, 100), "rmdq": (0, 24), "psfs": (0, 10),
}


def value_text(key: str, value: float) -> str:
    """A measure value as clinicians write it: 7/10, 32.0%, 12/24, 4.33/10."""
    if key == "odi":
        return f"{value:.1f}%"
    if key == "rmdq":
        return f"{value:g}/24"
    if key == "psfs":
        return f"{value:.2f}/10"
    return f"{value:g}/10"


def describe_measure(label: str, key: str) -> Describe:
    """Hover text of a measure point, e.g. 'ODI 32.0% on 2026-11-02'."""
    return lambda x, y, _i: QCoreApplication.translate("ProgressView", "{0} {1} on {2}").format(
        label, value_text(key, y), iso(x))


def level_line(key: str, style: Qt.PenStyle) -> Any:
    """A horizontal reference line in the series colour (baseline dashed, MCID dotted)."""
    line = pg.InfiniteLine(angle=0, movable=False,
                           pen=pg.mkPen(palette.colour(key, 220), width=1.5, style=style))
    line.setZValue(-5)
    return line


class MeasurePanel(Panel):
    """One or more measures sharing a scale (pain back and leg; or ODI, RMDQ, PSFS alone)."""

    def __init__(self, keys: tuple[str, ...], title: str, height: int) -> None:
        super().__init__(title, height)
        self.keys = keys
        self.baselines: dict[str, Any] = {}
        self.mcids: dict[str, Any] = {}
        self.bands: dict[str, Any] = {}
        if len(keys) > 1:
            self.plot.addLegend(offset=(-6, 2), colCount=len(keys), labelTextSize="9pt",
                                labelTextColor=palette.TEXT, brush=pg.mkBrush(255, 255, 255, 215),
                                pen=pg.mkPen(palette.AXIS))
        lo, hi = _DEFAULT_SCALE[keys[0]]
        self.plot.getAxis("left").setTickSpacing(levels=[(_MEASURES[keys[0]][1], 0)])
        for key in keys:
            label = QCoreApplication.translate("ProgressView", _MEASURES[key][0])
            curve = make_curve(key, label)
            band = pg.LinearRegionItem(orientation="horizontal", movable=False,
                                       brush=pg.mkBrush(palette.colour(key, palette.BAND_ALPHA)),
                                       pen=pg.mkPen(None), hoverBrush=None, hoverPen=None)
            band.setZValue(-15)
            baseline = level_line(key, Qt.PenStyle.DashLine)
            mcid = level_line(key, Qt.PenStyle.DotLine)
            for item in (band, baseline, mcid):
                item.stride_present = False
                item.hide()
                self.plot.addItem(item, ignoreBounds=True)
            self.plot.addItem(curve)
            self.baselines[key], self.mcids[key], self.bands[key] = baseline, mcid, band
            self.add_track(Track(key, key, curve, self.view, describe_measure(label, key),
                                 [band, baseline, mcid]))
        self._set_scale(lo, hi)

    def _set_scale(self, lo: float, hi: float) -> None:
        pad = (hi - lo) * 0.06
        self.set_y_range(lo - pad, hi + pad)

    def apply(self, data: PreparedProgress) -> None:
        """Set each series' points, baseline and MCID level."""
        first = data.measures.get(self.keys[0])
        if first is not None:
            self._set_scale(first.low, first.high)
        for key in self.keys:
            measure = data.measures.get(key)
            track = self.tracks[key]
            if measure is None:
                set_curve(track.item, np.empty(0), np.empty(0))
                self._set_levels(key, None, None)
                continue
            set_curve(track.item, measure.xy.x, measure.xy.y)
            track.describe = describe_measure(measure.label, key)
            self._set_levels(key, *self._levels(measure))
        self.set_visits(data.visit_x)

    @staticmethod
    def _levels(measure: MeasureArrays) -> tuple[float | None, float | None]:
        if not len(measure.xy):
            return None, None
        return measure.baseline, measure.mcid_level

    def _set_levels(self, key: str, baseline: float | None, mcid: float | None) -> None:
        shown = self.tracks[key].item.isVisibleTo(self.plot)
        for item, value in ((self.baselines[key], baseline), (self.mcids[key], mcid)):
            item.stride_present = value is not None
            if value is not None:
                item.setValue(value)
            item.setVisible(shown and value is not None)
        band = self.bands[key]
        band.stride_present = baseline is not None and mcid is not None
        if baseline is not None and mcid is not None:
            band.setRegion((min(baseline, mcid), max(baseline, mcid)))
        band.setVisible(shown and band.stride_present)

    def levels(self, key: str) -> tuple[float | None, float | None]:
        """The baseline and MCID level as drawn (None when not shown for lack of data)."""
        baseline, mcid = self.baselines[key], self.mcids[key]
        return (float(baseline.value()) if baseline.stride_present else None,
                float(mcid.value()) if mcid.stride_present else None)

    def band(self, key: str) -> tuple[float, float] | None:
        """The shaded region between baseline and MCID level, if drawn."""
        band = self.bands[key]
        if not band.stride_present:
            return None
        lo, hi = band.getRegion()
        return float(lo), float(hi)

