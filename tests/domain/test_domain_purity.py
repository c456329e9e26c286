"""The domain package imports only the standard library and itself: no Qt, SQL or I/O."""

from __future__ import annotations

import ast
from pathlib import Path

import clinic_app.domain

DOMAIN_DIR = Path(clinic_app.domain.__file__).parent
FORBIDDEN_ROOTS = {
    "PySide6",
    "PyQt6",
    "pyqtgraph",
    "sqlalchemy",
    "alembic",
    "reportlab",
    "os",
    "pathlib",
    "io",
    "sqlite3",
    "subprocess",
    "socket",
    "shutil",
    "tempfile",
}
FORBIDDEN_PACKAGES = (
    "clinic_app.persistence",
    "clinic_app.services",
    "clinic_app.reports",
    "clinic_app.ui",
)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _violations(names: list[str]) -> list[str]:
    bad = []
    for name in names:
        if name.split(".")[0] in FORBIDDEN_ROOTS or any(
            name == pkg or name.startswith(pkg + ".") for pkg in FORBIDDEN_PACKAGES
        ):
            bad.append(name)
    return bad


def test_domain_modules_are_pure() -> None:
    modules = sorted(DOMAIN_DIR.rglob("*.py"))
    assert len(modules) >= 10
    problems = {
        str(path.relative_to(DOMAIN_DIR)): bad for path in modules if (bad := _violations(_imports(path)))
    }
    assert problems == {}


def test_the_checker_catches_forbidden_imports() -> None:
    sample = "import os\nfrom PySide6.QtCore import Qt\nfrom clinic_app.ui.main import X\nimport math\n"
    tree_names: list[str] = []
    for node in ast.walk(ast.parse(sample)):
        if isinstance(node, ast.Import):
            tree_names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            tree_names.append(node.module)
    assert _violations(tree_names) == ["os", "PySide6.QtCore", "clinic_app.ui.main"]


def test_every_domain_module_uses_future_annotations() -> None:
    for path in sorted(DOMAIN_DIR.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.strip().count("\n") == 0:
            continue  # docstring-only package marker
        assert "from __future__ import annotations" in text, path.name
