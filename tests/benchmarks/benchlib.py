"""Benchmark helpers: figures, cached generated databases, timing.

Every figure is a ratio taken in one run against the fastest the same machine can do, or a
reported absolute; ``conftest.py`` prints the table at the end and writes ``bench-results.json``.
"""

from __future__ import annotations

import hashlib
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from clinic_app.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("STRIDE_CLINIC_BENCH_DATA", ROOT / ".bench-data"))
RESULTS_FILE = Path(os.environ.get("STRIDE_CLINIC_BENCH_RESULTS", ROOT / "bench-results.json"))
SEED = 2026


@dataclass(frozen=True)
class Figure:
    """One measured figure and the goal it is held to."""

    name: str
    value: float
    unit: str
    goal: str
    met: bool | None  # None: reported, no goal


FIGURES: list[Figure] = []


class Bench:
    """What a benchmark test records its figures with."""

    def ratio(self, name: str, value: float, limit: float) -> Figure:
        """A ratio held to ``value <= limit``."""
        return self._add(Figure(name, round(value, 2), "x", f"<= {limit:g}x", value <= limit))

    def at_least(self, name: str, value: float, floor: float, unit: str = "x") -> Figure:
        """A figure that must reach ``floor``."""
        return self._add(Figure(name, round(value, 1), unit, f">= {floor:g}{unit}", value >= floor))

    def at_most(self, name: str, value: float, limit: float, unit: str) -> Figure:
        """An absolute figure held to ``value <= limit``."""
        return self._add(Figure(name, round(value, 1), unit, f"<= {limit:g} {unit}", value <= limit))

    def report(self, name: str, value: float, unit: str) -> Figure:
        """A figure shown for context, with no goal."""
        return self._add(Figure(name, round(value, 3 if value < 10 else 1), unit, "(reported)", None))

    @staticmethod
    def _add(figure: Figure) -> Figure:
        FIGURES.append(figure)
        print(f"\n  {figure.name}: {figure.value} {figure.unit} (goal {figure.goal})", flush=True)
        return figure


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``fn`` over ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def machine() -> str:
    """A one-line description of the machine the figures come from."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


# -- generated data --------------------------------------------------------------------------

def _generator_fingerprint() -> str:
    """Changes whenever the demo generator changes, so stale caches are generated again."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "clinic_app" / "demo").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _migrate(path: Path) -> None:
    """Bring a cached database to this build's schema (the data stays; no backup copy)."""
    from clinic_app.persistence.db import Database
    from clinic_app.persistence.migrate import needs_upgrade, upgrade_to_head

    db = Database.from_url(f"sqlite:///{path}")
    try:
        if needs_upgrade(db.engine):
            print(f"\n  upgrading {path.name} to this build's schema…", flush=True)
            upgrade_to_head(db.engine, backup=False)
    finally:
        db.dispose()


BENCH_USER, BENCH_PASSWORD = "demo", "bench password 1"
"""The administrator ``demo`` creates in a benchmark database, and the password it gets."""


def cli(*args: str, timeout: float = 1800) -> subprocess.CompletedProcess[str]:
    """Run ``stride-clinic`` from source with this interpreter, signed in as the bench user."""
    env = {**os.environ, "STRIDE_CLINIC_NEW_PASSWORD": BENCH_PASSWORD,
           "STRIDE_CLINIC_USER": BENCH_USER, "STRIDE_CLINIC_PASSWORD": BENCH_PASSWORD}
    return subprocess.run([sys.executable, "-m", "clinic_app", *args], cwd=ROOT, text=True,
                          capture_output=True, timeout=timeout, check=True, env=env)


def sign_in(window: MainWindow) -> None:
    """Sign the bench user in, as the sign-in dialog would."""
    window.session.begin(window.ctx.services.auth.sign_in(BENCH_USER, BENCH_PASSWORD, "bench"))


def demo_database(patients: int) -> Path:
    """An SQLite file with ``patients`` demo patients and their care history (cached)."""
    DATA.mkdir(parents=True, exist_ok=True)
    target = DATA / f"demo-{patients}-{_generator_fingerprint()}.sqlite3"
    if target.exists():
        _migrate(target)
        return target
    for stale in DATA.glob(f"demo-{patients}-*.sqlite3*"):
        stale.unlink()
    building = target.with_suffix(".building")
    building.unlink(missing_ok=True)
    started = time.perf_counter()
    print(f"\n  generating {patients:,} demo patients (cached in {DATA})…", flush=True)
    cli("--database", f"sqlite:///{building}", "demo", "--patients", str(patients),
        "--seed", str(SEED))
    for suffix in ("-wal", "-shm"):
        Path(str(building) + suffix).unlink(missing_ok=True)
    building.rename(target)
    print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
    return target


# -- the real window -------------------------------------------------------------------------

def wait_for(signal: Any, pending: bool, timeout_ms: int = 60_000) -> None:
    """Run the event loop until ``signal`` fires, when ``pending`` says it is still to come."""
    from PySide6.QtCore import QEventLoop, QTimer

    if not pending:
        return
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


def wait_idle(window: MainWindow) -> None:
    """Until every background read of the window has reported back."""
    wait_for(window.ctx.reads.idle, window.ctx.reads.busy())


def settle_paint(passes: int = 20) -> int:
    """Run the event loop until a pass lays out and paints nothing; returns the passes it took.

    One ``processEvents`` is not the screen painted: a label that changed height asks its parent
    for a new layout, which moves its siblings, which repaint in a later pass. Timing to the end
    of the first pass would leave the rest of the paint to whatever is measured next.
    """
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    watched = {QEvent.Type.Paint, QEvent.Type.LayoutRequest, QEvent.Type.UpdateRequest}

    class _Seen(QObject):
        count = 0

        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() in watched:
                self.count += 1
            return False

    app = QApplication.instance()
    seen = _Seen()
    app.installEventFilter(seen)
    try:
        for done in range(1, passes + 1):
            seen.count = 0
            QApplication.processEvents()
            if not seen.count:
                return done
        return passes
    finally:
        app.removeEventFilter(seen)


def open_listed(database: Path, settings: Path) -> MainWindow:
    """The main window over ``database`` with its first page of patients listed and the chart's
    code loaded in the background (as a minute after start)."""
    from clinic_app.app import build

    window = build(f"sqlite:///{database}", settings)
    window.show()
    window.patient_list.refresh()
    wait_for(window.patient_list.page_shown, window.patient_list.searching)
    wait_idle(window)
    return window


def close(window: MainWindow) -> None:
    """Stop the window's workers and let Qt delete it."""
    window.ctx.reads.shutdown()
    window.ctx.writes.shutdown()
    window.deleteLater()
