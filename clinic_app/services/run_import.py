"""Import runs from watch files into an episode's load history: preview first, then one save.

``preview`` reads the chosen files (in a worker, with progress and cancel) and says for every
activity whether it is a new run, a duplicate, not a run, or a bad file (with the reason).
Nothing is written then. ``save`` adds the new runs to the intake's session log, sets the weeks
they fall in from the runs, and stores it all as one intake revision with one audit row: all or
nothing. The intake is a history of what the runner did, so an open red flag does not hold it
(C5 holds loading progressions and loading handouts, not the record of past runs).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from pathlib import Path

from sqlalchemy import select

from clinic_app.domain.access import Action
from clinic_app.domain.errors import ValidationError
from clinic_app.domain.intake.record import Intake, RunLog, intake_from_data, intake_to_data
from clinic_app.domain.intake.rules import validate_intake
from clinic_app.domain.load.run_import import (
    Activity,
    BadFile,
    ImportRow,
    RowStatus,
    SavedRun,
    classify,
    local_date,
    mark_duplicates,
)
from clinic_app.domain.load.run_import_load import SURFACE_OF_SUB_SPORT, WeekChange, merge_runs
from clinic_app.domain.messages import msg
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import IntakeRevision
from clinic_app.services.access import authorize
from clinic_app.services.context import Actor, Changes, audit, check_revision, load_episode
from clinic_app.services.run_import_files import list_sources
from clinic_app.services.run_import_read import read_sources

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What an import would do, made against one intake revision."""

    episode_id: int
    revision: int
    rows: tuple[ImportRow, ...]
    days: tuple[date | None, ...]
    weeks: tuple[WeekChange, ...]
    ignored: int
    cancelled: bool
    problems: tuple[str, ...] = ()

    @property
    def new_runs(self) -> int:
        """How many runs a save would add."""
        return sum(1 for r in self.rows if r.counts)

    def count(self, status: RowStatus) -> int:
        """Rows with a status."""
        return sum(1 for r in self.rows if r.status == status)


def run_log(activity: Activity, day: date) -> RunLog:
    """The session-log entry for an imported run."""
    moving = activity.moving_s or activity.elapsed_s
    climb = activity.elevation_gain_m
    return RunLog(day, round(activity.distance_km, 2), round(moving / 60) if moving else None,
                  SURFACE_OF_SUB_SPORT.get(activity.sub_sport.lower()),
                  round(climb) if climb is not None else None, None,
                  activity.started_at, activity.avg_hr, activity.file_format)


def _saved_runs(intake: Intake) -> list[SavedRun]:
    return [SavedRun(r.date, r.distance_km, r.started_at) for r in intake.session_log]


def _latest(s: object, episode_id: int) -> IntakeRevision | None:
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    return s.scalars(select(IntakeRevision).where(IntakeRevision.episode_id == episode_id)
                     .order_by(IntakeRevision.revision.desc()).limit(1)).first()


def _problems(intake: Intake, today: date) -> tuple[str, ...]:
    """Validation messages of the merged intake that concern the load history, in plain words."""
    errors = validate_intake(intake, today)
    out = []
    for path, message in sorted(errors.items()):
        if path.startswith("session_log["):
            index = int(path[len("session_log["):path.index("]")])
            out.append(f"Run on {intake.session_log[index].date.isoformat()}: {message}")
        elif path.startswith("weekly_history["):
            index = int(path[len("weekly_history["):path.index("]")])
            out.append(f"Week of {intake.weekly_history[index].week_start.isoformat()}: {message}")
        else:
            out.append(f"The intake cannot be saved as it is ({path}: {message}); correct it first.")
    return tuple(out)


