"""Imports point downwards only: nothing below ui/ imports Qt, pyqtgraph or the UI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "clinic_app"
FORBIDDEN = {
    "domain": ("PySide6", "pyqtgraph", "sqlalchemy", "alembic", "reportlab", "clinic_app.ui",
               "clinic_app.services", "clinic_app.persistence", "clinic_app.reports",
               "clinic_app.demo"),
    "persistence": ("PySide6", "pyqtgraph", "clinic_app.ui", "clinic_app.services",
                    "clinic_app.reports", "clinic_app.demo"),
    "reports": ("PySide6", "pyqtgraph", "sqlalchemy", "clinic_app.ui", "clinic_app.services",
                "clinic_app.persistence", "clinic_app.demo"),
    "services": ("PySide6", "pyqtgraph", "clinic_app.ui", "clinic_app.demo"),
    "demo": ("PySide6", "pyqtgraph", "clinic_app.ui"),
}


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_point_downwards(layer: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT.parent)} imports {name}"
        for path in sorted((ROOT / layer).rglob("*.py"))
        for name in _imports(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer])
    ]
    assert offenders == []


def test_layer_check_sees_a_violation(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("from PySide6.QtCore import QObject\nimport sqlalchemy.orm\n")
    assert _imports(sample) == ["PySide6.QtCore", "sqlalchemy.orm"]
