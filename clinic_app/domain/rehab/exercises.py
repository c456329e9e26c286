"""The home-exercise library: doses, exercises and the checks that keep the library data sound.

The library ships as JSON (``resources/exercises/library.json``); whoever reads the file passes the
parsed list to :func:`parse_library`. Doses follow CLINICAL.md 5.2 and stay editable per patient, so
:func:`validate_dose` reports problems per field for a form instead of raising.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from clinic_app.domain._validation import check_int, join_words
from clinic_app.domain.errors import InvalidValue
from clinic_app.domain.messages import coded, msg
from clinic_app.domain.messages.core import translate


class ExerciseFamily(enum.StrEnum):
    """Which group of the library an exercise belongs to."""

    CORE = "core"
    GLUTES_HIPS = "glutes_hips"
    MOBILITY = "mobility"
    NERVE_GLIDE = "nerve_glide"
    DIRECTIONAL = "directional"
    RUNNING_PREP = "running_prep"
    WALKING = "walking"


class RehabPhase(enum.StrEnum):
    """The rehabilitation phases of CLINICAL.md 5.1 an exercise suits."""

    SETTLE = "settle"
    LOAD = "load"
    RETURN_TO_RUN = "return_to_run"
    RETURN_TO_PERFORMANCE = "return_to_performance"


class Equipment(enum.StrEnum):
    """What the patient needs at home; ``none`` stands alone."""

    NONE = "none"
    BAND = "band"
    STEP = "step"
    CHAIR = "chair"
    MAT = "mat"
    WALL = "wall"


class BodyArea(enum.StrEnum):
    """Where the exercise works, for filtering the library."""

    TRUNK = "trunk"
    LOWER_BACK = "lower_back"
    GLUTES = "glutes"
    HIPS = "hips"
    THIGHS = "thighs"
    LOWER_LEGS = "lower_legs"
    NERVES = "nerves"
    WHOLE_BODY = "whole_body"


class Contraindication(enum.StrEnum):
    """A tag naming what makes an exercise a poor choice for some patients (C10)."""

    EXTENSION_BIASED = "extension_biased"
    IMPACT = "impact"


DOSE_LIMITS: dict[str, tuple[int, int]] = {
    "sets": (1, 10),
    "reps": (1, 100),
    "hold_seconds": (0, 300),
    "times_per_day": (1, 6),
    "days_per_week": (1, 7),
    "duration_minutes": (1, 120),
}
"""Allowed range of each whole-number dose field (inclusive)."""
PYRAMID_STEP_LIMITS = (1, 20)
"""Allowed reps in one step of a pyramid."""
_OPTIONAL_FIELDS = frozenset({"reps", "hold_seconds", "duration_minutes"})
_LABELS = {
    "sets": "sets",
    "reps": "reps",
    "hold_seconds": "hold (seconds)",
    "times_per_day": "times a day",
    "days_per_week": "days a week",
    "duration_minutes": "minutes",
    "per_side": "each side",
    "pyramid": "pyramid",
    "rep_unit": "rep unit",
}
_EnumT = TypeVar("_EnumT", bound=enum.StrEnum)
_Fail = Callable[[str, str], ValueError]
"""Builds the ValueError for one field of one exercise."""
_UNIT_RE = re.compile(r"^[a-z][a-z ]{0,19}$")
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Dose:
    """How much of an exercise to do; check it with :func:`validate_dose` before use.

    ``pyramid`` lists the reps of each set in order (McGill's descending 5-3-1) and then replaces
    ``reps``. ``duration_minutes`` covers timed activity such as walking. ``rep_unit`` names what one
    rep is when "reps" would read oddly ("hops", "steps").
    """

    sets: int
    reps: int | None
    hold_seconds: int | None = None
    per_side: bool = False
    times_per_day: int = 1
    days_per_week: int = 7
    pyramid: tuple[int, ...] | None = None
    duration_minutes: int | None = None
    rep_unit: str | None = None

    def describe(self) -> str:
        """Say the dose in plain words, e.g. "3 sets of 12, hold 2 s, each side, daily"."""
        return translate("Exercises", "{amount}, {frequency}").format(
            amount=self._amount(), frequency=_frequency(self.times_per_day, self.days_per_week))

    def _amount(self) -> str:
        hold = self.hold_seconds or 0
        if self.pyramid:
            steps = translate("Exercises", ", then ").join(str(step) for step in self.pyramid)
            if hold:
                text = translate("Exercises", "{hold}-second holds: {steps}").format(hold=hold, steps=steps)
            elif self.rep_unit:
                text = translate("Exercises", "{unit} in a pyramid: {steps}").format(
                    unit=self.rep_unit, steps=steps)
            else:
                text = translate("Exercises", "reps in a pyramid: {steps}").format(steps=steps)
            return translate("Exercises", "{dose} (each side)").format(dose=text) if self.per_side else text
        if self.duration_minutes:
            text = (translate("Exercises", "1 minute") if self.duration_minutes == 1
                    else translate("Exercises", "{count} minutes").format(count=self.duration_minutes))
            if self.sets > 1:
                text = translate("Exercises", "{sets} bouts of {time}").format(sets=self.sets, time=text)
        elif self.reps:
            unit = f" {self.rep_unit}" if self.rep_unit else ""
            text = (translate("Exercises", "1 set of {reps}{unit}") if self.sets == 1
                    else translate("Exercises", "{sets} sets of {reps}{unit}")).format(
                sets=self.sets, reps=self.reps, unit=unit)
            if hold:
                text += translate("Exercises", ", hold {hold} s").format(hold=hold)
        else:
            text = (translate("Exercises", "1 hold of {hold} s") if self.sets == 1
                    else translate("Exercises", "{sets} holds of {hold} s")).format(sets=self.sets, hold=hold)
        return translate("Exercises", "{dose}, each side").format(dose=text) if self.per_side else text


def _frequency(times_per_day: int, days_per_week: int) -> str:
    if days_per_week == 7 and times_per_day == 1:
        return translate("Exercises", "daily")
    if times_per_day == 1:
        times = translate("Exercises", "once a day")
    elif times_per_day == 2:
        times = translate("Exercises", "twice a day")
    else:
        times = translate("Exercises", "{times} times a day").format(times=times_per_day)
    if days_per_week == 7:
        return translate("Exercises", "{times}, every day").format(times=times)
    days = (translate("Exercises", "1 day a week") if days_per_week == 1
            else translate("Exercises", "{days} days a week").format(days=days_per_week))
    return translate("Exercises", "{times}, {days}").format(times=times, days=days)


def validate_dose(dose: Dose) -> dict[str, str]:
    """Return a message per field that is out of range or inconsistent (empty when the dose is fine)."""
    problems: dict[str, str] = {}
    for name, (lo, hi) in DOSE_LIMITS.items():
        value = getattr(dose, name)
        if value is None and name in _OPTIONAL_FIELDS:
            continue
        try:
            check_int(value, _LABELS[name], lo, hi)
        except ValueError as exc:
            problems[name] = str(exc)
    if not isinstance(dose.per_side, bool):
        problems["per_side"] = coded(msg("rehab.exercises.each_side_must_true_false", per_side=dose.per_side))
    pyramid_problem = _pyramid_problem(dose)
    if pyramid_problem:
        problems["pyramid"] = pyramid_problem
    if dose.rep_unit is not None and not (isinstance(dose.rep_unit, str) and _UNIT_RE.match(dose.rep_unit)):
        problems["rep_unit"] = (
            coded(msg("rehab.exercises.rep_unit_must_short_lower", rep_unit=dose.rep_unit))
        )
    has_hold = isinstance(dose.hold_seconds, int) and dose.hold_seconds > 0
    if dose.reps is None and not has_hold and not dose.pyramid and dose.duration_minutes is None:
        problems.setdefault("reps", "give reps, a hold time, a pyramid or minutes: the dose is empty")
    return problems


def _pyramid_problem(dose: Dose) -> str | None:
    pyramid = dose.pyramid
    if pyramid is None:
        return None
    if isinstance(pyramid, str) or not isinstance(pyramid, Sequence) or not pyramid:
        return f"pyramid must be a list of reps per set such as 5, 3, 1; got {pyramid!r}"
    lo, hi = PYRAMID_STEP_LIMITS
    for step in pyramid:
        try:
            check_int(step, "each pyramid step", lo, hi)
        except ValueError as exc:
            return str(exc)
    if isinstance(dose.sets, int) and len(pyramid) != dose.sets:
        return f"a pyramid of {len(pyramid)} steps needs sets = {len(pyramid)}, got {dose.sets}"
    if dose.reps is not None:
        return "leave reps empty when a pyramid gives the reps of each set"
    if dose.duration_minutes is not None:
        return "a pyramid cannot be combined with minutes"
    return None


@dataclass(frozen=True, slots=True)
class Exercise:
    """One exercise of the library: patient-facing text, its default dose, tags and links."""

    id: str
    name: str
    family: ExerciseFamily
    instructions: tuple[str, ...]
    """3-6 steps in order; the handout numbers them."""
    cues: tuple[str, ...]
    safety: str
    default_dose: Dose
    body_areas: tuple[BodyArea, ...]
    phases: tuple[RehabPhase, ...]
    equipment: tuple[Equipment, ...]
    regression: str | None
    """Id of the easier version, if any."""
    progression: str | None
    """Id of the harder version, if any."""
    illustration: str
    """File name of the SVG drawing in the library's illustrations folder."""
    contraindications: tuple[Contraindication, ...] = ()
    """Tags that warn when the patient's chart suggests a matching suspicion (C10)."""


_EXERCISE_KEYS = frozenset({
    "id", "name", "family", "instructions", "cues", "safety", "default_dose", "tags",
    "regression", "progression", "illustration",
})
_DOSE_KEYS = frozenset({
    "sets", "reps", "hold_seconds", "per_side", "times_per_day", "days_per_week", "pyramid",
    "duration_minutes", "rep_unit",
})
_TAG_KEYS = frozenset({"body_area", "phase", "equipment", "contraindication"})


def parse_library(data: Sequence[Mapping[str, object]]) -> list[Exercise]:
    """Build the exercises from parsed JSON; raise ValueError naming the exercise and field at fault."""
    if isinstance(data, str | bytes | Mapping) or not isinstance(data, Sequence):
        raise InvalidValue(msg("rehab.exercises.exercise_library_must_list_exercises"))
    exercises = [_parse_exercise(item, number) for number, item in enumerate(data, start=1)]
    broken = _link_problems(exercises, one_way=False)
    if broken:
        raise ValueError(broken[0])
    return exercises


def library_problems(exercises: Sequence[Exercise]) -> list[str]:
    """List what is wrong with a set of exercises: duplicate ids, broken or one-way links, no drawing."""
    problems = _link_problems(exercises, one_way=True)
    for exercise in exercises:
        name = exercise.illustration
        if not isinstance(name, str) or not name.strip():
            problems.append(f"exercise {exercise.id!r}, field illustration: no illustration file named")
        elif not _is_svg_name(name):
            problems.append(
                f"exercise {exercise.id!r}, field illustration: {name!r} must be an .svg, .png or .jpg "
                "file name without folders"
            )
    return problems


def _link_problems(exercises: Sequence[Exercise], one_way: bool) -> list[str]:
    """Duplicate ids, dangling or self links and loops; with ``one_way``, links not pointed back."""
    problems: list[str] = []
    by_id: dict[str, Exercise] = {}
    for exercise in exercises:
        if exercise.id in by_id:
            problems.append(f"exercise {exercise.id!r}, field id: the id is used more than once")
        by_id.setdefault(exercise.id, exercise)
    reverse = {"regression": "progression", "progression": "regression"}
    for exercise in exercises:
        for field, back in reverse.items():
            target = getattr(exercise, field)
            if target is None:
                continue
            where = f"exercise {exercise.id!r}, field {field}"
            if target == exercise.id:
                problems.append(f"{where}: an exercise cannot be its own {field}")
            elif target not in by_id:
                problems.append(f"{where}: links to {target!r}, which is not in the library")
            elif one_way and getattr(by_id[target], back) is None:
                problems.append(
                    f"one-way link: exercise {exercise.id!r}, field {field}: {target!r} has no {back} "
                    f"(expected {exercise.id!r})"
                )
    for exercise in exercises:
        seen = {exercise.id}
        step = by_id.get(exercise.progression) if exercise.progression else None
        while step is not None and step.id not in seen:
            seen.add(step.id)
            step = by_id.get(step.progression) if step.progression else None
        if step is not None and step.id == exercise.id:
            problems.append(
                f"exercise {exercise.id!r}, field progression: the progressions loop back to this exercise"
            )
    return problems


IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
"""Built-in drawings are SVG; a clinic's own exercise may use a photo or scan instead."""


def _is_svg_name(name: str) -> bool:
    stem, dot, suffix = name.rpartition(".")
    return (bool(stem) and bool(dot) and f".{suffix.lower()}" in IMAGE_SUFFIXES
            and not any(ch in name for ch in "/\\:"))


def _parse_exercise(item: object, number: int) -> Exercise:
    if not isinstance(item, Mapping):
        raise InvalidValue(msg("rehab.exercises.exercise_number_must_object_with", number=number, item=item))
    raw_id = item.get("id")
    if not isinstance(raw_id, str) or not _ID_RE.match(raw_id):
        raise InvalidValue(
            msg("rehab.exercises.exercise_number_field_id_must", number=number, raw_id=raw_id)
        )
    ex_id = raw_id

    def fail(field: str, message: str) -> ValueError:
        return ValueError(f"exercise {ex_id!r}, field {field}: {message}")

    unknown = sorted(set(item) - _EXERCISE_KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown field(s) {join_words(unknown)}")
    missing = sorted(_EXERCISE_KEYS - set(item))
    if missing:
        raise fail(missing[0], f"missing field(s) {join_words(missing)}")
    tags = item["tags"]
    if not isinstance(tags, Mapping):
        raise fail("tags", f"must be an object with body_area, phase and equipment, got {tags!r}")
    unknown_tags = sorted(set(tags) - _TAG_KEYS)
    if unknown_tags:
        raise fail(f"tags.{unknown_tags[0]}",
                   "unknown tag; use body_area, phase, equipment and contraindication")
    equipment = _enum_list(Equipment, tags.get("equipment"), "tags.equipment", fail)
    if Equipment.NONE in equipment and len(equipment) > 1:
        raise fail("tags.equipment", "'none' cannot be listed with other equipment")
    illustration = item["illustration"]
    if not isinstance(illustration, str) or not _is_svg_name(illustration):
        raise fail("illustration",
                   f"must be an .svg, .png or .jpg file name without folders, got {illustration!r}")
    return Exercise(
        id=ex_id,
        name=_text(item["name"], "name", 80, fail),
        family=_enum_list(ExerciseFamily, [item["family"]], "family", fail)[0],
        instructions=_texts(item["instructions"], "instructions", (3, 6), fail),
        cues=_texts(item["cues"], "cues", (2, 4), fail),
        safety=_text(item["safety"], "safety", 160, fail),
        default_dose=_parse_dose(item["default_dose"], fail),
        body_areas=_enum_list(BodyArea, tags.get("body_area"), "tags.body_area", fail),
        phases=_enum_list(RehabPhase, tags.get("phase"), "tags.phase", fail),
        equipment=equipment,
        regression=_link(item["regression"], "regression", fail),
        progression=_link(item["progression"], "progression", fail),
        illustration=illustration,
        contraindications=(_enum_list(Contraindication, tags["contraindication"], "tags.contraindication",
                                      fail) if tags.get("contraindication") else ()),
    )


def _text(value: object, field: str, max_len: int, fail: _Fail) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(field, f"must be some text, got {value!r}")
    if "\n" in value or len(value) > max_len:
        raise fail(field, f"must be one line of at most {max_len} characters")
    return value.strip()


def _texts(value: object, field: str, count: tuple[int, int], fail: _Fail) -> tuple[str, ...]:
    lo, hi = count
    if isinstance(value, str) or not isinstance(value, Sequence) or not lo <= len(value) <= hi:
        raise fail(field, f"must be a list of {lo}-{hi} short lines")
    return tuple(_text(line, f"{field}[{index}]", 160, fail) for index, line in enumerate(value))


def _enum_list(enum_cls: type[_EnumT], value: object, field: str, fail: _Fail) -> tuple[_EnumT, ...]:
    allowed = ", ".join(member.value for member in enum_cls)
    if isinstance(value, str) or not isinstance(value, Sequence) or not value:
        raise fail(field, f"must list at least one of {allowed}; got {value!r}")
    members: list[_EnumT] = []
    for entry in value:
        try:
            member = enum_cls(entry)
        except ValueError:
            raise fail(field, f"{entry!r} is not one of {allowed}") from None
        if member in members:
            raise fail(field, f"{entry!r} is listed twice")
        members.append(member)
    return tuple(members)


def _link(value: object, field: str, fail: _Fail) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _ID_RE.match(value):
        raise fail(field, f"must be an exercise id or null, got {value!r}")
    return value


def _parse_dose(value: object, fail: _Fail) -> Dose:
    if not isinstance(value, Mapping):
        raise fail("default_dose", f"must be an object with sets, reps and so on, got {value!r}")
    unknown = sorted(set(value) - _DOSE_KEYS)
    if unknown:
        raise fail(f"default_dose.{unknown[0]}", f"unknown dose field(s) {join_words(unknown)}")
    if "sets" not in value:
        raise fail("default_dose.sets", "missing")
    raw: Mapping[str, Any] = value  # the types are checked by validate_dose below
    pyramid = raw.get("pyramid")
    dose = Dose(
        sets=raw["sets"],
        reps=raw.get("reps"),
        hold_seconds=raw.get("hold_seconds"),
        per_side=raw.get("per_side", False),
        times_per_day=raw.get("times_per_day", 1),
        days_per_week=raw.get("days_per_week", 7),
        pyramid=tuple(pyramid) if isinstance(pyramid, list) else pyramid,
        duration_minutes=raw.get("duration_minutes"),
        rep_unit=raw.get("rep_unit"),
    )
    problems = validate_dose(dose)
    if problems:
        field, message = next(iter(problems.items()))
        raise fail(f"default_dose.{field}", message)
    return dose
