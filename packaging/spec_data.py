"""What the PyInstaller spec bundles, in one place the spec and the tests both import.

Kept free of PyInstaller imports so ``tests/packaging`` can check it without building anything.
Do not add an ``__init__.py`` to this folder: a package called ``packaging`` would shadow the
PyPI ``packaging`` library that pip, pytest and PyInstaller import.
"""

from __future__ import annotations

import ast
import fnmatch
import os
import tomllib
from collections.abc import Callable, Iterable, Iterator
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
    "pygments",  # only Mako's optional error highlighting
    "numpy.f2py",  # a build tool, not needed at run time
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


# Qt plugins a desktop app never loads, and which drag in large libraries: the virtual keyboard
# (QtQml + QtQuick), the GTK3 theme (cairo, pango, gdk-pixbuf, which then clash with the
# desktop's own GTK), and the embedded-device platforms. xcb, wayland, offscreen and minimal stay.
# Matched against bundle paths: PySide6/Qt/plugins/... (Linux, macOS), PySide6/plugins/... (Windows).
DROPPED_PLUGINS: tuple[str, ...] = tuple(f"PySide6/*plugins/{pattern}" for pattern in (
    "platforminputcontexts/*qtvirtualkeyboardplugin*",
    "platformthemes/*qgtk3*",
    "platforms/*qeglfs*",
    "platforms/*qminimalegl*",
    "platforms/*qlinuxfb*",
    "platforms/*qvnc*",
    "platforms/*qvkkhrdisplay*",
    "egldeviceintegrations/*",
    "generic/*",
))

# Qt's X11 plugin needs these beside libxcb itself, which every X11 desktop has. PyInstaller
# bundles them when the build machine has them (the Debian packages named here).
XCB_HELPER_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
}

TocEntry = tuple[str, str, str]  # PyInstaller TOC: (destination name, source path, type code)


def _is_dropped_plugin(dest: str) -> bool:
    posix = dest.replace("\\", "/")  # Windows TOC names use backslashes
    return any(fnmatch.fnmatchcase(posix, pattern) for pattern in DROPPED_PLUGINS)


def prune_bundle(binaries: Iterable[TocEntry], datas: Iterable[TocEntry],
                 imports_of: Callable[[str], Iterable[str]] | None,
                 ) -> tuple[list[TocEntry], list[TocEntry]]:
    """Remove ``DROPPED_PLUGINS`` and, given ``imports_of``, the libraries only they needed.

    ``imports_of(source path)`` names the shared libraries a binary links against (PyInstaller's
    ``bindepend.get_imports``). A library is removed when it is reachable from a dropped plugin
    and from nothing else in the bundle. Symbolic links to removed files go too (PyInstaller
    files them under ``datas``). With ``imports_of=None`` only the plugin files are removed.
    Returns the new ``(binaries, datas)``.
    """
    binaries, datas = list(binaries), list(datas)
    dropped = {dest for dest, _src, _kind in binaries if _is_dropped_plugin(dest)}
    removed = set(dropped)
    if imports_of is not None:
        sources = {dest: src for dest, src, kind in binaries if kind != "SYMLINK"}
        by_name: dict[str, set[str]] = {}
        for dest in sources:
            by_name.setdefault(os.path.basename(dest), set()).add(dest)

        def deps(dest: str) -> set[str]:
            found: set[str] = set()
            for name in imports_of(sources[dest]):
                found |= by_name.get(os.path.basename(name), set())
            return found

        def closure(starts: Iterable[str]) -> set[str]:
            seen: set[str] = set()
            todo = list(starts)
            while todo:
                dest = todo.pop()
                if dest not in seen:
                    seen.add(dest)
                    todo.extend(deps(dest) - seen)
            return seen

        only_via_dropped = closure(dropped)
        still_needed = closure(dest for dest in sources if dest not in only_via_dropped)
        removed |= only_via_dropped - still_needed

    def keep(entry: TocEntry) -> bool:
        dest, src, kind = entry
        if kind == "SYMLINK":
            return os.path.normpath(os.path.join(os.path.dirname(dest), src)) not in removed
        return dest not in removed

    return [e for e in binaries if keep(e)], [e for e in datas if keep(e)]


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


# Packages that import their own modules by name at run time (PyInstaller cannot see those).
LOADED_BY_NAME: tuple[str, ...] = ("fhir.resources.R4B", "fhir_core")


def loaded_by_name_imports() -> list[str]:
    """Every module of the packages in ``LOADED_BY_NAME`` (fhir.resources loads each FHIR model
    class by name when a Bundle is validated)."""
    import importlib
    import pkgutil

    names: list[str] = []
    for package_name in LOADED_BY_NAME:
        package = importlib.import_module(package_name)
        names.append(package_name)
        names.extend(m.name for m in pkgutil.walk_packages(package.__path__, package_name + ".")
                     if ".tests" not in m.name)
    return names


def hidden_imports(root: Path = ROOT) -> list[str]:
    """Hidden imports for ``Analysis``: the fixed list, what the migrations import, and the
    modules loaded by name."""
    return sorted(set(BASE_HIDDEN_IMPORTS) | set(migration_imports(root))
                  | set(loaded_by_name_imports()))


def missing_xcb_helpers(binaries: Iterable[TocEntry]) -> list[str]:
    """Debian packages whose X11 helper library did not make it into a Linux bundle."""
    bundled = {os.path.basename(dest) for dest, _src, _kind in binaries}
    return [package for library, package in XCB_HELPER_LIBRARIES.items() if library not in bundled]
