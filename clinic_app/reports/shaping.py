"""Make reportlab's per-word HarfBuzz shaping safe for words that mix fonts.

reportlab (4.x and 5.x) shapes a paragraph word by word, with HarfBuzz and the *first* font of
the word. A word that changes font part-way — ``<b>Name</b>:`` or ``(李雷)`` when the brackets
come from DejaVu and the ideographs from WenQuanYi — is then drawn with glyph ids looked up in
the wrong font, which prints as garbage. The wrapper installed here shapes each same-font
segment of such a word on its own and joins the results; single-font words go straight to
reportlab. It changes nothing unless ``uharfbuzz`` is installed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from clinic_app.reports import bidi

logger = logging.getLogger(__name__)

_MARK = "_stride_clinic_per_font"
_lock = threading.Lock()


def _segment_key(frag: Any) -> tuple[str, float] | None:
    if hasattr(frag, "cbDefn"):
        return None
    return (frag.fontName, frag.fontSize)


def _segments(pairs: list[Any]) -> list[list[Any]]:
    """Split a word's ``(frag, text)`` pairs into runs with one font and size each."""
    segments: list[list[Any]] = []
    current: tuple[str, float] | None = None
    for pair in pairs:
        key = _segment_key(pair[0])
        if not segments or (key is not None and current is not None and key != current):
            segments.append([])
        if key is not None:
            current = key
        segments[-1].append(pair)
    return segments


def _cut_at_edges(segment: list[Any]) -> list[list[Any]]:
    """Split punctuation off the ends of a right-to-left segment, so it is shaped on its own.

    HarfBuzz would put a trailing comma at the visual left of an Arabic word; the line's bidi
    step (see :mod:`.bidi`) decides which side it belongs on instead.
    """
    text = "".join(pair[1] for pair in segment if _segment_key(pair[0]) is not None)
    lead, trail = bidi.neutral_edges(text)
    cuts = sorted({c for c in (lead, len(text) - trail) if 0 < c < len(text)})
    if not cuts:
        return [segment]
    pieces: list[list[Any]] = [[]]
    position = 0
    for pair in segment:
        frag, piece = pair[0], pair[1]
        if _segment_key(frag) is None:
            pieces[-1].append(pair)
            continue
        offset = 0
        for cut in cuts:
            local = cut - position
            if offset <= local < len(piece):
                if local > offset:
                    pieces[-1].append((frag, piece[offset:local]))
                pieces.append([])
                offset = local
        pieces[-1].append((frag, piece[offset:]))
        position += len(piece)
    return [p for p in pieces if p]


def _pair_width(pair: Any) -> float:
    frag, text = pair[0], pair[1]
    if hasattr(frag, "cbDefn"):
        return float(getattr(frag, "width", 0) or 0)
    shape_data = getattr(text, "__shapeData__", None)
    if shape_data is not None:
        return float(sum(item.x_advance for item in shape_data) * frag.fontSize / 1000)
    return float(stringWidth(text, frag.fontName, frag.fontSize))


def per_font(
    shape: Callable[..., Any], make_class: Callable[[Any], type], shaped_word: type, shaped_str: type
) -> Callable[..., Any]:
    """Return a ``shapeFragWord`` that shapes each same-font segment of a word separately.

    Punctuation at either end of a right-to-left segment is shaped separately too.

    Words and segments shaped before (a paragraph is wrapped again when it is split or redrawn)
    are passed through as they are.
    """

    def shape_frag_word(word: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(word, shaped_word):
            return word
        segments: list[list[Any]] = []
        for segment in _segments(list(word[1:])):
            if any(isinstance(pair[1], shaped_str) for pair in segment):
                segments.append(segment)
            else:
                segments.extend(_cut_at_edges(segment))
        if len(segments) <= 1:
            return shape(word, *args, **kwargs)
        width = 0.0
        parts: list[Any] = []
        changed = False
        for segment in segments:
            segment_width = sum(_pair_width(pair) for pair in segment)
            if any(isinstance(pair[1], shaped_str) for pair in segment):
                width += segment_width
                parts.extend(segment)
                continue
            sub = [segment_width, *segment]
            shaped = shape(sub, *args, **kwargs)
            changed = changed or shaped is not sub
            width += shaped[0]
            parts.extend(shaped[1:])
        if not changed:
            return word
        return make_class(word)([width, *parts])

    setattr(shape_frag_word, _MARK, True)
    return shape_frag_word


def install() -> None:
    """Install the per-font wrapper into reportlab's paragraph module (once, idempotent)."""
    from reportlab.pdfbase import ttfonts
    from reportlab.platypus import paragraph

    if getattr(ttfonts, "uharfbuzz", None) is None:
        return
    with _lock:
        current = getattr(paragraph, "shapeFragWord", None)
        make_class = getattr(ttfonts, "makeShapedFragWord", None)
        if current is None or make_class is None:
            logger.warning("this reportlab has no shapeFragWord; mixed-font words are shaped as one")
            return
        if getattr(current, _MARK, False):
            return
        paragraph.shapeFragWord = per_font(  # type: ignore[attr-defined]
            current, make_class, ttfonts.ShapedFragWord, ttfonts.ShapedStr
        )
