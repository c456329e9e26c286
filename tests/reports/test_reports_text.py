"""para_text: typed text prints literally, in any script, and never breaks a paragraph."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from clinic_app.reports import fonts
from clinic_app.reports.paragraph import ClinicParagraph, user_paragraph
from clinic_app.reports.text import clean_text, escape, para_text

STYLE = ParagraphStyle("t", fontName=fonts.REGULAR, fontSize=10.5, leading=14)


def plain_text(paragraph: ClinicParagraph) -> str:
    """The parsed text of a paragraph (before it is wrapped), line breaks as newlines."""
    return "".join("\n" if getattr(frag, "lineBreak", False) else frag.text for frag in paragraph.frags)


def test_para_text_escapes_markup_and_quotes() -> None:
    assert para_text("O'Brien <b>&</b> \"x\"") == "O&#39;Brien &lt;b&gt;&amp;&lt;/b&gt; &quot;x&quot;"


def test_para_text_turns_newlines_into_line_breaks() -> None:
    assert para_text("line one\r\nline two\rthree\nfour") == "line one<br/>line two<br/>three<br/>four"


def test_para_text_drops_control_characters_and_tabs() -> None:
    assert clean_text("a\x00b\x07c\td\x7f") == "abc d"


def test_para_text_wraps_only_fallback_runs_in_our_font_tags() -> None:
    markup = para_text("Łukasz 李雷 عائشة")
    assert markup == f'Łukasz <font name="{fonts.CJK}">李雷 </font>عائشة'


def test_user_font_tags_and_entities_print_literally() -> None:
    nasty = "<font name='Courier'>x</font> &amp; <br/> <img src='x'/> &#0; ]]> <![CDATA[ y"
    paragraph = ClinicParagraph(para_text(nasty), STYLE)
    assert plain_text(paragraph) == nasty
    assert {frag.fontName for frag in paragraph.frags} == {fonts.REGULAR}


def test_user_paragraph_keeps_the_style_font_for_bold_styles() -> None:
    bold = ParagraphStyle("b", parent=STYLE, fontName=fonts.BOLD)
    paragraph = user_paragraph("Zoë 李雷 عائشة", bold)
    assert [frag.fontName for frag in paragraph.frags] == [fonts.BOLD, fonts.CJK, fonts.BOLD]


@pytest.mark.parametrize("wrapper", ["<b>{}</b>", "<i>{}</i>", "<b><i>{}</i></b>", "{}"])
def test_every_character_is_set_in_a_font_that_has_it(wrapper: str) -> None:
    text = "Zoë Łukasz O'Brien <b>&</b> 李雷 김민수 ひらがな عائشة Жанна Ωμέγα שלום №5 – “ok” ✓"
    paragraph = ClinicParagraph(wrapper.format(para_text(text)), STYLE)
    assert plain_text(paragraph) == text
    missing = [
        (char, frag.fontName)
        for frag in paragraph.frags
        for char in frag.text
        if not fonts.covers(frag.fontName, char)
    ]
    assert missing == []


def test_escape_leaves_other_text_alone() -> None:
    assert escape("Zoë 李雷") == "Zoë 李雷"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80))
def test_any_typed_text_renders_and_reads_back(text: str) -> None:
    paragraph = ClinicParagraph(para_text(text), STYLE)
    parsed = plain_text(paragraph)
    canvas = Canvas(io.BytesIO())
    paragraph.wrapOn(canvas, 300, 800)
    paragraph.drawOn(canvas, 50, 50)
    canvas.save()
    assert " ".join(parsed.split()) == " ".join(clean_text(text).split())
