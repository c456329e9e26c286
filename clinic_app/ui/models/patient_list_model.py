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

from clinic_app.domain.patients import age_on
from clinic_app.services.dto import PatientCursor, PatientPage
from clinic_app.ui.models.row_table import RowTableModel

_Index = QModelIndex | QPersistentModelIndex
PATIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class PatientListModel(RowTableModel):
    """Rows of the current search; asks for the next page through ``more_requested``."""

    more_requested = Signal(object)

    COLUMNS = ("Chart no.", "Name", "Date of birth", "Age", "Phone")

    def __init__(self, today: date | None = None, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._next: PatientCursor | None = None
        self._loading = False
        self._today = today or date.today()

    def set_page(self, page: PatientPage) -> None:
        """Replace every row with a new first page."""
        self.beginResetModel()
        self._rows = list(page.rows)
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
            self.endInsertRows()
        self._next = page.next_cursor

    @override
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return r.chart_label
            if column == 1:
                return r.display_name + (self.tr("  (archived)") if r.archived else "")
            if column == 2:
                return r.birth_date.isoformat()
            if column == 3:
                return age_on(r.birth_date, self._today)
            if column == 4:
                return r.phone
            return None
        if role == PATIENT_ID_ROLE:
            return r.id
        if role == Qt.ItemDataRole.ForegroundRole and r.archived:
            return QColor("#777777")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @override
    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._next is not None and not self._loading

    @override
    def fetchMore(self, parent: _Index = QModelIndex()) -> None:
        if self.canFetchMore(parent):
            self._loading = True
            self.more_requested.emit(self._next)
