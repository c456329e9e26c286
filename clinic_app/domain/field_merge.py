"""Keep mine after a conflict: the user's changes re-applied, field by field, on the newer record.

Two workstations edited the same record; the other saved first. ``merge(base, theirs, mine)``
takes what this workstation loaded (``base``), what the other saved (``theirs``) and what the user
is about to save (``mine``). A field the user did not change keeps the other workstation's value;
a field the user changed keeps the user's value, even when the other changed it too (a clash,
which the user sees listed before saving). Records are dataclasses (nested ones merge field by
field) or plain mappings; anything else — a list of exercises, a table of weeks — is one field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class FieldDifference:
    """One field that differs: the other workstation's value and what will be saved."""

    field: str
    """Dotted path of the field (``nprs.back_now``)."""
    theirs: Any
    saved: Any
    changed_by_them: bool
    changed_by_me: bool

    @property
    def clash(self) -> bool:
        """Both workstations changed this field: the user's value replaces theirs."""
        return self.changed_by_them and self.changed_by_me and self.theirs != self.saved


def _is_record(value: object) -> bool:
    return (dataclasses.is_dataclass(value) and not isinstance(value, type)) or isinstance(value, Mapping)


def _fields(record: Any) -> dict[str, Any]:
    if isinstance(record, Mapping):
        return dict(record)
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def _rebuild(like: Any, values: dict[str, Any]) -> Any:
    if isinstance(like, Mapping):
        return values
    return dataclasses.replace(like, **{k: v for k, v in values.items()
                                        if any(f.name == k and f.init for f in dataclasses.fields(like))})


def _merge(base: Any, theirs: Any, mine: Any, prefix: str,
           out: list[FieldDifference]) -> Any:
    if _is_record(mine) and _is_record(theirs) and type(mine) is type(theirs):
        mine_f, theirs_f = _fields(mine), _fields(theirs)
        base_f = _fields(base) if base is not None and type(base) is type(mine) else None
        merged: dict[str, Any] = {}
        for name in mine_f.keys() | theirs_f.keys():
            sub_base = base_f.get(name) if base_f is not None else None
            merged[name] = _merge(sub_base if base_f is not None else _UNKNOWN, theirs_f.get(name),
                                  mine_f.get(name), f"{prefix}{name}.", out)
        ordered = {name: merged[name] for name in [*mine_f, *(k for k in theirs_f if k not in mine_f)]}
        return _rebuild(mine, ordered)
    field = prefix[:-1]
    known = base is not _UNKNOWN
    by_me = mine != base if known else mine != theirs
    by_them = theirs != base if known else mine != theirs
    saved = mine if by_me else theirs
    if (by_me or by_them) and (saved != theirs or by_them):
        out.append(FieldDifference(field, theirs, saved, by_them, by_me))
    return saved


class _Unknown:
    def __repr__(self) -> str:
        return "<unknown>"


_UNKNOWN: Any = _Unknown()


def merge(base: R | None, theirs: R, mine: R) -> tuple[R, list[FieldDifference]]:
    """The record to save over ``theirs`` and every field that differs from ``theirs`` or ``base``.

    Without ``base`` (the editor did not keep what it loaded) every field the user's record
    differs in is the user's, and every other field keeps the other workstation's value.
    """
    out: list[FieldDifference] = []
    merged = _merge(base if base is not None else _UNKNOWN, theirs, mine, "", out)
    return merged, out
