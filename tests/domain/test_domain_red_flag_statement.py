"""The one red-flag statement (CLINICAL.md C3), the imaging prompt that follows it, and the prompt-flag
rules of C5: what holds loading, and which items age and the intake suggest asking."""

from __future__ import annotations

from datetime import date

import pytest

from clinic_app.domain.safety.imaging import imaging_prompts
from clinic_app.domain.safety.red_flags import (
    RED_FLAG_INFO,
    RedFlagItem,
    exercise_confirmable,
    holds_loading,
    screen,
    screen_suggestions,
)
from clinic_app.domain.safety.statement import (
    ITEM_NAMES,
    FlagState,
    action_requested,
    concern,
    red_flag_statement,
)
from clinic_app.domain.settings import ClinicalSettings

DAY = date(2026, 11, 25)
ALL_NO: dict[RedFlagItem, bool | None] = dict.fromkeys(RedFlagItem, False)
ASKED_EIGHT: dict[RedFlagItem, bool | None] = {
    item: (False if item.value in ("CE1", "CE2", "CE3", "CE4", "CE5", "I1", "M2", "V1") else None)
    for item in RedFlagItem
}


def _with(base: dict[RedFlagItem, bool | None], **answers: bool | None) -> dict[RedFlagItem, bool | None]:
    return {**base, **{RedFlagItem(k): v for k, v in answers.items()}}


STATEMENTS = [
    ("never screened", None, (), "Red flags not screened yet in this episode.", False),
    ("all asked, none raised", ALL_NO, (),
     "No red flags: all 18 items asked on 25 November 2026, none raised.", True),
    ("one item not asked", _with(ALL_NO, T1=None), (),
     "Red-flag screen on 25 November 2026: none of the 17 items asked was positive; 1 of 18 items "
     "not asked: thoracic pain or widespread neurological signs (T1).", False),
    ("nothing asked", {}, (),
     "Red-flag screen on 25 November 2026: 18 of 18 items not asked: the cauda equina questions "
     "(CE1–CE6), foot drop or severe weakness (N1), fever or feeling unwell (I1), infection risk factors "
     "(I2), past cancer with new symptoms (M1), weight loss, constant or night pain (M2), age at onset or "
     "no improvement (M3), trauma (F1), sudden severe pain or bony tenderness (F2), bone stress signs "
     "(F3), aortic aneurysm signs (V1), inflammatory back pain (A1) and thoracic pain or widespread "
     "neurological signs (T1).", False),
    ("open V1, ten not asked", _with(ASKED_EIGHT, V1=True), (FlagState("V1", "urgent"),),
     "Red flag raised: possible abdominal aortic aneurysm (V1), urgent: awaiting the outcome of the "
     "medical review. Red-flag screen on 25 November 2026: 10 of 18 items not asked: sexual dysfunction "
     "(CE6), foot drop or severe weakness (N1), infection risk factors (I2), past cancer with new "
     "symptoms (M1), age at onset or no improvement (M3), trauma (F1), sudden severe pain or bony "
     "tenderness (F2), bone stress signs (F3), inflammatory back pain (A1) and thoracic pain or "
     "widespread neurological signs (T1).", False),
    ("prompt flag confirmed, all asked", _with(ALL_NO, A1=True), (FlagState("A1", "prompt", confirmed=True),),
     "Red flag raised: possible axial spondyloarthritis (A1), for medical review within days: referral "
     "open; exercise continues, confirmed by the clinician. All 18 items asked on 25 November 2026.", False),
    ("flag of the last screen already reviewed", _with(ALL_NO, I1=True), (),
     "Red flag raised: possible spinal infection (I1), urgent: outcome of the review recorded. All 18 "
     "items asked on 25 November 2026.", False),
    ("flag of an earlier screen still open", ALL_NO, (FlagState("F3", "prompt"),),
     "Red flag raised: possible sacral or pars stress fracture (F3), for medical review within days: "
     "running stopped, awaiting the imaging outcome. All 18 items asked on 25 November 2026.", False),
]


@pytest.mark.parametrize(("case", "answers", "flags", "text", "clear"), STATEMENTS,
                         ids=[row[0] for row in STATEMENTS])
def test_statement_says_no_red_flags_only_when_every_item_was_asked(
        case: str, answers: dict[RedFlagItem, bool | None] | None, flags: tuple[FlagState, ...],
        text: str, clear: bool) -> None:
    statement = red_flag_statement(answers, DAY if answers is not None else None, flags)
    assert statement.text == text
    assert statement.all_clear is clear
    assert ("no red flags" in statement.text.lower()) is clear


def test_screen_summary_for_an_inputs_table() -> None:
    assert red_flag_statement(ASKED_EIGHT, DAY).screen_summary == (
        "10 of 18 items not asked on 25 November 2026: CE6, N1, I2, M1, M3, F1, F2, F3, A1, T1")
    assert red_flag_statement(ALL_NO, DAY).screen_summary == "all 18 items asked on 25 November 2026"
    assert red_flag_statement(None, None).screen_summary == "not screened yet"


@pytest.mark.parametrize("item", list(RedFlagItem))
def test_every_raised_flag_is_named_in_words_with_its_action(item: RedFlagItem) -> None:
    (flag,) = screen({item: True})
    statement = red_flag_statement(_with(ALL_NO, **{item.value: True}), DAY,
                                   [FlagState(item, flag.tier)])
    words = concern(item)
    assert words.startswith("possible ") and words.endswith(f"({item.value})") and len(words) > 15
    assert words in statement.text and "no red flags" not in statement.text.lower()
    (referral,) = statement.referrals
    description = RED_FLAG_INFO[item].description
    assert description[1:] in referral  # the flag's description ...
    assert f"Action requested: {action_requested(item, flag.tier)}." in referral  # ... and the action
    assert ITEM_NAMES[item]


