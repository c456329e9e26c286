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
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP, translate
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
    RedFlagItem.CE1: QT_TRANSLATE_NOOP("RedFlags", "saddle numbness"),
    RedFlagItem.CE2: QT_TRANSLATE_NOOP("RedFlags", "bladder change"),
    RedFlagItem.CE3: QT_TRANSLATE_NOOP("RedFlags", "bowel change"),
    RedFlagItem.CE4: QT_TRANSLATE_NOOP("RedFlags", "sciatica in both legs"),
    RedFlagItem.CE5: QT_TRANSLATE_NOOP("RedFlags", "weakness or numbness in both legs"),
    RedFlagItem.CE6: QT_TRANSLATE_NOOP("RedFlags", "sexual dysfunction"),
    RedFlagItem.N1: QT_TRANSLATE_NOOP("RedFlags", "foot drop or severe weakness"),
    RedFlagItem.I1: QT_TRANSLATE_NOOP("RedFlags", "fever or feeling unwell"),
    RedFlagItem.I2: QT_TRANSLATE_NOOP("RedFlags", "infection risk factors"),
    RedFlagItem.M1: QT_TRANSLATE_NOOP("RedFlags", "past cancer with new symptoms"),
    RedFlagItem.M2: QT_TRANSLATE_NOOP("RedFlags", "weight loss, constant or night pain"),
    RedFlagItem.M3: QT_TRANSLATE_NOOP("RedFlags", "age at onset or no improvement"),
    RedFlagItem.F1: QT_TRANSLATE_NOOP("RedFlags", "trauma"),
    RedFlagItem.F2: QT_TRANSLATE_NOOP("RedFlags", "sudden severe pain or bony tenderness"),
    RedFlagItem.F3: QT_TRANSLATE_NOOP("RedFlags", "bone stress signs"),
    RedFlagItem.V1: QT_TRANSLATE_NOOP("RedFlags", "aortic aneurysm signs"),
    RedFlagItem.A1: QT_TRANSLATE_NOOP("RedFlags", "inflammatory back pain"),
    RedFlagItem.T1: QT_TRANSLATE_NOOP("RedFlags", "thoracic pain or widespread neurological signs"),
}
"""Short names of the items, for lists of what was not asked."""

TIER_WORDS: dict[RedFlagTier, str] = {
    RedFlagTier.EMERGENCY: QT_TRANSLATE_NOOP("RedFlags", "emergency"),
    RedFlagTier.URGENT: QT_TRANSLATE_NOOP("RedFlags", "urgent"),
    RedFlagTier.PROMPT: QT_TRANSLATE_NOOP("RedFlags", "for medical review within days"),
}

_ACTION_REQUESTED: dict[RedFlagTier, str] = {
    RedFlagTier.EMERGENCY: QT_TRANSLATE_NOOP(
        "RedFlags", "emergency assessment today (the patient was told to attend the emergency "
        "department now)"),
    RedFlagTier.URGENT: QT_TRANSLATE_NOOP(
        "RedFlags", "same-day medical review (GP, emergency department or specialist)"),
    RedFlagTier.PROMPT: QT_TRANSLATE_NOOP("RedFlags", "medical review within the next few days"),
}
_ITEM_ACTION: dict[RedFlagItem, str] = {
    RedFlagItem.F3: QT_TRANSLATE_NOOP(
        "RedFlags", "and imaging (MRI) for a suspected bone stress injury; running has been stopped"),
    RedFlagItem.A1: QT_TRANSLATE_NOOP("RedFlags", "and consideration of a rheumatology referral"),
    RedFlagItem.M1: QT_TRANSLATE_NOOP(
        "RedFlags", "through the local metastatic spinal cord compression pathway"),
    RedFlagItem.V1: QT_TRANSLATE_NOOP("RedFlags", "to exclude an abdominal aortic aneurysm"),
}


def concern(item: RedFlagItem | str) -> str:
    """The flag in words with its code, e.g. ``possible abdominal aortic aneurysm (V1)``."""
    item = coerce_enum(RedFlagItem, item, "red-flag item")
    condition = RED_FLAG_INFO[item].condition
    return translate("RedFlags", "possible {condition} ({code})").format(
        condition=f"{condition[0].lower()}{condition[1:]}", code=item.value)


