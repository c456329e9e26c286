"""Folders, zip exports and .gz files: what is read, what is refused (zip bombs, unsafe paths)."""

from __future__ import annotations

import gzip
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from clinic_app.domain.load.run_import import BadFile
from clinic_app.services import run_import_files as files
from clinic_app.services.run_import_files import SourceReader, list_sources, parse_activity_bytes
from tests.run_import.watchfiles import fit_bytes, gpx_bytes, make_run, tcx_bytes

START = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _export(tmp_path: Path) -> Path:
    zipped = tmp_path / "export.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("activities/1.fit", fit_bytes(make_run(START, 5.0, step_s=5)))
        z.writestr("activities/2.gpx.gz", gzip.compress(gpx_bytes(make_run(START, 6.0, step_s=5))))
        z.writestr("activities/readme.txt", "not an activity")
        z.writestr("../escape.gpx", gpx_bytes(make_run(START, 6.0, step_s=5)))
        z.writestr("/abs/path.tcx", tcx_bytes(make_run(START, 6.0, step_s=5)))
        z.writestr("inner.zip", b"PK")
    return zipped


def test_zip_members_are_listed_and_unsafe_or_nested_ones_refused(tmp_path: Path) -> None:
    sources, refused, ignored = list_sources([_export(tmp_path)])
    assert [s.member for s in sources] == ["activities/1.fit", "activities/2.gpx.gz"]
    reasons = {r.label: r.reason for r in refused}
    assert "unsafe path" in reasons["export.zip/../escape.gpx"]
    assert "unsafe path" in reasons["export.zip//abs/path.tcx"]
    assert "a zip inside a zip" in reasons["export.zip/inner.zip"]
    reader = SourceReader()
    kms = [a.distance_km for s in sources for a in parse_activity_bytes(s.label, reader.read(s))]
    reader.close()
    assert kms == [5.0, pytest.approx(6.0, rel=0.01)]
    assert ignored == 0


def test_a_folder_is_searched_and_other_files_are_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "watch"
    (folder / "2026").mkdir(parents=True)
    (folder / "2026" / "a.FIT").write_bytes(fit_bytes(make_run(START, 5.0, step_s=5)))
    (folder / "b.tcx").write_bytes(tcx_bytes(make_run(START, 5.0, step_s=5)))
    (folder / "photo.jpg").write_bytes(b"\xff\xd8")
    sources, refused, ignored = list_sources([folder])
    assert sorted(s.label for s in sources) == ["watch/2026/a.FIT", "watch/b.tcx"]
    assert (refused, ignored) == ([], 1)


def test_zip_bomb_by_size_and_by_count_is_refused_before_reading(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for n in range(5):
            z.writestr(f"{n}.gpx", b"\0" * 2_000_000)  # 10 MB that packs to a few kB
    monkeypatch.setattr(files, "MAX_ZIP_BYTES", 5_000_000)
    _, refused, _ = list_sources([bomb])
    assert "possible zip bomb" in refused[0].reason
    monkeypatch.setattr(files, "MAX_ZIP_BYTES", 10**12)
    monkeypatch.setattr(files, "MAX_ZIP_MEMBERS", 3)
    _, refused, _ = list_sources([bomb])
    assert "holds 5 files" in refused[0].reason


def test_a_member_that_unpacks_past_the_limit_is_stopped(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.zip"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("run.gpx", b"\0" * 3_000_000)
    sources, _, _ = list_sources([big])
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1_000_000)  # as if the header had lied
    with pytest.raises(BadFile, match="more than"):
        SourceReader().read(sources[0])


def test_huge_files_and_gz_bombs_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100_000)
    huge = tmp_path / "huge.gpx"
    huge.write_bytes(b" " * 200_000)
    with pytest.raises(BadFile, match="too large"):
        SourceReader().read(files.Source("huge.gpx", huge))
    bomb = tmp_path / "bomb.gpx.gz"
    bomb.write_bytes(gzip.compress(b"\0" * 500_000))
    with pytest.raises(BadFile, match="possible zip bomb"):
        SourceReader().read(files.Source("bomb.gpx.gz", bomb))
    cut = tmp_path / "cut.fit.gz"
    cut.write_bytes(gzip.compress(b"x" * 1000)[:20])
    with pytest.raises(BadFile, match="damaged or cut short"):
        SourceReader().read(files.Source("cut.fit.gz", cut))


def test_damaged_zip_and_missing_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really")
    _, refused, _ = list_sources([broken, tmp_path / "gone.fit"])
    assert [r.reason for r in refused] == ["the zip file is damaged or not a zip",
                                           "the file cannot be found"]


def test_many_files_are_read_in_worker_processes_with_the_same_result(tmp_path: Path) -> None:
    from clinic_app.services.run_import_read import PARALLEL_FROM, read_sources

    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(PARALLEL_FROM + 2):
        run = make_run(datetime(2026, 11, 1 + n % 20, 12, tzinfo=UTC), 3.0 + n, step_s=30)
        (folder / f"{n:02d}.fit").write_bytes(fit_bytes(run))
    (folder / "zz.fit").write_bytes(b"not a fit file")
    sources, _, _ = list_sources([folder])
    parallel = [(s.label, out) for s, out in read_sources(sources, lambda: False, workers=2)]
    alone = [(s.label, out) for s, out in read_sources(sources, lambda: False, workers=1)]
    assert parallel == alone
    assert [a[0].distance_km for _, (a, _) in parallel if a] == [3.0 + n for n in range(PARALLEL_FROM + 2)]
    assert parallel[-1][1] == (None, "not a FIT file (the FIT header is missing)")
    stop = iter([False] * 5)
    assert len(list(read_sources(sources, lambda: next(stop, True), workers=2))) == 5
