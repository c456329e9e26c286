"""The PyInstaller spec ships every file the app reads at run time. Nothing here builds."""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "stride-clinic.spec"


def _load_spec_data() -> ModuleType:
    # Loaded by path under its own name: ``packaging`` is also the PyPI library pytest imports.
    name = "stride_clinic_spec_data"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / "spec_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


spec_data = _load_spec_data()


def bundle_contents(pairs: list[tuple[str, str]]) -> dict[str, Path]:
    """Where each ``datas`` pair lands in the bundle: bundle path -> source file."""
    contents: dict[str, Path] = {}
    for source, dest in pairs:
        src = Path(source)
        files = [src] if src.is_file() else [p for p in src.rglob("*") if p.is_file()]
        for file in files:
            inside = file.name if file == src else file.relative_to(src).as_posix()
            contents[f"{dest.rstrip('/')}/{inside}" if dest not in ("", ".") else inside] = file
    return contents


@pytest.fixture(scope="module")
def shipped() -> dict[str, Path]:
    return bundle_contents(spec_data.data_files())


def _runtime_files(folder: str) -> list[Path]:
    return [p for p in (ROOT / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]


@pytest.mark.parametrize("folder", ["resources", "database/migrations"])
def test_every_runtime_file_is_shipped_at_its_relative_path(folder: str,
                                                            shipped: dict[str, Path]) -> None:
    files = _runtime_files(folder)
    assert files, f"{folder} is empty"
    missing = [p.relative_to(ROOT).as_posix() for p in files
               if shipped.get(p.relative_to(ROOT).as_posix()) != p]
    assert not missing, f"not in the spec's datas (or at another path): {missing}"


def test_migrations_environment_and_versions_are_shipped(shipped: dict[str, Path]) -> None:
    assert "database/migrations/env.py" in shipped
    assert "database/migrations/script.py.mako" in shipped
    versions = [name for name in shipped if name.startswith("database/migrations/versions/")]
    assert versions and all(name.endswith(".py") for name in versions)


def test_no_byte_code_caches_or_foreign_files_are_shipped(shipped: dict[str, Path]) -> None:
    assert all(source.is_file() for source in shipped.values())
    assert not [name for name in shipped if "__pycache__" in name or name.endswith(".pyc")]
    assert all(name.startswith(("resources/", "database/migrations/")) for name in shipped)


def test_self_test_required_resources_are_shipped(shipped: dict[str, Path]) -> None:
    from clinic_app.self_test import REQUIRED_RESOURCES

    for parts in REQUIRED_RESOURCES:
        assert "resources/" + "/".join(parts) in shipped, parts


def _resource_calls() -> list[tuple[str, int, list[str], bool]]:
    """Every ``paths.resource(...)`` call in clinic_app: file, line, literal leading args, all literal."""
    calls: list[tuple[str, int, list[str], bool]] = []
    for path in sorted((ROOT / "clinic_app").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        imports_resource = any(
            isinstance(node, ast.ImportFrom) and node.module == "clinic_app.paths"
            and any(alias.name == "resource" and alias.asname in (None, "resource")
                    for alias in node.names)
            for node in ast.walk(tree))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            is_resource = (isinstance(func, ast.Name) and func.id == "resource" and imports_resource) or (
                isinstance(func, ast.Attribute) and func.attr == "resource"
                and isinstance(func.value, ast.Name) and func.value.id == "paths")
            if not is_resource:
                continue
            literal: list[str] = []
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    literal.append(arg.value)
                else:
                    break
            all_literal = len(literal) == len(node.args) and not node.keywords
            calls.append((str(path.relative_to(ROOT)), node.lineno, literal, all_literal))
    return calls


def test_literal_resource_calls_point_to_shipped_files(shipped: dict[str, Path]) -> None:
    calls = _resource_calls()
    assert any(literal == ["icons", "app.svg"] for _f, _l, literal, _a in calls), \
        "the scan no longer finds cli.py's resource('icons', 'app.svg'): fix the scanner"
    problems = []
    for file, line, literal, all_literal in calls:
        if not literal:
            continue
        name = "resources/" + "/".join(literal)
        if all_literal:
            if not (ROOT / name).is_file() or name not in shipped:
                problems.append(f"{file}:{line} resource{tuple(literal)} -> {name} missing")
        elif not any(shipped_name.startswith(name + "/") for shipped_name in shipped):
            problems.append(f"{file}:{line} resource{tuple(literal)}, ...) -> no shipped file under {name}/")
    assert not problems, "\n".join(problems)


def test_migration_imports_are_hidden_imports() -> None:
    hidden = set(spec_data.hidden_imports())
    assert {"clinic_app.persistence.models", "clinic_app.persistence.db"} <= hidden
    assert set(spec_data.migration_imports()) <= hidden
    for needed in ("alembic", "sqlalchemy.dialects.sqlite", "sqlalchemy.dialects.postgresql",
                   "sqlalchemy.dialects.postgresql.psycopg", "psycopg", "psycopg_binary",
                   "PySide6.QtSvg", "PySide6.QtPrintSupport", "PySide6.QtPdf"):
        assert needed in hidden, needed


def _qt_modules_imported_by_the_app() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "clinic_app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            found.update(n for n in names if n.startswith("PySide6."))
    return found


def test_excludes_never_remove_what_the_app_imports() -> None:
    excluded = set(spec_data.EXCLUDES)
    clash = (_qt_modules_imported_by_the_app() | set(spec_data.hidden_imports())) & excluded
    assert not clash, f"imported or hidden-imported but excluded in spec_data.EXCLUDES: {clash}"
    assert {"tkinter", "PySide6.QtWebEngineCore", "PySide6.Qt3DCore", "PySide6.QtQuick3D",
            "PySide6.QtMultimedia"} <= excluded


def test_project_metadata_is_read_from_pyproject(tmp_path: Path) -> None:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    meta = spec_data.project_metadata()
    assert (meta.name, meta.version) == (project["name"], project["version"])
    assert meta.display_name == "Stride Clinic"

    other = tmp_path / "pyproject.toml"
    other.write_text('[project]\nname = "other-app"\nversion = "9.8.7"\n', encoding="utf-8")
    assert spec_data.project_metadata(other)[:2] == ("other-app", "9.8.7")


def test_pyproject_version_matches_the_app() -> None:
    from clinic_app import __version__

    assert spec_data.project_metadata().version == __version__, \
        "pyproject.toml and clinic_app.__version__ disagree: installers and --version would differ"


def _spec_calls() -> dict[str, ast.Call]:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), str(SPEC))
    calls: dict[str, ast.Call] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            calls.setdefault(node.func.id, node)
    return calls


