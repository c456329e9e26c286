"""File → Back up now… / Restore… and Practice → Backups… driven as a user would, on the real window."""
# ruff: noqa: F811 - the UI fixtures are imported by name from tests/ui/conftest.py

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from clinic_app.domain.audit_chain import ChainHead
from clinic_app.domain.clock import FixedClock
from clinic_app.services import backup as backup_service
from clinic_app.services import backup_auto, backup_crypto
from clinic_app.services.audit_chain import anchor_path, read_anchor, write_anchor
from clinic_app.services.backup import backup_header, make_backup, open_backup
from clinic_app.services.backup_auto import key_path, load_key, read_settings
from clinic_app.services.context import Actor
from clinic_app.services.patients import PatientQuery
from clinic_app.ui.dialogs.backup_dialogs import BackUpNowDialog, RestoreDialog
from clinic_app.ui.dialogs.backup_settings import BackupSettingsDialog
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.session.sign_in_dialog import SignInDialog
from tests.backup.conftest import PASSPHRASE
from tests.conftest import PASSWORD, POSTGRES_URL, TODAY, make_draft
from tests.ui.conftest import (  # noqa: F401 - fixtures used by name
    DialogDriver,
    MessageBoxes,
    dialogs,
    message_boxes,
    prepared_db,
    type_text,
    window,
)

