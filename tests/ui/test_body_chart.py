"""BodyChartWidget driven with real mouse events: click, toggle, drag-paint, read-only, images."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QComboBox, QPushButton, QSpinBox
from pytestqt.qtbot import QtBot

from clinic_app.domain.intake.body_chart import BodyMark, PainLocation, SymptomType
from clinic_app.ui.widgets.body_chart import BodyChartWidget
from clinic_app.ui.widgets.body_chart_shapes import VIEWS, region_paths

P = PainLocation
S = SymptomType
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def chart(qtbot: QtBot) -> Iterator[BodyChartWidget]:
    """A shown body chart at a typical size."""
    widget = BodyChartWidget()
    qtbot.addWidget(widget)
    widget.resize(640, 560)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def choose(chart: BodyChartWidget, symptom_text: str, intensity: int) -> None:
    """Pick the symptom by its visible text and set the intensity, as a user would."""
    combo = chart.findChild(QComboBox)
    assert combo is not None and combo.accessibleName() == "Symptom"
    index = combo.findText(symptom_text)
    assert index >= 0, symptom_text
    combo.setCurrentIndex(index)
    spin = chart.findChild(QSpinBox)
    assert spin is not None and spin.accessibleName() == "Intensity"
    spin.setValue(intensity)


def click(qtbot: QtBot, chart: BodyChartWidget, location: PainLocation, view: str = "back") -> None:
    """Click the centre of a region."""
    qtbot.mouseClick(chart.view.viewport(), LEFT, pos=chart.region_centre(location, view))  # type: ignore[arg-type]


def button(chart: BodyChartWidget, text: str) -> QPushButton:
    """Find a toolbar button by its text."""
    found = [b for b in chart.findChildren(QPushButton) if b.text() == text]
    assert len(found) == 1, text
    return found[0]


def test_body_chart_click_marks_region_and_emits(qtbot: QtBot, chart: BodyChartWidget) -> None:
    choose(chart, "Pins and needles", 6)
    with qtbot.waitSignal(chart.marks_changed, timeout=1000):
        click(qtbot, chart, P.BELOW_KNEE_L, "back")
    assert chart.marks() == [BodyMark(P.BELOW_KNEE_L, S.PINS_NEEDLES, 6)]


def test_body_chart_click_again_removes_mark(qtbot: QtBot, chart: BodyChartWidget) -> None:
    choose(chart, "Pins and needles", 6)
    click(qtbot, chart, P.BELOW_KNEE_L, "back")
    with qtbot.waitSignal(chart.marks_changed, timeout=1000):
        click(qtbot, chart, P.BELOW_KNEE_L, "front")  # the same location, drawn on the front too
    assert chart.marks() == []


def test_body_chart_other_symptom_replaces_mark(qtbot: QtBot, chart: BodyChartWidget) -> None:
    choose(chart, "Ache", 3)
    click(qtbot, chart, P.BUTTOCK_R)
    choose(chart, "Burning", 8)
    click(qtbot, chart, P.BUTTOCK_R)
    assert chart.marks() == [BodyMark(P.BUTTOCK_R, S.BURNING, 8)]


def test_body_chart_drag_paints_across_regions(qtbot: QtBot, chart: BodyChartWidget) -> None:
    choose(chart, "Sharp", 7)
    viewport = chart.view.viewport()
    start = chart.region_centre(P.BUTTOCK_L, "back")
    end = chart.region_centre(P.THIGH_POST_L, "back")
    qtbot.mousePress(viewport, LEFT, pos=start)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, LEFT, pos=end)
    assert chart.marks() == [BodyMark(P.BUTTOCK_L, S.SHARP, 7), BodyMark(P.THIGH_POST_L, S.SHARP, 7)]


def test_body_chart_eraser_drag_removes(qtbot: QtBot, chart: BodyChartWidget) -> None:
    chart.set_marks([BodyMark(P.BUTTOCK_L, S.ACHE, 4), BodyMark(P.THIGH_POST_L, S.ACHE, 4),
                     BodyMark(P.FOOT_R, S.NUMBNESS, 2)])
    button(chart, "Eraser").click()
    viewport = chart.view.viewport()
    start, end = chart.region_centre(P.BUTTOCK_L, "back"), chart.region_centre(P.THIGH_POST_L, "back")
    qtbot.mousePress(viewport, LEFT, pos=start)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, LEFT, pos=end)
    assert chart.marks() == [BodyMark(P.FOOT_R, S.NUMBNESS, 2)]


def test_body_chart_every_location_is_clickable(qtbot: QtBot, chart: BodyChartWidget) -> None:
    choose(chart, "Ache", 5)
    drawn = {location for view in VIEWS for location in region_paths(view)}
    assert drawn == set(PainLocation)
    for view in VIEWS:
        for location in region_paths(view):
            chart.set_marks([])
            click(qtbot, chart, location, view)
            assert chart.marks() == [BodyMark(location, S.ACHE, 5)], (location, view)


def test_body_chart_read_only_ignores_clicks(qtbot: QtBot, chart: BodyChartWidget) -> None:
    chart.set_marks([BodyMark(P.CENTRAL_LUMBAR, S.ACHE, 5)])
    chart.set_read_only(True)
    assert chart.is_read_only()
    assert chart.toolbar.isHidden()
    with qtbot.assertNotEmitted(chart.marks_changed):
        click(qtbot, chart, P.FOOT_L, "front")
        click(qtbot, chart, P.CENTRAL_LUMBAR, "back")
    assert chart.marks() == [BodyMark(P.CENTRAL_LUMBAR, S.ACHE, 5)]
    chart.set_read_only(False)
    assert not chart.toolbar.isHidden()


def test_body_chart_set_marks_round_trips_without_signal(qtbot: QtBot, chart: BodyChartWidget) -> None:
    given = [BodyMark(P.FOOT_R, S.NUMBNESS, 2), BodyMark(P.CENTRAL_LUMBAR, S.SHARP, 9),
             BodyMark(P.GROIN_L, S.BURNING, 4)]
    with qtbot.assertNotEmitted(chart.marks_changed):
        chart.set_marks(given)
    assert chart.marks() == [given[1], given[2], given[0]]  # sorted by location
    assert "sharp central low back pain" in chart.view.accessibleDescription()


def test_body_chart_clear_all(qtbot: QtBot, chart: BodyChartWidget) -> None:
    chart.set_marks([BodyMark(P.BUTTOCK_R, S.ACHE, 3)])
    with qtbot.waitSignal(chart.marks_changed, timeout=1000):
        button(chart, "Clear all").click()
    assert chart.marks() == []


def test_body_chart_accessible_names(chart: BodyChartWidget) -> None:
    assert chart.view.accessibleName() == "Body chart"
    combo = chart.findChild(QComboBox)
    assert combo is not None
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Ache", "Sharp", "Burning", "Pins and needles", "Numbness"]
    assert button(chart, "Eraser").isCheckable()
    assert chart.minimumSize().width() >= 420 and chart.minimumSize().height() >= 360


def test_body_chart_left_right_orientation(chart: BodyChartWidget) -> None:
    # Front view: the patient faces us, so the patient's left is on the viewer's right.
    assert chart.region_centre(P.THIGH_ANT_L, "front").x() > chart.region_centre(P.THIGH_ANT_R, "front").x()
    assert chart.region_centre(P.GROIN_L, "front").x() > chart.region_centre(P.GROIN_R, "front").x()
    # Back view: we look from behind, so the patient's left is on the viewer's left.
    assert chart.region_centre(P.THIGH_POST_L, "back").x() < chart.region_centre(P.THIGH_POST_R, "back").x()
    assert chart.region_centre(P.SIJ_PSIS_L, "back").x() < chart.region_centre(P.SIJ_PSIS_R, "back").x()
    # The two figures sit side by side, front first.
    assert chart.region_centre(P.FOOT_L, "front").x() < chart.region_centre(P.FOOT_L, "back").x()


def test_body_chart_region_not_on_view_raises(chart: BodyChartWidget) -> None:
    with pytest.raises(ValueError, match="front"):
        chart.region_centre(P.BUTTOCK_L, "front")


def _image_pixel(chart: BodyChartWidget, image: QImage, viewport_point: QPoint) -> QColor:
    """Return the rendered image's colour at a viewport point of the on-screen view."""
    scene_point = chart.view.mapToScene(viewport_point)
    rect = chart.scene.sceneRect()
    scale = image.width() / rect.width()
    at = (scene_point - rect.topLeft()) * scale
    return image.pixelColor(round(at.x()), round(at.y()))