@pytest.mark.parametrize(("tier", "action"), [
    ("emergency", "emergency assessment today"),
    ("urgent", "same-day medical review (GP, emergency department or specialist)"),
    ("prompt", "medical review within the next few days"),
])
def test_action_requested_follows_the_tier(tier: str, action: str) -> None:
    assert action_requested("T1", tier).startswith(action)
    assert action_requested("F3", "prompt").endswith("running has been stopped")


NO_RED_FLAGS = "no red flags"
IMAGING = [
    ("not given", [], None, ["no_routine_imaging"], False),
    ("complete and clear", [], red_flag_statement(ALL_NO, DAY), ["no_routine_imaging"], True),
    ("incomplete screen", [], red_flag_statement(ASKED_EIGHT, DAY), ["screen_incomplete"], False),
    ("never screened", [], red_flag_statement(None, None), ["screen_incomplete"], False),
    ("open V1", ["V1"], None, ["aneurysm_review"], False),
    ("open V1 from the statement", [],
     red_flag_statement(_with(ASKED_EIGHT, V1=True), DAY, [FlagState("V1", "urgent")]),
     ["aneurysm_review"], False),
    ("open T1", ["T1"], None, ["medical_review"], False),
    ("I2 alone is a risk factor", ["I2"], None, ["infection_risk_only"], False),
    ("I2 with I1", ["I2", "I1"], None, ["immediate_mri"], False),
    ("I2 escalated by severe pain", [],
     red_flag_statement(_with(ALL_NO, I2=True), DAY, [FlagState("I2", "urgent")], severe_pain=True),
     ["immediate_mri"], False),
]


@pytest.mark.parametrize(("case", "raised", "statement", "verdicts", "may_say_clear"), IMAGING,
                         ids=[row[0] for row in IMAGING])
def test_imaging_prompt_never_says_no_red_flags_while_one_is_open_or_unasked(
        case: str, raised: list[str], statement: object, verdicts: list[str], may_say_clear: bool) -> None:
    prompts = imaging_prompts(raised, screen=statement)  # type: ignore[arg-type]
    assert [p.verdict for p in prompts] == verdicts
    said = any(NO_RED_FLAGS in p.explanation.lower() for p in prompts)
    assert said is may_say_clear


@pytest.mark.parametrize("item", list(RedFlagItem))
def test_any_open_flag_rules_out_the_no_imaging_line(item: RedFlagItem) -> None:
    prompts = imaging_prompts([item])
    assert "no_routine_imaging" not in [p.verdict for p in prompts]
    assert not any(NO_RED_FLAGS in p.explanation.lower() for p in prompts)
    immediate = "immediate_mri" in [p.verdict for p in prompts]
    assert immediate is (item.value.startswith("CE") or item.value in ("N1", "M1", "I1"))


HOLDS = [
    ("CE1", "emergency", False, True), ("CE1", "emergency", True, True),
    ("V1", "urgent", False, True), ("V1", "urgent", True, True),
    ("I2", "urgent", True, True),  # escalated: waits for the outcome like any urgent flag
    ("F3", "prompt", False, True), ("F3", "prompt", True, True),  # stops running until the outcome
    ("M3", "prompt", False, True), ("M3", "prompt", True, False),
    ("A1", "prompt", False, True), ("A1", "prompt", True, False),
    ("T1", "prompt", True, False), ("I2", "prompt", True, False), ("M2", "prompt", True, False),
]


@pytest.mark.parametrize(("item", "tier", "confirmed", "holds"), HOLDS)
def test_prompt_flags_hold_loading_until_the_clinician_confirms(item: str, tier: str, confirmed: bool,
                                                                holds: bool) -> None:
    assert holds_loading(item, tier, confirmed=confirmed) is holds
    assert FlagState(item, tier, confirmed=confirmed).holds_loading is holds
    assert FlagState(item, tier, open=False, confirmed=confirmed).holds_loading is False
    assert exercise_confirmable(item, tier) is (tier == "prompt" and item != "F3")


SUGGESTIONS = [
    (35, None, False, ["A1"]),
    (44, None, False, ["A1"]),
    (45, None, False, []),
    (50, None, False, []),
    (51, None, False, ["M3"]),
    (60, None, False, ["M3"]),
    (61, None, False, ["M3", "V1"]),
    (19, None, False, ["M3", "A1"]),
    (20, None, False, ["A1"]),
    (52, 44, False, ["A1"]),  # onset at 44: M3 is about age at onset, A1 began before 45
    (62, 44, False, ["V1", "A1"]),
    (30, None, True, ["M2", "A1"]),
    (None, None, True, ["M2"]),
]


@pytest.mark.parametrize(("age", "onset", "night", "items"), SUGGESTIONS)
def test_age_onset_and_night_pain_suggest_items(age: int | None, onset: int | None, night: bool,
                                                items: list[str]) -> None:
    found = screen_suggestions(age, onset_age_years=onset, constant_night_pain=night)
    assert [s.item.value for s in found] == items
    assert all(s.reason for s in found)


def test_m3_suggestion_follows_the_practice_setting() -> None:
    assert screen_suggestions(53, settings=ClinicalSettings(m3_age_over=55)) == []
    (m3,) = screen_suggestions(56, settings=ClinicalSettings(m3_age_over=55))
    assert m3.reason == "back pain began at 56, over 55"
