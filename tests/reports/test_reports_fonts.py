"""Bundled fonts: present with their licences, registered once, chosen per character."""

from __future__ import annotations

import pytest

from clinic_app.paths import resource
from clinic_app.reports import fonts

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf",
              "wqy-microhei.ttc", "NotoEmoji-Regular.ttf")
LICENCES = ("LICENSE-DejaVu.txt", "LICENSE-WenQuanYi-MicroHei.txt", "LICENSE-Apache-2.0.txt",
            "LICENSE-NotoEmoji-OFL.txt")


def test_fonts_ship_with_their_licences_and_stay_small() -> None:
    folder = resource("fonts")
    for name in FONT_FILES + LICENCES + ("README.md",):
        assert (folder / name).is_file(), name
    assert "Bitstream" in (folder / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Apache" in (folder / "LICENSE-WenQuanYi-MicroHei.txt").read_text(encoding="utf-8")
    assert "SIL Open Font License" in (folder / "LICENSE-NotoEmoji-OFL.txt").read_text(encoding="utf-8")
    total = sum(path.stat().st_size for path in folder.iterdir())
    assert total < 12 * 1024 * 1024


def test_fonts_are_truetype_outlines_reportlab_can_embed() -> None:
    for name in FONT_FILES:
        head = resource("fonts", name).read_bytes()[:4]
        assert head in (b"\x00\x01\x00\x00", b"ttcf"), name  # not CFF ("OTTO")


def test_register_fonts_is_idempotent() -> None:
    fonts.register_fonts()
    fonts.register_fonts()
    from reportlab.lib.fonts import tt2ps
    from reportlab.pdfbase import pdfmetrics

    for name in (fonts.REGULAR, fonts.BOLD, fonts.ITALIC, fonts.BOLD_ITALIC, fonts.CJK, fonts.EMOJI):
        assert pdfmetrics.getFont(name).fontName == name
    assert tt2ps(fonts.FAMILY, 1, 1) == fonts.BOLD_ITALIC
    assert tt2ps(fonts.CJK, 1, 0) == fonts.CJK


@pytest.mark.parametrize(
    ("text", "font", "runs"),
    [
        ("Zoë Łukasz O'Brien", fonts.REGULAR, [(fonts.REGULAR, "Zoë Łukasz O'Brien")]),
        ("Łukasz 李雷 عائشة", fonts.REGULAR,
         [(fonts.REGULAR, "Łukasz "), (fonts.CJK, "李雷 "), (fonts.REGULAR, "عائشة")]),
        ("李雷，王芳 Smith", fonts.REGULAR, [(fonts.CJK, "李雷，王芳 "), (fonts.REGULAR, "Smith")]),
        ("김민수", fonts.BOLD, [(fonts.CJK, "김민수")]),
        ("Italic عائشة x", fonts.ITALIC,
         [(fonts.ITALIC, "Italic "), (fonts.REGULAR, "عائشة "), (fonts.ITALIC, "x")]),
        ("", fonts.REGULAR, []),
        ("plain", "Helvetica", [("Helvetica", "plain")]),
    ],
)
def test_font_runs_pick_the_first_font_with_the_glyphs(
    text: str, font: str, runs: list[tuple[str, str]]
) -> None:
    assert fonts.font_runs(text, font) == runs


def test_every_script_a_clinic_sees_is_covered() -> None:
    names = "Zoë Łukasz O'Brien Ωμέγα Жанна שלום عائشة 李雷 王芳 김민수 さくら カタカナ"
    for font, segment in fonts.font_runs(names):
        assert all(fonts.covers(font, char) for char in segment), (font, segment)


def test_shaping_is_needed_for_arabic_and_hebrew_only() -> None:
    assert fonts.needs_shaping("عائشة")
    assert fonts.needs_shaping("שלום")
    assert not fonts.needs_shaping("Zoë Łukasz 李雷 Жанна")


def test_shaping_is_available() -> None:
    assert fonts.shaping_available(), "uharfbuzz is missing: Arabic would print unjoined (add it to the deps)"
