"""Body chart of the running-injury intake (CLINICAL.md 1.1 ``pain_locations``) and its derived fields."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from clinic_app.domain._validation import check_int, coerce_enum, join_words
from clinic_app.domain.errors import InvalidValue
from clinic_app.domain.findings import Evidence, Finding, FindingLevel
from clinic_app.domain.messages import msg
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP, translate

INTENSITY_MIN = 1
INTENSITY_MAX = 10
NO_MARKS_TEXT = QT_TRANSLATE_NOOP("IntakeSummary", "no symptoms marked")


class BodySide(enum.StrEnum):
    """Side of the body a chart location is on, from the patient's point of view."""

    LEFT = "left"
    RIGHT = "right"
    CENTRAL = "central"


class Extent(enum.StrEnum):
    """How far from the spine symptoms reach, ordered proximal to distal."""

    BACK = "back"
    BUTTOCK = "buttock"
    THIGH = "thigh"
    BELOW_KNEE = "below_knee"
    FOOT = "foot"

    @property
    def rank(self) -> int:
        """Return 0 (back) to 4 (foot)."""
        return _EXTENT_ORDER.index(self)

    @property
    def label(self) -> str:
        """Return the extent in words, e.g. ``below the knee``."""
        return _EXTENT_LABELS[self]

    def reaches(self, other: Extent) -> bool:
        """Return True when this extent is at or beyond ``other`` (e.g. foot reaches below_knee)."""
        return self.rank >= other.rank


_EXTENT_ORDER: tuple[Extent, ...] = tuple(Extent)
_EXTENT_LABELS: dict[Extent, str] = {
    Extent.BACK: "back",
    Extent.BUTTOCK: "buttock",
    Extent.THIGH: "thigh",
    Extent.BELOW_KNEE: "below the knee",
    Extent.FOOT: "foot",
}


class SymptomType(enum.StrEnum):
    """Quality of the symptom marked on a body-chart location."""

    ACHE = "ache"
    SHARP = "sharp"
    BURNING = "burning"
    PINS_NEEDLES = "pins_needles"
    NUMBNESS = "numbness"

    @property
    def label(self) -> str:
        """Return the plain label, e.g. ``Pins and needles``."""
        return _SYMPTOM_LABELS[self]

    @property
    def is_pain(self) -> bool:
        """Return True for the pain qualities (ache, sharp, burning)."""
        return self in (SymptomType.ACHE, SymptomType.SHARP, SymptomType.BURNING)


_SYMPTOM_LABELS: dict[SymptomType, str] = {
    SymptomType.ACHE: "Ache",
    SymptomType.SHARP: "Sharp",
    SymptomType.BURNING: "Burning",
    SymptomType.PINS_NEEDLES: "Pins and needles",
    SymptomType.NUMBNESS: "Numbness",
}
_SYMPTOM_PHRASES: dict[SymptomType, str] = {
    SymptomType.ACHE: "",
    SymptomType.SHARP: QT_TRANSLATE_NOOP("IntakeSummary", "sharp"),
    SymptomType.BURNING: QT_TRANSLATE_NOOP("IntakeSummary", "burning"),
    SymptomType.PINS_NEEDLES: QT_TRANSLATE_NOOP("IntakeSummary", "pins and needles"),
    SymptomType.NUMBNESS: QT_TRANSLATE_NOOP("IntakeSummary", "numbness"),
}
"""Adjective before ``pain`` for the pain qualities; the noun for the other sensations."""


class PainLocation(enum.StrEnum):
    """A body-chart region; the values are the stored CLINICAL.md 1.1 codes."""

    CENTRAL_LUMBAR = "central_lumbar"
    PARASPINAL_L = "paraspinal_L"
    PARASPINAL_R = "paraspinal_R"
    SIJ_PSIS_L = "SIJ_PSIS_L"
    SIJ_PSIS_R = "SIJ_PSIS_R"
    BUTTOCK_L = "buttock_L"
    BUTTOCK_R = "buttock_R"
    GROIN_L = "groin_L"
    GROIN_R = "groin_R"
    THIGH_POST_L = "thigh_post_L"
    THIGH_POST_R = "thigh_post_R"
    THIGH_ANT_L = "thigh_ant_L"
    THIGH_ANT_R = "thigh_ant_R"
    THIGH_LAT_L = "thigh_lat_L"
    THIGH_LAT_R = "thigh_lat_R"
    BELOW_KNEE_L = "below_knee_L"
    BELOW_KNEE_R = "below_knee_R"
    FOOT_L = "foot_L"
    FOOT_R = "foot_R"

    @property
    def side(self) -> BodySide:
        """Return the patient's side of this location."""
        if self.value.endswith("_L"):
            return BodySide.LEFT
        if self.value.endswith("_R"):
            return BodySide.RIGHT
        return BodySide.CENTRAL

    @property
    def area(self) -> str:
        """Return the code without its side suffix, e.g. ``thigh_post``."""
        return self.value.removesuffix("_L").removesuffix("_R")

    @property
    def extent(self) -> Extent:
        """Return how far from the spine this location is (groin counts as thigh: above the knee)."""
        return _AREAS[self.area][0]

    @property
    def is_leg(self) -> bool:
        """Return True for leg locations: groin, thigh, below the knee and foot (not the buttock)."""
        return self.extent.reaches(Extent.THIGH)

    @property
    def label(self) -> str:
        """Return the plain label, e.g. ``Left buttock``."""
        template = _AREAS[self.area][1]
        return template.format(side=self.side.value).capitalize()

    @property
    def order(self) -> int:
        """Return the position in the 1.1 list (used to sort marks)."""
        return _LOCATION_ORDER[self]


