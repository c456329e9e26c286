"""Red-flag tiers, combination rules, ordering and not-asked handling (section 2)."""

from __future__ import annotations

from clinic_app.domain.safety.red_flags import (
    RED_FLAG_INFO,
    TIER_ADVICE,
    RedFlag,
    RedFlagItem,
    RedFlagTier,
    age_prompts,
    blocks_loading,
    highest_tier,
    not_asked,
    screen,
)
from clinic_app.domain.settings import ClinicalSettings

BASE_TIERS = {
    "CE1": "emergency",
    "CE2": "emergency",
    "CE3": "emergency",
    "CE4": "emergency",
    "CE5": "emergency",
    "CE6": "emergency",
    "N1": "urgent",
    "I1": "urgent",
    "I2": "prompt",
    "M1": "urgent",
    "M2": "prompt",
    "M3": "prompt",
    "F1": "urgent",
    "F2": "urgent",
    "F3": "prompt",
    "V1": "urgent",
    "A1": "prompt",
    "T1": "prompt",
}


def test_every_item_alone_raises_its_base_tier() -> None:
    assert [item.value for item in RedFlagItem] == list(BASE_TIERS)
    for item, tier in BASE_TIERS.items():
        (flag,) = screen({item: True})
        assert flag.item == item
        assert flag.tier == tier
        assert flag.advice.startswith(TIER_ADVICE[RedFlagTier(tier)])


def test_no_and_not_asked_raise_nothing() -> None:
    assert screen({}) == []
    assert screen({item: False for item in RedFlagItem}) == []
    assert screen({item: None for item in RedFlagItem}) == []


def test_i2_is_urgent_with_i1_or_severe_pain_else_prompt() -> None:
    assert screen({"I2": True})[0].tier == RedFlagTier.PROMPT
    assert screen({"I2": True, "I1": False})[0].tier == RedFlagTier.PROMPT
    assert screen({"I2": True, "I1": None})[0].tier == RedFlagTier.PROMPT
    combined = screen({"I2": True, "I1": True})
    assert [(f.item, f.tier) for f in combined] == [("I1", "urgent"), ("I2", "urgent")]
    assert combined[1].escalated_by == ("I1",)
    assert screen({"I2": True}, severe_pain=True)[0].tier == RedFlagTier.URGENT


def test_m2_is_urgent_with_m1() -> None:
    assert screen({"M2": True})[0].tier == RedFlagTier.PROMPT
    flags = screen({"M2": True, "M1": True})
    assert {f.item: f.tier for f in flags} == {"M1": "urgent", "M2": "urgent"}


def test_flags_are_ordered_most_severe_first_then_by_item() -> None:
    flags = screen({"T1": True, "A1": True, "F1": True, "CE4": True, "N1": True, "CE1": True})
    assert [(f.item.value, f.tier.value) for f in flags] == [
        ("CE1", "emergency"),
        ("CE4", "emergency"),
        ("N1", "urgent"),
        ("F1", "urgent"),
        ("A1", "prompt"),
        ("T1", "prompt"),
    ]
    assert highest_tier(flags) == RedFlagTier.EMERGENCY
    assert blocks_loading(flags) is True


def test_prompt_only_does_not_block_loading_but_f3_stops_running() -> None:
    flags = screen({"F3": True, "A1": True})
    assert blocks_loading(flags) is False
    assert highest_tier(flags) == RedFlagTier.PROMPT
    f3 = next(f for f in flags if f.item == RedFlagItem.F3)
    assert f3.stop_running is True
    assert "Stop running" in f3.advice
    assert highest_tier([]) is None


def test_red_flag_equality_uses_item_tier_and_advice() -> None:
    (flag,) = screen({RedFlagItem.V1: True})
    assert flag == RedFlag(RedFlagItem.V1, RedFlagTier.URGENT, TIER_ADVICE[RedFlagTier.URGENT])
    assert flag.condition == "Abdominal aortic aneurysm"


def test_not_asked_lists_missing_and_none_in_item_order() -> None:
    answers: dict[str, bool | None] = {item.value: False for item in RedFlagItem}
    answers["M3"] = None
    del answers["CE2"]
    assert not_asked(answers) == [RedFlagItem.CE2, RedFlagItem.M3]
    assert len(not_asked({})) == 18


def test_every_item_has_a_short_description() -> None:
    for item in RedFlagItem:
        info = RED_FLAG_INFO[item]
        assert 10 < len(info.description) < 130
        assert info.condition


def test_age_prompts_use_configurable_m3_thresholds() -> None:
    assert age_prompts(55) == [RedFlagItem.M3]
    assert age_prompts(50) == []
    assert age_prompts(17) == [RedFlagItem.M3, RedFlagItem.A1]  # A1: onset before 45 (C5, NICE NG65)
    assert age_prompts(30) == [RedFlagItem.A1]
    assert age_prompts(44) == [RedFlagItem.A1]
    assert age_prompts(65) == [RedFlagItem.M3, RedFlagItem.V1]
    assert age_prompts(55, ClinicalSettings(m3_age_over=55)) == []
