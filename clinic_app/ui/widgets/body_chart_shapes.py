"""Body chart drawing: figure outline, detail lines, clickable region shapes and their graphics items.

Coordinates are scene units of one figure: x = 0 is the midline (positive x is the viewer's right),
y = 0 the top of the head, the soles at about y = 405. Only the right half is written down; the left
half is its mirror image.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
    QResizeEvent,
    QShowEvent,
    QTransform,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsView,
    QWidget,
)
from typing_extensions import override

from clinic_app.domain.intake.body_chart import INTENSITY_MIN, BodyMark, BodySide, PainLocation, SymptomType
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP

ChartView = Literal["front", "back"]
VIEWS: tuple[ChartView, ...] = ("front", "back")
FIGURE_TOP = 0.0
FIGURE_BOTTOM = 406.0
FIGURE_HALF_WIDTH = 68.0
REGION_INSET = 2.6
"""Gap between the outline and the shaded regions, in scene units."""

Point = tuple[float, float]

# Right half of the silhouette as smooth runs that meet at corners (armpit, crotch).
_HEAD_RECT = QRectF(-17.0, 0.0, 34.0, 49.0)
_ARM: tuple[Point, ...] = (
    (8.0, 45.0), (9.0, 55.0), (14.5, 63.0), (28.0, 67.5), (41.0, 71.5), (48.5, 80.0), (51.0, 96.0),
    (53.0, 122.0), (56.5, 150.0), (60.5, 176.0), (63.5, 197.0), (66.5, 209.0), (67.5, 223.0),
    (64.5, 236.0), (58.5, 240.5), (54.0, 234.0), (52.5, 220.0), (52.0, 205.0), (49.0, 180.0),
    (45.5, 153.0), (42.5, 128.0), (39.0, 110.0), (35.5, 100.0),
)
_TORSO_LEG: tuple[Point, ...] = (
    (35.5, 100.0), (34.5, 118.0), (32.0, 138.0), (31.8, 152.0), (34.0, 170.0), (37.5, 188.0),
    (38.5, 205.0), (36.5, 232.0), (32.5, 263.0), (27.5, 291.0), (27.0, 304.0), (29.0, 324.0),
    (26.0, 350.0), (19.5, 372.0), (16.5, 386.0), (19.5, 394.0), (22.5, 400.5), (18.0, 405.0),
    (9.0, 405.0), (5.5, 399.0), (6.5, 385.0), (7.5, 362.0), (10.0, 336.0), (8.5, 312.0),
    (7.0, 296.0), (6.0, 266.0), (4.0, 234.0), (1.8, 213.0), (0.0, 209.0),
)


def _mirror(points: Sequence[Point]) -> list[Point]:
    """Return the points reflected in the midline, in reverse order (walking back up the left side)."""
    return [(-x, y) for x, y in reversed(points)]


def _add_smooth(path: QPainterPath, points: Sequence[Point]) -> None:
    """Append a Catmull-Rom curve through ``points`` (the path must already be at the first point)."""
    pts = [QPointF(x, y) for x, y in points]
    for i in range(len(pts) - 1):
        p0 = pts[i - 1] if i > 0 else pts[i]
        p1, p2 = pts[i], pts[i + 1]
        p3 = pts[i + 2] if i + 2 < len(pts) else p2
        path.cubicTo(p1 + (p2 - p0) / 6.0, p2 - (p3 - p1) / 6.0, p2)


def figure_outline() -> QPainterPath:
    """Return the closed silhouette of one figure (head, neck, arms, torso, legs)."""
    path = QPainterPath(QPointF(-_ARM[0][0], _ARM[0][1]))
    path.arcTo(_HEAD_RECT, 242.0, -304.0)
    path.lineTo(*_ARM[0])
    _add_smooth(path, _ARM)
    _add_smooth(path, _TORSO_LEG)
    _add_smooth(path, _mirror(_TORSO_LEG))
    _add_smooth(path, _mirror(_ARM))
    path.closeSubpath()
    return path


def detail_lines(view: ChartView) -> QPainterPath:
    """Return the light interior lines that make the figure read as front or back."""
    path = QPainterPath()
    for sign in (1.0, -1.0):
        # knees and elbows
        path.moveTo(sign * 11.0, 300.0)
        path.quadTo(sign * 17.0, 303.0 if view == "front" else 297.0, sign * 23.0, 300.0)
        if view == "front":
            path.moveTo(sign * 4.0, 74.0)
            path.quadTo(sign * 14.0, 77.0, sign * 27.0, 72.0)  # clavicle
        else:
            path.moveTo(sign * 1.0, 215.0)
            path.quadTo(sign * 16.0, 222.0, sign * 31.0, 216.0)  # gluteal fold
            path.moveTo(sign * 18.0, 86.0)
            path.quadTo(sign * 24.0, 100.0, sign * 20.0, 114.0)  # shoulder blade
    if view == "front":
        path.addEllipse(QPointF(0.0, 160.0), 1.4, 1.4)  # navel
    else:
        path.moveTo(0.0, 60.0)
        path.lineTo(0.0, 112.0)  # spine above the lumbar region
        path.moveTo(0.0, 188.0)
        path.quadTo(0.4, 200.0, 0.0, 210.0)  # natal cleft
    return path


def _inner_body() -> QPainterPath:
    """Return the silhouette shrunk by the region inset, so regions sit inside the outline."""
    body = figure_outline()
    stroker = QPainterPathStroker()
    stroker.setWidth(REGION_INSET * 2.0)
    stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return body.subtracted(stroker.createStroke(body)).simplified()


def _poly(*points: Point) -> QPainterPath:
    """Return a closed polygon path."""
    path = QPainterPath()
    path.addPolygon(QPolygonF([QPointF(x, y) for x, y in points]))
    path.closeSubpath()
    return path


def _band(top: float, bottom: float) -> QPainterPath:
    """Return the right half of a horizontal band (clipped later to the body)."""
    return _poly((0.0, top), (FIGURE_HALF_WIDTH, top), (FIGURE_HALF_WIDTH, bottom), (0.0, bottom))


def _rounded(x: float, y: float, w: float, h: float, r: float) -> QPainterPath:
    """Return a rounded rectangle path."""
    path = QPainterPath()
    path.addRoundedRect(QRectF(x, y, w, h), r, r)
    return path


def _ellipse(cx: float, cy: float, rx: float, ry: float) -> QPainterPath:
    """Return an ellipse path."""
    path = QPainterPath()
    path.addEllipse(QPointF(cx, cy), rx, ry)
    return path


_GAP = 3.0
"""Space between neighbouring regions."""


def _grow(path: QPainterPath, by: float) -> QPainterPath:
    """Return ``path`` enlarged by ``by`` on every side (used to keep a gap to a neighbour)."""
    stroker = QPainterPathStroker()
    stroker.setWidth(by * 2.0)
    stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return path.united(stroker.createStroke(path))


def _right_templates(view: ChartView) -> dict[str, QPainterPath]:
    """Return the viewer's-right region shapes of a view, keyed by area code."""
    shin = _band(306.0, 381.0)
    foot = _band(387.0, 412.0)
    if view == "back":
        sij = _ellipse(10.5, 181.0, 6.5, 7.5)
        buttock = _ellipse(22.0, 203.5, 18.5, 15.5).subtracted(_grow(sij, _GAP))
        buttock = buttock.intersected(_poly((2.0, 160.0), (60.0, 160.0), (60.0, 230.0), (2.0, 230.0)))
        return {
            "paraspinal": _rounded(8.5, 117.0, 18.0, 55.0, 5.0),
            "SIJ_PSIS": sij,
            "buttock": buttock,
            "thigh_post": _band(224.0, 292.0),
            "below_knee": shin,
            "foot": foot,
        }
    groin = _poly((26.0, 170.0), (38.0, 179.0), (9.0, 217.0), (2.5, 217.0), (2.5, 201.0))
    below_crease = _poly((26.0, 170.0), (60.0, 170.0), (60.0, 300.0), (0.0, 300.0), (0.0, 204.0))
    near_groin = _grow(groin, _GAP)
    lateral = _poly((29.5, 182.0), (60.0, 182.0), (60.0, 292.0), (22.0, 292.0))
    anterior = _poly((0.0, 170.0), (30.5 - _GAP, 170.0), (22.0 - _GAP, 292.0), (0.0, 292.0))
    return {
        "groin": groin,
        "thigh_ant": anterior.intersected(below_crease).subtracted(near_groin),
        "thigh_lat": lateral.intersected(below_crease).subtracted(near_groin),
        "below_knee": shin,
        "foot": foot,
    }


