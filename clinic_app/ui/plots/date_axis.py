"""A bottom axis for x in days since 1970-01-01: day, week, month or year ticks by zoom level."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta

from typing_extensions import override

from clinic_app.ui.plots import palette
from clinic_app.ui.plots._pg import pg
from clinic_app.ui.plots.prepare import from_day, to_day

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_DAYS = 30.44
_YEAR_DAYS = 365.25
# (unit, count, minimum pixels between labelled ticks)
_STEPS: tuple[tuple[str, int, float], ...] = (
    ("day", 1, 64), ("day", 2, 64), ("week", 1, 64), ("week", 2, 64), ("week", 4, 64),
    ("month", 1, 70), ("month", 2, 70), ("month", 3, 70), ("month", 6, 70),
    ("year", 1, 48), ("year", 2, 48), ("year", 5, 48), ("year", 10, 48), ("year", 50, 48),
)
_FIRST, _LAST = date(1, 1, 1), date(9998, 12, 1)


def _approx_days(unit: str, count: int) -> float:
    return {"day": 1.0, "week": 7.0, "month": _MONTH_DAYS, "year": _YEAR_DAYS}[unit] * count


def tick_dates(unit: str, count: int, first: date, last: date) -> list[date]:
    """Dates of ticks of one step between two dates, aligned to calendar boundaries."""
    out: list[date] = []
    if unit in ("day", "week"):
        step = count * (7 if unit == "week" else 1)
        if unit == "week":  # Mondays, every ``count`` weeks since an epoch Monday
            base = date(1970, 1, 5)
            k = math.ceil((first - base).days / step)
            day = base + timedelta(days=k * step)
        else:
            day = first + timedelta(days=(-to_day(first)) % step)
        while day <= last:
            out.append(day)
            day += timedelta(days=step)
    elif unit == "month":
        index = first.year * 12 + first.month - 1
        index += (-index) % count
        if date(index // 12, index % 12 + 1, 1) < first:
            index += count
        while (d := date(index // 12, index % 12 + 1, 1)) <= last:
            out.append(d)
            index += count
    else:
        year = first.year + (-first.year) % count
        if date(year, 1, 1) < first:
            year += count
        while year <= last.year:
            out.append(date(year, 1, 1))
            year += count
    return out


def _label(unit: str, d: date, with_year: bool) -> str:
    if unit == "year":
        return str(d.year)
    if unit == "month":
        return f"{_MONTHS[d.month - 1]} {d.year}" if with_year else _MONTHS[d.month - 1]
    text = f"{d.day} {_MONTHS[d.month - 1]}"
    return f"{text} {d.year}" if with_year else text


class DateAxis(pg.AxisItem):  # type: ignore[misc]
    """Dates on a day-based x axis; the first label and each new year carry the year."""

    def __init__(self, orientation: str = "bottom", **kwargs: object) -> None:
        super().__init__(orientation, **kwargs)
        self._formats: dict[float, Callable[[list[float]], list[str]]] = {}
        self.setStyle(tickFont=palette.tick_font(), maxTextLevel=0, tickTextOffset=4)
        self.setPen(palette.AXIS)
        self.setTextPen(palette.TEXT)

    def step_for(self, span_days: float, pixels: float) -> tuple[str, int]:
        """The finest calendar step whose labels do not crowd."""
        per_day = pixels / span_days if span_days > 0 else pixels
        for unit, count, min_px in _STEPS:
            if _approx_days(unit, count) * per_day >= min_px:
                return unit, count
        return _STEPS[-1][0], _STEPS[-1][1]

    @override
    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        lo, hi = min(minVal, maxVal), max(minVal, maxVal)
        first = max(from_day(math.floor(lo)), _FIRST)
        last = min(from_day(math.ceil(hi)), _LAST)
        unit, count = self.step_for(hi - lo, size)
        major = [v for v in (to_day(d) for d in tick_dates(unit, count, first, last)) if lo <= v <= hi]
        spacing = _approx_days(unit, count)
        self._formats = {spacing: lambda values: self._strings(unit, count, values)}
        levels = [(spacing, major)]
        minor = self._minor(unit, count, first, last, (hi - lo) and size / (hi - lo))
        if minor is not None:
            minor_spacing = _approx_days(*minor) * 0.999  # distinct key from the major level
            levels.append((minor_spacing, [to_day(d) for d in tick_dates(*minor, first, last)]))
        return levels

    def _minor(self, unit: str, count: int, first: date, last: date,
               per_day: float) -> tuple[str, int] | None:
        if unit == "year" and count <= 2 and per_day * _MONTH_DAYS >= 6:
            return "month", 1
        if unit == "month" and count > 1:
            return "month", 1
        if unit == "day" and count > 1:
            return "day", 1
        return None

    def _strings(self, unit: str, count: int, values: list[float]) -> list[str]:
        out: list[str] = []
        previous_year: int | None = None
        for v in values:
            d = from_day(v)
            new_year = previous_year is None or d.year != previous_year
            out.append(_label(unit, d, new_year))
            previous_year = d.year
        return out

    @override
    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        formatter = self._formats.get(spacing)
        return formatter(list(values)) if formatter else ["" for _ in values]
