"""C9 on screen: the Measures form scores the ODI live with the practice's ``odi_max_missing``."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pytestqt.qtbot import QtBot

from clinic_app.domain.patients import VisitKind
from clinic_app.services.context import Actor
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.views.measures.measures_tab import MeasuresTab
from tests.conftest import TODAY, make_draft


def _open(qtbot: QtBot, window: MainWindow) -> MeasuresTab:
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(), TODAY).created_id or 0
    ep = s.care.open_episode(me, pid, date(2026, 11, 1), "LBP", TODAY).created_id or 0
    s.care.create_visit(me, ep, datetime(2026, 11, 2, 9, tzinfo=UTC), VisitKind.INITIAL)
    window.open_patient(pid)
    tab = window.chart.measures
    window.chart.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.view is not None, timeout=5000)
    return tab


def _answer_nine(qtbot: QtBot, tab: MeasuresTab) -> None:
    for combo in tab.odi.combos[:7] + tab.odi.combos[8:]:  # section 8 (sex life) left unanswered
        combo.setFocus()
        qtbot.keyClicks(combo, "2")


@pytest.mark.parametrize(("limit", "shown"), [
    (None, "ODI 40.0% — moderate disability (9/10 answered)"),
    (0, "ODI: too many sections unanswered to score (9/10 answered; the practice allows 0 unanswered)"),
])
def test_live_odi_score_uses_the_practice_limit(qtbot: QtBot, window: MainWindow, admin: Actor,
                                                limit: int | None, shown: str) -> None:
    if limit is not None:  # the practice administrator sets it
        window.ctx.services.clinical_settings.save(admin, {"odi_max_missing": limit})
    tab = _open(qtbot, window)
    _answer_nine(qtbot, tab)
    assert tab.odi.label_score.text() == shown
