"""Shared base of the app's table models: a list of DTO rows under fixed column titles."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from typing_extensions import override

Index = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel):
    """Rows are frozen DTOs with an ``id``; subclasses name ``COLUMNS`` and implement ``data``.

    Column titles are marked ``QT_TRANSLATE_NOOP("TableColumns", …)`` and translated here.
    """

    COLUMNS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[Any] = []

    def row_at(self, row: int) -> Any:
        """The DTO shown on ``row``."""
        return self._rows[row]

    def row_of(self, row_id: int) -> int:
        """The row showing the DTO with ``id == row_id``, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == row_id), -1)

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    @override
    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.COLUMNS)):
            return QCoreApplication.translate("TableColumns", self.COLUMNS[section])
        return None
