"""Branding is checked when it is made: bad logos and colours are refused with a clear message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from clinic_app.reports.document import build_pdf
from clinic_app.reports.styles import LARGE_PRINT_SIZE, NORMAL_PRINT_SIZE, Branding, make_styles

MakeBranding = Callable[..., Branding]


def test_missing_logo_is_refused(tmp_path: Path, make_branding: MakeBranding) -> None:
    with pytest.raises(ValueError, match=r"Logo file not found: .*nowhere\.png"):
        make_branding(logo_path=tmp_path / "nowhere.png")


def test_logo_that_is_not_an_image_is_refused(tmp_path: Path, make_branding: MakeBranding) -> None:
    fake = tmp_path / "logo.png"
    fake.write_text("this is not a picture", encoding="utf-8")
    with pytest.raises(ValueError, match="logo.png is not a PNG or JPEG image"):
        make_branding(logo_path=fake)


def test_other_image_formats_are_refused(tmp_path: Path, make_branding: MakeBranding) -> None:
    gif = tmp_path / "logo.gif"
    Image.new("RGB", (10, 10), "red").save(gif)
    with pytest.raises(ValueError, match="not a PNG or JPEG"):
        make_branding(logo_path=gif)


def test_truncated_png_is_refused(tmp_path: Path, logo: Path, make_branding: MakeBranding) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(logo.read_bytes()[:60])
    with pytest.raises(ValueError, match="broken.png is not a readable PNG or JPEG image"):
        make_branding(logo_path=broken)


def test_jpeg_logo_is_accepted(tmp_path: Path, make_branding: MakeBranding) -> None:
    jpeg = tmp_path / "logo.jpg"
    Image.new("RGB", (40, 20), "navy").save(jpeg, "JPEG")
    assert make_branding(logo_path=str(jpeg)).logo_pixels == (40, 20)


def test_logo_removed_before_printing_fails_cleanly(
    tmp_path: Path, logo: Path, make_branding: MakeBranding
) -> None:
    branding = make_branding()
    logo.unlink()
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ValueError, match="Logo file not found"):
        build_pdf(out / "x.pdf", "Handout", lambda ctx: [], branding, "Anna")
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("colour", ["blue", "#12345", "#GGGGGG", "", "1F6F8B00"])
def test_bad_accent_colour_is_refused(make_branding: MakeBranding, colour: str) -> None:
    with pytest.raises(ValueError, match="Accent colour must be a hex colour"):
        make_branding(accent_colour=colour)


def test_accent_colour_is_normalised(make_branding: MakeBranding) -> None:
    assert make_branding(accent_colour="1f6f8b").accent_colour == "#1F6F8B"
    assert make_branding(accent_colour="#18b").accent_colour == "#1188BB"


def test_bad_paper_size_and_empty_name_are_refused(make_branding: MakeBranding) -> None:
    with pytest.raises(ValueError, match="Paper size must be 'A4' or 'Letter'"):
        make_branding(paper_size="A5")
    with pytest.raises(ValueError, match="Clinic name is required"):
        make_branding(clinic_name="  ")
    with pytest.raises(ValueError, match="sequence of lines"):
        make_branding(address_lines="12 Harbour Road")


def test_large_print_scales_every_style(make_branding: MakeBranding) -> None:
    normal = make_styles(make_branding())
    large = make_styles(make_branding(large_print=True))
    assert normal.body.fontSize == NORMAL_PRINT_SIZE
    assert large.body.fontSize == LARGE_PRINT_SIZE
    ratio = LARGE_PRINT_SIZE / NORMAL_PRINT_SIZE
    for name in ("heading", "table_cell", "header_clinic", "footer"):
        assert getattr(large, name).fontSize == pytest.approx(getattr(normal, name).fontSize * ratio)
