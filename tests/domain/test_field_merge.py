"""Keep mine: the user's changed fields over the other workstation's record, nothing else lost."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from clinic_app.domain.field_merge import FieldDifference, merge


@dataclass(frozen=True)
class Pain:
    now: int | None = None
    worst: int | None = None


@dataclass(frozen=True)
class Note:
    subjective: str = ""
    plan: str = ""
    pain: Pain = field(default_factory=Pain)
    weeks: tuple[int, ...] = ()


BASE = Note("sore back", "walk", Pain(4, 7), (10, 12))


@pytest.mark.parametrize(
    ("theirs", "mine", "saved", "rows"),
    [
        # they changed the plan, I changed the subjective: both kept
        (Note("sore back", "walk daily", Pain(4, 7), (10, 12)),
         Note("better today", "walk", Pain(4, 7), (10, 12)),
         Note("better today", "walk daily", Pain(4, 7), (10, 12)),
         [FieldDifference("subjective", "sore back", "better today", False, True),
          FieldDifference("plan", "walk daily", "walk daily", True, False)]),
        # both changed the same field: mine wins, shown as a clash
        (Note("worse", "walk", Pain(4, 7), (10, 12)),
         Note("better", "walk", Pain(4, 7), (10, 12)),
         Note("better", "walk", Pain(4, 7), (10, 12)),
         [FieldDifference("subjective", "worse", "better", True, True)]),
        # nested fields merge one by one; a tuple is one field
        (Note("sore back", "walk", Pain(5, 7), (10, 14)),
         Note("sore back", "walk", Pain(4, 8), (10, 12)),
         Note("sore back", "walk", Pain(5, 8), (10, 14)),
         [FieldDifference("pain.now", 5, 5, True, False),
          FieldDifference("pain.worst", 7, 8, False, True),
          FieldDifference("weeks", (10, 14), (10, 14), True, False)]),
        # the same change on both sides is no difference to save
        (Note("same", "walk", Pain(4, 7), (10, 12)),
         Note("same", "walk", Pain(4, 7), (10, 12)),
         Note("same", "walk", Pain(4, 7), (10, 12)),
         [FieldDifference("subjective", "same", "same", True, True)]),
    ],
)
def test_merge_keeps_their_untouched_changes_and_my_edits(
        theirs: Note, mine: Note, saved: Note, rows: list[FieldDifference]) -> None:
    merged, differences = merge(BASE, theirs, mine)
    assert merged == saved
    assert sorted(differences, key=lambda d: d.field) == sorted(rows, key=lambda d: d.field)


def test_a_clash_is_only_a_clash_when_the_values_differ() -> None:
    _, rows = merge(BASE, Note("worse"), Note("better"))
    assert [r.field for r in rows if r.clash] == ["subjective"]
    _, same = merge(BASE, Note("x", "walk", Pain(4, 7), (10, 12)), Note("x", "walk", Pain(4, 7), (10, 12)))
    assert not [r for r in same if r.clash]


def test_without_what_was_loaded_every_field_i_differ_in_is_mine() -> None:
    merged, rows = merge(None, Note("theirs", "walk"), Note("mine", "walk"))
    assert merged == Note("mine", "walk")
    assert [(r.field, r.theirs, r.saved) for r in rows] == [("subjective", "theirs", "mine")]


def test_mappings_merge_like_records() -> None:
    base = {"clinic_name": "Stride", "phone": "1"}
    theirs, mine = {"clinic_name": "Stride", "phone": "2"}, {"clinic_name": "Harbour", "phone": "1"}
    merged, rows = merge(base, theirs, mine)
    assert merged == {"clinic_name": "Harbour", "phone": "2"}
    assert {r.field for r in rows} == {"clinic_name", "phone"}
