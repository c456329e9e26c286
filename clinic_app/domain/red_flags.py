"""CLINICAL.md Part A names this module: red-flag screening, kept in ``domain/safety/red_flags.py``."""

from __future__ import annotations

from clinic_app.domain.safety.red_flags import (
    A1_ONSET_BEFORE,
    CAUDA_EQUINA_ITEMS,
    RED_FLAG_INFO,
    TIER_ADVICE,
    V1_AGE_OVER,
    RedFlag,
    RedFlagAnswers,
    RedFlagInfo,
    RedFlagItem,
    RedFlagTier,
    ScreenSuggestion,
    age_prompts,
    blocks_loading,
    exercise_confirmable,
    highest_tier,
    holds_loading,
    not_asked,
    screen,
    screen_suggestions,
)

__all__ = [
    "RedFlagItem",
    "RedFlagAnswers",
    "RedFlagTier",
    "CAUDA_EQUINA_ITEMS",
    "RedFlagInfo",
    "RED_FLAG_INFO",
    "TIER_ADVICE",
    "RedFlag",
    "screen",
    "not_asked",
    "highest_tier",
    "blocks_loading",
    "exercise_confirmable",
    "holds_loading",
    "A1_ONSET_BEFORE",
    "V1_AGE_OVER",
    "ScreenSuggestion",
    "screen_suggestions",
    "age_prompts",
]