def _keyword(call: ast.Call, name: str) -> str:
    value = next(k.value for k in call.keywords if k.arg == name)
    return ast.unparse(value)


def test_spec_takes_everything_from_spec_data_and_builds_one_windowed_folder() -> None:
    calls = _spec_calls()
    assert {"Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"} <= calls.keys()
    analysis = calls["Analysis"]
    assert ast.unparse(analysis.args[0]) == "[str(spec_data.ENTRY_POINT)]"
    assert spec_data.ENTRY_POINT == ROOT / "clinic_app" / "__main__.py"
    assert _keyword(analysis, "datas") == "spec_data.data_files()"
    assert _keyword(analysis, "hiddenimports") == "spec_data.hidden_imports()"
    assert _keyword(analysis, "excludes") == "list(spec_data.EXCLUDES)"
    exe = calls["EXE"]
    assert _keyword(exe, "console") == "False"
    assert _keyword(exe, "exclude_binaries") == "True"  # one folder, not one file
    assert _keyword(exe, "name") == "META.name"
    assert _keyword(calls["COLLECT"], "name") == "META.name"
    assert _keyword(calls["BUNDLE"], "version") == "META.version"
    assert "META = spec_data.project_metadata()" in SPEC.read_text(encoding="utf-8")


def test_icons_exist_in_the_formats_installers_need() -> None:
    png = spec_data.ICON_PNG.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (256, 256)
    assert spec_data.ICON_ICO.read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert spec_data.ICON_ICNS.read_bytes()[:4] == b"icns"


def test_prune_bundle_drops_unused_plugins_and_only_their_libraries() -> None:
    plugins = "PySide6/Qt/plugins"
    binaries = [
        (f"{plugins}/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
        (f"{plugins}/platforms/libqeglfs.so", "/src/libqeglfs.so", "BINARY"),
        (f"{plugins}/platforminputcontexts/libqtvirtualkeyboardplugin.so", "/src/vk.so", "BINARY"),
        ("PySide6/QtGui.abi3.so", "/src/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Quick.so.6", "/src/libQt6Quick.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6", "/src/libQt6Egl.so.6", "BINARY"),
        ("libxcb-icccm.so.4", "/src/libxcb-icccm.so.4", "BINARY"),
    ]
    datas = [
        ("libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Quick.so.6", "SYMLINK"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("resources/icons/app.svg", "/src/app.svg", "DATA"),
    ]
    links = {
        "/src/libqxcb.so": ["libQt6Gui.so.6", "libxcb-icccm.so.4", "libc.so.6"],
        "/src/libqeglfs.so": ["libQt6Gui.so.6", "libQt6EglFSDeviceIntegration.so.6"],
        "/src/vk.so": ["libQt6Quick.so.6", "libQt6Gui.so.6"],
        "/src/QtGui.abi3.so": ["libQt6Gui.so.6"],
        "/src/libQt6Quick.so.6": ["libQt6Gui.so.6"],
    }
    kept, kept_datas = spec_data.prune_bundle(binaries, datas, lambda src: links.get(src, []))
    assert [dest for dest, _s, _k in kept] == [
        f"{plugins}/platforms/libqxcb.so", "PySide6/QtGui.abi3.so", "PySide6/Qt/lib/libQt6Gui.so.6",
        "libxcb-icccm.so.4"]
    assert [dest for dest, _s, _k in kept_datas] == ["libQt6Gui.so.6", "resources/icons/app.svg"]

    only_plugins, _ = spec_data.prune_bundle(binaries, datas, None)
    assert len(only_plugins) == len(binaries) - 2


def test_windows_plugin_paths_are_matched_too() -> None:
    binaries = [("PySide6\\plugins\\platforminputcontexts\\qtvirtualkeyboardplugin.dll", "x", "BINARY"),
                ("PySide6\\plugins\\platforms\\qwindows.dll", "y", "BINARY"),
                ("PySide6\\plugins\\platforms\\qvnc.dll", "z", "BINARY")]
    kept, _ = spec_data.prune_bundle(binaries, [], None)
    assert [dest for dest, _s, _k in kept] == [binaries[1][0]]


def test_xcb_helper_check_names_the_debian_packages() -> None:
    assert spec_data.missing_xcb_helpers([("libxcb-cursor.so.0", "s", "BINARY")]) == [
        "libxcb-icccm4", "libxcb-keysyms1"]
    from clinic_app.qt_platform import XCB_LIBRARIES

    assert set(spec_data.XCB_HELPER_LIBRARIES.values()) == set(XCB_LIBRARIES.values())
    assert all(re.fullmatch(r"lib[\w-]+\.so\.\d+", lib) for lib in spec_data.XCB_HELPER_LIBRARIES)
