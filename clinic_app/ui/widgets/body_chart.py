"""Clickable front/back body chart for the intake: paint symptom type and intensity onto regions."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QIcon,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QComboBox,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from clinic_app.domain.intake.body_chart import (
    INTENSITY_MAX,
    INTENSITY_MIN,
    BodyMark,
    BodySide,
    PainLocation,
    SymptomType,
    describe_marks,
    sort_marks,
)
from clinic_app.ui.widgets.body_chart_shapes import (
    BODY_FILL,
    DETAIL_COLOUR,
    FIGURE_BOTTOM,
    MUTED_TEXT,
    OUTLINE_COLOUR,
    SYMPTOM_COLOURS,
    TEXT_COLOUR,
    VIEWS,
    ChartGraphicsView,
    ChartView,
    RegionItem,
    detail_lines,
    figure_outline,
    mark_fill,
    region_paths,
    side_label_x,
)
from clinic_app.ui.widgets.side_by_side import SideBySide

logger = logging.getLogger(__name__)

FIGURE_X: dict[ChartView, float] = {"front": 0.0, "back": 175.0}
"""Scene x of each figure's midline: front on the left, back on the right."""


@dataclass
class _Stroke:
    """One press-and-drag: whether it paints or erases, and the regions it already touched."""

    erase: bool
    last: QPointF
    visited: set[PainLocation] = field(default_factory=set)


