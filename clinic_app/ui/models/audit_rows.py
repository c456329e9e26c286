"""The audit log's rows for a table view: newest first, times in local time."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from typing_extensions import override

from clinic_app.domain.audit_chain import CONTENT_LABELS
from clinic_app.services.audit_log import AuditRow


class AuditTableModel(QAbstractTableModel):
    """The rows shown, newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[AuditRow, ...] = ()
        self._headers = (self.tr("Row"), self.tr("Time"), self.tr("User"), self.tr("Workstation"),
                         self.tr("Action"), self.tr("Record"), self.tr("Signed content"),
                         self.tr("Fields"))

    def set_rows(self, rows: tuple[AuditRow, ...]) -> None:
        """Show ``rows``."""
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    @override
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    @override
    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    @override
    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    @override
    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        r = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            return (self.tr("SHA-256 of the content as signed: {0}").format(r.content_hash)
                    if column == 6 and r.content_hash else None)
        record = CONTENT_LABELS.get(r.entity, r.entity.replace("_", " "))
        values = (str(r.id), r.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"), r.user,
                  r.workstation, r.action, f"{record} {r.entity_id}",
                  self.tr("sealed") if r.content_hash else "", r.fields)
        return values[column]
