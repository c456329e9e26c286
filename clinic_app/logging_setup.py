"""Logging to a rotating file in the user log folder (a windowed build has no console)."""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from clinic_app.paths import user_log_dir

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(verbose: bool = False) -> Path | None:
    """Log to ``stride-clinic.log`` (and to stderr when there is one); return the file path."""
    root = logging.getLogger()
    if any(getattr(h, "_stride_clinic", False) for h in root.handlers):
        return None
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
