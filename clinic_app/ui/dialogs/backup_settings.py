"""Practice → Backups…: automatic daily backups, their folder, and this computer's backup key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.domain.errors import ValidationError
from clinic_app.services.backup_auto import (
    AutoBackupSettings,
    automatic_folder,
    key_path,
    load_key,
    read_settings,
    save_settings,
    store_key,
)
from clinic_app.ui.context import UiContext
from clinic_app.ui.errors import describe, field_messages
from clinic_app.ui.operations import write
from clinic_app.ui.widgets.forms import FieldErrors

if TYPE_CHECKING:
    from clinic_app.persistence.db import Database


class BackupSettingsDialog(QDialog):
    """Turn automatic backups on, choose where they go, store the practice key on this computer."""

    def __init__(self, ctx: UiContext, choose_folder: Callable[[QWidget, str], Path | None],
                 current: AutoBackupSettings, default: Path | None,
                 parent: QWidget | None = None) -> None:
        """``current`` and ``default`` (the folder used when none is chosen): see ``read_current``."""
        super().__init__(parent)
        self._ctx = ctx
        self._choose_folder = choose_folder
        self.setWindowTitle(self.tr("Backups"))
        self.check_automatic = QCheckBox(self.tr("Back up automatically at the first start of "
                                                 "each day and on closing"))
        self.check_automatic.setChecked(current.automatic)
        self.edit_folder = QLineEdit(current.folder)
        self.edit_folder.setPlaceholderText(str(default or ""))
        self.btn_browse = QPushButton(self.tr("Browse…"))
        self.btn_browse.clicked.connect(self._browse)
        folder_row = QWidget()
        row = QHBoxLayout(folder_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit_folder, 1)
        row.addWidget(self.btn_browse)
        self.label_key = QLabel()
        self.label_key.setWordWrap(True)
        self.label_key.setTextFormat(Qt.TextFormat.PlainText)
        self.label_key.setAccessibleName(self.tr("Backup key on this computer"))
        self.edit_passphrase = QLineEdit()
        self.edit_repeat = QLineEdit()
        for edit in (self.edit_passphrase, self.edit_repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        self.errors = FieldErrors(form)
        form.addRow(self.check_automatic)
        self.errors.add_row("folder", self.tr("Folder for backups:"), folder_row)
        self.edit_folder.setAccessibleName(self.tr("Folder for backups"))
        form.addRow(QLabel(self.tr("Kept: the newest backup of each of the last 7 days, 4 weeks "
                                   "and 12 months.")))
        form.addRow(self.label_key)
        self.errors.add_row("passphrase", self.tr("Practice backup passphrase:"),
                            self.edit_passphrase)
        self.errors.add_row("repeat", self.tr("Repeat the passphrase:"), self.edit_repeat)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color:#b00020;")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.btn_save = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self._show_key()
        self.resize(620, self.sizeHint().height())

    @staticmethod
    def read_current(db: Database) -> tuple[AutoBackupSettings, Path | None]:
        """The practice's setting and the default folder (run in the pool, before opening)."""
        return read_settings(db), automatic_folder(db, AutoBackupSettings())

    def _show_key(self) -> None:
        if load_key() is None:
            self.label_key.setText(self.tr(
                "No backup key is stored on this computer, so automatic backups cannot run "
                "here. Type the practice passphrase below to store a key derived from it in "
                "your settings folder (readable only by your account). The passphrase itself "
                "is not stored: keep it safe, it is needed to restore on another computer."))
        else:
            self.label_key.setText(self.tr(
                "A backup key is stored on this computer ({0}). To replace it, type the "
                "practice passphrase below; leave the fields empty to keep it.").format(key_path()))

    def _browse(self) -> None:
        chosen = self._choose_folder(self, self.edit_folder.text() or self.edit_folder.placeholderText())
        if chosen is not None:
            self.edit_folder.setText(str(chosen))

    def save(self) -> None:
        """Store the key (when a passphrase is typed) and the practice's setting."""
        self.errors.clear()
        self.status.hide()
        passphrase, repeat = self.edit_passphrase.text(), self.edit_repeat.text()
        if passphrase != repeat:
            self.errors.show({"repeat": self.tr("The two passphrases are not the same.")})
            return
        automatic = self.check_automatic.isChecked()
        if automatic and not passphrase and load_key() is None:
            self.errors.show({"passphrase": self.tr("Automatic backups need the practice "
                                                    "passphrase once on this computer.")})
            return
        settings = AutoBackupSettings(automatic, self.edit_folder.text().strip())
        db, actor = self._ctx.services.db, self._ctx.require_actor()

        def work() -> None:
            if passphrase:
                store_key(db, actor, passphrase)
            save_settings(db, actor, settings)

        self.btn_save.setEnabled(False)
        write(self._ctx, work, initiator=self, on_done=lambda _none: self.accept(),
              on_failed=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.btn_save.setEnabled(True)
        self._show_key()
        if isinstance(exc, ValidationError) and not self.errors.show(field_messages(exc)):
            return
        self.status.setText(describe(exc))
        self.status.show()
