"""Run import: two years of watch files (~500 files, FIT, GPX and TCX at one point a second) read,
previewed and saved in under 20 s."""

from __future__ import annotations

import hashlib
import random
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from clinic_app.domain.load.run_import import RowStatus
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from clinic_app.services.run_import import RunImportService
from tests.benchmarks.benchlib import DATA, SEED, Bench
from tests.conftest import TODAY, make_draft
from tests.run_import import watchfiles
from tests.run_import.watchfiles import fit_bytes, gpx_bytes, make_run, tcx_bytes

WEEKS = 104
GOAL_S = 20.0


def _folder() -> Path:
    """Two years of a runner's files (cached): 3-5 runs a week, some rides and walks."""
    digest = hashlib.sha256(Path(watchfiles.__file__).read_bytes()
                            + Path(__file__).read_bytes()).hexdigest()[:10]
    folder = DATA / f"run-import-2y-{digest}"
    if folder.exists():
        return folder
    rng = random.Random(SEED)
    partial = folder.with_suffix(".part")
    partial.mkdir(parents=True, exist_ok=True)
    first = TODAY - timedelta(weeks=WEEKS)
    count = 0
    for week in range(WEEKS):
        monday = first - timedelta(days=first.weekday()) + timedelta(weeks=week)
        days = sorted(rng.sample(range(7), rng.choice((4, 5, 5))))
        for day in days:
            when = monday + timedelta(days=day)
            start = datetime(when.year, when.month, when.day, rng.choice((6, 7, 12, 18)),
                             rng.randrange(60), tzinfo=UTC)
            sport, pace = "running", rng.uniform(280, 400)
            if rng.random() < 0.17:
                sport, pace = rng.choice((("cycling", 130.0), ("walking", 650.0)))
            km = rng.uniform(5, 16) if sport == "running" else rng.uniform(3, 30)
            pause = (900.0, 900.0 + rng.uniform(20, 120)) if rng.random() < 0.3 else None
            activity = make_run(start, km, pace_s_per_km=pace, sport=sport, pause=pause,
                                hr=rng.randrange(135, 160))
            fmt = rng.choices(("fit", "gpx", "tcx"), (4, 3, 3))[0]
            maker = {"fit": fit_bytes, "gpx": gpx_bytes, "tcx": tcx_bytes}[fmt]
            kw = {"sport": "Biking" if sport == "cycling" else "Other"} if fmt == "tcx" and \
                sport != "running" else {}
            if fmt == "gpx":
                kw = {"gpx_type": sport}
            (partial / f"{start:%Y-%m-%d-%H%M}.{fmt}").write_bytes(maker(activity, **kw))
            count += 1
    partial.rename(folder)
    return folder


def _episode(services: Services, actor: Actor) -> int:
    pid = services.patients.create(actor, make_draft(), TODAY).created_id or 0
    return services.care.open_episode(actor, pid, date(2026, 10, 1), "LBP", TODAY).created_id or 0


def test_two_year_folder_imports_in_under_20_seconds(services: Services, clinician: Actor,
                                                     bench: Bench) -> None:
    folder = _folder()
    files = sorted(folder.iterdir())
    size_mb = sum(f.stat().st_size for f in files) / 2**20
    episode = _episode(services, clinician)
    importer = RunImportService(services.db)
    started = time.perf_counter()
    preview = importer.preview(clinician, episode, [folder], TODAY, zone=UTC)
    importer.save(clinician, episode, preview, TODAY)
    elapsed = time.perf_counter() - started
    saved = services.intake.current(episode).intake
    assert preview.count(RowStatus.BAD_FILE) == 0
    assert len(saved.session_log) == preview.new_runs > 300
    bench.report("Run import: files in the 2-year folder", len(files), "")
    bench.report("Run import: folder size", size_mb, "MB")
    bench.at_most("Run import: 2-year folder read, previewed and saved", elapsed, GOAL_S, "s")
