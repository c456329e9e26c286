"""File → Back up now… and File → Restore…: the work runs in a worker, with progress and Cancel.

Back up now uses the practice key stored on this computer when there is one, else asks the
practice passphrase (twice). Restore decrypts and checks the chosen backup first and shows what
it holds; only then may the user replace the database (the replaced file is kept aside).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.errors import BackupRefused, ClinicError
from clinic_app.services.backup import (
    BackupCancelled,
    BackupContents,
    OpenedBackup,
    backup_header,
    make_backup,
    open_backup_as,
)
from clinic_app.services.backup_crypto import BackupHeader, BackupKey, made_with
from clinic_app.ui.context import UiContext
from clinic_app.ui.dialogs.backup_actions import backup_problem
from clinic_app.ui.errors import describe
from clinic_app.ui.operations import Operation, Progress, long_job
from clinic_app.ui.widgets.forms import FieldErrors

logger = logging.getLogger(__name__)


def size_text(size: int) -> str:
    """A file size in words people read (kB, MB, GB)."""
    value = float(size)
    for unit in ("bytes", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{size} bytes"


class _WorkDialog(QDialog):
    """A dialog whose long step runs in the pool, with a progress bar and Cancel."""

    def __init__(self, ctx: UiContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._operation: Operation[Any] | None = None
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName(self.tr("Progress"))
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setAccessibleName(self.tr("Status"))
        self.btn_cancel = QPushButton(self.tr("Cancel"))
        self.btn_close = QPushButton(self.tr("Close"))
        self.btn_cancel.clicked.connect(self.cancel)
        self.btn_close.clicked.connect(self.reject)
        self.btn_cancel.hide()

    @property
    def running(self) -> bool:
        """Whether the worker has not reported back yet."""
        return self._operation is not None and self._operation.running

    @property
    def cancel_requested(self) -> bool:
        """True once the user pressed Cancel on the running step."""
        return self._operation is not None and self._operation.cancel_requested

    def _start(self, work: Callable[[Progress], Any], done: object, text: str) -> None:
        """Run ``work`` as a long job (it reports percent done and checks Cancel)."""
        self.progress.setValue(0)
        self.progress.show()
        self.btn_cancel.show()
        self.btn_close.setEnabled(False)
        self.status.setText(text)
        self._operation = long_job(
            self._ctx, work, initiator=self, write=False, on_done=self._finished(done),  # type: ignore[arg-type]
            on_failed=self._finished(self._failed),  # type: ignore[arg-type]
            on_progress=lambda done_, _total, _text: self.progress.setValue(done_))

    def _finished(self, then: object) -> object:
        def call(value: object) -> None:
            self.btn_cancel.hide()
            self.btn_close.setEnabled(True)
            then(value)  # type: ignore[operator]
        return call

    def _failed(self, exc: BaseException) -> None:
        self.progress.hide()
        if isinstance(exc, BackupCancelled):
            self.status.setText(self.tr("Cancelled: nothing was written and nothing was changed."))
        else:
            self.status.setText(backup_problem(exc))
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def cancel(self) -> None:
        """Stop the work at its next step."""
        if self._operation is not None:
            self._operation.cancel()
        self.status.setText(self.tr("Cancelling…"))

    def reject(self) -> None:  # noqa: D102 - Escape and the close button cancel first
        if self.running:
            self.cancel()
            return
        super().reject()


class BackUpNowDialog(_WorkDialog):
    """Make an encrypted backup now, into the backups folder (7 daily, 4 weekly, 12 monthly kept)."""

    def __init__(self, ctx: UiContext, key: BackupKey | None, folder: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._key = key
        self._folder = folder
        self.written: Path | None = None
        self.setWindowTitle(self.tr("Back up now"))
        intro = QLabel(self.tr("An encrypted copy of all records goes to {0}. Older backups there "
                               "are thinned to 7 daily, 4 weekly and 12 monthly.").format(folder))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.edit_passphrase = QLineEdit()
        self.edit_repeat = QLineEdit()
        for edit in (self.edit_passphrase, self.edit_repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        if key is None:
            self.errors.add_row("passphrase", self.tr("Practice backup passphrase:"),
                                self.edit_passphrase)
            self.errors.add_row("repeat", self.tr("Repeat the passphrase:"), self.edit_repeat)
        else:
            form.addRow(QLabel(self.tr("The practice backup key stored on this computer is used; "
                                       "restoring needs the practice passphrase.")))
        self.btn_start = QPushButton(self.tr("Back up"))
        self.btn_start.setDefault(True)
        self.btn_start.clicked.connect(self.start)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.btn_start, self.btn_cancel, self.btn_close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(560, self.sizeHint().height())

    def start(self) -> None:
        """Check the passphrase, then back up in the pool."""
        secret: str | BackupKey
        if self._key is not None:
            secret = self._key
        else:
            self.errors.clear()
            secret = self.edit_passphrase.text()
            if secret != self.edit_repeat.text():
                self.errors.show({"repeat": self.tr("The two passphrases are not the same.")})
                return
        self.btn_start.setEnabled(False)
        db, actor, folder = self._ctx.services.db, self._ctx.require_actor(), self._folder

        def work(progress: Progress) -> Path:
            return make_backup(db, actor, secret, folder=folder,
                               progress=lambda percent: progress.report(percent, 100),
                               cancelled=lambda: progress.cancelled)

        self._start(work, self._done, self.tr("Checking and copying the database…"))

    def _done(self, written: Path) -> None:
        self.written = written
        self.progress.setValue(100)
        self.status.setText(self.tr("Backed up to {0} ({1}, encrypted). Keep the passphrase "
                                    "safe: without it the backup cannot be restored.").format(
            written, size_text(written.stat().st_size)))
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def _failed(self, exc: BaseException) -> None:
        super()._failed(exc)
        self.btn_start.setEnabled(True)


class RestoreDialog(_WorkDialog):
    """Check a chosen backup, show what it holds, and let the user replace the database with it."""

    def __init__(self, ctx: UiContext, file: Path, live: Path, key: BackupKey | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._file = file
        self._live = live
        self._key = key
        self.opened: OpenedBackup | None = None
        self.setWindowTitle(self.tr("Restore a backup"))
        self.header: BackupHeader | None = None
        try:
            self.header = backup_header(file)
        except ClinicError as exc:
            self.status.setText(describe(exc))
        keyed = self.header is not None and key is not None and made_with(self.header, key)
        self._use_key = keyed
        about = QLabel(self._about_file(file))
        about.setWordWrap(True)
        about.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.edit_passphrase = QLineEdit()
        self.edit_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        if keyed:
            form.addRow(QLabel(self.tr("The backup key stored on this computer opens this "
                                       "backup; no passphrase is needed.")))
        else:
            self.errors.add_row("passphrase", self.tr("Backup passphrase:"), self.edit_passphrase)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAccessibleName(self.tr("What the backup holds"))
        self.summary.hide()
        self.btn_check = QPushButton(self.tr("Check the backup"))
        self.btn_check.setDefault(True)
        self.btn_check.setEnabled(self.header is not None)
        self.btn_check.clicked.connect(self.check)
        self.btn_replace = QPushButton(self.tr("Replace the database with this backup"))
        self.btn_replace.hide()
        self.btn_replace.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.btn_check, self.btn_replace, self.btn_cancel, self.btn_close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(600, self.sizeHint().height())

    def _about_file(self, file: Path) -> str:
        if self.header is None:
            return self.tr("Backup file: {0}").format(file)
        return self.tr("Backup file: {0}, made {1} UTC by Stride Clinic {2}.").format(
            file, self.header.created[:16].replace("T", " "), self.header.app_version)

    def check(self) -> None:
        """Decrypt into a temporary file beside the database and check it (nothing replaced)."""
        self.discard_opened()
        secret: str | BackupKey = (self._key if self._use_key and self._key is not None
                                   else self.edit_passphrase.text())
        self.btn_check.setEnabled(False)
        self.progress.setRange(0, 0)  # decrypting has no useful step count: a busy bar
        opening = partial(open_backup_as, self._ctx.services.db, self._ctx.require_actor(),
                          self._file, secret, self._live)
        self._start(lambda _progress: opening(), self._checked,
                    self.tr("Decrypting and checking the backup…"))

    def describe(self, contents: BackupContents) -> str:
        """What the backup holds, in plain words."""
        last = contents.last_entry[:16].replace("T", " ") if contents.last_entry else self.tr("none")
        text = self.tr("The backup was made {0} UTC and holds {1} patients; the last entry was "
                       "made {2}.").format(contents.created[:16].replace("T", " "),
                                           contents.patients, last)
        entries = contents.audit_entries
        if entries is not None:
            text += " " + self.tr("Its audit trail ends at entry {0} (chain hash {1}…).").format(
                *entries)
        return text

    def _checked(self, opened: OpenedBackup) -> None:
        self.progress.setRange(0, 100)
        self.progress.hide()
        if self.cancel_requested:
            opened.discard()
            self._failed(BackupCancelled())
            return
        self.opened = opened
        self.summary.setText(self.describe(opened.contents))
        self.summary.show()
        self.status.setText(self.tr("Replacing the database signs everyone out here; the file it "
                                    "replaces is kept in the backups folder. Other workstations "
                                    "must close Stride Clinic first."))
        self.btn_replace.show()
        self.btn_replace.setFocus()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def _failed(self, exc: BaseException) -> None:
        self.progress.setRange(0, 100)
        super()._failed(exc)
        self.btn_check.setEnabled(self.header is not None)
        if isinstance(exc, BackupRefused) and not self._use_key:
            self.edit_passphrase.selectAll()
            self.edit_passphrase.setFocus()

    def discard_opened(self) -> None:
        """Delete a decrypted backup that will not be put in place."""
        if self.opened is not None:
            self.opened.discard()
            self.opened = None
        self.btn_replace.hide()
        self.summary.hide()
