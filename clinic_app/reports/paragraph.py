"""A reportlab paragraph that prints any script: font fallback, shaping and right-to-left order.

Use :class:`ClinicParagraph` (or :func:`user_paragraph` for typed text) wherever a report shows
text, including table cells and the page header. Compared with reportlab's ``Paragraph`` it

* re-checks every parsed run against its font and moves characters the font lacks to a bundled
  font that has them — so Arabic inside ``<i>`` or Chinese inside ``<b>`` still prints;
* turns on HarfBuzz shaping only for paragraphs that need it (Arabic, Hebrew, Indic…), because
  shaping every paragraph makes rendering several times slower;
* draws right-to-left words of each line in right-to-left order (see :mod:`.bidi`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Paragraph

from clinic_app.reports import bidi, fonts, shaping
from clinic_app.reports.text import para_text

_TOKENS = re.compile(r"\s+|\S+")


class _TextObject(PDFTextObject):  # type: ignore[misc]
    """reportlab's text object, minus a crash when a shaped run starts with a raised mark."""

    def setRise(self, rise: float) -> None:
        if self._code:
            super().setRise(rise)
            return
        # reportlab 5.1 reads self._code[-1] here, which fails on an empty run ("آً<").
        self._rise = rise
        self._y -= rise
        self._code.append(f"{fp_str(rise)} Ts")


class ClinicParagraph(Paragraph):
    """A ``Paragraph`` whose every glyph prints, in the right order, whatever the script."""

    frags: Any
    style: Any
    blPara: Any

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle | None = None,
        bulletText: str | None = None,  # noqa: N803 - reportlab's keyword
        frags: list[Any] | None = None,
        caseSensitive: int = 1,  # noqa: N803 - reportlab's keyword
        encoding: str = "utf8",
    ) -> None:
        fonts.register_fonts()
        shaping.install()
        super().__init__(text, style, bulletText, frags, caseSensitive, encoding)

    def _setup(self, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:  # noqa: N803
        super()._setup(text, style, bulletText, frags, cleaner)
        if frags is not None:
            return  # a piece of a split paragraph: its frags and style are already prepared
        self.frags = fallback_frags(self.frags)
        plain = "".join(getattr(frag, "text", "") for frag in self.frags)
        if fonts.needs_shaping(plain) and fonts.shaping_available() and not self.style.shaping:
            self.style = ParagraphStyle(f"{self.style.name}+shaped", parent=self.style, shaping=1)

    def beginText(self, x: float, y: float) -> Any:
        """Return the canvas's text object, with the empty-run fix of :class:`_TextObject`."""
        text_object = super().beginText(x, y)
        if type(text_object) is PDFTextObject:
            text_object.__class__ = _TextObject
        return text_object

    def drawPara(self, debug: int = 0) -> None:
        """Draw with right-to-left runs of each line in visual order, then restore the lines."""
        logical = self.blPara
        visual = visual_lines(logical, shaped=bool(self.style.shaping))
        if visual is None:
            super().drawPara(debug)
            return
        self.blPara = visual
        try:
            super().drawPara(debug)
        finally:
            self.blPara = logical


def user_paragraph(user_text: str, style: ParagraphStyle) -> ClinicParagraph:
    """Return a paragraph that prints ``user_text`` literally (markup characters included)."""
    return ClinicParagraph(para_text(user_text, style.fontName), style)


def fallback_frags(frags: Sequence[Any]) -> list[Any]:
    """Split parsed frags so each piece is set in a font that has its glyphs."""
    result: list[Any] = []
    for frag in frags:
        text = getattr(frag, "text", "")
        if hasattr(frag, "cbDefn") or not text or not fonts.is_bundled(frag.fontName):
            result.append(frag)
            continue
        runs = fonts.font_runs(text, frag.fontName)
        if len(runs) == 1 and runs[0][0] == frag.fontName:
            result.append(frag)
            continue
        for font_name, segment in runs:
            piece = copy.copy(frag)
            piece.fontName = font_name
            piece.text = segment
            result.append(piece)
    return result


def visual_lines(lines_para: Any, *, shaped: bool) -> Any | None:
    """Return a copy of broken paragraph lines in drawing order, or None if nothing is RTL.

    ``shaped`` says HarfBuzz has already put each right-to-left word's glyphs in drawing order;
    otherwise those words are reversed here (unjoined, but legible in the right order).
    """
    if lines_para.kind == 1:
        if not any(bidi.has_rtl(getattr(w, "text", "")) for line in lines_para.lines for w in line.words):
            return None
        return lines_para.clone(lines=[_visual_frag_line(line, shaped) for line in lines_para.lines])
    if not any(bidi.has_rtl(word) for _, words in lines_para.lines for word in words):
        return None
    return lines_para.clone(lines=[(extra, _visual_words(words)) for extra, words in lines_para.lines])


def _visual_words(words: Sequence[str]) -> list[str]:
    """Reorder the words of an unshaped single-font line (words are drawn space-separated)."""
    directions = [bidi.direction_of(word) for word in words]
    in_rtl = bidi.reversed_run_members(directions)
    visual: list[str] = []
    for index in bidi.visual_order(directions):
        word = words[index]
        if in_rtl[index]:
            parts = bidi.split_edges(word)  # punctuation at the ends stays on its side here
            core = max(range(len(parts)), key=lambda i: bidi.has_rtl(parts[i])) if len(parts) > 1 else 0
            word = "".join(bidi.visual_word(p) if i == core else p for i, p in enumerate(parts))
        visual.append(word)
    return visual


def _rtl_piece(piece: Any, direction: str, shaped: bool) -> Any:
    """Return a token of a right-to-left run as it is drawn."""
    if direction == "R" and shaped:
        return piece  # HarfBuzz already laid the glyphs out right to left
    text = str(piece)
    shape_data = getattr(piece, "__shapeData__", None)
    if shape_data is None:
        return bidi.visual_word(text)
    order = bidi.visual_permutation(text)
    return type(piece)(bidi.mirror("".join(text[i] for i in order)), shapeData=[shape_data[i] for i in order])


def _visual_frag_line(line: Any, shaped: bool) -> Any:
    tokens: list[tuple[Any, Any]] = []
    for frag in line.words:
        if hasattr(frag, "cbDefn"):
            tokens.append((frag, None))
            continue
        text = frag.text
        for match in _TOKENS.finditer(str(text)):
            token = text[match.start() : match.end()]
            tokens.extend((frag, part) for part in bidi.split_edges(token))
    directions: list[bidi.Direction] = [
        "ON" if piece is None else bidi.direction_of(str(piece)) for _, piece in tokens
    ]
    in_rtl = bidi.reversed_run_members(directions)
    words: list[Any] = []
    sources: list[Any] = []
    for index in bidi.visual_order(directions):
        frag, piece = tokens[index]
        if piece is None:
            words.append(frag)
            sources.append(None)
            continue
        if in_rtl[index]:
            piece = _rtl_piece(piece, directions[index], shaped)
        if sources and sources[-1] is frag:
            words[-1].text = words[-1].text + piece
            continue
        clone = copy.copy(frag)
        clone.text = piece
        words.append(clone)
        sources.append(frag)
    visual = copy.copy(line)
    visual.words = words
    return visual
