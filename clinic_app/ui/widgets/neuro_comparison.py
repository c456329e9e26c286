"""Neuro screen over the last visits: one row per item and side, changes coloured by direction."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.exam.neuro_model import MrcGrade, NeuroScreen, Reflex, ReflexGrade, Root, Sensation
from clinic_app.domain.exam.rules import Side
from clinic_app.ui.widgets.neuro_grid import REFLEXES, ROW_HEIGHT, Value, screen_value

logger = logging.getLogger(__name__)

MAX_VISITS = 4
BETTER_BRUSH = QBrush(QColor("#d3efd3"))
WORSE_BRUSH = QBrush(QColor("#f8cfca"))
CHANGED_BRUSH = QBrush(QColor("#e6e4f3"))
MUTED_TEXT = QBrush(QColor("#9aa0a6"))
GROUP_BRUSH = QBrush(QColor("#f4f5f7"))


def severity(value: Value) -> float:
    """Distance from normal (0 = normal): MRC score below 5, sensory rank, reflex grades from 2+."""
    if isinstance(value, MrcGrade):
        return 5 - value.score
    if isinstance(value, ReflexGrade):
        return abs(value.level - 2)
    return {Sensation.NORMAL: 0, Sensation.HYPERSENSITIVE: 1, Sensation.REDUCED: 1}.get(value, 2)


@dataclass(frozen=True, slots=True)
class _Row:
    """One compared item on one side."""

    kind: str
    item: Root | Reflex
    side: Side


class NeuroComparisonWidget(QWidget):
    """Read-only table: rows are item and side, columns the visits (oldest first, the last four)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._changes: list[tuple[int, int, str]] = []
        self._rows = [_Row(kind, root, side) for kind in ("sensation", "power") for root in Root
                      for side in (Side.LEFT, Side.RIGHT)]
        self._rows += [_Row("reflex", reflex, side) for reflex in REFLEXES
                       for side in (Side.LEFT, Side.RIGHT)]
        self.table = QTableWidget(len(self._rows), 2)
        self.table.setAccessibleName(self.tr("Neuro comparison"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.table.setWordWrap(False)
        self.table.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT - 2)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.label_empty = QLabel(self.tr("No neuro screen recorded yet."))
        self.label_empty.setStyleSheet("color: #5f6368;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label_empty)
        layout.addWidget(self.table, 1)
        self._fill_labels()
        self.set_exams([])

    def item_name(self, row: _Row) -> str:
        """Item label without the side, e.g. 'Power L5' or 'Achilles reflex'."""
        if row.kind == "reflex":
            return {Reflex.PATELLAR: self.tr("Patellar reflex"), Reflex.ACHILLES: self.tr("Achilles reflex"),
                    Reflex.MEDIAL_HAMSTRING: self.tr("Medial hamstring reflex")}[Reflex(row.item)]
        kind = self.tr("Sensation") if row.kind == "sensation" else self.tr("Power")
        return f"{kind} {row.item.value}"

    def _fill_labels(self) -> None:
        """Item names (spanning both sides) and the side column."""
        for r, row in enumerate(self._rows):
            side = QTableWidgetItem(self.tr("L") if row.side == Side.LEFT else self.tr("R"))
            side.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            side.setToolTip(self.tr("Patient's left side") if row.side == Side.LEFT
                            else self.tr("Patient's right side"))
            side.setBackground(self._group_brush(row))
            self.table.setItem(r, 1, side)
            if row.side == Side.LEFT:
                name = QTableWidgetItem(self.item_name(row))
                name.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                name.setBackground(self._group_brush(row))
                self.table.setItem(r, 0, name)
                self.table.setSpan(r, 0, 2, 1)
        metrics = self.fontMetrics()
        names = [metrics.horizontalAdvance(self.item_name(row)) for row in self._rows]
        self.table.setColumnWidth(0, max(names) + 16)
        self.table.setColumnWidth(1, metrics.horizontalAdvance(self.tr("Side")) + 16)

    def _group_brush(self, row: _Row) -> QBrush:
        """Every other item (both sides) is shaded so the rows read in pairs."""
        return GROUP_BRUSH if self._rows.index(row) // 2 % 2 else QBrush()

    def set_exams(self, columns: list[tuple[str, NeuroScreen]]) -> None:
        """Show visits given oldest first as (label, screen); only the last four are shown."""
        shown = columns[-MAX_VISITS:]
        self._changes = []
        self.table.setColumnCount(2 + len(shown))
        self.table.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Side"), *(lab for lab, _ in shown)])
        width = max(self.fontMetrics().horizontalAdvance(t) for t in ("hypersensitive", "2026-12-31")) + 16
        for c in range(len(shown)):
            self.table.setColumnWidth(2 + c, width)
        for r, row in enumerate(self._rows):
            previous: Value | None = None
            for c, (label, screen) in enumerate(shown):
                value = screen_value(screen, row.kind, row.side, row.item)
                self.table.setItem(r, 2 + c, self._cell(row, value, previous if c else None, (c, r, label)))
                previous = value
        self.label_empty.setVisible(not shown)
        self.table.setVisible(bool(shown))

    def _cell(self, row: _Row, value: Value | None, previous: Value | None, where: tuple[int, int, str]
              ) -> QTableWidgetItem:
        """One visit's value, coloured and explained when it differs from the visit before."""
        item = QTableWidgetItem(str(value) if value is not None else "–")
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        item.setBackground(self._group_brush(row))
        if value is not None and row.kind != "reflex" and severity(value) > 0:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        if value is None:
            item.setForeground(MUTED_TEXT)
            item.setToolTip(self.tr("Not tested"))
            return item
        if previous is None or previous == value:
            return item
        before, after = severity(previous), severity(value)
        if after < before:
            verdict, brush = self.tr("better"), BETTER_BRUSH
        elif after > before:
            verdict, brush = self.tr("worse"), WORSE_BRUSH
        else:
            verdict, brush = self.tr("changed"), CHANGED_BRUSH
        item.setBackground(brush)
        item.setToolTip(self.tr("was {0}").format(previous))
        side = self.tr("left") if row.side == Side.LEFT else self.tr("right")
        prefix = f"{where[2]}: " if self.table.columnCount() > 4 else ""
        line = f"{prefix}{self.item_name(row)} {side}: {previous} → {value} ({verdict})"
        self._changes.append((where[0], where[1], line))
        return item

    def changes(self) -> list[str]:
        """Change lines in visit order, e.g. 'Power L5 left: 4- → 5 (better)' (visit label first if >2)."""
        return [line for _c, _r, line in sorted(self._changes)]
