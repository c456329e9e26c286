"""Start-up and memory: the app against bare programs of the same stack, source against binary."""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from tests.benchmarks.benchlib import ROOT, Bench

BARE = Path(__file__).with_name("bare_programs.py")
BINARY = ROOT / "dist" / "stride-clinic" / "stride-clinic"
ROUNDS = 7
_APP_LINE = re.compile(r"Patient list shown \((\d+) rows\).*?(?:peak memory (\d+) MB)?\.$")
_BARE_LINE = re.compile(r"shown (\d+) ([\d.]+)$")


def _until_line(command: Sequence[str], pattern: re.Pattern[str]) -> tuple[float, re.Match[str]]:
    """Seconds from starting ``command`` to the line matching ``pattern`` on its output."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            match = pattern.search(line.strip())
            if match:
                return time.perf_counter() - started, match
        raise AssertionError(f"{command[0]} exited without showing its window")
    finally:
        proc.stdout.close()
        proc.wait(timeout=60)


def _app(database: Path, settings: Path, program: Sequence[str] = (sys.executable, "-m",
                                                                      "clinic_app")) -> list[str]:
    return [*program, "--database", f"sqlite:///{database}", "--settings", str(settings),
            "--startup-check"]


def _medians(commands: dict[str, tuple[list[str], re.Pattern[str]]]) -> dict[str, list[float]]:
    """Run the commands in turn ROUNDS times (after one warm-up each); every time, per command."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(ROUNDS + 1):
        for name, (command, pattern) in commands.items():
            seconds, _ = _until_line(command, pattern)
            if round_:
                times[name].append(seconds)
    return times


def test_startup_against_bare_programs(bench: Bench, demo_db: Callable[[int], Path],
                                       tmp_path: Path) -> None:
    database = demo_db(10_000)
    url = f"sqlite:///{database}"
    _, shown = _until_line(_app(database, tmp_path / "s.ini"), _APP_LINE)
    assert shown.group(1) == "200", "the first page of patients is listed"
    times = _medians({
        "app": (_app(database, tmp_path / "s.ini"), _APP_LINE),
        "bare list": ([sys.executable, str(BARE), "list", url], _BARE_LINE),
        "bare window": ([sys.executable, str(BARE), "window"], _BARE_LINE),
    })
    app, bare, window = (statistics.median(times[k]) for k in ("app", "bare list", "bare window"))
    bench.report("Start-up to patient list, 10k patients", app * 1000, "ms")
    bench.ratio("Start-up vs bare PySide6+SQLAlchemy list", app / bare, 1.5)
    bench.report("Start-up vs bare PySide6 window", app / window, "x")


def test_memory_100k_against_1k(bench: Bench, demo_db: Callable[[int], Path],
                                tmp_path: Path) -> None:
    peaks = {}
    for patients in (1_000, 100_000):
        _, match = _until_line(_app(demo_db(patients), tmp_path / f"{patients}.ini"), _APP_LINE)
        peaks[patients] = int(match.group(2))
    bench.report("Peak memory at start, 100k patients", peaks[100_000], "MB")
    bench.ratio("Memory 100k vs 1k patients", peaks[100_000] / peaks[1_000], 1.25)


def _binary_is_stale() -> bool:
    if not BINARY.exists():
        return True
    built = BINARY.stat().st_mtime
    return any(p.stat().st_mtime > built for p in (ROOT / "clinic_app").rglob("*.py"))


def test_packaged_binary_against_source(bench: Bench, demo_db: Callable[[int], Path],
                                        tmp_path: Path) -> None:
    if _binary_is_stale():
        print("\n  building the packaged app (make package)…", flush=True)
        subprocess.run(["make", "package"], cwd=ROOT, check=True, capture_output=True)
    if not BINARY.exists():
        pytest.fail("make package did not produce dist/stride-clinic/stride-clinic")
    database = demo_db(10_000)
    times = _medians({
        "binary": (_app(database, tmp_path / "b.ini", [str(BINARY)]), _APP_LINE),
        "source": (_app(database, tmp_path / "s.ini"), _APP_LINE),
    })
    binary, source = statistics.median(times["binary"]), statistics.median(times["source"])
    bench.report("Packaged start-up to patient list", binary * 1000, "ms")
    bench.ratio("Packaged binary vs source start-up", binary / source, 1.2)
