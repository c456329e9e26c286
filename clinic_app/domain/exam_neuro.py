"""Neurological screen (L2-S1): deficit detection, root localisation, bilateral signs and N1."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from clinic_app.domain._validation import check_int, coerce_enum, join_words
from clinic_app.domain.exam import Side


class Root(enum.StrEnum):
    """Lumbosacral nerve root covered by the screen."""

    L2 = "L2"
    L3 = "L3"
    L4 = "L4"
    L5 = "L5"
    S1 = "S1"


class Reflex(enum.StrEnum):
    """Deep tendon reflex tested."""

    PATELLAR = "patellar"
    ACHILLES = "achilles"
    MEDIAL_HAMSTRING = "medial_hamstring"


class ReflexGrade(enum.StrEnum):
    """NINDS reflex grade; an int 0-4 is also accepted as input."""

    ABSENT = "0"
    REDUCED = "1+"
    NORMAL = "2+"
    BRISK = "3+"
    CLONUS = "4+"

    @property
    def level(self) -> int:
        """Return the numeric grade 0-4."""
        return int(self.value[0])


class Sensation(enum.StrEnum):
    """Sensation in a dermatome."""

    NORMAL = "normal"
    REDUCED = "reduced"
    ABSENT = "absent"
    HYPERSENSITIVE = "hypersensitive"


class MrcModifier(enum.StrEnum):
    """Optional +/- refinement of an MRC grade."""

    MINUS = "-"
    PLUS = "+"


class NeuroKind(enum.StrEnum):
    """Which part of the screen an abnormality comes from."""

    POWER = "power"
    SENSATION = "sensation"
    REFLEX = "reflex"


MYOTOME: dict[Root, str] = {
    Root.L2: "hip flexion",
    Root.L3: "knee extension",
    Root.L4: "ankle dorsiflexion",
    Root.L5: "great-toe extension",
    Root.S1: "ankle plantarflexion",
}
"""Key movement tested for each root."""

DERMATOME: dict[Root, str] = {
    Root.L2: "the anterior upper {side} thigh",
    Root.L3: "the medial {side} knee",
    Root.L4: "the medial {side} lower leg",
    Root.L5: "the dorsum of the {side} foot",
    Root.S1: "the lateral border and sole of the {side} foot",
}
"""Sensory test site for each root ({side} is filled with left/right)."""

REFLEX_ROOTS: dict[Reflex, tuple[Root, ...]] = {
    Reflex.PATELLAR: (Root.L3, Root.L4),
    Reflex.ACHILLES: (Root.S1,),
    Reflex.MEDIAL_HAMSTRING: (Root.L5,),
}
"""Roots each reflex depends on."""

_REFLEX_NAMES: dict[Reflex, str] = {
    Reflex.PATELLAR: "patellar",
    Reflex.ACHILLES: "Achilles",
    Reflex.MEDIAL_HAMSTRING: "medial hamstring",
}
_SENSATION_RANK: dict[Sensation, int] = {
    Sensation.NORMAL: 0,
    Sensation.HYPERSENSITIVE: 1,
    Sensation.REDUCED: 1,
    Sensation.ABSENT: 2,
}


@dataclass(frozen=True, slots=True)
class MrcGrade:
    """MRC (Oxford) power grade 0-5 with an optional modifier on grades 1-4 (e.g. '4-')."""

    grade: int
    modifier: MrcModifier | None = None

    def __post_init__(self) -> None:
        """Validate grade and modifier."""
        check_int(self.grade, "MRC grade", 0, 5)
        if self.modifier is not None:
            object.__setattr__(
                self, "modifier", coerce_enum(MrcModifier, self.modifier, "MRC modifier")
            )
            if not 1 <= self.grade <= 4:
                raise ValueError(
                    "MRC modifier +/- is allowed on grades 1-4 only, "
                    f"got {self.grade}{self.modifier}"
                )

    @classmethod
    def parse(cls, value: MrcGrade | int | str, field_name: str = "MRC grade") -> MrcGrade:
        """Accept an MrcGrade, an int 0-5 or text such as '4', '4-' or '4+'."""
        if isinstance(value, MrcGrade):
            return value
        if isinstance(value, str):
            text = value.strip()
            if text[:1].isdigit() and text[1:] in ("", "-", "+"):
                return cls(int(text[0]), MrcModifier(text[1:]) if text[1:] else None)
            raise ValueError(
                f"{field_name} must be 0-5 with an optional + or - (e.g. '4-'), got {value!r}"
            )
        return cls(check_int(value, field_name, 0, 5))

    @property
    def score(self) -> float:
        """Return an ordinal value for comparisons (4- < 4 < 4+)."""
        return (
            self.grade + {None: 0.0, MrcModifier.MINUS: -0.3, MrcModifier.PLUS: 0.3}[self.modifier]
        )

    def __str__(self) -> str:
        """Return the grade as recorded, e.g. '4-'."""
        return f"{self.grade}{self.modifier or ''}"


def _reflex_grade(value: object, field_name: str) -> ReflexGrade:
    """Accept a ReflexGrade, its text ('1+') or an int 0-4."""
    if isinstance(value, int) and not isinstance(value, bool):
        check_int(value, field_name, 0, 4)
        return ReflexGrade("0" if value == 0 else f"{value}+")
    return coerce_enum(ReflexGrade, value, field_name)


@dataclass(frozen=True, slots=True)
class SideNeuro:
    """One side's screen; roots or reflexes missing from a mapping were not tested."""

    power: Mapping[Root, MrcGrade] = field(default_factory=dict, hash=False)
    sensation: Mapping[Root, Sensation] = field(default_factory=dict, hash=False)
    reflexes: Mapping[Reflex, ReflexGrade] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        """Normalise enum strings and grades, validating each value."""
        power = {
            coerce_enum(Root, k, "myotome root"): MrcGrade.parse(v, f"MRC grade for {k}")
            for k, v in self.power.items()
        }
        sensation = {
            coerce_enum(Root, k, "dermatome root"): coerce_enum(Sensation, v, f"sensation at {k}")
            for k, v in self.sensation.items()
        }
        reflexes = {
            coerce_enum(Reflex, k, "reflex"): _reflex_grade(v, f"{k} reflex grade")
            for k, v in self.reflexes.items()
        }
        object.__setattr__(self, "power", power)
        object.__setattr__(self, "sensation", sensation)
        object.__setattr__(self, "reflexes", reflexes)


