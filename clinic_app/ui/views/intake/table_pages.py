"""Footwear, goals and races, injury history: sections that are mostly a table of records."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.intake.record import (
    InjuryRegion,
    Intake,
    PriorInjury,
    Priority,
    RaceDistance,
    RaceGoal,
    Shoe,
    ShoeCategory,
)
from clinic_app.domain.intake.rules import load_picture
from clinic_app.ui.views.intake.common import (
    NumberEdit,
    SectionPage,
    labels_for,
    table_errors,
    unreadable_to_paths,
)
from clinic_app.ui.views.intake.load_page import finding_html
from clinic_app.ui.widgets.forms import FieldErrors
from clinic_app.ui.widgets.record_table import Column, RecordTable

RACE_LABELS = {"5k": "5 km", "10k": "10 km", "half": "Half marathon", "marathon": "Marathon"}


class FootwearPage(SectionPage):
    """Shoes in use, with a replacement prompt from the configured range."""

    prefixes = ("footwear",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Footwear")
        self._unit = "km"
        self.shoes = RecordTable([
            Column("brand_model", self.tr("Brand and model"), width=190, required=True),
            Column("category", self.tr("Category"), "choice",
                   labels_for(ShoeCategory, {"stability_motion_control": "Stability / motion control",
                                             "carbon_plated_racing": "Carbon-plated racing"}),
                   width=150),
            Column("drop_mm", self.tr("Drop (mm)"), "float", width=75),
            Column("distance_on_shoe_km", self.tr("Shoe distance"), "distance", width=135),
            Column("purchase_date", self.tr("Bought"), "date", width=95),
            Column("share_of_running_pct", self.tr("Share %"), "int", width=70),
            Column("changed_recently", self.tr("New pair"), "bool", width=75),
            Column("change_date", self.tr("Changed on"), "date", width=95),
        ], self.tr("Add shoe"))
        self.label_prompts = QLabel()
        self.label_prompts.setTextFormat(Qt.TextFormat.RichText)
        self.label_prompts.setWordWrap(True)
        self.label_prompts.setAccessibleName(self.tr("Replacement prompts"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.shoes, 1)
        box = QGroupBox(self.tr("Replacement prompts (informational: the evidence is limited)"))
        QVBoxLayout(box).addWidget(self.label_prompts)
        layout.addWidget(box)
        self.shoes.changed.connect(self.changed)
        self.shoes.changed.connect(self._update_prompts)

    def load(self, intake: Intake, unit: str) -> None:
        """Show the shoes."""
        self._unit = unit
        self.shoes.use_unit(unit)
        self.shoes.set_rows([{
            "brand_model": s.brand_model, "category": s.category.value, "drop_mm": s.drop_mm,
            "distance_on_shoe_km": s.distance_on_shoe_km, "purchase_date": s.purchase_date,
            "share_of_running_pct": s.share_of_running_pct,
            "changed_recently": s.changed_recently, "change_date": s.change_date,
        } for s in intake.footwear])
        self._update_prompts()

    def _shoes(self) -> tuple[tuple[Shoe, ...], dict[str, str]]:
        rows, errors = self.shoes.read()
        shoes = tuple(
            Shoe(r["brand_model"] or "", ShoeCategory(r["category"] or "neutral"), r["drop_mm"],
                 r["distance_on_shoe_km"] or 0.0, r["purchase_date"],
                 int(r["share_of_running_pct"] or 0), bool(r["changed_recently"]),
                 r["change_date"])
            for i, r in enumerate(rows) if not any(k[0] == i for k in errors))
        return shoes, unreadable_to_paths(errors, "footwear")

    def _update_prompts(self) -> None:
        shoes, _ = self._shoes()
        try:
            findings = load_picture(Intake(footwear=shoes), self._unit).shoes
        except ValueError as exc:
            self.label_prompts.setText(escape(str(exc)))
            return
        self.label_prompts.setText("".join(finding_html(f) for f in findings)
                                   or escape(self.tr("No shoes recorded.")))

    def apply(self, intake: Intake) -> tuple[Intake, dict[str, str]]:
        """The intake with these shoes."""
        shoes, errors = self._shoes()
        return intake.with_changes(footwear=shoes), errors

    def show_errors(self, errors: dict[str, str]) -> None:
        """Cell shading and messages."""
        self.shoes.show_errors(table_errors(errors, "footwear"), errors.get("footwear", ""))


class GoalsPage(SectionPage):
    """Races the runner is aiming for."""

    prefixes = ("race_goals",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Goals and races")
        self.races = RecordTable([
            Column("event", self.tr("Event"), width=200, required=True),
            Column("race_date", self.tr("Race date"), "date", width=100, required=True),
            Column("distance", self.tr("Distance"), "choice", labels_for(RaceDistance, RACE_LABELS),
                   width=130),
            Column("distance_km", self.tr("Exact distance"), "distance", width=110),
            Column("goal_time", self.tr("Goal time (h:mm:ss)"), width=130),
            Column("priority", self.tr("Priority"), "choice",
                   [(p.value, p.value) for p in Priority], width=80),
        ], self.tr("Add race"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.races)
        self.races.changed.connect(self.changed)

    def load(self, intake: Intake, unit: str) -> None:
        """Show the races."""
        self.races.use_unit(unit)
        self.races.set_rows([{"event": g.event, "race_date": g.race_date,
                              "distance": g.distance.value, "distance_km": g.distance_km,
                              "goal_time": g.goal_time, "priority": g.priority.value}
                             for g in intake.race_goals])

    def apply(self, intake: Intake) -> tuple[Intake, dict[str, str]]:
        """The intake with these races."""
        rows, errors = self.races.read()
        goals = tuple(RaceGoal(r["event"] or "", r["race_date"],
                               RaceDistance(r["distance"] or "other"), r["distance_km"],
                               r["goal_time"] or "", Priority(r["priority"] or "B"))
                      for i, r in enumerate(rows)
                      if r["race_date"] and not any(k[0] == i for k in errors))
        return intake.with_changes(race_goals=goals), unreadable_to_paths(errors, "race_goals")

    def show_errors(self, errors: dict[str, str]) -> None:
        """Cell shading and messages."""
        self.races.show_errors(table_errors(errors, "race_goals"), errors.get("race_goals", ""))


class InjuryPage(SectionPage):
    """Previous injuries and back-pain history."""

    prefixes = ("prior_injuries", "prior_lbp_episodes", "spinal_surgery",
                "prior_bone_stress_injury")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Injury history")
        self.injuries = RecordTable([
            Column("region", self.tr("Region"), "choice",
                   labels_for(InjuryRegion, {"pelvis_sij": "Pelvis / SIJ", "hip_groin": "Hip / groin"}),
                   width=140),
            Column("diagnosis", self.tr("Diagnosis"), width=220),
            Column("date", self.tr("Date"), "date", width=100),
            Column("days_lost", self.tr("Days lost"), "int", width=80),
            Column("recurred", self.tr("Recurred"), "bool", width=80),
        ], self.tr("Add injury"))
        self.edit_episodes = NumberEdit()
        self.check_surgery = QCheckBox(self.tr("Previous spinal surgery"))
        self.check_bone_stress = QCheckBox(self.tr("Previous bone-stress injury"))
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.errors.add_row("prior_lbp_episodes", self.tr("Earlier low back pain episodes:"),
                            self.edit_episodes)
        self.errors.add_row("spinal_surgery", self.tr("Spinal surgery:"), self.check_surgery)
        self.errors.add_row("prior_bone_stress_injury", self.tr("Bone stress:"),
                            self.check_bone_stress)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.injuries, 1)
        self.injuries.changed.connect(self.changed)
        self.edit_episodes.textEdited.connect(self.changed)
        self.check_surgery.toggled.connect(self.changed)
        self.check_bone_stress.toggled.connect(self.changed)

    def load(self, intake: Intake, unit: str) -> None:
        """Show the history."""
        self.injuries.set_rows([{"region": i.region.value, "diagnosis": i.diagnosis,
                                 "date": i.date, "days_lost": i.days_lost,
                                 "recurred": i.recurred} for i in intake.prior_injuries])
        self.edit_episodes.set_value(intake.prior_lbp_episodes)
        self.check_surgery.setChecked(intake.spinal_surgery)
        self.check_bone_stress.setChecked(intake.prior_bone_stress_injury)
        self.errors.clear()

    def apply(self, intake: Intake) -> tuple[Intake, dict[str, str]]:
        """The intake with this history."""
        rows, table_problems = self.injuries.read()
        injuries = tuple(PriorInjury(InjuryRegion(r["region"] or "other"), r["diagnosis"] or "",
                                     r["date"], r["days_lost"], bool(r["recurred"]))
                         for i, r in enumerate(rows)
                         if not any(k[0] == i for k in table_problems))
        errors = unreadable_to_paths(table_problems, "prior_injuries")
        if self.edit_episodes.is_unreadable():
            errors["prior_lbp_episodes"] = self.tr("Not a whole number.")
        return intake.with_changes(
            prior_injuries=injuries, prior_lbp_episodes=self.edit_episodes.value(),
            spinal_surgery=self.check_surgery.isChecked(),
            prior_bone_stress_injury=self.check_bone_stress.isChecked()), errors

    def show_errors(self, errors: dict[str, str]) -> None:
        """Messages beside the fields and under the table."""
        self.errors.show({k: v for k, v in errors.items() if k in self.prefixes})
        self.injuries.show_errors(table_errors(errors, "prior_injuries"))
