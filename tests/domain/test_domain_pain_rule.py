"""C6: one pain rule for patients, worded once and built from the settings the engine decides with."""

from __future__ import annotations

import pytest

from clinic_app.domain.rehab.pain_rule import pain_limits_in, patient_pain_rule
from clinic_app.domain.rehab.return_to_run import SessionReport, session_ok
from clinic_app.domain.settings import ClinicalSettings


def test_the_rule_says_what_clinical_c6_says() -> None:
    rule = patient_pain_rule()
    assert [line.sentence() for line in rule.lines] == [
        "Strength and mobility exercises: up to 5/10 is acceptable if it settles by the next morning.",
        "Walk/run sessions: a good session stays at 3/10 or less.",
        "Any activity: above 5/10, stop and tell us.",
    ]
    assert rule.text() == " ".join(line.sentence() for line in rule.lines)


@pytest.mark.parametrize(("acceptable", "good_run"), [(5, 3), (4, 2), (6, 4)])
def test_the_limits_follow_the_practice_settings(acceptable: int, good_run: int) -> None:
    cfg = ClinicalSettings(pain_acceptable_max=acceptable, rtr_session_pain_limit=good_run)
    rule = patient_pain_rule(cfg)
    assert pain_limits_in(rule.exercise.limit) == [f"{acceptable}/10"]
    assert pain_limits_in(rule.walk_run.limit) == [f"{good_run}/10"]
    assert pain_limits_in(rule.stop.limit) == [f"{acceptable}/10"]


@pytest.mark.parametrize(("pain", "good"), [(0, True), (3, True), (4, False), (5, False)])
def test_a_good_session_on_paper_is_a_good_session_for_the_engine(pain: int, good: bool) -> None:
    """What the sheet calls a good walk/run session is what the stage decision counts as one."""
    limit = int(pain_limits_in(patient_pain_rule().walk_run.limit)[0].split("/")[0])
    assert (pain <= limit) is good
    assert session_ok(SessionReport(pain_during=pain, next_morning_pain=2, baseline_morning_pain=2)) is good


@pytest.mark.parametrize(("text", "limits"), [
    ("Mild discomfort (up to 5 out of 10) is acceptable.", ["5/10"]),
    ("stayed at 3/10 or less; above 5 / 10 stop", ["3/10", "5/10"]),
    ("Score your pain from 0 (no pain) to 10 (the worst pain you can imagine).", []),
    ("Between 10 and 20 minutes, 110/100", []),
])
def test_pain_limits_are_found_in_any_wording(text: str, limits: list[str]) -> None:
    assert pain_limits_in(text) == limits
