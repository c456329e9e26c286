"""Add the clinic's own exercise: patient-friendly text, a default dose and a picture file."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.errors import ValidationError
from clinic_app.domain.rehab.exercises import RehabPhase
from clinic_app.services.context import Changes
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe, field_messages
from clinic_app.ui.operations import write
from clinic_app.ui.views.plan.library_panel import FAMILY_LABELS
from clinic_app.ui.widgets.inputs import NumberEdit
from clinic_app.ui.widgets.labels import apply_visible_labels


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


class CustomExerciseDialog(QDialog):
    """Collects the exercise; the service checks it against the library's rules."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(self.tr("Add the clinic's own exercise"))
        self.edit_name = QLineEdit()
        self.combo_family = QComboBox()
        for family, label in FAMILY_LABELS.items():
            self.combo_family.addItem(QCoreApplication.translate("LibraryPanel", label), family.value)
        self.edit_steps = QPlainTextEdit()
        self.edit_steps.setPlaceholderText(self.tr("3 to 6 steps, one per line, in plain words"))
        self.edit_cues = QPlainTextEdit()
        self.edit_cues.setPlaceholderText(self.tr("2 to 4 cues, one per line"))
        for edit in (self.edit_steps, self.edit_cues):
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(80)
        self.edit_safety = QLineEdit(self.tr("Stop if pain spreads down your leg or goes above 5/10."))
        self.edit_sets, self.edit_reps, self.edit_hold = NumberEdit(), NumberEdit(), NumberEdit()
        self.edit_days = NumberEdit()
        self.edit_sets.setText("3")
        self.edit_reps.setText("10")
        self.edit_days.setText("7")
        self.check_side = QCheckBox(self.tr("Each side"))
        self.edit_image = QLineEdit()
        self.edit_image.setReadOnly(True)
        self.btn_image = QPushButton(self.tr("Choose picture…"))
        image_row = QHBoxLayout()
        image_row.addWidget(self.edit_image, 1)
        image_row.addWidget(self.btn_image)
        form = QFormLayout()
        for label, widget in ((self.tr("Name:"), self.edit_name), (self.tr("Family:"), self.combo_family),
                              (self.tr("Steps:"), self.edit_steps), (self.tr("Cues:"), self.edit_cues),
                              (self.tr("Safety:"), self.edit_safety), (self.tr("Sets:"), self.edit_sets),
                              (self.tr("Reps:"), self.edit_reps), (self.tr("Hold (s):"), self.edit_hold),
                              (self.tr("Days a week:"), self.edit_days)):
            widget.setAccessibleName(label.rstrip(":"))
            form.addRow(label, widget)
        form.addRow("", self.check_side)
        self.edit_image.setAccessibleName(self.tr("Picture"))
        form.addRow(self.tr("Picture:"), image_row)
        self.label_error = QLabel()
        self.label_error.setStyleSheet("color:#b00020;")
        self.label_error.setWordWrap(True)
        self.label_error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.btn_save = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.label_error)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.btn_image.clicked.connect(self._choose_image)
        self.resize(520, 600)
        apply_visible_labels(self)

    def _choose_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Exercise picture"), "",
                                              self.tr("Images (*.png *.jpg *.jpeg *.svg)"))
        if path:
            self.edit_image.setText(path)

    def data(self) -> dict[str, Any]:
        """The exercise in the library's format (id and illustration are set by the service)."""
        return {
            "name": self.edit_name.text().strip(), "family": self.combo_family.currentData(),
            "instructions": _lines(self.edit_steps), "cues": _lines(self.edit_cues),
            "safety": self.edit_safety.text().strip(),
            "default_dose": {"sets": self.edit_sets.int_value(), "reps": self.edit_reps.int_value(),
                             "hold_seconds": self.edit_hold.int_value(),
                             "per_side": self.check_side.isChecked(), "times_per_day": 1,
                             "days_per_week": self.edit_days.int_value() or 7},
            "tags": {"body_area": ["whole_body"], "phase": [p.value for p in RehabPhase],
                     "equipment": ["none"]},
            "regression": None, "progression": None, "illustration": "x.svg",
        }

    def save(self) -> None:
        """Add it through the service (a worker); errors stay on the form."""
        if not self.edit_image.text():
            self._show("Choose a picture (PNG, JPEG or SVG).")
            return
        self.btn_save.setEnabled(False)
        write(self._ctx, partial(self._ctx.services.exercises.add_custom,
                                 self._ctx.require_actor(), self.data(),
                                 Path(self.edit_image.text())),
              initiator=self, on_done=self._saved, on_failed=self._failed)

    def _saved(self, _changes: Changes) -> None:
        self.accept()  # the operation published the change as this dialog's

    def _failed(self, exc: BaseException) -> None:
        self.btn_save.setEnabled(True)
        self._show(" ".join(field_messages(exc).values()) if isinstance(exc, ValidationError)
                   else describe(exc))

    def _show(self, message: str) -> None:
        self.label_error.setText(message)
        self.label_error.show()


