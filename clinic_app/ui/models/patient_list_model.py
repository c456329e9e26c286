"""The patient list as a Qt table model fed pages of DTOs; ``data()`` never touches the database."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from typing_extensions import override

from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.domain.patients import age_on
from clinic_app.services.dto import PatientCursor, PatientPage, PatientRow
from clinic_app.ui.models.row_table import RowTableModel

_Index = QModelIndex | QPersistentModelIndex
PATIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# Plain ints: data() runs for every role of every visible cell on each paint.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_PATIENT_ID = int(PATIENT_ID_ROLE)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)


class PatientListModel(RowTableModel):
    """Rows of the current search; asks for the next page through ``more_requested``."""

    more_requested = Signal(object)

    COLUMNS = (
        QT_TRANSLATE_NOOP("TableColumns", "Chart no."),
        QT_TRANSLATE_NOOP("TableColumns", "Name"),
        QT_TRANSLATE_NOOP("TableColumns", "Date of birth"),
        QT_TRANSLATE_NOOP("TableColumns", "Age"),
        QT_TRANSLATE_NOOP("TableColumns", "Phone"),
    )

    def __init__(self, today: date | None = None, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._next: PatientCursor | None = None
        self._loading = False
        self._today = today or date.today()
        self._cells: list[tuple[str, str, str, int, str] | None] = []

    def set_page(self, page: PatientPage) -> None:
        """Replace every row with a new first page."""
        self.beginResetModel()
        self._rows = list(page.rows)
        self._cells = [None] * len(self._rows)  # made when first painted, not for every row now
        self._next = page.next_cursor
        self._loading = False
        self.endResetModel()

    def append_page(self, page: PatientPage) -> None:
        """Add the next page under the current rows."""
        self._loading = False
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self._cells.extend([None] * len(page.rows))
            self.endInsertRows()
        self._next = page.next_cursor

    def _texts(self, r: PatientRow) -> tuple[str, str, str, int, str]:
        """A row's cell texts, made once: painting asks for them many times."""
        name = r.display_name + (self.tr("  (archived)") if r.archived else "")
        return (r.chart_label, name, r.birth_date.isoformat(), age_on(r.birth_date, self._today),
                r.phone)

    def _cells_of(self, row: int) -> tuple[str, str, str, int, str]:
        cells = self._cells[row]
        if cells is None:
            cells = self._cells[row] = self._texts(self._rows[row])
        return cells

    @override
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = index.row()
        if not 0 <= row < len(self._rows):
            return None
        if role == _DISPLAY:
            column = index.column()
            return self._cells_of(row)[column] if 0 <= column < len(self.COLUMNS) else None
        if role == _PATIENT_ID:
            return self._rows[row].id
        if role == _TOOLTIP and index.column() == 1:
            return self._cells_of(row)[1]  # the whole name when the column is too narrow
        if role == _FOREGROUND and self._rows[row].archived:
            return QColor("#777777")
        if role == _ALIGNMENT and index.column() == 3:
            return _RIGHT
        return None

    @override
    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._next is not None and not self._loading

    @override
    def fetchMore(self, parent: _Index = QModelIndex()) -> None:
        if self.canFetchMore(parent):
            self._loading = True
            self.more_requested.emit(self._next)
