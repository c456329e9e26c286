"""Read-only tables whose cells Qt holds, so painting a cell never calls into Python.

A view asks its model for seven roles of every cell it paints. Asked of a model written in
Python, each of those is a call from C++ into Python: the Overview's visit timeline (thirteen
rows of five cells in view) paints in 3.6 ms from a Python model and in 2.1 ms from Qt's own
``QStandardItemModel`` holding the same texts, and a chart switch paints two such tables.

``HeldRowsModel`` is that ``QStandardItemModel``, written from a list of DTO rows. It writes
the cells of the rows a view shows (and a screen either side) as the view scrolls or grows,
not every row: writing all of a long history (411 visits, five cells each) would cost more
than the painting it saves. The rows themselves stay in Python (``row_at``, ``row_of``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView
from typing_extensions import override

Extra = tuple[int, int, object]
"""A cell's other role: (column, role, value), e.g. a tooltip or a font."""


class HeldRowsModel(QStandardItemModel):
    """DTO rows with an ``id`` under fixed column titles; subclasses say each row's texts.

    Column titles are marked ``QT_TRANSLATE_NOOP("TableColumns", …)`` and translated here.
    """

    COLUMNS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(0, len(self.COLUMNS), parent)
        self.setHorizontalHeaderLabels(
            [QCoreApplication.translate("TableColumns", title) for title in self.COLUMNS])
        # cells Qt makes as they are written: read-only, selectable, no children
        prototype = QStandardItem()
        prototype.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
                           | Qt.ItemFlag.ItemNeverHasChildren)
        self.setItemPrototype(prototype)
        self._rows: list[Any] = []
        self._written = bytearray()  # 1 for each row whose cells are written
        self._followed = False  # a view says which rows it shows (else every row is written)

    # -- what subclasses say -----------------------------------------------------------------

    def texts(self, row: Any) -> Sequence[str]:
        """The row's cell texts, one per column."""
        raise NotImplementedError

    def extras(self, row: Any) -> Iterable[Extra]:
        """The row's cells' other roles (none by default)."""
        return ()

    # -- the rows ----------------------------------------------------------------------------

    def set_rows(self, rows: Iterable[Any]) -> None:
        """Replace the rows shown (a model reset: views lay out once, at the new size)."""
        self.beginResetModel()
        blocked = self.blockSignals(True)  # inside the reset: views hear only the reset
        try:
            self.setRowCount(0)
            self._rows = list(rows)
            self.setRowCount(len(self._rows))
            self._written = bytearray(len(self._rows))
            if not self._followed:
                self.write_rows(0, len(self._rows) - 1)
        finally:
            self.blockSignals(blocked)
        self.endResetModel()  # a following view writes the rows it shows

    def row_at(self, row: int) -> Any:
        """The DTO shown on ``row``."""
        return self._rows[row]

    def row_of(self, row_id: int) -> int:
        """The row showing the DTO with ``id == row_id``, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == row_id), -1)

    def write_rows(self, first: int, last: int) -> None:
        """Write the cells of rows ``first`` to ``last`` (clamped) not written yet."""
        written = self._written
        first, last = max(0, first), min(len(self._rows) - 1, last)
        if first > last or 0 not in written[first:last + 1]:
            return
        index, set_data = self.index, self.setData
        # Written before the view paints them (rows just set, scrolled to, shown): no view
        # needs telling that the cells changed.
        blocked = self.blockSignals(True)
        try:
            for r in range(first, last + 1):
                if written[r]:
                    continue
                row = self._rows[r]
                for column, text in enumerate(self.texts(row)):
                    set_data(index(r, column), text)
                for column, role, value in self.extras(row):
                    set_data(index(r, column), value, role)
                written[r] = 1
        finally:
            self.blockSignals(blocked)

    def follow(self, view: QTableView) -> None:
        """Write the rows ``view`` shows when the rows are set, and as it scrolls or grows
        the rows it shows and a screen either side. Call after ``view.setModel(self)``."""
        self._followed = True
        _Follower(self, view)

    @override
    def match(self, start: QModelIndex | QPersistentModelIndex, role: int, value: Any,
              hits: int = 1,
              flags: Qt.MatchFlag = Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchWrap,
              ) -> list[QModelIndex]:
        """Searched over every row (typing in a table jumps to a row not yet written too)."""
        self.write_rows(0, len(self._rows) - 1)
        return super().match(start, role, value, hits, flags)


_SHOWN = frozenset({QEvent.Type.Resize, QEvent.Type.Show})


class _Follower(QObject):
    """Keeps a view's rows written: those in view when the rows are set (after the view has
    laid them out), when it is shown or resized, and those in view and a screen either side
    as it scrolls."""

    def __init__(self, model: HeldRowsModel, view: QTableView) -> None:
        super().__init__(view)
        self._model = model
        self._view = view
        model.modelReset.connect(self._write_shown)  # after the view's own handling of it
        bar = view.verticalScrollBar()
        bar.valueChanged.connect(self._write_ahead)
        bar.rangeChanged.connect(self._write_shown)
        view.viewport().installEventFilter(self)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _SHOWN:
            self._write_shown()
        return False

    def _write_shown(self) -> None:
        self._write(ahead=False)

    def _write_ahead(self, *_args: object) -> None:
        self._write(ahead=True)

    def _write(self, ahead: bool) -> None:
        view = self._view
        if view.model() is not self._model or not view.isVisible():
            return  # a hidden view writes what it shows when it is shown
        first = view.rowAt(0)
        if first < 0:
            return
        last = view.rowAt(view.viewport().height() - 1)
        if last < 0:
            last = self._model.rowCount() - 1
        screen = last - first + 1 if ahead else 0
        self._model.write_rows(first - screen, last + screen)
