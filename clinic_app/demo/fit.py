"""Demo phrases that fit only some patients (postpartum, adolescent, older runner…).

A phrase in the demo tables is either plain text or ``{"text": …, "sex": [...], "age": [lo, hi]}``:
``sex`` lists the patient sexes it may be said of, ``age`` the inclusive age range at the episode's
start. The demo then never tells a man, or a 52-year-old, that they are returning to running
postpartum.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

Phrase = str | Mapping[str, Any]


def phrase_text(phrase: Phrase) -> str:
    """The words of a phrase."""
    return phrase if isinstance(phrase, str) else str(phrase["text"])


def phrase_fits(phrase: Phrase, sex: str, age: int) -> bool:
    """True when the phrase may be said of a patient of this sex and age."""
    if isinstance(phrase, str):
        return True
    sexes = phrase.get("sex")
    if sexes is not None and sex not in sexes:
        return False
    low, high = phrase.get("age") or (0, 200)
    return bool(low <= age <= high)


def fitting(phrases: Sequence[Phrase], sex: str, age: int) -> list[str]:
    """The texts of the phrases that fit (the plain ones always do)."""
    return [phrase_text(p) for p in phrases if phrase_fits(p, sex, age)]


def fit_tables(table: Mapping[str, Any], sex: str, age: int) -> dict[str, Any]:
    """A copy of a presentation's tables with every list of phrases cut to those that fit."""
    fitted: dict[str, Any] = {}
    for name, value in table.items():
        if isinstance(value, list) and value and any(isinstance(v, Mapping) and "text" in v for v in value):
            fitted[name] = fitting(value, sex, age)
        else:
            fitted[name] = value
    return fitted


class FitCache:
    """Fitted copies of presentation tables, made once per presentation, sex and age."""

    def __init__(self) -> None:
        self._made: dict[tuple[str, str, int], dict[str, Any]] = {}

    def get(self, key: str, table: Mapping[str, Any], sex: str, age: int) -> dict[str, Any]:
        """The presentation ``key``'s tables as they fit this patient."""
        cache_key = (key, sex, age)
        found = self._made.get(cache_key)
        if found is None:
            found = self._made[cache_key] = fit_tables(table, sex, age)
        return found
