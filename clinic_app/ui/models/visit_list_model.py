"""Visits of one patient as a table: the Overview timeline and the Notes list share it."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from typing_extensions import override

from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.domain.patients import NoteStatus, VisitKind
from clinic_app.services.dto import VisitRow
from clinic_app.ui.models.held_rows import Extra, HeldRowsModel

_FONT = int(Qt.ItemDataRole.FontRole)

KIND_LABELS = {
    VisitKind.INITIAL: QT_TRANSLATE_NOOP("VisitListModel", "Initial"),
    VisitKind.FOLLOW_UP: QT_TRANSLATE_NOOP("VisitListModel", "Follow-up"),
    VisitKind.DISCHARGE: QT_TRANSLATE_NOOP("VisitListModel", "Discharge"),
}


def visit_label(row: VisitRow) -> str:
    """"2026-11-02 09:30 · Initial · signed" for visit pickers."""
    when = row.starts_at.astimezone().strftime("%Y-%m-%d %H:%M")
    state = (QCoreApplication.translate("VisitListModel", "signed") if row.status is NoteStatus.SIGNED
             else QCoreApplication.translate("VisitListModel", "draft"))
    return f"{when} · {QCoreApplication.translate('VisitListModel', KIND_LABELS[row.kind])} · {state}"


class VisitListModel(HeldRowsModel):
    """Date, kind, clinician, note status and the note's first line; a draft's status in
    italics."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("TableColumns", "Date"),
        QT_TRANSLATE_NOOP("TableColumns", "Visit"),
        QT_TRANSLATE_NOOP("TableColumns", "Clinician"),
        QT_TRANSLATE_NOOP("TableColumns", "Note"),
        QT_TRANSLATE_NOOP("TableColumns", "Summary"),
    )

    @override
    def texts(self, row: VisitRow) -> tuple[str, str, str, str, str]:
        return (row.starts_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                QCoreApplication.translate("VisitListModel", KIND_LABELS[row.kind]),
                row.clinician,
                QCoreApplication.translate("VisitListModel", "Signed")
                if row.status is NoteStatus.SIGNED
                else QCoreApplication.translate("VisitListModel", "Draft"),
                row.summary)

    @override
    def extras(self, row: VisitRow) -> Iterable[Extra]:
        return ((3, _FONT, _italic()),) if row.status is NoteStatus.DRAFT else ()


@cache
def _italic() -> QFont:
    font = QFont()
    font.setItalic(True)
    return font
