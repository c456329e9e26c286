"""Right-to-left word order inside left-to-right lines (Arabic or Hebrew words in an English report).

reportlab shapes each word with HarfBuzz, which joins Arabic letters and lays them out right to
left *within* the word, but it leaves the words of a multi-word Arabic phrase in typing order
(reportlab's own bidi needs ``rlbidi``, which is not on PyPI, and is switched off for paragraphs
with more than one font anyway). This module holds the small part of the Unicode bidirectional
algorithm a left-to-right document needs: after a paragraph is broken into lines, each maximal
run of right-to-left tokens on a line is reversed (rules W1–W7, N1–N2 and L2, simplified to whole
tokens). It is pure: it works on directions and strings, not on reportlab objects.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Literal

Direction = Literal["L", "R", "EN", "ON"]
"""Strong left-to-right, strong right-to-left, a number, or neutral (spaces, punctuation)."""

_RTL_CLASSES = frozenset({"R", "AL"})
_NUMBER_CLASSES = frozenset({"EN", "AN"})
_NEUTRAL_CLASSES = frozenset({"ON", "CS", "ES", "ET", "WS", "S", "B", "BN"})
_MIRRORED = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")
_NUMBER = re.compile(r"\d+(?:[.,:/\u066b\u066c-]\d+)*")


def direction_of(token: str) -> Direction:
    """Return the direction of a token (a word or a run of spaces); any RTL letter makes it RTL."""
    found_number = found_ltr = False
    for char in token:
        kind = unicodedata.bidirectional(char)
        if kind in _RTL_CLASSES:
            return "R"
        if kind == "L" and not 0xE000 <= ord(char) <= 0xF8FF:  # shaped glyphs may be private-use
            found_ltr = True
        elif kind in _NUMBER_CLASSES:
            found_number = True
    if found_ltr:
        return "L"
    return "EN" if found_number else "ON"


def has_rtl(text: str) -> bool:
    """Return whether ``text`` contains any right-to-left letter."""
    if text.isascii():
        return False  # no ASCII character is right-to-left; most words are plain ASCII
    return any(unicodedata.bidirectional(char) in _RTL_CLASSES for char in text)


def neutral_edges(token: str) -> tuple[int, int]:
    """Return how many leading and trailing characters of a right-to-left word are punctuation.

    "عائشة," must keep its comma on the right in an English sentence but on the left inside an
    Arabic phrase, so such punctuation is split off and resolved by its neighbours like a space.
    A token without right-to-left letters has no such edges: ``(0, 0)``.
    """
    if not has_rtl(token):
        return (0, 0)
    lead = 0
    while lead < len(token) and unicodedata.bidirectional(token[lead]) in _NEUTRAL_CLASSES:
        lead += 1
    trail = 0
    while trail < len(token) - lead and unicodedata.bidirectional(token[-1 - trail]) in _NEUTRAL_CLASSES:
        trail += 1
    return (lead, trail)


def split_edges(token: str) -> list[str]:
    """Split a token into leading punctuation, its core and trailing punctuation (empty parts dropped).

    Works on ``str`` subclasses whose slices keep their data (reportlab's shaped strings).
    """
    lead, trail = neutral_edges(token)
    if not lead and not trail:
        return [token]
    cuts = [0, lead, len(token) - trail, len(token)]
    return [token[start:end] for start, end in zip(cuts, cuts[1:], strict=False) if end > start]


def resolve(directions: Sequence[Direction]) -> list[Literal["L", "R"]]:
    """Resolve numbers and neutrals on a left-to-right line to ``"L"`` or ``"R"``.

    A number after right-to-left text belongs to it (W2/W7); a neutral between two right-to-left
    tokens is right-to-left (N1), any other neutral takes the line's direction, left-to-right (N2).
    """
    strong: list[Literal["L", "R"] | None] = []
    previous: Literal["L", "R"] = "L"
    for direction in directions:
        if direction == "EN":
            strong.append(previous)
        elif direction == "ON":
            strong.append(None)
        else:
            previous = "R" if direction == "R" else "L"
            strong.append(previous)
    resolved: list[Literal["L", "R"]] = []
    for index, value in enumerate(strong):
        if value is not None:
            resolved.append(value)
            continue
        before = next((v for v in reversed(strong[:index]) if v is not None), "L")
        after = next((v for v in strong[index + 1 :] if v is not None), "L")
        resolved.append("R" if before == after == "R" else "L")
    return resolved


def visual_order(directions: Sequence[Direction]) -> list[int]:
    """Return the logical indices of tokens in the order they are drawn, left to right."""
    resolved = resolve(directions)
    order: list[int] = []
    index = 0
    while index < len(resolved):
        end = index
        while end < len(resolved) and resolved[end] == resolved[index]:
            end += 1
        run = list(range(index, end))
        order.extend(reversed(run) if resolved[index] == "R" else run)
        index = end
    return order


def reversed_run_members(directions: Sequence[Direction]) -> list[bool]:
    """Return, per token, whether it sits in a right-to-left run (and so is drawn mirrored)."""
    return [value == "R" for value in resolve(directions)]


def mirror(text: str) -> str:
    """Swap paired brackets, as a right-to-left run shows them (rule L4)."""
    return text.translate(_MIRRORED)


def visual_permutation(text: str) -> list[int]:
    """Return the logical indices of a right-to-left token's characters in drawing order.

    Characters are reversed, except that numbers ("12.5", "2026-03-02") keep their own order.
    """
    groups: list[range] = []
    position = 0
    for match in _NUMBER.finditer(text):
        groups.extend(range(i, i + 1) for i in range(position, match.start()))
        groups.append(range(match.start(), match.end()))
        position = match.end()
    groups.extend(range(i, i + 1) for i in range(position, len(text)))
    return [index for group in reversed(groups) for index in group]


def visual_word(text: str) -> str:
    """Return an *unshaped* token of a right-to-left run in drawing order, brackets mirrored.

    Used for words HarfBuzz did not shape and for numbers and punctuation inside an RTL run; a
    shaped word is already in drawing order.
    """
    return mirror("".join(text[i] for i in visual_permutation(text)))
