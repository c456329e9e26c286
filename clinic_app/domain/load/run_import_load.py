"""Imported runs in the load history: merging into the intake, data coverage, recent spikes.

The load metrics themselves are the existing ones (``intake_rules.load_picture``: uncoupled ACWR,
week-over-week change, single-run spike); this module only feeds them and says what they rest on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from clinic_app.domain.intake.record import Intake, RunLog, Surface, WeekLoad
from clinic_app.domain.load.training import (
    SpikeBand,
    longest_run_previous_30d,
    session_spike_pct,
    spike_band,
    week_start,
)
from clinic_app.domain.settings import ClinicalSettings

WATCH_SOURCES = frozenset({"fit", "gpx", "tcx"})
LOAD_METHOD = ("Method: weekly totals are Monday-to-Sunday sums of the runs; ACWR is uncoupled "
               "(this week ÷ mean of the 3 weeks before); the single-run spike compares the latest "
               "run with the longest run of the previous 30 days.")
LOAD_CAVEAT = "These are monitoring aids, not risk predictions."
SURFACE_OF_SUB_SPORT = {"treadmill": Surface.TREADMILL, "indoor_running": Surface.TREADMILL,
                        "trail": Surface.TRAIL, "track": Surface.TRACK,
                        "street": Surface.ROAD_ASPHALT}


@dataclass(frozen=True, slots=True)
class WeekChange:
    """A week of the weekly table that the import sets from the runs."""

    week_start: date
    before_km: float | None
    after_km: float
    runs: int


@dataclass(frozen=True, slots=True)
class Merge:
    """The intake after an import, and what changed in the weekly table."""

    intake: Intake
    added: int
    weeks: tuple[WeekChange, ...]


def _week_of(runs: Iterable[RunLog]) -> dict[date, list[RunLog]]:
    by_week: dict[date, list[RunLog]] = {}
    for run in runs:
        by_week.setdefault(week_start(run.date), []).append(run)
    return by_week


def merge_runs(intake: Intake, new_runs: Sequence[RunLog]) -> Merge:
    """Add runs to the session log and set each week they fall in to the sum of that week's runs.

    Weeks without a new run keep what was typed. A week with new runs is the sum of every run
    logged in it (typed and imported), so a run is never counted twice.
    """
    log = tuple(sorted((*intake.session_log, *new_runs),
                       key=lambda r: (r.date, r.started_at.isoformat() if r.started_at else "")))
    by_week = _week_of(log)
    typed = {w.week_start: w for w in intake.weekly_history}
    touched = sorted({week_start(r.date) for r in new_runs})
    changes: list[WeekChange] = []
    weeks = dict(typed)
    for monday in touched:
        runs = by_week[monday]
        km = round(sum(r.distance_km for r in runs), 2)
        minutes = [r.duration_min for r in runs if r.duration_min is not None]
        weeks[monday] = WeekLoad(monday, km, sum(minutes) if minutes else None, len(runs))
        before = typed.get(monday)
        changes.append(WeekChange(monday, before.distance_km if before else None, km, len(runs)))
    merged = intake.with_changes(session_log=log,
                                 weekly_history=tuple(weeks[k] for k in sorted(weeks)))
    return Merge(merged, len(new_runs), tuple(changes))


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of the load history rests on watch files."""

    runs: int
    first_week: date
    last_week: date
    weeks: int
    empty_weeks: tuple[date, ...]


def watch_coverage(intake: Intake) -> Coverage | None:
    """Runs from watch files, the weeks they span, and the weeks in between without any."""
    imported = [r for r in intake.session_log if r.source in WATCH_SOURCES]
    if not imported:
        return None
    mondays = {week_start(r.date) for r in imported}
    first, last = min(mondays), max(mondays)
    span = (last - first).days // 7 + 1
    empty = tuple(first + timedelta(weeks=n) for n in range(span)
                  if first + timedelta(weeks=n) not in mondays)
    return Coverage(len(imported), first, last, span, empty)


def _day(d: date) -> str:
    return f"{d.day} {d.strftime('%b %Y')}"


def coverage_text(coverage: Coverage, today: date) -> str:
    """E.g. "Based on 41 runs from watch files over 6 weeks (…); 3 weeks had no watch data (…)"."""
    runs = "1 run" if coverage.runs == 1 else f"{coverage.runs} runs"
    weeks = "1 week" if coverage.weeks == 1 else f"{coverage.weeks} weeks"
    text = (f"Based on {runs} from watch files over {weeks} "
            f"({_day(coverage.first_week)} – {_day(coverage.last_week + timedelta(days=6))})")
    gaps = coverage.empty_weeks
    if gaps:
        listed = ", ".join(f"{g.day} {g.strftime('%b')}" for g in gaps[:6]) + ("…" if len(gaps) > 6 else "")
        one = len(gaps) == 1
        text += (f"; {len(gaps)} week{'' if one else 's'} had no watch data (week{'' if one else 's'} "
                 f"of {listed}) and count{'s' if one else ''} as 0 km unless typed in the weekly table")
    else:
        text += "; every week in that span has watch data"
    behind = (week_start(today) - coverage.last_week).days // 7
    if behind > 0:
        weeks_behind = "week" if behind == 1 else f"{behind} weeks"
        text += (f". No watch data for the last {weeks_behind}: the metrics stop at the last week "
                 "in the table")
    return text + "."


@dataclass(frozen=True, slots=True)
class SpikeRun:
    """A run above the reference band against the longest run of its previous 30 days."""

    date: date
    distance_km: float
    pct: float
    band: SpikeBand


def recent_spikes(runs: Sequence[RunLog], today: date, days: int = 28,
                  settings: ClinicalSettings | None = None) -> list[SpikeRun]:
    """Runs of the last ``days`` days that spiked (uses the same spike rule as the intake)."""
    out: list[SpikeRun] = []
    for run in sorted(runs, key=lambda r: r.date):
        if not today - timedelta(days=days) < run.date <= today:
            continue
        pct = session_spike_pct(run.distance_km, longest_run_previous_30d(runs, run.date))
        if pct is None:
            continue
        band = spike_band(pct, settings)
        if band != SpikeBand.WITHIN:
            out.append(SpikeRun(run.date, run.distance_km, pct, band))
    return out
