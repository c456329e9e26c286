"""Bundled Unicode fonts, registered with reportlab once, and the choice of font per character.

No single font covers every name a clinic sees, so text is split into runs and each run is
printed in the first font of a *fallback chain* that has glyphs for it: DejaVu Sans for Latin,
Greek, Cyrillic, Arabic, Hebrew and common symbols (✓ → ★ ♥), WenQuanYi Micro Hei for Chinese,
Japanese kana and Hangul, Noto Emoji (monochrome outlines) for emoji such as 🏃 👍 💪.
Coverage comes from the fonts' own cmaps as reportlab reads them, so a run never ends up in a
font that would print boxes.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from dataclasses import dataclass

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from clinic_app.paths import resource

logger = logging.getLogger(__name__)

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"
CJK = "WenQuanYiMicroHei"
EMOJI = "NotoEmoji"
FAMILY = REGULAR
"""The family name styles use; ``<b>``/``<i>`` inside a paragraph map to its four faces."""


@dataclass(frozen=True, slots=True)
class _FontFile:
    name: str
    file: str
    subfont_index: int = 0


_FONT_FILES = (
    _FontFile(REGULAR, "DejaVuSans.ttf"),
    _FontFile(BOLD, "DejaVuSans-Bold.ttf"),
    _FontFile(ITALIC, "DejaVuSans-Oblique.ttf"),
    _FontFile(BOLD_ITALIC, "DejaVuSans-BoldOblique.ttf"),
    _FontFile(CJK, "wqy-microhei.ttc", subfont_index=0),
    _FontFile(EMOJI, "NotoEmoji-Regular.ttf"),
)

# Same weight and slant first, then the nearest face that has the glyph (the obliques lack Arabic);
# emoji last, so a symbol DejaVu draws keeps the text's own face and weight.
_CHAINS: dict[str, tuple[str, ...]] = {
    REGULAR: (REGULAR, CJK, EMOJI),
    BOLD: (BOLD, REGULAR, CJK, EMOJI),
    ITALIC: (ITALIC, REGULAR, CJK, EMOJI),
    BOLD_ITALIC: (BOLD_ITALIC, BOLD, REGULAR, CJK, EMOJI),
    CJK: (CJK, REGULAR, EMOJI),
    EMOJI: (EMOJI, REGULAR, CJK),
}

# Characters that shaping changes: Hebrew, Arabic, Syriac, Thaana, N'Ko, Indic, Thai, Lao, Tibetan,
# Myanmar, Khmer, Hebrew and Arabic presentation forms.
_SHAPING_RANGES = (
    (0x0590, 0x08FF),
    (0x0900, 0x0DFF),
    (0x0E00, 0x0FFF),
    (0x1000, 0x109F),
    (0x1780, 0x17FF),
    (0xFB1D, 0xFDFF),
    (0xFE70, 0xFEFF),
)

_NEEDS_SHAPING = re.compile(
    "[" + "".join(f"\\U{low:08X}-\\U{high:08X}" for low, high in _SHAPING_RANGES) + "]"
)

_lock = threading.Lock()
_coverage: dict[str, frozenset[int]] = {}
_plain_to_unicode_cmap = ttfonts.makeToUnicodeCMap


def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode map, with characters above U+FFFF written as UTF-16 pairs.

    reportlab writes ``<%04X>`` for every code, so 🏃 (U+1F3C3) would be copied or searched as
    U+1F3C; the PDF reference wants the UTF-16BE surrogate pair (``<D83CDFC3>``).
    """
    cmap = _plain_to_unicode_cmap(fontname, subset)
    if all(code <= 0xFFFF for code in subset):
        return cmap
    for index, code in enumerate(subset):
        if code > 0xFFFF:
            cmap = cmap.replace(f"<{index:02X}> <{code:04X}>", f"<{index:02X}> <{_utf16_hex(code)}>")
    return cmap


def register_fonts() -> None:
    """Register the bundled fonts and their family mapping with reportlab (once per process).

    Raises:
        FileNotFoundError: a bundled font file is missing (a broken installation).
    """
    if _coverage:
        return
    with _lock:
        if _coverage:
            return
        coverage: dict[str, frozenset[int]] = {}
        for spec in _FONT_FILES:
            path = resource("fonts", spec.file)
            if not path.is_file():
                raise FileNotFoundError(f"The bundled font {spec.file} is missing from {path.parent}")
            font = TTFont(spec.name, str(path), subfontIndex=spec.subfont_index)
            pdfmetrics.registerFont(font)
            # Snapshot now: shaping later adds private-use entries to the live cmap.
            coverage[spec.name] = frozenset(font.face.charToGlyph)
        pdfmetrics.registerFontFamily(
            FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(CJK, bold, italic, CJK)
                addMapping(EMOJI, bold, italic, EMOJI)
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        _coverage.update(coverage)
        logger.debug("registered report fonts: %s", ", ".join(coverage))


def is_bundled(font_name: str) -> bool:
    """Return whether ``font_name`` is one of the bundled fonts."""
    return font_name in _CHAINS


def fallback_chain(font_name: str) -> tuple[str, ...]:
    """Return the fonts tried, in order, for text set in ``font_name``.

    A font that is not bundled (e.g. Helvetica) has no fallback: it is returned alone.
    """
    return _CHAINS.get(font_name, (font_name,))


def covers(font_name: str, char: str) -> bool:
    """Return whether the bundled font ``font_name`` has a glyph for ``char``."""
    register_fonts()
    return ord(char) in _coverage.get(font_name, frozenset())


def _keeps_run(char: str) -> bool:
    """Spaces, punctuation and marks stay in the current run when its font has them."""
    category = unicodedata.category(char)
    return category[0] in "ZPM" or category in ("Cf", "Cc")


def font_runs(text: str, font_name: str = REGULAR) -> list[tuple[str, str]]:
    """Split ``text`` into ``(font name, segment)`` runs, each printable in its font.

    Letters take the first font of ``font_name``'s chain that has them; spaces, punctuation and
    combining marks stay in the current run when they can, so "李雷，王芳" is one run. A
    character no bundled font has stays in the first font (it prints as that font's empty box).
    """
    if not text:
        return []
    register_fonts()
    chain = fallback_chain(font_name)
    if not is_bundled(font_name):
        return [(font_name, text)]
    if set(map(ord, text)) <= _coverage[chain[0]]:
        return [(chain[0], text)]  # the usual case: the font has every character
    runs: list[tuple[str, str]] = []
    current = ""
    start = 0
    for index, char in enumerate(text):
        code = ord(char)
        if current and code in _coverage[current] and (_keeps_run(char) or current == chain[0]):
            continue
        font = next((name for name in chain if code in _coverage[name]), chain[0])
        if font != current:
            if current:
                runs.append((current, text[start:index]))
            current, start = font, index
    runs.append((current, text[start:]))
    return runs


def needs_shaping(text: str) -> bool:
    """Return whether ``text`` has characters whose glyphs depend on their neighbours (Arabic…)."""
    return _NEEDS_SHAPING.search(text) is not None


def shaping_available() -> bool:
    """Return whether reportlab can shape text here (it needs the ``uharfbuzz`` package)."""
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return False
    return True
