"""Patient → Export record (FHIR)… and Patient's own copy…: written in a worker, for the right
patient, refused plainly, hidden from the front desk."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from clinic_app.domain.patients import Role, VisitKind
from clinic_app.domain.retention import RetentionPolicy
from clinic_app.ui.dialogs.erasure_dialog import ErasureDialog
from clinic_app.ui.main_window import MainWindow
from tests.conftest import TODAY, make_draft
from tests.ui.conftest import DialogDriver, MessageBoxes


def _open(window: MainWindow, qtbot: QtBot, given: str) -> int:
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(given_name=given), TODAY).created_id or 0
    ep = s.care.open_episode(me, pid, TODAY, "LBP", TODAY).created_id or 0
    s.care.create_visit(me, ep, window.ctx.clock.now(), VisitKind.INITIAL)
    window.open_patient(pid)
    qtbot.waitUntil(lambda: window.chart.details is not None and window.chart.details.id == pid,
                    timeout=10000)
    return pid


def test_fhir_export_writes_the_open_patients_bundle(qtbot: QtBot, window: MainWindow,
                                                     tmp_path: Path,
                                                     message_boxes: MessageBoxes) -> None:
    _open(window, qtbot, "Other")
    pid = _open(window, qtbot, "Wanted")
    asked: list[str] = []

    def choose(_parent: object, title: str, suggested: str, _filters: str) -> str:
        asked.append(suggested)
        return str(tmp_path / "out.json")

    window.exports.choose_path = choose
    assert window.exports.menu.menuAction().isVisible()
    window.exports.act_fhir.trigger()
    qtbot.waitUntil(lambda: window.exports.last_summary is not None, timeout=10000)
    chart = window.ctx.services.patients.get(pid).chart_label
    assert asked[0].endswith(f"{chart}-fhir.json")
    bundle = Bundle.model_validate_json((tmp_path / "out.json").read_text(encoding="utf-8"))
    patient = bundle.entry[0].resource
    assert patient.name[0].given == ["Wanted"] and patient.identifier[0].value == chart
    kind, title, text = message_boxes.shown[-1]
    assert (kind, title) == ("information", "Export record (FHIR)")
    assert text.startswith("1 episode(s), 1 visit(s), 0 set(s) of measures and 0 document(s)")


def test_patient_copy_and_a_refusal(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                    message_boxes: MessageBoxes) -> None:
    _open(window, qtbot, "Copy")
    window.exports.choose_path = lambda *_: str(tmp_path / "copy.zip")
    window.exports.act_copy.trigger()
    qtbot.waitUntil(lambda: window.exports.last_summary is not None, timeout=15000)
    with zipfile.ZipFile(tmp_path / "copy.zip") as archive:
        assert "summary.pdf" in archive.namelist()
        Bundle.model_validate(json.loads(archive.read("record.fhir.json")))
    window.exports.last_summary = None
    window.exports.choose_path = lambda *_: str(tmp_path / "missing" / "copy.zip")
    window.exports.act_copy.trigger()
    qtbot.waitUntil(lambda: message_boxes.shown[-1][0] == "warning", timeout=10000)
    assert message_boxes.shown[-1][2].startswith("Nothing was exported. ")
    assert "does not exist" in message_boxes.shown[-1][2]


def test_no_patient_open_and_front_desk(qtbot: QtBot, window: MainWindow) -> None:
    window.exports.choose_path = lambda *_: (_ for _ in ()).throw(AssertionError("not asked"))
    window.exports.act_fhir.trigger()
    assert window.statusBar().currentMessage() == "Open a patient first."
    me = window.ctx.require_actor()
    from dataclasses import replace

    window.ctx.actor = replace(me, role=Role.FRONT_DESK)
    window.exports.apply_role()
    assert not window.exports.menu.menuAction().isVisible()


def _as_admin(window: MainWindow) -> None:
    from clinic_app.services.context import Actor
    from clinic_app.services.users import add_user_row

    with window.ctx.services.db.writing() as s:
        user = add_user_row(s, "boss", "Pat Admin", Role.ADMIN)
        s.flush()
        window.ctx.actor = Actor(user.id, "Pat Admin", Role.ADMIN, "ws-test")
    window.exports.apply_role()


def test_erasure_request_restricts_a_recent_record(qtbot: QtBot, window: MainWindow,
                                                   message_boxes: MessageBoxes,
                                                   dialogs: DialogDriver) -> None:
    assert not window.exports.act_erase.isVisible()  # clinicians do not see it
    _as_admin(window)
    assert window.exports.act_erase.isVisible() and window.exports.act_retention.isVisible()
    pid = _open(window, qtbot, "Recent")

    def restrict(dialog: QDialog) -> None:
        assert isinstance(dialog, ErasureDialog)
        assert "must be kept 8 years after the last contact" in dialog.label_assessment.text()
        assert dialog.btn_apply.text() == "Restrict processing"
        qtbot.mouseClick(dialog.btn_apply, Qt.MouseButton.LeftButton)
        assert dialog.errors.message("reason")  # a reason is needed
        dialog.edit_reason.setPlainText("Phone call from the patient")
        qtbot.mouseClick(dialog.btn_apply, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10000)

    dialogs.handlers.append(restrict)
    window.exports.act_erase.trigger()
    dialogs.wait_handled(qtbot)  # the dialog opens once its data is read
    assert message_boxes.shown[-1][1] == "Processing restricted"
    assert window.ctx.services.patients.get(pid).archived


def test_erasure_needs_the_chart_number_typed(qtbot: QtBot, window: MainWindow,
                                              message_boxes: MessageBoxes,
                                              dialogs: DialogDriver) -> None:
    _as_admin(window)
    window.ctx.services.erasure.save_policy(window.ctx.require_actor(), RetentionPolicy(1, 18))
    pid = _open(window, qtbot, "Old")
    window.ctx.clock.advance(days=800)  # type: ignore[attr-defined]
    chart = window.ctx.services.patients.get(pid).chart_label

    def erase(dialog: QDialog) -> None:
        assert isinstance(dialog, ErasureDialog) and dialog.btn_apply.text() == "Erase the record"
        dialog.edit_reason.setPlainText("Letter from the patient")
        dialog.edit_confirm.setText("SC-999999")
        qtbot.mouseClick(dialog.btn_apply, Qt.MouseButton.LeftButton)
        assert f"Type {chart} exactly" in dialog.errors.message("confirm")
        dialog.edit_confirm.setText(chart.lower())
        qtbot.mouseClick(dialog.btn_apply, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10000)

    dialogs.handlers.append(erase)
    window.exports.act_erase.trigger()
    dialogs.wait_handled(qtbot)  # the dialog opens once its data is read
    assert message_boxes.shown[-1][1] == "Record erased"
    assert window.stack.currentWidget() is window.placeholder
    from clinic_app.domain.errors import NotFoundError

    with pytest.raises(NotFoundError):
        window.ctx.services.patients.get(pid)
