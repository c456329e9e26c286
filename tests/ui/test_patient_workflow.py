"""Drive the real widgets: register a patient by typing, find them, edit with a conflict."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from clinic_app.domain.patients import Role
from clinic_app.services.context import Actor
from clinic_app.ui.dialogs.patient_dialog import PatientDialog
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.widgets.elided_label import ElidedLabel
from tests.conftest import TODAY, make_draft
from tests.ui.conftest import DialogDriver, type_text
from tests.ui.screen import hover


def _type_patient(qtbot: QtBot, dialog: PatientDialog, given: str, family: str, born: str) -> None:
    type_text(dialog.edit_given, given)
    type_text(dialog.edit_family, family)
    qtbot.keyClicks(dialog.edit_birth, born)
    qtbot.keyClicks(dialog.edit_phone, "0161 496 0000")


def _search(qtbot: QtBot, window: MainWindow, text: str) -> list[str]:
    box = window.patient_list.edit_search
    box.clear()
    type_text(box, text)
    qtbot.waitUntil(lambda: not window.patient_list.searching, timeout=5000)
    model = window.patient_list.model
    return [model.index(r, 1).data() for r in range(model.rowCount())]


def test_create_patient_by_typing_then_find_by_partial_name_and_birth_date(
    qtbot: QtBot, window: MainWindow, dialogs: DialogDriver
) -> None:
    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, PatientDialog)
        _type_patient(qtbot, dialog, "Łukasz", "Wiśniewski", "02/03/1990")
        qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)

    dialogs.handlers.append(fill)
    window.act_new.trigger()
    qtbot.waitUntil(lambda: window.chart.details is not None, timeout=5000)
    assert "Łukasz Wiśniewski" in window.chart.header.text()
    assert "SC-000001" in window.chart.header.text()

    assert _search(qtbot, window, "wiś") == ["Wiśniewski, Łukasz"]
    assert _search(qtbot, window, "lukas") == ["Wiśniewski, Łukasz"]
    assert _search(qtbot, window, "1990-03-02") == ["Wiśniewski, Łukasz"]
    assert _search(qtbot, window, "02/03/1990") == ["Wiśniewski, Łukasz"]
    assert _search(qtbot, window, "zzz") == []
    assert window.patient_list.label_status.text() == "No patients match"


def test_bad_input_shows_message_beside_the_field_and_saves_nothing(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = PatientDialog(window.ctx, None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.edit_family, "Nobody")
    qtbot.keyClicks(dialog.edit_birth, "2031-01-01")
    qtbot.keyClicks(dialog.edit_email, "not-an-email")
    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.field_error("given_name") != "", timeout=5000)
    assert dialog.field_error("given_name") == "Required."
    assert "future" in dialog.field_error("birth_date")
    assert "valid email" in dialog.field_error("email")
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert window.ctx.services.patients.count(include_archived=True) == 0


def test_unreadable_date_is_refused_before_saving(qtbot: QtBot, window: MainWindow) -> None:
    dialog = PatientDialog(window.ctx, None, window)
    qtbot.addWidget(dialog)
    _type_patient(qtbot, dialog, "Ana", "Silva", "31/02/1990")
    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    assert "Not a date" in dialog.field_error("birth_date")


def test_duplicate_is_shown_before_a_new_patient_is_saved(qtbot: QtBot, window: MainWindow) -> None:
    services = window.ctx.services
    services.patients.create(window.ctx.require_actor(),
                             make_draft(given_name="Ana", family_name="Silva",
                                        birth_date=date(1990, 3, 2), phone=""), TODAY)
    dialog = PatientDialog(window.ctx, None, window)
    qtbot.addWidget(dialog)
    _type_patient(qtbot, dialog, "ana", "SILVA", "1990-03-02")
    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.label_duplicates.isVisibleTo(dialog), timeout=5000)
    assert "SC-000001" in dialog.label_duplicates.text()
    assert services.patients.count() == 1
    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)  # save anyway
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    assert services.patients.count() == 2


def test_version_conflict_shows_who_changed_it(qtbot: QtBot, window: MainWindow, admin: Actor,
                                              dialogs: DialogDriver) -> None:
    from clinic_app.ui.conflicts import DifferencesDialog

    services = window.ctx.services
    me = window.ctx.require_actor()
    pid = services.patients.create(me, make_draft(), TODAY).created_id or 0
    details = services.patients.get(pid)
    dialog = PatientDialog(window.ctx, details, window)
    qtbot.addWidget(dialog)
    other = services.users.create_user(admin, "kim", "Kim Lee", Role.FRONT_DESK).created_id or 0
    services.patients.update(Actor(other, "Kim Lee", Role.FRONT_DESK, "desk"), pid,
                             dataclasses.replace(details.draft, phone="0200 000 000"),
                             details.version, TODAY)
    dialog.edit_email.clear()
    qtbot.keyClicks(dialog.edit_email, "mine@example.org")
    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.label_error.isVisibleTo(dialog), timeout=5000)
    assert "changed by Kim Lee at" in dialog.label_error.text()
    assert "reload or keep yours" in dialog.label_error.text()
    assert services.patients.get(pid).draft.email == "zoe@example.org"
    # Keep mine: a second Save lists what differs, then applies the user's edit on the fresh version.
    rows: list[tuple[str, str, str]] = []

    def confirm(shown: QDialog) -> None:
        assert isinstance(shown, DifferencesDialog)
        rows.extend(shown.rows_shown())
        qtbot.mouseClick(shown.btn_keep, Qt.MouseButton.LeftButton)

    dialogs.handlers.append(confirm)
    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    assert sorted(rows) == [("Email", "zoe@example.org", "mine@example.org"),
                            ("Phone", "0200 000 000", "0200 000 000 (theirs, kept)")]
    saved = services.patients.get(pid).draft
    assert (saved.email, saved.phone) == ("mine@example.org", "0200 000 000")  # theirs not lost


def test_every_input_has_its_visible_label_as_accessible_name(window: MainWindow) -> None:
    dialog = PatientDialog(window.ctx, None, window)
    names = {w.accessibleName() for w in dialog.findChildren(QLineEdit)
             + dialog.findChildren(QPlainTextEdit) + dialog.findChildren(QComboBox)
             + dialog.findChildren(QCheckBox) if w.parent() is not None}
    for label in ("Given name", "Family name", "Date of birth", "Sex", "Phone", "Email",
                  "Referrer / GP", "Precautions and alerts",
                  "Treatment consent, Consents to assessment and treatment"):
        assert label in names
    unnamed = [type(w).__name__ for w in dialog.findChildren(QLineEdit)
               if not w.accessibleName() and w.isVisibleTo(dialog)]
    assert unnamed == []
    dialog.deleteLater()


def test_archived_patient_hidden_until_show_archived(qtbot: QtBot, window: MainWindow,
                                                     message_boxes: object) -> None:
    services = window.ctx.services
    pid = services.patients.create(window.ctx.require_actor(), make_draft(), TODAY).created_id
    assert pid is not None
    window.patient_list.refresh()
    qtbot.waitUntil(lambda: window.patient_list.model.rowCount() == 1, timeout=5000)
    window.open_patient(pid)
    qtbot.waitUntil(lambda: window.chart.details is not None, timeout=5000)
    qtbot.mouseClick(window.chart.overview.btn_archive, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.patient_list.model.rowCount() == 0, timeout=5000)
    qtbot.waitUntil(lambda: "ARCHIVED" in window.chart.header.text(), timeout=5000)
    assert window.chart.overview.btn_archive.text() == "Restore patient"
    window.patient_list.check_archived.setChecked(True)
    qtbot.waitUntil(lambda: window.patient_list.model.rowCount() == 1, timeout=5000)
    assert "(archived)" in window.patient_list.model.index(0, 1).data()


def test_header_keeps_its_height_and_says_when_no_alerts_are_recorded(
    qtbot: QtBot, window: MainWindow
) -> None:
    s, me = window.ctx.services, window.ctx.require_actor()
    flagged = s.patients.create(me, make_draft(alerts="Latex allergy; on warfarin"),
                                TODAY).created_id or 0
    plain = s.patients.create(me, make_draft(given_name="Ana", family_name="Silva"),
                              TODAY).created_id or 0
    for patient in (flagged, plain):  # a complaint long enough to wrap beside an alerts box
        s.care.open_episode(me, patient, date(2026, 11, 1), "Left-sided low back and buttock "
                            "pain after the marathon, worse on downhill running", TODAY)
    heights, texts, styles = [], [], []
    for patient in (flagged, plain, flagged):
        window.open_patient(patient)
        qtbot.waitUntil(lambda p=patient: window.chart.patient_id == p  # type: ignore[misc]
                        and not window.ctx.reads.busy(), timeout=5000)
        qtbot.wait(1)  # the layout of the new header
        heights.append(window.chart.header.height())
        texts.append(window.chart.header.text())
        styles.append(window.chart.header.label_alerts.styleSheet())
    assert "⚠ Latex allergy; on warfarin" in texts[0] and "No alerts recorded" not in texts[0]
    assert "#fdecea" in styles[0] and "#fdecea" not in styles[1] and styles[2] == styles[0]
    assert "No alerts recorded" in texts[1] and "Latex" not in texts[1]
    assert len(set(heights)) == 1  # the chart below does not jump from one patient to the next


def test_details_fit_their_column_whatever_the_length_of_an_address(
    qtbot: QtBot, window: MainWindow
) -> None:
    s, me = window.ctx.services, window.ctx.require_actor()
    window.resize(1366, 768)
    email = "selamawit.alemu.tesfaye@mail.example.org"  # one long word: it cannot wrap
    patient = s.patients.create(me, make_draft(
        email=email, emergency_contact="Bekele Tesfaye (friend) 07700 900174",
        address="55 Ropewalk Row\nThornbury Vale\nTV14 7DG"), TODAY).created_id or 0
    window.open_patient(patient)
    qtbot.waitUntil(lambda: window.chart.patient_id == patient and not window.ctx.reads.busy(),
                    timeout=5000)
    qtbot.wait(1)
    values = window.chart.overview._values
    viewport = values["email"].parentWidget().parentWidget().parentWidget()  # the left column's
    for key, label in values.items():
        right = label.mapTo(viewport, label.rect().topRight()).x()
        assert right < viewport.width(), key  # nothing runs past the column's edge
        assert label.height() >= label.heightForWidth(label.width()), key  # every line shown
    shown = values["email"]
    assert isinstance(shown, ElidedLabel)
    # cut visibly, whole in the tooltip, and not selectable as if it were the whole address
    assert shown.text().endswith("…") and email.startswith(shown.text()[:-1])
    assert shown.toolTip() == email and shown.value() == email
    assert not shown.may_select()
    hover(shown)
    assert shown.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction
    window.resize(1920, 1080)  # room for it: whole, selectable, no tooltip
    qtbot.waitUntil(lambda: not shown.is_cut(), timeout=5000)
    assert shown.text() == email and shown.toolTip() == ""
    assert shown.may_select()
    hover(shown)
    assert shown.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
