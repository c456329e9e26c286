"""Behaviour (aggravating and easing factors) and the 24-hour pattern."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.intake.record import Effect, Factor, Intake, MorningAfterRun, NightPain, Pattern24h
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.ui.views.intake.common import NumberEdit, SectionPage, enum_combo, labels_for, set_combo
from clinic_app.ui.widgets.forms import FieldErrors

EFFECT_LABELS = (
    ("worse", QT_TRANSLATE_NOOP("BehaviourPage", "Worse")),
    ("better", QT_TRANSLATE_NOOP("BehaviourPage", "Better")),
    ("no_effect", QT_TRANSLATE_NOOP("BehaviourPage", "No effect")),
    ("not_tried", QT_TRANSLATE_NOOP("BehaviourPage", "Not tried")),
)
YES_NO = (("yes", "Yes"), ("no", "No"))
NIGHT_LABELS = {"only_on_turning": "Only on turning", "wakes_second_half_of_night":
                "Wakes in the second half of the night", "constant_unrelieved_by_position":
                "Constant, not eased by any position"}

FACTOR_TEXT = {
    Factor.BENDING_FORWARD: QT_TRANSLATE_NOOP("BehaviourPage", "Bending forward"),
    Factor.PROLONGED_SITTING: QT_TRANSLATE_NOOP("BehaviourPage", "Prolonged sitting"),
    Factor.SIT_TO_STAND: QT_TRANSLATE_NOOP("BehaviourPage", "Sit to stand"),
    Factor.PROLONGED_STANDING: QT_TRANSLATE_NOOP("BehaviourPage", "Prolonged standing"),
    Factor.WALKING: QT_TRANSLATE_NOOP("BehaviourPage", "Walking"),
    Factor.WALKING_DOWNHILL: QT_TRANSLATE_NOOP("BehaviourPage", "Walking downhill"),
    Factor.RUNNING: QT_TRANSLATE_NOOP("BehaviourPage", "Running"),
    Factor.RUNNING_UPHILL: QT_TRANSLATE_NOOP("BehaviourPage", "Running uphill"),
    Factor.RUNNING_DOWNHILL: QT_TRANSLATE_NOOP("BehaviourPage", "Running downhill"),
    Factor.BACK_EXTENSION: QT_TRANSLATE_NOOP("BehaviourPage", "Bending backwards"),
    Factor.ROTATION: QT_TRANSLATE_NOOP("BehaviourPage", "Rotation"),
    Factor.LIFTING: QT_TRANSLATE_NOOP("BehaviourPage", "Lifting"),
    Factor.COUGH_SNEEZE_STRAIN: QT_TRANSLATE_NOOP("BehaviourPage", "Cough, sneeze or strain"),
    Factor.LYING_DOWN: QT_TRANSLATE_NOOP("BehaviourPage", "Lying down"),
    Factor.SINGLE_LEG_STANCE_STAIRS: QT_TRANSLATE_NOOP("BehaviourPage", "Single-leg stance or stairs"),
    Factor.ROLLING_IN_BED: QT_TRANSLATE_NOOP("BehaviourPage", "Rolling in bed"),
    Factor.DRIVING: QT_TRANSLATE_NOOP("BehaviourPage", "Driving"),
    Factor.REST: QT_TRANSLATE_NOOP("BehaviourPage", "Rest"),
    Factor.GENTLE_MOVEMENT: QT_TRANSLATE_NOOP("BehaviourPage", "Gentle movement"),
}


class BehaviourPage(SectionPage):
    """Each factor: worse / better / no effect / not tried (unanswered is left blank)."""

    prefixes = ("factors",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Behaviour")
        self.groups: dict[Factor, QButtonGroup] = {}
        body = QWidget()
        grid = QGridLayout(body)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(2)
        for c, (_v, label) in enumerate(EFFECT_LABELS, start=1):
            grid.addWidget(QLabel("<b>" + QCoreApplication.translate("BehaviourPage", label) + "</b>"), 0, c)
        for r, factor in enumerate(Factor, start=1):
            name = QCoreApplication.translate("BehaviourPage", FACTOR_TEXT[factor])
            grid.addWidget(QLabel(name), r, 0)
            group = QButtonGroup(self)
            group.setExclusive(False)
            for c, (value, label) in enumerate(EFFECT_LABELS, start=1):
                button = QRadioButton()
                button.setAutoExclusive(False)  # a row may be cleared by clicking its answer
                button.setAccessibleName(f"{name}: {QCoreApplication.translate('BehaviourPage', label)}")
                button.setProperty("effect", value)
                group.addButton(button, c)
                grid.addWidget(button, r, c)
            group.buttonToggled.connect(self._toggled)
            self.groups[factor] = group
        grid.setColumnStretch(5, 1)
        grid.setRowStretch(len(Factor) + 1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("What makes the symptoms worse or better? Leave a row "
                                        "blank if it was not asked.")))
        layout.addWidget(scroll, 1)

    def _toggled(self, button: QRadioButton, checked: bool) -> None:
        """One answer per row, but a row may be cleared (not exclusive, handled here)."""
        if checked:
            for group in self.groups.values():
                if button in group.buttons():
                    for other in group.buttons():
                        if other is not button and other.isChecked():
                            other.blockSignals(True)
                            other.setChecked(False)
                            other.blockSignals(False)
        self.changed.emit()

    def set_effect(self, factor: Factor, effect: Effect | None) -> None:
        """Tick one answer (or none)."""
        for button in self.groups[factor].buttons():
            button.blockSignals(True)
            button.setChecked(effect is not None and button.property("effect") == effect.value)
            button.blockSignals(False)

    def effect(self, factor: Factor) -> Effect | None:
        """The ticked answer of a factor."""
        for button in self.groups[factor].buttons():
            if button.isChecked():
                return Effect(button.property("effect"))
        return None

    def load(self, intake: Intake, unit: str) -> None:
        """Tick the recorded answers."""
        for factor in Factor:
            self.set_effect(factor, intake.factors.get(factor))

    def apply(self, intake: Intake) -> tuple[Intake, dict[str, str]]:
        """The intake with these answers."""
        factors = {f: e for f in Factor if (e := self.effect(f)) is not None}
        return intake.with_changes(factors=factors), {}

    def show_errors(self, errors: dict[str, str]) -> None:
        """Nothing on this page can be invalid."""


def _tri(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


class PatternPage(SectionPage):
    """Morning stiffness, waking and end-of-day pattern, night pain, the morning after a run."""

    prefixes = ("pattern",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("24-hour pattern")
        self.edit_stiffness = NumberEdit()
        self.combo_waking = enum_combo(YES_NO)
        self.combo_evening = enum_combo(YES_NO)
        self.combo_night = enum_combo(labels_for(NightPain, NIGHT_LABELS))
        self.combo_after_run = enum_combo(labels_for(MorningAfterRun))
        form = QFormLayout(self)
        self.errors = FieldErrors(form)
        self.errors.add_row("pattern.morning_stiffness_min", self.tr("Morning stiffness (min):"),
                            self.edit_stiffness)
        self.errors.add_row("pattern.worse_on_waking", self.tr("Worse on waking:"),
                            self.combo_waking)
        self.errors.add_row("pattern.worse_end_of_day", self.tr("Worse at the end of the day:"),
                            self.combo_evening)
        self.errors.add_row("pattern.night_pain", self.tr("Night pain:"), self.combo_night)
        self.errors.add_row("pattern.post_run_next_morning",
                            self.tr("Morning after a run:"), self.combo_after_run)
        self.edit_stiffness.textEdited.connect(self.changed)
        for combo in (self.combo_waking, self.combo_evening, self.combo_night,
                      self.combo_after_run):
            combo.currentIndexChanged.connect(self.changed)

    def load(self, intake: Intake, unit: str) -> None:
        """Show the pattern."""
        p = intake.pattern
        self.edit_stiffness.set_value(p.morning_stiffness_min)
        set_combo(self.combo_waking, _tri(p.worse_on_waking))
        set_combo(self.combo_evening, _tri(p.worse_end_of_day))
        set_combo(self.combo_night, p.night_pain)
        set_combo(self.combo_after_run, p.post_run_next_morning)
        self.errors.clear()

    def apply(self, intake: Intake) -> tuple[Intake, dict[str, str]]:
        """The intake with this pattern."""
        errors = {}
        if self.edit_stiffness.is_unreadable():
            errors["pattern.morning_stiffness_min"] = self.tr("Not a whole number.")
        night = self.combo_night.currentData()
        after = self.combo_after_run.currentData()
        waking, evening = self.combo_waking.currentData(), self.combo_evening.currentData()
        pattern = Pattern24h(
            morning_stiffness_min=self.edit_stiffness.value(),  # type: ignore[arg-type]
            worse_on_waking=None if waking is None else waking == "yes",
            worse_end_of_day=None if evening is None else evening == "yes",
            night_pain=NightPain(night) if night else None,
            post_run_next_morning=MorningAfterRun(after) if after else None)
        return intake.with_changes(pattern=pattern), errors

    def show_errors(self, errors: dict[str, str]) -> None:
        """Messages beside the fields."""
        self.errors.show({k: v for k, v in errors.items() if self.owns(k)})
