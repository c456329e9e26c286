"""Small print-friendly charts drawn with reportlab.graphics: measures over time, weekly distance."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib.colors import Color, HexColor
from reportlab.platypus import Flowable

from clinic_app.reports import fonts
from clinic_app.reports.documents.data import Point
from clinic_app.reports.styles import INK, MUTED, RULE

SERIES_COLOURS = (HexColor("#1F6F8B"), HexColor("#E07B39"), HexColor("#6A4C93"))


def _date_label(ordinal: float) -> str:
    day = date.fromordinal(int(round(ordinal)))
    return f"{day.day} {day.strftime('%b')}"


def line_chart(title: str, series: Sequence[tuple[str, Sequence[Point]]], width: float, height: float,
               *, low: float, high: float, unit: str = "", accent: Color | None = None) -> Drawing:
    """Values over time, one line per series; a legend names the series under the title."""
    drawing = Drawing(width, height)
    size = 8.0
    drawing.add(String(0, height - size - 1, title, fontName=fonts.BOLD, fontSize=size + 1, fillColor=INK))
    plotted = [(name, pts) for name, pts in series if pts]
    x = 0.0
    for index, (name, _) in enumerate(plotted):
        colour = (accent if index == 0 and accent is not None else SERIES_COLOURS[index % 3])
        label = f"— {name}"
        drawing.add(String(x, height - 2 * size - 6, label, fontName=fonts.REGULAR, fontSize=size,
                           fillColor=colour))
        x += len(label) * size * 0.55 + 10
    if not plotted:
        drawing.add(String(0, height / 2, "Not recorded", fontName=fonts.REGULAR, fontSize=size,
                           fillColor=MUTED))
        return drawing
    plot = LinePlot()
    plot.x, plot.y = 30, 22
    plot.width, plot.height = width - 40, height - 2 * size - 40
    plot.data = [[(p.day.toordinal(), p.value) for p in pts] for _, pts in plotted]
    days = sorted({p.day.toordinal() for _, pts in plotted for p in pts})
    first, last = days[0], days[-1]
    if first == last:
        first, last = first - 3, last + 3
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = first, last
    span = last - first
    plot.xValueAxis.valueSteps = [first + span * i / 4 for i in range(5)]
    plot.xValueAxis.labelTextFormat = _date_label
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = low, high
    plot.yValueAxis.valueStep = (high - low) / 5
    if unit == "%":
        plot.yValueAxis.labelTextFormat = "%d%%"
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName, axis.labels.fontSize, axis.labels.fillColor = fonts.REGULAR, size - 1, MUTED
        axis.strokeColor = RULE
    plot.yValueAxis.visibleGrid = True
    plot.yValueAxis.gridStrokeColor = HexColor("#E3E7EB")
    plot.xValueAxis.labels.dy = -2
    for index in range(len(plotted)):
        colour = accent if index == 0 and accent is not None else SERIES_COLOURS[index % 3]
        plot.lines[index].strokeColor = colour
        plot.lines[index].strokeWidth = 1.8
        plot.lines[index].symbol = makeMarker("FilledCircle", size=3.5, fillColor=colour, strokeColor=colour)
    drawing.add(plot)
    return drawing


class FittedCharts(Flowable):  # type: ignore[misc]
    """Charts side by side that shrink (down to ``minimum``) to use the room left on a page.

    A fixed-height chart that does not fit leaves its whole height blank at the foot of the page;
    this one takes the room there is when it is at least ``minimum`` tall, and only moves to the
    next page (at its ``preferred`` height) when less is left.
    """

    def __init__(self, draw: Callable[[float], Sequence[tuple[float, Drawing]]], width: float,
                 preferred: float, minimum: float, space_before: float = 0.0) -> None:
        super().__init__()
        self._draw, self._preferred, self._minimum = draw, preferred, minimum
        self.width, self.height = width, preferred
        self.spaceBefore = space_before
        self._placed: Sequence[tuple[float, Drawing]] = ()

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Take the available height when it lies between ``minimum`` and ``preferred``."""
        fits = self._minimum <= avail_height
        self.height = min(self._preferred, avail_height) if fits else self._preferred
        self._placed = self._draw(self.height)
        return self.width, self.height

    def draw(self) -> None:
        """Draw each chart at its offset from the left."""
        for x, drawing in self._placed:
            drawing.drawOn(self.canv, x, 0)


def bar_chart(title: str, points: Sequence[Point], width: float, height: float, *,
              accent: Color | None = None) -> Drawing:
    """Weekly values as bars, labelled with the week's first day."""
    drawing = Drawing(width, height)
    size = 8.0
    drawing.add(String(0, height - size - 1, title, fontName=fonts.BOLD, fontSize=size + 1, fillColor=INK))
    if not points:
        drawing.add(String(0, height / 2, "Not recorded", fontName=fonts.REGULAR, fontSize=size,
                           fillColor=MUTED))
        return drawing
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 22
    chart.width, chart.height = width - 40, height - size - 36
    chart.data = [[p.value for p in points]]
    step = max(1, len(points) // 8)
    chart.categoryAxis.categoryNames = [_date_label(p.day.toordinal()) if i % step == 0 else ""
                                        for i, p in enumerate(points)]
    top = max(p.value for p in points)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(10.0, top * 1.15)
    chart.bars[0].fillColor = accent or SERIES_COLOURS[0]
    chart.bars[0].strokeColor = None
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName, axis.labels.fontSize, axis.labels.fillColor = fonts.REGULAR, size - 1, MUTED
        axis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = HexColor("#E3E7EB")
    chart.barSpacing = 1
    drawing.add(chart)
    return drawing
