"""The neuro grid's cells without Qt: keys, typed-code parsing, Tab order, normal values.

Cell keys (stored by the exam form): ``sensation.<side>.<root>`` e.g. ``sensation.left.L5``;
``power.<side>.<root>`` e.g. ``power.right.S1``; ``reflex.<side>.<reflex>`` e.g.
``reflex.left.patellar``. ``CELL_KEYS`` lists all 26 in Tab order.
"""

from __future__ import annotations

from dataclasses import dataclass

from clinic_app.domain.exam.neuro_model import MrcGrade, NeuroScreen, Reflex, ReflexGrade, Root, Sensation
from clinic_app.domain.exam.rules import Side

Value = Sensation | MrcGrade | ReflexGrade
REFLEXES = (Reflex.PATELLAR, Reflex.ACHILLES, Reflex.MEDIAL_HAMSTRING)


def cell_key(kind: str, side: Side, item: Root | Reflex) -> str:
    """Return the key of one cell, e.g. ``power.left.L5``."""
    return f"{kind}.{side.value}.{item.value}"


def parse_cell(kind: str, text: str) -> Value | None:
    """Read typed text for a ``sensation``/``power``/``reflex`` cell; '' is None; raise ValueError."""
    code = text.strip().lower().replace("\u2212", "-")
    if not code:
        return None
    if kind == "sensation":
        for sensation in Sensation:
            if sensation.value.startswith(code):
                return sensation
        raise ValueError(f"not a sensation code: {text!r}")
    if kind == "power":
        return MrcGrade.parse(code)
    if code in ("0", "1", "2", "3", "4"):
        return ReflexGrade("0" if code == "0" else f"{code}+")
    return ReflexGrade(code)


def screen_value(screen: NeuroScreen, kind: str, side: Side, item: Root | Reflex) -> Value | None:
    """Return one recorded value of a screen, or None when it was not tested."""
    sided = screen.side(side)
    if kind == "reflex":
        return sided.reflexes.get(Reflex(item))
    return sided.power.get(Root(item)) if kind == "power" else sided.sensation.get(Root(item))


@dataclass(frozen=True, slots=True)
class CellSpec:
    """One editable cell: key, kind, side, root or reflex, and its table, row and column."""

    key: str
    kind: str
    side: Side
    item: Root | Reflex
    table: int
    row: int
    col: int


def _build_specs() -> tuple[CellSpec, ...]:
    """Every editable cell in Tab order: across then down, the reflex table last."""
    specs = [CellSpec(cell_key(kind, side, root), kind, side, root, 0, row, col)
             for row, root in enumerate(Root)
             for kind, col, side in (("sensation", 1, Side.LEFT), ("sensation", 2, Side.RIGHT),
                                     ("power", 4, Side.LEFT), ("power", 5, Side.RIGHT))]
    specs += [CellSpec(cell_key("reflex", side, reflex), "reflex", side, reflex, 1, row, col)
              for row, reflex in enumerate(REFLEXES) for col, side in ((1, Side.LEFT), (2, Side.RIGHT))]
    return tuple(specs)


SPECS = _build_specs()
CELL_KEYS: tuple[str, ...] = tuple(spec.key for spec in SPECS)
NORMAL_VALUES: dict[str, Value] = {
    "sensation": Sensation.NORMAL, "power": MrcGrade(5), "reflex": ReflexGrade.NORMAL}
