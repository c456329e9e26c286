"""The visit chooser of the Exam and Measures tabs."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from clinic_app.services.dto import VisitRow
from clinic_app.ui.models.visit_list_model import visit_label


class VisitPicker(QComboBox):
    """Lists the patient's visits (newest first) and keeps the chosen one across refreshes."""

    #: The user picked a visit (its id).
    visit_chosen = Signal(int)

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setMinimumWidth(200)
        self._ids: list[int] = []
        self.activated.connect(self._activated)

    def _activated(self, index: int) -> None:
        visit_id = self.visit_at(index)
        if visit_id is not None:
            self.visit_chosen.emit(visit_id)

    def set_visits(self, rows: list[VisitRow], current: int | None) -> int | None:
        """Show ``rows``; return the visit to show: ``current`` if still listed, else the newest."""
        self.clear()
        self._ids = [row.id for row in rows]
        self.addItems([visit_label(row) for row in rows])  # one call: charts have hundreds
        if current is not None and self.select(current):
            return current
        return rows[0].id if rows else None

    def visit_at(self, index: int) -> int | None:
        """The visit listed at ``index``."""
        return self._ids[index] if 0 <= index < len(self._ids) else None

    def select(self, visit_id: int) -> bool:
        """Select a visit if it is listed."""
        try:
            index = self._ids.index(visit_id)
        except ValueError:
            return False
        self.setCurrentIndex(index)
        return True
