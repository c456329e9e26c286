"""The dose and note of one plan exercise, checked with the domain's dose rules."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QWidget

from clinic_app.domain.rehab.exercises import Dose, validate_dose
from clinic_app.domain.rehab.plans import PlanItem
from clinic_app.ui.widgets.inputs import NumberEdit


class DoseEditor(QGroupBox):
    """Sets, reps, hold, each side, times a day, days a week and a note for one exercise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Dose and note"), parent)
        self.edit_sets, self.edit_reps, self.edit_hold = NumberEdit(), NumberEdit(), NumberEdit()
        self.edit_times, self.edit_days = NumberEdit(), NumberEdit()
        self.check_side = QCheckBox(self.tr("Each side"))
        self.edit_notes = QLineEdit()
        self.btn_apply = QPushButton(self.tr("Apply dose"))
        self.label_dose = QLabel()
        self.label_dose.setWordWrap(True)
        self.label_error = QLabel()
        self.label_error.setStyleSheet("color:#b00020;")
        self.label_error.setWordWrap(True)
        form = QFormLayout(self)
        for label, widget in ((self.tr("Sets:"), self.edit_sets), (self.tr("Reps:"), self.edit_reps),
                              (self.tr("Hold (s):"), self.edit_hold),
                              (self.tr("Times a day:"), self.edit_times),
                              (self.tr("Days a week:"), self.edit_days)):
            widget.setAccessibleName(label.rstrip(":"))
            form.addRow(label, widget)
        form.addRow("", self.check_side)
        self.edit_notes.setAccessibleName(self.tr("Note for the patient"))
        form.addRow(self.tr("Note:"), self.edit_notes)
        form.addRow(self.label_dose)
        form.addRow(self.label_error)
        form.addRow(self.btn_apply)
        self._base: Dose | None = None
        self._editable = True

    def set_editable(self, editable: bool) -> None:
        """Allow edits (an item shown, plan not locked) or show the dose read-only."""
        self._editable = editable
        self.setEnabled(editable and self._base is not None)

    def show_item(self, item: PlanItem | None) -> None:
        """Fill from an item (or clear); stays read-only while the plan is locked."""
        self.setEnabled(item is not None and self._editable)
        self.label_error.clear()
        self._base = item.dose if item else None
        d = item.dose if item else None
        self.edit_sets.set_value(d.sets if d else None)
        self.edit_reps.set_value(d.reps if d else None)
        self.edit_hold.set_value(d.hold_seconds if d else None)
        self.edit_times.set_value(d.times_per_day if d else None)
        self.edit_days.set_value(d.days_per_week if d else None)
        self.check_side.setChecked(bool(d and d.per_side))
        self.edit_notes.setText(item.notes if item else "")
        self.label_dose.setText(d.describe() if d else "")

    def dose(self) -> tuple[Dose | None, str]:
        """The typed dose, or ``None`` with the message to show."""
        if self._base is None:
            return None, ""
        edits = (self.edit_sets, self.edit_reps, self.edit_hold, self.edit_times, self.edit_days)
        if any(e.is_unreadable() for e in edits):
            return None, self.tr("Type whole numbers.")
        base = self._base
        dose = Dose(sets=self.edit_sets.int_value() or 0, reps=self.edit_reps.int_value(),
                    hold_seconds=self.edit_hold.int_value(), per_side=self.check_side.isChecked(),
                    times_per_day=self.edit_times.int_value() or 0,
                    days_per_week=self.edit_days.int_value() or 0,
                    pyramid=base.pyramid if base.pyramid and self.edit_reps.int_value() is None else None,
                    duration_minutes=base.duration_minutes, rep_unit=base.rep_unit)
        errors = validate_dose(dose)
        return (None, " ".join(errors.values())) if errors else (dose, "")
