"""Keep mine, in every editor the same way: what differs is listed, then mine lands on theirs.

The other workstation is a second ``Services`` over its own ``Database`` (own engine and
connections) on the same database. It saves first; this window's save meets the named conflict;
Save again lists field, their version and what will be saved; confirming saves with the new
version, and the other workstation's changes to fields this user did not touch are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from clinic_app.domain.clock import FixedClock
from clinic_app.domain.intake.record import Intake
from clinic_app.domain.measures.outcomes import NprsValues, VisitMeasures
from clinic_app.domain.patients import Role, VisitKind
from clinic_app.domain.rehab.plans import Plan
from clinic_app.persistence.db import Database
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from clinic_app.services.users import add_user_row
from clinic_app.ui.conflicts import DifferencesDialog
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.views.intake.profile_page import ProfilePage
from tests.conftest import CHEAP_HASHER, TODAY, make_draft
from tests.ui.conftest import DialogDriver


@pytest.fixture
def other(window: MainWindow, database_url: str, clock: FixedClock) -> Iterator[tuple[Services, Actor]]:
    """The second workstation: its own engine over the same database, signed in as Kim Lee."""
    with window.ctx.services.db.writing() as s:
        kim = add_user_row(s, "kim", "Kim Lee", Role.CLINICIAN).id
    db = Database.from_url(database_url, FixedClock(clock.now()))
    yield Services.over(db, CHEAP_HASHER), Actor(kim, "Kim Lee", Role.CLINICIAN, "ws-2")
    db.dispose()


@pytest.fixture
def visit(window: MainWindow) -> tuple[int, int, int]:
    """A patient with an episode and one visit, opened in the chart: (patient, episode, visit)."""
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(), TODAY).created_id or 0
    ep = s.care.open_episode(me, pid, date(2026, 11, 1), "LBP", TODAY).created_id or 0
    vid = s.care.create_visit(me, ep, datetime(2026, 11, 2, 9, tzinfo=UTC), VisitKind.INITIAL).created_id or 0
    window.open_patient(pid)
    return pid, ep, vid


def _confirm_into(rows: list[tuple[str, str, str]], qtbot: QtBot) -> Callable[[QDialog], None]:
    """A handler for the differences dialog: note its rows, then press Save mine."""

    def handle(dialog: QDialog) -> None:
        assert isinstance(dialog, DifferencesDialog)
        assert "changed by Kim Lee at" in dialog.label_intro.text()
        rows.extend(dialog.rows_shown())
        qtbot.mouseClick(dialog.btn_keep, Qt.MouseButton.LeftButton)

    return handle


def test_measures_keep_mine_lists_the_fields_and_keeps_their_other_score(
        qtbot: QtBot, window: MainWindow, visit: tuple[int, int, int],
        other: tuple[Services, Actor], dialogs: DialogDriver) -> None:
    _, _, vid = visit
    tab = window.chart.measures
    window.chart.tabs.setCurrentWidget(tab)  # its data loads when it is shown
    qtbot.waitUntil(lambda: tab.view is not None and tab.view.visit_id == vid, timeout=5000)
    services, kim = other
    services.measures.save(kim, vid, VisitMeasures(NprsValues(leg_now=6)), 0, TODAY)  # saves first
    qtbot.keyClicks(tab.nprs.edits["back_now"], "3")
    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Kim Lee" in tab.label_status.text(), timeout=5000)
    assert "Outcome measures was changed by Kim Lee at" in tab.label_status.text()
    assert window.ctx.services.measures.get(vid).measures.nprs == NprsValues(leg_now=6)  # not overwritten
    before = window.ctx.services.measures.get(vid).version

    rows: list[tuple[str, str, str]] = []
    dialogs.handlers.append(_confirm_into(rows, qtbot))
    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)  # keep mine
    qtbot.waitUntil(lambda: window.ctx.services.measures.get(vid).version > before, timeout=5000)
    assert sorted(rows) == [("NPRS Back, Now", "(empty)", "3"),
                            ("NPRS Leg, Now", "6", "6 (theirs, kept)")]
    saved = services.measures.get(vid).measures.nprs  # read by the other workstation too
    assert (saved.back_now, saved.leg_now) == (3, 6)


def test_exam_keep_mine_saves_my_field_over_theirs_and_keeps_their_other_field(
        qtbot: QtBot, window: MainWindow, visit: tuple[int, int, int],
        other: tuple[Services, Actor], dialogs: DialogDriver) -> None:
    _, _, vid = visit
    tab = window.chart.exam
    window.chart.tabs.setCurrentWidget(tab)  # its data loads when it is shown
    qtbot.waitUntil(lambda: tab.view is not None and tab.view.visit_id == vid, timeout=5000)
    services, kim = other
    exam = services.exams.get(vid).exam
    services.exams.save(kim, vid, replace(exam, palpation="L5 spinous tender", findings="Theirs"), set(), 0)
    findings = tab.form.bind.items["findings"].widget
    qtbot.keyClicks(findings, "Mine")
    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Kim Lee" in tab.label_status.text(), timeout=5000)

    rows: list[tuple[str, str, str]] = []
    dialogs.handlers.append(_confirm_into(rows, qtbot))
    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)  # keep mine
    qtbot.waitUntil(lambda: services.exams.get(vid).exam.findings == "Mine", timeout=5000)
    labels = {row[0]: row for row in rows}
    assert labels[findings.accessibleName()][1:] == ("Theirs", "Mine (yours replaces theirs)")
    palpation = tab.form.bind.items["palpation"].widget.accessibleName()
    assert labels[palpation][2] == "L5 spinous tender (theirs, kept)"
    assert services.exams.get(vid).exam.palpation == "L5 spinous tender"


def test_cancelling_the_differences_saves_nothing_and_keeps_my_text_on_screen(
        qtbot: QtBot, window: MainWindow, visit: tuple[int, int, int],
        other: tuple[Services, Actor], dialogs: DialogDriver) -> None:
    _, _, vid = visit
    tab = window.chart.measures
    window.chart.tabs.setCurrentWidget(tab)  # its data loads when it is shown
    qtbot.waitUntil(lambda: tab.view is not None and tab.view.visit_id == vid, timeout=5000)
    services, kim = other
    services.measures.save(kim, vid, VisitMeasures(NprsValues(back_now=7)), 0, TODAY)
    qtbot.keyClicks(tab.nprs.edits["back_now"], "2")
    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Kim Lee" in tab.label_status.text(), timeout=5000)

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, DifferencesDialog)
        assert dialog.rows_shown() == [("NPRS Back, Now", "7", "2 (yours replaces theirs)")]
        dialog.reject()

    dialogs.handlers.append(cancel)
    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.btn_save.isEnabled(), timeout=5000)
    assert services.measures.get(vid).measures.nprs.back_now == 7
    assert tab.nprs.edits["back_now"].text() == "2"


def test_intake_keep_mine_keeps_their_weekly_distance_and_my_runs_per_week(
        qtbot: QtBot, window: MainWindow, visit: tuple[int, int, int],
        other: tuple[Services, Actor], dialogs: DialogDriver) -> None:
    _, ep, _ = visit
    tab = window.chart.intake
    window.chart.tabs.setCurrentWidget(tab)  # its data loads when it is shown
    qtbot.waitUntil(lambda: tab.record is not None and tab.episode is not None, timeout=5000)
    services, kim = other
    services.intake.save(kim, ep, Intake(weekly_distance_km=42.0), 0, TODAY)  # the first save, elsewhere
    profile = tab.pages[0]
    assert isinstance(profile, ProfilePage)
    qtbot.keyClicks(profile.edit_runs, "4")
    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Kim Lee" in tab.label_status.text(), timeout=5000)
    assert "Save again to see what differs" in tab.label_status.text()

    rows: list[tuple[str, str, str]] = []
    dialogs.handlers.append(_confirm_into(rows, qtbot))
    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)  # keep mine
    qtbot.waitUntil(lambda: services.intake.current(ep).revision == 2, timeout=5000)
    assert ("Runs per week", "(empty)", "4") in rows
    assert any(row[1] == "42.0" and row[2].endswith("(theirs, kept)") for row in rows), rows
    saved = services.intake.current(ep).intake
    assert (saved.runs_per_week, saved.weekly_distance_km) == (4, 42.0)


def test_plan_keep_mine_keeps_their_exit_criteria_and_my_goals(
        qtbot: QtBot, window: MainWindow, visit: tuple[int, int, int],
        other: tuple[Services, Actor], dialogs: DialogDriver) -> None:
    _, ep, _ = visit
    tab = window.chart.plan
    window.chart.tabs.setCurrentWidget(tab)  # its data loads when it is shown
    qtbot.waitUntil(lambda: tab.record is not None and bool(tab.library), timeout=10000)
    services, kim = other
    services.plans.save(kim, ep, Plan(exit_criteria="Hop 10 times pain-free"), 0)
    tab.edit_goals.setPlainText("Run 5 km by March")
    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Kim Lee" in tab.label_status.text(), timeout=5000)

    rows: list[tuple[str, str, str]] = []
    dialogs.handlers.append(_confirm_into(rows, qtbot))
    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)  # keep mine
    qtbot.waitUntil(lambda: services.plans.current(ep).revision == 2, timeout=5000)
    hop = "Hop 10 times pain-free"
    assert sorted(rows) == [("Exit criteria", hop, f"{hop} (theirs, kept)"),
                            ("Goals", "(empty)", "Run 5 km by March")]
    saved = services.plans.current(ep).plan
    assert (saved.goals, saved.exit_criteria) == ("Run 5 km by March", "Hop 10 times pain-free")
