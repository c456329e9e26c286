"""Running profile: how much, where and how the runner runs."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGridLayout, QHBoxLayout, QWidget

from clinic_app.domain.intake.record import CadenceSource, Intake, Surface, Terrain
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.ui.views.intake.common import NumberEdit, SectionPage, enum_combo, labels_for, set_combo
from clinic_app.ui.widgets.forms import FieldErrors

SURFACE_LABELS = {"road_asphalt": "Road (asphalt)", "stability_motion_control": "Stability"}

SURFACE_TEXT = {
    Surface.ROAD_ASPHALT: QT_TRANSLATE_NOOP("ProfilePage", "Road (asphalt)"),
    Surface.CONCRETE: QT_TRANSLATE_NOOP("ProfilePage", "Concrete"),
    Surface.TRACK: QT_TRANSLATE_NOOP("ProfilePage", "Track"),
    Surface.TREADMILL: QT_TRANSLATE_NOOP("ProfilePage", "Treadmill"),
    Surface.TRAIL: QT_TRANSLATE_NOOP("ProfilePage", "Trail"),
    Surface.GRASS: QT_TRANSLATE_NOOP("ProfilePage", "Grass"),
    Surface.SAND: QT_TRANSLATE_NOOP("ProfilePage", "Sand"),
    Surface.MIXED: QT_TRANSLATE_NOOP("ProfilePage", "Mixed"),
}


class ProfilePage(SectionPage):
    """Runs per week, weekly distance, surfaces, terrain, cadence."""

    prefixes = ("runs_per_week", "weekly_distance_km", "surfaces", "primary_surface", "terrain",
                "weekly_elevation_gain_m", "downhill_emphasis", "cadence_spm", "cadence_source")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Running profile")
        self.edit_runs = NumberEdit()
        self.edit_weekly = NumberEdit(integer=False, distance=True)
        self.surface_boxes: dict[Surface, QCheckBox] = {}
        surfaces = QWidget()
        grid = QGridLayout(surfaces)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, (surface, label) in enumerate(SURFACE_TEXT.items()):
            box = QCheckBox(QCoreApplication.translate("ProfilePage", label))
            box.setAccessibleName(box.text())
            self.surface_boxes[surface] = box
            grid.addWidget(box, i // 4, i % 4)
            box.toggled.connect(self.changed)
        surfaces.setAccessibleName(self.tr("Surfaces"))
        self.combo_primary = enum_combo(labels_for(Surface, SURFACE_LABELS))
        self.combo_terrain = enum_combo(labels_for(Terrain))
        self.edit_elevation = NumberEdit()
        self.check_downhill = QCheckBox(self.tr("Emphasis on downhill running"))
        self.edit_cadence = NumberEdit()
        self.combo_cadence_source = enum_combo(labels_for(CadenceSource))
        cadence = QWidget()
        row = QHBoxLayout(cadence)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit_cadence)
        row.addWidget(self.combo_cadence_source)
        row.addStretch(1)
        self.combo_cadence_source.setAccessibleName(self.tr("Cadence measured by"))

        form = QFormLayout(self)
        self.errors = FieldErrors(form)
        self.errors.add_row("runs_per_week", self.tr("Runs per week:"), self.edit_runs)
        self.label_weekly = self.tr("Typical weekly distance:")
        self.errors.add_row("weekly_distance_km", self.label_weekly, self.edit_weekly)
        self.errors.add_row("surfaces", self.tr("Surfaces:"), surfaces)
        self.errors.add_row("primary_surface", self.tr("Primary surface:"), self.combo_primary)
        self.errors.add_row("terrain", self.tr("Terrain:"), self.combo_terrain)
        self.errors.add_row("weekly_elevation_gain_m", self.tr("Weekly elevation gain (m):"),
                            self.edit_elevation)
        self.errors.add_row("downhill_emphasis", self.tr("Downhill:"), self.check_downhill)
        self.errors.add_row("cadence_spm", self.tr("Cadence (steps/min):"), cadence)
        self.edit_cadence.setAccessibleName(self.tr("Cadence (steps/min)"))
        for edit in (self.edit_runs, self.edit_weekly, self.edit_elevation, self.edit_cadence):
            edit.textEdited.connect(self.changed)
        for combo in (self.combo_primary, self.combo_terrain, self.combo_cadence_source):
            combo.currentIndexChanged.connect(self.changed)
        self.check_downhill.toggled.connect(self.changed)

    def load(self, intake: Intake, unit: str) -> None:
        """Show the profile."""
        self.edit_weekly.unit = unit
        self.edit_weekly.setPlaceholderText(unit)
        self.edit_runs.set_value(intake.runs_per_week)
        self.edit_weekly.set_value(intake.weekly_distance_km)
        for surface, box in self.surface_boxes.items():
            box.setChecked(surface in intake.surfaces)
        set_combo(self.combo_primary, intake.primary_surface)
        set_combo(self.combo_terrain, intake.terrain)
        self.edit_elevation.set_value(intake.weekly_elevation_gain_m)
        self.check_downhill.setChecked(intake.downhill_emphasis)
        self.edit_cadence.set_value(intake.cadence_spm)
        set_combo(self.combo_cadence_source, intake.cadence_source)
        self.errors.clear()

    def apply(self, intake: Intake) -> tuple[Intake, dict[str, str]]:
        """The intake with this page's values."""
        local = {name: self.tr("Not a number.") for name, edit in (
            ("runs_per_week", self.edit_runs), ("weekly_distance_km", self.edit_weekly),
            ("weekly_elevation_gain_m", self.edit_elevation), ("cadence_spm", self.edit_cadence))
            if edit.is_unreadable()}
        primary = self.combo_primary.currentData()
        terrain = self.combo_terrain.currentData()
        source = self.combo_cadence_source.currentData()
        updated = intake.with_changes(
            runs_per_week=self.edit_runs.value(),
            weekly_distance_km=self.edit_weekly.value(),
            surfaces=tuple(s for s, box in self.surface_boxes.items() if box.isChecked()),
            primary_surface=Surface(primary) if primary else None,
            terrain=Terrain(terrain) if terrain else None,
            weekly_elevation_gain_m=self.edit_elevation.value(),
            downhill_emphasis=self.check_downhill.isChecked(),
            cadence_spm=self.edit_cadence.value(),
            cadence_source=CadenceSource(source) if source else None,
        )
        return updated, local

    def show_errors(self, errors: dict[str, str]) -> None:
        """Messages beside the fields."""
        self.errors.show({k: v for k, v in errors.items() if self.owns(k)})
