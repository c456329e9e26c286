"""What the PyInstaller spec bundles, in one place the spec and the tests both import.

Kept free of PyInstaller imports so ``tests/packaging`` can check it without building anything.
Do not add an ``__init__.py`` to this folder: a package called ``packaging`` would shadow the
PyPI ``packaging`` library that pip, pytest and PyInstaller import.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"

# Folders the app reads at run time, shipped at the same relative paths so that
# ``clinic_app.paths.bundle_root()`` (``sys._MEIPASS`` when frozen) finds them.
DATA_FOLDERS: tuple[str, ...] = ("resources", "database/migrations")
SKIPPED_DIRS = frozenset({"__pycache__"})
SKIPPED_SUFFIXES = frozenset({".pyc", ".pyo"})

ENTRY_POINT = ROOT / "clinic_app" / "__main__.py"
ICON_SVG = ROOT / "resources" / "icons" / "app.svg"
ICON_DIR = PACKAGING / "icons"
ICON_PNG = ICON_DIR / "stride-clinic.png"
ICON_ICO = ICON_DIR / "stride-clinic.ico"
ICON_ICNS = ICON_DIR / "stride-clinic.icns"
DESKTOP_FILE = PACKAGING / "stride-clinic.desktop"

# Modules nothing imports statically. Alembic loads env.py and the migration scripts from
# files, and SQLAlchemy loads dialects and drivers by name from the URL.
BASE_HIDDEN_IMPORTS: tuple[str, ...] = (
    "alembic",
    "alembic.command",
    "alembic.config",
    "alembic.context",
    "alembic.op",
    "alembic.runtime.environment",
    "alembic.runtime.migration",
    "alembic.ddl.sqlite",
    "alembic.ddl.postgresql",
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.sqlite.pysqlite",
    "sqlalchemy.dialects.postgresql",
    "sqlalchemy.dialects.postgresql.psycopg",
    "psycopg",
    "psycopg_binary",
    # Printing, SVG icons and PDF preview: the PySide6 hooks then collect their plugins.
    "PySide6.QtSvg",
    "PySide6.QtPrintSupport",
    "PySide6.QtPdf",
)

# Large things the app never uses. PySide6 ships every Qt add-on; only what is imported is
# collected, and these excludes make sure a stray import cannot drag them in.
EXCLUDES: tuple[str, ...] = (
    "tkinter",
    "_tkinter",
    "turtle",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "matplotlib",
    "IPython",
    "pytest",
    "_pytest",
    "hypothesis",
    "mypy",
    "sqlalchemy.testing",
    "alembic.testing",
    *(f"PySide6.{module}" for module in (
        "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
        "QtQuick3D", "QtQuick", "QtQuickControls2", "QtQuickWidgets", "QtQml",
        "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebChannel",
        "QtWebSockets", "QtWebView", "QtHttpServer",
        "QtMultimedia", "QtMultimediaWidgets", "QtSpatialAudio", "QtTextToSpeech",
        "QtCharts", "QtDataVisualization", "QtGraphs", "QtGraphsWidgets",
        "QtLocation", "QtPositioning", "QtBluetooth", "QtNfc", "QtSensors",
        "QtSerialPort", "QtSerialBus", "QtRemoteObjects", "QtScxml", "QtDesigner",
    )),
)


class ProjectMetadata(NamedTuple):
    """Name and version as ``pyproject.toml`` states them."""

    name: str
    version: str
    description: str

    @property
    def display_name(self) -> str:
        """``stride-clinic`` -> ``Stride Clinic`` (window title, macOS bundle name)."""
        return " ".join(part.capitalize() for part in self.name.split("-"))


def project_metadata(pyproject: Path = ROOT / "pyproject.toml") -> ProjectMetadata:
    """Read the ``[project]`` table: the spec names and versions the build from it."""
    with pyproject.open("rb") as handle:
        project = tomllib.load(handle)["project"]
    return ProjectMetadata(str(project["name"]), str(project["version"]),
                           str(project.get("description", "")))


def _shipped_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part in SKIPPED_DIRS for part in relative.parts):
            continue
        if path.is_file() and path.suffix not in SKIPPED_SUFFIXES:
            yield path


def data_files(root: Path = ROOT) -> list[tuple[str, str]]:
    """``(source file, destination folder)`` pairs for the spec's ``datas``.

    Every file of each data folder is listed (whatever its type, so new fonts or exercise data
    ship without touching the spec), minus byte-code caches, at the same relative path.
    """
    pairs: list[tuple[str, str]] = []
    for name in DATA_FOLDERS:
        for path in _shipped_files(root / name):
            pairs.append((str(path), path.parent.relative_to(root).as_posix()))
    return pairs


def migration_imports(root: Path = ROOT) -> list[str]:
    """Every module the migration environment and scripts import (PyInstaller cannot see them)."""
    found: set[str] = set()
    for path in _shipped_files(root / "database" / "migrations"):
        if path.suffix != ".py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
    found.discard("__future__")
    return sorted(found)


def hidden_imports(root: Path = ROOT) -> list[str]:
    """Hidden imports for ``Analysis``: the fixed list plus what the migrations import."""
    return sorted(set(BASE_HIDDEN_IMPORTS) | set(migration_imports(root)))
