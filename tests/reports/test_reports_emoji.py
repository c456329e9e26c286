"""Emoji and symbols typed in names and notes print with real glyphs, never as empty boxes.

Every glyph pdfminer reads back is checked against the cmap of the bundled font that drew it: a
character that font lacks would have been drawn as its ``.notdef`` box.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from pathlib import Path

from pdf_helpers import _glyphs, pdf_text
from pdfminer.high_level import extract_pages
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from clinic_app.reports import fonts
from clinic_app.reports.document import StoryContext, build_pdf
from clinic_app.reports.paragraph import user_paragraph
from clinic_app.reports.styles import Branding
from clinic_app.services.context import Actor
from clinic_app.services.handouts import HandoutKind
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft

MakeBranding = Callable[..., Branding]
NAME = "Zoë 🏃 Runner 👍🏽"
NOTE = "Hops ✓ → ★ ♥ — keeps going 💪 ❤️"
EMOJI = "🏃👍🏽💪"
SYMBOLS = "✓→★♥"
BUNDLED = (fonts.REGULAR, fonts.BOLD, fonts.ITALIC, fonts.BOLD_ITALIC, fonts.CJK, fonts.EMOJI)


def drawn_glyphs(pdf: Path | bytes) -> list[tuple[str, str]]:
    """``(bundled font name, character)`` for every glyph drawn in the document."""
    fonts.register_fonts()
    registered = {_postscript_name(name): name for name in BUNDLED}
    source = str(pdf) if isinstance(pdf, Path) else io.BytesIO(pdf)
    found: list[tuple[str, str]] = []
    for layout in extract_pages(source):
        for glyph in _glyphs(layout):
            name = glyph.fontname.split("+", 1)[-1]  # drop the subset tag
            found.extend((registered.get(name, name), char) for char in glyph.get_text())
    return found


def _postscript_name(font_name: str) -> str:
    face = pdfmetrics.getFont(font_name).face
    return str(face.name.decode("latin-1"))


def boxes(glyphs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The glyphs whose font has no outline for their character (printed as ``.notdef``).

    reportlab draws a character its font lacks with glyph 0 and maps it back to U+0000.
    """
    return [(font, char) for font, char in glyphs
            if not char.isspace() and fonts.is_bundled(font) and not fonts.covers(font, char)]


def note_story(ctx: StoryContext) -> Iterable[Flowable]:
    yield user_paragraph(f"Visit note for {NAME}", ctx.styles.heading)
    yield user_paragraph(NOTE, ctx.styles.body)


def test_emoji_fall_back_to_the_emoji_font_and_symbols_stay_in_the_text_font() -> None:
    runs = fonts.font_runs("Zoë 🏃 ✓ → ★ ♥", fonts.BOLD)
    assert runs == [(fonts.BOLD, "Zoë "), (fonts.EMOJI, "🏃 "), (fonts.BOLD, "✓ → ★ ♥")]
    for char in EMOJI:
        assert fonts.covers(fonts.EMOJI, char), hex(ord(char))


def test_emoji_and_symbols_in_a_name_and_a_note_print_with_real_glyphs(
        tmp_path: Path, make_branding: MakeBranding) -> None:
    out = tmp_path / "note.pdf"
    build_pdf(out, "Visit note", note_story, make_branding(), f"{NAME} · born 1990-04-12 · SC-000123")
    glyphs = drawn_glyphs(out)
    drawn = {char: font for font, char in glyphs}
    for char in EMOJI:
        assert drawn.get(char) == fonts.EMOJI, (char, drawn.get(char))
    for char in SYMBOLS:
        assert drawn.get(char, "").startswith("DejaVuSans"), (char, drawn.get(char))
    assert not boxes(glyphs)
    text = pdf_text(out)  # copied or searched, the emoji read back as typed (not U+1F3C…)
    for piece in ("🏃", "👍🏽", "💪", "✓ → ★ ♥"):
        assert piece in text, piece


def test_the_box_check_would_see_a_character_no_font_has(
        tmp_path: Path, make_branding: MakeBranding) -> None:
    """The check above can fail: a private-use character is drawn as a box and is reported."""

    def story(ctx: StoryContext) -> Iterable[Flowable]:
        yield user_paragraph("odd \ue000 mark", ctx.styles.body)

    out = tmp_path / "box.pdf"
    build_pdf(out, "Handout", story, make_branding(), "Pat Smith")
    found = boxes(drawn_glyphs(out))
    assert found, "a character no bundled font has must be reported"
    assert {font for font, _ in found} == {fonts.REGULAR}


def test_a_patient_named_with_an_emoji_gets_a_handout_without_boxes(
        services: Services, clinician: Actor) -> None:
    changes = services.patients.create(clinician, make_draft(given_name="Zoë 🏃", family_name="Runner ★"),
                                       TODAY)
    assert changes.created_id is not None
    rendered = services.handouts.render(clinician, changes.created_id, HandoutKind.EDUCATION_DOCTOR,
                                        record=False, today=TODAY)
    glyphs = drawn_glyphs(rendered.pdf)
    assert (fonts.EMOJI, "🏃") in glyphs
    assert any(char == "★" and font.startswith("DejaVuSans") for font, char in glyphs)
    assert not boxes(glyphs)
