"""What the diary does: book, edit, move, cancel, DNA, check-in, documents, the waitlist.

A mixin of ``DiaryView``: every write runs on the write runner, then the diary reloads and the
change is published so an open chart sees a visit the session opened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, time
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from clinic_app.domain.access import Action, may
from clinic_app.domain.appointments import (
    AppointmentStatus,
    SlotTaken,
)
from clinic_app.domain.errors import ConflictError, ValidationError
from clinic_app.services.appointments import OutsideHours
from clinic_app.services.appointments_base import AppointmentRow
from clinic_app.services.context import Changes
from clinic_app.ui import operations
from clinic_app.ui.errors import describe, field_messages
from clinic_app.ui.views.diary.labels import day_text, status_labels, type_labels

if TYPE_CHECKING:
    from clinic_app.ui.views.diary.diary_view import DiaryView

logger = logging.getLogger(__name__)
_S = AppointmentStatus
class DiaryOperations:
    """The diary's actions (mixed into ``DiaryView``)."""

    def _build_actions(self: DiaryView) -> None:  # type: ignore[misc]
        def action(text: str, slot: Callable[[], None], key: str | None = None) -> QAction:
            act = QAction(text, self)
            if key:
                act.setShortcut(QKeySequence(key))
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.act_arrived = action(self.tr("&Arrived"), lambda: self.set_status(_S.ARRIVED), "Ctrl+1")
        self.act_start = action(self.tr("&Start session (opens the note)"),
                                lambda: self.set_status(_S.IN_SESSION), "Ctrl+2")
        self.act_done = action(self.tr("&Done"), lambda: self.set_status(_S.DONE), "Ctrl+3")
        self.act_dna = action(self.tr("Did &not attend"), self.mark_dna, "Ctrl+4")
        self.act_cancel = action(self.tr("&Cancel appointment…"), self.cancel_selected, "Delete")
        self.act_edit = action(self.tr("&Edit appointment…"), self.edit_selected)
        self.act_chart = action(self.tr("Open &chart"), self.open_chart)
        self.act_waitlist = action(self.tr("Add patient to &waitlist…"), self.add_to_waitlist)
        self.act_patient_ics = action(self.tr("Patient's appointments (.&ics)…"),
                                      self.export_patient)
        self.btn_arrived.clicked.connect(self.act_arrived.trigger)
        self.btn_start.clicked.connect(self.act_start.trigger)
        self.btn_done.clicked.connect(self.act_done.trigger)
        self.btn_dna.clicked.connect(self.act_dna.trigger)
        self.btn_cancel.clicked.connect(self.act_cancel.trigger)
        self.btn_chart.clicked.connect(self.act_chart.trigger)
        self.btn_book.clicked.connect(self.book_selected_slot)
        self.btn_sheet.clicked.connect(self.save_day_sheet)
        self.btn_ics.clicked.connect(self.export_week)
        self.btn_wait_add.clicked.connect(self.add_to_waitlist)
        self.btn_wait_book.clicked.connect(self.book_from_waitlist)
        self.btn_wait_remove.clicked.connect(self.remove_from_waitlist)
        self.list_waitlist.currentItemChanged.connect(lambda *_: self._waitlist_buttons())
        self.grid.book_requested.connect(self.book_at)
        self.grid.open_requested.connect(lambda _id: self.edit_selected())
        self.grid.move_requested.connect(self.move_to)
        self.grid.context_requested.connect(self._context_menu)

    # -- selection -----------------------------------------------------------------------

    def _manages(self: DiaryView) -> bool:  # type: ignore[misc]
        """Whether the signed-in user books and changes appointments."""
        actor = self.ctx.actor
        return actor is not None and may(actor.role, Action.MANAGE_DIARY)

    def _show_selection(self: DiaryView) -> None:  # type: ignore[misc]
        row = self.grid.selected()
        manage = self._manages()
        status = row.status if row else None
        enabled = {
            self.act_arrived: status is _S.BOOKED,
            self.act_start: status in (_S.BOOKED, _S.ARRIVED),
            self.act_done: status is _S.IN_SESSION,
            self.act_dna: status is _S.BOOKED,
            self.act_cancel: status in (_S.BOOKED, _S.ARRIVED),
            self.act_edit: status in (_S.BOOKED, _S.ARRIVED),
            self.act_waitlist: row is not None,
        }
        self.act_patient_ics.setEnabled(row is not None)
        for act, on in enabled.items():
            act.setEnabled(bool(on) and manage)
        self.act_chart.setEnabled(row is not None)
        for button, act in ((self.btn_arrived, self.act_arrived), (self.btn_start, self.act_start),
                            (self.btn_done, self.act_done), (self.btn_dna, self.act_dna),
                            (self.btn_cancel, self.act_cancel), (self.btn_chart, self.act_chart)):
            button.setEnabled(act.isEnabled())
        self.btn_book.setEnabled(manage)
        self.btn_wait_add.setEnabled(manage and row is not None)  # once: no flicker, no repaint
        self._waitlist_buttons()
        try:
            self._describe_selection(row)
        finally:
            self.grid.setAccessibleDescription(self.label_details.text())

    def _waitlist_buttons(self: DiaryView) -> None:  # type: ignore[misc]
        """Book needs a waitlist patient and a free slot; Remove needs a waitlist patient."""
        chosen = self._manages() and self._waitlist_entry() is not None
        free_slot = self.grid.selected_slot is not None and self.grid.selected_id is None
        self.btn_wait_book.setEnabled(chosen and free_slot)
        self.btn_wait_remove.setEnabled(chosen)

    def _describe_selection(self: DiaryView, row: AppointmentRow | None) -> None:  # type: ignore[misc]
        if row is None:
            slot = self.grid.selected_slot
            if slot is not None and self.grid.columns:
                start = self.grid.slot_time(slot.column, slot.minute)
                column = self.grid.columns[slot.column]
                self.label_details.setText(self.tr("Free: {0} at {1}, {2}.\nPress Ctrl+N or "
                                                   "Enter to book.").format(
                    day_text(start), start.strftime("%H:%M"),
                    self._clinician_name(column.clinician_id)))
            else:
                self.label_details.setText(self.tr("Nothing selected."))
            return
        start, end = row.starts_at.astimezone(), row.ends_at.astimezone()
        lines = [row.patient_name, f"{row.chart_label}" + (f" · {row.phone}" if row.phone else ""),
                 "", f"{day_text(start)}, {start:%H:%M}–{end:%H:%M}",
                 self.tr("with {0}").format(row.clinician),
                 f"{type_labels()[row.kind]} · {status_labels()[row.status]}"]
        if row.notes:
            lines.append(self.tr("Reason: {0}").format(row.notes))
        if row.cancel_reason:
            lines.append(self.tr("Cancelled: {0}").format(row.cancel_reason))
        self.label_details.setText("\n".join(lines))

    def _clinician_name(self: DiaryView, clinician_id: int) -> str:  # type: ignore[misc]
        return next((c.name for c in self.clinicians if c.id == clinician_id), "")

    def _context_menu(self: DiaryView, _appointment_id: int, where: QPoint) -> None:  # type: ignore[misc]
        menu = QMenu(self)
        menu.addActions([self.act_arrived, self.act_start, self.act_done])
        menu.addSeparator()
        menu.addActions([self.act_edit, self.act_dna, self.act_cancel])
        menu.addSeparator()
        menu.addActions([self.act_chart, self.act_waitlist, self.act_patient_ics])
        self.context_menu = menu
        menu.popup(where)

    # -- writes --------------------------------------------------------------------------

    def _write(self: DiaryView, job: Callable[[], Changes], done: str,  # type: ignore[misc]
               retry: Callable[[bool], None] | None = None) -> None:
        def ok(_changes: Changes) -> None:  # the operation published them as this view's
            self.status_message(done)
            self.reload()

        def refused(exc: BaseException) -> None:
            if isinstance(exc, OutsideHours) and retry is not None:
                answer = QMessageBox.question(
                    self, self.tr("Outside working hours"),
                    self.tr("{0}\n\nMove it there anyway?").format(exc.message),
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No)
                if answer == QMessageBox.StandardButton.Yes:
                    retry(True)
                    return
            self.show_error(exc)
        operations.write(self.ctx, job, initiator=self, on_done=ok, on_failed=refused)

    def show_error(self: DiaryView, exc: BaseException) -> None:  # type: ignore[misc]
        """A plain message; a clash or a stale copy also reloads the diary."""
        if isinstance(exc, SlotTaken):
            message = str(exc)
        elif isinstance(exc, ConflictError):
            message = self.tr("{0} was changed by {1} meanwhile. The diary now shows the "
                              "latest; try again.").format(exc.entity, exc.changed_by)
        elif isinstance(exc, ValidationError):
            message = " ".join(field_messages(exc).values())
        else:
            message = describe(exc)
        self.last_message = message
        QMessageBox.warning(self, self.tr("Diary"), message)
        if isinstance(exc, ConflictError):
            self.reload()

    def set_status(self: DiaryView, status: AppointmentStatus) -> None:  # type: ignore[misc]
        """Arrived, in session or done for the selected appointment."""
        row = self.grid.selected()
        if row is None:
            return
        actor = self.ctx.require_actor()
        label = status_labels()[status]
        self._write(partial(self.ctx.services.appointments.set_status, actor, row.id,
                            row.version, status),
                    self.tr("{0}: {1}").format(row.patient_name, label))

    def mark_dna(self: DiaryView) -> None:  # type: ignore[misc]
        """The selected patient did not attend."""
        row = self.grid.selected()
        if row is None:
            return
        actor = self.ctx.require_actor()
        self._write(partial(self.ctx.services.appointments.mark_did_not_attend, actor, row.id,
                            row.version),
                    self.tr("{0}: did not attend").format(row.patient_name))

    def cancel_selected(self: DiaryView) -> None:  # type: ignore[misc]
        """Cancel the selected appointment with a reason."""
        from clinic_app.ui.views.diary.diary_dialogs import CancelDialog

        row = self.grid.selected()
        if row is None or not self.act_cancel.isEnabled():
            return
        dialog = CancelDialog(row, self)
        if not dialog.exec():
            return
        actor = self.ctx.require_actor()
        self._write(partial(self.ctx.services.appointments.cancel, actor, row.id, row.version,
                            dialog.reason()),
                    self.tr("Cancelled: {0}").format(row.patient_name))

    def move_to(self: DiaryView, appointment_id: int, column: int, minute: int,  # type: ignore[misc]
                length: int, outside_hours: bool = False) -> None:
        """A drag ended: move and/or resize."""
        row = self.grid.row(appointment_id)
        if row is None or not self.grid.columns:
            return
        target = self.grid.columns[column]
        starts_at = self.grid.slot_time(column, minute)
        actor = self.ctx.require_actor()
        job = partial(self.ctx.services.appointments.move, actor, row.id, row.version,
                      starts_at=starts_at, minutes=length, clinician_id=target.clinician_id,
                      outside_hours=outside_hours)
        self._write(job, self.tr("Moved: {0} to {1}").format(row.patient_name,
                                                            f"{day_text(starts_at)} "
                                                            f"{starts_at:%H:%M}"),
                    retry=lambda confirmed: self.move_to(appointment_id, column, minute, length,
                                                         confirmed))

    # -- dialogs -------------------------------------------------------------------------

    def book_selected_slot(self: DiaryView) -> None:  # type: ignore[misc]
        """Book at the selected free slot (or at 09:00 of the first column)."""
        slot = self.grid.selected_slot
        if slot is not None and self.grid.selected_id is None:
            self.book_at(slot.column, slot.minute)
        elif self.grid.columns:
            self.book_at(0, 9 * 60)

    def book_at(self: DiaryView, column: int, minute: int, patient_id: int | None = None,  # type: ignore[misc]
                patient_label: str = "", on_booked: Callable[[], None] | None = None) -> None:
        """The Book dialog for a slot."""
        from clinic_app.ui.views.diary.book_dialog import BookDialog, BookingStart

        if not self._manages() or not self.grid.columns:
            return
        target = self.grid.columns[column]
        start = datetime.combine(target.day, time(minute // 60, minute % 60)).astimezone()
        dialog = BookDialog(self.ctx, self.clinicians,
                            BookingStart(target.clinician_id, start, patient_id, patient_label),
                            None, self)
        self.book_dialog = dialog
        if dialog.exec() and dialog.saved is not None:
            self._after_dialog(dialog.saved, self.tr("Booked."))
            if on_booked is not None:
                on_booked()

    def edit_selected(self: DiaryView) -> None:  # type: ignore[misc]
        """Enter on an appointment: edit it (booked or arrived), else show its chart."""
        from clinic_app.ui.views.diary.book_dialog import BookDialog, BookingStart

        row = self.grid.selected()
        if row is None:
            return
        if not self.act_edit.isEnabled():
            self.open_chart()
            return
        dialog = BookDialog(self.ctx, self.clinicians, BookingStart(row.clinician_id,
                                                                    row.starts_at), row, self)
        self.book_dialog = dialog
        if dialog.exec() and dialog.saved is not None:
            self._after_dialog(dialog.saved, self.tr("Saved."))

    def _after_dialog(self: DiaryView, changes: Changes, message: str) -> None:  # type: ignore[misc]
        self.ctx.bus.publish(changes, self)
        self.status_message(message)
        if changes.created_id is not None:
            self._pending_select = changes.created_id
        self.reload()

    def open_chart(self: DiaryView) -> None:  # type: ignore[misc]
        """Show the selected patient's chart."""
        row = self.grid.selected()
        if row is not None:
            self.chart_requested.emit(row.patient_id)
