"""When the database cannot be opened: say why in plain words and offer the choices that fit.

Restore the latest good backup (when one exists and the fault is one a backup mends), open
another database file, retry (a lock, a full disk, permissions), or quit. Nothing is written
to the faulty file by this dialog; a restore keeps it in the backups folder.
"""

from __future__ import annotations

import enum
import logging
import socket
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.clock import SYSTEM_CLOCK, Clock
from clinic_app.domain.errors import ClinicError, DatabaseFault
from clinic_app.services.backup import (
    BackupContents,
    OpenedBackup,
    check_restore_credentials,
    database_file,
    latest_backup,
    open_backup,
    put_in_place,
)
from clinic_app.services.backup_anchor import reanchor_after_restore
from clinic_app.services.backup_auto import remembered_folders
from clinic_app.ui.widgets.forms import FieldErrors

T = TypeVar("T")
logger = logging.getLogger(__name__)


class FaultChoice(enum.Enum):
    """What the user chose."""

    RETRY = "retry"
    OPEN_OTHER = "open_other"
    RESTORED = "restored"
    QUIT = "quit"


class StartupFaultDialog(QDialog):
    """The database at ``database`` (an SQLite file, or ``None``) raised ``fault`` on opening."""

    def __init__(self, fault: DatabaseFault, database: Path | None, *,
                 clock: Clock = SYSTEM_CLOCK, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fault = fault
        self._database = database
        self._clock = clock
        self.choice = FaultChoice.QUIT
        self.other_file: Path | None = None
        self.kept_file: Path | None = None
        self._opened: OpenedBackup | None = None
        self.setWindowTitle(self.tr("Stride Clinic cannot open the database"))
        self.message = QLabel(str(fault))
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName(self.tr("What is wrong"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName(self.tr("Restore result"))
        self.status.hide()
        self.backup = (latest_backup(database, remembered_folders(database))
                       if database is not None else None)
        self.btn_restore = QPushButton(self.tr("Restore the latest backup…"))
        self.btn_open = QPushButton(self.tr("Open another database…"))
        self.btn_retry = QPushButton(self.tr("Retry"))
        self.btn_quit = QPushButton(self.tr("Quit"))
        self.restore_box = self._restore_form()
        self.restore_box.hide()
        self.btn_restore.setVisible(self.backup is not None and fault.backup_may_help)
        self.btn_retry.setVisible(fault.retry_may_help)
        self.btn_open.setVisible(database is not None)
        self.btn_restore.clicked.connect(self._show_restore)
        self.btn_open.clicked.connect(self._open_other)
        self.btn_retry.clicked.connect(lambda: self._finish(FaultChoice.RETRY))
        self.btn_quit.clicked.connect(lambda: self._finish(FaultChoice.QUIT))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.btn_restore, self.btn_open, self.btn_retry, self.btn_quit):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.restore_box)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(620, self.sizeHint().height())

    def _restore_form(self) -> QGroupBox:
        name = self.backup.name if self.backup is not None else ""
        box = QGroupBox(self.tr("Restore the latest backup ({0})").format(name))
        form = QFormLayout(box)
        self.errors = FieldErrors(form)
        self.edit_passphrase = QLineEdit()
        self.edit_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit_username = QLineEdit()
        self.edit_password = QLineEdit()
        self.edit_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors.add_row("passphrase", self.tr("Backup passphrase:"), self.edit_passphrase)
        self.errors.add_row("username", self.tr("Administrator's user name:"), self.edit_username)
        self.errors.add_row("password", self.tr("Administrator's password:"), self.edit_password)
        self.btn_check = QPushButton(self.tr("Check the backup"))
        self.btn_check.clicked.connect(self.check_backup)
        self.btn_replace = QPushButton(self.tr("Replace the database with this backup"))
        self.btn_replace.clicked.connect(self.replace_database)
        self.btn_replace.hide()
        row = QHBoxLayout()
        row.addWidget(self.btn_check)
        row.addWidget(self.btn_replace)
        row.addStretch(1)
        form.addRow(row)
        return box

    def _show_restore(self) -> None:
        self.restore_box.show()
        self.edit_passphrase.setFocus()

    def _open_other(self) -> None:
        start = str(self._database.parent) if self._database is not None else ""
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open another database"), start,
            self.tr("Stride Clinic databases (*.sqlite3 *.sqlite *.db);;All files (*)"))
        if chosen:
            self.other_file = Path(chosen)
            self._finish(FaultChoice.OPEN_OTHER)

    def _finish(self, choice: FaultChoice) -> None:
        self.choice = choice
        self.accept() if choice is not FaultChoice.QUIT else self.reject()

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()

    def describe(self, contents: BackupContents) -> str:
        """What the backup holds, in one sentence."""
        last = contents.last_entry[:16].replace("T", " ") if contents.last_entry else self.tr("none")
        return self.tr("The backup was made {0} UTC and holds {1} patients; the last entry was "
                       "made {2}.").format(contents.created[:16].replace("T", " "),
                                           contents.patients, last)

    def check_backup(self) -> None:
        """Decrypt and check the latest backup and the administrator; show what it holds."""
        if self.backup is None or self._database is None:
            return
        self.discard_opened()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            opened = open_backup(self.backup, self.edit_passphrase.text(), self._database)
            try:
                check_restore_credentials(opened, self.edit_username.text(),
                                          self.edit_password.text(), socket.gethostname())
            except ClinicError:
                opened.discard()
                raise
        except ClinicError as exc:
            self._say(str(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self._opened = opened
        self._say(self.describe(opened.contents) + " " +
                  self.tr("Replace the database with it? The file it replaces is kept in the "
                          "backups folder."))
        self.btn_replace.show()
        self.btn_replace.setFocus()

    def replace_database(self) -> None:
        """Put the checked backup in place of the live file, keeping the old file aside."""
        if self._opened is None or self._database is None:
            return
        try:
            kept = put_in_place(self._opened, self._database, self._clock.now())
            reanchor_after_restore(f"sqlite:///{self._database}", self._clock.now())
        except ClinicError as exc:
            self._say(str(exc))
            return
        finally:
            self.discard_opened()
        self.kept_file = kept
        self._finish(FaultChoice.RESTORED)

    def discard_opened(self) -> None:
        """Delete a decrypted backup that was not put in place."""
        if self._opened is not None:
            self._opened.discard()
            self._opened = None
        self.btn_replace.hide()

    def done(self, result: int) -> None:  # noqa: D102 - also on Escape and the close button
        self.discard_opened()
        super().done(result)


def open_with_fault_dialog(build: Callable[[str], T], database_url: str,
                           ask: Callable[[StartupFaultDialog], object] | None = None) -> T | None:
    """``build(database_url)``; on a ``DatabaseFault`` ask the user and act, until it opens.

    Returns ``None`` when the user quits. ``ask`` shows the dialog (``exec`` unless a test
    drives it).
    """
    url = database_url
    while True:
        try:
            return build(url)
        except DatabaseFault as fault:
            logger.error("cannot open the database (%s): %s", fault.kind, fault)
            dialog = StartupFaultDialog(fault, database_file(url))
            (ask or StartupFaultDialog.exec)(dialog)
            choice, other = dialog.choice, dialog.other_file
            dialog.deleteLater()
            if choice is FaultChoice.QUIT:
                return None
            if choice is FaultChoice.OPEN_OTHER and other is not None:
                url = f"sqlite:///{other}"
