"""The stacked progress plots in one graphics layout: shared date axis, hover read-out, toggles."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget
from typing_extensions import override

from clinic_app.ui.plots._pg import pg
from clinic_app.ui.plots.load_plot import AcwrPanel, LoadPanel
from clinic_app.ui.plots.measure_plot import MeasurePanel
from clinic_app.ui.plots.panel import Panel, Track, iso
from clinic_app.ui.plots.prepare import PreparedProgress
from clinic_app.ui.plots.visit_plots import AdherencePanel, SlrPanel

MIN_X_RANGE = 7.0  # days
_LABEL_STYLE = ("QLabel { background: rgba(255, 255, 255, 235); color: #222; border: 1px solid #8A8F98;"
                " border-radius: 3px; padding: 3px 6px; }")


class ProgressGraphs(pg.GraphicsLayoutWidget):  # type: ignore[misc]
    """Every progress plot stacked with linked x axes; built once, updated with setData."""

    group_toggled = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(QCoreApplication.translate("ProgressView", "Progress plots"))
        self.ci.layout.setVerticalSpacing(2)
        self.ci.setContentsMargins(4, 4, 8, 4)
        self.pain = MeasurePanel(("nprs_back", "nprs_leg"), QCoreApplication.translate(
            "ProgressView", "Pain, NPRS 0–10 (lower is better)"), 180)
        self.odi = MeasurePanel(("odi",), QCoreApplication.translate(
            "ProgressView", "Oswestry Disability Index, % (lower is better)"), 145)
        self.rmdq = MeasurePanel(("rmdq",), QCoreApplication.translate(
            "ProgressView", "Roland-Morris Disability Questionnaire, 0–24 (lower is better)"), 145)
        self.psfs = MeasurePanel(("psfs",), QCoreApplication.translate(
            "ProgressView", "Patient-Specific Functional Scale, 0–10 (higher is better)"), 145)
        self.load = LoadPanel(200)
        self.acwr = AcwrPanel(140)
        self.slr = SlrPanel(145)
        self.adherence = AdherencePanel(120)
        self.panels: tuple[Panel, ...] = (self.pain, self.odi, self.rmdq, self.psfs, self.load,
                                          self.acwr, self.slr, self.adherence)
        self._tracks: dict[str, tuple[Panel, Track]] = {}
        self._groups: dict[str, bool] = {}
        for row, panel in enumerate(self.panels):
            self.addItem(panel.plot, row=row, col=0)
            panel.attach()
            if panel is not self.pain:
                panel.plot.setXLink(self.pain.plot)
            for track in panel.tracks.values():
                self._tracks[track.key] = (panel, track)
                self._groups[track.group] = True
                track.item.visibleChanged.connect(lambda t=track: self._on_item_visibility(t))
        self._x_range = (0.0, 1.0)
        self.hover_label = QLabel(self.viewport())
        self.hover_label.setStyleSheet(_LABEL_STYLE)
        self.hover_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hover_label.hide()
        self.scene().sigMouseMoved.connect(self.hover_at)

    # -- data --------------------------------------------------------------------------------------
    def apply(self, data: PreparedProgress) -> None:
        """Load arrays into the existing items; panels without data fold away."""
        self.clear_hover()
        for panel in self.panels:
            panel.apply(data)
            panel.refresh_legend()
            panel.plot.setVisible(panel.has_data())
        self.setMinimumHeight(sum(p.height for p in self.panels if p.plot.isVisible()) + 12)
        self._x_range = data.x_range
        lo, hi = data.x_range
        span = max(hi - lo, MIN_X_RANGE)
        for panel in self.panels:
            panel.view.setLimits(xMin=lo - span * 0.5, xMax=hi + span * 0.5, minXRange=MIN_X_RANGE)
        self.reset_zoom()

    def reset_zoom(self) -> None:
        """Show the whole episode again."""
        self.pain.view.setXRange(*self._x_range, padding=0.0)

    def x_view_range(self) -> tuple[float, float]:
        """The dates currently shown (days since 1970-01-01)."""
        lo, hi = self.pain.view.viewRange()[0]
        return float(lo), float(hi)

    def track(self, key: str) -> Track:
        """A series by key (measure keys, distance, load_pain, acwr, slr_left, slr_right, adherence)."""
        return self._tracks[key][1]

    def panel_of(self, key: str) -> Panel:
        """The panel that draws a series."""
        return self._tracks[key][0]

    def series_keys(self) -> tuple[str, ...]:
        """Every series key."""
        return tuple(self._tracks)

    def groups_with_data(self) -> set[str]:
        """Toggle groups that have at least one value to show."""
        return {t.group for _p, t in self._tracks.values() if t.data()[0].size}

    # -- visibility ---------------------------------------------------------------------------------
    def set_group_visible(self, group: str, visible: bool) -> None:
        """Show or hide a series everywhere it is drawn, with its baseline and MCID marks."""
        changed = self._groups.get(group) != visible
        self._groups[group] = visible
        for _panel, track in self._tracks.values():
            if track.group != group:
                continue
            track.item.setVisible(visible)
            for companion in track.companions:
                companion.setVisible(visible and getattr(companion, "stride_present", True))
        if changed:
            self.clear_hover()
            self.group_toggled.emit(group, visible)

    def group_visible(self, group: str) -> bool:
        """Whether a series is switched on."""
        return self._groups.get(group, False)

    def _on_item_visibility(self, track: Track) -> None:
        parent = track.item.parentItem()
        explicit = bool(track.item.isVisibleTo(parent)) if parent is not None else track.item.isVisible()
        if explicit != self._groups.get(track.group):
            self.set_group_visible(track.group, explicit)  # a legend click

    # -- hover ----------------------------------------------------------------------------------------
    def hover_at(self, scene_pos: QPointF) -> str:
        """Show the value under the mouse (or the date) beside it; returns the text shown."""
        panel = next((p for p in self.panels if p.contains(scene_pos)), None)
        if panel is None:
            self.clear_hover()
            return ""
        hit = panel.hit(scene_pos)
        for p in self.panels:
            p.show_crosshair(scene_pos.x() if p.plot.isVisible() else None, hit if p is panel else None)
        if hit is not None:
            text, anchor = hit.text, hit.scene_pos
        else:
            text, anchor = iso(panel.view.mapSceneToView(scene_pos).x()), scene_pos
        self._place_label(text, self.mapFromScene(anchor))
        return text

    def hover_text(self) -> str:
        """The read-out currently shown ("" when none)."""
        return self.hover_label.text() if self.hover_label.isVisible() else ""

    def clear_hover(self) -> None:
        """Hide the read-out and the crosshairs."""
        self.hover_label.hide()
        for p in self.panels:
            p.show_crosshair(None)

    def _place_label(self, text: str, at: QPoint) -> None:
        label = self.hover_label
        label.setText(text)
        label.adjustSize()
        area = self.viewport().rect()
        x, y = at.x() + 12, at.y() - label.height() - 8
        if x + label.width() > area.right() - 4:
            x = at.x() - label.width() - 12
        if y < area.top() + 2:
            y = at.y() + 12
        label.move(max(area.left() + 2, x), y)
        label.show()
        label.raise_()

    @override
    def leaveEvent(self, ev: QEvent) -> None:
        self.clear_hover()
        super().leaveEvent(ev)

    # -- export helpers ---------------------------------------------------------------------------------
    def export_scene(self) -> Any:
        """The scene to render for export, with the hover read-out cleared."""
        self.clear_hover()
        return self.scene()