@dataclass(frozen=True, slots=True)
class NeuroScreen:
    """Left and right neurological screen."""

    left: SideNeuro = field(default_factory=SideNeuro)
    right: SideNeuro = field(default_factory=SideNeuro)

    def side(self, side: Side) -> SideNeuro:
        """Return the screen for the left or right side."""
        return self.left if side == Side.LEFT else self.right


@dataclass(frozen=True, slots=True)
class NeuroAbnormality:
    """One abnormal item, the roots it points to and a plain-words phrase."""

    side: Side
    kind: NeuroKind
    site: str
    value: str
    roots: tuple[Root, ...]
    phrase: str


@dataclass(frozen=True, slots=True)
class RootLocalisation:
    """Root(s) on one side that explain every root-related abnormality, if any."""

    side: Side
    roots: tuple[Root, ...]
    implicated: tuple[Root, ...]
    evidence: tuple[NeuroAbnormality, ...]

    @property
    def fits_single_root(self) -> bool:
        """Return True when at least one root explains all the findings on this side."""
        return bool(self.roots)


@dataclass(frozen=True, slots=True)
class NeuroAssessment:
    """Derived neuro-screen flags (CLINICAL.md 3.4)."""

    deficit: bool
    abnormalities: tuple[NeuroAbnormality, ...]
    localisations: tuple[RootLocalisation, ...]
    bilateral: bool
    raises_n1: bool
    n1_reasons: tuple[str, ...]
    worsening: tuple[str, ...]
    upper_motor_neuron_signs: bool

    @property
    def ask_cauda_equina_questions(self) -> bool:
        """Return True when abnormal items on both sides call for CE1-CE6."""
        return self.bilateral


def _power_abnormalities(side: Side, screen: SideNeuro) -> list[NeuroAbnormality]:
    """MRC <= 4 is abnormal."""
    out = []
    for root in Root:
        grade = screen.power.get(root)
        if grade is not None and grade.grade <= 4:
            word = f"no active {MYOTOME[root]}" if grade.grade == 0 else f"weak {MYOTOME[root]}"
            out.append(
                NeuroAbnormality(side, NeuroKind.POWER, root.value, str(grade), (root,), word)
            )
    return out


def _sensory_abnormalities(side: Side, screen: SideNeuro) -> list[NeuroAbnormality]:
    """Any change from normal sensation is abnormal."""
    out = []
    for root in Root:
        sense = screen.sensation.get(root)
        if sense is not None and sense != Sensation.NORMAL:
            where = DERMATOME[root].format(side=side.value)
            lead = (
                "hypersensitivity on"
                if sense == Sensation.HYPERSENSITIVE
                else f"{sense.value} sensation on"
            )
            out.append(
                NeuroAbnormality(
                    side, NeuroKind.SENSATION, root.value, sense.value, (root,), f"{lead} {where}"
                )
            )
    return out


def _reflex_abnormalities(screen: NeuroScreen) -> tuple[list[NeuroAbnormality], bool]:
    """Asymmetric reflexes (the hypo side points to roots) and clonus; also any asymmetry."""
    out: list[NeuroAbnormality] = []
    asymmetric = False
    for reflex in Reflex:
        left, right = screen.left.reflexes.get(reflex), screen.right.reflexes.get(reflex)
        name = _REFLEX_NAMES[reflex]
        pair = f"left {left or 'not tested'}, right {right or 'not tested'}"
        for side, grade, other in ((Side.LEFT, left, right), (Side.RIGHT, right, left)):
            if grade is None:
                continue
            if grade == ReflexGrade.CLONUS:
                text = f"very brisk {side.value} {name} reflex with clonus ({pair})"
                out.append(
                    NeuroAbnormality(side, NeuroKind.REFLEX, reflex.value, grade.value, (), text)
                )
                continue
            if other is None or other == grade:
                continue
            asymmetric = True
            if grade.level < other.level and grade.level < 2:
                word = "absent" if grade.level == 0 else "reduced"
                text = f"{word} {side.value} {name} reflex ({pair})"
                out.append(
                    NeuroAbnormality(
                        side,
                        NeuroKind.REFLEX,
                        reflex.value,
                        grade.value,
                        REFLEX_ROOTS[reflex],
                        text,
                    )
                )
            elif grade.level > other.level and grade.level > 2:
                text = f"brisk {side.value} {name} reflex ({pair})"
                out.append(
                    NeuroAbnormality(side, NeuroKind.REFLEX, reflex.value, grade.value, (), text)
                )
    return out, asymmetric


