"""The window's backup menu entries and the automatic daily backup (at the first start of a day
and on closing), installed by one call from the main window.

Only roles allowed to make and restore backups see the entries. The automatic backup runs in
the pool and never blocks the window; on closing the window waits for it behind a small progress
dialog whose Cancel closes without it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from clinic_app.domain.access import Action, may
from clinic_app.domain.errors import DatabaseFault
from clinic_app.persistence.db import sqlite_path
from clinic_app.ui.errors import describe
from clinic_app.ui.operations import Operation, Progress, long_job, read

if TYPE_CHECKING:
    from clinic_app.ui.dialogs.backup_dialogs import RestoreDialog
    from clinic_app.ui.main_window import MainWindow

logger = logging.getLogger(__name__)

HOURLY_MS = 60 * 60 * 1000


def _open_file(parent: QWidget, start: Path) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("BackupActions", "Choose a backup to restore"), str(start),
        QCoreApplication.translate("BackupActions", "Stride Clinic backups (*.scbak);;All files (*)"))
    return Path(chosen) if chosen else None


def _choose_folder(parent: QWidget, start: str) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(
        parent, QCoreApplication.translate("BackupActions", "Folder for backups"), start)
    return Path(chosen) if chosen else None


def _confirm(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes
                                  | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def backup_problem(exc: BaseException) -> str:
    """Why a backup or restore failed; a full or locked disk is named with its path."""
    return str(exc) if isinstance(exc, DatabaseFault) else describe(exc)


@dataclass
class Choosers:
    """The file pickers and the confirmation, replaceable in tests (never a real blocking modal)."""

    backup_file: Callable[[QWidget, Path], Path | None] = _open_file
    folder: Callable[[QWidget, str], Path | None] = _choose_folder
    confirm: Callable[[QWidget, str, str], bool] = _confirm


class BackupActions(QObject):
    """File → Back up now… / Restore…, Practice → Backups…, and the automatic backups."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = window.ctx
        self.choosers = Choosers()
        self._auto: Operation[Path | None] | None = None
        self._start_checked = False
        self._closing_done = False
        self.act_backup = QAction(self.tr("&Back up now…"), window)
        self.act_restore = QAction(self.tr("&Restore a backup…"), window)
        self.act_settings = QAction(self.tr("&Backups…"), window)
        self.act_backup.triggered.connect(self.back_up_now)
        self.act_restore.triggered.connect(self.restore)
        self.act_settings.triggered.connect(self.edit_settings)
        window.file_menu.insertSeparator(window.act_quit_separator)
        window.file_menu.insertActions(window.act_quit_separator, [self.act_backup, self.act_restore])
        window.practice_menu.addSeparator()
        window.practice_menu.addAction(self.act_settings)
        from clinic_app.ui.dialogs.integrity_check import DailyIntegrityCheck

        self.integrity = DailyIntegrityCheck(window)  # the full check, once a day
        window.session.user_changed.connect(lambda _signed: self._signed_in())
        self._daily = QTimer(self)  # a window left open overnight still backs up each day
        self._daily.setInterval(HOURLY_MS)
        self._daily.timeout.connect(self._hourly)
        self.apply_role()

    # -- roles and the start of the day ---------------------------------------------------

    def apply_role(self) -> None:
        """Show the entries only to roles allowed to make and restore backups."""
        actor = self._ctx.actor
        allowed = actor is not None and may(actor.role, Action.BACKUP_RESTORE)
        for action in (self.act_backup, self.act_restore, self.act_settings):
            action.setVisible(allowed)

    def _signed_in(self) -> None:
        self.apply_role()
        if not self._start_checked:
            self._start_checked = True
            QTimer.singleShot(0, partial(self.run_automatic, on_close=False))
            self._daily.start()
            QTimer.singleShot(0, self.integrity.start)

    def _hourly(self) -> None:
        if self._ctx.actor is not None and not self._closing_done:
            self.run_automatic(on_close=False)

    @property
    def _live(self) -> Path | None:
        return sqlite_path(str(self._ctx.services.db.engine.url))

    def _postgres_note(self) -> None:
        QMessageBox.information(self._window, self.tr("Backups"), self.tr(
            "This practice's records are on a PostgreSQL server. Back it up from the command "
            "line of a computer with the PostgreSQL client programs (pg_dump, pg_restore): "
            "stride-clinic backup --out FILE makes the same encrypted backup as for a database "
            "file, and stride-clinic restore FILE puts one back while everyone is signed out. "
            "Schedule the backup daily (Task Scheduler, cron), or let the server's administrator "
            "back up the server with pg_dump. Backups from this menu apply to a database file "
            "on this computer."))

    # -- on demand -------------------------------------------------------------------------

    def back_up_now(self) -> None:
        """File → Back up now…."""
        if self._live is None:
            self._postgres_note()
            return
        from clinic_app.services.backup_auto import load_key
        from clinic_app.ui.dialogs.backup_dialogs import BackUpNowDialog

        def chosen(folder: Path) -> None:
            dialog = BackUpNowDialog(self._ctx, load_key(), folder, self._window)
            dialog.exec()
            dialog.deleteLater()

        self._folder(self.tr("Back up now"), chosen)

    def _folder(self, title: str, then: Callable[[Path], None]) -> None:
        """Read the practice's backup folder in the pool, then ``then(folder)``; when it cannot
        be read, say why instead."""
        from clinic_app.services.backup_auto import automatic_folder

        def found(folder: Path | None) -> None:
            if folder is not None:  # None: PostgreSQL, where these entries say what applies
                then(folder)

        def failed(exc: BaseException) -> None:
            QMessageBox.warning(self._window, title, describe(exc))

        read(self._ctx, partial(automatic_folder, self._ctx.services.db), found, failed)

    def restore(self) -> None:
        """File → Restore…: choose a backup, check it, show what it holds, replace, reopen."""
        live = self._live
        if live is None:
            self._postgres_note()
            return
        self._folder(self.tr("Restore a backup"), partial(self._restore_from, live))

    def _restore_from(self, live: Path, folder: Path) -> None:
        from clinic_app.services.backup_auto import load_key
        from clinic_app.ui.dialogs.backup_dialogs import RestoreDialog

        chosen = self.choosers.backup_file(self._window, folder)
        if chosen is None:
            return
        dialog = RestoreDialog(self._ctx, chosen, live, load_key(), self._window)
        try:
            if dialog.exec() and dialog.opened is not None:
                self._replace(dialog, live)
        finally:
            dialog.discard_opened()
            dialog.deleteLater()

    def _replace(self, dialog: RestoreDialog, live: Path) -> None:
        from clinic_app.ui.dialogs.backup_reopen import replace_and_reopen

        assert dialog.opened is not None
        if not self.choosers.confirm(self._window, self.tr("Restore a backup"), self.tr(
                "Replace the records in {0} with this backup? {1} Everything saved since the "
                "backup was made is then only in the replaced file, which is kept in the "
                "backups folder.").format(live, dialog.describe(dialog.opened.contents))):
            return
        replace_and_reopen(self._window, dialog.opened, live)

    def edit_settings(self) -> None:
        """Practice → Backups…: automatic backups, their folder, and this computer's key."""
        if self._live is None:
            self._postgres_note()
            return
        from clinic_app.ui.dialogs.backup_settings import BackupSettingsDialog

        def show(current: tuple[Any, Path | None]) -> None:
            dialog = BackupSettingsDialog(self._ctx, self.choosers.folder, *current, self._window)
            dialog.exec()
            dialog.deleteLater()

        def failed(exc: BaseException) -> None:
            QMessageBox.warning(self._window, self.tr("Backups"), describe(exc))

        read(self._ctx, partial(BackupSettingsDialog.read_current, self._ctx.services.db), show,
             failed)

    # -- automatic -------------------------------------------------------------------------

    def run_automatic(self, *, on_close: bool,
                      then: Callable[[str], None] | None = None) -> None:
        """Back up in the pool when the practice's setting says one is due; never blocks."""
        if self._auto_running:
            return
        from clinic_app.services.backup_auto import backup_due, load_key, run_automatic_backup

        db, key = self._ctx.services.db, load_key()
        if key is None or self._live is None:  # no key on this computer, or PostgreSQL
            if then is not None:
                then("not due")
            return

        def work(progress: Progress) -> Path | None:
            if not backup_due(db, on_close=on_close, key=key):
                return None
            return run_automatic_backup(db, key, cancelled=lambda: progress.cancelled)

        def done(written: Path | None) -> None:
            if written is not None:
                self._window.statusBar().showMessage(
                    self.tr("Automatic backup made: {0}").format(written), 10000)
            if then is not None:
                then("done")

        def failed(exc: BaseException) -> None:
            logger.error("automatic backup failed: %r", exc)
            self._window.statusBar().showMessage(
                self.tr("The automatic backup was not made: {0}").format(backup_problem(exc)))
            if then is not None:
                then("failed")

        self._auto = long_job(self._ctx, work, initiator=self, write=False, on_done=done,
                              on_failed=failed)

    @property
    def _auto_running(self) -> bool:
        return self._auto is not None and self._auto.running

    def ready_to_close(self) -> bool:
        """False while a backup on closing may be due or runs (the window closes when it ends).

        Whether one is due is read in the pool with the backup itself (never on the GUI thread):
        with a key on this computer the window waits behind a small progress dialog.
        """
        if self._closing_done or self._live is None:
            return True
        from clinic_app.services.backup_auto import load_key

        if load_key() is None:  # no automatic backups from this computer
            return True
        if self._auto is not None and self._auto.running:
            self._auto.cancel()  # the start-of-day backup gives way to the closing one
            self._ctx.reads.wait()
            self._auto.drop()
        progress = QProgressDialog(self.tr("Backing up before closing…"), self.tr("Close without it"),
                                   0, 0, self._window)
        progress.setWindowTitle(self.tr("Automatic backup"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.canceled.connect(lambda: self._auto.cancel() if self._auto is not None else None)

        def finished(_outcome: str) -> None:
            progress.close()
            progress.deleteLater()
            self._closing_done = True
            self._window.close()

        self.run_automatic(on_close=True, then=finished)
        progress.show()
        return False
