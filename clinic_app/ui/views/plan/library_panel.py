"""Searchable, filterable exercise library with line-drawing thumbnails."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.domain.patients import fold
from clinic_app.domain.rehab.exercises import ExerciseFamily, RehabPhase
from clinic_app.services.exercises import LibraryEntry

THUMB = QSize(96, 62)
FAMILY_LABELS = {
    ExerciseFamily.CORE: QT_TRANSLATE_NOOP("LibraryPanel", "Core"),
    ExerciseFamily.GLUTES_HIPS: QT_TRANSLATE_NOOP("LibraryPanel", "Glutes and hips"),
    ExerciseFamily.MOBILITY: QT_TRANSLATE_NOOP("LibraryPanel", "Mobility"),
    ExerciseFamily.NERVE_GLIDE: QT_TRANSLATE_NOOP("LibraryPanel", "Nerve gliding"),
    ExerciseFamily.DIRECTIONAL: QT_TRANSLATE_NOOP("LibraryPanel", "Directional preference"),
    ExerciseFamily.RUNNING_PREP: QT_TRANSLATE_NOOP("LibraryPanel", "Running preparation"),
    ExerciseFamily.WALKING: QT_TRANSLATE_NOOP("LibraryPanel", "Walking"),
}


@lru_cache(maxsize=256)
def thumbnail(path: str, width: int = THUMB.width(), height: int = THUMB.height()) -> QPixmap:
    """An exercise drawing rendered once per size (SVG drawn vectorially, images scaled)."""
    if path.endswith(".svg"):
        renderer = QSvgRenderer(path)
        image = QImage(width, height, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        return QPixmap.fromImage(image)
    return QPixmap(path).scaled(width, height, Qt.AspectRatioMode.KeepAspectRatio,
                                Qt.TransformationMode.SmoothTransformation)


class LibraryPanel(QWidget):
    """Find an exercise by name, family or phase; double-click or *Add* puts it in the plan."""

    add_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[LibraryEntry] = []
        self.edit_search = QLineEdit()
        self.edit_search.setPlaceholderText(self.tr("Search exercises"))
        self.edit_search.setAccessibleName(self.tr("Search exercises"))
        self.combo_family = QComboBox()
        self.combo_family.setAccessibleName(self.tr("Show family"))
        self.combo_family.addItem(self.tr("All families"), None)
        for family, label in FAMILY_LABELS.items():
            self.combo_family.addItem(QCoreApplication.translate("LibraryPanel", label), family.value)
        self.combo_phase = QComboBox()
        self.combo_phase.setAccessibleName(self.tr("Show phase"))
        self.combo_phase.addItem(self.tr("All phases"), None)
        for phase in RehabPhase:
            self.combo_phase.addItem(phase.value.replace("_", " ").capitalize(), phase.value)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Exercise library"))
        self.list.setIconSize(THUMB)
        self.list.setWordWrap(True)  # names and doses wrap in a narrow column instead of cut off
        self.btn_add = QPushButton(self.tr("Add to plan"))
        self.btn_new = QPushButton(self.tr("New exercise…"))
        for combo in (self.combo_family, self.combo_phase):
            combo.setMinimumContentsLength(8)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        filters = QHBoxLayout()
        filters.addWidget(self.combo_family)
        filters.addWidget(self.combo_phase)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit_search)
        layout.addLayout(filters)
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.btn_add)
        buttons.addWidget(self.btn_new)
        layout.addLayout(buttons)
        self.edit_search.textChanged.connect(self._filter)
        self.combo_family.currentIndexChanged.connect(self._filter)
        self.combo_phase.currentIndexChanged.connect(self._filter)
        self.list.itemDoubleClicked.connect(lambda item: self.add_requested.emit(item.data(
            Qt.ItemDataRole.UserRole)))
        self.btn_add.clicked.connect(self._add_current)

    def set_entries(self, entries: list[LibraryEntry]) -> None:
        """Show the library."""
        self.entries = entries
        self.list.clear()
        for entry in entries:
            e = entry.exercise
            item = QListWidgetItem(QIcon(thumbnail(str(entry.image_path))),
                                   f"{e.name}\n{e.default_dose.describe()}")
            item.setData(Qt.ItemDataRole.UserRole, e.id)
            item.setToolTip("\n".join(f"{i + 1}. {step}" for i, step in enumerate(e.instructions)))
            self.list.addItem(item)
        self._filter()

    def _filter(self) -> None:
        words = fold(self.edit_search.text()).split()
        family, phase = self.combo_family.currentData(), self.combo_phase.currentData()
        for row, entry in enumerate(self.entries):
            e = entry.exercise
            text = fold(f"{e.name} {' '.join(b.value for b in e.body_areas)} {e.family.value}")
            visible = (all(w in text for w in words) and (family is None or e.family.value == family)
                       and (phase is None or phase in [p.value for p in e.phases]))
            self.list.item(row).setHidden(not visible)

    def visible_ids(self) -> list[str]:
        """Exercise ids currently listed."""
        return [self.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.list.count())
                if not self.list.item(r).isHidden()]

    def _add_current(self) -> None:
        item = self.list.currentItem()
        if item is not None and not item.isHidden():
            self.add_requested.emit(item.data(Qt.ItemDataRole.UserRole))


def image_path(entries: list[LibraryEntry], exercise_id: str) -> Path | None:
    """Where an exercise's drawing lives."""
    return next((e.image_path for e in entries if e.exercise.id == exercise_id), None)