class RunImportService:
    """Preview and save imports of watch files into an episode's intake."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def _current(self, episode_id: int) -> tuple[Intake, int]:
        with self._db.reading() as s:
            load_episode(s, episode_id)
            row = _latest(s, episode_id)
            if row is None:
                return Intake(), 0
            return intake_from_data(json.loads(row.data)), row.revision

    def preview(self, actor: Actor, episode_id: int, paths: Sequence[Path], today: date, *,
                since: date | None = None, zone: tzinfo | None = None,
                progress: Progress | None = None, cancelled: Cancelled | None = None,
                workers: int | None = None) -> ImportPreview:
        """Read the files and decide each activity's fate; nothing is saved.

        ``zone`` is the time zone that decides a run's date (None: this computer's); ``workers``
        the number of reading processes (None: one per core).
        """
        authorize(self._db, actor, Action.WRITE_INTAKE)
        intake, revision = self._current(episode_id)
        try:
            sources, refused, ignored = list_sources(list(paths))
        except BadFile as exc:
            return ImportPreview(episode_id, revision, (ImportRow("", None, RowStatus.BAD_FILE,
                                                                  str(exc)),), (None,), (), 0, False)
        rows: list[ImportRow] = [ImportRow(r.label, None, RowStatus.BAD_FILE, r.reason) for r in refused]
        days: dict[int, date] = {}
        done = 0
        for source, (activities, reason) in read_sources(sources, cancelled or (lambda: False),
                                                         workers):
            if activities is None:
                rows.append(ImportRow(source.label, None, RowStatus.BAD_FILE, reason))
            else:
                for activity in activities:
                    day = local_date(activity.started_at, zone)
                    status, why = classify(activity, day, today, since)
                    days[len(rows)] = day
                    rows.append(ImportRow(source.label, activity, status, why))
            done += 1
            if progress is not None:
                progress(done, len(sources))
        stopped = done < len(sources)
        marked = mark_duplicates(rows, _saved_runs(intake), days)
        def sort_key(i: int) -> tuple[bool, str, str]:
            act = marked[i].activity
            return act is None, act.started_at.isoformat() if act else "", marked[i].source

        order = sorted(range(len(marked)), key=sort_key)
        rows_sorted = tuple(marked[i] for i in order)
        days_sorted = tuple(days.get(i) for i in order)
        new = [run_log(r.activity, d) for r, d in zip(rows_sorted, days_sorted, strict=True)
               if r.counts and r.activity is not None and d is not None]
        merge = merge_runs(intake, new)
        return ImportPreview(episode_id, revision, rows_sorted, days_sorted, merge.weeks, ignored,
                             stopped, _problems(merge.intake, today) if new else ())

    def save(self, actor: Actor, episode_id: int, preview: ImportPreview, today: date
             ) -> tuple[Changes, int]:
        """Add the preview's new runs as one intake revision (all or nothing) and audit it."""
        authorize(self._db, actor, Action.WRITE_INTAKE)
        if preview.cancelled:
            raise ValidationError({"import": msg("run_import.reading_was_cancelled_read_files")})
        new = [run_log(r.activity, d) for r, d in zip(preview.rows, preview.days, strict=True)
               if r.counts and r.activity is not None and d is not None]
        if not new:
            raise ValidationError({"import": msg("run_import.there_are_no_new_runs")})
        with self._db.writing() as s:
            episode = load_episode(s, episode_id)
            latest = _latest(s, episode_id)
            current = check_revision(s, "Intake", latest, preview.revision)
            before = intake_from_data(json.loads(latest.data)) if latest else Intake()
            merged = merge_runs(before, new)
            problems = _problems(merged.intake, today)
            if problems:
                raise ValidationError({"import": " ".join(problems)})
            row = IntakeRevision(episode_id=episode_id, revision=current + 1, saved_by_id=actor.user_id,
                                 data=json.dumps(intake_to_data(merged.intake), ensure_ascii=False))
            s.add(row)
            s.flush()
            formats = sorted({r.source for r in new})
            audit(s, actor, "import_runs", "intake", episode_id,
                  ["session_log", "weekly_history", f"runs:{len(new)}",
                   f"weeks:{len(merged.weeks)}", *(f"format:{f}" for f in formats)])
            changes = Changes(patients=frozenset({episode.patient_id}), intake=True, entity="intake")
            return changes, row.revision
