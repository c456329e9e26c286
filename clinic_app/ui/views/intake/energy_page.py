"""Energy availability screen (CLINICAL.md C10): four items, each "Not asked" until answered."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from clinic_app.domain.intake.energy_availability import ITEM_LABELS, MENSTRUAL_LABELS, energy_finding
from clinic_app.domain.intake.record import EnergyScreen, Intake, MenstrualStatus
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.ui.views.intake.common import SectionPage, enum_combo, set_combo
from clinic_app.ui.views.intake.load_page import finding_html
from clinic_app.ui.widgets.forms import FieldErrors

YES_NO = (
    ("yes", QT_TRANSLATE_NOOP("EnergyPage", "Yes")),
    ("no", QT_TRANSLATE_NOOP("EnergyPage", "No")),
)
_BOOL_ITEMS = ("prior_bone_stress_injury", "restrictive_eating_or_weight_loss", "low_bmi")
_TIPS = {
    "menstrual": QT_TRANSLATE_NOOP(
        "EnergyPage", "Ask if the runner menstruates. Hormonal contraception can mask absent periods."),
    "prior_bone_stress_injury": QT_TRANSLATE_NOOP(
        "EnergyPage", "Any earlier stress fracture or bone stress reaction, anywhere."),
    "restrictive_eating_or_weight_loss": QT_TRANSLATE_NOOP(
        "EnergyPage", "Restricting food or energy intake, or recent weight loss."),
    "low_bmi": QT_TRANSLATE_NOOP(
        "EnergyPage", "Low body mass index, measured or judged by the clinician."),
}


def _tri(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


class EnergyPage(SectionPage):
    """Menstrual history, previous bone stress injury, restrictive eating or weight loss, low BMI."""

    prefixes = ("energy",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Energy availability")
        self._legacy_bone_stress = False
        self.combo_menstrual = enum_combo(
            [(m.value, QCoreApplication.translate("EnergyAvailability", MENSTRUAL_LABELS[m]))
             for m in MenstrualStatus],
            self.tr("Not asked"))
        self.combos: dict[str, QComboBox] = {"menstrual": self.combo_menstrual}
        for name in _BOOL_ITEMS:
            self.combos[name] = enum_combo([(v, QCoreApplication.translate("EnergyPage", label))
                                            for v, label in YES_NO],
                                           self.tr("Not asked"))
        intro = QLabel(self.tr(
            "Low energy availability raises the risk of bone stress injury. Each item stays "
            "'Not asked' until you ask it; 'Not asked' is never read as 'No'."))
        intro.setWordWrap(True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.errors = FieldErrors(form)
        for name, combo in self.combos.items():
            combo.setToolTip(QCoreApplication.translate("EnergyPage", _TIPS[name]))
            item = QCoreApplication.translate("EnergyAvailability", ITEM_LABELS[name])
            self.errors.add_row(f"energy.{name}", item + ":", combo)
            combo.currentIndexChanged.connect(self.changed)
            combo.currentIndexChanged.connect(self._refresh)
        self.label_injury_history = QLabel(self.tr(
            "Injury history records a previous bone-stress injury: it counts as Yes until "
            "answered here."))
        self.label_injury_history.setWordWrap(True)
        self.label_injury_history.setStyleSheet("color:#556;")
        self.label_injury_history.hide()
        self.label_finding = QLabel()
        self.label_finding.setWordWrap(True)
        self.label_finding.setTextFormat(Qt.TextFormat.RichText)
        self.label_finding.setAccessibleName(self.tr("Energy availability summary"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.label_injury_history)
        layout.addWidget(self.label_finding)
        layout.addStretch(1)
        self._refresh()

    def energy_screen(self) -> EnergyScreen:
        """The answers as chosen (``None`` for each item not asked)."""
        menstrual = self.combo_menstrual.currentData()
        answers = {name: (None if (d := self.combos[name].currentData()) is None else d == "yes")
                   for name in _BOOL_ITEMS}
        return EnergyScreen(menstrual=MenstrualStatus(menstrual) if menstrual else None, **answers)

    def summary_text(self) -> str:
        """The live interpretation in plain text (tests and screen readers)."""
        return energy_finding(self._intake()).explanation

    def _intake(self) -> Intake:
        return Intake(prior_bone_stress_injury=self._legacy_bone_stress, energy=self.energy_screen())

    def _refresh(self) -> None:
        self.label_finding.setText(finding_html(energy_finding(self._intake())))
        self.label_injury_history.setVisible(
            self._legacy_bone_stress and self.energy_screen().prior_bone_stress_injury is None)

    def load(self, intake: Intake, unit: str) -> None:
        """Show the answers."""
        self._legacy_bone_stress = intake.prior_bone_stress_injury
        screen = intake.energy
        for combo in self.combos.values():
            combo.blockSignals(True)
        set_combo(self.combo_menstrual, screen.menstrual)
        for name in _BOOL_ITEMS:
            set_combo(self.combos[name], _tri(getattr(screen, name)))
        for combo in self.combos.values():
            combo.blockSignals(False)
        self.errors.clear()
        self._refresh()

    def apply(self, intake: Intake) -> tuple[Intake, dict[str, str]]:
        """The intake with these answers."""
        self._legacy_bone_stress = intake.prior_bone_stress_injury
        self._refresh()
        return intake.with_changes(energy=self.energy_screen()), {}

    def show_errors(self, errors: dict[str, str]) -> None:
        """Messages beside the items."""
        self.errors.show({k: v for k, v in errors.items() if self.owns(k)})
