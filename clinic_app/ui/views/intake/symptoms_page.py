"""Current symptoms: onset, pain scores, symptom quality and the body chart."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.intake.body_chart import body_chart_finding, marks_from_data, marks_to_data
from clinic_app.domain.intake.record import Intake, OnsetType, SymptomQuality
from clinic_app.domain.intake.rules import duration_class
from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP
from clinic_app.ui.views.intake.common import NumberEdit, SectionPage, enum_combo, labels_for, set_combo
from clinic_app.ui.widgets.body_chart import BodyChartWidget
from clinic_app.ui.widgets.forms import DateLineEdit, FieldErrors
from clinic_app.ui.widgets.side_by_side import SideBySide

NPRS_FIELDS = (
    ("back", QT_TRANSLATE_NOOP("SymptomsPage", "Back")),
    ("leg", QT_TRANSLATE_NOOP("SymptomsPage", "Leg")),
)
NPRS_WHEN = (
    ("now", QT_TRANSLATE_NOOP("SymptomsPage", "Now")),
    ("best24h", QT_TRANSLATE_NOOP("SymptomsPage", "Best in 24 h")),
    ("worst24h", QT_TRANSLATE_NOOP("SymptomsPage", "Worst in 24 h")),
)
DURATION_WORDS = {
    "acute": QT_TRANSLATE_NOOP("SymptomsPage", "Acute (under 6 weeks)"),
    "subacute": QT_TRANSLATE_NOOP("SymptomsPage", "Subacute (6–12 weeks)"),
    "chronic": QT_TRANSLATE_NOOP("SymptomsPage", "Chronic (over 12 weeks)"),
}

QUALITY_TEXT = {
    SymptomQuality.ACHE: QT_TRANSLATE_NOOP("SymptomsPage", "Ache"),
    SymptomQuality.SHARP: QT_TRANSLATE_NOOP("SymptomsPage", "Sharp"),
    SymptomQuality.BURNING: QT_TRANSLATE_NOOP("SymptomsPage", "Burning"),
    SymptomQuality.SHOOTING: QT_TRANSLATE_NOOP("SymptomsPage", "Shooting"),
    SymptomQuality.PINS_NEEDLES: QT_TRANSLATE_NOOP("SymptomsPage", "Pins and needles"),
    SymptomQuality.NUMBNESS: QT_TRANSLATE_NOOP("SymptomsPage", "Numbness"),
    SymptomQuality.WEAKNESS: QT_TRANSLATE_NOOP("SymptomsPage", "Weakness"),
}


class SymptomsPage(SectionPage):
    """Onset and duration, NPRS back and leg (now, best, worst), quality, body chart."""

    prefixes = ("onset_type", "onset_date", "onset_during_run", "mechanism", "symptom_quality",
                "body_marks", *(f"nprs_{s}_{w}" for s, _ in NPRS_FIELDS for w, _ in NPRS_WHEN))

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Current symptoms")
        self._today = today
        self.combo_onset = enum_combo(labels_for(OnsetType))
        self.edit_onset_date = DateLineEdit()
        self.check_during_run = QCheckBox(self.tr("Started during a run"))
        self.edit_mechanism = QLineEdit()
        self.edit_mechanism.setPlaceholderText(self.tr("e.g. downhill section of a trail race"))
        self.label_duration = QLabel("—")
        self.label_duration.setWordWrap(True)  # "Chronic (over 12 weeks) — 13 weeks since onset" grows
        self.label_duration.setAccessibleName(self.tr("Duration"))
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.errors.add_row("onset_type", self.tr("Onset:"), self.combo_onset)
        self.errors.add_row("onset_date", self.tr("Onset date:"), self.edit_onset_date)
        self.errors.add_row("onset_during_run", self.tr("During a run:"), self.check_during_run)
        self.errors.add_row("mechanism", self.tr("Mechanism:"), self.edit_mechanism)
        form.addRow(self.tr("Duration:"), self.label_duration)

        self.nprs: dict[str, NumberEdit] = {}
        grid = QGridLayout()
        for c, (_w, label) in enumerate(NPRS_WHEN, start=1):
            grid.addWidget(QLabel(QCoreApplication.translate("SymptomsPage", label)), 0, c)
        for r, (side, side_label) in enumerate(NPRS_FIELDS, start=1):
            side_text = QCoreApplication.translate("SymptomsPage", side_label)
            grid.addWidget(QLabel(self.tr("{0} pain (0-10)").format(side_text)), r, 0)
            for c, (when, when_label) in enumerate(NPRS_WHEN, start=1):
                edit = NumberEdit()
                edit.setMaximumWidth(60)
                edit.setAccessibleName(self.tr("{0} pain {1}").format(
                    side_text, QCoreApplication.translate("SymptomsPage", when_label).lower()))
                self.nprs[f"nprs_{side}_{when}"] = edit
                grid.addWidget(edit, r, c)
                edit.textEdited.connect(self.changed)
                edit.textEdited.connect(self._update_chart_text)
        self.label_nprs_error = QLabel()
        self.label_nprs_error.setStyleSheet("color:#b00020;")
        self.label_nprs_error.setAccessibleName(self.tr("Pain scores error"))
        self.label_nprs_error.hide()
        box_nprs = QGroupBox(self.tr("Pain scores (NPRS)"))
        nprs_layout = QVBoxLayout(box_nprs)
        nprs_layout.addLayout(grid)
        nprs_layout.addWidget(self.label_nprs_error)

        self.quality_boxes: dict[SymptomQuality, QCheckBox] = {}
        quality = QGroupBox(self.tr("Symptom quality"))
        quality_grid = QGridLayout(quality)
        for i, (quality_value, label) in enumerate(QUALITY_TEXT.items()):
            box = QCheckBox(QCoreApplication.translate("SymptomsPage", label))
            self.quality_boxes[quality_value] = box
            quality_grid.addWidget(box, i // 3, i % 3)
            box.toggled.connect(self.changed)

        self.body_chart = BodyChartWidget()
        self.label_chart = QLabel()
        self.label_chart.setWordWrap(True)
        self.label_chart.setTextFormat(Qt.TextFormat.PlainText)
        self.label_chart.setAccessibleName(self.tr("Body chart summary"))
        self.label_chart_error = QLabel()
        self.label_chart_error.setStyleSheet("color:#b00020;")
        self.label_chart_error.hide()
        box_chart = QGroupBox(self.tr("Body chart"))
        chart_layout = QVBoxLayout(box_chart)
        chart_layout.addWidget(self.body_chart, 1)
        chart_layout.addWidget(self.label_chart)
        chart_layout.addWidget(self.label_chart_error)

        left_widget = QWidget()
        left_widget.setMaximumWidth(390)
        left = QVBoxLayout(left_widget)
        left.setContentsMargins(0, 0, 0, 0)
        left.addLayout(form)
        left.addWidget(box_nprs)
        left.addWidget(quality)
        left.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(SideBySide(left_widget, box_chart, (2, 3)))  # stacked on a small screen

        self.combo_onset.currentIndexChanged.connect(self.changed)
        self.edit_onset_date.textEdited.connect(self.changed)
        self.edit_onset_date.textEdited.connect(self._update_duration)
        self.check_during_run.toggled.connect(self.changed)
        self.edit_mechanism.textEdited.connect(self.changed)
        self.body_chart.marks_changed.connect(self.changed)
        self.body_chart.marks_changed.connect(self._update_chart_text)

    def load(self, intake: Intake, unit: str) -> None:
        """Show the symptoms."""
        set_combo(self.combo_onset, intake.onset_type)
        self.edit_onset_date.set_date(intake.onset_date)
        self.check_during_run.setChecked(intake.onset_during_run)
        self.edit_mechanism.setText(intake.mechanism)
        for name, edit in self.nprs.items():
            edit.set_value(getattr(intake, name))
        for quality, box in self.quality_boxes.items():
            box.setChecked(quality in intake.symptom_quality)
        self.body_chart.set_marks(marks_from_data([dict(m) for m in intake.body_marks]))
        self.errors.clear()
        self.label_nprs_error.hide()
        self._update_duration()
        self._update_chart_text()

    def _update_duration(self) -> None:
        onset = self.edit_onset_date.date_value()
        if onset is None or onset > self._today:
            self.label_duration.setText("—")
            return
        duration = duration_class(Intake(onset_date=onset), self._today)
        weeks = (self._today - onset).days // 7
        self.label_duration.setText(self.tr("{0} — {1} weeks since onset").format(
            QCoreApplication.translate("SymptomsPage", DURATION_WORDS[duration.value]) if duration else "—",
            weeks))

    def _update_chart_text(self) -> None:
        finding = body_chart_finding(self.body_chart.marks(), self.nprs["nprs_leg_now"].int_value(),
                                     self.nprs["nprs_back_now"].int_value())
        self.label_chart.setText(finding.explanation)

    def apply(self, intake: Intake) -> tuple[Intake, dict[str, str]]:
        """The intake with these symptoms."""
        errors = {name: self.tr("Not a whole number.") for name, edit in self.nprs.items()
                  if edit.is_unreadable()}
        if self.edit_onset_date.is_unreadable():
            errors["onset_date"] = self.tr("Not a date: type 2026-03-02 or 02/03/2026.")
        onset = self.combo_onset.currentData()
        updated = intake.with_changes(
            onset_type=OnsetType(onset) if onset else None,
            onset_date=self.edit_onset_date.date_value(),
            onset_during_run=self.check_during_run.isChecked(),
            mechanism=self.edit_mechanism.text().strip(),
            symptom_quality=tuple(q for q, box in self.quality_boxes.items() if box.isChecked()),
            body_marks=tuple(marks_to_data(self.body_chart.marks())),
            **{name: edit.value() for name, edit in self.nprs.items()},
        )
        return updated, errors

    def show_errors(self, errors: dict[str, str]) -> None:
        """Messages beside the fields, under the pain grid and under the chart."""
        mine = {k: v for k, v in errors.items() if self.owns(k)}
        self.errors.show({k: v for k, v in mine.items() if not k.startswith("nprs_")})
        nprs = [f"{self.nprs[k].accessibleName()}: {v}" for k, v in mine.items()
                if k.startswith("nprs_") and k in self.nprs]
        self.label_nprs_error.setText("\n".join(nprs))
        self.label_nprs_error.setVisible(bool(nprs))
        chart = mine.get("body_marks", "")
        self.label_chart_error.setText(escape(chart))
        self.label_chart_error.setVisible(bool(chart))
