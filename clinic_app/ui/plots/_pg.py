"""The one place pyqtgraph is imported: binding chosen, global look set (import lazily)."""

from __future__ import annotations

import os

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pyqtgraph as pg  # noqa: E402

pg.setConfigOptions(antialias=True, background="w", foreground="#333333")

__all__ = ["pg"]
