"""Every user-visible string can be handed to a translator.

``pyside6-lupdate`` reads the sources, not the running program: it finds ``tr("…")``,
``QCoreApplication.translate("Context", "…")`` and ``QT_TRANSLATE_NOOP("Context", "…")`` only when
the text is written there as a literal. A ``tr(label)`` over a variable is invisible to it, and
that text stays English in every translation. Tables of labels are marked with
``QT_TRANSLATE_NOOP`` and translated where they are shown, in the same context.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from clinic_app.ui.pseudo_translation import app_sources, extract

ROOT = Path(__file__).resolve().parents[2] / "clinic_app"
# the domain builds clinical sentences through ``clinic_app.domain.messages.core.translate``
SCANNED = sorted([*(ROOT / "ui").rglob("*.py"), *(ROOT / "tools").rglob("*.py"),
                  *(ROOT / "domain").rglob("*.py")])


@dataclass(frozen=True)
class Found:
    where: str
    call: str
    context: str | None  # None for tr(): lupdate names the context after the enclosing class
    text: str | None  # None when the text is not a literal
    built: bool = False  # the text is built in the call (f-string, "+", "%", .format): never extracted


def _built(node: ast.expr) -> bool:
    return isinstance(node, (ast.JoinedStr, ast.BinOp)) or (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format")


def _literal(node: ast.expr) -> str | None:
    # implicitly concatenated literals ("a " "b") are one Constant in the tree
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return call.func.id if isinstance(call.func, ast.Name) else None


def _constants() -> dict[str, str]:
    """Module-level ``NAME = "text"`` constants of the app, for contexts named by a constant."""
    out: dict[str, str] = {}
    for path in app_sources():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name) and _literal(node.value) is not None):
                out[node.targets[0].id] = str(_literal(node.value))
    return out


CONSTANTS = _constants()


def _context(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return CONSTANTS.get(node.id)
    return _literal(node)


def _wrappers(tree: ast.AST) -> set[int]:
    """Calls that make up a one-line ``def _tr(text): return translate("Ctx", text)`` wrapper:
    lupdate cannot see the texts its callers pass."""
    out = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.FunctionDef) and len(node.body) == 1
                and isinstance(node.body[0], ast.Return) and isinstance(node.body[0].value, ast.Call)):
            params = {a.arg for a in node.args.args}
            call = node.body[0].value
            if any(isinstance(a, ast.Name) and a.id in params for a in call.args):
                out.add(id(call))
    return out


def scan(path: Path) -> list[Found]:
    """Every tr / translate / QT_TRANSLATE_NOOP call in a module, with its literal text if any."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    where = str(path.relative_to(ROOT.parent)) if path.is_relative_to(ROOT.parent) else path.name
    wrappers = _wrappers(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node)
        at = f"{where}:{node.lineno}"
        if name == "tr" and node.args:
            # QObject.tr(widget, "text") names the object first
            unbound = isinstance(node.func, ast.Attribute) and ast.unparse(node.func.value) == "QObject"
            text = node.args[1] if unbound and len(node.args) > 1 else node.args[0]
            found.append(Found(at, ast.unparse(node)[:90], None, _literal(text), _built(text)))
        elif name in ("translate", "QT_TRANSLATE_NOOP") and len(node.args) >= 2:
            context = _context(node.args[0])
            wrapper = id(node) in wrappers
            found.append(Found(at, ast.unparse(node)[:90],
                               "?" if context is None or wrapper else context, _literal(node.args[1]),
                               _built(node.args[1])))
    return found


@pytest.fixture(scope="module")
def calls() -> list[Found]:
    return [f for path in SCANNED for f in scan(path)]


@pytest.fixture(scope="module")
def marked() -> set[str | None]:
    """Contexts of the label tables marked with QT_TRANSLATE_NOOP anywhere in the app (the
    domain marks its own tables with a stub of the same name)."""
    return {f.context for path in app_sources() for f in scan(path)
            if f.call.startswith("QT_TRANSLATE_NOOP") and f.text is not None}


def test_scan_tells_literals_from_variables(tmp_path: Path) -> None:
    module = tmp_path / "sample.py"
    module.write_text('self.tr("Save " "visit")\nself.tr(label)\nself.tr(f"{n} visits")\n'
                      'QCoreApplication.translate("Ctx", kind)\nQT_TRANSLATE_NOOP("Ctx", "Walk")\n'
                      'QCoreApplication.translate(ctx, "Run")\n"abc".translate(table)\n'
                      'translate("Ctx", f"{n} runs")\n'
                      'def _tr(text):\n    return QCoreApplication.translate("Ctx", text)\n')
    texts = sorted((f.context or "", f.text or "") for f in scan(module))
    assert texts == sorted([("", "Save visit"), ("", ""), ("", ""), ("Ctx", ""), ("Ctx", "Walk"),
                            ("?", "Run"), ("?", ""), ("Ctx", "")])
    assert [f.call for f in scan(module) if f.built] == ["self.tr(f'{n} visits')",
                                                        "translate('Ctx', f'{n} runs')"]


def test_every_translated_text_is_a_literal_lupdate_can_read(calls: list[Found],
                                                             marked: set[str | None]) -> None:
    # translate(context, value) is fine for a value taken from a table marked with
    # QT_TRANSLATE_NOOP in that same context: lupdate has extracted the table.
    offenders = [
        f"{f.where}: {f.call}" for f in calls
        if f.context == "?" or f.built
        or (f.text is None and (f.context is None or f.call.startswith("QT_TRANSLATE_NOOP")
                                or f.context not in marked))
    ]
    assert offenders == []
    # the domain's clinical sentences are among them (it has no Qt: messages.core.translate)
    assert sum(f.where.startswith("clinic_app/domain/") and f.call.startswith("translate(")
               for f in calls) > 50


def test_lupdate_extracts_every_literal_in_its_context(calls: list[Found], tmp_path: Path) -> None:
    catalogue = extract(app_sources(), tmp_path / "app.ts")
    everywhere = {text for texts in catalogue.values() for text in texts}
    assert len(everywhere) > 1000  # the whole app was read, not one file
    missing = [
        f"{f.where}: {f.call}" for f in calls if f.text is not None and (
            f.text not in everywhere if f.context is None
            else f.text not in catalogue.get(f.context, set()))
    ]
    assert missing == []
