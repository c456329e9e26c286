"""Neurological screen (L2-S1): deficit detection, root localisation, bilateral signs and N1.

The recording model (roots, grades, ``SideNeuro``, ``NeuroScreen``) lives in ``neuro_model`` and is
re-exported here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from itertools import combinations

from clinic_app.domain._validation import join_words
from clinic_app.domain.exam.neuro_model import (
    DERMATOME,
    MYOTOME,
    POWER_ROOTS,
    REFLEX_NAMES,
    REFLEX_ROOTS,
    SENSATION_RANK,
    SENSATION_ROOTS,
    MrcGrade,
    MrcModifier,
    NeuroScreen,
    Reflex,
    ReflexGrade,
    Root,
    Sensation,
    SideNeuro,
    SpinalRoot,
)
from clinic_app.domain.exam.rules import Side

__all__ = [
    "DERMATOME",
    "MYOTOME",
    "POWER_ROOTS",
    "REFLEX_ROOTS",
    "SENSATION_ROOTS",
    "UMN_ADVICE",
    "MrcGrade",
    "MrcModifier",
    "NeuroAbnormality",
    "NeuroAssessment",
    "NeuroKind",
    "NeuroScreen",
    "Reflex",
    "ReflexGrade",
    "Root",
    "RootLocalisation",
    "Sensation",
    "SideNeuro",
    "SpinalRoot",
    "assess_neuro",
    "localisation_text",
    "neuro_deficit",
]


UMN_ADVICE = (
    "Upper motor neuron signs are a cord sign, not a nerve-root sign: URGENT same-day medical review "
    "for possible myelopathy or spinal cord compression."
)
"""What upper motor neuron signs call for (CLINICAL.md C2); one wording for every screen."""


class NeuroKind(enum.StrEnum):
    """Which part of the screen an abnormality comes from."""

    POWER = "power"
    SENSATION = "sensation"
    REFLEX = "reflex"


@dataclass(frozen=True, slots=True)
class NeuroAbnormality:
    """One abnormal item, the roots it points to and a plain-words phrase."""

    side: Side
    kind: NeuroKind
    site: str
    value: str
    roots: tuple[SpinalRoot, ...]
    phrase: str
    upper_motor_neuron: bool = False


@dataclass(frozen=True, slots=True)
class RootLocalisation:
    """Root(s) on one side that explain every root-related abnormality, if any.

    ``roots`` are the roots shared by every finding (single level); ``implicated`` every root any
    finding supports; ``fewest`` the smallest sets of roots that together explain all findings.
    """

    side: Side
    roots: tuple[SpinalRoot, ...]
    implicated: tuple[SpinalRoot, ...]
    evidence: tuple[NeuroAbnormality, ...]
    fewest: tuple[tuple[SpinalRoot, ...], ...] = ()

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
    umn_reasons: tuple[str, ...] = ()

    @property
    def ask_cauda_equina_questions(self) -> bool:
        """Return True when root (lower motor neuron) signs on both sides call for CE1-CE6.

        Upper motor neuron signs are a cord sign: they never send the clinician to CE1-CE6 (C2).
        """
        return self.bilateral


def _power_abnormalities(side: Side, screen: SideNeuro) -> list[NeuroAbnormality]:
    """MRC <= 4 is abnormal; the movement supports every root of its overlapping map."""
    out = []
    for root in Root:
        grade = screen.power.get(root)
        if grade is not None and grade.grade <= 4:
            word = f"no active {MYOTOME[root]}" if grade.grade == 0 else f"weak {MYOTOME[root]}"
            out.append(
                NeuroAbnormality(side, NeuroKind.POWER, root.value, str(grade), POWER_ROOTS[root], word)
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
                "hypersensitivity on" if sense == Sensation.HYPERSENSITIVE else f"{sense.value} sensation on"
            )
            out.append(
                NeuroAbnormality(side, NeuroKind.SENSATION, root.value, sense.value,
                                 SENSATION_ROOTS[root], f"{lead} {where}")
            )
    return out


def _reflex_abnormalities(screen: NeuroScreen) -> tuple[list[NeuroAbnormality], bool, list[str]]:
    """Reflex findings, whether any reflex is asymmetric, and the upper motor neuron signs (C2).

    A reduced or absent reflex (compared with the other side) points to its roots. Grade 4+
    (very brisk, with clonus) on either side, or 3+ or more on both sides (bilateral
    hyperreflexia), is an upper motor neuron sign. A brisk reflex on one side only is recorded
    as a non-root sign.
    """
    out: list[NeuroAbnormality] = []
    umn: list[str] = []
    asymmetric = False
    for reflex in Reflex:
        left, right = screen.left.reflexes.get(reflex), screen.right.reflexes.get(reflex)
        name = REFLEX_NAMES[reflex]
        pair = f"left {left or 'not tested'}, right {right or 'not tested'}"
        both_brisk = left is not None and right is not None and min(left.level, right.level) >= 3
        clonus = [side.value for side, g in ((Side.LEFT, left), (Side.RIGHT, right))
                  if g == ReflexGrade.CLONUS]
        if both_brisk and len(clonus) == 2:
            umn.append(f"very brisk {name} reflexes with clonus on both sides ({pair})")
        elif both_brisk:
            with_clonus = f", with clonus on the {clonus[0]}" if clonus else ""
            umn.append(f"brisk {name} reflexes on both sides{with_clonus} ({pair})")
        elif clonus:
            umn.append(f"very brisk {clonus[0]} {name} reflex with clonus ({pair})")
        for side, grade, other in ((Side.LEFT, left, right), (Side.RIGHT, right, left)):
            if grade is None:
                continue
            if other is not None and other != grade:
                asymmetric = True
            if grade == ReflexGrade.CLONUS:
                text = f"very brisk {side.value} {name} reflex with clonus ({pair})"
                out.append(_umn_item(side, reflex, grade, text))
            elif both_brisk:
                out.append(_umn_item(side, reflex, grade, f"brisk {side.value} {name} reflex ({pair})"))
            elif other is None or other == grade:
                continue
            elif grade.level < other.level and grade.level < 2:
                word = "absent" if grade.level == 0 else "reduced"
                text = f"{word} {side.value} {name} reflex ({pair})"
                out.append(
                    NeuroAbnormality(
                        side, NeuroKind.REFLEX, reflex.value, grade.value, REFLEX_ROOTS[reflex], text
                    )
                )
            elif grade.level > other.level and grade.level > 2:
                text = f"brisk {side.value} {name} reflex ({pair})"
                out.append(NeuroAbnormality(side, NeuroKind.REFLEX, reflex.value, grade.value, (), text))
    return out, asymmetric, umn


def _umn_item(side: Side, reflex: Reflex, grade: ReflexGrade, text: str) -> NeuroAbnormality:
    return NeuroAbnormality(side, NeuroKind.REFLEX, reflex.value, grade.value, (), text, True)


def _fewest_roots(rooted: list[NeuroAbnormality],
                  implicated: tuple[SpinalRoot, ...]) -> list[tuple[SpinalRoot, ...]]:
    """The smallest sets of roots such that every finding supports at least one root of the set."""
    for size in range(1, len(implicated) + 1):
        found = [
            combo
            for combo in combinations(implicated, size)
            if all(any(r in item.roots for r in combo) for item in rooted)
        ]
        if found:
            return found
    return []


def _localise(side: Side, items: list[NeuroAbnormality]) -> RootLocalisation | None:
    """Find the roots shared by every root-related abnormality on one side (overlapping maps, C1)."""
    rooted = [item for item in items if item.roots]
    if not rooted:
        return None
    implicated = tuple(r for r in SpinalRoot if any(r in item.roots for item in rooted))
    explaining = tuple(r for r in implicated if all(r in item.roots for item in rooted))
    fewest = () if explaining else tuple(_fewest_roots(rooted, implicated))
    return RootLocalisation(side, explaining, implicated, tuple(rooted), fewest)


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
            if old_sense is not None and SENSATION_RANK[sense] > SENSATION_RANK[old_sense]:
                out.append(f"{side.value} {root.value} sensation worsened from {old_sense} to {sense}")
        for reflex, rgrade in now.reflexes.items():
            old_grade = before.reflexes.get(reflex)
            if old_grade is not None and rgrade.level < 2 and rgrade.level < old_grade.level:
                out.append(f"{side.value} {REFLEX_NAMES[reflex]} reflex fell from {old_grade} to {rgrade}")
    return out


def assess_neuro(screen: NeuroScreen, previous: NeuroScreen | None = None) -> NeuroAssessment:
    """Detect deficit (MRC <= 4, reflex asymmetry, sensory change); localise roots; flag CE, N1, UMN."""
    reflex_items, asymmetric, umn = _reflex_abnormalities(screen)
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
        loc for side in (Side.LEFT, Side.RIGHT) if (loc := _localise(side, by_side[side])) is not None
    )
    n1_reasons = [
        f"{item.side.value} {MYOTOME[Root(item.site)]} power {item.value}/5 (MRC 3 or less)"
        for item in abnormalities
        if item.kind == NeuroKind.POWER and MrcGrade.parse(item.value).grade <= 3
    ]
    worsening = tuple(_worsening(previous, screen)) if previous is not None else ()
    n1_reasons.extend(f"worsening deficit: {text}" for text in worsening)
    root_signs = {side: any(item.roots for item in items) for side, items in by_side.items()}
    return NeuroAssessment(
        deficit=deficit,
        abnormalities=abnormalities,
        localisations=localisations,
        bilateral=root_signs[Side.LEFT] and root_signs[Side.RIGHT],
        raises_n1=bool(n1_reasons),
        n1_reasons=tuple(n1_reasons),
        worsening=worsening,
        upper_motor_neuron_signs=bool(umn),
        umn_reasons=tuple(umn),
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
    options = ", or ".join(join_words(r.value for r in combo) for combo in loc.fewest)
    count = {2: "two", 3: "three", 4: "four"}.get(len(loc.fewest[0]) if loc.fewest else 0, "several")
    return (
        f"{phrases}: no single root explains all the findings on the {loc.side.value}, so more than "
        f"one root is involved (at least {count}: {options}); review for multilevel or non-root causes"
    )
