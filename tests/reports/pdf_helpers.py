"""Ways to read a generated PDF back: text (pypdf), word positions (poppler)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

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


def words_left_to_right(path: Path, page: int = 1) -> list[tuple[float, float, str]]:
    """Return ``(y, x, word)`` for every word poppler finds on a page, top line first."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        check=True, capture_output=True, text=True,
    ).stdout
    pattern = re.compile(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>')
    words = [(round(float(y)), float(x), nfkc(w)) for x, y, w in pattern.findall(out)]
    return sorted(words)
