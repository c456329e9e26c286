"""The one rule for text a user types or pastes: what can be stored, on every database alike.

Refused, with the field's name: NUL and every other control character (C0, DEL, C1), except tab,
line feed and carriage return in multi-line fields, and lone surrogates (half of an emoji pair
that cannot be encoded). Everything else — accents, right-to-left scripts, emoji, symbols — is
stored exactly as typed.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from datetime import date, datetime

MULTILINE_CONTROLS = frozenset("\t\n\r")
"""The only control characters a multi-line field keeps (tab, line feed, carriage return)."""

SINGLE_LINE_FIELDS = frozenset({
    "given_name", "family_name", "preferred_name", "phone", "email", "emergency_contact",
    "referrer", "occupation", "display_name", "username", "clinic_name", "emergency_number",
    "name", "title", "model", "brand", "race", "activity", "label", "logo_path", "accent_colour",
})
"""Fields typed on one line: a line break or tab in them is refused like any control character."""


def _describe(ch: str) -> str:
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        return f"a broken character (U+{code:04X}, half of an emoji or symbol)"
    if code == 0:
        return "a NUL character (U+0000)"
    if ch in MULTILINE_CONTROLS:
        return "a line break or tab"
    return f"an invisible control character (U+{code:04X})"


def bad_character(value: str, multiline: bool) -> str | None:
    """The first character of ``value`` that cannot be stored, or ``None``."""
    for ch in value:
        code = ord(ch)
        if code < 0x20 or 0x7F <= code <= 0x9F:
            if multiline and ch in MULTILINE_CONTROLS:
                continue
            return ch
        if 0xD800 <= code <= 0xDFFF:
            return ch
    return None


def text_problem(value: str, multiline: bool = True) -> str | None:
    """A plain-words message when ``value`` holds a character that cannot be stored."""
    ch = bad_character(value, multiline)
    if ch is None:
        return None
    return (f"Contains {_describe(ch)}, which cannot be stored (it often comes with pasted text): "
            f"remove it and save again.")


def is_multiline(field: str) -> bool:
    """Whether the field (by its last name part) keeps line breaks and tabs."""
    leaf = field.rsplit(".", 1)[-1]
    return leaf not in SINGLE_LINE_FIELDS


def text_errors(value: object, field: str = "") -> dict[str, str]:
    """Field path → message for every string inside ``value`` that cannot be stored.

    ``value`` may be a string, a dataclass, a mapping or a sequence of them (nested freely);
    paths name fields like the services' validation does (``footwear.0.model``).
    """
    errors: dict[str, str] = {}
    _walk(value, field, errors, depth=0)
    return errors


def _join(prefix: str, name: object) -> str:
    return f"{prefix}.{name}" if prefix else str(name)


def _walk(value: object, path: str, errors: dict[str, str], depth: int) -> None:
    if depth > 12 or value is None or isinstance(value, bool | int | float | date | datetime):
        return
    if isinstance(value, enum.Enum):
        return
    if isinstance(value, str):
        problem = text_problem(value, is_multiline(path))
        if problem is not None:
            errors.setdefault(path or "text", problem)
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            _walk(getattr(value, f.name), _join(path, f.name), errors, depth + 1)
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, str) and bad_character(key, False) is not None:
                errors.setdefault(path or "text", text_problem(key, False) or "")
            _walk(item, _join(path, key), errors, depth + 1)
        return
    if isinstance(value, list | tuple | set | frozenset):
        for i, item in enumerate(value):
            _walk(item, _join(path, i), errors, depth + 1)
