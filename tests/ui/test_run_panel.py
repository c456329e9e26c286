"""Return to run on screen (C6, C7): a STOP is restarted with a review outcome and a chosen stage;
the walk/run schedule is refused in plain words until a clinician confirms return to run."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from clinic_app.domain.patients import VisitKind
from clinic_app.services.handouts import HandoutKind
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.views.plan.plan_tab import PlanTab
from clinic_app.ui.views.plan.run_dialogs import ConfirmRunDialog, RestartRunDialog
from clinic_app.ui.views.plan.run_panel import RunPanel
from clinic_app.ui.views.printing import print_queue
from tests.conftest import TODAY, make_draft
from tests.ui.conftest import DialogDriver


@pytest.fixture
def plan_tab(qtbot: QtBot, window: MainWindow) -> PlanTab:
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(given_name="Ffion", phone=""), TODAY).created_id or 0
    episode = s.care.open_episode(me, pid, date(2026, 10, 1), "Left sciatica", TODAY).created_id or 0
    s.care.create_visit(me, episode, window.ctx.clock.now(), VisitKind.INITIAL)
    s.plans.save(me, episode, s.plans.from_template("Disc with radiculopathy"), 0)
    window.open_patient(pid)
    tab = window.chart.plan
    window.chart.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.record is not None and tab.record.revision == 1, timeout=10000)
    qtbot.waitUntil(lambda: tab.run_panel.programme is not None, timeout=10000)
    return tab


def _log(qtbot: QtBot, panel: RunPanel, day: str, pain: str, morning: str, *, nerve: bool = False) -> str:
    for edit, text in ((panel.edit_date, day), (panel.edit_pain, pain), (panel.edit_morning, morning),
                       (panel.edit_baseline, "1")):
        edit.setText(text)
    panel.check_neuro.setChecked(nerve)
    previous = panel.table.rowCount()
    qtbot.mouseClick(panel.btn_log, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.table.rowCount() == previous + 1, timeout=5000)
    return panel.label_decision.text()


def test_stop_is_restarted_with_a_review_outcome_and_a_chosen_stage(
        qtbot: QtBot, plan_tab: PlanTab, dialogs: DialogDriver) -> None:
    panel = plan_tab.run_panel
    assert not panel.btn_restart.isVisibleTo(panel)
    for day in ("2026-11-01", "2026-11-03", "2026-11-05", "2026-11-07"):
        _log(qtbot, panel, day, "2", "1")
    assert panel.stage == 3
    assert _log(qtbot, panel, "2026-11-09", "3", "1", nerve=True).startswith("Stop → stage 3")
    qtbot.waitUntil(lambda: panel.btn_restart.isVisibleTo(panel), timeout=5000)
    assert panel.label_review.isVisibleTo(panel)
    assert panel.label_review.text().startswith("Review needed. Stop and review: new or worsening leg")
    assert "stopped for review" in panel.label_gate.text()

    def restart(dialog: object) -> None:
        assert isinstance(dialog, RestartRunDialog)
        assert dialog.combo_stage.count() == 3  # no higher than the stage it stopped at
        assert dialog.combo_stage.itemText(1) == "Stage 2: 5 × (walk 4 min / jog 2 min) (30 min)"
        assert not dialog.btn_restart.isEnabled()  # the review outcome comes first
        qtbot.keyClicks(dialog.edit_outcome, "Reviewed: nerve symptoms settled, neuro screen normal")
        dialog.combo_stage.setCurrentIndex(1)
        assert dialog.btn_restart.isEnabled()
        qtbot.mouseClick(dialog.btn_restart, Qt.MouseButton.LeftButton)

    dialogs.handlers.append(restart)
    rows = panel.table.rowCount()
    qtbot.mouseClick(panel.btn_restart, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.table.rowCount() == rows + 1, timeout=5000)
    assert not panel.btn_restart.isVisibleTo(panel) and not panel.label_review.isVisibleTo(panel)
    assert panel.stage == 2 and "stage 2" in panel.label_stage.text()
    last = panel.table.rowCount() - 1
    assert panel.table.item(last, 4).text() == (
        "Restarted by Dr Amira Ahmed: Reviewed: nerve symptoms settled, neuro screen normal")
    assert panel.table.item(last, 3).text() == "2"
    episode_id = plan_tab.episode.id  # type: ignore[union-attr]
    saved = panel._ctx.services.plans.run_programme(episode_id)
    assert not saved.stopped and saved.decisions[-1].note.startswith("Reviewed: nerve symptoms")
    assert _log(qtbot, panel, "2026-11-12", "2", "1").startswith("Repeat → stage 2")


def test_nine_out_of_ten_drops_a_stage_and_is_flagged_for_review(qtbot: QtBot, plan_tab: PlanTab) -> None:
    panel = plan_tab.run_panel
    _log(qtbot, panel, "2026-11-01", "2", "1")
    _log(qtbot, panel, "2026-11-03", "2", "1")
    assert _log(qtbot, panel, "2026-11-05", "9", "3").startswith(
        "Drop a stage → stage 1: Drop to stage 1: pain during the run 9/10 is above 5/10.")
    qtbot.waitUntil(lambda: panel.label_review.isVisibleTo(panel), timeout=5000)
    assert panel.label_review.text().startswith("Review needed. Drop to stage 1")


def test_schedule_refused_until_return_to_run_is_confirmed(
        qtbot: QtBot, window: MainWindow, plan_tab: PlanTab, dialogs: DialogDriver) -> None:
    handouts = window.chart.handouts
    window.chart.tabs.setCurrentWidget(handouts)
    row = next(r for r in range(handouts.list_kinds.count())
               if handouts.list_kinds.item(r).data(Qt.ItemDataRole.UserRole) == "return-to-run")
    handouts.list_kinds.setCurrentRow(row)
    qtbot.mouseClick(handouts.btn_preview, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Return to run has not started" in handouts.label_status.text(), timeout=10000)
    message = handouts.label_status.text()
    assert "the plan is in phase 1 Protect / settle" in message and "confirms return to run" in message
    assert "An unexpected problem" not in message and handouts.preview is None

    panel = plan_tab.run_panel
    window.chart.tabs.setCurrentWidget(plan_tab)
    assert panel.btn_confirm.isVisibleTo(panel) and "Return to run has not started" in panel.label_gate.text()

    def confirm(dialog: object) -> None:
        assert isinstance(dialog, ConfirmRunDialog)
        assert "the plan is in phase 1 Protect / settle" in dialog.label_intro.text()
        assert not dialog.btn_confirm.isEnabled()
        qtbot.keyClicks(dialog.edit_reason, "Walks 30 min pain-free; L5 power recovered")
        qtbot.mouseClick(dialog.btn_confirm, Qt.MouseButton.LeftButton)

    dialogs.handlers.append(confirm)
    qtbot.mouseClick(panel.btn_confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.btn_confirm.isVisibleTo(panel), timeout=5000)
    assert panel.label_gate.text() == (
        f"Walk/run schedule: Return to run confirmed by Dr Amira Ahmed on {TODAY.isoformat()}.")
    row = panel.table.item(0, 4).text()
    assert row == "Return to run confirmed by Dr Amira Ahmed: Walks 30 min pain-free; L5 power recovered"

    window.chart.tabs.setCurrentWidget(handouts)
    qtbot.mouseClick(handouts.btn_preview, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: handouts.preview is not None and handouts.preview.page_count > 0, timeout=15000)


def test_print_queue_names_the_refusal(qtbot: QtBot, window: MainWindow, plan_tab: PlanTab) -> None:
    patient_id = plan_tab.episode.patient_id  # type: ignore[union-attr]
    dialog = print_queue.PrintQueueDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.patient_ids() == [patient_id], timeout=5000)  # seen today
    for kind, box in dialog.kind_boxes.items():
        box.setChecked(kind is HandoutKind.RETURN_TO_RUN)
    qtbot.mouseClick(dialog.btn_generate, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=30000)
    (problem,) = dialog.outcome.problems  # type: ignore[union-attr]
    assert "was not made: Return to run has not started: the plan is in phase 1 Protect / settle" in problem
    assert not dialog.outcome.documents  # type: ignore[union-attr]
