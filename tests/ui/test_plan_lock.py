"""A plan locked by an open emergency red flag changes nothing on screen either.

Driven through what the clinician sees: the Plan tab, the exercise library, the plan's exercise
list, the dose fields and "Apply dose", the status line and the return-to-run panel.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from clinic_app.domain.safety.red_flags import RedFlagItem
from clinic_app.ui.main_window import MainWindow
from tests.conftest import TODAY, make_draft
from tests.ui.screen import button, double_click, field, keyboard, tab


def _texts(lst: QListWidget) -> list[str]:
    return [lst.item(r).text() for r in range(lst.count())]


def _row_centre(lst: QListWidget, name: str) -> QPoint:
    """Scroll to the row whose first line reads ``name``; where to click on it."""
    item = next(lst.item(r) for r in range(lst.count())
                if lst.item(r).text().splitlines()[0] == name)
    lst.scrollToItem(item)
    return lst.visualItemRect(item).center()


def _status(page: QWidget) -> str:
    label = next(w for w in page.findChildren(QLabel) if w.accessibleName() == "Plan status")
    return label.text()


@pytest.fixture
def locked_plan(qtbot: QtBot, window: MainWindow) -> QWidget:
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(), TODAY).created_id or 0
    episode_id = s.care.open_episode(me, pid, date(2026, 10, 1), "Right SIJ pain",
                                     TODAY).created_id or 0
    s.plans.save(me, episode_id, s.plans.from_template("SIJ pain"), 0)
    s.red_flags.record_screen(me, episode_id, {RedFlagItem.I1: True})
    window.open_patient(pid)
    page = tab(window.chart.tabs, "Plan")
    lock = next(w for w in page.findChildren(QLabel) if w.accessibleName() == "Loading lock")
    qtbot.waitUntil(lambda: lock.isVisibleTo(page) and "Loading is locked" in lock.text()
                    and window.chart.plan.record is not None
                    and field(page, "Plan exercises (drag to reorder)").count() > 0,  # type: ignore[attr-defined]
                    timeout=10000)
    qtbot.waitUntil(lambda: not window.ctx.reads.busy(), timeout=5000)
    return page


def test_double_click_drag_and_apply_change_nothing(
    qtbot: QtBot, window: MainWindow, locked_plan: QWidget
) -> None:
    page = locked_plan
    plan_list = field(page, "Plan exercises (drag to reorder)")
    library = field(page, "Exercise library")
    assert isinstance(plan_list, QListWidget) and isinstance(library, QListWidget)
    before = _texts(plan_list)
    assert before and not any(t.splitlines()[0] == "Dead bug" for t in before)

    # double-click an exercise in the library
    double_click(qtbot, library.viewport(), _row_centre(library, "Dead bug"))
    assert _texts(plan_list) == before
    # "Add to plan" is not offered
    library.setCurrentRow(0)
    add = button(page, "Add to plan")
    assert not add.isEnabled()
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert _texts(plan_list) == before

    # drag the first plan exercise below the third
    viewport = plan_list.viewport()
    start, end = plan_list.visualItemRect(plan_list.item(0)).center(), \
        plan_list.visualItemRect(plan_list.item(2)).center()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, pos=end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert _texts(plan_list) == before

    # the dose fields and "Apply dose" take nothing
    reps = field(page, "Reps")
    assert not reps.isEnabled()
    keyboard(qtbot, "99", reps)
    apply = button(page, "Apply dose")
    assert not apply.isEnabled()
    qtbot.mouseClick(apply, Qt.MouseButton.LeftButton)
    assert _texts(plan_list) == before

    assert "Unsaved" not in _status(page)
    assert not button(page, "Save plan").isEnabled()
    # and nothing reached the database
    episode = window.chart.plan.episode
    assert episode is not None
    saved = window.ctx.services.plans.current(episode.id)
    assert saved is not None and saved.revision == 1


def test_return_to_run_offers_no_next_session_while_locked(locked_plan: QWidget) -> None:
    stage = next(w for w in locked_plan.findChildren(QLabel) if w.accessibleName() == "Current stage")
    assert "Next session" not in stage.text()
    assert "no next session" in stage.text()
    assert not button(locked_plan, "Log session").isEnabled()


def test_unlocked_plan_still_takes_a_double_clicked_exercise(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The lock is what refuses edits: without a red flag the same double-click adds."""
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(), TODAY).created_id or 0
    s.care.open_episode(me, pid, date(2026, 10, 1), "Right SIJ pain", TODAY)
    window.open_patient(pid)
    page = tab(window.chart.tabs, "Plan")
    library = field(page, "Exercise library")
    assert isinstance(library, QListWidget)
    qtbot.waitUntil(lambda: library.count() > 0 and window.chart.plan.record is not None,
                    timeout=10000)
    qtbot.waitUntil(lambda: not window.ctx.reads.busy(), timeout=5000)
    double_click(qtbot, library.viewport(), _row_centre(library, "Dead bug"))
    plan_list = field(page, "Plan exercises (drag to reorder)")
    assert isinstance(plan_list, QListWidget)
    assert [t.splitlines()[0] for t in _texts(plan_list)] == ["Dead bug"]
    assert "Unsaved changes" in _status(page)
    assert "Next session" in next(w for w in page.findChildren(QLabel)
                                  if w.accessibleName() == "Current stage").text()
