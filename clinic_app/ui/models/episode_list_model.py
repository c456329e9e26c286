"""A patient's episodes of care as a table (the Overview): start, complaint, status, visits."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, Qt
from typing_extensions import override

from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.domain.patients import DischargeReason, EpisodeStatus
from clinic_app.services.dto import EpisodeRow
from clinic_app.ui.dialogs.episode_dialogs import REASON_LABELS
from clinic_app.ui.models.held_rows import Extra, HeldRowsModel

_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)


class EpisodeListModel(HeldRowsModel):
    """Newest first, as the service lists them; the complaint and discharge reason as tooltips."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("TableColumns", "Start"),
        QT_TRANSLATE_NOOP("TableColumns", "Presenting complaint"),
        QT_TRANSLATE_NOOP("TableColumns", "Status"),
        QT_TRANSLATE_NOOP("TableColumns", "Visits"),
    )

    @override
    def texts(self, row: EpisodeRow) -> tuple[str, str, str, str]:
        if row.status is EpisodeStatus.OPEN:
            status = QCoreApplication.translate("EpisodeListModel", "Open")
        else:
            status = QCoreApplication.translate("EpisodeListModel", "Discharged {0}").format(
                row.discharge_date.isoformat() if row.discharge_date else "")
        return row.start_date.isoformat(), row.complaint, status, str(row.visit_count)

    @override
    def extras(self, row: EpisodeRow) -> Iterable[Extra]:
        yield 1, _TOOLTIP, row.complaint
        if row.discharge_reason:
            yield 2, _TOOLTIP, QCoreApplication.translate(
                "DischargeDialog", REASON_LABELS[DischargeReason(row.discharge_reason)])
