"""Which backups to keep: the newest of each of the last 7 days, 4 weeks and 12 months."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import datetime

DAILY = 7
WEEKLY = 4
MONTHLY = 12


def backups_to_keep(made: Iterable[datetime], *, daily: int = DAILY, weekly: int = WEEKLY,
                    monthly: int = MONTHLY) -> set[datetime]:
    """The backup times to keep: for each of the newest ``daily`` days that have a backup, the
    newest backup of that day; likewise for ISO weeks and calendar months. The newest backup
    is always kept."""
    ordered = sorted(set(made), reverse=True)
    keep: set[datetime] = set(ordered[:1])
    buckets: tuple[tuple[int, Callable[[datetime], Hashable]], ...] = (
        (daily, lambda t: t.date()),
        (weekly, lambda t: t.isocalendar()[:2]),
        (monthly, lambda t: (t.year, t.month)),
    )
    for count, bucket in buckets:
        seen: list[Hashable] = []
        for stamp in ordered:
            key = bucket(stamp)
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            keep.add(stamp)
    return keep
