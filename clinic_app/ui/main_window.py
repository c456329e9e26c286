"""The main window: patient list beside the chart, menus, toolbar, status bar, saved state."""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QSplitter,
    QStackedWidget,
)

from clinic_app import APP_NAME
from clinic_app.services.context import Changes
from clinic_app.ui.context import UiContext
from clinic_app.ui.practice_actions import PracticeActions
from clinic_app.ui.views.patient_list import PatientListView

if TYPE_CHECKING:
    from clinic_app.ui.views.chart_view import ChartView

logger = logging.getLogger(__name__)

DEMO_PATIENTS = 200


class MainWindow(PracticeActions):
    """Find a patient on the left, work in their chart on the right."""

    def __init__(self, ctx: UiContext, workstation: str, backend_label: str) -> None:
        super().__init__()
        self.ctx = ctx
        self._workstation = workstation
        self.setWindowTitle(APP_NAME)
        self.ctx.reads.setParent(self)
        self.ctx.writes.setParent(self)
        self.ctx.reads.on_unhandled = self._unhandled
        self.ctx.writes.on_unhandled = self._unhandled

        self.patient_list = PatientListView(ctx)
        self._chart: ChartView | None = None  # built when the first patient opens
        self.placeholder = QLabel(self.tr("Find a patient on the left (Ctrl+F), or add a new "
                                          "one (Ctrl+N)."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color:#667; font-size:12pt;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.patient_list)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([430, 970])
        self.setCentralWidget(self.splitter)

        self._build_actions()
        self.label_user = QLabel()
        self.label_user.setAccessibleName(self.tr("Signed-in user"))
        self.label_backend = QLabel(backend_label)
        self.statusBar().addPermanentWidget(self.label_user)
        self.statusBar().addPermanentWidget(self.label_backend)

        self.patient_list.patient_activated.connect(self.open_patient)
        self.patient_list.page_shown.connect(self._warm_up)
        self.patient_list.new_patient_requested.connect(self.new_patient)
        ctx.bus.changed.connect(self._on_changes)
        from clinic_app.ui.session.controller import SessionController

        self.session = SessionController(ctx, self, workstation, self.save_drafts)
        self.session.user_changed.connect(lambda _signed: self._update_user())
        from clinic_app.ui.dialogs.backup_actions import BackupActions

        self.backups = BackupActions(self)  # File → Back up now… / Restore…, automatic backups
        from clinic_app.ui.dialogs.record_export_actions import RecordExportActions

        self.exports = RecordExportActions(self)  # Patient → Export record (FHIR)… / own copy…
        from clinic_app.ui.views.diary.diary_window import DiaryActions

        self.diary = DiaryActions(self)  # View → Diary (Ctrl+D): the appointment book
        from clinic_app.ui.views.practice.outcomes_actions import OutcomesActions

        self.outcomes = OutcomesActions(self)  # Practice → Outcomes… (caseload indicators)
        from clinic_app.ui.dialogs.audit_actions import AuditActions

        self.audit = AuditActions(self)  # Practice → Audit log…, daily check and its banner
        self._restore_state()
        self._update_user()

    # -- set-up --------------------------------------------------------------------------

    @property
    def chart(self) -> ChartView:
        """The chart view, built on first use so start-up does not pay for its eight tabs."""
        if self._chart is None:
            from clinic_app.ui.views.chart_view import ChartView

            self._chart = ChartView(self.ctx)
            self._chart.apply_role(self.ctx.actor.role if self.ctx.actor else None)
            self.stack.addWidget(self._chart)
            saved = self.ctx.qsettings.value(f"splitters/{self._chart.notes.splitter.objectName()}")
            if saved is not None:
                self._chart.notes.splitter.restoreState(saved)  # type: ignore[arg-type]
        return self._chart

    def _warm_up(self) -> None:
        """Once the first patients are listed, load the chart's code in the background."""
        self.patient_list.page_shown.disconnect(self._warm_up)
        from clinic_app.ui.warm_up import prepare_chart_code

        self.ctx.reads.submit(partial(prepare_chart_code, self.ctx.services), lambda _: None,
                              lambda exc: logger.warning("warm-up failed: %r", exc))

    def _action(self, text: str, slot: object,
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.act_new = self._action(self.tr("&New patient…"), self.new_patient,
                                    QKeySequence.StandardKey.New)
        self.act_find = self._action(self.tr("&Find patient"), self.patient_list.focus_search,
                                     QKeySequence.StandardKey.Find)
        self.act_save = self._action(self.tr("&Save"), self.save_current,
                                     QKeySequence.StandardKey.Save)
        self.act_switch = self._action(self.tr("S&witch user…"), self.switch_user)
        self.act_lock = self._action(self.tr("&Lock"), lambda: self.session.lock(), "Ctrl+L")
        self.act_password = self._action(self.tr("Change my &password…"), self.change_password)
        self.act_idle = self._action(self.tr("My auto-lock &time…"), self.choose_idle_lock)
        self.act_users = self._action(self.tr("&Users…"), self.manage_users)
        self.act_print = self._action(self.tr("&Print handout…"), self.print_handout,
                                      QKeySequence.StandardKey.Print)
        self.act_queue = self._action(self.tr("Print &queue…"), self.print_queue)
        self.act_letterhead = self._action(self.tr("Practice &letterhead…"), self.edit_letterhead)
        self.act_text_pack = self._action(self.tr("Load instrument &text pack…"),
                                          self.load_text_pack)
        self.act_short_labels = self._action(self.tr("Use short instrument labels"),
                                             self.use_short_labels)
        self.act_quit = self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.act_archived = self._action(self.tr("Show &archived patients"),
                                         self.patient_list.check_archived.toggle)
        self.act_about = self._action(self.tr("&About Stride Clinic"), self.about)
        self.file_menu = file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addActions([self.act_new, self.act_save, self.act_print, self.act_queue])
        file_menu.addSeparator()
        file_menu.addActions([self.act_switch, self.act_lock, self.act_password, self.act_idle])
        self.act_quit_separator = file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        # Practice administration: people, letterhead, instrument wording (and, for
        # administrators, the records kept about the practice's own work).
        self.practice_menu = self.menuBar().addMenu(self.tr("&Practice"))
        self.practice_menu.addActions([self.act_users, self.act_letterhead])
        self.practice_menu.addSeparator()
        self.practice_menu.addActions([self.act_text_pack, self.act_short_labels])
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        edit_menu.addAction(self.act_find)
        self.act_miles = self._action(self.tr("Distances in &miles"), self._toggle_miles)
        self.act_miles.setCheckable(True)
        self.act_miles.setChecked(self.ctx.settings.distance_unit == "mi")
        self.view_menu = view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addAction(self.act_archived)
        view_menu.addAction(self.act_miles)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.act_about)
        toolbar = self.addToolBar(self.tr("Main"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.addActions([self.act_new, self.act_find, self.act_save])

    def _restore_state(self) -> None:
        qs = self.ctx.qsettings
        geometry = qs.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)  # type: ignore[arg-type]
        else:
            self.resize(1320, 820)
        state = qs.value("window/state")
        if state is not None:
            self.restoreState(state)  # type: ignore[arg-type]
        saved = qs.value(f"splitters/{self.splitter.objectName()}")
        if saved is not None:
            self.splitter.restoreState(saved)  # type: ignore[arg-type]

    def save_state(self) -> None:
        """Remember window, toolbar and splitter positions, and the settings."""
        qs = self.ctx.qsettings
        qs.setValue("window/geometry", self.saveGeometry())
        qs.setValue("window/state", self.saveState())
        splitters = [self.splitter] + ([self._chart.notes.splitter] if self._chart else [])
        for splitter in splitters:
            qs.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
        if self.ctx.actor is not None:
            self.ctx.settings.last_user_id = self.ctx.actor.user_id
        self.ctx.settings.save(qs)

    # -- start-up ------------------------------------------------------------------------

    @property
    def needs_first_run(self) -> bool:
        """True while the database has no user at all (the first start of a practice).

        Read on the GUI thread, explicitly allowed: it decides what start-up shows first.
        """
        if self.ctx.actor is not None:
            return False
        with self.ctx.services.db.main_thread_allowed():
            return not self.ctx.services.auth.has_users()

    def start(self) -> bool:
        """After the window shows: first start or sign-in, then list patients.

        Returns False when nobody signed in (the window then closes).
        """
        if self.ctx.actor is None:
            if self.needs_first_run:
                from clinic_app.ui.dialogs.first_run import FirstRunDialog

                dialog = FirstRunDialog(self.ctx, self._workstation, self)
                if not dialog.exec() or dialog.signed is None:
                    self.close()
                    return False
                self.session.begin(dialog.signed)
                if dialog.load_demo:
                    self.load_demo_patients(DEMO_PATIENTS)
                    return True
            else:
                from clinic_app.ui.session.sign_in_dialog import SignInDialog

                sign_in = SignInDialog(self.ctx, self._workstation, self._last_username(), self)
                if not sign_in.exec() or sign_in.signed is None:
                    self.close()
                    return False
                self.session.begin(sign_in.signed)
        # From here on every service call runs through ui/operations (off the GUI thread); a
        # session opened on the GUI thread is logged (tests arm "raise" before start()).
        if self.ctx.services.db.guard_mode == "off":
            self.ctx.services.db.guard_main_thread("warn")
        self.patient_list.refresh()
        return True

    def _last_username(self) -> str:
        last = self.ctx.settings.last_user_id
        with self.ctx.services.db.main_thread_allowed():  # start-up: whom the sign-in suggests
            users = {u.id: u for u in self.ctx.services.users.list_users()}
        return users[last].username if last in users else ""

    def _update_user(self) -> None:
        from clinic_app.domain.access import Action, may

        actor = self.ctx.actor
        self.label_user.setText(self.tr("Signed in: {0}").format(actor.display_name)
                                if actor else self.tr("Nobody signed in"))
        if actor is not None:
            self.ctx.settings.last_user_id = actor.user_id
        role = actor.role if actor is not None else None
        can_register = role is not None and may(role, Action.REGISTER_PATIENT)
        for action in (self.act_new, self.act_save):
            action.setEnabled(can_register)
        self.patient_list.btn_new.setEnabled(can_register)
        for action in (self.act_switch, self.act_lock, self.act_password, self.act_idle):
            action.setEnabled(actor is not None)
        self.act_users.setVisible(role is not None and may(role, Action.MANAGE_USERS))
        if self._chart is not None:
            self._chart.apply_role(role)

    # -- actions -------------------------------------------------------------------------

    def new_patient(self) -> None:
        """Open the New patient dialog; open the chart of the patient saved."""
        from clinic_app.ui.dialogs.patient_dialog import PatientDialog

        dialog = PatientDialog(self.ctx, None, self)
        if dialog.exec() and dialog.saved_id is not None:
            self.open_patient(dialog.saved_id)

    def open_patient(self, patient_id: int) -> None:
        """Show a patient's chart."""
        self.stack.setCurrentWidget(self.chart)
        if self.chart.requested_id != patient_id:
            self.chart.load(patient_id)

    def save_current(self) -> None:
        """Ctrl+S saves what the chart shows: the intake, the exam, or the note."""
        if self._chart is None:
            return
        current = self.chart.tabs.currentWidget()
        editor = next((e for e in self.chart.editors() if e is current), self.chart.notes)
        editor.save()  # elsewhere (Overview, Progress…): the note being typed is kept

    def print_handout(self) -> None:
        """Ctrl+P: the chart's Handouts tab, printing the selected document."""
        if self._chart is None or self._chart.details is None:
            self.statusBar().showMessage(self.tr("Open a patient first."), 5000)
            return
        self.chart.tabs.setCurrentWidget(self.chart.handouts)
        self.chart.handouts.print_current()

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.users:
            self._update_user()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask about an unsaved note, remember the layout, wait for background work."""
        if self._chart is not None and not self._confirm_chart_close():
            event.ignore()
            return
        if not self.backups.ready_to_close():  # an automatic backup on closing runs first
            event.ignore()
            return
        self.save_state()
        self.session.end("sign_out")
        self.ctx.writes.wait()
        self.ctx.writes.shutdown()
        self.ctx.reads.shutdown()
        super().closeEvent(event)

    def _confirm_chart_close(self) -> bool:
        """Save or discard unsaved chart work with the user; False when they cancel."""
        chart = self.chart
        notes = chart.notes
        if notes.is_dirty():  # a note is a draft: it can be kept as it is
            answer = QMessageBox.question(
                self, self.tr("Unsaved note"),
                self.tr("The note you are writing has unsaved changes. Save them before "
                        "closing?"),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
            if answer == QMessageBox.StandardButton.Cancel:
                return False
            if answer == QMessageBox.StandardButton.Save:
                notes.save()
        for tab in chart.editors():
            if tab is notes or not tab.is_dirty():
                continue
            what = tab.title()
            answer = QMessageBox.question(
                self, self.tr("Unsaved changes"),
                self.tr("{0} has changes that are not saved. Close without saving them? "
                        "(Cancel, then save, to keep them.)").format(what),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                chart.tabs.setCurrentWidget(tab)
                return False
        return True
