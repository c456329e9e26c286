"""A patient's episodes of care as a table (the Overview): start, complaint, status, visits."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from typing_extensions import override

from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.domain.patients import DischargeReason, EpisodeStatus
from clinic_app.services.dto import EpisodeRow
from clinic_app.ui.dialogs.episode_dialogs import REASON_LABELS
from clinic_app.ui.models.row_table import Index, RowTableModel

_DISPLAY, _TOOLTIP = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole)
_ROLES = frozenset({_DISPLAY, _TOOLTIP})


class EpisodeListModel(RowTableModel):
    """Newest first, as the service lists them; the complaint and discharge reason as tooltips."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("TableColumns", "Start"),
        QT_TRANSLATE_NOOP("TableColumns", "Presenting complaint"),
        QT_TRANSLATE_NOOP("TableColumns", "Status"),
        QT_TRANSLATE_NOOP("TableColumns", "Visits"),
    )

    def set_rows(self, rows: tuple[EpisodeRow, ...]) -> None:
        """Replace the episodes shown."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def _status(self, e: EpisodeRow) -> str:
        if e.status is EpisodeStatus.OPEN:
            return self.tr("Open")
        return self.tr("Discharged {0}").format(
            e.discharge_date.isoformat() if e.discharge_date else "")

    @override
    def data(self, index: Index, role: int = _DISPLAY) -> object:
        # asked for every role of every cell painted: the display text first, on plain ints
        row = index.row()
        if not 0 <= row < len(self._rows) or role not in _ROLES:
            return None
        e: EpisodeRow = self._rows[row]
        column = index.column()
        if role == _DISPLAY:
            if column == 0:
                return e.start_date.isoformat()
            if column == 1:
                return e.complaint
            if column == 2:
                return self._status(e)
            return str(e.visit_count)
        if column == 1:
            return e.complaint
        if column == 2 and e.discharge_reason:
            return QCoreApplication.translate(
                "DischargeDialog", REASON_LABELS[DischargeReason(e.discharge_reason)])
        return None
