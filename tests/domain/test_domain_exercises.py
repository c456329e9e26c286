"""Exercise library: dose validation and wording, parsing errors and link checks (CLINICAL.md 5.2)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from clinic_app.domain.rehab.exercises import (
    BodyArea,
    Dose,
    Equipment,
    Exercise,
    ExerciseFamily,
    RehabPhase,
    library_problems,
    parse_library,
    validate_dose,
)

GOOD = Dose(sets=3, reps=12, hold_seconds=2, per_side=True, times_per_day=1, days_per_week=3)
MCGILL = Dose(sets=3, reps=None, hold_seconds=10, per_side=False, pyramid=(5, 3, 1))


def _entry(ex_id: str, **changes: Any) -> dict[str, Any]:
    """One valid library entry as parsed JSON, with ``changes`` applied."""
    entry: dict[str, Any] = {
        "id": ex_id,
        "name": ex_id.replace("-", " ").capitalize(),
        "family": "core",
        "instructions": ["Lie on your back.", "Lift your head a little.", "Lower slowly."],
        "cues": ["Think about breathing.", "Keep your neck still."],
        "safety": "Stop if pain spreads down your leg or goes above 5/10.",
        "default_dose": {"sets": 3, "reps": 10, "hold_seconds": None, "per_side": False,
                         "times_per_day": 1, "days_per_week": 7},
        "tags": {"body_area": ["trunk"], "phase": ["settle", "load"], "equipment": ["mat"]},
        "regression": None,
        "progression": None,
        "illustration": f"{ex_id}.svg",
    }
    entry.update(changes)
    return entry


def _chain() -> list[dict[str, Any]]:
    """easy -> middle -> hard, linked both ways."""
    return [
        _entry("easy", progression="middle"),
        _entry("middle", regression="easy", progression="hard"),
        _entry("hard", regression="middle"),
    ]


# ----------------------------------------------------------------------------- dose validation


def test_validate_dose_accepts_typical_doses() -> None:
    assert validate_dose(GOOD) == {}
    assert validate_dose(MCGILL) == {}
    assert validate_dose(Dose(sets=1, reps=None, duration_minutes=30)) == {}
    assert validate_dose(Dose(sets=3, reps=None, hold_seconds=30)) == {}


@pytest.mark.parametrize("sets", [0, 11, 1000, -1])
def test_validate_dose_refuses_sets_out_of_range(sets: int) -> None:
    problems = validate_dose(Dose(sets=sets, reps=12))
    assert list(problems) == ["sets"]
    assert problems["sets"] == f"sets must be 1-10, got {sets}"


def test_validate_dose_thousand_sets_names_field_and_range() -> None:
    message = validate_dose(Dose(sets=1000, reps=12))["sets"]
    assert "sets" in message and "1-10" in message and "1000" in message


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"reps": 0}, "reps", "1-100"),
        ({"reps": 101}, "reps", "1-100"),
        ({"hold_seconds": -1}, "hold_seconds", "0-300"),
        ({"hold_seconds": 301}, "hold_seconds", "0-300"),
        ({"times_per_day": 0}, "times_per_day", "1-6"),
        ({"times_per_day": 7}, "times_per_day", "1-6"),
        ({"days_per_week": 0}, "days_per_week", "1-7"),
        ({"days_per_week": 8}, "days_per_week", "1-7"),
        ({"duration_minutes": 121}, "duration_minutes", "1-120"),
        ({"per_side": "yes"}, "per_side", "true or false"),
        ({"rep_unit": "Hops!"}, "rep_unit", "lower-case"),
    ],
)
def test_validate_dose_field_ranges(changes: dict[str, Any], field: str, fragment: str) -> None:
    base = {"sets": 3, "reps": 12, "hold_seconds": 2, "per_side": True, "times_per_day": 1,
            "days_per_week": 3}
    problems = validate_dose(Dose(**{**base, **changes}))
    assert field in problems
    assert fragment in problems[field]


@pytest.mark.parametrize("value", [True, 2.5, "3", None])
def test_validate_dose_sets_must_be_a_whole_number(value: object) -> None:
    problems = validate_dose(Dose(sets=value, reps=12))  # type: ignore[arg-type]
    assert "sets" in problems
    assert "whole number" in problems["sets"]


def test_validate_dose_needs_reps_or_a_hold() -> None:
    problems = validate_dose(Dose(sets=3, reps=None, hold_seconds=None))
    assert list(problems) == ["reps"]
    assert "reps" in problems["reps"] and "hold" in problems["reps"]
    assert "reps" in validate_dose(Dose(sets=3, reps=None, hold_seconds=0))
    assert validate_dose(Dose(sets=3, reps=None, hold_seconds=5)) == {}


@pytest.mark.parametrize(
    ("dose", "fragment"),
    [
        (Dose(sets=3, reps=None, hold_seconds=10, pyramid=(5, 3, 21)), "1-20"),
        (Dose(sets=3, reps=None, hold_seconds=10, pyramid=(5, 0, 1)), "1-20"),
        (Dose(sets=2, reps=None, hold_seconds=10, pyramid=(5, 3, 1)), "sets = 3"),
        (Dose(sets=3, reps=10, hold_seconds=10, pyramid=(5, 3, 1)), "leave reps empty"),
        (Dose(sets=3, reps=None, hold_seconds=10, pyramid=()), "list of reps"),
    ],
)
def test_validate_dose_pyramid(dose: Dose, fragment: str) -> None:
    assert fragment in validate_dose(dose)["pyramid"]


def test_dose_is_frozen() -> None:
    with pytest.raises(AttributeError):
        GOOD.sets = 4  # type: ignore[misc]


# ----------------------------------------------------------------------------- describe()


@pytest.mark.parametrize(
    ("dose", "words"),
    [
        (GOOD, "3 sets of 12, hold 2 s, each side, once a day, 3 days a week"),
        (Dose(3, None, 10, True, 1, 7, (5, 3, 1)), "10-second holds: 5, then 3, then 1 (each side), daily"),
        (MCGILL, "10-second holds: 5, then 3, then 1, daily"),
        (Dose(1, 10, times_per_day=4), "1 set of 10, 4 times a day, every day"),
        (Dose(1, 8, times_per_day=2), "1 set of 8, twice a day, every day"),
        (Dose(3, 30, days_per_week=3, rep_unit="hops"), "3 sets of 30 hops, once a day, 3 days a week"),
        (Dose(3, None, 30, per_side=True), "3 holds of 30 s, each side, daily"),
        (Dose(1, None, 60, days_per_week=1), "1 hold of 60 s, once a day, 1 day a week"),
        (Dose(1, None, duration_minutes=30), "30 minutes, daily"),
        (Dose(3, None, duration_minutes=10), "3 bouts of 10 minutes, daily"),
        (Dose(3, None, pyramid=(6, 4, 2)), "reps in a pyramid: 6, then 4, then 2, daily"),
    ],
)
def test_describe_in_plain_words(dose: Dose, words: str) -> None:
    assert validate_dose(dose) == {}
    assert dose.describe() == words


# ----------------------------------------------------------------------------- parse_library


def test_parse_library_builds_typed_exercises() -> None:
    exercises = parse_library(_chain())
    assert [e.id for e in exercises] == ["easy", "middle", "hard"]
    middle = exercises[1]
    assert isinstance(middle, Exercise)
    assert middle.family is ExerciseFamily.CORE
    assert middle.phases == (RehabPhase.SETTLE, RehabPhase.LOAD)
    assert middle.body_areas == (BodyArea.TRUNK,)
    assert middle.equipment == (Equipment.MAT,)
    assert middle.default_dose == Dose(sets=3, reps=10)
    assert middle.instructions[0] == "Lie on your back."
    assert (middle.regression, middle.progression) == ("easy", "hard")
    assert library_problems(exercises) == []


def test_parse_library_reads_a_pyramid_list_as_a_tuple() -> None:
    dose = {"sets": 3, "reps": None, "hold_seconds": 10, "per_side": True, "pyramid": [5, 3, 1]}
    (exercise,) = parse_library([_entry("side-plank", default_dose=dose)])
    assert exercise.default_dose.pyramid == (5, 3, 1)
    assert exercise.default_dose.times_per_day == 1 and exercise.default_dose.days_per_week == 7


def _error(data: Any) -> str:
    with pytest.raises(ValueError) as caught:
        parse_library(data)
    return str(caught.value)


def test_parse_library_refuses_a_thousand_sets_naming_exercise_and_field() -> None:
    entry = _entry("bird-dog")
    entry["default_dose"]["sets"] = 1000
    message = _error([entry])
    assert "'bird-dog'" in message
    assert "default_dose.sets" in message
    assert "1-10" in message and "1000" in message


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"colour": "red"}, "colour"),
        ({"family": "yoga"}, "family"),
        ({"name": ""}, "name"),
        ({"instructions": ["Too short.", "Only two."]}, "instructions"),
        ({"instructions": "Lie down."}, "instructions"),
        ({"cues": ["One cue only."]}, "cues"),
        ({"safety": "Stop.\nReally."}, "safety"),
        ({"tags": {"body_area": ["trunk"], "phase": ["settle"], "equipment": ["none", "band"]}},
         "tags.equipment"),
        ({"tags": {"body_area": ["trunk"], "phase": ["rest"], "equipment": ["mat"]}}, "tags.phase"),
        ({"tags": {"body_area": [], "phase": ["settle"], "equipment": ["mat"]}}, "tags.body_area"),
        ({"tags": {"body_area": ["trunk"], "phase": ["settle"], "equipment": ["mat"], "colour": []}},
         "tags.colour"),
        ({"illustration": "drawings/x.svg"}, "illustration"),
        ({"illustration": "x.gif"}, "illustration"),
        ({"illustration": ".svg"}, "illustration"),
        ({"regression": "Not A Slug"}, "regression"),
        ({"default_dose": {"sets": 3, "reps": 10, "weight_kg": 5}}, "default_dose.weight_kg"),
        ({"default_dose": {"reps": 10}}, "default_dose.sets"),
        ({"default_dose": {"sets": 3, "reps": None}}, "default_dose.reps"),
        ({"default_dose": {"sets": 3, "reps": 10, "days_per_week": 8}}, "default_dose.days_per_week"),
    ],
)
def test_parse_library_names_exercise_and_field(changes: dict[str, Any], field: str) -> None:
    message = _error([_entry("dead-bug", **changes)])
    assert "'dead-bug'" in message
    assert f"field {field}" in message


def test_parse_library_refuses_missing_fields() -> None:
    entry = _entry("dead-bug")
    del entry["cues"]
    message = _error([entry])
    assert "'dead-bug'" in message and "missing" in message and "cues" in message


@pytest.mark.parametrize("bad_id", [None, "", "Bird Dog", "bird_dog", "-bird"])
def test_parse_library_refuses_bad_ids(bad_id: object) -> None:
    message = _error([_entry("x", id=bad_id)])
    assert "exercise number 1" in message and "field id" in message


@pytest.mark.parametrize("data", [{"id": "x"}, "library", None, [["not", "an", "object"]]])
def test_parse_library_refuses_the_wrong_shape(data: Any) -> None:
    _error(data)


def test_parse_library_refuses_a_dangling_link() -> None:
    data = _chain()
    data[2]["progression"] = "missing-one"
    message = _error(data)
    assert "'hard'" in message and "field progression" in message and "'missing-one'" in message


def test_parse_library_refuses_duplicate_ids() -> None:
    message = _error([*_chain(), _entry("easy")])
    assert "'easy'" in message and "more than once" in message


def test_parse_library_refuses_a_self_link() -> None:
    message = _error([_entry("loop", regression="loop")])
    assert "'loop'" in message and "field regression" in message


def test_parse_library_refuses_a_progression_cycle() -> None:
    data = _chain()
    data[2]["progression"] = "easy"
    data[0]["regression"] = "hard"
    message = _error(data)
    assert "loop" in message


def test_parse_library_does_not_change_its_input() -> None:
    data = _chain()
    before = copy.deepcopy(data)
    parse_library(data)
    assert data == before


# ----------------------------------------------------------------------------- library_problems


def _exercise(ex_id: str, regression: str | None = None, progression: str | None = None,
              illustration: str | None = None) -> Exercise:
    return Exercise(
        id=ex_id, name=ex_id, family=ExerciseFamily.CORE, instructions=("a", "b", "c"), cues=("a", "b"),
        safety="Stop if it hurts.", default_dose=Dose(3, 10), body_areas=(BodyArea.TRUNK,),
        phases=(RehabPhase.LOAD,), equipment=(Equipment.NONE,), regression=regression,
        progression=progression, illustration=f"{ex_id}.svg" if illustration is None else illustration,
    )


def test_library_problems_finds_nothing_in_a_consistent_chain() -> None:
    chain = [_exercise("a", progression="b"), _exercise("b", regression="a", progression="c"),
             _exercise("c", regression="b")]
    assert library_problems(chain) == []


def test_library_problems_reports_dangling_links() -> None:
    problems = library_problems([_exercise("a", progression="ghost"), _exercise("b", regression="nobody")])
    assert len(problems) == 2
    assert "'a', field progression" in problems[0] and "'ghost'" in problems[0]
    assert "'b', field regression" in problems[1] and "'nobody'" in problems[1]


def test_library_problems_reports_duplicate_ids() -> None:
    problems = library_problems([_exercise("a"), _exercise("a")])
    assert problems == ["exercise 'a', field id: the id is used more than once"]


def test_library_problems_reports_one_way_links() -> None:
    problems = library_problems([_exercise("a", progression="b"), _exercise("b")])
    assert len(problems) == 1
    assert "one-way" in problems[0] and "'b' has no regression" in problems[0]


def test_one_way_links_parse_but_are_reported() -> None:
    data = [_entry("a", progression="b"), _entry("b")]
    exercises = parse_library(data)
    assert [p for p in library_problems(exercises) if "one-way" in p]


def test_library_problems_allows_two_easier_exercises_to_lead_to_one_harder() -> None:
    exercises = [_exercise("a", progression="c"), _exercise("b", progression="c"),
                 _exercise("c", regression="a")]
    assert library_problems(exercises) == []


def test_library_problems_reports_missing_illustrations() -> None:
    problems = library_problems([_exercise("a", illustration=""), _exercise("b", illustration="b.gif"),
                                 _exercise("c", illustration="../c.svg")])
    assert len(problems) == 3
    assert "no illustration" in problems[0]
    assert all("field illustration" in p for p in problems)


def test_library_problems_reports_a_progression_loop() -> None:
    exercises = [_exercise("a", regression="b", progression="b"),
                 _exercise("b", regression="a", progression="a")]
    assert any("loop" in p for p in library_problems(exercises))
