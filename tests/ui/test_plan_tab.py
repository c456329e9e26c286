"""Plan tab: build a plan from a template, progress an exercise, reorder, save with history;
log walk/run sessions that advance, repeat and drop; the lock under a red flag."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from clinic_app.domain.safety.red_flags import RedFlagItem
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.views.plan.custom_exercise import CustomExerciseDialog
from clinic_app.ui.views.plan.plan_tab import PlanTab
from tests.conftest import TODAY, make_draft
from tests.ui.conftest import DialogDriver


@pytest.fixture
def plan_tab(qtbot: QtBot, window: MainWindow) -> PlanTab:
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(), TODAY).created_id or 0
    s.care.open_episode(me, pid, date(2026, 10, 1), "Right SIJ pain", TODAY)
    window.open_patient(pid)
    tab = window.chart.plan
    window.chart.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.record is not None and bool(tab.library), timeout=10000)
    return tab


def _names(tab: PlanTab) -> list[str]:
    return [tab.list_items.item(r).text().splitlines()[0] for r in range(tab.list_items.count())]


def test_plan_from_template_progressed_and_saved_with_history(qtbot: QtBot, plan_tab: PlanTab) -> None:
    tab = plan_tab
    tab.combo_template.setCurrentText("SIJ pain")
    qtbot.mouseClick(tab.btn_template, Qt.MouseButton.LeftButton)  # read in the background
    qtbot.waitUntil(lambda: tab.list_items.count() > 0, timeout=5000)
    assert _names(tab)[:3] == ["McGill curl-up", "Side plank from knees", "Bird dog"]
    assert "10-second holds: 5, then 3, then 1" in tab.list_items.item(0).text()
    tab.list_items.setCurrentRow(0)
    qtbot.mouseClick(tab.btn_progress, Qt.MouseButton.LeftButton)
    assert _names(tab)[0] == "McGill curl-up, elbows lifted"
    tab.list_items.setCurrentRow(3)  # glute bridge: make it 3 x 15
    tab.dose_editor.edit_reps.setText("15")
    qtbot.mouseClick(tab.dose_editor.btn_apply, Qt.MouseButton.LeftButton)
    assert "3 sets of 15" in tab.list_items.item(3).text()
    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.record is not None and tab.record.revision == 1, timeout=5000)
    saved = tab._ctx.services.plans.current(tab.episode.id).plan  # type: ignore[union-attr]
    assert saved.items[0].exercise_id == "mcgill-curl-up-elbows-lifted"
    assert saved.items[3].dose.reps == 15


def test_absurd_dose_is_refused_beside_the_dose(qtbot: QtBot, plan_tab: PlanTab) -> None:
    tab = plan_tab
    qtbot.mouseClick(tab.btn_template, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.list_items.count() > 0, timeout=5000)
    tab.list_items.setCurrentRow(0)
    tab.dose_editor.edit_sets.setText("1000")
    qtbot.mouseClick(tab.dose_editor.btn_apply, Qt.MouseButton.LeftButton)
    assert "sets must be 1-10, got 1000" in tab.dose_editor.label_error.text()
    assert tab.plan.items[0].dose.sets != 1000


def test_library_search_and_add(qtbot: QtBot, plan_tab: PlanTab) -> None:
    tab = plan_tab
    qtbot.keyClicks(tab.library_panel.edit_search, "pogo")
    assert tab.library_panel.visible_ids() == ["pogo-hops"]
    tab.library_panel.add_requested.emit("pogo-hops")
    assert _names(tab) == ["Pogo hops (low amplitude)"]


def test_walk_run_sessions_advance_repeat_and_drop(qtbot: QtBot, plan_tab: PlanTab) -> None:
    panel = plan_tab.run_panel

    def log(day: str, pain: str, morning: str, baseline: str = "1") -> str:
        for edit, text in ((panel.edit_date, day), (panel.edit_pain, pain),
                           (panel.edit_morning, morning), (panel.edit_baseline, baseline)):
            edit.setText(text)
        previous = panel.table.rowCount()
        qtbot.mouseClick(panel.btn_log, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.table.rowCount() == previous + 1, timeout=5000)
        return panel.label_decision.text()

    assert log("2026-11-01", "2", "1").startswith("Repeat → stage 1")
    assert log("2026-11-03", "2", "1").startswith("Advance → stage 2")
    assert log("2026-11-05", "4", "4").startswith("Repeat → stage 2")
    assert log("2026-11-07", "6", "1").startswith("Drop a stage → stage 1")  # above 5/10 (C6)
    assert "stage 1" in panel.label_stage.text()


def test_red_flag_locks_loading_and_says_why(qtbot: QtBot, window: MainWindow,
                                             plan_tab: PlanTab) -> None:
    services, me = window.ctx.services, window.ctx.require_actor()
    episode_id = plan_tab.episode.id  # type: ignore[union-attr]
    result = services.red_flags.record_screen(me, episode_id, {RedFlagItem.I1: True})
    window.ctx.bus.publish(result.changes, None)
    qtbot.waitUntil(lambda: plan_tab.label_lock.isVisibleTo(plan_tab), timeout=5000)
    assert "Loading is locked" in plan_tab.label_lock.text() and "I1" in plan_tab.label_lock.text()
    assert not plan_tab.btn_save.isEnabled()
    assert not plan_tab.run_panel.btn_log.isEnabled()
    assert "Loading is locked" in plan_tab.run_panel.btn_log.toolTip()


def test_clinic_adds_its_own_exercise_with_a_picture(
    qtbot: QtBot, plan_tab: PlanTab, tmp_path: Path, dialogs: DialogDriver
) -> None:
    picture = tmp_path / "wall-slide.png"
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFF)
    assert image.save(str(picture))
    not_image = tmp_path / "notes.png"
    not_image.write_text("not a picture")

    def fill(dialog: object) -> None:
        assert isinstance(dialog, CustomExerciseDialog)
        qtbot.keyClicks(dialog.edit_name, "Wall slide")
        dialog.edit_steps.setPlainText("Stand with your back to a wall.\nSlide down a little.\n"
                                       "Slide back up slowly.")
        dialog.edit_cues.setPlainText("Keep your knees over your toes.\nBreathe out as you rise.")
        dialog.edit_image.setText(str(not_image))
        qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.label_error.isVisibleTo(dialog), timeout=5000)
        assert "not a PNG, JPEG or SVG" in dialog.label_error.text()
        dialog.edit_image.setText(str(picture))
        qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result() == 1, timeout=5000)

    dialogs.handlers.append(fill)
    qtbot.mouseClick(plan_tab.library_panel.btn_new, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "clinic-wall-slide" in plan_tab.library, timeout=5000)
    plan_tab.add_exercise("clinic-wall-slide")
    assert "Wall slide" in plan_tab.list_items.item(0).text()
    entry = next(e for e in plan_tab.entries if e.exercise.id == "clinic-wall-slide")
    assert entry.custom and entry.image_path.exists()
