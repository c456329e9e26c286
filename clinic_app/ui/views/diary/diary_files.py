"""The diary's files and waitlist: day sheet, calendar exports, add/book/remove waitlisted.

A mixin of ``DiaryView``; files are written on the write runner (each export is audited).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from clinic_app.domain.errors import ValidationError
from clinic_app.services.appointments_base import WaitlistRow
from clinic_app.ui.operations import write

if TYPE_CHECKING:
    from clinic_app.ui.views.diary.diary_view import DiaryView

PathChooser = Callable[[QWidget, str, str, str], str]


def _save_file_name(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path


class DiaryFiles:
    """Day sheet, .ics exports and the waitlist (mixed into ``DiaryView``)."""

    choose_path: PathChooser = staticmethod(_save_file_name)  # tests put a chooser here

    # -- documents -----------------------------------------------------------------------

    def save_day_sheet(self: DiaryView) -> None:  # type: ignore[misc]
        """The shown day (for the shown clinician or everyone) as a PDF."""
        actor = self.ctx.require_actor()
        day = self.day
        path = self.choose_path(self, self.tr("Save day sheet"), f"day-sheet-{day.isoformat()}.pdf",
                                self.tr("PDF document (*.pdf)"))
        if not path:
            return
        job = partial(self.ctx.services.diary_documents.day_sheet, actor, day,
                      self.clinician_id(), Path(path))
        write(self.ctx, job, initiator=self, on_done=lambda pages: self._saved_file(path, pages),
              on_failed=self.show_error)

    def export_week(self: DiaryView) -> None:  # type: ignore[misc]
        """The shown clinician's week as an iCalendar file."""
        clinician = self.clinician_id()
        if clinician is None:
            self.show_error(ValidationError({"clinician": self.tr(
                "Choose a clinician first: a calendar file holds one clinician's week.")}))
            return
        actor = self.ctx.require_actor()
        monday = self.first_day() if self.mode == "week" else self.day
        path = self.choose_path(self, self.tr("Export week"), f"appointments-{monday}.ics",
                                self.tr("iCalendar file (*.ics)"))
        if not path:
            return

        def save_file() -> int:
            data = self.ctx.services.diary_documents.clinician_week_ics(actor, clinician, monday)
            Path(path).write_bytes(data)
            return 1
        write(self.ctx, save_file, initiator=self,
              on_done=lambda _n: self._saved_file(path, 0), on_failed=self.show_error)

    def export_patient(self: DiaryView) -> None:  # type: ignore[misc]
        """The selected patient's coming appointments as an iCalendar file, to give them."""
        row = self.grid.selected()
        if row is None:
            return
        actor = self.ctx.require_actor()
        path = self.choose_path(self, self.tr("Patient's appointments"),
                                f"appointments-{row.chart_label}.ics",
                                self.tr("iCalendar file (*.ics)"))
        if not path:
            return

        def save_file() -> int:
            data = self.ctx.services.diary_documents.patient_ics(actor, row.patient_id)
            Path(path).write_bytes(data)
            return 1
        write(self.ctx, save_file, initiator=self,
              on_done=lambda _n: self._saved_file(path, 0), on_failed=self.show_error)

    def _saved_file(self: DiaryView, path: str, _pages: Any) -> None:  # type: ignore[misc]
        self.status_message(self.tr("Saved {0}").format(path))

    def status_message(self: DiaryView, message: str) -> None:  # type: ignore[misc]
        """A short note in the window's status bar (and for tests)."""
        self.last_status = message
        bar = getattr(self.window(), "statusBar", None)
        if callable(bar):
            bar().showMessage(message, 8000)

    # -- waitlist ------------------------------------------------------------------------

    def _waitlist_entry(self: DiaryView) -> WaitlistRow | None:  # type: ignore[misc]
        item = self.list_waitlist.currentItem()
        if item is None:
            return None
        entry_id = item.data(Qt.ItemDataRole.UserRole)
        return next((w for w in self.waitlist_rows if w.id == entry_id), None)

    def add_to_waitlist(self: DiaryView) -> None:  # type: ignore[misc]
        """Put the selected appointment's patient on the waitlist."""
        from clinic_app.ui.views.diary.diary_dialogs import WaitlistDialog

        row = self.grid.selected()
        if row is None:
            self.show_error(ValidationError({"patient": self.tr(
                "Select one of the patient's appointments first.")}))
            return
        dialog = WaitlistDialog(f"{row.patient_name} · {row.chart_label}", self.clinicians, self)
        if not dialog.exec():
            return
        actor = self.ctx.require_actor()
        self._write(partial(self.ctx.services.diary.add_to_waitlist, actor, row.patient_id,
                            dialog.combo_clinician.currentData(), dialog.edit_note.text()),
                    self.tr("Added to the waitlist: {0}").format(row.patient_name))

    def book_from_waitlist(self: DiaryView) -> None:  # type: ignore[misc]
        """Book the chosen waitlist patient at the selected free slot, then take them off."""
        entry = self._waitlist_entry()
        slot = self.grid.selected_slot
        if entry is None or slot is None or self.grid.selected_id is not None:
            self.show_error(ValidationError({"slot": self.tr(
                "Choose a patient on the waitlist and a free slot in the diary.")}))
            return
        actor = self.ctx.require_actor()

        def take_off() -> None:
            self._write(partial(self.ctx.services.diary.remove_from_waitlist, actor, entry.id,
                                entry.version), self.tr("Booked from the waitlist."))
        self.book_at(slot.column, slot.minute, entry.patient_id,
                     f"{entry.patient_name} · {entry.chart_label}", take_off)

    def remove_from_waitlist(self: DiaryView) -> None:  # type: ignore[misc]
        """Take the chosen patient off the waitlist."""
        entry = self._waitlist_entry()
        if entry is None:
            return
        actor = self.ctx.require_actor()
        self._write(partial(self.ctx.services.diary.remove_from_waitlist, actor, entry.id,
                            entry.version),
                    self.tr("Removed from the waitlist: {0}").format(entry.patient_name))
