"""Check a screen shown under the pseudo-translation: no English left, nothing cut off.

With ``PseudoTranslator`` installed every text a translator would be given comes out accented and
about 30 % longer. On each visible label, button, group box title, tab, table heading and the
window title this finds

* text with no pseudo-translated piece: it was built outside ``tr()`` or never extracted, so it
  would stay English in every translation (data — names, dates, numbers, clinical abbreviations
  such as ODI — is not text to translate and is ignored);
* text that no longer fits: a label or button narrower than its text (without word wrap), or a
  tab whose title Qt had to elide.

Used by ``python -m clinic_app.tools.screenshots --pseudo`` and the pseudo-translation test.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QGroupBox,
    QLabel,
    QListWidget,
    QTabBar,
    QWidget,
)

from clinic_app.tools.a11y_audit import Problem
from clinic_app.ui.pseudo_translation import is_pseudo

# Words that are the same in every language here: names, clinical abbreviations and units.
PROPER_NAMES = ("Stride Clinic", "SQLite", "PostgreSQL")
_ABBREVIATION = re.compile(r"\b[A-Z][A-Z0-9]{1,7}s?\b|\b(?:km|kg|cm|mm|min|bpm|spm|h)\b")
_TAG = re.compile(r"<[^>]+>|&[a-z]+;|&#\d+;")
_LETTER = re.compile(r"[^\W\d_]")
CLIP_TOLERANCE = 1


def plain_text(text: str) -> str:
    """Text as shown: HTML tags and entities removed, the mnemonic "&" dropped."""
    return _TAG.sub(" ", text).replace("&&", "\x00").replace("&", "").replace("\x00", "&")


def is_untranslated(text: str, data: Iterable[str] = ()) -> bool:
    """True when ``text`` shows words but nothing of it went through the translator."""
    shown = plain_text(text)
    if is_pseudo(shown):
        return False
    for value in sorted((*data, *PROPER_NAMES), key=len, reverse=True):
        if value:
            shown = shown.replace(value, " ")
    return bool(_LETTER.search(_ABBREVIATION.sub(" ", shown)))


@lru_cache(maxsize=1)
def domain_phrases() -> tuple[frozenset[str], frozenset[str]]:
    """The literal pieces of text written in ``clinic_app/domain`` (f-strings split at their
    fields): clinical statements, findings, questionnaire wording. The domain hands its sentences
    to ``domain.messages.core.translate``; one shown in English was built past it, so the audit
    names it "domain text" (fixed in the domain, not in the UI that shows it)."""
    phrases: set[str] = set()
    literals: set[str] = set()
    root = Path(__file__).resolve().parents[1] / "domain"
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value.strip())
                for piece in re.split(r"\{[^{}]*\}", node.value):
                    if len(piece.strip()) >= 12 and " " in piece.strip():
                        phrases.add(piece.strip())
    return frozenset(phrases), frozenset(literals)


def from_domain(text: str) -> bool:
    """True when ``text`` shows a phrase written in the domain package (or is one of its words,
    numbered as a questionnaire item: "3. Lifting")."""
    shown = " ".join(plain_text(text).split())
    phrases, literals = domain_phrases()
    return (re.sub(r"^\d+\.\s*", "", shown) in literals
            or any(phrase in shown for phrase in phrases))


def _where(widget: QWidget) -> str:
    name = widget.objectName() or widget.accessibleName()
    return f"{type(widget).__name__} {name!r}" if name else type(widget).__name__


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget.isVisibleTo(root) and widget.isVisible()


def check_untranslated(root: QWidget, screen: str, data: Iterable[str] = ()) -> list[Problem]:
    """Visible text that did not come through the translator."""
    data = tuple(data)
    problems: list[Problem] = []

    def check(widget: QWidget, what: str, text: str) -> None:
        if text and is_untranslated(text, data):
            source = "domain text" if from_domain(text) else what
            problems.append(Problem(screen, _where(widget), f"{source} not translated: {text!r}"))

    if root.isWindow():
        check(root, "window title", root.windowTitle())
    for label in root.findChildren(QLabel):
        if _shown(label, root) and label.pixmap().isNull():
            check(label, "label", label.text())
    for button in root.findChildren(QAbstractButton):
        if _shown(button, root):
            check(button, "button", button.text())
    for box in root.findChildren(QGroupBox):
        if _shown(box, root):
            check(box, "group title", box.title())
    for bar in root.findChildren(QTabBar):
        if _shown(bar, root):
            for i in range(bar.count()):
                check(bar, "tab", bar.tabText(i))
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        header = getattr(view, "horizontalHeader", None)
        if model is None or header is None or not _shown(view, root) or header().isHidden():
            continue
        for column in range(model.columnCount()):
            if not header().isSectionHidden(column):
                heading = model.headerData(column, Qt.Orientation.Horizontal)
                check(view, "column heading", str(heading) if heading is not None else "")
    return problems


def check_clipped(root: QWidget, screen: str) -> list[Problem]:
    """Labels and buttons narrower than their text, tabs whose titles are elided and list
    entries (one line each) wider than their list."""
    problems: list[Problem] = []
    for view in root.findChildren(QListWidget):
        if not _shown(view, root) or view.wordWrap():
            continue
        room = view.viewport().width()
        for row in range(view.count()):
            item = view.item(row)
            if item.isHidden():
                continue
            needed = view.visualItemRect(item).left() + max(
                view.fontMetrics().horizontalAdvance(line) for line in (item.text() or " ").split("\n"))
            if needed + 6 > room:
                problems.append(Problem(screen, _where(view),
                                        f"list entry cut off ({room} px for {needed + 6} px): "
                                        f"{item.text()!r}"))
    for label in root.findChildren(QLabel):
        if (not _shown(label, root) or label.wordWrap() or not label.text()
                or not label.pixmap().isNull()):
            continue
        if label.sizeHint().width() > label.width() + CLIP_TOLERANCE:
            problems.append(Problem(screen, _where(label),
                                    f"label cut off ({label.width()} px for "
                                    f"{label.sizeHint().width()} px): {plain_text(label.text())!r}"))
    for button in root.findChildren(QAbstractButton):
        if not _shown(button, root) or not button.text():
            continue
        if button.sizeHint().width() > button.width() + CLIP_TOLERANCE:
            problems.append(Problem(screen, _where(button),
                                    f"button cut off ({button.width()} px for "
                                    f"{button.sizeHint().width()} px): {plain_text(button.text())!r}"))
    for bar in root.findChildren(QTabBar):
        if not _shown(bar, root):
            continue
        for i in range(bar.count()):
            if bar.tabRect(i).width() + CLIP_TOLERANCE < bar.tabSizeHint(i).width():
                problems.append(Problem(screen, _where(bar),
                                        f"tab title elided: {plain_text(bar.tabText(i))!r}"))
    return problems


def pseudo_audit(root: QWidget, screen: str, data: Iterable[str] = ()) -> list[Problem]:
    """Untranslated and cut-off text on one screen."""
    data = tuple(data)
    return check_untranslated(root, screen, data) + check_clipped(root, screen)
