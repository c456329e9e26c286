"""The reports layer stays pure: no Qt, no database, no services or UI."""

from __future__ import annotations

import ast
from pathlib import Path

REPORTS = Path(__file__).resolve().parents[2] / "clinic_app" / "reports"
FORBIDDEN = ("PySide6", "pyqtgraph", "sqlalchemy", "alembic", "clinic_app.ui", "clinic_app.services",
             "clinic_app.persistence")


def imported_modules(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.level == 0:
                names.append(node.module)
            elif node.module.split(".")[0] in ("ui", "services", "persistence"):
                names.append("clinic_app." + node.module)
    return names


def test_reports_import_nothing_from_qt_the_database_or_upper_layers() -> None:
    files = sorted(REPORTS.rglob("*.py"))
    assert len(files) >= 5
    offenders = [
        f"{path.name} imports {name}"
        for path in files
        for name in imported_modules(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)
    ]
    assert offenders == []


def test_layer_check_sees_a_violation(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("from PySide6.QtCore import QObject\nimport sqlalchemy.orm\nfrom ..services import x\n")
    assert imported_modules(sample) == ["PySide6.QtCore", "sqlalchemy.orm", "clinic_app.services"]
