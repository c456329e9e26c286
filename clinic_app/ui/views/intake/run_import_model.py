"""The preview table of a run import: one row per activity or bad file, greyed when not saved."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from typing_extensions import override

from clinic_app.domain.load.run_import import ImportRow, RowStatus, fmt_pace
from clinic_app.domain.load.training import DistanceUnit, format_distance

_Index = QModelIndex | QPersistentModelIndex
_GREY = QBrush(QColor("#7a7a85"))
_RED = QBrush(QColor("#8a1c1c"))


def _status_text(status: RowStatus) -> str:
    return {
        RowStatus.NEW: QCoreApplication.translate("RunImport", "New"),
        RowStatus.DUPLICATE: QCoreApplication.translate("RunImport", "Duplicate"),
        RowStatus.NOT_A_RUN: QCoreApplication.translate("RunImport", "Not a run"),
        RowStatus.EXCLUDED: QCoreApplication.translate("RunImport", "Excluded"),
        RowStatus.BAD_FILE: QCoreApplication.translate("RunImport", "Bad file"),
    }[status]


def _duration(seconds: float | None) -> str:
    if not seconds:
        return ""
    whole = int(round(seconds))
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


class RunImportModel(QAbstractTableModel):
    """Rows of an ``ImportPreview``; the status column carries the reason."""

    def __init__(self, unit: str = "km") -> None:
        super().__init__()
        self._rows: list[ImportRow] = []
        self._days: list[date | None] = []
        self._unit = DistanceUnit(unit)
        self.headers = [self.tr("Date"), self.tr("Start"), self.tr("Sport"), self.tr("Distance"),
                        self.tr("Moving time"), self.tr("Pace"), self.tr("Climb (m)"),
                        self.tr("Avg HR"), self.tr("Status"), self.tr("File")]

    def set_rows(self, rows: tuple[ImportRow, ...], days: tuple[date | None, ...]) -> None:
        """Show a preview's rows."""
        self.beginResetModel()
        self._rows, self._days = list(rows), list(days)
        self.endResetModel()

    def row(self, index: int) -> ImportRow:
        """One preview row."""
        return self._rows[index]

    @override
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    @override
    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    @override
    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def cell_text(self, row: int, column: int) -> str:
        """What a cell shows."""
        item, day = self._rows[row], self._days[row]
        act = item.activity
        if column == 8:
            status = _status_text(item.status)
            return f"{status}: {item.reason}" if item.reason else status
        if column == 9:
            return item.source
        if act is None:
            return ""
        pace = act.pace_s_per_km
        if pace is not None and self._unit == DistanceUnit.MI:
            pace *= 1.609344
        values = [
            day.isoformat() if day else "",
            act.started_at.astimezone().strftime("%H:%M"),
            (act.sport.lower() or self.tr("not stated")).replace("_", " "),
            format_distance(act.distance_km, self._unit, 2),
            _duration(act.moving_s or act.elapsed_s),
            fmt_pace(pace).replace("/km", "/mi") if self._unit == DistanceUnit.MI else fmt_pace(pace),
            "" if act.elevation_gain_m is None else f"{act.elevation_gain_m:.0f}",
            "" if act.avg_hr is None else str(act.avg_hr),
        ]
        return values[column]

    @override
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.cell_text(index.row(), 8)
        if role == Qt.ItemDataRole.ForegroundRole and not item.counts:
            return _RED if item.status == RowStatus.BAD_FILE and index.column() == 8 else _GREY
        if role == Qt.ItemDataRole.TextAlignmentRole and 3 <= index.column() <= 7:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
