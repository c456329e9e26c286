"""The one statement about a patient's red-flag screen, for every screen and document (CLINICAL.md C3).

"No red flags" is said only when every item of the latest screen was asked and nothing is raised or
open. Otherwise the statement names what was raised, in words, and says how many items were not
asked and which. Referral wording carries each open flag's description and the action requested.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from clinic_app.domain._validation import check_bool, coerce_enum, join_words
from clinic_app.domain.safety.red_flags import (
    CAUDA_EQUINA_ITEMS,
    RED_FLAG_INFO,
    RedFlagAnswers,
    RedFlagItem,
    RedFlagTier,
    exercise_confirmable,
    holds_loading,
    not_asked,
    screen,
)

ITEM_NAMES: dict[RedFlagItem, str] = {
    RedFlagItem.CE1: "saddle numbness",
    RedFlagItem.CE2: "bladder change",
    RedFlagItem.CE3: "bowel change",
    RedFlagItem.CE4: "sciatica in both legs",
    RedFlagItem.CE5: "weakness or numbness in both legs",
    RedFlagItem.CE6: "sexual dysfunction",
    RedFlagItem.N1: "foot drop or severe weakness",
    RedFlagItem.I1: "fever or feeling unwell",
    RedFlagItem.I2: "infection risk factors",
    RedFlagItem.M1: "past cancer with new symptoms",
    RedFlagItem.M2: "weight loss, constant or night pain",
    RedFlagItem.M3: "age at onset or no improvement",
    RedFlagItem.F1: "trauma",
    RedFlagItem.F2: "sudden severe pain or bony tenderness",
    RedFlagItem.F3: "bone stress signs",
    RedFlagItem.V1: "aortic aneurysm signs",
    RedFlagItem.A1: "inflammatory back pain",
    RedFlagItem.T1: "thoracic pain or widespread neurological signs",
}
"""Short names of the items, for lists of what was not asked."""

TIER_WORDS: dict[RedFlagTier, str] = {
    RedFlagTier.EMERGENCY: "emergency",
    RedFlagTier.URGENT: "urgent",
    RedFlagTier.PROMPT: "for medical review within days",
}

_ACTION_REQUESTED: dict[RedFlagTier, str] = {
    RedFlagTier.EMERGENCY: "emergency assessment today (the patient was told to attend the emergency "
                           "department now)",
    RedFlagTier.URGENT: "same-day medical review (GP, emergency department or specialist)",
    RedFlagTier.PROMPT: "medical review within the next few days",
}
_ITEM_ACTION: dict[RedFlagItem, str] = {
    RedFlagItem.F3: "and imaging (MRI) for a suspected bone stress injury; running has been stopped",
    RedFlagItem.A1: "and consideration of a rheumatology referral",
    RedFlagItem.M1: "through the local metastatic spinal cord compression pathway",
    RedFlagItem.V1: "to exclude an abdominal aortic aneurysm",
}


def concern(item: RedFlagItem | str) -> str:
    """The flag in words with its code, e.g. ``possible abdominal aortic aneurysm (V1)``."""
    item = coerce_enum(RedFlagItem, item, "red-flag item")
    condition = RED_FLAG_INFO[item].condition
    return f"possible {condition[0].lower()}{condition[1:]} ({item.value})"


def action_requested(item: RedFlagItem | str, tier: RedFlagTier | str) -> str:
    """What a referral letter asks the doctor to do about one flag."""
    item = coerce_enum(RedFlagItem, item, "red-flag item")
    tier = coerce_enum(RedFlagTier, tier, "red-flag tier")
    extra = _ITEM_ACTION.get(item, "")
    return f"{_ACTION_REQUESTED[tier]} {extra}".strip()


@dataclass(frozen=True, slots=True)
class FlagState:
    """A flag raised on the chart: open until a clinician records the outcome of the review.

    ``confirmed`` is the clinician's recorded confirmation that exercise may continue (prompt flags).
    """

    item: RedFlagItem
    tier: RedFlagTier
    open: bool = True
    confirmed: bool = False

    def __post_init__(self) -> None:
        """Accept item and tier as text."""
        object.__setattr__(self, "item", coerce_enum(RedFlagItem, self.item, "red-flag item"))
        object.__setattr__(self, "tier", coerce_enum(RedFlagTier, self.tier, "red-flag tier"))
        check_bool(self.open, "open")
        check_bool(self.confirmed, "confirmed")

    @property
    def holds_loading(self) -> bool:
        """True while this flag holds exercise loading (see ``red_flags.holds_loading``)."""
        return self.open and holds_loading(self.item, self.tier, confirmed=self.confirmed)

    @property
    def state_words(self) -> str:
        """Where the flag stands, in words."""
        if not self.open:
            return "outcome of the review recorded"
        if self.item is RedFlagItem.F3:
            return "running stopped, awaiting the imaging outcome"
        if exercise_confirmable(self.item, self.tier):
            return ("referral open; exercise continues, confirmed by the clinician" if self.confirmed
                    else "referral open; exercise on hold until the clinician confirms it may continue")
        return "awaiting the outcome of the medical review"

    @property
    def words(self) -> str:
        """E.g. ``possible abdominal aortic aneurysm (V1), urgent: awaiting the outcome …``."""
        return f"{concern(self.item)}, {TIER_WORDS[self.tier]}: {self.state_words}"

    @property
    def referral(self) -> str:
        """The flag's description and the action requested, for a letter to the doctor."""
        info = RED_FLAG_INFO[self.item]
        concern_text = concern(self.item)
        if self.tier.blocks_loading:
            meanwhile = "Exercise loading is paused until we know the outcome."
        elif self.holds_loading:
            meanwhile = "Exercise loading is paused meanwhile."
        else:
            meanwhile = "Exercise continues meanwhile."
        return (f"{concern_text[0].upper()}{concern_text[1:]}: {_mid_sentence(info.description)}. "
                f"Action requested: {action_requested(self.item, self.tier)}. {meanwhile}")