def test_body_chart_render_image_shows_marks(chart: BodyChartWidget) -> None:
    centre = chart.region_centre(P.BUTTOCK_L, "back")
    before = chart.render_image(800)
    assert not before.isNull() and before.width() == 800
    assert before.pixelColor(0, 0) == QColor(Qt.GlobalColor.white)
    chart.set_marks([BodyMark(P.BUTTOCK_L, S.SHARP, 10)])
    after = chart.render_image(800)
    plain, marked = _image_pixel(chart, before, centre), _image_pixel(chart, after, centre)
    assert marked != plain
    assert marked != QColor(Qt.GlobalColor.white)
    assert marked.red() > marked.blue() + 60  # the "sharp" colour is a strong orange-red


def test_body_chart_intensity_sets_opacity(chart: BodyChartWidget) -> None:
    centre = chart.region_centre(P.FOOT_R, "front")
    chart.set_marks([BodyMark(P.FOOT_R, S.PINS_NEEDLES, 1)])
    faint = _image_pixel(chart, chart.render_image(600), centre)
    chart.set_marks([BodyMark(P.FOOT_R, S.PINS_NEEDLES, 10)])
    strong = _image_pixel(chart, chart.render_image(600), centre)
    assert strong.lightness() < faint.lightness()


def test_body_chart_save_png_and_svg(chart: BodyChartWidget, tmp_path: Path) -> None:
    chart.set_marks([BodyMark(P.BELOW_KNEE_R, S.NUMBNESS, 5)])
    png, svg = tmp_path / "chart.png", tmp_path / "chart.svg"
    chart.save_image(png)
    chart.save_image(svg)
    assert not QImage(str(png)).isNull()
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "Body chart" in text
    with pytest.raises(ValueError, match="png or .svg"):
        chart.save_image(tmp_path / "chart.bmp")


