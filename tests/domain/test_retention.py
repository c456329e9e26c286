"""Retention rule: adults N years after the last contact, children to a given age if later."""

from __future__ import annotations

from datetime import date

import pytest

from clinic_app.domain.retention import RetentionPolicy, add_years, age_on, assess_retention

POLICY = RetentionPolicy()


@pytest.mark.parametrize(("birth", "last", "today", "until", "erasable"), [
    # adult: 8 years after the last visit, erasable from that day on
    (date(1980, 5, 1), date(2018, 3, 12), date(2026, 3, 11), date(2026, 3, 12), False),
    (date(1980, 5, 1), date(2018, 3, 12), date(2026, 3, 12), date(2026, 3, 12), True),
    # child treated at 10: kept to the 25th birthday (later than 8 years after care)
    (date(2008, 7, 1), date(2018, 7, 1), date(2030, 1, 1), date(2033, 7, 1), False),
    (date(2008, 7, 1), date(2018, 7, 1), date(2033, 7, 1), date(2033, 7, 1), True),
    # child treated at 17: 8 years after care ends later than the 25th birthday
    (date(2001, 1, 1), date(2018, 6, 1), date(2026, 1, 1), date(2026, 6, 1), False),
    # 29 February
    (date(1990, 1, 1), date(2020, 2, 29), date(2028, 2, 28), date(2028, 2, 29), False),
])
def test_retain_until(birth: date, last: date, today: date, until: date, erasable: bool) -> None:
    result = assess_retention(birth, last, today, POLICY)
    assert (result.retain_until, result.erasable) == (until, erasable)
    assert until.strftime("%B") in result.explanation


def test_explanations_name_the_rule() -> None:
    child = assess_retention(date(2008, 7, 1), date(2018, 7, 1), date(2030, 1, 1), POLICY)
    assert "until the patient's 25th birthday" in child.explanation
    assert "processing is restricted instead" in child.explanation
    adult = assess_retention(date(1980, 5, 1), date(2018, 3, 12), date(2027, 1, 1), POLICY)
    assert adult.explanation.startswith("The retention period has ended")
    assert "8 years after the last contact on 12 March 2018" in adult.explanation


def test_policy_validation_and_dates() -> None:
    assert RetentionPolicy(0, 25).validate() == {"adult_years": "Between 1 and 100 years."}
    assert "child_until_age" in RetentionPolicy(8, 16).validate()
    assert RetentionPolicy().validate() == {}
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert age_on(date(2000, 6, 2), date(2018, 6, 1)) == 17
