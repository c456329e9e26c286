"""Building blocks of the caseload statement: the selection, JSON reads and summary rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    Float,
    String,
    case,
    cast,
    func,
    literal,
    null,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import JSONB

from clinic_app.domain.caseload import Presentation


@dataclass(frozen=True, slots=True)
class Selection:
    """Which episodes count: started in the range, seen first by the clinician, and so on."""

    start: date
    end: date
    clinician_id: int | None = None
    presentation: Presentation | None = None
    startback: str | None = None
    """A :class:`StartBackRisk` value, ``NOT_RECORDED``, or None for every episode."""


class Json:
    """JSON values read from a text column, in the dialect's own way."""

    def __init__(self, dialect: str, column: Any) -> None:
        self._pg = dialect == "postgresql"
        self._doc = cast(column, JSONB) if self._pg else type_coerce(column, JSON)
        self._raw = column

    def text(self, *path: str | int) -> ColumnElement[Any]:
        return self._doc[path].as_string()  # type: ignore[no-any-return]

    def integer(self, *path: str | int) -> ColumnElement[Any]:
        return self._doc[path].as_integer()  # type: ignore[no-any-return]

    def number(self, *path: str | int) -> ColumnElement[Any]:
        return self._doc[path].as_float()  # type: ignore[no-any-return]

    def flag(self, *path: str | int) -> ColumnElement[Any]:
        """1 when the value is JSON true, else 0."""
        if self._pg:
            return case((self._doc[path].as_string() == "true", 1), else_=0)
        return case((self._doc[path].as_integer() == 1, 1), else_=0)

    def array_length(self, *path: str) -> ColumnElement[Any]:
        """Length of the array at ``path``; NULL when it is null or absent."""
        if self._pg:
            part = self._doc[path]
            return case((func.jsonb_typeof(part) == "array", func.jsonb_array_length(part)))
        where = "$." + ".".join(path)
        return case((func.json_type(self._raw, where) == "array",
                     func.json_array_length(self._raw, where)))


def days_between(dialect: str, later: Any, earlier: Any) -> ColumnElement[Any]:
    if dialect == "postgresql":
        return cast(later - earlier, Float)  # type: ignore[no-any-return]
    return func.julianday(later) - func.julianday(earlier)


def _f(value: Any) -> ColumnElement[Any]:
    return cast(null() if value is None else value, Float)


def row(part: str, key: Any, *values: Any) -> list[ColumnElement[Any]]:
    """The statement's five columns: part, key, a, b, c, d (numbers)."""
    padded = list(values) + [None] * (4 - len(values))
    label = key if isinstance(key, ColumnElement) else cast(literal(key), String)
    return [cast(literal(part), String).label("part"), label.label("key"),
            *(_f(v).label(n) for v, n in zip(padded, "abcd", strict=True))]
