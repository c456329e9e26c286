"""How long a patient's record must be kept, and what an erasure request therefore leads to.

The practice sets the rule (Practice → Records retention…): adults' records are kept a number of
years after the last contact (visit, or registration when there was none); children's records
until a given age, or the adult period if that ends later. A request to be forgotten is carried
out when the period has ended; before that, processing is restricted and the reason recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from clinic_app.domain.messages import coded, msg

ADULT_AGE = 18


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """The practice's retention rule (defaults: 8 years for adults, to age 25 for children)."""

    adult_years: int = 8
    child_until_age: int = 25

    def validate(self) -> dict[str, str]:
        """Field errors for a rule no practice could be held to."""
        errors: dict[str, str] = {}
        if type(self.adult_years) is not int or not 1 <= self.adult_years <= 100:
            errors["adult_years"] = coded(msg("retention.between_1_100_years"))
        if type(self.child_until_age) is not int or not ADULT_AGE <= self.child_until_age <= 100:
            errors["child_until_age"] = coded(msg("retention.age_between_100", adult_age=ADULT_AGE))
        return errors


@dataclass(frozen=True, slots=True)
class RetentionAssessment:
    """Whether the record may be erased on ``today``, until when it must be kept, and why."""

    retain_until: date
    erasable: bool
    explanation: str


def add_years(day: date, years: int) -> date:
    """``day`` moved by whole years (29 February becomes 28 February in other years)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def age_on(birth: date, day: date) -> int:
    """Completed years of age on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _long(day: date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def assess_retention(birth: date, last_contact: date, today: date,
                     policy: RetentionPolicy) -> RetentionAssessment:
    """The retention decision for a record whose last contact was ``last_contact``."""
    adult_end = add_years(last_contact, policy.adult_years)
    basis = f"{policy.adult_years} years after the last contact on {_long(last_contact)}"
    until = adult_end
    if age_on(birth, last_contact) < ADULT_AGE:
        child_end = add_years(birth, policy.child_until_age)
        if child_end > adult_end:
            until = child_end
            basis = (f"until the patient's {policy.child_until_age}th birthday, because care "
                     f"ended before the age of {ADULT_AGE}")
    if today >= until:
        return RetentionAssessment(until, True, (
            f"The retention period has ended: the record had to be kept {basis}, that is until "
            f"{_long(until)}. It can be erased."))
    return RetentionAssessment(until, False, (
        f"The record must be kept {basis}, that is until {_long(until)}. Until then it cannot "
        "be erased: processing is restricted instead (the chart is archived, marked restricted "
        "with the reason, and kept out of lists and printing)."))