sqlite_only = pytest.mark.skipif(bool(POSTGRES_URL), reason="file backups apply to SQLite")
CHEAP_KDF = {"time_cost": 1, "memory_cost": 256, "parallelism": 1}


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id with the smallest cost: the same code paths in a fraction of the time."""
    monkeypatch.setattr(backup_crypto, "KDF_DEFAULTS", CHEAP_KDF)


@pytest.fixture
def as_admin(window: MainWindow, admin: Actor) -> MainWindow:
    """The window with the practice administrator signed in instead of the clinician."""
    auth = window.ctx.services.auth
    window.session.begin(auth.set_first_password("boss", PASSWORD, "ws-test"))
    return window


def _live(window: MainWindow) -> Path:
    live = backup_service.database_file(str(window.ctx.services.db.engine.url))
    assert live is not None
    return live


def _patients(window: MainWindow) -> int:
    return len(window.ctx.services.patients.search(PatientQuery("")).rows)


def _click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_only_roles_allowed_to_back_up_see_the_entries(window: MainWindow, admin: Actor) -> None:
    entries = (window.backups.act_backup, window.backups.act_restore, window.backups.act_settings)
    assert not any(a.isVisible() for a in entries)  # the clinician
    texts = [a.text() for a in window.file_menu.actions()]
    assert texts.index("&Back up now…") < texts.index("&Quit")
    window.session.begin(window.ctx.services.auth.set_first_password("boss", PASSWORD, "ws-test"))
    assert all(a.isVisible() for a in entries)


@sqlite_only
def test_back_up_now_says_where_the_file_went_and_it_restores(
        qtbot: QtBot, as_admin: MainWindow, dialogs: DialogDriver) -> None:
    window = as_admin
    window.ctx.services.patients.create(window.ctx.require_actor(), make_draft(), TODAY)
    seen: dict[str, str] = {}

    def back_up(dialog: QDialog) -> None:
        assert isinstance(dialog, BackUpNowDialog)
        type_text(dialog.edit_passphrase, PASSPHRASE)
        type_text(dialog.edit_repeat, PASSPHRASE + "x")
        _click(qtbot, dialog.btn_start)
        seen["mismatch"] = dialog.errors.message("repeat")
        dialog.edit_repeat.clear()
        type_text(dialog.edit_repeat, PASSPHRASE)
        _click(qtbot, dialog.btn_start)
        assert dialog.progress.isVisible() and dialog.btn_cancel.isVisible()
        qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
        seen["status"] = dialog.status.text()
        dialog.reject()

    dialogs.handlers.append(back_up)
    window.backups.act_backup.trigger()
    dialogs.wait_handled(qtbot)  # the dialog opens once its data is read
    assert seen["mismatch"] == "The two passphrases are not the same."
    written = sorted((_live(window).parent / "backups").glob("*.scbak"))
    assert len(written) == 1
    assert seen["status"].startswith(f"Backed up to {written[0]} (")
    assert " kB, encrypted)" in seen["status"] or " MB, encrypted)" in seen["status"]
    opened = open_backup(written[0], PASSPHRASE, _live(window))
    try:
        assert opened.contents.patients == 1
    finally:
        opened.discard()


@sqlite_only
def test_cancel_stops_the_backup_and_writes_nothing(
        qtbot: QtBot, as_admin: MainWindow, dialogs: DialogDriver,
        monkeypatch: pytest.MonkeyPatch) -> None:
    gate = threading.Event()
    real_check = backup_service.quick_check

    def slow_check(*args: object, **kw: object) -> None:
        for _ in range(1000):  # polled: a timed wait never times out under faketime (CI)
            if gate.is_set():
                break
            time.sleep(0.01)
        real_check(*args, **kw)  # type: ignore[arg-type]

    def open_gate_soon() -> None:
        time.sleep(0.3)
        gate.set()

    monkeypatch.setattr(backup_service, "quick_check", slow_check)
    seen: dict[str, str] = {}

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, BackUpNowDialog)
        type_text(dialog.edit_passphrase, PASSPHRASE)
        type_text(dialog.edit_repeat, PASSPHRASE)
        _click(qtbot, dialog.btn_start)
        _click(qtbot, dialog.btn_cancel)
        gate.set()
        qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
        seen["status"] = dialog.status.text()
        dialog.reject()

    dialogs.handlers.append(cancel)
    as_admin.backups.act_backup.trigger()
    dialogs.wait_handled(qtbot)  # the dialog opens once its data is read
    assert seen["status"] == "Cancelled: nothing was written and nothing was changed."
    folder = _live(as_admin).parent / "backups"
    assert list(folder.iterdir()) == []  # no backup, no partial file, no plain copy


def _backup_of(window: MainWindow, admin: Actor) -> Path:
    return make_backup(window.ctx.services.db, admin, PASSPHRASE)


@sqlite_only
def test_restore_shows_what_the_backup_holds_then_replaces_and_reopens(
        qtbot: QtBot, as_admin: MainWindow, admin: Actor, dialogs: DialogDriver,
        message_boxes: MessageBoxes) -> None:
    window = as_admin
    window.ctx.services.patients.create(admin, make_draft(), TODAY)
    file = _backup_of(window, admin)
    window.ctx.services.patients.create(admin, make_draft(family_name="Later"), TODAY)
    assert _patients(window) == 2
    window.backups.choosers.backup_file = lambda _parent, _start: file
    backed_up = ChainHead.from_text(backup_header(file).fields["audit_chain_head"])
    assert backed_up is not None
    ahead = ChainHead(backed_up.chain_id, backed_up.last_id + 5, "f" * 64)
    write_anchor(ahead, TODAY)  # this workstation saw the trail go further than the backup
    asked: list[str] = []
    window.backups.choosers.confirm = lambda _p, _t, text: asked.append(text) or True
    seen: dict[str, str] = {}

    def check_and_replace(dialog: QDialog) -> None:
        assert isinstance(dialog, RestoreDialog)
        type_text(dialog.edit_passphrase, PASSPHRASE)
        _click(qtbot, dialog.btn_check)
        qtbot.waitUntil(lambda: dialog.btn_replace.isVisible(), timeout=20000)
        seen["summary"] = dialog.summary.text()
        _click(qtbot, dialog.btn_replace)

    def sign_in(dialog: QDialog) -> None:
        assert isinstance(dialog, SignInDialog)
        dialog.form.edit_username.setText("boss")
        type_text(dialog.form.edit_password, PASSWORD)
        _click(qtbot, dialog.form.btn_submit)
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)

    dialogs.handlers.extend([check_and_replace, sign_in])
    window.backups.act_restore.trigger()
    dialogs.wait_handled(qtbot)  # the dialog opens once its data is read
    assert seen["summary"].startswith("The backup was made 2026-11-25 10:00 UTC and holds 1 "
                                      "patients; the last entry was made ")
    assert "Its audit trail ends at entry " in seen["summary"]
    assert asked and "holds 1 patients" in asked[0]
    assert _patients(window) == 1  # the patient saved after the backup is gone
    kept = list((_live(window).parent / "backups").glob("*-replaced-*.sqlite3"))
    assert len(kept) == 1
    info = [text for kind, _title, text in message_boxes.shown if kind == "information"]
    assert info == [f"The backup is restored. The replaced file is kept as {kept[0]}. Sign in "
                    "to continue."]
    assert window.ctx.actor is not None and window.ctx.actor.display_name == "Pat Admin"
    assert not list(_live(window).parent.glob(".*restore-*"))
    anchor = read_anchor(ahead.chain_id)  # anchored anew at the restored trail, old one kept
    assert anchor == backed_up  # the restored trail's head (the sign-in after it comes later)
    kept_anchor = list(anchor_path(ahead.chain_id).parent.glob("*-before-restore-*.json"))
    assert len(kept_anchor) == 1 and ahead.last_hash in kept_anchor[0].read_text()


@sqlite_only
@pytest.mark.parametrize("fault", ["wrong passphrase", "one byte changed"])
def test_a_wrong_passphrase_or_changed_backup_is_refused_and_nothing_changes(
        qtbot: QtBot, as_admin: MainWindow, admin: Actor, dialogs: DialogDriver,
        fault: str) -> None:
    window = as_admin
    file = _backup_of(window, admin)
    window.ctx.services.patients.create(admin, make_draft(), TODAY)
    passphrase = PASSPHRASE
    if fault == "wrong passphrase":
        passphrase = "not the practice passphrase"
    else:
        data = bytearray(file.read_bytes())
        data[-100] ^= 0x01
        file.write_bytes(bytes(data))
    window.backups.choosers.backup_file = lambda _parent, _start: file
    seen: dict[str, str] = {}

    def refused(dialog: QDialog) -> None:
        assert isinstance(dialog, RestoreDialog)
        type_text(dialog.edit_passphrase, passphrase)
        _click(qtbot, dialog.btn_check)
        qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
        seen["status"] = dialog.status.text()
        seen["replace"] = str(dialog.btn_replace.isVisible())
        dialog.reject()

    dialogs.handlers.append(refused)
    window.backups.act_restore.trigger()
    dialogs.wait_handled(qtbot)  # the dialog opens once its data is read
    assert seen["status"] == ("The backup could not be opened: the passphrase is not the one it "
                              "was made with, or the file was changed or damaged after it was "
                              "made. Nothing was changed.")
    assert seen["replace"] == "False"
    assert _patients(window) == 1
    assert not list(_live(window).parent.glob(".*restore-*"))


@sqlite_only
def test_backups_setting_stores_the_key_and_automatic_backups_then_run(
        qtbot: QtBot, as_admin: MainWindow, dialogs: DialogDriver,
        tmp_path: Path, clock: FixedClock) -> None:
    window = as_admin
    folder = tmp_path / "usb"
    folder.mkdir()
    window.backups.choosers.folder = lambda _parent, _start: folder

    def set_up(dialog: QDialog) -> None:
        assert isinstance(dialog, BackupSettingsDialog)
        assert "No backup key is stored on this computer" in dialog.label_key.text()
        dialog.check_automatic.setChecked(True)
        _click(qtbot, dialog.btn_browse)
        type_text(dialog.edit_passphrase, PASSPHRASE)
        type_text(dialog.edit_repeat, PASSPHRASE)
        _click(qtbot, dialog.btn_save)
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=20000)

    dialogs.handlers.append(set_up)
    window.backups.act_settings.trigger()
    dialogs.wait_handled(qtbot)  # the dialog opens once its data is read
    assert read_settings(window.ctx.services.db).automatic
    assert key_path().is_relative_to(tmp_path)  # never the real user's settings folder
    assert key_path().stat().st_mode & 0o777 == 0o600
    assert PASSPHRASE not in key_path().read_text()
    window.backups.run_automatic(on_close=False)
    qtbot.waitUntil(lambda: not window.ctx.reads.busy(), timeout=20000)
    made = list(folder.glob("*.scbak"))
    assert len(made) == 1
    assert window.statusBar().currentMessage() == f"Automatic backup made: {made[0]}"
    key = load_key()
    assert key is not None and key.matches(PASSPHRASE)
    clock.advance(minutes=30)
    window.close()  # a backup on closing first, then the window closes
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20000)
    # the day's newest backup is kept, the earlier one of the same day thinned away
    assert [f.name for f in folder.glob("*.scbak")] == ["clinic-20261125T103000Z.scbak"]


@pytest.mark.skipif(not POSTGRES_URL, reason="says what applies on PostgreSQL")
def test_on_postgresql_the_menu_says_pg_dump_applies(
        as_admin: MainWindow, message_boxes: MessageBoxes) -> None:
    as_admin.backups.act_backup.trigger()
    kind, _title, text = message_boxes.shown[-1]
    assert kind == "information" and "stride-clinic backup --out FILE" in text
    assert "pg_dump" in text


@sqlite_only
def test_closing_during_the_morning_backup_backs_up_once_before_closing(
        qtbot: QtBot, as_admin: MainWindow, admin: Actor, tmp_path: Path, clock: FixedClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from clinic_app.services.backup_auto import AutoBackupSettings, save_settings, store_key

    window, folder = as_admin, tmp_path / "auto"
    save_settings(window.ctx.services.db, admin, AutoBackupSettings(True, str(folder)))
    store_key(window.ctx.services.db, admin, PASSPHRASE)
    gate = threading.Event()
    real_check = backup_service.quick_check

    def slow_check(*args: object, **kw: object) -> None:
        for _ in range(1000):  # polled: a timed wait never times out under faketime (CI)
            if gate.is_set():
                break
            time.sleep(0.01)
        real_check(*args, **kw)  # type: ignore[arg-type]

    def open_gate_soon() -> None:
        time.sleep(0.3)
        gate.set()

    monkeypatch.setattr(backup_service, "quick_check", slow_check)
    outcomes: list[str] = []
    real_write = backup_auto.write_backup

    def recorded(*args: object, **kw: object) -> Path:
        try:
            written = real_write(*args, **kw)  # type: ignore[arg-type]
        except backup_service.BackupCancelled:
            outcomes.append("cancelled")
            raise
        outcomes.append("written")
        return written

    monkeypatch.setattr(backup_auto, "write_backup", recorded)
    window.backups.run_automatic(on_close=False)  # the morning's backup, still checking
    threading.Thread(target=open_gate_soon, daemon=True).start()
    clock.advance(minutes=1)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20000)
    assert outcomes == ["cancelled", "written"]  # the morning's gave way to the closing one
    assert [f.name for f in folder.iterdir()] == ["clinic-20261125T100100Z.scbak"]