_TRUNK_AND_LEGS = _poly((-41.0, 0.0), (41.0, 0.0), (41.0, 420.0), (-41.0, 420.0))
"""Keeps regions off the arms and hands, which hang beside the thighs."""


def _side(view: ChartView, viewer_right: bool) -> str:
    """Return the location suffix for the viewer's right or left half of a view."""
    patient_left = viewer_right if view == "front" else not viewer_right
    return "L" if patient_left else "R"


def region_paths(view: ChartView) -> dict[PainLocation, QPainterPath]:
    """Return every clickable region of a view, in figure coordinates, keyed by location.

    On the back view the patient's left is on the viewer's left; on the front view it is on the
    viewer's right (the patient faces the viewer).
    """
    inner = _inner_body().intersected(_TRUNK_AND_LEGS)
    mirror = QTransform.fromScale(-1.0, 1.0)
    out: dict[PainLocation, QPainterPath] = {}
    if view == "back":
        out[PainLocation.CENTRAL_LUMBAR] = _rounded(-5.5, 117.0, 11.0, 59.0, 4.0)
    for area, template in _right_templates(view).items():
        for viewer_right in (True, False):
            shape = template if viewer_right else mirror.map(template)
            location = PainLocation(f"{area}_{_side(view, viewer_right)}")
            out[location] = shape.intersected(inner).simplified()
    return dict(sorted(out.items(), key=lambda item: item[0].order))


