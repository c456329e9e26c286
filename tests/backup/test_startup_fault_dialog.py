"""The start-up dialog: plain words, the choices that fit, and a restore that really restores."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from clinic_app.app import build
from clinic_app.cli import main
from clinic_app.domain.clock import FixedClock
from clinic_app.persistence import db as db_module
from clinic_app.ui.dialogs.startup_fault import (
    FaultChoice,
    StartupFaultDialog,
    open_with_fault_dialog,
)
from clinic_app.ui.main_window import MainWindow
from tests.backup.conftest import AUDIT_AND_USERS, PASSPHRASE, table_rows
from tests.conftest import CHEAP_HASHER, PASSWORD


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _builder(tmp_path: Path, clock: FixedClock, opened: list[MainWindow]) -> Callable[[str], MainWindow]:
    def make(url: str) -> MainWindow:
        window = build(url, tmp_path / "settings.ini", clock, CHEAP_HASHER)
        opened.append(window)
        return window
    return make


def _visible(dialog: StartupFaultDialog) -> set[str]:
    names = {"restore": dialog.btn_restore, "open": dialog.btn_open, "retry": dialog.btn_retry,
             "quit": dialog.btn_quit}
    return {name for name, button in names.items() if button.isVisibleTo(dialog)}


def _backup_then_empty(live: Path) -> dict[str, list[tuple[object, ...]]]:
    assert main(["--database", f"sqlite:///{live}", "backup"]) == 0
    rows = table_rows(live)
    live.write_bytes(b"")
    return rows


def test_restore_the_latest_backup_over_an_empty_file(live: Path, tmp_path: Path, qtbot: QtBot,
                                                      clock: FixedClock) -> None:
    original = _backup_then_empty(live)
    seen: list[str] = []

    def drive(dialog: StartupFaultDialog) -> None:
        qtbot.addWidget(dialog)
        dialog.show()
        assert "is empty (0 bytes)" in dialog.message.text()
        assert _visible(dialog) == {"restore", "open", "quit"}
        qtbot.mouseClick(dialog.btn_restore, Qt.MouseButton.LeftButton)
        assert dialog.edit_passphrase.accessibleName() == "Backup passphrase"
        qtbot.keyClicks(dialog.edit_passphrase, PASSPHRASE)
        qtbot.keyClicks(dialog.edit_username, "demo")
        qtbot.keyClicks(dialog.edit_password, PASSWORD)
        qtbot.mouseClick(dialog.btn_check, Qt.MouseButton.LeftButton)
        seen.append(dialog.status.text())
        assert live.stat().st_size == 0  # checked, not yet put in place
        qtbot.mouseClick(dialog.btn_replace, Qt.MouseButton.LeftButton)

    windows: list[MainWindow] = []
    window = open_with_fault_dialog(_builder(tmp_path, clock, windows), f"sqlite:///{live}", drive)
    assert window is not None
    qtbot.addWidget(window)
    assert "holds 4 patients" in seen[0] and "Replace the database" in seen[0]
    restored = {k: v for k, v in table_rows(live).items() if k not in AUDIT_AND_USERS}
    assert restored == {k: v for k, v in original.items() if k not in AUDIT_AND_USERS}
    kept = list((live.parent / "backups").glob("*-replaced-*.sqlite3"))
    assert len(kept) == 1 and kept[0].stat().st_size == 0  # the faulty file is kept aside


def test_wrong_passphrase_in_the_dialog_changes_nothing(live: Path, tmp_path: Path, qtbot: QtBot,
                                                        clock: FixedClock) -> None:
    _backup_then_empty(live)
    messages: list[str] = []

    def drive(dialog: StartupFaultDialog) -> None:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.mouseClick(dialog.btn_restore, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.edit_passphrase, "not the passphrase at all")
        qtbot.mouseClick(dialog.btn_check, Qt.MouseButton.LeftButton)
        messages.append(dialog.status.text())
        assert not dialog.btn_replace.isVisibleTo(dialog)
        qtbot.mouseClick(dialog.btn_quit, Qt.MouseButton.LeftButton)

    assert open_with_fault_dialog(_builder(tmp_path, clock, []), f"sqlite:///{live}", drive) is None
    assert "passphrase is not the one it was made with" in messages[0]
    assert live.stat().st_size == 0
    assert not list(live.parent.glob(".*restore*"))


def test_locked_database_offers_retry(live: Path, tmp_path: Path, qtbot: QtBot, clock: FixedClock,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(str(live), isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE app_user SET id = id")
    offered: list[set[str]] = []

    def drive(dialog: StartupFaultDialog) -> None:
        qtbot.addWidget(dialog)
        dialog.show()
        offered.append(_visible(dialog))
        assert "in use by another program or workstation" in dialog.message.text()
        holder.execute("ROLLBACK")  # the other workstation closes
        holder.close()
        qtbot.mouseClick(dialog.btn_retry, Qt.MouseButton.LeftButton)

    window = open_with_fault_dialog(_builder(tmp_path, clock, []), f"sqlite:///{live}", drive)
    assert window is not None
    qtbot.addWidget(window)
    assert offered == [{"open", "retry", "quit"}]  # no backup offered for a lock


def test_open_another_database(live: Path, tmp_path: Path, qtbot: QtBot, clock: FixedClock,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "broken.sqlite3"
    broken.write_text("not a database", encoding="utf-8")
    before = _digest(broken)
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(live), ""))

    def drive(dialog: StartupFaultDialog) -> None:
        qtbot.addWidget(dialog)
        dialog.show()
        assert _visible(dialog) == {"open", "quit"}  # no backup of this file exists
        qtbot.mouseClick(dialog.btn_open, Qt.MouseButton.LeftButton)

    windows: list[MainWindow] = []
    window = open_with_fault_dialog(_builder(tmp_path, clock, windows), f"sqlite:///{broken}", drive)
    assert window is not None
    qtbot.addWidget(window)
    assert str(live) in window.windowTitle() or windows == [window]
    assert _digest(broken) == before


def test_quit_leaves_the_file_alone(tmp_path: Path, qtbot: QtBot, clock: FixedClock) -> None:
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    chosen: list[FaultChoice] = []

    def drive(dialog: StartupFaultDialog) -> None:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.mouseClick(dialog.btn_quit, Qt.MouseButton.LeftButton)
        chosen.append(dialog.choice)

    assert open_with_fault_dialog(_builder(tmp_path, clock, []), f"sqlite:///{empty}", drive) is None
    assert chosen == [FaultChoice.QUIT] and empty.stat().st_size == 0


def test_the_latest_automatic_backup_in_the_practice_folder_is_offered(
        live: Path, tmp_path: Path, qtbot: QtBot) -> None:
    from clinic_app.app import open_database
    from clinic_app.domain.errors import DatabaseFault
    from clinic_app.services.backup_auto import (
        AutoBackupSettings,
        load_key,
        run_automatic_backup,
        save_settings,
        store_key,
    )
    from clinic_app.services.registry import Services

    usb = tmp_path / "usb"
    db = open_database(f"sqlite:///{live}")
    try:
        admin = Services.over(db).auth.sign_in("demo", PASSWORD, "ws").actor
        save_settings(db, admin, AutoBackupSettings(True, str(usb)))
        store_key(db, admin, PASSPHRASE)
        key = load_key()
        assert key is not None
        made = run_automatic_backup(db, key)
    finally:
        db.dispose()
    live.write_bytes(b"")  # the database's own setting can no longer be read
    dialog = StartupFaultDialog(DatabaseFault("empty", "empty_file"), live)
    qtbot.addWidget(dialog)
    assert dialog.backup == made and made.parent == usb
    assert dialog.btn_restore.isVisibleTo(dialog)
