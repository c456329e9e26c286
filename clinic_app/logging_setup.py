"""Logging to a rotating file in the user log folder (a windowed build has no console)."""

from __future__ import annotations

import faulthandler
import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TextIO

from clinic_app.paths import user_log_dir

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_file_path() -> Path | None:
    """The log file this process writes, once ``configure_logging`` has run."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, "_stride_clinic", False) and isinstance(handler, RotatingFileHandler):
            return Path(handler.baseFilename)
    return None


def configure_logging(verbose: bool = False) -> Path | None:
    """Log to ``stride-clinic.log`` (and to stderr when there is one); return the file path."""
    root = logging.getLogger()
    if any(getattr(h, "_stride_clinic", False) for h in root.handlers):
        return log_file_path()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    path: Path | None = None
    try:
        folder = user_log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "stride-clinic.log"
        handler: logging.Handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5,
                                                       encoding="utf-8")
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler._stride_clinic = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    except OSError:
        path = None
    if sys.stderr is not None and verbose:
        console = logging.StreamHandler(sys.stderr)
        console.setFormatter(logging.Formatter(LOG_FORMAT))
        console._stride_clinic = True  # type: ignore[attr-defined]
        root.addHandler(console)
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    return path


_fault_log: TextIO | None = None


def enable_fault_log() -> Path | None:
    """Write a crash in native code (Qt, a driver) to ``crash.log``: the last words of a process.

    ``faulthandler`` dumps every thread's Python stack when the process dies of a signal, which
    no Python handler can see; the file stays open for the life of the process.
    """
    global _fault_log
    if _fault_log is not None:
        return Path(_fault_log.name)
    try:
        folder = user_log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        _fault_log = open(folder / "crash.log", "a", encoding="utf-8")  # noqa: SIM115
    except OSError:
        return None
    faulthandler.enable(file=_fault_log, all_threads=True)
    return Path(_fault_log.name)
