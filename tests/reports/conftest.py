"""Fixtures for the PDF tests: a branding with a real logo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pdf_helpers import ACCENT
from PIL import Image, ImageDraw

from clinic_app.reports.styles import Branding


@pytest.fixture
def logo(tmp_path: Path) -> Path:
    """A small PNG logo with transparency."""
    path = tmp_path / "logo.png"
    image = Image.new("RGBA", (160, 120), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 0, 140, 120), fill=(31, 111, 139, 255))
    draw.polygon([(50, 95), (80, 25), (110, 95)], fill=(255, 255, 255, 255))
    image.save(path)
    return path


@pytest.fixture
def make_branding(logo: Path) -> Callable[..., Branding]:
    """Return a factory for a complete branding; keyword arguments override fields."""

    def make(**overrides: object) -> Branding:
        fields: dict[str, object] = {
            "clinic_name": "Stride Physio & Running Clinic",
            "address_lines": ("12 Harbour Road", "Bristol BS1 4QA"),
            "phone": "0117 496 0321",
            "logo_path": logo,
            "accent_colour": ACCENT,
        }
        fields.update(overrides)
        return Branding(**fields)  # type: ignore[arg-type]

    return make
