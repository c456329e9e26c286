"""Low energy availability screen (CLINICAL.md C10): which risk features were reported, which not asked.

Each item is "not asked" until answered and is never read as "no". A feature that is present raises
no flag on its own: with sacral or lumbar bony pain it suggests red flag F3 (see ``bone_stress``).
"""

from __future__ import annotations

from dataclasses import dataclass

from clinic_app.domain.findings import Evidence, Finding, FindingLevel
from clinic_app.domain.intake.record import EnergyScreen, Intake, MenstrualStatus
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP

ITEM_LABELS: dict[str, str] = {
    "menstrual": QT_TRANSLATE_NOOP("EnergyAvailability", "Menstrual history"),
    "prior_bone_stress_injury": QT_TRANSLATE_NOOP("EnergyAvailability", "Previous bone stress injury"),
    "restrictive_eating_or_weight_loss": QT_TRANSLATE_NOOP("EnergyAvailability",
                                                           "Restrictive eating or weight loss"),
    "low_bmi": QT_TRANSLATE_NOOP("EnergyAvailability", "Low body mass index (BMI)"),
}
"""The screen's items in order, with the label every screen and document uses."""

MENSTRUAL_LABELS: dict[MenstrualStatus, str] = {
    MenstrualStatus.REGULAR: QT_TRANSLATE_NOOP("EnergyAvailability", "Regular periods"),
    MenstrualStatus.IRREGULAR: QT_TRANSLATE_NOOP("EnergyAvailability", "Irregular or infrequent periods"),
    MenstrualStatus.ABSENT: QT_TRANSLATE_NOOP("EnergyAvailability", "Periods have stopped (amenorrhoea)"),
    MenstrualStatus.NOT_APPLICABLE: QT_TRANSLATE_NOOP("EnergyAvailability", "Not applicable"),
}
_FEATURE_WORDS: dict[str, str] = {
    "prior_bone_stress_injury": "a previous bone stress injury",
    "restrictive_eating_or_weight_loss": "restrictive eating or weight loss",
    "low_bmi": "a low BMI",
}
_MENSTRUAL_WORDS: dict[MenstrualStatus, str] = {
    MenstrualStatus.IRREGULAR: "irregular or infrequent periods",
    MenstrualStatus.ABSENT: "periods that have stopped (amenorrhoea)",
}
SOURCE = "Female athlete triad / RED-S; sacral stress fracture [S41]; C10 [P]"


@dataclass(frozen=True, slots=True)
class EnergyPicture:
    """What the screen shows: features present (in words) and items not asked (labels)."""

    features: tuple[str, ...]
    not_asked: tuple[str, ...]
    answered: int

    @property
    def concern(self) -> bool:
        """True when at least one low-energy-availability feature was reported."""
        return bool(self.features)


def prior_bone_stress(intake: Intake) -> bool | None:
    """The screen's answer; a tick on the injury history counts as yes, an empty box as not asked."""
    answer = intake.energy.prior_bone_stress_injury
    if answer is None and intake.prior_bone_stress_injury:
        return True
    return answer


def energy_picture(intake: Intake) -> EnergyPicture:
    """Features present and items not asked, in the order of the screen."""
    screen = intake.energy
    features: list[str] = []
    missing: list[str] = []
    if screen.menstrual is None:
        missing.append(ITEM_LABELS["menstrual"])
    elif screen.menstrual in _MENSTRUAL_WORDS:
        features.append(_MENSTRUAL_WORDS[screen.menstrual])
    answers = {"prior_bone_stress_injury": prior_bone_stress(intake),
               "restrictive_eating_or_weight_loss": screen.restrictive_eating_or_weight_loss,
               "low_bmi": screen.low_bmi}
    for name, answer in answers.items():
        if answer is None:
            missing.append(ITEM_LABELS[name])
        elif answer:
            features.append(_FEATURE_WORDS[name])
    return EnergyPicture(tuple(features), tuple(missing), len(ITEM_LABELS) - len(missing))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _answer_word(value: bool | None) -> str:
    return "not asked" if value is None else ("yes" if value else "no")


def energy_finding(intake: Intake) -> Finding:
    """The screen in one line: features reported, items not asked, and what it means for F3."""
    picture = energy_picture(intake)
    screen = intake.energy
    inputs = {
        ITEM_LABELS["menstrual"]: (_lower_first(MENSTRUAL_LABELS[screen.menstrual])
                                   if screen.menstrual else "not asked"),
        ITEM_LABELS["prior_bone_stress_injury"]: _answer_word(prior_bone_stress(intake)),
        ITEM_LABELS["restrictive_eating_or_weight_loss"]: _answer_word(
            screen.restrictive_eating_or_weight_loss),
        ITEM_LABELS["low_bmi"]: _answer_word(screen.low_bmi),
    }
    missing = (f" Not asked: {', '.join(_lower_first(m) for m in picture.not_asked)}."
               if picture.not_asked else "")
    if picture.concern:
        text = (f"Low energy availability features reported: {', '.join(picture.features)}. "
                "These raise the risk of bone stress injury; with sacral or lumbar bony pain "
                "(sacral squeeze or bony tenderness in the exam) red flag F3 is suggested for you "
                f"to confirm.{missing}")
        return Finding("energy_availability", "concern", text, inputs, Evidence.CONSENSUS, SOURCE,
                       FindingLevel.CAUTION)
    if not picture.answered:
        return Finding("energy_availability", "not_asked",
                       "Energy availability not screened yet: none of the four items was asked.",
                       inputs, Evidence.CONSENSUS, SOURCE, FindingLevel.INFO)
    if picture.not_asked:
        text = (f"No low energy availability feature among the {picture.answered} items asked."
                f"{missing} The screen is incomplete.")
        return Finding("energy_availability", "incomplete", text, inputs, Evidence.CONSENSUS,
                       SOURCE, FindingLevel.INFO)
    return Finding("energy_availability", "none_reported",
                   "No low energy availability feature reported (all four items asked).", inputs,
                   Evidence.CONSENSUS, SOURCE, FindingLevel.INFO)


def validate_energy(intake: Intake) -> dict[str, str]:
    """A contradiction between the injury history tick and the screen's answer."""
    if intake.prior_bone_stress_injury and intake.energy.prior_bone_stress_injury is False:
        return {"energy.prior_bone_stress_injury": (
            "The injury history records a previous bone-stress injury: answer Yes here, or untick "
            "it on Injury history.")}
    return {}


__all__ = ["ITEM_LABELS", "MENSTRUAL_LABELS", "EnergyPicture", "EnergyScreen", "energy_finding",
           "energy_picture", "prior_bone_stress", "validate_energy"]