_AREAS: dict[str, tuple[Extent, str]] = {
    "central_lumbar": (Extent.BACK, "central low back"),
    "paraspinal": (Extent.BACK, "{side} side of low back"),
    "SIJ_PSIS": (Extent.BACK, "{side} sacroiliac area"),
    "buttock": (Extent.BUTTOCK, "{side} buttock"),
    "groin": (Extent.THIGH, "{side} groin"),
    "thigh_post": (Extent.THIGH, "back of {side} thigh"),
    "thigh_ant": (Extent.THIGH, "front of {side} thigh"),
    "thigh_lat": (Extent.THIGH, "outer {side} thigh"),
    "below_knee": (Extent.BELOW_KNEE, "{side} leg below the knee"),
    "foot": (Extent.FOOT, "{side} foot"),
}
"""Area code -> (extent, label template); groin is above the knee, so it counts as thigh level."""
_LOCATION_ORDER: dict[PainLocation, int] = {location: i for i, location in enumerate(PainLocation)}


@dataclass(frozen=True, slots=True)
class BodyMark:
    """One marked body-chart location: what the patient feels there and how strongly (1-10)."""

    location: PainLocation
    symptom: SymptomType
    intensity: int

    def __post_init__(self) -> None:
        """Accept codes as strings and check the intensity range."""
        object.__setattr__(self, "location", coerce_enum(PainLocation, self.location, "location"))
        object.__setattr__(self, "symptom", coerce_enum(SymptomType, self.symptom, "symptom"))
        check_int(self.intensity, "intensity", INTENSITY_MIN, INTENSITY_MAX)


def sort_marks(marks: Iterable[BodyMark]) -> list[BodyMark]:
    """Return the marks in 1.1 location order, raising ValueError if a location is marked twice."""
    seen: dict[PainLocation, BodyMark] = {}
    for mark in marks:
        if mark.location in seen:
            raise InvalidValue(msg("intake.body_chart.location_marked_more_than_once",
                                   value=mark.location.value))
        seen[mark.location] = mark
    return [seen[location] for location in sorted(seen, key=lambda loc: loc.order)]


def marks_to_data(marks: Iterable[BodyMark]) -> list[dict[str, object]]:
    """Return the marks as JSON-ready dicts, in location order."""
    return [
        {"location": m.location.value, "symptom": m.symptom.value, "intensity": m.intensity}
        for m in sort_marks(marks)
    ]


def marks_from_data(data: Iterable[Mapping[str, object]]) -> list[BodyMark]:
    """Rebuild marks from stored dicts; unknown codes or bad values raise ValueError naming the field."""
    marks: list[BodyMark] = []
    for i, item in enumerate(data):
        prefix = f"pain_locations[{i}]"
        if not isinstance(item, Mapping):
            raise InvalidValue(msg("intake.body_chart.must_object_with_location_symptom",
                                   prefix=prefix, item=item))
        missing = [key for key in ("location", "symptom", "intensity") if key not in item]
        if missing:
            raise InvalidValue(msg("intake.body_chart.missing", prefix=prefix, missing=missing[0]))
        marks.append(
            BodyMark(
                coerce_enum(PainLocation, item["location"], f"{prefix}.location"),
                coerce_enum(SymptomType, item["symptom"], f"{prefix}.symptom"),
                check_int(item["intensity"], f"{prefix}.intensity", INTENSITY_MIN, INTENSITY_MAX),
            )
        )
    return sort_marks(marks)


def furthest_extent(marks: Iterable[BodyMark]) -> Extent | None:
    """Return the most distal extent marked, or None when nothing is marked."""
    extents = [m.location.extent for m in marks]
    return max(extents, key=lambda e: e.rank) if extents else None


