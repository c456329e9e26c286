"""Helpers for the appointment-book tests: local times on the pinned test day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from tests.conftest import TODAY


def at(hour: int, minute: int = 0, day: date = TODAY, days: int = 0) -> datetime:
    """``hour:minute`` on ``day`` (+ ``days``) in the workstation's time zone, aware."""
    return datetime.combine(day + timedelta(days=days), time(hour, minute)).astimezone()
