"""The "since baseline" table under the graphs: one row per measure, verdict coloured by MCID."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QWidget

from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.services.progress_dto import BaselineRow
from clinic_app.ui.plots import palette
from clinic_app.ui.widgets.tables import ROW_HEIGHT, configure_table

HEADERS = (QT_TRANSLATE_NOOP("ProgressView", "Measure"), QT_TRANSLATE_NOOP("ProgressView", "Baseline"),
           QT_TRANSLATE_NOOP("ProgressView", "Latest"), QT_TRANSLATE_NOOP("ProgressView", "Change"),
           QT_TRANSLATE_NOOP("ProgressView", "%"), QT_TRANSLATE_NOOP("ProgressView", "Verdict"))
_NUMERIC = {1, 2, 3, 4}


class BaselineTable(QTableWidget):
    """Baseline, latest, change and verdict per measure; green when the MCID is met, grey when unknown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(HEADERS), parent)
        self.setHorizontalHeaderLabels([QCoreApplication.translate("ProgressView", h) for h in HEADERS])
        self.setAccessibleName(QCoreApplication.translate("ProgressView", "Since baseline"))
        configure_table(self, widths={0: 120, 1: 80, 2: 80, 3: 80, 4: 60}, stretch=5)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._fit_height()

    def set_rows(self, rows: tuple[BaselineRow, ...]) -> None:
        """Fill the table from the read model."""
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = (row.label, row.baseline, row.latest, row.change, row.percent, row.verdict)
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if c in _NUMERIC:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c == len(values) - 1:
                    item.setToolTip(text)
                    self._style_verdict(item, row.meets_mcid)
                self.setItem(r, c, item)
        self._fit_height()

    @staticmethod
    def _style_verdict(item: QTableWidgetItem, meets_mcid: bool | None) -> None:
        if meets_mcid is True:
            item.setForeground(QBrush(palette.GOOD))
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
        elif meets_mcid is None:
            item.setForeground(QBrush(palette.MUTED))

    def _fit_height(self) -> None:
        rows = max(self.rowCount(), 1)
        header = self.horizontalHeader().sizeHint().height()
        self.setFixedHeight(header + min(rows, 6) * ROW_HEIGHT + 2 * self.frameWidth() + 2)
