"""ClinicParagraph on a real page: shaped Arabic, right-to-left word order, mixed fonts."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_helpers import has_arabic, nfkc, pdf_text, words_left_to_right
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate

from clinic_app.reports import fonts
from clinic_app.reports.paragraph import ClinicParagraph, user_paragraph
from clinic_app.reports.text import para_text

STYLE = ParagraphStyle("t", fontName=fonts.REGULAR, fontSize=12, leading=16)


def render(tmp_path: Path, *paragraphs: ClinicParagraph) -> Path:
    path = tmp_path / "p.pdf"
    SimpleDocTemplate(str(path)).build(list(paragraphs))
    return path


def line_words(path: Path) -> list[list[str]]:
    lines: dict[int, list[str]] = {}
    for y, _x, word in words_left_to_right(path):
        lines.setdefault(y, []).append(word)
    return list(lines.values())


def test_arabic_is_shaped_into_joined_forms(tmp_path: Path) -> None:
    text = pdf_text(render(tmp_path, user_paragraph("عائشة", STYLE)))
    assert any(0xFE70 <= ord(char) <= 0xFEFF for char in text)  # contextual (joined) forms
    assert has_arabic(text, "عائشة")


def test_arabic_words_read_right_to_left_inside_an_english_line(tmp_path: Path) -> None:
    path = render(tmp_path, user_paragraph("Name: عائشة بنت محمد (2) end", STYLE))
    # Drawn left to right: the Arabic run reversed, the number after it belonging to the run.
    assert line_words(path) == [["Name:", "(2)", "دمحم", "تنب", "ةشئاع", "end"]]


def test_right_to_left_order_is_applied_per_line_after_wrapping(tmp_path: Path) -> None:
    paragraph = ClinicParagraph(para_text("one two عائشة بنت محمد بن عبد الله"), STYLE)
    path = tmp_path / "narrow.pdf"
    SimpleDocTemplate(str(path), leftMargin=72, rightMargin=595 - 72 - 150).build([paragraph])
    lines = line_words(path)
    assert len(lines) > 1
    # The first Arabic word ends the first line (rightmost); the last one is on the last line.
    assert lines[0][-1] == "ةشئاع"
    assert lines[-1][0] == "هللا"


def test_hebrew_reads_right_to_left(tmp_path: Path) -> None:
    path = render(tmp_path, user_paragraph("שלום עולם and hello", STYLE))
    assert line_words(path) == [["םלוע", "םולש", "and", "hello"]]


def test_a_word_mixing_fonts_is_shaped_font_by_font(tmp_path: Path) -> None:
    markup = "<b>Name</b>:" + para_text("(李雷) عائشة")
    path = render(tmp_path, ClinicParagraph(markup, STYLE))
    assert line_words(path) == [["Name:(李雷)", "ةشئاع"]]


def test_arabic_inside_italic_falls_back_to_the_upright_face(tmp_path: Path) -> None:
    paragraph = ClinicParagraph("<i>" + para_text("Note عائشة") + "</i>", STYLE)
    assert [(frag.fontName, frag.text) for frag in paragraph.frags] == [
        (fonts.ITALIC, "Note "),
        (fonts.REGULAR, "عائشة"),
    ]
    assert has_arabic(pdf_text(render(tmp_path, paragraph)), "عائشة")


def test_a_raised_mark_at_the_start_of_a_run_does_not_crash(tmp_path: Path) -> None:
    # reportlab 5.1 alone raises IndexError drawing this (tanween over alef, then "<").
    path = render(tmp_path, user_paragraph("آً<", STYLE))
    assert "آ" in nfkc(pdf_text(path))


def test_plain_latin_paragraphs_are_not_shaped() -> None:
    assert not user_paragraph("Zoë Łukasz 李雷", STYLE).style.shaping
    assert user_paragraph("عائشة", STYLE).style.shaping


@pytest.mark.parametrize("text", ["Name: عائشة بنت محمد end", "李雷 عائشة بنت محمد end"])
def test_without_harfbuzz_arabic_still_reads_right_to_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.setattr(fonts, "shaping_available", lambda: False)
    paragraph = user_paragraph(text, STYLE)
    assert not paragraph.style.shaping
    words = line_words(render(tmp_path, paragraph))[0]
    assert words[-4:] == ["دمحم", "تنب", "ةشئاع", "end"]


@pytest.mark.parametrize("shaped", [True, False])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dear عائشة, here", ["Dear", "ةشئاع,", "here"]),  # English comma stays on the English side
        ("Arabic: عائشة، محمد. 中文", ["Arabic:", "دمحم", "،ةشئاع.", "中文"]),  # Arabic comma inside the run
        ("(عائشة) and «عائشة»", ["(ةشئاع)", "and", "«ةشئاع»"]),
    ],
)
def test_punctuation_around_arabic_goes_to_the_right_side(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: list[str], shaped: bool
) -> None:
    if not shaped:
        monkeypatch.setattr(fonts, "shaping_available", lambda: False)
    assert line_words(render(tmp_path, user_paragraph(text, STYLE))) == [expected]
