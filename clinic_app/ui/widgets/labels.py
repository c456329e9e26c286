"""The visible label of an input, found the way a sighted user finds it, and names derived from it.

A user reads an input's label from its own text (check box, radio button), the label tied to it
with ``setBuddy``, its form row's label, or — in a grid — the row's label and the column's
heading. Screen-reader and voice-control users must hear (and be able to say) the same words, so
the accessible name starts with that label; a grid cell adds the words that tell it apart
("Left, Result"), and a name used twice on one screen adds its group's title.

``apply_visible_labels`` enforces this once a screen is built, so every form follows one
convention (including sections added later); the accessibility audit checks the same rule.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollBar,
    QTextEdit,
    QWidget,
)

INPUTS: tuple[type[QWidget], ...] = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox,
                                     QCheckBox, QRadioButton, QAbstractSlider, QAbstractItemView)


def plain(text: str) -> str:
    """Text as read: rich text, mnemonic ``&``, a trailing colon and extra spaces removed."""
    text = re.sub(r"<[^>]+>", "", text).replace("&&", "\0").replace("&", "").replace("\0", "&")
    return " ".join(text.split()).rstrip(":").strip()


def is_input(widget: QWidget, root: QWidget) -> bool:
    """An input of its own (not a combo box's editor, a spin box's line edit or a scroll bar)."""
    if not isinstance(widget, INPUTS) or isinstance(widget, QScrollBar):
        return False
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QComboBox | QAbstractSpinBox | QAbstractItemView):
            return False
        parent = parent.parentWidget()
    return True


def find_in(layout: QLayout, widget: QWidget | QLayout) -> QLayout | None:
    """The layout (``layout`` or one nested in it) that directly holds ``widget``."""
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is None:
            continue
        if item.widget() is widget or item.layout() is widget:
            return layout
        child = item.layout()
        if child is not None:
            found = find_in(child, widget)
            if found is not None:
                return found
    return None


def placed_in(widget: QWidget) -> tuple[QFormLayout | QGridLayout, QWidget] | None:
    """The form or grid that places ``widget`` — or the small holder it shares with its error
    line — and the widget that layout places."""
    current = widget
    for _ in range(2):
        parent = current.parentWidget()
        own = parent.layout() if parent is not None else None
        if parent is None or own is None:
            return None
        found = find_in(own, current)
        if isinstance(found, QFormLayout | QGridLayout):
            return found, current
        children = parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if found is None or len(children) > 3:
            return None
        current = parent
    return None


def grid_cell(layout: QGridLayout, widget: QWidget) -> tuple[int, int]:
    """Row and column of ``widget`` in ``layout``."""
    position: tuple[int, int, int, int] = layout.getItemPosition(layout.indexOf(widget))  # type: ignore[assignment]
    return position[0], position[1]


def _text_of(widget: QWidget | None) -> str:
    return plain(widget.text()) if isinstance(widget, QLabel) and widget.text().strip() else ""


def _grid_labels(layout: QGridLayout, item: QWidget) -> tuple[str, str]:
    """The grid row's label (left of the cell) and the column's heading (top row)."""
    row, column = grid_cell(layout, item)
    left = [layout.itemAtPosition(row, c) for c in range(column)]
    texts = [_text_of(cell.widget()) for cell in left if cell is not None]
    row_label = next((t for t in reversed(texts) if t), "")  # the label nearest the cell
    heading = ""
    if row > 0:
        top = layout.itemAtPosition(0, column)
        text = _text_of(top.widget()) if top is not None else ""
        # a heading row: a label above a column with inputs in it
        below = [layout.itemAtPosition(r, column) for r in range(1, layout.rowCount())]
        if text and any(c is not None and isinstance(c.widget(), INPUTS) for c in below):
            heading = text
    return row_label, heading


def label_parts(widget: QWidget, root: QWidget, visible_only: bool = True) -> tuple[str, list[str]]:
    """The label the accessible name must start with, and words it must also contain (a grid
    cell's column heading; a check box's row or own text), or ``("", [])`` if unlabelled."""
    own = plain(widget.text()) if isinstance(widget, QCheckBox | QRadioButton) else ""
    placed = placed_in(widget)
    row_label, heading = ("", "")
    if placed is not None and isinstance(placed[0], QGridLayout):
        row_label, heading = _grid_labels(placed[0], placed[1])
    extras = [t for t in (heading, row_label if own else "") if t]
    form_label = _form_label(widget)
    row_text = _text_of(form_label) if form_label is not None else ""
    if own and row_text:  # "Treatment consent: [x] Consents to assessment and treatment"
        return row_text, [own, *extras]
    if own:
        return own, extras
    for label in root.findChildren(QLabel):
        if (label.buddy() is widget and label.text().strip()
                and (label.isVisibleTo(root) or not visible_only)):
            return plain(label.text()), [heading] if heading else []
    if placed is not None and isinstance(placed[0], QFormLayout):
        return _text_of(placed[0].labelForField(placed[1])), []
    return row_label, [heading] if heading else []


def _form_label(widget: QWidget) -> QLabel | None:
    placed = placed_in(widget)
    if placed is not None and isinstance(placed[0], QFormLayout):
        label = placed[0].labelForField(placed[1])
        return label if isinstance(label, QLabel) else None
    return None


def _group_title(widget: QWidget, root: QWidget) -> str:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QGroupBox) and parent.title().strip():
            return plain(parent.title())
        parent = parent.parentWidget()
    return ""


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def name_fits(name: str, label: str, extras: list[str]) -> bool:
    """True when ``name`` is the label, or the label followed by its context ("Left, Result",
    "Completed today — RMDQ"), and says every extra word (a grid's column or row)."""
    folded, start = _fold(name), _fold(label)
    follows = folded == start or any(folded.startswith(start + sep)
                                     for sep in (",", " —", " (", ":"))
    return follows and all(_fold(e) in folded for e in extras)


def apply_visible_labels(root: QWidget) -> None:
    """Tie each form label to its input and make every input's name start with its label.

    Names already starting with the label (and naming the grid column) are kept; others become
    the label plus the grid's words, and a name used twice under ``root`` adds its group title.
    """
    derived: dict[QWidget, str] = {}
    for widget in root.findChildren(QWidget):
        if not is_input(widget, root):
            continue
        form_label = _form_label(widget)
        if form_label is not None and form_label.buddy() is None \
                and not isinstance(widget, QAbstractButton):
            form_label.setBuddy(widget)
        label, extras = label_parts(widget, root, visible_only=False)
        if not label or name_fits(widget.accessibleName(), label, extras):
            continue
        derived[widget] = ", ".join([label, *extras])
    names = [w.accessibleName() for w in root.findChildren(QWidget) if w not in derived]
    counts: dict[str, int] = {}
    for name in [*names, *derived.values()]:
        counts[name.casefold()] = counts.get(name.casefold(), 0) + 1
    for widget, name in derived.items():
        group = _group_title(widget, root)
        if counts[name.casefold()] > 1 and group:
            name = f"{name} — {group}"
        widget.setAccessibleName(name)
