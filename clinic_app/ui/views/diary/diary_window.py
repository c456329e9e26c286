"""View → Diary (Ctrl+D) and the toolbar button: the diary takes the window, Ctrl+D goes back.

The diary is built when first shown and rebuilt for the next user after a switch, so a
clinician who signs in starts on their own next patient.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from clinic_app.domain.access import Action, may

if TYPE_CHECKING:
    from clinic_app.ui.main_window import MainWindow
    from clinic_app.ui.views.diary.diary_view import DiaryView


class DiaryActions(QObject):
    """Switches the main window between the patient list and the diary."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.view: DiaryView | None = None
        self._user_id: int | None = None
        self.act_diary = QAction(self.tr("&Diary"), window)
        self.act_diary.setShortcut(QKeySequence("Ctrl+D"))
        self.act_diary.setCheckable(True)
        self.act_diary.setToolTip(self.tr("The appointment book (Ctrl+D)"))
        self.act_diary.triggered.connect(self.toggle)
        window.view_menu.insertAction(window.view_menu.actions()[0], self.act_diary)
        window.view_menu.insertSeparator(window.view_menu.actions()[1])
        toolbar = window.findChild(QObject, "mainToolbar")
        if toolbar is not None:
            toolbar.addSeparator()  # type: ignore[attr-defined]
            toolbar.addAction(self.act_diary)  # type: ignore[attr-defined]
        self.act_hours = QAction(self.tr("Diary &settings (working hours)…"), window)
        self.act_hours.triggered.connect(self.edit_hours)
        window.practice_menu.addAction(self.act_hours)
        window.session.user_changed.connect(lambda _signed: self._user_changed())
        self._user_changed()

    def shown(self) -> bool:
        """Whether the diary is what the window shows."""
        return self.view is not None and self._window.stack.currentWidget() is self.view

    def toggle(self) -> None:
        """Ctrl+D: to the diary, or back to the patients."""
        if self.shown():
            self.show_patients()
        else:
            self.show_diary()

    def show_diary(self) -> DiaryView:
        """Show the diary (built on first use)."""
        from clinic_app.ui.views.diary.diary_view import DiaryView

        window = self._window
        if self.view is None:
            self.view = DiaryView(window.ctx)
            self.view.back_requested.connect(self.show_patients)
            self.view.chart_requested.connect(self._open_chart)
            window.stack.addWidget(self.view)
        self._previous = window.stack.currentWidget()
        window.patient_list.hide()
        window.stack.setCurrentWidget(self.view)
        self.act_diary.setChecked(True)
        self.view.activate()
        return self.view

    def show_patients(self) -> None:
        """Back to the patient list and whatever chart was open."""
        window = self._window
        if self.view is not None:
            self.view.deactivate()
        previous = getattr(self, "_previous", None)
        chart = window._chart  # noqa: SLF001 - only a chart already built is shown again
        if chart is not None and previous is chart:
            window.stack.setCurrentWidget(window.chart)
        else:
            window.stack.setCurrentWidget(window.placeholder)
        window.patient_list.show()
        self.act_diary.setChecked(False)
        window.patient_list.focus_search()

    def _open_chart(self, patient_id: int) -> None:
        self.show_patients()
        self._window.open_patient(patient_id)

    def _user_changed(self) -> None:
        actor = self._window.ctx.actor
        allowed = actor is not None and may(actor.role, Action.VIEW_DIARY)
        self.act_diary.setVisible(allowed)
        self.act_diary.setEnabled(allowed)
        settings = actor is not None and may(actor.role, Action.DIARY_SETTINGS)
        self.act_hours.setVisible(settings)
        self.act_hours.setEnabled(settings)
        user_id = actor.user_id if actor is not None else None
        same = user_id == self._user_id
        self._user_id = user_id
        if self.view is not None and not same:  # the next user starts on their own day
            if self.shown():
                self.show_patients()
            self._window.stack.removeWidget(self.view)
            self.view.deleteLater()
            self.view = None

    def edit_hours(self) -> None:
        """Practice → Diary settings…: hours, breaks, double booking (administrators)."""
        from clinic_app.ui.errors import describe
        from clinic_app.ui.operations import read
        from clinic_app.ui.views.diary.hours_dialog import HoursDialog

        ctx = self._window.ctx

        diary = ctx.services.diary

        def show(read_back: tuple[list[Any], Any]) -> None:
            dialog = HoursDialog(ctx, read_back[0], read_back[1], self._window)
            if dialog.exec() and self.view is not None:
                self.view.reload()

        def failed(exc: BaseException) -> None:
            QMessageBox.warning(self._window, self.tr("Diary settings"), describe(exc))

        read(ctx, lambda: (diary.clinicians(), diary.settings()), show, failed)
