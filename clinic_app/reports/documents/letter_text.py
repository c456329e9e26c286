"""Wording of the progress letter that depends on who it is for: addressee, salutation, closing.

A self-referred runner has no referrer to write to, and "Recommended by the club coach" is not
someone to send clinical details to: such a letter is the patient's copy, to share with their GP
or other health professionals, opened "To whom it may concern" and closed "Yours faithfully" as
British letters pair them. A clinician's referral is answered "Dear colleague … Yours sincerely".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NOT_A_RECIPIENT = re.compile(r"^\s*(?:self\b|self-|recommended\b|none\b|n/?a\b|-+\s*$)", re.IGNORECASE)
_PROPER_NOUNS = frozenset({
    "Achilles", "Baastrup", "Baker", "Bertolotti", "Crohn", "Ehlers", "Hodgkin", "Maigne", "Marfan",
    "Modic", "Paget", "Parkinson", "Reiter", "Scheuermann", "Schmorl", "Tarlov",
})
"""Eponyms a complaint may start with; they keep their capital inside a sentence."""
_FIRST_WORD = re.compile(r"([^\W\d_]+)(.*)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Addressing:
    """How the letter is addressed, opened and closed."""

    addressee: str
    """The referrer as typed, printed under the date (empty for the patient's copy)."""
    salutation: str
    closing: str
    referred: bool
    """A clinician or service referred the patient (False: self-referral or no referrer)."""


def addressing(referrer: str) -> Addressing:
    """Address the letter to the referrer, or make it the patient's copy when they self-referred."""
    text = referrer.strip()
    if not text or _NOT_A_RECIPIENT.match(text):
        return Addressing("", "To whom it may concern,", "Yours faithfully,", referred=False)
    return Addressing(text, "Dear colleague,", "Yours sincerely,", referred=True)


def in_sentence(label: str) -> str:
    """A typed label (complaint, diagnosis) as it reads inside a sentence.

    Only a leading ordinary capitalised word is lowered ("Low back pain" → "low back pain");
    acronyms and codes ("SIJ", "L5"), mixed case ("McGill"), possessive eponyms ("Baker's cyst"),
    hyphenated names ("Ehlers-Danlos") and known eponyms ("Achilles") keep their capitals.
    """
    text = label.strip()
    match = _FIRST_WORD.match(text)
    if match is None:
        return text
    word, rest = match.groups()
    ordinary = len(word) > 1 and word[0].isupper() and word[1:].islower()
    eponym = (word in _PROPER_NOUNS or rest[:1] in ("'", "’")
              or (rest[:1] == "-" and rest[1:2].isupper()))
    return word.lower() + rest if ordinary and not eponym else text
