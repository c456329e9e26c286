"""Measures tab: scores appear as they are typed, saved values match the domain core, the
STarT Back risk reaches the chart header, and a licensed text pack replaces the short labels."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from clinic_app.domain.measures.scoring import score_odi
from clinic_app.domain.measures.startback import StartBackRisk
from clinic_app.domain.patients import VisitKind
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.views.measures.measures_tab import ActivitiesDialog, MeasuresTab
from tests.conftest import TODAY, make_draft
from tests.domain.test_domain_outcomes import PACK
from tests.ui.conftest import DialogDriver, MessageBoxes
from tests.ui.screen import button, field, shown


@pytest.fixture
def measures_tab(qtbot: QtBot, window: MainWindow) -> MeasuresTab:
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(), TODAY).created_id or 0
    ep = s.care.open_episode(me, pid, date(2026, 11, 1), "LBP", TODAY).created_id or 0
    s.care.create_visit(me, ep, datetime(2026, 11, 2, 9, tzinfo=UTC), VisitKind.INITIAL)
    window.open_patient(pid)
    tab = window.chart.measures
    window.chart.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.view is not None, timeout=5000)
    return tab


def test_scores_appear_as_typed_and_saved_scores_match_the_domain_core(
    qtbot: QtBot, window: MainWindow, measures_tab: MeasuresTab, dialogs: DialogDriver
) -> None:
    tab = measures_tab
    qtbot.keyClicks(tab.nprs.edits["back_now"], "6")
    qtbot.keyClicks(tab.nprs.edits["leg_now"], "4")
    for combo, score in zip(tab.odi.combos, (2, 2, 2, 2, 2, 2, 1, 1, 1, 1), strict=True):
        combo.setFocus()
        qtbot.keyClicks(combo, str(score))
    assert tab.odi.label_score.text() == "ODI 32.0% — moderate disability (10/10 answered)"
    for n in (1, 4, 9):  # click on the box itself, as a user does
        item = tab.rmdq.items[n - 1]
        qtbot.mouseClick(item, Qt.MouseButton.LeftButton, pos=QPoint(8, item.height() // 2))
    assert tab.rmdq.label_score.text() == "RMDQ 3/24"

    def activities(dialog: QDialog) -> None:
        assert isinstance(dialog, ActivitiesDialog)
        for edit, name in zip(dialog.edits, ["Run 10 km", "Sit 1 hour", "Lift my child"],
                              strict=False):
            qtbot.keyClicks(edit, name)
        qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)

    dialogs.handlers.append(activities)
    qtbot.mouseClick(tab.psfs.btn_activities, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(tab.psfs.edits) == 3, timeout=5000)
    for edit, rating in zip(tab.psfs.edits, ("3", "5", "4"), strict=True):
        qtbot.keyClicks(edit, rating)
    assert tab.psfs.label_score.text() == "PSFS 4.00"
    for n in (5, 6, 7, 8):
        box = tab.startback.items[n - 1]
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    item9 = tab.startback.combo_item9
    assert item9.currentData() is None  # not answered until chosen
    assert tab.startback.label_score.text() == "STarT Back: answer item 9 to score"
    item9.setCurrentIndex(item9.findData("very_much"))
    assert "HIGH risk: Psychologically informed physiotherapy" in tab.startback.label_score.text()

    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.view is not None and tab.view.exists, timeout=5000)
    saved = window.ctx.services.measures.get(tab.view.visit_id)  # type: ignore[union-attr]
    assert saved.scores.odi == score_odi((2, 2, 2, 2, 2, 2, 1, 1, 1, 1))
    assert (saved.scores.rmdq, saved.scores.psfs) == (3, 4.0)
    assert saved.scores.startback is not None
    assert saved.scores.startback.risk is StartBackRisk.HIGH
    assert saved.measures.nprs.back_now == 6 and saved.measures.nprs.leg_now == 4
    qtbot.waitUntil(lambda: "STarT Back high risk" in window.chart.header.text(), timeout=5000)


def test_out_of_range_pain_is_refused_with_a_message(qtbot: QtBot, measures_tab: MeasuresTab) -> None:
    """The message stands under the pain scores and names the field as the grid labels it."""
    worst = field(measures_tab, "Back, Worst in 24 h")
    qtbot.keyClicks(worst, "12")
    qtbot.mouseClick(button(measures_tab, "Save measures"), Qt.MouseButton.LeftButton)
    messages = shown(measures_tab, "Pain (NPRS 0-10) messages")
    qtbot.waitUntil(lambda: messages.isVisibleTo(measures_tab), timeout=5000)
    assert messages.text() == "Back, Worst in 24 h: Pain scores are whole numbers 0–10 (got 12)."
    assert worst.accessibleDescription() == "Pain scores are whole numbers 0–10 (got 12)."
    status = shown(measures_tab, "Measures status").text()
    assert status.startswith("Not saved") and "nprs" not in status and "back_worst" not in status
    assert not measures_tab._ctx.services.measures.get(measures_tab.view.visit_id).exists  # type: ignore[union-attr]


def test_psfs_with_six_activities_is_refused(qtbot: QtBot, measures_tab: MeasuresTab,
                                             dialogs: DialogDriver) -> None:
    attempts: list[str] = []

    def six(dialog: QDialog) -> None:
        assert isinstance(dialog, ActivitiesDialog)
        assert len(dialog.edits) == 5  # the form itself offers at most five
        for edit, name in zip(dialog.edits, ["A", "B"], strict=False):
            qtbot.keyClicks(edit, name)
        dialog.accept()

    def check_then_cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, ActivitiesDialog)
        attempts.append(dialog.label_error.text())
        dialog.reject()

    dialogs.handlers.extend([six, check_then_cancel])
    measures_tab.edit_activities()
    qtbot.waitUntil(lambda: len(attempts) == 1, timeout=5000)  # refused by the service, shown again
    assert "Name 3 to 5 activities (got 2)" in attempts[0]
    assert measures_tab._ctx.services.measures.psfs_series(measures_tab.view.episode_id) is None  # type: ignore[union-attr]


def test_text_pack_replaces_short_labels(qtbot: QtBot, window: MainWindow, measures_tab: MeasuresTab,
                                         tmp_path: Path, message_boxes: MessageBoxes) -> None:
    assert measures_tab.odi.labels[2].text() == "3. Lifting"
    pack = tmp_path / "pack.json"
    pack.write_text(json.dumps(PACK), encoding="utf-8")
    window.load_text_pack(str(pack))
    assert measures_tab.odi.labels[2].text() == "3. Section 3"
    assert measures_tab.odi.combos[0].itemText(6) == "5: S1 option 5"
    assert "licence 1234" in measures_tab.label_text.text()
    bad = tmp_path / "bad.json"
    bad.write_text("{\"format\": \"nope\"}", encoding="utf-8")
    window.load_text_pack(str(bad))
    assert message_boxes.shown[-1][0] == "warning" and "format" in message_boxes.shown[-1][2]
    assert measures_tab.odi.labels[2].text() == "3. Section 3"  # the good pack stays
