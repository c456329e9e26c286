"""The right-to-left rules for tokens on a left-to-right line."""

from __future__ import annotations

import pytest

from clinic_app.reports import bidi


@pytest.mark.parametrize(
    ("token", "direction"),
    [("عائشة", "R"), ("שלום", "R"), ("Zoë", "L"), ("李雷", "L"), ("2026", "EN"), ("(", "ON"), ("  ", "ON"),
     ("(عائشة)", "R"), ("\ue000ﻋ", "R")],
)
def test_direction_of(token: str, direction: str) -> None:
    assert bidi.direction_of(token) == direction


@pytest.mark.parametrize(
    ("directions", "order"),
    [
        (["L", "ON", "L"], [0, 1, 2]),
        (["R", "ON", "R", "ON", "R"], [4, 3, 2, 1, 0]),
        (["L", "ON", "R", "ON", "R", "ON", "L"], [0, 1, 4, 3, 2, 5, 6]),
        (["R", "ON", "EN", "ON", "R"], [4, 3, 2, 1, 0]),  # a number inside Arabic stays in the run
        (["L", "ON", "EN", "ON", "R"], [0, 1, 2, 3, 4]),
        (["R", "ON"], [0, 1]),  # trailing space takes the line's direction
    ],
)
def test_visual_order_reverses_right_to_left_runs(directions: list[bidi.Direction], order: list[int]) -> None:
    assert bidi.visual_order(directions) == order


def test_visual_word_reverses_letters_but_not_numbers_and_mirrors_brackets() -> None:
    assert bidi.visual_word("אבג") == "גבא"
    assert bidi.visual_word("(2)") == "(2)"
    assert bidi.visual_word("12.5") == "12.5"
    assert bidi.visual_word("א(12)") == "(12)א"
