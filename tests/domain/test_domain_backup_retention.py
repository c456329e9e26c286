"""Backup retention: the newest of each of the last 7 days, 4 ISO weeks and 12 months."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from clinic_app.domain.backup_retention import backups_to_keep


def _at(y: int, m: int, d: int, h: int = 12) -> datetime:
    return datetime(y, m, d, h, tzinfo=UTC)


@pytest.mark.parametrize(("made", "kept"), [
    ([], []),
    ([_at(2026, 11, 25)], [_at(2026, 11, 25)]),
    # two on one day: only the newest of that day
    ([_at(2026, 11, 25, 8), _at(2026, 11, 25, 18)], [_at(2026, 11, 25, 18)]),
    # 14 monthly backups: the 13th and 14th months back go
    ([_at(2025, m, 1) for m in range(10, 13)] + [_at(2026, m, 1) for m in range(1, 12)],
     [_at(2025, 12, 1)] + [_at(2026, m, 1) for m in range(1, 12)]),
])
def test_retention_vectors(made: list[datetime], kept: list[datetime]) -> None:
    assert backups_to_keep(made) == set(kept)


def test_a_year_of_daily_backups_keeps_at_most_23() -> None:
    start = _at(2026, 11, 25)
    made = [start - timedelta(days=n) for n in range(365)]
    kept = backups_to_keep(made)
    assert start in kept and len(kept) <= 7 + 4 + 12
    assert all(start - timedelta(days=n) in kept for n in range(7))
    assert start - timedelta(days=364) not in kept