def side_label_x(view: ChartView, side: BodySide) -> float:
    """Return the x of a figure's 'Left'/'Right' caption: under the foot on that side of the patient."""
    viewer_right = (side is BodySide.LEFT) == (view == "front")
    return 26.0 if viewer_right else -26.0


# the domain builds its labels from templates; these are the same words, marked for translators
LOCATION_TEXT = {
    PainLocation.CENTRAL_LUMBAR: QT_TRANSLATE_NOOP("PainLocation", "Central low back"),
    PainLocation.PARASPINAL_L: QT_TRANSLATE_NOOP("PainLocation", "Left side of low back"),
    PainLocation.PARASPINAL_R: QT_TRANSLATE_NOOP("PainLocation", "Right side of low back"),
    PainLocation.SIJ_PSIS_L: QT_TRANSLATE_NOOP("PainLocation", "Left sacroiliac area"),
    PainLocation.SIJ_PSIS_R: QT_TRANSLATE_NOOP("PainLocation", "Right sacroiliac area"),
    PainLocation.BUTTOCK_L: QT_TRANSLATE_NOOP("PainLocation", "Left buttock"),
    PainLocation.BUTTOCK_R: QT_TRANSLATE_NOOP("PainLocation", "Right buttock"),
    PainLocation.GROIN_L: QT_TRANSLATE_NOOP("PainLocation", "Left groin"),
    PainLocation.GROIN_R: QT_TRANSLATE_NOOP("PainLocation", "Right groin"),
    PainLocation.THIGH_POST_L: QT_TRANSLATE_NOOP("PainLocation", "Back of left thigh"),
    PainLocation.THIGH_POST_R: QT_TRANSLATE_NOOP("PainLocation", "Back of right thigh"),
    PainLocation.THIGH_ANT_L: QT_TRANSLATE_NOOP("PainLocation", "Front of left thigh"),
    PainLocation.THIGH_ANT_R: QT_TRANSLATE_NOOP("PainLocation", "Front of right thigh"),
    PainLocation.THIGH_LAT_L: QT_TRANSLATE_NOOP("PainLocation", "Outer left thigh"),
    PainLocation.THIGH_LAT_R: QT_TRANSLATE_NOOP("PainLocation", "Outer right thigh"),
    PainLocation.BELOW_KNEE_L: QT_TRANSLATE_NOOP("PainLocation", "Left leg below the knee"),
    PainLocation.BELOW_KNEE_R: QT_TRANSLATE_NOOP("PainLocation", "Right leg below the knee"),
    PainLocation.FOOT_L: QT_TRANSLATE_NOOP("PainLocation", "Left foot"),
    PainLocation.FOOT_R: QT_TRANSLATE_NOOP("PainLocation", "Right foot"),
}

