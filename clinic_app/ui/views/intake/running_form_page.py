"""Running form: what the clinician saw, with the cadence read in plain words beside it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from clinic_app.domain.intake.record import FootStrike, Intake, RunningForm
from clinic_app.domain.intake.running_form import cadence_finding
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.ui.views.intake.common import SectionPage, enum_combo, set_combo
from clinic_app.ui.views.intake.load_page import finding_html
from clinic_app.ui.widgets.forms import FieldErrors

FOOT_STRIKE_LABELS = (
    (FootStrike.HEEL, QT_TRANSLATE_NOOP("RunningFormPage", "Heel")),
    (FootStrike.MIDFOOT, QT_TRANSLATE_NOOP("RunningFormPage", "Midfoot")),
    (FootStrike.FOREFOOT, QT_TRANSLATE_NOOP("RunningFormPage", "Forefoot")),
)


class RunningFormPage(SectionPage):
    """Overstriding, foot strike and notes; the cadence interpretation uses the whole intake."""

    prefixes = ("running_form",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Running form")
        self._base = Intake()
        self._unit = "km"
        self.combo_overstriding = enum_combo([("yes", self.tr("Yes")), ("no", self.tr("No"))],
                                             self.tr("Not assessed"))
        self.combo_overstriding.setToolTip(self.tr("The foot lands well in front of the body"))
        self.combo_foot_strike = enum_combo([(v.value, QCoreApplication.translate("RunningFormPage", label))
                                             for v, label in FOOT_STRIKE_LABELS],
                                            self.tr("Not assessed"))
        self.edit_notes = QLineEdit()
        self.edit_notes.setPlaceholderText(self.tr("e.g. crosses the midline, trunk leans forward"))
        intro = QLabel(self.tr("What you saw when the runner ran (in clinic, on a treadmill or on "
                               "video). Cadence is recorded on Running profile."))
        intro.setWordWrap(True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.edit_notes.setMinimumWidth(420)
        self.errors = FieldErrors(form)
        self.errors.add_row("running_form.overstriding", self.tr("Overstriding:"),
                            self.combo_overstriding)
        self.errors.add_row("running_form.foot_strike", self.tr("Foot strike:"),
                            self.combo_foot_strike)
        self.errors.add_row("running_form.notes", self.tr("Form notes:"), self.edit_notes)
        self.label_cadence = QLabel()
        self.label_cadence.setWordWrap(True)
        self.label_cadence.setTextFormat(Qt.TextFormat.RichText)
        self.label_cadence.setAccessibleName(self.tr("Cadence and form interpretation"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.label_cadence)
        layout.addStretch(1)
        for combo in (self.combo_overstriding, self.combo_foot_strike):
            combo.currentIndexChanged.connect(self.changed)
            combo.currentIndexChanged.connect(self._refresh)
        self.edit_notes.textEdited.connect(self.changed)
        self.edit_notes.textEdited.connect(self._refresh)
        self._refresh()

    def form(self) -> RunningForm:
        """The observations as chosen."""
        over = self.combo_overstriding.currentData()
        strike = self.combo_foot_strike.currentData()
        return RunningForm(None if over is None else over == "yes",
                           FootStrike(strike) if strike else None, self.edit_notes.text().strip())

    def show_context(self, intake: Intake, unit: str) -> None:
        """Re-read the cadence interpretation against the intake as typed on the other pages."""
        self._base, self._unit = intake, unit
        self._refresh()

    def interpretation_text(self) -> str:
        """The live interpretation in plain text (tests and screen readers)."""
        finding = cadence_finding(self._base.with_changes(running_form=self.form()), self._unit)
        return finding.explanation if finding else ""

    def _refresh(self) -> None:
        finding = cadence_finding(self._base.with_changes(running_form=self.form()), self._unit)
        self.label_cadence.setText(finding_html(finding) if finding else self.tr(
            "Record the cadence on Running profile, or what you saw here, to read it in plain "
            "words."))

    def load(self, intake: Intake, unit: str) -> None:
        """Show the observations."""
        form = intake.running_form
        widgets = (self.combo_overstriding, self.combo_foot_strike)
        for widget in widgets:
            widget.blockSignals(True)
        set_combo(self.combo_overstriding,
                  None if form.overstriding is None else ("yes" if form.overstriding else "no"))
        set_combo(self.combo_foot_strike, form.foot_strike)
        for widget in widgets:
            widget.blockSignals(False)
        self.edit_notes.setText(form.notes)
        self.errors.clear()
        self.show_context(intake, unit)

    def apply(self, intake: Intake) -> tuple[Intake, dict[str, str]]:
        """The intake with these observations."""
        return intake.with_changes(running_form=self.form()), {}

    def show_errors(self, errors: dict[str, str]) -> None:
        """Messages beside the fields."""
        self.errors.show({k: v for k, v in errors.items() if self.owns(k)})
