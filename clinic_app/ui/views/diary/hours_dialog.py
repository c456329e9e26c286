"""Practice → Diary settings…: each clinician's weekly hours and breaks, and double booking.

Times are typed as "08:00-12:30, 13:30-18:00" (a blank day is a day off). Bookings outside
these hours are asked about before they are made; the diary shades the hours off.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.appointments import WorkingHours
from clinic_app.services.appointments_base import ClinicianRow, DiarySettings
from clinic_app.services.context import Changes
from clinic_app.ui import operations
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe
from clinic_app.ui.operations import Operation, read
from clinic_app.ui.views.diary.labels import weekday_names
from clinic_app.ui.widgets.forms import ERROR_STYLE


class HoursDialog(QDialog):
    """Edit one clinician's week at a time; Save keeps it and the double-booking rule."""

    def __init__(self, ctx: UiContext, clinicians: list[ClinicianRow],
                 current: tuple[DiarySettings, int], parent: QWidget | None = None) -> None:
        """``current``: the practice's diary settings and their version, read by the caller."""
        super().__init__(parent)
        self._ctx = ctx
        self._hours_version = 0
        self._loading: Operation[tuple[WorkingHours, int]] | None = None
        self.setWindowTitle(self.tr("Diary settings"))
        settings, self._settings_version = current
        self.check_double = QCheckBox(self.tr("Allow &double booking (two patients with one "
                                              "clinician at the same time)"))
        self.check_double.setChecked(settings.allow_double_booking)
        self.combo_clinician = QComboBox()
        self.combo_clinician.setAccessibleName(self.tr("Clinician"))
        for c in clinicians:
            self.combo_clinician.addItem(c.name, c.id)
        pick = QHBoxLayout()
        label = QLabel(self.tr("&Clinician:"))
        label.setBuddy(self.combo_clinician)
        pick.addWidget(label)
        pick.addWidget(self.combo_clinician, 1)
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("<b>Working hours</b>")), 0, 1)
        grid.addWidget(QLabel(self.tr("<b>Breaks</b>")), 0, 2)
        self.edit_hours: list[QLineEdit] = []
        self.edit_breaks: list[QLineEdit] = []
        for row, name in enumerate(weekday_names(), start=1):
            grid.addWidget(QLabel(name), row, 0)
            hours, breaks = QLineEdit(), QLineEdit()
            hours.setAccessibleName(self.tr("{0} working hours").format(name))
            breaks.setAccessibleName(self.tr("{0} breaks").format(name))
            hours.setPlaceholderText(self.tr("day off"))
            grid.addWidget(hours, row, 1)
            grid.addWidget(breaks, row, 2)
            self.edit_hours.append(hours)
            self.edit_breaks.append(breaks)
        hint = QLabel(self.tr("Type times as 08:00-12:30, 13:30-18:00. Leave a day blank for "
                              "a day off."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5D6D7E;")
        self.label_error = QLabel()
        self.label_error.setStyleSheet(ERROR_STYLE)
        self.label_error.setWordWrap(True)
        self.label_error.setAccessibleName(self.tr("Diary settings problem"))
        self.label_error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Close)
        self.btn_save = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.check_double)
        layout.addSpacing(8)
        layout.addLayout(pick)
        layout.addLayout(grid)
        layout.addWidget(hint)
        layout.addWidget(self.label_error)
        layout.addWidget(buttons)
        self.combo_clinician.currentIndexChanged.connect(lambda _i: self._load_hours())
        self._load_hours()

    def _load_hours(self) -> None:
        clinician = self.combo_clinician.currentData()
        if clinician is None:
            return
        if self._loading is not None:
            self._loading.drop()  # a newer choice replaces it
        self.btn_save.setEnabled(False)
        self._loading = read(self._ctx, partial(self._ctx.services.diary.hours, int(clinician)),
                             self._show_hours, self._refused)

    def _show_hours(self, loaded: tuple[WorkingHours, int]) -> None:
        self._loading = None
        hours, self._hours_version = loaded
        self.btn_save.setEnabled(True)
        texts, breaks = hours.as_text()
        for edit, text in zip(self.edit_hours, texts, strict=True):
            edit.setText(text)
        for edit, text in zip(self.edit_breaks, breaks, strict=True):
            edit.setText(text)
        self.label_error.hide()

    def save(self) -> None:
        """Check the times, then save the clinician's week and the double-booking rule."""
        hours, errors = WorkingHours.parse([e.text() for e in self.edit_hours],
                                           [e.text() for e in self.edit_breaks])
        if hours is None:
            names = weekday_names()
            days = [names[int(key.split("_")[1])] for key in errors]
            self.label_error.setText(self.tr("Check {0}: write times as 08:00-12:30, separated "
                                             "by commas.").format(", ".join(days)))
            self.label_error.show()
            return
        actor = self._ctx.require_actor()
        clinician = int(self.combo_clinician.currentData())
        settings = DiarySettings(allow_double_booking=self.check_double.isChecked())
        diary = self._ctx.services.diary
        hours_version, settings_version = self._hours_version, self._settings_version

        def write() -> Changes:
            changes = diary.save_hours(actor, clinician, hours, hours_version)
            if settings != diary.settings()[0]:
                diary.save_settings(actor, settings, settings_version)
            return changes
        self.btn_save.setEnabled(False)
        operations.write(self._ctx, write, initiator=self, on_done=self._saved,
                         on_failed=self._refused)

    def _saved(self, _changes: Changes) -> None:
        self.btn_save.setEnabled(True)
        self.accept()  # the operation published the change as this dialog's

    def _refused(self, exc: BaseException) -> None:
        self.btn_save.setEnabled(True)
        self.label_error.setText(describe(exc))
        self.label_error.show()