SYMPTOM_TEXT = {
    SymptomType.ACHE: QT_TRANSLATE_NOOP("SymptomType", "Ache"),
    SymptomType.SHARP: QT_TRANSLATE_NOOP("SymptomType", "Sharp"),
    SymptomType.BURNING: QT_TRANSLATE_NOOP("SymptomType", "Burning"),
    SymptomType.PINS_NEEDLES: QT_TRANSLATE_NOOP("SymptomType", "Pins and needles"),
    SymptomType.NUMBNESS: QT_TRANSLATE_NOOP("SymptomType", "Numbness"),
}

SYMPTOM_COLOURS: dict[SymptomType, QColor] = {
    SymptomType.ACHE: QColor("#E69F00"),
    SymptomType.SHARP: QColor("#D62728"),
    SymptomType.BURNING: QColor("#9C27B0"),
    SymptomType.PINS_NEEDLES: QColor("#0072B2"),
    SymptomType.NUMBNESS: QColor("#009E73"),
}
"""Distinct hues that also differ in lightness, so ache and sharp stay apart for colour-blind users."""

OUTLINE_COLOUR = QColor("#3A4350")
DETAIL_COLOUR = QColor("#A7B0BC")
BODY_FILL = QColor("#FBFCFD")
REGION_FILL = QColor(120, 134, 152, 34)
REGION_EDGE = QColor(120, 134, 152, 70)
HOVER_COLOUR = QColor("#1F6FD1")
TEXT_COLOUR = QColor("#2B323C")
MUTED_TEXT = QColor("#5F6B7A")


def mark_fill(mark: BodyMark) -> QColor:
    """Return the fill of a marked region: the symptom colour, more opaque with intensity."""
    colour = QColor(SYMPTOM_COLOURS[mark.symptom])
    colour.setAlphaF(0.28 + 0.07 * (mark.intensity - INTENSITY_MIN))
    return colour


class RegionItem(QGraphicsPathItem):
    """One clickable body-chart region on one view; shows its mark and a hover highlight."""

    def __init__(self, location: PainLocation, view: ChartView, path: QPainterPath) -> None:
        super().__init__(path)
        self.location = location
        self.view_name: ChartView = view
        self.mark: BodyMark | None = None
        self.hovered = False
        self.hover_enabled = True
        self.setAcceptHoverEvents(True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(2)
        self.restyle()

    def label(self) -> str:
        """Return the translated plain label of the location."""
        return QCoreApplication.translate("PainLocation", LOCATION_TEXT[self.location])

    def restyle(self) -> None:
        """Apply the fill, edge and tooltip for the current mark and hover state."""
        highlight = self.hovered and self.hover_enabled
        if self.mark is None:
            fill = QColor(HOVER_COLOUR) if highlight else REGION_FILL
            if highlight:
                fill.setAlpha(55)
            edge = HOVER_COLOUR if highlight else REGION_EDGE
            tip = self.label()
        else:
            fill = mark_fill(self.mark)
            edge = SYMPTOM_COLOURS[self.mark.symptom].darker(150 if highlight else 125)
            symptom = QCoreApplication.translate("SymptomType", SYMPTOM_TEXT[self.mark.symptom])
            tip = f"{self.label()}: {symptom} {self.mark.intensity}/10"
        self.setBrush(QBrush(fill))
        pen = QPen(edge, 1.8 if highlight else 0.9)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self.setPen(pen)
        self.setToolTip(tip)

    @override
    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.hovered = True
        self.restyle()
        super().hoverEnterEvent(event)

    @override
    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.hovered = False
        self.restyle()
        super().hoverLeaveEvent(event)


class ChartGraphicsView(QGraphicsView):
    """Graphics view that keeps the whole chart in sight and reports press, drag and release."""

    pressed = Signal(QPointF)
    dragged = Signal(QPointF)
    released = Signal()

    def __init__(self, scene: QGraphicsScene, parent: QWidget) -> None:
        super().__init__(scene, parent)
        self._pressing = False
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundBrush(QBrush(Qt.GlobalColor.white))
        self.setMouseTracking(True)

    def fit(self) -> None:
        """Scale the scene to fill the view, keeping its aspect ratio."""
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit()

    @override
    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self._pressing = True
            self.pressed.emit(self.mapToScene(event.position().toPoint()))
            event.accept()

    @override
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if self._pressing:
            self.dragged.emit(self.mapToScene(event.position().toPoint()))

    @override
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self._pressing and event.button() == Qt.MouseButton.LeftButton:
            self._pressing = False
            self.released.emit()
