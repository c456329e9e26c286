"""Keele STarT Back Screening Tool scoring (engine and topic labels only, no item wording)."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from clinic_app.domain._validation import check_bool, coerce_enum
from clinic_app.domain.errors import InvalidValue
from clinic_app.domain.messages import msg

STARTBACK_ITEM_LABELS: tuple[str, ...] = (
    "leg pain",
    "shoulder or neck pain",
    "walking",
    "dressing",
    "fear",
    "anxiety",
    "catastrophising",
    "low mood",
    "bothersomeness",
)
"""Short topic labels for items 1-9 (index 0 is item 1); the licensed wording is not shipped."""

STARTBACK_PSYCHOSOCIAL_ITEMS: tuple[int, ...] = (5, 6, 7, 8, 9)
"""Item numbers of the psychosocial subscale (Keele numbering)."""


class Bothersomeness(enum.StrEnum):
    """Answer options of item 9; 'very_much' and 'extremely' score 1."""

    NOT_AT_ALL = "not_at_all"
    SLIGHTLY = "slightly"
    MODERATELY = "moderately"
    VERY_MUCH = "very_much"
    EXTREMELY = "extremely"

    @property
    def points(self) -> int:
        """Return the item-9 score for this answer."""
        return 1 if self in (Bothersomeness.VERY_MUCH, Bothersomeness.EXTREMELY) else 0


class StartBackRisk(enum.StrEnum):
    """STarT Back risk group."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        """Return 0 for low, 1 for medium, 2 for high."""
        return (StartBackRisk.LOW, StartBackRisk.MEDIUM, StartBackRisk.HIGH).index(self)


MATCHED_CARE: dict[StartBackRisk, str] = {
    StartBackRisk.LOW: "Advice and reassurance, with support to self-manage",
    StartBackRisk.MEDIUM: "Physiotherapy",
    StartBackRisk.HIGH: "Psychologically informed physiotherapy",
}
"""Matched treatment per risk group as used in the STarT Back trial [S43]."""


@dataclass(frozen=True, slots=True)
class StartBackScore:
    """STarT Back total (0-9), psychosocial subscale (0-5) and risk group."""

    total: int
    psychosocial: int
    risk: StartBackRisk


def score_startback(agree: Sequence[bool], bothersomeness: Bothersomeness | str) -> StartBackScore:
    """Score items 1-8 (agree = True) plus item 9 and classify risk per Keele."""
    if isinstance(agree, str | bytes) or len(agree) != 8:
        count = len(agree) if not isinstance(agree, str | bytes) else "text"
        raise InvalidValue(msg("measures.startback.start_back_needs_exactly_8", count=count))
    answers = [check_bool(value, f"STarT Back item {number}") for number, value in enumerate(agree, start=1)]
    item9 = coerce_enum(Bothersomeness, bothersomeness, "STarT Back item 9 (bothersomeness)").points
    total = sum(answers) + item9
    psychosocial = sum(answers[4:8]) + item9
    if total <= 3:
        risk = StartBackRisk.LOW
    elif psychosocial >= 4:
        risk = StartBackRisk.HIGH
    else:
        risk = StartBackRisk.MEDIUM
    return StartBackScore(total=total, psychosocial=psychosocial, risk=risk)


def matched_care(risk: StartBackRisk | str) -> str:
    """Return the matched-care suggestion for a STarT Back risk group."""
    return MATCHED_CARE[coerce_enum(StartBackRisk, risk, "STarT Back risk")]