def leg_sides(marks: Iterable[BodyMark]) -> frozenset[BodySide]:
    """Return the sides with any leg symptom (groin, thigh, below the knee, foot; not the buttock)."""
    return frozenset(m.location.side for m in marks if m.location.is_leg)


def leg_pain_bilateral(marks: Iterable[BodyMark]) -> bool:
    """Return True when leg symptoms are marked on both sides."""
    return leg_sides(marks) >= {BodySide.LEFT, BodySide.RIGHT}


def leg_dominant(nprs_leg: int | None, nprs_back: int | None) -> bool | None:
    """Return True when leg NPRS exceeds back NPRS; None when either is not recorded."""
    if nprs_leg is None or nprs_back is None:
        return None
    return check_int(nprs_leg, "nprs_leg", 0, 10) > check_int(nprs_back, "nprs_back", 0, 10)


@dataclass(frozen=True, slots=True)
class _Segment:
    """One part of a phrase: a side word, the body parts and an optional trailing qualifier."""

    side: str
    nouns: tuple[str, ...]
    suffix: str = ""

    def modifier(self) -> str:
        """Return the part before a symptom word: ``right buttock and thigh``, ``bilateral leg``."""
        side = "bilateral" if self.side == "both" else self.side
        return " ".join(w for w in (side, join_words(self.nouns)) if w)

    def place(self) -> str:
        """Return the part after ``in``: ``the left leg below the knee``, ``both feet``."""
        if self.side == "both":
            words = ["both", join_words(_PLURALS.get(n, n + "s") for n in self.nouns)]
        else:
            words = ["the", self.side, join_words(self.nouns)]
        return " ".join(w for w in (*words, self.suffix) if w)


_PLURALS = {"foot": "feet", "lower leg": "lower legs", "leg": "legs"}
_PROXIMAL_NOUNS = {"buttock": "buttock", "groin": "groin", "thigh_post": "thigh", "thigh_ant": "thigh",
                   "thigh_lat": "thigh"}
"""Words for the parts above the knee, in the order they are named."""


def _limb_segment(side: BodySide, locations: set[PainLocation]) -> _Segment | None:
    """Describe one side's buttock and leg locations, naming the leg by how far down it reaches."""
    if not locations:
        return None
    areas = {loc.area for loc in locations}
    ordered = sorted(locations, key=lambda loc: loc.order)
    proximal = list(dict.fromkeys(_PROXIMAL_NOUNS[x.area] for x in ordered if x.area in _PROXIMAL_NOUNS))
    if "foot" in areas and "below_knee" not in areas and not proximal:
        return _Segment(side.value, ("foot",))
    if "foot" in areas and not proximal:
        return _Segment(side.value, ("lower leg", "foot"))
    if "foot" in areas:
        return _Segment(side.value, ("leg",), QT_TRANSLATE_NOOP("IntakeSummary", "down to the foot"))
    if "below_knee" in areas:
        return _Segment(side.value, ("leg",), QT_TRANSLATE_NOOP("IntakeSummary", "below the knee"))
    return _Segment(side.value, tuple(proximal))


def _back_segment(locations: set[PainLocation], with_limbs: bool) -> _Segment | None:
    """Describe the back locations: plain ``back`` beside leg symptoms, else more precisely."""
    if not locations:
        return None
    if with_limbs:
        return _Segment("", ("back",))
    sides = {loc.side for loc in locations}
    side = next(iter(sides)).value if len(sides) == 1 else ""
    if all(loc.area == "SIJ_PSIS" for loc in locations):
        return _Segment(side, ("sacroiliac area",))
    return _Segment(side, ("low back",))


def _segments(locations: set[PainLocation]) -> list[_Segment]:
    """Split locations into back, left and right (or both) segments."""
    limbs = [
        _limb_segment(side, {loc for loc in locations if loc.side is side and loc.extent is not Extent.BACK})
        for side in (BodySide.LEFT, BodySide.RIGHT)
    ]
    left, right = limbs
    if left is not None and right is not None and (left.nouns, left.suffix) == (right.nouns, right.suffix):
        limb_segments = [_Segment("both", left.nouns, left.suffix)]
    else:
        limb_segments = [s for s in limbs if s is not None]
    back = _back_segment({loc for loc in locations if loc.extent is Extent.BACK}, bool(limb_segments))
    return ([back] if back else []) + limb_segments


def _join_parts(parts: list[str]) -> str:
    """Join phrases, adding a serial comma when a phrase has its own ``and``."""
    if any(" and " in part for part in parts[:-1]):
        return f"{', '.join(parts[:-1])}, and {parts[-1]}"
    return join_words(parts)


