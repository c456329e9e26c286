"""Practice → Audit log…: administrators only; filters, CSV export, Verify; the daily check's banner."""

from __future__ import annotations

import csv
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from clinic_app.domain.patients import Role
from clinic_app.services.users import add_user_row
from clinic_app.ui.dialogs.audit_actions import LAST_PROBLEM, LAST_RUN
from clinic_app.ui.dialogs.audit_viewer import AuditViewerDialog
from clinic_app.ui.main_window import MainWindow
from tests.audit.conftest import tamper
from tests.conftest import PASSWORD, TODAY, make_draft

pytestmark = pytest.mark.gui


def _sign_in_admin(qtbot: QtBot, window: MainWindow) -> None:
    services = window.ctx.services
    with services.db.writing() as s:
        add_user_row(s, "boss", "Pat Admin", Role.ADMIN)
    window.session.begin(services.auth.set_first_password("boss", PASSWORD, "ws-test"))
    qtbot.waitUntil(lambda: not window.ctx.reads.busy(), timeout=10000)


def _open(qtbot: QtBot, window: MainWindow) -> AuditViewerDialog:
    window.audit.act_audit.trigger()
    dialog = window.audit.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.busy() and dialog.page is not None, timeout=10000)
    return dialog


def test_the_row_model_is_a_sound_qt_model(qtbot: QtBot, window: MainWindow,
                                           qtmodeltester: Any) -> None:
    window.ctx.services.patients.create(window.ctx.require_actor(), make_draft(), TODAY)
    _sign_in_admin(qtbot, window)
    dialog = _open(qtbot, window)
    assert dialog.model.rowCount() > 0
    qtmodeltester.check(dialog.model)


def _shown(dialog: AuditViewerDialog) -> list[list[str]]:
    model = dialog.model
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_only_administrators_see_the_audit_log(qtbot: QtBot, window: MainWindow) -> None:
    assert window.audit.act_audit in window.practice_menu.actions()
    assert not window.audit.act_audit.isVisible()  # signed in as a clinician
    _sign_in_admin(qtbot, window)
    assert window.audit.act_audit.isVisible()


def test_filters_show_the_matching_rows(qtbot: QtBot, window: MainWindow) -> None:
    services, me = window.ctx.services, window.ctx.require_actor()
    services.patients.create(me, make_draft(), TODAY)
    services.patients.create(me, make_draft(given_name="Bea"), TODAY)
    _sign_in_admin(qtbot, window)
    dialog = _open(qtbot, window)
    rows = _shown(dialog)
    ids = [int(r[0]) for r in rows]
    assert ids == sorted(ids, reverse=True) and ("create", "patient 2") in [(r[4], r[5]) for r in rows]
    dialog.edit_patient.setText("SC-000002")
    dialog.btn_show.click()
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=10000)
    rows = _shown(dialog)
    assert [(r[4], r[5]) for r in rows] == [("create", "patient 2")]
    assert rows[0][2] == "Dr Amira Ahmed"
    assert dialog.label_status.text() == "1 matching row."
    dialog.edit_patient.setText("SC-000099")
    dialog.btn_show.click()
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=10000)
    assert dialog.label_status.text() == "There is no patient with chart number SC-000099."
    dialog.edit_patient.clear()
    dialog.combo_action.setCurrentIndex(dialog.combo_action.findData("create"))
    dialog.combo_user.setCurrentIndex(dialog.combo_user.findText("Dr Amira Ahmed"))
    dialog.check_from.setChecked(True)
    dialog.btn_show.click()
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=10000)
    assert [r[5] for r in _shown(dialog)] == ["patient 2", "patient 1", "user 1"]
    assert dialog.date_from.isEnabled() and dialog.date_from.accessibleName() == "From"


def test_export_csv_writes_the_filtered_rows(qtbot: QtBot, window: MainWindow,
                                             tmp_path: Path) -> None:
    window.ctx.services.patients.create(window.ctx.require_actor(), make_draft(), TODAY)
    _sign_in_admin(qtbot, window)
    dialog = _open(qtbot, window)
    out = tmp_path / "audit.csv"
    dialog.choose_path = lambda _parent, _suggested: str(out)
    dialog.combo_action.setCurrentIndex(dialog.combo_action.findData("create"))
    dialog.btn_export.click()
    qtbot.waitUntil(lambda: "exported" in dialog.label_status.text(), timeout=10000)
    assert dialog.label_status.text() == f"2 rows exported to {out}."
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert [r[4:7] for r in rows[1:]] == [["create", "patient", "1"], ["create", "user", "1"]]


