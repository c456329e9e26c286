"""Activities read from watch files: what counts as a run, moving time, climb, duplicates.

Pure functions of plain data. The parsers (services/run_import_*.py) turn FIT, GPX and TCX
bytes into ``Activity`` values; this module decides which of them are new runs.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

STOPPED_BELOW_MPS = 1.0
"""Without timer events, stretches slower than 3.6 km/h count as stopped (walk breaks still move)."""
CLIMB_HYSTERESIS_M = 3.0
"""Altitude must rise this much before it counts as climb (GPS altitude is noisy)."""
DUPLICATE_START_S = 60.0
DUPLICATE_DISTANCE_PCT = 3.0
RUN_PACE_RANGE_S_PER_KM = (150.0, 540.0)
"""2:30 to 9:00 min/km: an activity whose file does not name the sport counts as a run in this range."""
MIN_RUN_KM = 0.1
MAX_RUN_KM = 250.0
MIN_MOVING_SHARE = 0.6
"""Without a named sport, a run must be moving for most of its elapsed time (not a walk with stops)."""
MAX_RUN_HOURS = 50.0
EARTH_RADIUS_M = 6_371_008.8
_FORMAT_RANK = {"fit": 0, "tcx": 1, "gpx": 2}  # the richer file wins when two hold one run

RUNNING_SPORTS = frozenset({
    "running", "run", "trail_running", "treadmill_running", "street_running", "track_running",
    "indoor_running", "virtual_run", "virtualrun", "trailrun", "trail run", "9",
})
"""Sport names that mean running: FIT ``sport``, TCX ``Sport``, GPX ``<type>`` (Strava writes 9)."""


class BadFile(ValueError):
    """A file that cannot be imported; the message says why in plain words."""


class RowStatus(enum.StrEnum):
    """What the import will do with one row of the preview."""

    NEW = "new"
    DUPLICATE = "duplicate"
    NOT_A_RUN = "not_a_run"
    EXCLUDED = "excluded"
    BAD_FILE = "bad_file"


@dataclass(frozen=True, slots=True)
class Activity:
    """One activity as a watch file describes it (distances in km, times in seconds)."""

    file_format: str
    started_at: datetime
    sport: str
    distance_km: float
    moving_s: float | None
    elapsed_s: float | None
    elevation_gain_m: float | None = None
    avg_hr: int | None = None
    sub_sport: str = ""
    moving_method: str = ""

    @property
    def pace_s_per_km(self) -> float | None:
        """Moving time per km; None without a distance or a time."""
        time_s = self.moving_s if self.moving_s else self.elapsed_s
        if not time_s or self.distance_km <= 0:
            return None
        return time_s / self.distance_km


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One line of the preview: a file (and its activity, when it could be read) and its fate."""

    source: str
    activity: Activity | None
    status: RowStatus
    reason: str = ""

    @property
    def counts(self) -> bool:
        """True when this row would be saved."""
        return self.status == RowStatus.NEW


@dataclass(frozen=True, slots=True)
class SavedRun:
    """A run already in the session log, as duplicate detection needs it."""

    date: date
    distance_km: float
    started_at: datetime | None = None


# -- reading samples -------------------------------------------------------------------------

def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def track_distances_m(points: Sequence[tuple[float, float]]) -> list[float]:
    """Cumulative distance along (lat, lon) points, starting at 0."""
    out = [0.0] * len(points)
    for i in range(1, len(points)):
        (a, b), (c, d) = points[i - 1], points[i]
        out[i] = out[i - 1] + haversine_m(a, b, c, d)
    return out


def moving_seconds(times_s: Sequence[float], distances_m: Sequence[float],
                   stopped_below_mps: float = STOPPED_BELOW_MPS) -> float:
    """Seconds spent moving: stretches between samples at or above the stopped speed."""
    total = 0.0
    for i in range(1, min(len(times_s), len(distances_m))):
        dt = times_s[i] - times_s[i - 1]
        if dt <= 0:
            continue
        if (distances_m[i] - distances_m[i - 1]) / dt >= stopped_below_mps:
            total += dt
    return total


def timer_seconds(events: Sequence[tuple[float, bool]], end_s: float | None = None) -> float | None:
    """Seconds the watch's timer ran, from (time, started) events; None without a start event."""
    running_since: float | None = None
    total = 0.0
    seen = False
    for when, started in sorted(events, key=lambda e: e[0]):
        if started:
            seen = True
            if running_since is None:
                running_since = when
        elif running_since is not None:
            total += max(0.0, when - running_since)
            running_since = None
    if not seen:
        return None
    if running_since is not None and end_s is not None:
        total += max(0.0, end_s - running_since)
    return total


def elevation_gain_m(altitudes: Sequence[float], hysteresis_m: float = CLIMB_HYSTERESIS_M) -> float | None:
    """Total climb, counting a rise only once it exceeds ``hysteresis_m``; None without altitude."""
    values = [a for a in altitudes if a is not None and math.isfinite(a)]
    if len(values) < 2:
        return None
    gain, ref = 0.0, values[0]
    for value in values[1:]:
        if value - ref >= hysteresis_m:
            gain += value - ref
            ref = value
        elif ref - value >= hysteresis_m:
            ref = value
    return gain


# -- classifying ---------------------------------------------------------------------------

