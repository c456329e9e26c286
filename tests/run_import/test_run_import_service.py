"""Importing watch files into an episode: preview saves nothing; save is one revision, audited,
all or nothing; re-imports are duplicates; roles are checked."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from clinic_app.domain.errors import ConflictError, PermissionDenied, ValidationError
from clinic_app.domain.intake.record import Intake, RunLog, WeekLoad
from clinic_app.domain.intake.rules import load_picture
from clinic_app.domain.load.run_import import RowStatus
from clinic_app.persistence.models import AuditEntry
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from clinic_app.services.run_import import RunImportService
from tests.conftest import TODAY, make_draft
from tests.run_import.watchfiles import fit_bytes, gpx_bytes, make_run, tcx_bytes

UTC_ZONE = UTC


def _episode(services: Services, actor: Actor) -> int:
    pid = services.patients.create(actor, make_draft(), TODAY).created_id or 0
    return services.care.open_episode(actor, pid, date(2026, 10, 1), "LBP", TODAY).created_id or 0


def _six_weeks(folder: Path) -> Path:
    """Three runs a week for six weeks (30-35 km/week), a ride, the same run as GPX, a bad file."""
    folder.mkdir()
    monday = date(2026, 10, 12)
    for week, km in enumerate([30, 32, 34, 30, 32, 35]):
        for n, share in enumerate((0.3, 0.3, 0.4)):
            day = monday + timedelta(weeks=week, days=2 * n)
            start = datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)
            run = make_run(start, km * share, step_s=10)
            maker, ext = [(fit_bytes, "fit"), (gpx_bytes, "gpx"), (tcx_bytes, "tcx")][n]
            (folder / f"{day.isoformat()}.{ext}").write_bytes(maker(run))
    last = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # the same Friday run, exported twice
    (folder / "2026-11-20-copy.gpx").write_bytes(gpx_bytes(make_run(last, 14.0, step_s=10)))
    ride = make_run(datetime(2026, 11, 15, 12, tzinfo=UTC), 40.0, pace_s_per_km=120, step_s=20,
                    sport="cycling")
    (folder / "ride.fit").write_bytes(fit_bytes(ride))
    (folder / "broken.fit").write_bytes(fit_bytes(make_run(last, 5.0, step_s=10))[:-40])
    return folder


@pytest.fixture
def importer(services: Services) -> RunImportService:
    return RunImportService(services.db)


def test_preview_saves_nothing_and_save_adds_runs_weeks_and_one_audit_row(
        services: Services, clinician: Actor, importer: RunImportService, tmp_path: Path) -> None:
    episode = _episode(services, clinician)
    folder = _six_weeks(tmp_path / "watch")
    seen: list[tuple[int, int]] = []
    preview = importer.preview(clinician, episode, [folder], TODAY, zone=UTC_ZONE,
                               progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (21, 21)
    assert services.intake.current(episode).revision == 0  # nothing saved by a preview
    statuses = {r.source.split("/")[-1]: r.status for r in preview.rows}
    assert statuses["ride.fit"] == RowStatus.NOT_A_RUN
    assert statuses["broken.fit"] == RowStatus.BAD_FILE
    assert statuses["2026-11-20-copy.gpx"] == RowStatus.DUPLICATE
    assert preview.new_runs == 18

    changes, revision = importer.save(clinician, episode, preview, TODAY)
    assert changes.intake and revision == 1
    intake = services.intake.current(episode).intake
    assert len(intake.session_log) == 18
    assert {r.source for r in intake.session_log} == {"fit", "gpx", "tcx"}
    assert [round(w.distance_km) for w in intake.weekly_history] == [30, 32, 34, 30, 32, 35]
    assert [w.sessions for w in intake.weekly_history] == [3] * 6
    picture = load_picture(intake)
    assert picture.acwr is not None and "ACWR 1.09" in picture.acwr.explanation
    with services.db.reading() as s:
        rows = list(s.scalars(select(AuditEntry).where(AuditEntry.action == "import_runs")))
    assert len(rows) == 1 and rows[0].entity_id == episode
    assert "runs:18" in json.loads(rows[0].changed_fields)


def test_importing_the_same_files_again_finds_only_duplicates(
        services: Services, clinician: Actor, importer: RunImportService, tmp_path: Path) -> None:
    episode = _episode(services, clinician)
    folder = _six_weeks(tmp_path / "watch")
    importer.save(clinician, episode, importer.preview(clinician, episode, [folder], TODAY, zone=UTC_ZONE),
                  TODAY)
    again = importer.preview(clinician, episode, [folder], TODAY, zone=UTC_ZONE)
    assert again.new_runs == 0
    assert again.count(RowStatus.DUPLICATE) == 19
    with pytest.raises(ValidationError, match="no new runs"):
        importer.save(clinician, episode, again, TODAY)


def test_a_zip_export_and_a_typed_run_of_the_same_day(
        services: Services, clinician: Actor, importer: RunImportService, tmp_path: Path) -> None:
    episode = _episode(services, clinician)
    services.intake.save(clinician, episode, Intake(session_log=(RunLog(date(2026, 11, 20), 10.0),)),
                         0, TODAY)
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as z:
        z.writestr("a.fit", fit_bytes(make_run(datetime(2026, 11, 20, 12, tzinfo=UTC), 10.1, step_s=10)))
        z.writestr("b.fit", fit_bytes(make_run(datetime(2026, 11, 22, 12, tzinfo=UTC), 6.0, step_s=10)))
    preview = importer.preview(clinician, episode, [export], TODAY, zone=UTC_ZONE)
    assert [r.status for r in preview.rows] == [RowStatus.DUPLICATE, RowStatus.NEW]
    assert "typed by hand" in preview.rows[0].reason


def test_a_failed_save_saves_nothing(services: Services, clinician: Actor, importer: RunImportService,
                                     tmp_path: Path) -> None:
    episode = _episode(services, clinician)
    folder = tmp_path / "w"
    folder.mkdir()
    for n in range(22):  # 22 runs in one week: more sessions than a week may hold (21)
        start = datetime(2026, 11, 16, 6, tzinfo=UTC) + timedelta(hours=3 * n)
        (folder / f"{n}.fit").write_bytes(fit_bytes(make_run(start, 2.0, step_s=20)))
    preview = importer.preview(clinician, episode, [folder], TODAY, zone=UTC_ZONE)
    assert preview.new_runs == 22
    assert any("Week of 2026-11-16" in p for p in preview.problems)
    with pytest.raises(ValidationError):
        importer.save(clinician, episode, preview, TODAY)
    assert services.intake.current(episode).revision == 0


def test_an_intake_saved_after_the_preview_is_a_conflict(
        services: Services, clinician: Actor, importer: RunImportService, tmp_path: Path) -> None:
    episode = _episode(services, clinician)
    preview = importer.preview(clinician, episode, [_six_weeks(tmp_path / "w")], TODAY, zone=UTC_ZONE)
    services.intake.save(clinician, episode, Intake(weekly_history=(WeekLoad(date(2026, 11, 2), 20.0),)),
                         0, TODAY)
    with pytest.raises(ConflictError):
        importer.save(clinician, episode, preview, TODAY)
    assert services.intake.current(episode).revision == 1


def test_a_cancelled_reading_cannot_be_saved(services: Services, clinician: Actor,
                                             importer: RunImportService, tmp_path: Path) -> None:
    episode = _episode(services, clinician)
    calls = iter([False, False, True])
    preview = importer.preview(clinician, episode, [_six_weeks(tmp_path / "w")], TODAY, zone=UTC_ZONE,
                               cancelled=lambda: next(calls, True))
    assert preview.cancelled and len(preview.rows) == 2
    with pytest.raises(ValidationError, match="cancelled"):
        importer.save(clinician, episode, preview, TODAY)


def test_front_desk_may_not_import(services: Services, clinician: Actor, front_desk: Actor,
                                   importer: RunImportService, tmp_path: Path) -> None:
    episode = _episode(services, clinician)
    with pytest.raises(PermissionDenied):
        importer.preview(front_desk, episode, [tmp_path], TODAY)
