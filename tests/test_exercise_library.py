"""The shipped exercise library: complete, consistent, and every drawing renders in Qt."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from clinic_app.domain.rehab.exercises import (
    Exercise,
    ExerciseFamily,
    library_problems,
    parse_library,
    validate_dose,
)
from clinic_app.paths import resource

LIBRARY = resource("exercises", "library.json")
ILLUSTRATIONS = resource("exercises", "illustrations")
SVG_NS = "{http://www.w3.org/2000/svg}"

REQUIRED_NAMES = {
    "McGill curl-up", "McGill curl-up, head only", "McGill curl-up, elbows lifted",
    "Side plank from knees", "Side plank from feet", "Side plank roll",
    "Bird dog", "Bird dog, arm or leg only", "Bird dog sweeps",
    "Dead bug", "Dead bug heel taps", "Dead bug with band",
    "Glute bridge", "Marching bridge", "Single-leg bridge", "Clamshell", "Side-lying hip abduction",
    "Banded side-walk", "Single-leg Romanian deadlift", "Step-down",
    "Cat-camel", "Kneeling hip flexor stretch", "Piriformis stretch (supine figure-4)",
    "Sciatic nerve slider (seated)", "Prone press-up (extension in lying)",
    "Pogo hops (low amplitude)", "Two-leg hops", "Single-leg hops", "Forward-back and side-to-side hops",
    "A-skip", "Brisk walk (30 min)", "Wall sit", "Single-leg squat to chair",
}


@pytest.fixture(scope="module")
def exercises() -> list[Exercise]:
    return parse_library(json.loads(LIBRARY.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def qt_gui() -> Iterator[None]:
    """QSvgRenderer needs a Qt application object; reuse the session's one when it exists."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    if QGuiApplication.instance() is None:
        # A QApplication (a QGuiApplication subclass) so widget tests later in the session still work.
        QApplication([])
    yield


def test_library_is_big_enough_and_covers_every_family(exercises: list[Exercise]) -> None:
    assert len(exercises) >= 30
    assert {e.family for e in exercises} == set(ExerciseFamily)


def test_every_named_exercise_is_present(exercises: list[Exercise]) -> None:
    names = {e.name for e in exercises}
    assert REQUIRED_NAMES - names == set()


def test_library_has_no_problems(exercises: list[Exercise]) -> None:
    assert library_problems(exercises) == []


def test_every_default_dose_validates(exercises: list[Exercise]) -> None:
    bad = {e.id: problems for e in exercises if (problems := validate_dose(e.default_dose))}
    assert bad == {}
    assert all(e.default_dose.describe() for e in exercises)


def test_doses_follow_clinical_defaults(exercises: list[Exercise]) -> None:
    by_id = {e.id: e for e in exercises}
    curl_up = by_id["mcgill-curl-up"].default_dose
    assert (curl_up.hold_seconds, curl_up.pyramid, curl_up.days_per_week) == (10, (5, 3, 1), 7)
    for side_plank in ("side-plank-knees", "side-plank-feet"):
        dose = by_id[side_plank].default_dose
        assert (dose.hold_seconds, dose.pyramid, dose.per_side) == (10, (5, 3, 1), True)
    bird_dog = by_id["bird-dog"].default_dose
    assert bird_dog.pyramid and bird_dog.per_side and 5 <= (bird_dog.hold_seconds or 0) <= 10
    bridge = by_id["glute-bridge"].default_dose
    assert 2 <= bridge.sets <= 3 and 10 <= (bridge.reps or 0) <= 15 and 2 <= (bridge.hold_seconds or 0) <= 3
    dead_bug = by_id["dead-bug"].default_dose
    assert 2 <= dead_bug.sets <= 3 and 6 <= (dead_bug.reps or 0) <= 10 and dead_bug.per_side
    for hip_abduction in ("clamshell", "side-lying-hip-abduction", "banded-side-walk"):
        dose = by_id[hip_abduction].default_dose
        assert 2 <= dose.sets <= 3 and 12 <= (dose.reps or 0) <= 15
    assert by_id["two-leg-hops"].default_dose.describe().startswith("3 sets of 30 hops")
    assert by_id["brisk-walk"].default_dose.duration_minutes == 30


def test_ids_match_illustration_names(exercises: list[Exercise]) -> None:
    assert all(e.illustration == f"{e.id}.svg" for e in exercises)


def test_every_illustration_file_exists(exercises: list[Exercise]) -> None:
    missing = [e.illustration for e in exercises if not (ILLUSTRATIONS / e.illustration).is_file()]
    assert missing == []


def _svg_files() -> list[Path]:
    return sorted(ILLUSTRATIONS.glob("*.svg"))


def test_illustration_folder_holds_only_library_drawings(exercises: list[Exercise]) -> None:
    assert {p.name for p in _svg_files()} == {e.illustration for e in exercises}


@pytest.mark.parametrize("path", _svg_files(), ids=lambda p: p.stem)
def test_illustration_is_plain_self_contained_svg(path: Path) -> None:
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox") == "0 0 400 260"
    tags = {element.tag.removeprefix(SVG_NS) for element in root.iter()}
    assert tags <= {"svg", "g", "line", "polyline", "polygon", "path", "circle", "rect"}, tags
    text = path.read_text(encoding="utf-8")
    for forbidden in ("<image", "<text", "<foreignObject", "<filter", "<style", "var(", "href", "url("):
        assert forbidden not in text, forbidden
    assert 'stroke="#1f3a4d"' in text


@pytest.mark.parametrize("path", _svg_files(), ids=lambda p: p.stem)
def test_illustration_renders_in_qt(path: Path, qt_gui: None) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(path))
    assert renderer.isValid()
    assert renderer.defaultSize().width() == 400 and renderer.defaultSize().height() == 260
    image = QImage(200, 130, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    inked = sum(1 for x in range(0, 200, 2) for y in range(0, 130, 2)
                if image.pixelColor(x, y) != QColor(Qt.GlobalColor.white))
    assert inked > 100, "the drawing rendered (almost) blank"
