"""A pseudo-translation, for finding text that would stay English and labels that would be cut off.

``PseudoTranslator`` answers every text that ``pyside6-lupdate`` extracted from the sources (the
catalogue a real translator would be given) with the same text accented and about 30 % longer:
``"Save visit"`` → ``"Šàvé vîšîţ ·····"``. Text a translator would never see — built outside
``tr()``, or passed to ``tr()`` as a variable — stays plain English on screen, so a walk over every
screen (``python -m clinic_app.tools.screenshots --pseudo``) finds it, and the longer words show
which labels have no room to grow.

Placeholders (``{0}``, ``{name}``, ``{value:.1f}``, ``%1``, ``%n``, ``%s``), HTML tags and
entities and ``&`` mnemonics are kept as they are, so formatting and shortcuts still work.
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QTranslator

ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţüṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÜṼŴẊÝŽ",
)
PAD = "·"
# Pieces kept verbatim: format fields, Qt and printf arguments, HTML tags and entities,
# "&&" and a mnemonic "&" with its letter.
_KEEP = re.compile(
    r"\{[^{}]*\}|\{\{|\}\}|%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifr%]|%[-#0 +]*\d*(?:\.\d+)?[sdifrLn%]"
    r"|%\d+|<[^<>]+>|&[a-zA-Z]+;|&#\d+;|&&|&\w"
)
_MARKED = set("".join(chr(c) for c in ACCENTS.values() if isinstance(c, int)) + PAD)
_LETTER = re.compile(r"[^\W\d_]")
_ENDING = re.compile(r"(.*?)([:.…?!]*\s*)$", re.S)


def pseudo(text: str) -> str:
    """The source text accented piece by piece and padded to about 1.3× its length."""
    if not text or not _LETTER.search(_KEEP.sub("", text)):
        return text
    out: list[str] = []
    at = 0
    for match in _KEEP.finditer(text):
        out.append(text[at:match.start()].translate(ACCENTS))
        out.append(match.group())
        at = match.end()
    out.append(text[at:].translate(ACCENTS))
    # measured without closing punctuation, so "Reason" and "Reason:" grow alike
    padding = PAD * max(1, math.ceil(len(text.partition("\n")[0].rstrip(":.…?! ")) * 0.3) - 1)
    # multi-line text is padded on its first line, so a "\n"-split stays meaningful; the padding
    # goes before closing punctuation, as a translation keeps "Reason:" ending in ":"
    body = "".join(out)
    first, newline, rest = body.partition("\n")
    stem, end = _ENDING.match(first).groups()  # type: ignore[union-attr]
    return f"{stem} {padding}{end}{newline}{rest}"


def is_pseudo(text: str) -> bool:
    """True when the text carries a pseudo-translated piece (accented letter or padding)."""
    return any(ch in _MARKED for ch in text)


def lupdate_program() -> Path:
    """``pyside6-lupdate`` from the PySide6 wheel (the venv's scripts, else the package dir)."""
    scripts = Path(sys.executable).parent
    for name in ("pyside6-lupdate", "pyside6-lupdate.exe"):
        if (scripts / name).exists():
            return scripts / name
    import PySide6

    package = Path(PySide6.__file__).parent
    for name in ("lupdate", "lupdate.exe", "Qt/libexec/lupdate"):
        if (package / name).exists():
            return package / name
    raise FileNotFoundError("pyside6-lupdate is not installed with PySide6")


def extract(sources: Iterable[Path], ts_file: Path) -> dict[str, set[str]]:
    """Run lupdate over ``sources`` into ``ts_file``; returns context → extracted source texts."""
    files = sorted(str(p) for p in sources)
    with tempfile.NamedTemporaryFile("w", suffix=".lst", delete=False, encoding="utf-8") as lst:
        lst.write("\n".join(files))
    try:
        subprocess.run([str(lupdate_program()), f"@{lst.name}", "-no-obsolete", "-ts", str(ts_file)],
                       check=True, capture_output=True, text=True, timeout=120)
    finally:
        os.unlink(lst.name)
    return read_ts(ts_file)


def read_ts(ts_file: Path) -> dict[str, set[str]]:
    catalogue: dict[str, set[str]] = {}
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name") or ""
        texts = catalogue.setdefault(name, set())
        for message in context.iter("message"):
            texts.add(message.findtext("source") or "")
    return catalogue


def app_sources() -> list[Path]:
    """Every module of the app (the catalogue ``make translations`` would hand a translator)."""
    root = Path(__file__).resolve().parents[1]
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


class PseudoTranslator(QTranslator):
    """Pseudo-translates the texts of a lupdate catalogue; records what it was asked but lacked."""

    def __init__(self, catalogue: dict[str, set[str]], parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._known = {text for texts in catalogue.values() for text in texts}
        self.missing: set[tuple[str, str]] = set()
        self.contexts = frozenset(catalogue)

    def missing_from_app(self) -> list[tuple[str, str]]:
        """Texts asked for in the app's own contexts but missing from the catalogue (Qt's and
        pyqtgraph's own texts, in their contexts, come with translations of their own)."""
        return sorted(m for m in self.missing if m[0] in self.contexts)

    @classmethod
    def from_sources(cls) -> PseudoTranslator:
        """Extract the app's catalogue with lupdate (a second or two) and translate from it."""
        with tempfile.TemporaryDirectory() as tmp:
            return cls(extract(app_sources(), Path(tmp) / "pseudo.ts"))

    def isEmpty(self) -> bool:
        return False

    def translate(self, context: str, source: str,  # type: ignore[override]
                  disambiguation: str | None = None, n: int = -1) -> str | None:
        if source in self._known:
            return pseudo(source)
        if source:
            self.missing.add((context, source))
        # not in the catalogue: no translation, so Qt shows the source text, plain English (from
        # Python, "" would be taken as a translation and the text would vanish from the screen)
        return None