def _localise(side: Side, items: list[NeuroAbnormality]) -> RootLocalisation | None:
    """Find the roots that explain every root-related abnormality on one side."""
    rooted = [item for item in items if item.roots]
    if not rooted:
        return None
    implicated = tuple(r for r in Root if any(r in item.roots for item in rooted))
    explaining = tuple(r for r in implicated if all(r in item.roots for item in rooted))
    return RootLocalisation(side, explaining, implicated, tuple(rooted))


def _worsening(previous: NeuroScreen, current: NeuroScreen) -> list[str]:
    """List items whose deficit got worse since the previous screen."""
    out = []
    for side in (Side.LEFT, Side.RIGHT):
        before, now = previous.side(side), current.side(side)
        for root, grade in now.power.items():
            old = before.power.get(root)
            if old is not None and grade.grade <= 4 and grade.score < old.score:
                out.append(f"{side.value} {MYOTOME[root]} power fell from {old} to {grade}")
        for root, sense in now.sensation.items():
            old_sense = before.sensation.get(root)
            if old_sense is not None and _SENSATION_RANK[sense] > _SENSATION_RANK[old_sense]:
                out.append(
                    f"{side.value} {root.value} sensation worsened from {old_sense} to {sense}"
                )
        for reflex, rgrade in now.reflexes.items():
            old_grade = before.reflexes.get(reflex)
            if old_grade is not None and rgrade.level < 2 and rgrade.level < old_grade.level:
                out.append(
                    f"{side.value} {_REFLEX_NAMES[reflex]} reflex fell from {old_grade} to {rgrade}"
                )
    return out


def assess_neuro(screen: NeuroScreen, previous: NeuroScreen | None = None) -> NeuroAssessment:
    """Detect deficit (MRC <= 4, reflex asymmetry, sensory change); localise roots; flag CE, N1."""
    reflex_items, asymmetric = _reflex_abnormalities(screen)
    by_side: dict[Side, list[NeuroAbnormality]] = {}
    for side in (Side.LEFT, Side.RIGHT):
        sided = screen.side(side)
        by_side[side] = [
            *_power_abnormalities(side, sided),
            *_sensory_abnormalities(side, sided),
            *(item for item in reflex_items if item.side == side),
        ]
    abnormalities = tuple(by_side[Side.LEFT] + by_side[Side.RIGHT])
    deficit = asymmetric or any(item.kind != NeuroKind.REFLEX for item in abnormalities)
    localisations = tuple(
        loc
        for side in (Side.LEFT, Side.RIGHT)
        if (loc := _localise(side, by_side[side])) is not None
    )
    n1_reasons = [
        f"{item.side.value} {MYOTOME[Root(item.site)]} power {item.value}/5 (MRC 3 or less)"
        for item in abnormalities
        if item.kind == NeuroKind.POWER and MrcGrade.parse(item.value).grade <= 3
    ]
    worsening = tuple(_worsening(previous, screen)) if previous is not None else ()
    n1_reasons.extend(f"worsening deficit: {text}" for text in worsening)
    return NeuroAssessment(
        deficit=deficit,
        abnormalities=abnormalities,
        localisations=localisations,
        bilateral=bool(by_side[Side.LEFT]) and bool(by_side[Side.RIGHT]),
        raises_n1=bool(n1_reasons),
        n1_reasons=tuple(n1_reasons),
        worsening=worsening,
        upper_motor_neuron_signs=any(
            item.kind == NeuroKind.REFLEX and not item.roots for item in abnormalities
        ),
    )


def neuro_deficit(screen: NeuroScreen) -> bool:
    """Return True for any MRC <= 4, any reflex asymmetry or any sensory change."""
    return assess_neuro(screen).deficit


def localisation_text(loc: RootLocalisation) -> str:
    """Describe one side's findings and the root they are consistent with, in plain words."""
    phrases = join_words(item.phrase for item in loc.evidence)
    if loc.fits_single_root:
        roots = join_words((r.value for r in loc.roots), "or")
        return f"{phrases}: consistent with {loc.side.value} {roots}"
    roots = join_words(r.value for r in loc.implicated)
    return (
        f"{phrases}: points to more than one root ({roots}) on the {loc.side.value}; "
        "review for multilevel or non-root causes"
    )
