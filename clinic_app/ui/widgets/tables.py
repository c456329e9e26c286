"""One look for every table: whole-row selection, single-line rows, no in-place editing.

Column widths are given for the default font and grow with a larger one (a 125 % or 150 %
font setting), and never fall below what the column's heading needs. The column that fills the
rest of the width keeps a minimum too: when the table is narrower, the least important columns
are hidden (never cut in half: a half-shown phone number reads as a whole one), and only then
does the table scroll sideways — that column is never squeezed to "…".
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView
from typing_extensions import override

ROW_HEIGHT = 24
BASE_LINE_HEIGHT = 16  # the default UI font's line height the widths below were chosen for
HEADER_PADDING = 14  # the header style's margins around its text


def font_scale(table: QTableView) -> float:
    """How much larger than the default the table's font is (1.0 or more)."""
    return max(1.0, table.fontMetrics().height() / BASE_LINE_HEIGHT)


def heading_width(table: QTableView, column: int) -> int:
    """The width a column's heading needs to be read in full."""
    model = table.model()
    header = table.horizontalHeader()
    text = str(model.headerData(column, Qt.Orientation.Horizontal) or "") if model else ""
    lines = text.splitlines() or [""]
    return max(header.fontMetrics().horizontalAdvance(line) for line in lines) + HEADER_PADDING


def fit_columns(table: QTableView, widths: dict[int, int]) -> None:
    """Set column widths (chosen for the default font), scaled and at least their headings."""
    scale = font_scale(table)
    for column, width in widths.items():
        table.setColumnWidth(column, max(round(width * scale), heading_width(table, column)))


class _StretchWithMinimum(QObject):
    """Lets one column take the width left over, but never less than its minimum; columns in
    ``droppable`` are hidden, in that order, while the table is too narrow for them."""

    def __init__(self, table: QTableView, column: int, minimum: int,
                 droppable: tuple[int, ...] = ()) -> None:
        super().__init__(table)
        self._table = table
        self._column = column
        self._minimum = minimum
        self._droppable = droppable
        self._busy = False
        header = table.horizontalHeader()
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.sectionResized.connect(self._others_resized)
        table.viewport().installEventFilter(self)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fill()
        return False

    def _others_resized(self, column: int, _old: int, _new: int) -> None:
        if column != self._column:
            self.fill()

    def _available(self) -> int:
        header = self._table.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(header.count())
                     if c != self._column and not header.isSectionHidden(c))
        return self._table.viewport().width() - others

    def fill(self) -> None:
        """Give the column what the others leave (dropping columns if need be), or its minimum."""
        if self._busy:
            return
        self._busy = True
        try:
            header = self._table.horizontalHeader()
            for column in self._droppable:
                header.setSectionHidden(column, False)
            for column in self._droppable:
                if self._available() >= self._minimum:
                    break
                header.setSectionHidden(column, True)
            wanted = max(self._minimum, self._available())
            if header.sectionSize(self._column) != wanted:
                header.resizeSection(self._column, wanted)
        finally:
            self._busy = False


def keep_filling(table: QTableView, column: int, minimum_text: str = "",
                 droppable: tuple[int, ...] = ()) -> None:
    """Make ``column`` fill the table's free width, keeping its heading and ``minimum_text``
    readable; when the table is too narrow, hide the ``droppable`` columns (in that order)."""
    needed = table.fontMetrics().horizontalAdvance(minimum_text) + HEADER_PADDING if minimum_text else 0
    minimum = max(heading_width(table, column), needed)
    _StretchWithMinimum(table, column, minimum, droppable).fill()


def configure_table(table: QTableView, widths: dict[int, int] | None = None,
                    stretch: int | None = None, stretch_min_text: str = "",
                    droppable: tuple[int, ...] = ()) -> None:
    """Apply the shared table look; ``widths`` fixes columns, ``stretch`` fills the rest (at
    least ``stretch_min_text`` wide, hiding ``droppable`` columns on a narrow table)."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(max(ROW_HEIGHT, table.fontMetrics().height() + 8))
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    fit_columns(table, widths or {})
    if stretch is not None:
        keep_filling(table, stretch, stretch_min_text, droppable)


def steady_on_reset(table: QTableView) -> None:
    """Keep a table's geometry when its rows are replaced, so each replacement paints it once.

    A chart's tables are refilled on every patient switch. Left to Qt, a refill paints the rows
    in the old layout, lays them out on a deferred timer, shows or hides the vertical scroll bar
    (which narrows the rows and fits the columns again) and paints twice more. Here the scroll
    bar is always shown, so the width never changes, and the rows are laid out as soon as the
    model resets: one paint, at the final geometry.
    """
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    model = table.model()
    if model is not None:
        model.modelReset.connect(table.doItemsLayout)