def action_requested(item: RedFlagItem | str, tier: RedFlagTier | str) -> str:
    """What a referral letter asks the doctor to do about one flag."""
    item = coerce_enum(RedFlagItem, item, "red-flag item")
    tier = coerce_enum(RedFlagTier, tier, "red-flag tier")
    extra = translate("RedFlags", _ITEM_ACTION[item]) if item in _ITEM_ACTION else ""
    return f"{translate('RedFlags', _ACTION_REQUESTED[tier])} {extra}".strip()


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
            return translate("RedFlags", "outcome of the review recorded")
        if self.item is RedFlagItem.F3:
            return translate("RedFlags", "running stopped, awaiting the imaging outcome")
        if exercise_confirmable(self.item, self.tier):
            if self.confirmed:
                return translate("RedFlags", "referral open; exercise continues, confirmed by the clinician")
            return translate("RedFlags", "referral open; exercise on hold until the clinician confirms it "
                             "may continue")
        return translate("RedFlags", "awaiting the outcome of the medical review")

    @property
    def words(self) -> str:
        """E.g. ``possible abdominal aortic aneurysm (V1), urgent: awaiting the outcome …``."""
        return translate("RedFlags", "{concern}, {tier}: {state}").format(
            concern=concern(self.item), tier=translate("RedFlags", TIER_WORDS[self.tier]),
            state=self.state_words)

    @property
    def referral(self) -> str:
        """The flag's description and the action requested, for a letter to the doctor."""
        info = RED_FLAG_INFO[self.item]
        concern_text = concern(self.item)
        if self.tier.blocks_loading:
            meanwhile = translate("RedFlags", "Exercise loading is paused until we know the outcome.")
        elif self.holds_loading:
            meanwhile = translate("RedFlags", "Exercise loading is paused meanwhile.")
        else:
            meanwhile = translate("RedFlags", "Exercise continues meanwhile.")
        return translate("RedFlags",
            "{concern}: {description}. Action requested: {action}. {meanwhile}").format(
            concern=f"{concern_text[0].upper()}{concern_text[1:]}",
            description=_mid_sentence(info.description),
            action=action_requested(self.item, self.tier), meanwhile=meanwhile)


def _mid_sentence(text: str) -> str:
    """Lower-case a leading capital that is not an abbreviation (``Age over 60`` but ``IV drug use``)."""
    return text[0].lower() + text[1:] if text[:2].istitle() else text


def _not_asked_words(items: tuple[RedFlagItem, ...]) -> str:
    """``the cauda equina questions (CE1–CE6), trauma (F1) and …``: CE1-CE6 grouped when all missing."""
    parts = []
    rest = list(items)
    if all(item in rest for item in CAUDA_EQUINA_ITEMS):
        parts.append(translate("RedFlags", "the cauda equina questions (CE1–CE6)"))
        rest = [item for item in rest if item not in CAUDA_EQUINA_ITEMS]
    parts.extend(f"{translate('RedFlags', ITEM_NAMES[item])} ({item.value})" for item in rest)
    return join_words(parts, translate("RedFlags", "and"))


def _long_date(day: date) -> str:
    months = (QT_TRANSLATE_NOOP("Dates", "January"), QT_TRANSLATE_NOOP("Dates", "February"),
              QT_TRANSLATE_NOOP("Dates", "March"), QT_TRANSLATE_NOOP("Dates", "April"),
              QT_TRANSLATE_NOOP("Dates", "May"), QT_TRANSLATE_NOOP("Dates", "June"),
              QT_TRANSLATE_NOOP("Dates", "July"), QT_TRANSLATE_NOOP("Dates", "August"),
              QT_TRANSLATE_NOOP("Dates", "September"), QT_TRANSLATE_NOOP("Dates", "October"),
              QT_TRANSLATE_NOOP("Dates", "November"), QT_TRANSLATE_NOOP("Dates", "December"))
    return translate("Dates", "{day} {month} {year}").format(
        day=day.day, month=translate("Dates", months[day.month - 1]), year=day.year)


def _on(day: date | None) -> str:
    """`` on 12 November 2026``, or nothing when the date is not known."""
    return translate("RedFlags", " on {date}").format(date=_long_date(day)) if day is not None else ""


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
        on = _on(self.screened_on)
        if self.all_clear:
            return translate("RedFlags", "No red flags: all {total} items asked{on}, none raised.").format(
                total=total, on=on)
        sentences = []
        if self.flags:
            label = (translate("RedFlags", "Red flag raised") if len(self.flags) == 1
                     else translate("RedFlags", "Red flags raised"))
            sentences.append(translate("RedFlags", "{label}: {flags}.").format(
                label=label, flags="; ".join(f.words for f in self.flags)))
        if not self.screened:
            sentences.append(translate("RedFlags", "Red flags not screened yet in this episode."))
        elif not self.not_asked:
            sentences.append(translate("RedFlags", "All {total} items asked{on}.").format(total=total, on=on))
        else:
            none_raised = ""
            if self.asked and not self.flags:
                none_raised = (translate("RedFlags", "the one item asked was negative; ") if self.asked == 1
                               else translate("RedFlags", "none of the {asked} items asked was positive; ")
                               .format(asked=self.asked))
            sentences.append(translate(
                "RedFlags", "Red-flag screen{on}: {none_raised}{missing} of {total} items not asked: "
                "{items}.")
                .format(on=on, none_raised=none_raised, missing=len(self.not_asked), total=total,
                        items=_not_asked_words(self.not_asked)))
        return " ".join(sentences)

    @property
    def screen_summary(self) -> str:
        """How complete the latest screen was, for an inputs table (the flags are listed apart)."""
        if not self.screened:
            return translate("RedFlags", "not screened yet")
        on = _on(self.screened_on)
        if not self.not_asked:
            return translate("RedFlags", "all {total} items asked{on}").format(total=len(RedFlagItem), on=on)
        return translate("RedFlags", "{missing} of {total} items not asked{on}: {items}").format(
            missing=len(self.not_asked), total=len(RedFlagItem), on=on,
            items=", ".join(item.value for item in self.not_asked))

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
