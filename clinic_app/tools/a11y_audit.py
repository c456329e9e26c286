"""Check a screen the way a screen-reader user meets it, and that tables are readable.

For every visible input the *visible label* is found the way a sighted user finds it — the
input's own text (check box, radio button), the label tied to it with ``setBuddy``, its form row's
label, or in a grid the row's label and the column's heading — and the name assistive technology
reads must start with that label (and, in a grid, also name the column). A label ending in ":"
that sits beside an input must be tied to it. No table column may be narrower than its heading.

Used by the accessibility test (every tab and dialog) and by ``make screenshots``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QTableView,
    QWidget,
)

from clinic_app.ui.widgets.labels import INPUTS, find_in, is_input, label_parts, name_fits, plain

# Room Qt's header style takes around the text.
HEADER_PADDING = 8


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing a user would trip over: where, which widget, what is wrong."""

    screen: str
    widget: str
    issue: str

    def __str__(self) -> str:
        return f"{self.screen}: {self.widget}: {self.issue}"


def spoken_name(widget: QWidget) -> str:
    """The name assistive technology reads for ``widget``.

    The accessible name when one is set; else what Qt derives (a button's text). A combo box's
    derived name is its current value on some platforms, never its label, so it counts as none.
    """
    name = widget.accessibleName()
    if not name and not isinstance(widget, QComboBox):
        iface = QAccessible.queryAccessibleInterface(widget)
        name = iface.text(QAccessible.Text.Name) if iface is not None else ""
    return " ".join(name.split())


def _describe(widget: QWidget) -> str:
    name = spoken_name(widget)
    return f"{type(widget).__name__} {name!r}" if name else type(widget).__name__


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def check_names(root: QWidget, screen: str) -> list[Problem]:
    """Every visible input's spoken name starts with its visible label (and names its cell)."""
    problems: list[Problem] = []
    for widget in root.findChildren(QWidget):
        if not is_input(widget, root) or not widget.isVisibleTo(root):
            continue
        name = spoken_name(widget)
        label, extras = label_parts(widget, root)
        if not name:
            problems.append(Problem(screen, _describe(widget), "has no accessible name"))
        elif label and not name_fits(name, label, extras):
            wanted = ", ".join([label, *extras])
            problems.append(Problem(screen, _describe(widget),
                                    f"accessible name is not its visible label {wanted!r}"))
    return problems


def check_buddies(root: QWidget, screen: str) -> list[Problem]:
    """A label ending in ':' beside an input is tied to it (screen readers announce it)."""
    problems: list[Problem] = []
    for label in root.findChildren(QLabel):
        text = label.text().strip()
        if not label.isVisibleTo(root) or not text.endswith(":") or label.buddy() is not None:
            continue
        target = _input_beside(label)
        if target is not None:
            problems.append(Problem(screen, f"label {plain(text)!r}",
                                    f"is not tied (setBuddy) to its {_describe(target)}"))
    return problems


def _input_beside(label: QLabel) -> QWidget | None:
    """The input placed right after ``label`` in its layout (its form row's field), if any."""
    parent = label.parentWidget()
    own = parent.layout() if parent is not None else None
    layout = find_in(own, label) if own is not None else None
    if layout is None:
        return None
    if isinstance(layout, QFormLayout):
        position: tuple[int, object] = layout.getItemPosition(layout.indexOf(label))  # type: ignore[assignment]
        row = position[0]
        field = layout.itemAt(row, QFormLayout.ItemRole.FieldRole) if row >= 0 else None
        widget = field.widget() if field is not None else None
        return _first_input(widget)
    index = layout.indexOf(label)
    if isinstance(layout, QGridLayout):
        return None  # grid labels are row or column headings, checked through the names
    following = layout.itemAt(index + 1) if index >= 0 else None
    widget = following.widget() if following is not None else None
    return _first_input(widget)


def _first_input(widget: QWidget | None) -> QWidget | None:
    if widget is None:
        return None
    if isinstance(widget, INPUTS) and not isinstance(widget, QAbstractButton | QAbstractItemView):
        return widget
    if isinstance(widget, QAbstractItemView):
        return widget
    inputs = [w for w in widget.findChildren(QWidget) if isinstance(w, INPUTS)
              and not isinstance(w, QAbstractButton)]
    return inputs[0] if len(inputs) == 1 else None


def check_columns(root: QWidget, screen: str) -> list[Problem]:
    """No visible table column is narrower than its heading."""
    problems: list[Problem] = []
    for table in root.findChildren(QTableView):
        if not table.isVisibleTo(root) or table.model() is None:
            continue
        header = table.horizontalHeader()
        if header.isHidden():
            continue
        metrics = header.fontMetrics()
        model = table.model()
        for section in range(header.count()):
            if header.isSectionHidden(section):
                continue
            text = str(model.headerData(section, header.orientation()) or "")
            lines = text.splitlines() or [""]
            needed = max(metrics.horizontalAdvance(line) for line in lines) + HEADER_PADDING
            width = header.sectionSize(section)
            if width < needed:
                problems.append(Problem(screen, f"table {spoken_name(table)!r}",
                                        f"column {text!r} is {width} px, narrower than its "
                                        f"heading ({needed} px)"))
    return problems


def audit(root: QWidget, screen: str) -> list[Problem]:
    """Every check on one screen."""
    return check_names(root, screen) + check_buddies(root, screen) + check_columns(root, screen)
