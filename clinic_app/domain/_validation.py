"""Shared input checks that raise ValueError with clinician-readable messages."""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from typing import TypeVar

from clinic_app.domain.errors import InvalidValue
from clinic_app.domain.messages import msg

E = TypeVar("E", bound=enum.StrEnum)


def _fmt(value: float) -> str:
    """Format a bound without a trailing .0 for whole numbers."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}"


def check_int(value: object, field: str, lo: int | None = None, hi: int | None = None) -> int:
    """Return ``value`` as an int or raise ValueError naming ``field`` and the allowed range."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(msg("validation.must_whole_number_got",
                               field=field, value=_range_text(lo, hi), value2=value))
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise InvalidValue(msg("validation.must_got", field=field, value=_range_body(lo, hi), value2=value))
    return value


def check_number(value: object, field: str, lo: float | None = None, hi: float | None = None) -> float:
    """Return ``value`` as a finite float or raise ValueError naming ``field`` and the range."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValue(msg("validation.must_number_got",
                               field=field, value=_range_text(lo, hi), value2=value))
    number = float(value)
    if not math.isfinite(number):
        raise InvalidValue(msg("validation.must_finite_number_got",
                               field=field, value=_range_text(lo, hi), value2=value))
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        raise InvalidValue(msg("validation.must_got",
                               field=field, value=_range_body(lo, hi), value2=_fmt(number)))
    return number


def check_bool(value: object, field: str) -> bool:
    """Return ``value`` as a bool (a bool, or the integers 0 and 1), else raise ValueError."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise InvalidValue(msg("validation.must_true_false_got", field=field, value=value))


def check_optional_bool(value: object, field: str) -> bool | None:
    """Return ``value`` if it is a bool or None (not asked), else raise ValueError."""
    if value is None:
        return None
    if not isinstance(value, bool):
        raise InvalidValue(msg("validation.must_true_false_not_asked", field=field, value=value))
    return value


def coerce_enum(enum_cls: type[E], value: object, field: str) -> E:
    """Return the member of ``enum_cls`` given either the member or its string value."""
    if isinstance(value, enum_cls):
        return value
    if isinstance(value, str):
        try:
            return enum_cls(value)
        except ValueError:
            pass
    allowed = ", ".join(member.value for member in enum_cls)
    raise InvalidValue(msg("validation.must_one_got", field=field, allowed=allowed, value=value))


def _range_body(lo: float | None, hi: float | None) -> str:
    """Describe an allowed range such as ``0-5`` or ``at least 0``."""
    if lo is not None and hi is not None:
        return f"{_fmt(lo)}-{_fmt(hi)}"
    if lo is not None:
        return f"at least {_fmt(lo)}"
    if hi is not None:
        return f"at most {_fmt(hi)}"
    return "valid"


def _range_text(lo: float | None, hi: float | None) -> str:
    """Describe an allowed range as a suffix, or nothing when unbounded."""
    if lo is None and hi is None:
        return ""
    return f" ({_range_body(lo, hi)})"


def join_words(words: Iterable[str], conjunction: str = "and") -> str:
    """Join words as ``a``, ``a and b`` or ``a, b and c``."""
    items = list(words)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def fmt_num(value: float, places: int = 1) -> str:
    """Format a number with fixed decimal places (used in explanations)."""
    return f"{value:.{places}f}"


def fmt_signed(value: float, places: int = 1) -> str:
    """Format a number with an explicit sign."""
    return f"{value:+.{places}f}"


EPSILON = 1e-9
"""Tolerance for threshold comparisons on computed floats (e.g. 6.33 - 4.00 against 2.3)."""
