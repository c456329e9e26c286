"""The one rule for storable text: control characters and lone surrogates refused, by field."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from clinic_app.domain.text_rules import bad_character, text_errors, text_problem

CASES = [
    # text, multi-line, refused?
    ("Zoë O'Brien", False, False),
    ("Zoë 🏃‍♀️ 😀", False, False),
    ("עברית \u202e", False, False),
    ("<b>&amp;</b>", False, False),
    ("line one\nline two", True, False),
    ("col\tcol\r\n", True, False),
    ("line one\nline two", False, True),
    ("a\tb", False, True),
    ("a\x00b", True, True),
    ("a\x07b", True, True),
    ("a\x1bb", True, True),
    ("a\x7fb", True, True),
    ("a\x85b", True, True),
    ("a\x9fb", True, True),
    ("a\ud83db", True, True),
    ("a\udfffb", False, True),
    ("", False, False),
]


@pytest.mark.parametrize(("text", "multiline", "refused"), CASES)
def test_what_text_can_be_stored(text: str, multiline: bool, refused: bool) -> None:
    assert (bad_character(text, multiline) is not None) is refused
    assert (text_problem(text, multiline) is not None) is refused


def test_the_message_names_what_is_wrong_in_plain_words() -> None:
    assert "NUL character" in (text_problem("a\x00") or "")
    assert "half of an emoji" in (text_problem("\ud83d") or "")
    assert "U+0007" in (text_problem("\x07") or "")


@dataclass(frozen=True)
class Shoe:
    model: str
    notes: str


@dataclass(frozen=True)
class Record:
    given_name: str
    address: str
    shoes: tuple[Shoe, ...]


def test_errors_name_every_field_path_and_single_line_fields_refuse_line_breaks() -> None:
    record = Record("Zoë\nX", "1 Quay St\nBristol", (Shoe("Pegasus", "ok"), Shoe("Ghost\x00", "a\tb")))
    errors = text_errors(record)
    assert set(errors) == {"given_name", "shoes.1.model"}
    assert text_errors({"clinic_name": "Harbour"}) == {}
    assert set(text_errors("\x00", "complaint")) == {"complaint"}
