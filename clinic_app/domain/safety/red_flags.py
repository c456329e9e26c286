"""Red-flag screening: items, tiers, combination rules and advice. Escalates; never clears."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeAlias

from clinic_app.domain._validation import check_bool, check_int, check_optional_bool, coerce_enum
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP, translate
from clinic_app.domain.settings import ClinicalSettings, resolve


class RedFlagItem(enum.StrEnum):
    """Red-flag screening item IDs (CLINICAL.md section 2)."""

    CE1 = "CE1"
    CE2 = "CE2"
    CE3 = "CE3"
    CE4 = "CE4"
    CE5 = "CE5"
    CE6 = "CE6"
    N1 = "N1"
    I1 = "I1"
    I2 = "I2"
    M1 = "M1"
    M2 = "M2"
    M3 = "M3"
    F1 = "F1"
    F2 = "F2"
    F3 = "F3"
    V1 = "V1"
    A1 = "A1"
    T1 = "T1"


RedFlagAnswers: TypeAlias = Mapping[RedFlagItem, bool | None] | Mapping[str, bool | None]
"""Item (enum or ID text) -> True (yes), False (no) or None (not asked)."""


class RedFlagTier(enum.StrEnum):
    """Escalation tier, most severe first."""

    EMERGENCY = "emergency"
    URGENT = "urgent"
    PROMPT = "prompt"

    @property
    def severity(self) -> int:
        """Return 0 for emergency, 1 for urgent, 2 for prompt (lower is more severe)."""
        return _TIER_ORDER.index(self)

    @property
    def blocks_loading(self) -> bool:
        """Return True when exercise progression and return-to-run are locked."""
        return self in (RedFlagTier.EMERGENCY, RedFlagTier.URGENT)


_TIER_ORDER = (RedFlagTier.EMERGENCY, RedFlagTier.URGENT, RedFlagTier.PROMPT)

CAUDA_EQUINA_ITEMS: tuple[RedFlagItem, ...] = (
    RedFlagItem.CE1,
    RedFlagItem.CE2,
    RedFlagItem.CE3,
    RedFlagItem.CE4,
    RedFlagItem.CE5,
    RedFlagItem.CE6,
)
"""The cauda equina questions asked when neurological signs are bilateral."""


@dataclass(frozen=True, slots=True)
class RedFlagInfo:
    """Plain description, suspected condition and base tier of one item (the wording in English,
    marked for translators; ``description`` and ``condition`` give it in the user's language)."""

    english_description: str
    english_condition: str
    tier: RedFlagTier

    @property
    def description(self) -> str:
        """The item in plain words, translated."""
        return translate("RedFlags", self.english_description)

    @property
    def condition(self) -> str:
        """The suspected condition, translated."""
        return translate("RedFlags", self.english_condition)


_E, _U, _P = RedFlagTier.EMERGENCY, RedFlagTier.URGENT, RedFlagTier.PROMPT
RED_FLAG_INFO: dict[RedFlagItem, RedFlagInfo] = {
    RedFlagItem.CE1: RedFlagInfo(
        QT_TRANSLATE_NOOP("RedFlags", "Saddle numbness or tingling (perineum, genitals, inner buttocks)"),
        QT_TRANSLATE_NOOP("RedFlags", "Cauda equina syndrome"),
        _E,
    ),
    RedFlagItem.CE2: RedFlagInfo(
        QT_TRANSLATE_NOOP(
            "RedFlags",
            "New bladder problems: hard to start, reduced flow sensation, retention or "
            "incontinence"),
        QT_TRANSLATE_NOOP("RedFlags", "Cauda equina syndrome"),
        _E,
    ),
    RedFlagItem.CE3: RedFlagInfo(
        QT_TRANSLATE_NOOP(
            "RedFlags",
            "New loss of bowel control or rectal sensation; lax anal tone"),
        QT_TRANSLATE_NOOP("RedFlags", "Cauda equina syndrome"),
        _E
    ),
    RedFlagItem.CE4: RedFlagInfo(
        QT_TRANSLATE_NOOP(
            "RedFlags",
            "Sciatica in both legs, or one-sided leg pain that has become bilateral"),
        QT_TRANSLATE_NOOP("RedFlags", "Cauda equina syndrome"),
        _E,
    ),
    RedFlagItem.CE5: RedFlagInfo(
        QT_TRANSLATE_NOOP(
            "RedFlags",
            "Severe or progressive weakness or numbness in both legs; gait disturbance"),
        QT_TRANSLATE_NOOP("RedFlags", "Cauda equina syndrome"),
        _E,
    ),
    RedFlagItem.CE6: RedFlagInfo(
        QT_TRANSLATE_NOOP(
            "RedFlags",
            "New sexual dysfunction (erection or genital sensation)"),
        QT_TRANSLATE_NOOP("RedFlags", "Cauda equina syndrome"),
        _E
    ),
    RedFlagItem.N1: RedFlagInfo(
        QT_TRANSLATE_NOOP("RedFlags", "Acute foot drop, or worsening radiculopathy with power 3/5 or less"),
        QT_TRANSLATE_NOOP("RedFlags", "Severe nerve root compression"),
        _U,
    ),
    RedFlagItem.I1: RedFlagInfo(
        QT_TRANSLATE_NOOP(
            "RedFlags",
            "Fever, chills or feeling unwell together with back pain"),
        QT_TRANSLATE_NOOP("RedFlags", "Spinal infection"),
        _U
    ),
    RedFlagItem.I2: RedFlagInfo(
        QT_TRANSLATE_NOOP(
            "RedFlags",
            "IV drug use, immunosuppression, recent bacterial infection, spinal procedure "
            "or penetrating wound"),
        QT_TRANSLATE_NOOP("RedFlags", "Spinal infection"),
        _P,
    ),
    RedFlagItem.M1: RedFlagInfo(
        QT_TRANSLATE_NOOP(
            "RedFlags",
            "Past cancer plus new back pain, root pain, walking difficulty or bladder/bowel "
            "change"),
        QT_TRANSLATE_NOOP("RedFlags", "Metastatic spinal cord compression"),
        _U,
    ),
    RedFlagItem.M2: RedFlagInfo(
        QT_TRANSLATE_NOOP(
            "RedFlags",
            "Unexplained weight loss; constant pain unchanged by position or rest; severe "
            "night pain"),
        QT_TRANSLATE_NOOP("RedFlags", "Cancer"),
        _P,
    ),
    RedFlagItem.M3: RedFlagInfo(
        QT_TRANSLATE_NOOP(
            "RedFlags",
            "New onset over 50 or under 20, or no improvement after about a month of care"),
        QT_TRANSLATE_NOOP("RedFlags", "Cancer or other serious pathology"),
        _P,
    ),
    RedFlagItem.F1: RedFlagInfo(
        QT_TRANSLATE_NOOP(
            "RedFlags",
            "Significant trauma, or minor trauma or lifting with osteoporosis, long-term "
            "steroids or older age"),
        QT_TRANSLATE_NOOP("RedFlags", "Vertebral fracture"),
        _U,
    ),
    RedFlagItem.F2: RedFlagInfo(
        QT_TRANSLATE_NOOP(
            "RedFlags",
            "Sudden severe central pain eased by lying down; spinal deformity; bony point "
            "tenderness"),
        QT_TRANSLATE_NOOP("RedFlags", "Vertebral fracture"),
        _U,
    ),
    RedFlagItem.F3: RedFlagInfo(
        QT_TRANSLATE_NOOP(
            "RedFlags",
            "Deep sacral, buttock or lumbar pain worse with each run and with hopping "
            "(bone-stress risk factors)"),
        QT_TRANSLATE_NOOP("RedFlags", "Sacral or pars stress fracture"),
        _P,
    ),
    RedFlagItem.V1: RedFlagInfo(
        QT_TRANSLATE_NOOP(
            "RedFlags",
            "Age over 60, vascular disease, pulsatile abdominal mass, pain at rest"),
        QT_TRANSLATE_NOOP("RedFlags", "Abdominal aortic aneurysm"),
        _U,
    ),
    RedFlagItem.A1: RedFlagInfo(
        QT_TRANSLATE_NOOP("RedFlags", "Morning stiffness easing with exercise, waking in the second half "
                          "of the night, alternating buttock pain, onset before 45"),
        QT_TRANSLATE_NOOP("RedFlags", "Axial spondyloarthritis"),
        _P,
    ),
    RedFlagItem.T1: RedFlagInfo(
        QT_TRANSLATE_NOOP(
            "RedFlags",
            "Thoracic pain, or widespread neurological signs that do not fit one root"),
        QT_TRANSLATE_NOOP("RedFlags", "Other serious pathology"),
        _P,
    ),
}
"""Item table: short plain wording (for the clinician), suspected condition and base tier."""

TIER_ADVICE: dict[RedFlagTier, str] = {
    RedFlagTier.EMERGENCY: (
        QT_TRANSLATE_NOOP("RedFlags", "EMERGENCY: stop now. The patient must attend an emergency "
        "department or call the local emergency number today. Exercise prescription and return-to-run "
        "are blocked. Record the action taken; patient-facing reports must carry safety-net advice.")
    ),
    RedFlagTier.URGENT: (
        QT_TRANSLATE_NOOP("RedFlags", "URGENT: do not progress loading. Arrange a same-day medical review "
        "(GP, emergency department "
        "or specialist). The plan stays locked until the outcome is recorded.")
    ),
    RedFlagTier.PROMPT: (
        QT_TRANSLATE_NOOP("RedFlags", "PROMPT: refer for medical review within days. Exercise may continue "
        "only if the clinician explicitly confirms it.")
    ),
}
"""Required software behaviour per tier (CLINICAL.md section 2), as advice text."""

_ITEM_ADVICE: dict[RedFlagItem, str] = {
    RedFlagItem.F3: QT_TRANSLATE_NOOP(
        "RedFlags",
        "Stop running and refer for imaging (suspected bone stress injury)."),
    RedFlagItem.A1: QT_TRANSLATE_NOOP("RedFlags", "Consider rheumatology referral."),
    RedFlagItem.M1: QT_TRANSLATE_NOOP(
        "RedFlags",
        "Follow the local metastatic spinal cord compression pathway."),
}


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A raised red flag with its tier and advice; extra fields are informational."""

    item: RedFlagItem
    tier: RedFlagTier
    advice: str
    description: str = field(default="", compare=False)
    condition: str = field(default="", compare=False)
    escalated_by: tuple[str, ...] = field(default=(), compare=False)
    """Why the tier was raised above the item's base tier (e.g. 'I1')."""

    @property
    def stop_running(self) -> bool:
        """Return True when running must stop (emergency, urgent, or F3)."""
        return self.tier.blocks_loading or self.item == RedFlagItem.F3


def _normalise(answers: RedFlagAnswers) -> dict[RedFlagItem, bool | None]:
    """Validate keys and answers (True, False or None for not asked)."""
    out: dict[RedFlagItem, bool | None] = {}
    for key, value in answers.items():
        item = coerce_enum(RedFlagItem, key, "red-flag item")
        out[item] = check_optional_bool(value, f"red-flag item {item.value} answer")
    return out


def screen(answers: RedFlagAnswers, *, severe_pain: bool = False) -> list[RedFlag]:
    """Return the raised flags, most severe first; None (not asked) is never treated as no.

    I2 is urgent with I1 or severe pain (else prompt); M2 is urgent with M1 (else prompt).
    """
    check_bool(severe_pain, "severe_pain")
    given = _normalise(answers)
    flags: list[RedFlag] = []
    for item in RedFlagItem:
        if given.get(item) is not True:
            continue
        info = RED_FLAG_INFO[item]
        tier, why = info.tier, []
        if item == RedFlagItem.I2 and given.get(RedFlagItem.I1) is True:
            tier, why = RedFlagTier.URGENT, ["I1"]
        elif item == RedFlagItem.I2 and severe_pain:
            tier, why = RedFlagTier.URGENT, ["severe pain"]
        elif item == RedFlagItem.M2 and given.get(RedFlagItem.M1) is True:
            tier, why = RedFlagTier.URGENT, ["M1"]
        advice = translate("RedFlags", TIER_ADVICE[tier])
        if item in _ITEM_ADVICE:
            advice = f"{advice} {translate('RedFlags', _ITEM_ADVICE[item])}"
        flags.append(RedFlag(item, tier, advice, info.description, info.condition, tuple(why)))
    flags.sort(key=lambda flag: flag.tier.severity)  # stable: keeps item order within a tier
    return flags


def not_asked(answers: RedFlagAnswers) -> list[RedFlagItem]:
    """List the items not asked (absent or None), in item order."""
    given = _normalise(answers)
    return [item for item in RedFlagItem if given.get(item) is None]


def highest_tier(flags: list[RedFlag]) -> RedFlagTier | None:
    """Return the most severe tier among raised flags, or None."""
    return min((flag.tier for flag in flags), key=lambda tier: tier.severity, default=None)


def blocks_loading(flags: list[RedFlag]) -> bool:
    """Return True when any raised flag locks exercise progression and return-to-run."""
    return any(flag.tier.blocks_loading for flag in flags)


def exercise_confirmable(item: RedFlagItem | str, tier: RedFlagTier | str) -> bool:
    """True for a prompt flag whose hold on loading lifts once the clinician confirms exercise may
    continue (C5); F3 stops running until the imaging outcome is recorded, so it is not."""
    prompt = coerce_enum(RedFlagTier, tier, "red-flag tier") is RedFlagTier.PROMPT
    return prompt and coerce_enum(RedFlagItem, item, "red-flag item") is not RedFlagItem.F3


def holds_loading(item: RedFlagItem | str, tier: RedFlagTier | str, *, confirmed: bool) -> bool:
    """Whether an open flag holds exercise loading, loading handouts and return to run.

    Emergency and urgent flags and F3 hold until the outcome is recorded; other prompt flags hold
    until the clinician confirms, with a reason, that exercise may continue.
    """
    check_bool(confirmed, "confirmed")
    if exercise_confirmable(item, tier):
        return not confirmed
    return True


A1_ONSET_BEFORE = 45
"""NICE NG65: back pain that started before 45 prompts the axial spondyloarthritis questions."""
V1_AGE_OVER = 60
"""Age above which the aneurysm question (V1) is suggested."""


@dataclass(frozen=True, slots=True)
class ScreenSuggestion:
    """An item the clinician should ask, and why; a suggestion is never an answer (C5)."""

    item: RedFlagItem
    reason: str


def screen_suggestions(
    age_years: int | None,
    *,
    onset_age_years: int | None = None,
    constant_night_pain: bool = False,
    settings: ClinicalSettings | None = None,
) -> list[ScreenSuggestion]:
    """Items to ask because of the patient's age, age at onset or the intake's night pain, in item order.

    M3: onset over ``m3_age_over`` or under ``m3_age_under``; V1: age over 60; A1: onset before 45
    (NICE NG65); M2: constant night pain unrelieved by position. The age at onset is the current
    age when the onset date is not known.
    """
    cfg = resolve(settings)
    check_bool(constant_night_pain, "constant_night_pain")
    age = None if age_years is None else check_int(age_years, "age_years", 12, 100)
    onset = age if onset_age_years is None else check_int(onset_age_years, "onset_age_years", 0, 100)
    found: dict[RedFlagItem, str] = {}
    if onset is not None and onset > cfg.m3_age_over:
        found[RedFlagItem.M3] = translate("RedFlags", "back pain began at {onset}, over {limit}").format(
            onset=onset, limit=cfg.m3_age_over)
    elif onset is not None and onset < cfg.m3_age_under:
        found[RedFlagItem.M3] = translate("RedFlags", "back pain began at {onset}, under {limit}").format(
            onset=onset, limit=cfg.m3_age_under)
    if age is not None and age > V1_AGE_OVER:
        found[RedFlagItem.V1] = translate("RedFlags", "the patient is {age}, over {limit}").format(
            age=age, limit=V1_AGE_OVER)
    if onset is not None and onset < A1_ONSET_BEFORE:
        found[RedFlagItem.A1] = translate(
            "RedFlags", "back pain began at {onset}, before {limit} "
            "(NICE NG65: ask about inflammatory features)").format(onset=onset, limit=A1_ONSET_BEFORE)
    if constant_night_pain:
        found[RedFlagItem.M2] = translate(
            "RedFlags", "the intake records constant night pain unrelieved by position")
    return [ScreenSuggestion(item, found[item]) for item in RedFlagItem if item in found]


def age_prompts(age_years: int, settings: ClinicalSettings | None = None) -> list[RedFlagItem]:
    """Items whose age criterion the patient meets, so they get asked (never auto-raised)."""
    cfg = resolve(settings)
    age = check_int(age_years, "age_years", 12, 100)
    return [s.item for s in screen_suggestions(age, settings=cfg)]
