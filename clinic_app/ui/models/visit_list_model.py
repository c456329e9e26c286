"""Visits of one patient as a table: the Overview timeline and the Notes list share it."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from typing_extensions import override

from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.domain.patients import NoteStatus, VisitKind
from clinic_app.services.dto import VisitRow
from clinic_app.ui.models.row_table import RowTableModel

_Index = QModelIndex | QPersistentModelIndex
VISIT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
_DISPLAY, _FONT, _VISIT_ID = (int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.FontRole),
                              int(VISIT_ID_ROLE))

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


class VisitListModel(RowTableModel):
    """Date, kind, clinician, note status and the note's first line."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("TableColumns", "Date"),
        QT_TRANSLATE_NOOP("TableColumns", "Visit"),
        QT_TRANSLATE_NOOP("TableColumns", "Clinician"),
        QT_TRANSLATE_NOOP("TableColumns", "Note"),
        QT_TRANSLATE_NOOP("TableColumns", "Summary"),
    )

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        #: Each row's five texts, made the first time the row is painted (a view asks for every
        #: cell many times, for every role): a long history formats only the rows shown.
        self._texts: dict[int, tuple[str, str, str, str, str]] = {}

    def set_rows(self, rows: list[VisitRow]) -> None:
        """Replace the visits shown."""
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = {}
        self.endResetModel()

    def _row_texts(self, row: int) -> tuple[str, str, str, str, str]:
        texts = self._texts.get(row)
        if texts is None:
            r = self._rows[row]
            texts = self._texts[row] = (
                r.starts_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                QCoreApplication.translate("VisitListModel", KIND_LABELS[r.kind]),
                r.clinician,
                self.tr("Signed") if r.status is NoteStatus.SIGNED else self.tr("Draft"),
                r.summary,
            )
        return texts

    @override
    def data(self, index: _Index, role: int = _DISPLAY) -> object:
        # asked for every role of every cell painted: the display text first, on plain ints
        row = index.row()
        if not 0 <= row < len(self._rows):
            return None
        if role == _DISPLAY:
            return self._row_texts(row)[index.column()]
        if role == _VISIT_ID:
            return self._rows[row].id
        if role == _FONT and index.column() == 3 and self._rows[row].status is NoteStatus.DRAFT:
            return _italic()
        return None


@cache
def _italic() -> QFont:
    font = QFont()
    font.setItalic(True)
    return font
