"""``stride-clinic --startup-check``: time from process start to the patient list on screen.

IT staff run it on a workstation to check that the database is reachable and how long the app
takes to open; the benchmarks run it to compare start-up against bare programs.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clinic_app.ui.main_window import MainWindow

_IMPORTED = time.perf_counter()


def seconds_since_process_start() -> float:
    """Seconds since the operating system started this process (Linux), else since import."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return max(uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK"), 0.0)
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _IMPORTED


def peak_memory_mb() -> float | None:
    """Peak resident memory of this process in MB, where the platform reports it."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def report_when_listed(window: MainWindow) -> None:
    """Once the first page of patients is shown and painted, print the figures and quit."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def report(rows: int) -> None:
        window.patient_list.page_shown.disconnect(report)
        window.patient_list.table.viewport().repaint()
        elapsed = seconds_since_process_start()
        memory = peak_memory_mb()
        memory_text = f"; peak memory {memory:.0f} MB" if memory is not None else ""
        print(f"Patient list shown ({rows} rows) {elapsed:.2f} s after start{memory_text}.",
              flush=True)
        QTimer.singleShot(0, QApplication.quit)

    window.patient_list.page_shown.connect(report)