def test_verify_says_intact_then_names_tampering(qtbot: QtBot, window: MainWindow) -> None:
    window.ctx.services.patients.create(window.ctx.require_actor(), make_draft(), TODAY)
    _sign_in_admin(qtbot, window)
    dialog = _open(qtbot, window)
    dialog.btn_verify.click()
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=15000)
    assert dialog.label_result.text().startswith("Verified: the audit trail is intact.")
    assert not dialog.list_problems.isVisible() and not dialog.progress.isVisible()
    tamper(window.ctx.services.db, "UPDATE audit_log SET action = 'update' WHERE id = 2")
    dialog.btn_verify.click()
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=15000)
    assert dialog.label_result.text().startswith("Tampering found: 1 problem(s)")
    assert [dialog.list_problems.item(i).text() for i in range(dialog.list_problems.count())] == [
        "edited: Audit row 2 was edited after it was written."]
    assert dialog.list_problems.isVisible()
    dialog.grab().save("/tmp/audit_viewer.png")


def test_cancel_stops_a_verification(qtbot: QtBot, window: MainWindow) -> None:
    _sign_in_admin(qtbot, window)
    dialog = _open(qtbot, window)
    pressed = threading.Event()
    real_verify = dialog.service.verify

    def verify_after_cancel(*args: object) -> object:  # the check starts once Cancel is pressed
        for _ in range(2000):  # polled: timed waits never time out under faketime (CI)
            if pressed.is_set():
                break
            time.sleep(0.005)
        return real_verify(*args)  # type: ignore[arg-type]

    dialog.service.verify = verify_after_cancel  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.btn_verify, Qt.MouseButton.LeftButton)
    assert dialog.btn_cancel.isVisible() and not dialog.btn_verify.isEnabled()
    qtbot.mouseClick(dialog.btn_cancel, Qt.MouseButton.LeftButton)
    pressed.set()
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=15000)
    assert dialog.label_result.text() == "Verification was cancelled; nothing was concluded."
    assert dialog.btn_verify.isEnabled()


def test_the_daily_check_runs_once_a_day_and_warns_administrators(
        qtbot: QtBot, window: MainWindow) -> None:
    qs = window.ctx.qsettings
    qtbot.waitUntil(lambda: window.audit.check_job is None, timeout=10000)
    assert qs.value(LAST_RUN) == TODAY.isoformat()  # ran at the clinician's sign-in
    assert qs.value(LAST_PROBLEM) == ""
    assert not window.audit.banner.isVisible()
    assert not window.audit.check_due()
    tamper(window.ctx.services.db, "DELETE FROM audit_log WHERE id = 1")
    qs.setValue(LAST_RUN, "2026-11-24")  # the next morning
    _sign_in_admin(qtbot, window)
    qtbot.waitUntil(lambda: window.audit.check_job is None and window.audit.banner.isVisible(),
                    timeout=10000)
    assert window.audit.label_banner.text().startswith(
        "The audit trail failed today's check: 1 problem(s) found (deleted).")
    window.grab().save("/tmp/audit_banner.png")
    window.audit.btn_banner_open.click()
    assert window.audit.dialog is not None and window.audit.dialog.isVisible()
    window.audit.btn_banner_hide.click()
    assert not window.audit.banner.isVisible()


def test_export_the_audit_key(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    import stat

    _sign_in_admin(qtbot, window)
    dialog = _open(qtbot, window)
    target = tmp_path / "practice.key"
    dialog.choose_path = lambda _parent, _suggested: str(target)
    dialog.btn_key.click()  # written in the background
    qtbot.waitUntil(lambda: dialog.label_status.text().startswith(f"Audit key saved to {target}"))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    dialog.btn_key.click()  # never overwrites a file
    qtbot.waitUntil(lambda: dialog.label_status.text() == (
        f"The audit key was not exported: {target} already exists; choose a new file name."))