def is_run(activity: Activity) -> bool | None:
    """True for a run, False for another sport, None when the file does not say."""
    names = {activity.sport.strip().lower(), activity.sub_sport.strip().lower()} - {""}
    if not names or names <= {"generic", "other", "unknown"}:
        return None
    return bool(names & RUNNING_SPORTS)


def fmt_pace(seconds_per_km: float | None) -> str:
    """"5:30 /km" (or "" without a pace)."""
    if seconds_per_km is None or not math.isfinite(seconds_per_km):
        return ""
    whole = int(round(seconds_per_km))
    return f"{whole // 60}:{whole % 60:02d} /km"


def _problem(activity: Activity, today: date, local_day: date) -> str:
    """Why an activity cannot be a saved run ("" when it can)."""
    if local_day > today:
        return f"dated {local_day.isoformat()}, after today: check the watch's date"
    if activity.distance_km <= 0:
        return "no distance recorded"
    if activity.distance_km < MIN_RUN_KM:
        return f"{activity.distance_km * 1000:.0f} m: too short to count as a run"
    if activity.distance_km > MAX_RUN_KM:
        return f"{activity.distance_km:.0f} km is more than a run can be ({MAX_RUN_KM:.0f} km at most)"
    if (activity.moving_s or 0) < 0 or (activity.elapsed_s or 0) < 0:
        return "the times in the file run backwards: the file is damaged"
    longest = activity.moving_s or activity.elapsed_s or 0
    if longest > MAX_RUN_HOURS * 3600:
        return f"lasts more than {MAX_RUN_HOURS:.0f} hours"
    return ""


def classify(activity: Activity, local_day: date, today: date, since: date | None) -> tuple[RowStatus, str]:
    """Status and reason for an activity before duplicates are looked for."""
    problem = _problem(activity, today, local_day)
    if problem:
        return RowStatus.EXCLUDED, problem
    if since is not None and local_day < since:
        return RowStatus.EXCLUDED, f"before {since.isoformat()}, the start of the chosen period"
    run = is_run(activity)
    if run is False:
        sport = (activity.sub_sport if activity.sport in ("", "generic") else activity.sport)
        return RowStatus.NOT_A_RUN, f"{sport.replace('_', ' ')} — only runs count towards running load"
    if run is None:
        pace = activity.pace_s_per_km
        low, high = RUN_PACE_RANGE_S_PER_KM
        moving, elapsed = activity.moving_s, activity.elapsed_s
        if moving and elapsed and moving < MIN_MOVING_SHARE * elapsed:
            return RowStatus.NOT_A_RUN, (
                f"the file does not name the sport and it was moving for only {moving / elapsed:.0%} "
                "of the time: not a running pattern")
        if pace is None or not low <= pace <= high:
            return RowStatus.NOT_A_RUN, (
                f"the file does not name the sport and the pace ({fmt_pace(pace) or 'unknown'}) "
                "is not a running pace")
        return RowStatus.NEW, ("the file does not name the sport; counted as a run from its pace "
                               f"({fmt_pace(pace)})")
    return RowStatus.NEW, ""


def same_run(a_start: datetime, a_km: float, b_start: datetime, b_km: float) -> bool:
    """Starts within a minute of each other and distances within a few percent."""
    if abs((a_start - b_start).total_seconds()) > DUPLICATE_START_S:
        return False
    return _close_km(a_km, b_km)


def _close_km(a: float, b: float) -> bool:
    largest = max(a, b)
    return largest == 0 or abs(a - b) <= largest * DUPLICATE_DISTANCE_PCT / 100 + 0.05


def mark_duplicates(rows: Sequence[ImportRow], saved: Sequence[SavedRun],
                    local_day: dict[int, date]) -> list[ImportRow]:
    """Mark runs already saved, or present twice in the batch (the richer file is kept).

    ``local_day`` maps a row index to the run's local date (hand-typed runs have only a date).
    """
    out = list(rows)
    candidates = [i for i, r in enumerate(rows) if r.status == RowStatus.NEW and r.activity]
    for i in candidates:
        act = rows[i].activity
        assert act is not None
        for run in saved:
            if run.started_at is not None:
                hit = same_run(act.started_at, act.distance_km, run.started_at, run.distance_km)
                what = "already imported"
            else:
                hit = run.date == local_day[i] and _close_km(act.distance_km, run.distance_km)
                what = "already in the session log (typed by hand)"
            if hit:
                out[i] = ImportRow(rows[i].source, act, RowStatus.DUPLICATE,
                                   f"{what}: {run.date.isoformat()}, {run.distance_km:.2f} km")
                break
    fresh = [(i, a) for i in candidates if out[i].status == RowStatus.NEW
             for a in (rows[i].activity,) if a is not None]
    fresh.sort(key=lambda pair: (_FORMAT_RANK.get(pair[1].file_format, 9), pair[0]))
    kept: list[tuple[int, Activity]] = []
    for i, act in fresh:
        twin = next((k for k, other in kept if same_run(act.started_at, act.distance_km,
                                                         other.started_at, other.distance_km)), None)
        if twin is None:
            kept.append((i, act))
        else:
            out[i] = ImportRow(rows[i].source, act, RowStatus.DUPLICATE,
                               f"the same run as {rows[twin].source}")
    return out


def local_date(started_at: datetime, zone: tzinfo | None = None) -> date:
    """The run's calendar day where the clinic is (``zone``; None: this computer's time zone)."""
    return started_at.astimezone(zone).date()
