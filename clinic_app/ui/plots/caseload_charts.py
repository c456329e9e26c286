"""Caseload charts: share reaching a meaningful change per measure, and one measure's changes.

Imported lazily by the Outcomes view (pyqtgraph is heavy). Measures with fewer episodes than the
report's threshold get no bar, and their axis label says why.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget

from clinic_app.domain.caseload import TOO_FEW
from clinic_app.domain.caseload_figures import CaseloadReport, MeasureOutcome
from clinic_app.ui.plots._pg import pg
from clinic_app.ui.plots.palette import SERIES_COLOURS

ACCENT = SERIES_COLOURS["odi"]

BAR_WIDTH = 0.6


class CaseloadCharts(QWidget):
    """Two bar charts side by side; ``show_report`` replaces what they show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot_reached = pg.PlotWidget()
        self.plot_reached.setAccessibleName(self.tr("Share reaching a meaningful change"))
        self.plot_reached.setTitle(self.tr("% of judged episodes reaching a meaningful change"))
        self.plot_reached.setYRange(0, 100)
        self.plot_reached.setMouseEnabled(False, False)
        self.plot_changes = pg.PlotWidget()
        self.plot_changes.setAccessibleName(self.tr("Distribution of changes"))
        self.plot_changes.setMouseEnabled(False, False)
        self.bars_reached = pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH, brush=ACCENT)
        self.bars_changes = pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH, brush=ACCENT)
        self.plot_reached.addItem(self.bars_reached)
        self.plot_changes.addItem(self.bars_changes)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot_reached, 1)
        layout.addWidget(self.plot_changes, 1)
        self.shown_reached: dict[str, float] = {}
        self.shown_changes: list[tuple[str, int]] = []

    def show_report(self, report: CaseloadReport, measure_key: str) -> None:
        """Draw the shares of ``report`` and the changes of one measure."""
        changes = [m for m in report.measures if m.is_change_measure]
        heights, ticks = [], []
        self.shown_reached = {}
        for i, m in enumerate(changes):
            pct = m.reached_pct
            heights.append(pct or 0.0)
            if pct is not None:
                self.shown_reached[m.key] = pct
                ticks.append((i, f"{m.label}: {pct:.0f}%"))
            else:
                ticks.append((i, self.tr("{0}: too few").format(m.label)))
        self.bars_reached.setOpts(x=list(range(len(changes))), height=heights, width=BAR_WIDTH)
        self.plot_reached.getAxis("bottom").setTicks([ticks])
        self.show_measure(next((m for m in changes if m.key == measure_key), changes[0]))

    def show_measure(self, m: MeasureOutcome) -> None:
        """One measure's improvements, binned (positive is better)."""
        self.plot_changes.setTitle(self.tr("{0}: improvement from baseline (episodes)").format(m.label))
        bins = list(m.histogram) if m.with_both >= TOO_FEW else []
        self.shown_changes = bins
        self.bars_changes.setOpts(x=list(range(len(bins))), height=[n for _, n in bins], width=BAR_WIDTH)
        axis = self.plot_changes.getAxis("bottom")
        if bins:
            axis.setTicks([[(i, label) for i, (label, _n) in enumerate(bins)]])
        else:
            axis.setTicks([[(0, self.tr("too few episodes to compare"))]])