def test_body_chart_fits_on_resize(qtbot: QtBot, chart: BodyChartWidget) -> None:
    chart.resize(420, 360)
    qtbot.waitUntil(lambda: chart.view.viewport().width() < 430)
    mapped = chart.view.mapFromScene(chart.scene.sceneRect()).boundingRect()
    viewport = chart.view.viewport().rect()
    assert mapped.width() <= viewport.width() + 2 and mapped.height() <= viewport.height() + 2
    assert viewport.contains(chart.region_centre(P.FOOT_L, "back"))
    assert isinstance(chart.view.mapToScene(QPoint(0, 0)), QPointF)


def _largest_difference(a: QImage, b: QImage) -> int:
    assert a.size() == b.size()
    return max(abs(ca - cb) for y in range(0, a.height(), 2) for x in range(a.width())
               for ca, cb in zip(a.pixelColor(x, y).getRgb(), b.pixelColor(x, y).getRgb(),
                                 strict=True))


def test_body_chart_drawn_from_its_copies_shows_the_new_patients_marks(
        qtbot: QtBot, chart: BodyChartWidget) -> None:
    from PySide6.QtWidgets import QGraphicsItem

    first = [BodyMark(P.FOOT_L, S.SHARP, 7), BodyMark(P.CENTRAL_LUMBAR, S.ACHE, 4)]
    second = [BodyMark(P.BUTTOCK_L, S.BURNING, 9), BodyMark(P.CENTRAL_LUMBAR, S.NUMBNESS, 2)]
    chart.set_marks(first)
    chart.view.viewport().grab()  # the figure's parts are drawn into their copies
    chart.set_marks(second)  # the next patient: a changed region must not show the old copy
    shown = chart.view.viewport().grab().toImage()
    plain = BodyChartWidget()  # the same chart drawn directly, nothing copied
    qtbot.addWidget(plain)
    for item in plain.scene.items():
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    plain.resize(chart.size())
    plain.show()
    qtbot.waitExposed(plain)
    plain.set_marks(second)
    expected = plain.view.viewport().grab().toImage()
    assert _largest_difference(expected, shown) <= 6  # blending rounding at the edges
    assert _largest_difference(expected, chart.view.viewport().grab().toImage()) <= 6
    assert all(item.cacheMode() is QGraphicsItem.CacheMode.DeviceCoordinateCache
               for item in chart.scene.items())
