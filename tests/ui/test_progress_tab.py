"""The Progress tab inside the chart: plotted values equal what was saved."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pytestqt.qtbot import QtBot

from clinic_app.domain.measures.outcomes import NprsValues, VisitMeasures
from clinic_app.domain.patients import VisitKind
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.plots.prepare import to_day
from tests.conftest import TODAY, make_draft


def test_progress_tab_plots_the_saved_measures(qtbot: QtBot, window: MainWindow) -> None:
    s, me = window.ctx.services, window.ctx.require_actor()
    pid = s.patients.create(me, make_draft(), TODAY).created_id or 0
    ep = s.care.open_episode(me, pid, date(2026, 10, 1), "LBP", TODAY).created_id or 0
    for i, (pain, odi_sum) in enumerate([(7, 20), (5, 14), (3, 8)]):
        visit = s.care.create_visit(me, ep, datetime(2026, 10, 1 + 7 * i, 10, tzinfo=UTC),
                                    VisitKind.FOLLOW_UP).created_id or 0
        odi = tuple([2] * (odi_sum // 2) + [0] * (10 - odi_sum // 2))
        s.measures.save(me, visit, VisitMeasures(NprsValues(back_now=pain), odi), 0, TODAY)
    window.open_patient(pid)
    qtbot.waitUntil(lambda: window.chart.details is not None, timeout=5000)
    window.chart.tabs.setCurrentWidget(window.chart.progress)
    tab = window.chart.progress
    qtbot.waitUntil(lambda: tab.view is not None and not tab.view.is_loading()
                    and not tab.view.is_empty(), timeout=10000)
    xs, ys = tab.view.plotted("odi")  # type: ignore[union-attr]
    assert ys == [40.0, 28.0, 16.0]
    assert xs[0] == to_day(date(2026, 10, 1))
    assert tab.view.plotted("nprs_back")[1] == [7.0, 5.0, 3.0]  # type: ignore[union-attr]
    assert tab.view.levels("nprs_back") == (7.0, 5.0)  # type: ignore[union-attr]
