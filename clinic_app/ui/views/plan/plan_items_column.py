"""The Plan tab's middle column: phase, goals, exit criteria and the dosed exercises in order."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.rehab.plans import PHASE_LABELS


class PlanItemsColumn(QWidget):
    """The inputs of the plan itself; the Plan tab wires them to the plan it shows."""

    def __init__(self, icon_size: QSize, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo_phase = QComboBox()
        self.combo_phase.setAccessibleName(self.tr("Phase"))
        for phase, label in PHASE_LABELS.items():
            self.combo_phase.addItem(QCoreApplication.translate("RehabPhase", label), phase.value)
        self.edit_goals = QPlainTextEdit()
        self.edit_goals.setAccessibleName(self.tr("Goals"))
        self.edit_goals.setFixedHeight(54)
        self.edit_exit = QPlainTextEdit()
        self.edit_exit.setAccessibleName(self.tr("Exit criteria"))
        self.edit_exit.setFixedHeight(54)
        self.list_items = QListWidget()
        self.list_items.setAccessibleName(self.tr("Plan exercises (drag to reorder)"))
        self.list_items.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list_items.setIconSize(icon_size)
        self.list_items.setWordWrap(True)  # a narrow column wraps the dose rather than cutting it
        self.btn_progress = QPushButton(self.tr("Progress ▲"))
        self.btn_regress = QPushButton(self.tr("Regress ▼"))
        self.btn_remove = QPushButton(self.tr("Remove"))
        phase_form = QFormLayout()
        phase_form.addRow(self.tr("Phase:"), self.combo_phase)
        phase_form.addRow(self.tr("Goals:"), self.edit_goals)
        phase_form.addRow(self.tr("Exit criteria:"), self.edit_exit)
        item_buttons = QHBoxLayout()
        for button in (self.btn_progress, self.btn_regress, self.btn_remove):
            item_buttons.addWidget(button)
        item_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(phase_form)
        label_items = QLabel(self.tr("Plan exercises (drag to reorder):"))
        label_items.setBuddy(self.list_items)
        layout.addWidget(label_items)
        layout.addWidget(self.list_items, 1)
        layout.addLayout(item_buttons)