class BodyChartWidget(QWidget):
    """Front and back body outlines whose regions the clinician marks with symptom and intensity."""

    marks_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._marks: dict[PainLocation, BodyMark] = {}
        self._regions: dict[tuple[PainLocation, ChartView], RegionItem] = {}
        self._stroke: _Stroke | None = None
        self._read_only = False

        self.toolbar = QWidget(self)
        self.combo_symptom = QComboBox(self.toolbar)
        self.spin_intensity = QSpinBox(self.toolbar)
        self.btn_eraser = QPushButton(self.tr("Eraser"), self.toolbar)
        self.btn_clear = QPushButton(self.tr("Clear all"), self.toolbar)
        self._build_toolbar()

        self.scene = QGraphicsScene(self)
        self.view = ChartGraphicsView(self.scene, self)
        self.view.setAccessibleName(self.tr("Body chart"))
        self._build_scene()
        self.view.pressed.connect(self._on_pressed)
        self.view.dragged.connect(self._on_dragged)
        self.view.released.connect(self._on_released)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)
        self.setMinimumSize(420, 360)
        self._update_description()

    # ---- construction -------------------------------------------------------------------------

    def _symptom_names(self) -> dict[SymptomType, str]:
        """Return the translated symptom names shown in the combo box and legend."""
        return {
            SymptomType.ACHE: self.tr("Ache"),
            SymptomType.SHARP: self.tr("Sharp"),
            SymptomType.BURNING: self.tr("Burning"),
            SymptomType.PINS_NEEDLES: self.tr("Pins and needles"),
            SymptomType.NUMBNESS: self.tr("Numbness"),
        }

    def _build_toolbar(self) -> None:
        """Lay out symptom, intensity, eraser and clear controls above the chart."""
        row = QHBoxLayout(self.toolbar)
        row.setContentsMargins(0, 0, 0, 0)
        lbl_symptom = QLabel(self.tr("Symptom"), self.toolbar)
        lbl_symptom.setBuddy(self.combo_symptom)
        for symptom, name in self._symptom_names().items():
            swatch = QPixmap(12, 12)
            swatch.fill(SYMPTOM_COLOURS[symptom])
            self.combo_symptom.addItem(QIcon(swatch), name, symptom)
        self.combo_symptom.setAccessibleName(self.tr("Symptom"))
        lbl_intensity = QLabel(self.tr("Intensity"), self.toolbar)
        lbl_intensity.setBuddy(self.spin_intensity)
        self.spin_intensity.setRange(INTENSITY_MIN, INTENSITY_MAX)
        self.spin_intensity.setValue(5)
        self.spin_intensity.setToolTip(self.tr("1 = mild, 10 = worst imaginable"))
        self.spin_intensity.setAccessibleName(self.tr("Intensity"))
        self.btn_eraser.setCheckable(True)
        self.btn_eraser.setToolTip(self.tr("Click or drag over regions to remove their marks"))
        self.btn_clear.clicked.connect(self.clear)
        self.combo_symptom.setMinimumContentsLength(10)  # "Numbness" in full, never "Ach"
        self.combo_symptom.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        pick, actions = QWidget(self.toolbar), QWidget(self.toolbar)
        pick_row, action_row = QHBoxLayout(pick), QHBoxLayout(actions)
        for layout in (pick_row, action_row):
            layout.setContentsMargins(0, 0, 0, 0)
        for widget in (lbl_symptom, self.combo_symptom, lbl_intensity, self.spin_intensity):
            pick_row.addWidget(widget)
        action_row.addStretch(1)
        action_row.addWidget(self.btn_eraser)
        action_row.addWidget(self.btn_clear)
        row.addWidget(SideBySide(pick, actions))  # the buttons go under when the chart is narrow

    def _text(self, text: str, size: int, colour: QColor, bold: bool = False) -> QGraphicsSimpleTextItem:
        """Add a caption to the scene."""
        font = QFont(self.font())
        font.setPixelSize(size)
        font.setBold(bold)
        item = self.scene.addSimpleText(text, font)
        item.setBrush(QBrush(colour))
        item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        return item

    def _centre_text(self, item: QGraphicsSimpleTextItem, x: float, y: float) -> None:
        """Place a caption centred on ``x`` with its top at ``y``."""
        item.setPos(x - item.boundingRect().width() / 2.0, y)

    def _build_scene(self) -> None:
        """Draw both figures, their captions, the regions and the legend."""
        outline, titles = figure_outline(), {"front": self.tr("Front"), "back": self.tr("Back")}
        side_names = {BodySide.LEFT: self.tr("Left"), BodySide.RIGHT: self.tr("Right")}
        for view in VIEWS:
            x0 = FIGURE_X[view]
            body = QGraphicsPathItem(outline)
            pen = QPen(OUTLINE_COLOUR, 1.5)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            body.setPen(pen)
            body.setBrush(QBrush(BODY_FILL))
            details = QGraphicsPathItem(detail_lines(view))
            details.setPen(QPen(DETAIL_COLOUR, 0.9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            for z, item in enumerate((body, details)):
                item.setPos(x0, 0.0)
                item.setZValue(z)
                item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
                self.scene.addItem(item)
            self._centre_text(self._text(titles[view], 17, TEXT_COLOUR, bold=True), x0, -32.0)
            for side, name in side_names.items():
                self._centre_text(self._text(name, 13, MUTED_TEXT), x0 + side_label_x(view, side),
                                  FIGURE_BOTTOM + 6.0)
            for location, path in region_paths(view).items():
                region = RegionItem(location, view, path)
                region.setPos(x0, 0.0)
                region.setCursor(Qt.CursorShape.PointingHandCursor)
                self.scene.addItem(region)
                self._regions[(location, view)] = region
        self._build_legend(FIGURE_X["back"] + 95.0, 120.0)
        self.scene.setSceneRect(self.scene.itemsBoundingRect().adjusted(-14.0, -12.0, 14.0, 12.0))
        for cached in self.scene.items():
            # Each outline, region and label is drawn once per size and style, then copied:
            # repainting the whole figure (scrolled into view, uncovered) takes 0.1 ms instead
            # of 2.5 ms, and new marks redraw only the regions that changed.
            cached.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def _build_legend(self, x: float, y: float) -> None:
        """Add the symptom colour key beside the figures."""
        self._text(self.tr("Symptom"), 14, TEXT_COLOUR, bold=True).setPos(x, y)
        for i, (symptom, name) in enumerate(self._symptom_names().items()):
            top = y + 26.0 + i * 24.0
            path = QPainterPath()
            path.addRoundedRect(QRectF(x, top, 16.0, 13.0), 3.0, 3.0)
            swatch = self.scene.addPath(path, QPen(SYMPTOM_COLOURS[symptom].darker(125), 0.9),
                                        QBrush(mark_fill(BodyMark(PainLocation.FOOT_L, symptom, 7))))
            swatch.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self._text(name, 13, TEXT_COLOUR).setPos(x + 23.0, top - 1.5)
        note = self._text(self.tr("Stronger colour:\nmore intense"), 12, MUTED_TEXT)
        note.setPos(x, y + 26.0 + 5 * 24.0 + 6.0)

    # ---- public API ---------------------------------------------------------------------------

    def marks(self) -> list[BodyMark]:
        """Return the marks in location order."""
        return sort_marks(self._marks.values())

    def set_marks(self, marks: Iterable[BodyMark]) -> None:
        """Replace all marks (loading a saved chart: does not emit ``marks_changed``)."""
        self._marks = {m.location: m for m in sort_marks(marks)}
        for region in self._regions.values():
            region.mark = self._marks.get(region.location)
            region.restyle()
        self._update_description()

    def clear(self) -> None:
        """Remove every mark."""
        if self._marks:
            self.set_marks([])
            self.marks_changed.emit()

    def current_symptom(self) -> SymptomType:
        """Return the symptom type new marks get."""
        return SymptomType(self.combo_symptom.currentData())

    def set_current_symptom(self, symptom: SymptomType) -> None:
        """Choose the symptom type new marks get."""
        self.combo_symptom.setCurrentIndex(self.combo_symptom.findData(symptom))

    def is_read_only(self) -> bool:
        """Return True when the chart only displays marks."""
        return self._read_only

    def set_read_only(self, read_only: bool) -> None:
        """Show the chart without toolbar and ignore clicks (e.g. on the Overview)."""
        self._read_only = read_only
        self._stroke = None
        self.toolbar.setHidden(read_only)
        # the drawing scales to fit: a chart only to look at may be small (the Overview column)
        self.setMinimumSize(*((240, 220) if read_only else (420, 360)))
        for region in self._regions.values():
            region.hover_enabled = not read_only
            region.setCursor(Qt.CursorShape.ArrowCursor if read_only else Qt.CursorShape.PointingHandCursor)
            region.restyle()

    def region_centre(self, location: PainLocation, view: ChartView) -> QPoint:
        """Return a point well inside a region, in viewport coordinates of ``self.view``."""
        region = self._regions.get((PainLocation(location), view))
        if region is None:
            raise ValueError(f"{location} is not drawn on the {view} view")
        path = region.path()
        centre = path.boundingRect().center()
        if not path.contains(centre):
            rect = path.boundingRect()
            inside = [x for x in range(int(rect.left()), int(rect.right()) + 1)
                      if path.contains(QPointF(x, centre.y()))]
            centre = QPointF(sum(inside) / len(inside), centre.y()) if inside else centre
        return self.view.mapFromScene(region.mapToScene(centre))

    def render_image(self, width_px: int = 800) -> QImage:
        """Render the whole chart (figures, marks, legend) on white, e.g. for a PDF."""
        source = self.scene.sceneRect()
        height = max(1, round(width_px * source.height() / source.width()))
        image = QImage(width_px, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        with self._without_hover():
            self.scene.render(painter, QRectF(0, 0, width_px, height), source)
        painter.end()
        return image

    def save_image(self, path: str | Path) -> None:
        """Save the chart as PNG or SVG, chosen by the file suffix; raise OSError if writing fails."""
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix == ".png":
            if not self.render_image(1200).save(str(target)):
                raise OSError(f"could not write {target}")
            return
        if suffix != ".svg":
            raise ValueError(f"body chart images are saved as .png or .svg, not {target.suffix or '(none)'}")
        source = self.scene.sceneRect()
        generator = QSvgGenerator()
        generator.setFileName(str(target))
        generator.setSize(QSize(round(source.width()), round(source.height())))
        generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
        generator.setTitle(self.tr("Body chart"))
        painter = QPainter()
        if not painter.begin(generator):
            raise OSError(f"could not write {target}")
        painter.fillRect(QRectF(0, 0, source.width(), source.height()), Qt.GlobalColor.white)
        with self._without_hover():
            self.scene.render(painter, QRectF(0, 0, source.width(), source.height()), source)
        painter.end()

    @override
    def sizeHint(self) -> QSize:
        return QSize(560, 520)

    # ---- painting marks -----------------------------------------------------------------------

    @contextmanager
    def _without_hover(self) -> Iterator[None]:
        """Draw regions without the hover highlight (for exported images)."""
        hovered = [r for r in self._regions.values() if r.hovered]
        for region in hovered:
            region.hovered = False
            region.restyle()
        try:
            yield
        finally:
            for region in hovered:
                region.hovered = True
                region.restyle()

    def _region_at(self, scene_pos: QPointF) -> PainLocation | None:
        """Return the location under a scene point, if any."""
        for item in self.scene.items(scene_pos):
            if isinstance(item, RegionItem):
                return item.location
        return None

    def _on_pressed(self, scene_pos: QPointF) -> None:
        """Start a stroke: a click toggles one region; the drag then paints (or erases) on."""
        if self._read_only:
            return
        location = self._region_at(scene_pos)
        erase = self.btn_eraser.isChecked()
        existing = self._marks.get(location) if location is not None else None
        if existing is not None and existing.symptom is self.current_symptom():
            erase = True
        self._stroke = _Stroke(erase, scene_pos)
        if location is not None:
            self._apply(location)

    def _on_dragged(self, scene_pos: QPointF) -> None:
        """Paint every region the pointer crossed since the last move (sampled so none is skipped)."""
        stroke = self._stroke
        if stroke is None or self._read_only:
            return
        delta = scene_pos - stroke.last
        steps = max(1, int(max(abs(delta.x()), abs(delta.y())) / 2.0))
        for i in range(1, steps + 1):
            location = self._region_at(stroke.last + delta * (i / steps))
            if location is not None and location not in stroke.visited:
                self._apply(location)
        stroke.last = scene_pos

    def _on_released(self) -> None:
        """End the stroke."""
        self._stroke = None

    def _apply(self, location: PainLocation) -> None:
        """Mark or erase one location as the current stroke says, emitting on a change."""
        stroke = self._stroke
        assert stroke is not None
        stroke.visited.add(location)
        if stroke.erase:
            changed = self._marks.pop(location, None) is not None
        else:
            mark = BodyMark(location, self.current_symptom(), self.spin_intensity.value())
            changed = self._marks.get(location) != mark
            self._marks[location] = mark
        if not changed:
            return
        for view in VIEWS:
            region = self._regions.get((location, view))
            if region is not None:
                region.mark = self._marks.get(location)
                region.restyle()
        self._update_description()
        self.marks_changed.emit()

    def _update_description(self) -> None:
        """Let screen readers hear what is marked."""
        self.view.setAccessibleDescription(describe_marks(self._marks.values()))
