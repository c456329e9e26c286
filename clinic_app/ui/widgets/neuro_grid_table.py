"""The neuro grid's editing tables: a line-edit cell editor and fast Tab/Enter navigation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QFocusEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QWidget,
)
from typing_extensions import override

from clinic_app.ui.widgets.neuro_cells import (
    SPECS,
    CellSpec,
)

if TYPE_CHECKING:
    from clinic_app.ui.widgets.neuro_grid import NeuroGridWidget

NAV_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return, Qt.Key.Key_Enter)
BY_PLACE = {(spec.table, spec.row, spec.col): spec for spec in SPECS}


class CellEditor(QLineEdit):
    """The line edit in which one cell's code is typed."""

    def __init__(self, spec: CellSpec, parent: QWidget) -> None:
        super().__init__(parent)
        self.spec = spec


class CodeDelegate(QStyledItemDelegate):
    """Line-edit editor; Tab/Enter commit through the grid, which then moves to the next cell."""

    def __init__(self, grid: NeuroGridWidget, table: int) -> None:
        super().__init__(grid)
        self._grid = grid
        self._table = table

    @override
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        spec = BY_PLACE[(self._table, index.row(), index.column())]
        editor = CellEditor(spec, parent)
        editor.setFrame(False)
        editor.setMaxLength(20)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor.setAccessibleName(self._grid.cell_name(spec))
        return editor

    @override
    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QLineEdit):
            editor.setText(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
            editor.selectAll()

    @override
    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, CellEditor):
            self._grid.commit_text(editor.spec.key, editor.text(), edited=editor.isModified())

    @override
    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (isinstance(editor, CellEditor) and isinstance(event, QKeyEvent)
                and event.type() == QEvent.Type.KeyPress and event.key() in NAV_KEYS):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
            if editor.spec.key in self._grid.invalid_cells():
                self._grid.edit_cell(editor.spec)
            else:
                self._grid.move_from(editor.spec, -1 if _backwards(event) else 1)
            return True
        return super().eventFilter(editor, event)


def _backwards(event: QKeyEvent) -> bool:
    """Shift+Tab (Backtab) moves to the previous cell."""
    return event.key() == Qt.Key.Key_Backtab or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)


class EntryTable(QTableWidget):
    """A grid table whose Tab, Enter and Delete keys go to the grid's own navigation."""

    def __init__(self, grid: NeuroGridWidget, index: int, rows: int, cols: int) -> None:
        super().__init__(rows, cols)
        self._grid = grid
        self._index = index

    def current_spec(self) -> CellSpec | None:
        """The editable cell under the cursor, if any."""
        return BY_PLACE.get((self._index, self.currentRow(), self.currentColumn()))

    def leave(self, forward: bool) -> None:
        """Hand focus to the widget before or after this table."""
        self.setTabKeyNavigation(False)
        self.focusNextPrevChild(forward)
        self.setTabKeyNavigation(not self._grid.read_only)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        spec = self.current_spec()
        if spec is not None and not self._grid.read_only:
            if event.key() in NAV_KEYS:
                self._grid.move_from(spec, -1 if _backwards(event) else 1)
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self._grid.commit_text(spec.key, "", edited=True)
                return
        super().keyPressEvent(event)

    @override
    def sizeHint(self) -> QSize:
        return QSize(self._grid.natural_width(), self.height())

    @override
    def minimumSizeHint(self) -> QSize:
        return QSize(360, self.height())

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._index == 0:
            self._grid.fit_columns()

    @override
    def keyboardSearch(self, search: str) -> None:
        """Typing never jumps to a cell by its text."""

    @override
    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.current_spec() is None:
            first = next(s for s in SPECS if s.table == self._index)
            self.setCurrentCell(first.row, first.col)