def _mid_sentence(text: str) -> str:
    """Lower-case a leading capital that is not an abbreviation (``Age over 60`` but ``IV drug use``)."""
    return text[0].lower() + text[1:] if text[:2].istitle() else text


def _not_asked_words(items: tuple[RedFlagItem, ...]) -> str:
    """``the cauda equina questions (CE1–CE6), trauma (F1) and …``: CE1-CE6 grouped when all missing."""
    parts = []
    rest = list(items)
    if all(item in rest for item in CAUDA_EQUINA_ITEMS):
        parts.append("the cauda equina questions (CE1–CE6)")
        rest = [item for item in rest if item not in CAUDA_EQUINA_ITEMS]
    parts.extend(f"{ITEM_NAMES[item]} ({item.value})" for item in rest)
    return join_words(parts)


def _long_date(day: date) -> str:
    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
    return f"{day.day} {months[day.month - 1]} {day.year}"


@dataclass(frozen=True, slots=True)
class RedFlagStatement:
    """What can truthfully be said about the red flags: raised/open flags and unasked items."""

    screened: bool
    screened_on: date | None
    flags: tuple[FlagState, ...]
    not_asked: tuple[RedFlagItem, ...]
    asked: int

    @property
    def complete(self) -> bool:
        """True when the latest screen asked every item."""
        return self.screened and not self.not_asked

    @property
    def open_flags(self) -> tuple[FlagState, ...]:
        """Flags still open on the chart, most severe first."""
        return tuple(f for f in self.flags if f.open)

    @property
    def all_clear(self) -> bool:
        """The only case in which "No red flags" may be said."""
        return self.complete and not self.flags

    @property
    def text(self) -> str:
        """One or two sentences for the Overview, the chart, letters and exam summaries."""
        total = len(RedFlagItem)
        on = f" on {_long_date(self.screened_on)}" if self.screened_on is not None else ""
        if self.all_clear:
            return f"No red flags: all {total} items asked{on}, none raised."
        sentences = []
        if self.flags:
            label = "Red flag raised" if len(self.flags) == 1 else "Red flags raised"
            sentences.append(f"{label}: {'; '.join(f.words for f in self.flags)}.")
        if not self.screened:
            sentences.append("Red flags not screened yet in this episode.")
        elif not self.not_asked:
            sentences.append(f"All {total} items asked{on}.")
        else:
            none_raised = ""
            if self.asked and not self.flags:
                none_raised = ("the one item asked was negative; " if self.asked == 1
                               else f"none of the {self.asked} items asked was positive; ")
            sentences.append(f"Red-flag screen{on}: {none_raised}{len(self.not_asked)} of {total} "
                             f"items not asked: {_not_asked_words(self.not_asked)}.")
        return " ".join(sentences)

    @property
    def screen_summary(self) -> str:
        """How complete the latest screen was, for an inputs table (the flags are listed apart)."""
        if not self.screened:
            return "not screened yet"
        on = f" on {_long_date(self.screened_on)}" if self.screened_on is not None else ""
        if not self.not_asked:
            return f"all {len(RedFlagItem)} items asked{on}"
        return (f"{len(self.not_asked)} of {len(RedFlagItem)} items not asked{on}: "
                f"{', '.join(item.value for item in self.not_asked)}")

    @property
    def referrals(self) -> tuple[str, ...]:
        """One line per open flag: its description and the action requested of the doctor."""
        return tuple(f.referral for f in self.open_flags)


def red_flag_statement(
    answers: RedFlagAnswers | None,
    screened_on: date | None,
    open_flags: Iterable[FlagState] = (),
    *,
    severe_pain: bool = False,
) -> RedFlagStatement:
    """Build the statement from the latest screen's answers (None: never screened), when it was done,
    and the flags open on the chart.

    A flag raised by the latest screen whose review outcome is already recorded is listed as raised,
    not open; a flag raised at an earlier screen stays listed while it is open.
    """
    flags = {f.item: f for f in open_flags if f.open}
    for flag in screen(answers or {}, severe_pain=severe_pain):
        flags.setdefault(flag.item, FlagState(flag.item, flag.tier, open=False))
    missing = tuple(not_asked(answers or {}))
    return RedFlagStatement(answers is not None, screened_on if answers is not None else None,
                            tuple(sorted(flags.values(), key=_order)), missing,
                            len(RedFlagItem) - len(missing))


def _order(flag: FlagState) -> tuple[int, int, int]:
    return (0 if flag.open else 1, flag.tier.severity, list(RedFlagItem).index(flag.item))
