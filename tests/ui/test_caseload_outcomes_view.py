"""Practice → Outcomes…: filters change the figures; the CSV and the PDF say the same figures."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from clinic_app.domain.caseload import Presentation
from clinic_app.domain.patients import Role
from clinic_app.services.context import Actor
from clinic_app.services.users import add_user_row
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.views.practice.outcomes_view import OutcomesDialog
from tests.caseload.practice import build_practice
from tests.reports.pdf_helpers import pdf_text

pytestmark = pytest.mark.gui


def _settled(qtbot: QtBot, dialog: OutcomesDialog, start: date | None = None) -> None:
    def done() -> bool:
        report = dialog.report
        return (not dialog.busy() and not dialog._timer.isActive() and report is not None
                and (start is None or report.filter.start == start))
    qtbot.waitUntil(done, timeout=15000)


@pytest.fixture
def dialog(qtbot: QtBot, window: MainWindow) -> OutcomesDialog:
    services = window.ctx.services
    me = window.ctx.require_actor()
    with services.db.writing() as s:
        other = add_user_row(s, "boss", "Pat Admin", Role.ADMIN)
        s.flush()
        other_actor = Actor(other.id, "Pat Admin", Role.ADMIN, "ws-test")
    build_practice(services, me, other_actor)
    assert window.outcomes.act_outcomes.isVisible()
    window.outcomes.act_outcomes.trigger()
    opened = window.outcomes.dialog
    assert opened is not None
    _settled(qtbot, opened)
    return opened


def test_inputs_are_named_by_their_labels(qtbot: QtBot, dialog: OutcomesDialog) -> None:
    from clinic_app.tools.a11y_audit import audit

    dialog.resize(1366, 768)
    qtbot.wait(20)
    assert [str(p) for p in audit(dialog, "dialog-outcomes")] == []


def test_filters_change_the_figures(qtbot: QtBot, dialog: OutcomesDialog) -> None:
    # The last twelve months hold the August episode too.
    assert dialog.summary_values["Episodes"].text() == "7"
    dialog.edit_from.setDate(QDate(2026, 9, 1))
    _settled(qtbot, dialog, date(2026, 9, 1))
    assert dialog.summary_values["Episodes"].text() == "6"
    assert dialog.summary_values["Discharged"].text() == "3 of 6 (50%)"
    back = [dialog.model.index(0, c).data() for c in range(dialog.model.columnCount())]
    assert back[0] == "Pain (back)" and back[6] == "3 of 5 (60%)" and back[8] == "+2.0"
    leg = [dialog.model.index(1, c).data() for c in range(dialog.model.columnCount())]
    assert leg[5] == "1" and leg[6] == "1 of 1: too few episodes to compare"
    assert "had items not asked" in dialog.summary_values["Red-flag screens"].text()
    assert dialog.charts is not None and dialog.charts.shown_reached == {"nprs_back": 60.0}
    dialog.combo_presentation.setCurrentIndex(dialog.combo_presentation.findData(Presentation.SIJ))
    qtbot.waitUntil(lambda: dialog.report is not None and dialog.report.episodes == 1
                    and not dialog.busy(), timeout=15000)
    assert "too few episodes to compare" in dialog.label_status.text()
    assert dialog.charts.shown_reached == {}


def test_csv_and_pdf_say_the_figures(qtbot: QtBot, dialog: OutcomesDialog, tmp_path: Path) -> None:
    dialog.edit_from.setDate(QDate(2026, 9, 1))
    _settled(qtbot, dialog, date(2026, 9, 1))
    target = tmp_path / "outcomes.csv"
    dialog.choose_path = lambda *_args: str(target)
    dialog.btn_csv.click()
    qtbot.waitUntil(lambda: "Saved to" in dialog.label_status.text(), timeout=15000)
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["Selection", "Episodes started 2026-09-01 to 2026-11-25 · all clinicians · "
                       "all presentations · any STarT Back group"]
    assert ["Episodes", "6"] in rows
    back = next(r for r in rows if r and r[0] == "Pain (back)")
    assert back[2:] == ["6 of 6 (100%)", "3 of 3", "5", "0", "3 of 5 (60%)", "60", "+2.0"]
    pdf = tmp_path / "outcomes.pdf"
    dialog.choose_path = lambda *_args: str(pdf)
    dialog.label_status.clear()
    dialog.btn_pdf.click()
    qtbot.waitUntil(lambda: "Saved to" in dialog.label_status.text(), timeout=30000)
    text = " ".join(pdf_text(pdf).split())
    assert "Caseload outcomes" in text
    assert "3 of 5 (60%)" in text and "6 of 6 (100%)" in text
    assert "5 of 6 episodes had a baseline and a later measurement" in text
    assert "had items not asked (13 items in all)" in text
