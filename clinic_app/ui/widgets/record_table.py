"""An editable table of typed records (weeks, runs, shoes, races, injuries), fast by keyboard."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from clinic_app.domain.load.training import km_to_miles, miles_to_km
from clinic_app.domain.patients import parse_date_query
from clinic_app.ui.widgets.announce import set_field_message
from clinic_app.ui.widgets.tables import fit_columns, keep_filling

ERROR_BRUSH = QBrush(QColor("#fde2e1"))


@dataclass(frozen=True)
class Column:
    """One column: record key, header, kind (text, date, int, float, distance, choice, bool)."""

    key: str
    label: str
    kind: str = "text"
    choices: Sequence[tuple[str, str]] = ()
    width: int = 110
    required: bool = False


_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _EnterCommitsDelegate(QStyledItemDelegate):
    """Enter in a cell editor commits at once (not on a later event-loop pass) and moves down.

    Qt's own delegate commits Enter through a queued call, so keys typed in the same burst
    (a fast typist, a paste of keystrokes) would still reach the old editor.
    """

    def __init__(self, grid: EntryGrid) -> None:
        super().__init__(grid)
        self._grid = grid

    @override
    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (isinstance(editor, QWidget) and isinstance(event, QKeyEvent)
                and event.type() == QEvent.Type.KeyPress and event.key() in _ENTER):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self._grid.move_down()
            return True
        return super().eventFilter(editor, event)


class EntryGrid(QTableWidget):
    """A data-entry grid: Enter keeps what was typed and moves down a row, as in a spreadsheet.

    So ``20⏎22⏎24⏎`` fills three weeks; Tab still moves across a row.
    """

    def __init__(self, rows: int, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(rows, columns, parent)
        self.setItemDelegate(_EnterCommitsDelegate(self))

    def move_down(self) -> None:
        """Make the cell below the current one current (stays put on the last row)."""
        row, column = self.currentRow(), self.currentColumn()
        if 0 <= row < self.rowCount() - 1 and column >= 0:
            self.setCurrentCell(row + 1, column)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER and self.state() != QAbstractItemView.State.EditingState:
            self.move_down()
            event.accept()
            return
        super().keyPressEvent(event)


class RecordTable(QWidget):
    """A QTableWidget whose rows read back as dicts of typed values, with errors per cell."""

    changed = Signal()

    def __init__(self, columns: Sequence[Column], add_label: str, parent: QWidget | None = None,
                 unit: str = "km") -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.unit = unit
        self.table = EntryGrid(0, len(self.columns))
        self.table.setAccessibleName(add_label.replace("Add ", "").rstrip("…").capitalize())
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self._set_headers()
        keep_filling(self.table, len(self.columns) - 1)
        self.btn_add = QPushButton(add_label)
        self.btn_remove = QPushButton(self.tr("Remove row"))
        self.label_error = QLabel()
        self.label_error.setStyleSheet("color:#b00020;")
        self.label_error.setWordWrap(True)
        self.label_error.setAccessibleName(self.table.accessibleName() + " error")
        self.label_error.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.btn_add)
        buttons.addWidget(self.btn_remove)
        buttons.addStretch(1)
        self.button_row = buttons
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.label_error)
        layout.addLayout(buttons)
        self.btn_add.clicked.connect(lambda: self.add_row({}))
        self.btn_remove.clicked.connect(self._remove_current)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())

    def _set_headers(self) -> None:
        labels = []
        for c in self.columns:
            suffix = f" ({self.unit})" if c.kind == "distance" else ""
            labels.append(c.label + suffix)
        self.table.setHorizontalHeaderLabels(labels)
        fit_columns(self.table, {i: c.width for i, c in enumerate(self.columns[:-1])})

    def use_unit(self, unit: str) -> None:
        """Read and show distance columns in km or mi from now on (call before ``set_rows``)."""
        self.unit = unit
        self._set_headers()

    # -- rows in -------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        """Replace every row."""
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.table.blockSignals(False)
        for row in rows:
            self.add_row(row, focus=False)
        self.clear_errors()

    def add_row(self, values: dict[str, Any], focus: bool = True) -> None:
        """Append a row (empty cells for missing values)."""
        self.table.blockSignals(True)
        r = self.table.rowCount()
        self.table.insertRow(r)
        for c, column in enumerate(self.columns):
            value = values.get(column.key)
            if column.kind == "choice":
                combo = QComboBox()
                combo.setAccessibleName(column.label)
                combo.addItem("—", None)
                for data, label in column.choices:
                    combo.addItem(label, data)
                index = combo.findData(value) if value is not None else 0
                combo.setCurrentIndex(max(index, 0))
                combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
                self.table.setCellWidget(r, c, combo)
                continue
            item = QTableWidgetItem()
            if column.kind == "bool":
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                              | Qt.ItemFlag.ItemIsSelectable)
                item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
            else:
                item.setText(self._format(column, value))
            self.table.setItem(r, c, item)
        self.table.blockSignals(False)
        if focus:
            self.table.setCurrentCell(r, 0)
            self.table.setFocus()
            self.changed.emit()

    def _format(self, column: Column, value: Any) -> str:
        if value is None or value == "":
            return ""
        if column.kind == "date" and isinstance(value, date):
            return value.isoformat()
        if column.kind == "distance":
            shown = km_to_miles(float(value)) if self.unit == "mi" else float(value)
            return f"{shown:.1f}".rstrip("0").rstrip(".")
        if column.kind == "float":
            return f"{float(value):g}"
        return str(value)

    def _remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    # -- rows out ------------------------------------------------------------------------

    def read(self) -> tuple[list[dict[str, Any]], dict[tuple[int, str], str]]:
        """Typed rows and per-cell errors (row, key) → message; blank rows are skipped."""
        rows: list[dict[str, Any]] = []
        errors: dict[tuple[int, str], str] = {}
        for r in range(self.table.rowCount()):
            values: dict[str, Any] = {}
            blank = True
            for c, column in enumerate(self.columns):
                value, message, typed = self._cell(r, c, column)
                blank = blank and not typed
                values[column.key] = value
                if message:
                    errors[(len(rows), column.key)] = message
            if blank:
                errors = {k: v for k, v in errors.items() if k[0] != len(rows)}
                continue
            for column in self.columns:
                if column.required and values[column.key] in (None, ""):
                    errors[(len(rows), column.key)] = self.tr("Required.")
            rows.append(values)
        return rows, errors

    def rows_or_none(self) -> list[dict[str, Any]] | None:
        """Typed rows, or ``None`` when a cell cannot be read."""
        rows, errors = self.read()
        return None if errors else rows

    def _cell(self, r: int, c: int, column: Column) -> tuple[Any, str, bool]:
        if column.kind == "choice":
            widget = self.table.cellWidget(r, c)
            data = widget.currentData() if isinstance(widget, QComboBox) else None
            return data, "", False
        item = self.table.item(r, c)
        if column.kind == "bool":
            return item is not None and item.checkState() == Qt.CheckState.Checked, "", False
        text = item.text().strip() if item is not None else ""
        if not text:
            return None, "", False
        if column.kind == "date":
            parsed = parse_date_query(text)
            return parsed, "" if parsed else self.tr("Not a date (2026-03-02)."), True
        if column.kind in ("int", "float", "distance"):
            try:
                number = float(text.replace(",", "."))
            except ValueError:
                return None, self.tr("Not a number."), True
            if math.isnan(number) or math.isinf(number):
                return None, self.tr("Not a number."), True
            if column.kind == "int":
                if number != int(number):
                    return None, self.tr("Whole numbers only."), True
                return int(number), "", True
            if column.kind == "distance" and self.unit == "mi":
                number = miles_to_km(number)
            return number, "", True
        return text, "", True

    # -- errors --------------------------------------------------------------------------

    def show_errors(self, errors: dict[tuple[int, str], str], summary: str = "") -> None:
        """Shade the cells at fault and list the messages under the table."""
        self.clear_errors()
        keys = {c.key: i for i, c in enumerate(self.columns)}
        data_rows = self._data_rows()
        lines = []
        for (row, key), message in sorted(errors.items()):
            label = next((c.label for c in self.columns if c.key == key), key)
            lines.append(self.tr("Row {0}, {1}: {2}").format(row + 1, label, message))
            if row < len(data_rows) and key in keys:
                item = self.table.item(data_rows[row], keys[key])
                if item is not None:
                    item.setBackground(ERROR_BRUSH)
        if summary:
            lines.insert(0, summary)
        self.label_error.setText("\n".join(lines))
        self.label_error.setVisible(bool(lines))
        set_field_message(self.table, "\n".join(lines))

    def clear_errors(self) -> None:
        """Remove shading and messages."""
        self.table.blockSignals(True)
        for r in range(self.table.rowCount()):
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c)
                if item is not None:
                    item.setBackground(QBrush())
        self.table.blockSignals(False)
        self.label_error.hide()
        set_field_message(self.table, "")

    def _data_rows(self) -> list[int]:
        """Table rows that hold data (blank rows are skipped when reading)."""
        result = []
        for r in range(self.table.rowCount()):
            if any(self._cell(r, c, col)[2] for c, col in enumerate(self.columns)):
                result.append(r)
        return result

    def set_read_only(self, read_only: bool) -> None:
        """Lock the table (an earlier revision is being shown)."""
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if read_only
                                   else QAbstractItemView.EditTrigger.AllEditTriggers)
        for r in range(self.table.rowCount()):
            for c in range(self.table.columnCount()):
                widget = self.table.cellWidget(r, c)
                if widget is not None:
                    widget.setEnabled(not read_only)
        self.btn_add.setEnabled(not read_only)
        self.btn_remove.setEnabled(not read_only)
