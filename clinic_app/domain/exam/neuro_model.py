"""Neurological screen data: roots, reflex and MRC grades, sensation, and per-side recordings."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from clinic_app.domain._validation import check_int, coerce_enum
from clinic_app.domain.errors import InvalidValue
from clinic_app.domain.exam.rules import Side
from clinic_app.domain.messages import msg


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

class SpinalRoot(enum.StrEnum):
    """A root a finding can point to: the screened roots plus S2 (plantarflexion), which is not screened.

    Members compare equal to the ``Root`` of the same name (both are strings).
    """

    L2 = "L2"
    L3 = "L3"
    L4 = "L4"
    L5 = "L5"
    S1 = "S1"
    S2 = "S2"


_L2, _L3, _L4, _L5, _S1, _S2 = SpinalRoot
POWER_ROOTS: dict[Root, tuple[SpinalRoot, ...]] = {
    Root.L2: (_L2, _L3),
    Root.L3: (_L3, _L4),
    Root.L4: (_L4, _L5),
    Root.L5: (_L5,),
    Root.S1: (_S1, _S2),
}
"""Overlapping root map of each key movement (CLINICAL.md C1): weak knee extension supports L3 and L4."""

SENSATION_ROOTS: dict[Root, tuple[SpinalRoot, ...]] = {root: (SpinalRoot(root.value),) for root in Root}
"""Each sensory test site belongs to one root (medial leg L4; dorsum of foot L5; lateral foot S1)."""

REFLEX_ROOTS: dict[Reflex, tuple[SpinalRoot, ...]] = {
    Reflex.PATELLAR: (_L3, _L4),
    Reflex.ACHILLES: (_S1,),
    Reflex.MEDIAL_HAMSTRING: (_L5,),
}
"""Roots each reflex depends on."""

REFLEX_NAMES: dict[Reflex, str] = {
    Reflex.PATELLAR: "patellar",
    Reflex.ACHILLES: "Achilles",
    Reflex.MEDIAL_HAMSTRING: "medial hamstring",
}
"""Display names of the reflexes."""

SENSATION_RANK: dict[Sensation, int] = {
    Sensation.NORMAL: 0,
    Sensation.HYPERSENSITIVE: 1,
    Sensation.REDUCED: 1,
    Sensation.ABSENT: 2,
}
"""Severity order of sensory change, used to detect worsening."""


@dataclass(frozen=True, slots=True)
class MrcGrade:
    """MRC (Oxford) power grade 0-5 with an optional modifier on grades 1-4 (e.g. '4-')."""

    grade: int
    modifier: MrcModifier | None = None

    def __post_init__(self) -> None:
        """Validate grade and modifier."""
        check_int(self.grade, "MRC grade", 0, 5)
        if self.modifier is not None:
            object.__setattr__(self, "modifier", coerce_enum(MrcModifier, self.modifier, "MRC modifier"))
            if not 1 <= self.grade <= 4:
                raise InvalidValue(
                    msg("exam.neuro_model.mrc_modifier_allowed_grades_1",
                        grade=self.grade, modifier=self.modifier)
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
            raise InvalidValue(msg("exam.neuro_model.must_0_5_with_optional",
                                   field_name=field_name, value=value))
        return cls(check_int(value, field_name, 0, 5))

    @property
    def score(self) -> float:
        """Return an ordinal value for comparisons (4- < 4 < 4+)."""
        return self.grade + {None: 0.0, MrcModifier.MINUS: -0.3, MrcModifier.PLUS: 0.3}[self.modifier]

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

    @classmethod
    def from_values(
        cls,
        power: Mapping[Any, object] | None = None,
        sensation: Mapping[Any, object] | None = None,
        reflexes: Mapping[Any, object] | None = None,
    ) -> SideNeuro:
        """Build from loosely typed values: enum members or their text, ints or '4-' for grades."""
        return cls(
            power=cast("Mapping[Root, MrcGrade]", power or {}),
            sensation=cast("Mapping[Root, Sensation]", sensation or {}),
            reflexes=cast("Mapping[Reflex, ReflexGrade]", reflexes or {}),
        )


@dataclass(frozen=True, slots=True)
class NeuroScreen:
    """Left and right neurological screen."""

    left: SideNeuro = field(default_factory=SideNeuro)
    right: SideNeuro = field(default_factory=SideNeuro)

    def side(self, side: Side) -> SideNeuro:
        """Return the screen for the left or right side."""
        return self.left if side == Side.LEFT else self.right
