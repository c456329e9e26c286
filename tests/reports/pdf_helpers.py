"""Ways to read a generated PDF back with Python packages only: text (pypdf), word positions
(pdfminer.six), rendered pages (pypdfium2), structure checks (pikepdf). No system program is needed."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar
from PIL import Image
from pypdf import PdfReader

ACCENT = "#1F6F8B"


def pdf_pages_text(path: Path) -> list[str]:
    """Return each page's extracted text (pypdf)."""
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def pdf_text(path: Path) -> str:
    """Return the whole document's extracted text."""
    return "\n".join(pdf_pages_text(path))


def nfkc(text: str) -> str:
    """Fold shaped Arabic presentation forms back to plain letters for comparison."""
    return unicodedata.normalize("NFKC", text)


def has_arabic(text: str, word: str) -> bool:
    """Return whether ``word`` appears in extracted ``text``, in logical or visual order."""
    folded = nfkc(text)
    return word in folded or word[::-1] in folded


def pdf_problems(source: Path | bytes) -> list[str]:
    """Return the syntax and structure problems pikepdf (qpdf's library) finds; empty when valid."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        problems = list(pdf.check_pdf_syntax())
        for page in pdf.pages:  # every page's content stream must decode and parse
            pikepdf.parse_content_stream(page)
        return problems


def render_page(path: Path, page: int = 1, dpi: int = 80) -> Image.Image:
    """Render one page (1-based) to an RGB image with pypdfium2 (PDFium)."""
    document = pdfium.PdfDocument(str(path))
    try:
        return document[page - 1].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()


def words_left_to_right(path: Path, page: int = 1) -> list[tuple[float, float, str]]:
    """Return ``(y, x, word)`` for every word drawn on a page, top line first, in drawn order.

    pdfminer reads glyphs exactly as drawn (no bidi reordering or bracket mirroring, unlike a
    text extractor meant for reading): a line is the glyphs sharing a baseline, read left to right,
    and words are split at white space, as they stand on paper.
    """
    glyphs: list[tuple[int, float, str]] = []
    for layout in extract_pages(str(path), page_numbers=[page - 1]):
        glyphs = [(round(layout.height - glyph.y0), glyph.x0, glyph.get_text()) for glyph in _glyphs(layout)]
    lines: dict[int, list[tuple[float, str]]] = {}
    for y, x, char in glyphs:
        key = next((known for known in lines if abs(known - y) <= 2), y)
        lines.setdefault(key, []).append((x, char))
    words: list[tuple[float, float, str]] = []
    for y, chars in lines.items():
        current, start = "", 0.0
        for x, char in sorted(chars):
            if char.isspace():
                if current:
                    words.append((y, start, nfkc(current)))
                current = ""
                continue
            if not current:
                start = x
            current += char
        if current:
            words.append((y, start, nfkc(current)))
    return sorted(words)


def _glyphs(item: Any) -> Iterator[LTChar]:
    if isinstance(item, LTChar):
        yield item
    elif isinstance(item, Iterable):
        for child in item:
            yield from _glyphs(child)


def page_fill(path: Path, body_top: float, body_bottom: float) -> list[float]:
    """How far down its body area each page is written, 0 (empty) to 1 (to the foot).

    ``body_top``/``body_bottom`` are the body area's edges in points from the page's bottom
    (``clinic_app.reports.document.body_area``); the lowest word drawn between them marks the fill,
    so the running header and footer do not count.
    """
    document = pdfium.PdfDocument(str(path))
    try:
        count, height = len(document), document[0].get_size()[1]
    finally:
        document.close()
    top, bottom = height - body_top, height - body_bottom
    fills = []
    for page in range(1, count + 1):
        lows = [y for y, _, _ in words_left_to_right(path, page) if top - 2 <= y <= bottom + 2]
        fills.append(round((max(lows, default=top) - top) / (bottom - top), 3))
    return fills
