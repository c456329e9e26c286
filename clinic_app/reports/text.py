"""Turn text a person typed into safe reportlab paragraph markup.

reportlab's ``Paragraph`` parses its text as mini-HTML, so a name such as ``O'Brien <b>&</b>``
would either change the formatting or stop the document with a parser error. Every user-typed
string therefore goes through :func:`para_text` before it reaches a paragraph, and the only tags
in the result are the ones produced here.
"""

from __future__ import annotations

import re
import unicodedata

from clinic_app.reports import fonts

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
# C0/C1 controls (except tab and newline), which print as boxes or upset the parser.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")


def clean_text(user_text: str) -> str:
    """Return ``user_text`` in NFC with one newline convention and no control characters."""
    text = _NEWLINES.sub("\n", unicodedata.normalize("NFC", user_text))
    return _CONTROL.sub("", text.replace("\t", " "))


def escape(text: str) -> str:
    """Escape ``&``, ``<``, ``>`` and quotes so reportlab prints them literally."""
    return text.translate(_ESCAPES)


def para_text(user_text: str, font_name: str = fonts.REGULAR) -> str:
    """Return paragraph markup that prints ``user_text`` exactly as typed.

    Markup characters are escaped, newlines become ``<br/>``, and runs that the paragraph's own
    font lacks (Chinese, Korean…) are wrapped in ``<font name="…">`` naming a bundled font that
    has them. ``font_name`` is the font the paragraph style uses (the default family's regular
    face unless a style says otherwise); text in ``<b>``/``<i>`` is still covered because
    :class:`~clinic_app.reports.paragraph.ClinicParagraph` re-checks every run after parsing.
    """
    text = clean_text(user_text)
    parts: list[str] = []
    for run_font, segment in fonts.font_runs(text, font_name):
        markup = escape(segment).replace("\n", "<br/>")
        if run_font == font_name:
            parts.append(markup)
        else:
            parts.append(f'<font name="{run_font}">{markup}</font>')
    return "".join(parts)