def _pain_clauses(segments: list[_Segment], adjective: str) -> list[str]:
    """Phrase pain as ``back and left leg pain below the knee``; extra qualified legs get own clauses."""
    plain = [s for s in segments if not s.suffix]
    qualified = [s for s in segments if s.suffix]
    groups = [plain + qualified[:1]] + [[s] for s in qualified[1:]]
    clauses = []
    for group in groups:
        clause = (translate("IntakeSummary", "{quality} {where} pain") if adjective
                  else translate("IntakeSummary", "{where} pain"))
        words = [clause.format(quality=translate("IntakeSummary", adjective) if adjective else "",
                               where=_join_parts([s.modifier() for s in group])),
                 translate("IntakeSummary", group[-1].suffix) if group[-1].suffix else ""]
        clauses.append(" ".join(w for w in words if w))
    return clauses


def describe_marks(marks: Iterable[BodyMark]) -> str:
    """Return a plain-language phrase for the intake summary, one clause per symptom type."""
    marks = list(marks)
    clauses: list[str] = []
    for symptom in SymptomType:
        locations = {m.location for m in marks if m.symptom is symptom}
        if not locations:
            continue
        segments = _segments(locations)
        phrase = _SYMPTOM_PHRASES[symptom]
        if symptom.is_pain:
            clauses.extend(_pain_clauses(segments, phrase))
        else:
            clauses.append(translate("IntakeSummary", "{symptom} in {place}").format(
                symptom=translate("IntakeSummary", phrase),
                place=_join_parts([s.place() for s in segments])))
    return ", ".join(clauses) if clauses else translate("IntakeSummary", NO_MARKS_TEXT)


_EXTENT_SENTENCES: dict[Extent, str] = {
    Extent.BACK: QT_TRANSLATE_NOOP("IntakeSummary", "Symptoms stay in the back"),
    Extent.BUTTOCK: QT_TRANSLATE_NOOP("IntakeSummary", "Symptoms reach the buttock"),
    Extent.THIGH: QT_TRANSLATE_NOOP("IntakeSummary", "Symptoms reach the thigh (above the knee)"),
    Extent.BELOW_KNEE: QT_TRANSLATE_NOOP("IntakeSummary", "Symptoms reach below the knee"),
    Extent.FOOT: QT_TRANSLATE_NOOP("IntakeSummary", "Symptoms reach the foot"),
}


def _dominance_text(dominant: bool | None, nprs_leg: int | None, nprs_back: int | None) -> str:
    """Return the leg-versus-back comparison in words, or ``not recorded``."""
    if dominant is None:
        return "not recorded"
    return f"{'yes' if dominant else 'no'} (leg {nprs_leg}/10, back {nprs_back}/10)"


def body_chart_finding(
    marks: Iterable[BodyMark], nprs_leg: int | None = None, nprs_back: int | None = None
) -> Finding:
    """Summarise the body chart: furthest extent, bilateral leg symptoms and leg dominance."""
    marks = sort_marks(marks)
    extent = furthest_extent(marks)
    bilateral = leg_pain_bilateral(marks)
    dominant = leg_dominant(nprs_leg, nprs_back)
    inputs = {
        "Marked areas": describe_marks(marks),
        "Furthest extent": extent.label if extent else "none",
        "Leg symptoms on both sides": "yes" if bilateral else "no",
        "Leg pain worse than back pain": _dominance_text(dominant, nprs_leg, nprs_back),
    }
    if extent is None:
        explanation = translate("IntakeSummary", "No symptoms marked on the body chart.")
    else:
        parts = [translate("IntakeSummary", _EXTENT_SENTENCES[extent])]
        if bilateral:
            parts.append(translate("IntakeSummary", "leg symptoms on both sides"))
        if dominant is True:
            parts.append(translate("IntakeSummary", "leg pain ({leg}/10) is worse than back pain ({back}/10)")
                         .format(leg=nprs_leg, back=nprs_back))
        elif dominant is False:
            parts.append(translate("IntakeSummary",
                                   "back pain ({back}/10) is at least as bad as leg pain ({leg}/10)")
                         .format(leg=nprs_leg, back=nprs_back))
        explanation = "; ".join(parts) + "."
    notes: list[str] = []
    if bilateral:
        notes.append(translate("IntakeSummary", "Leg symptoms on both sides: ask the cauda equina screening "
                               "questions (CE4)."))
    if extent is not None and extent.reaches(Extent.BELOW_KNEE) and dominant:
        notes.append(translate(
            "IntakeSummary", "Leg-dominant symptoms below the knee fit a radicular pattern: check SLR, slump "
            "and neurology."))
    return Finding(
        "body_chart",
        extent.value if extent else "none",
        explanation,
        inputs,
        Evidence.PRODUCT,
        "Intake body chart (CLINICAL.md 1.1) [P]; CE4 [S6]",
        FindingLevel.CAUTION if bilateral else FindingLevel.INFO,
        tuple(notes),
    )
