"""``make bench``: figures collected from tests/benchmarks into a table and bench-results.json.

This folder is not part of ``make test``. Generated databases are cached in ``.bench-data/``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pytest

from tests.benchmarks.benchlib import DATA, FIGURES, RESULTS_FILE, Bench, demo_database, machine

# Cached benchmark databases are sealed with an audit key that must outlive each test's folders.
os.environ.setdefault("STRIDE_CLINIC_AUDIT_KEY_DIR", str(DATA / "audit-key"))


@pytest.fixture(scope="session")
def bench() -> Bench:
    """Record figures: ``bench.ratio(name, value, limit)`` and friends."""
    return Bench()


@pytest.fixture(scope="session")
def demo_db() -> Callable[[int], Path]:
    """``demo_db(n)``: the cached database of ``n`` demo patients."""
    return demo_database


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Print the table and write ``bench-results.json``."""
    if not FIGURES:
        return
    width = max(len(f.name) for f in FIGURES)
    lines = [f"Benchmarks on {machine()}", "",
             f"{'Figure':<{width}}  {'Value':>10}  {'Goal':<12}  Met"]
    for f in FIGURES:
        met = "-" if f.met is None else ("yes" if f.met else "NO")
        lines.append(f"{f.name:<{width}}  {f.value:>8g} {f.unit:<2}  {f.goal:<12}  {met}")
    goals = [f for f in FIGURES if f.met is not None]
    lines += ["", f"{sum(1 for f in goals if f.met)} of {len(goals)} goals met."]
    print("\n" + "\n".join(lines), flush=True)
    RESULTS_FILE.write_text(json.dumps([asdict(f) for f in FIGURES], indent=2) + "\n",
                            encoding="utf-8")
    print(f"Wrote {RESULTS_FILE}", flush=True)
