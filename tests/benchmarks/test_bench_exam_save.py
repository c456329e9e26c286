"""One exam save performs at most one read: the tab applies the version it saved, and no view
reloads for a change the exam tab itself made."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.benchmarks.benchlib import Bench, close, open_listed, sign_in, wait_for, wait_idle
from tests.ui.select_counter import selects_after_commit

SAVES = 5


def _draft_visit(database: Path) -> tuple[int, int]:
    """A patient with the most visits whose newest visit in an open episode is still a draft."""
    conn = sqlite3.connect(database)
    try:
        return conn.execute(
            "SELECT v.patient_id, v.id FROM visit v JOIN episode e ON e.id = v.episode_id "
            "WHERE e.status = 'open' AND v.status = 'draft' "
            "ORDER BY (SELECT COUNT(*) FROM visit w WHERE w.patient_id = v.patient_id) DESC, "
            "v.starts_at DESC LIMIT 1").fetchone()
    finally:
        conn.close()


def test_one_exam_save_reads_at_most_once(bench: Bench, qapp: QApplication,
                                           demo_db: Callable[[int], Path], tmp_path: Path) -> None:
    database = tmp_path / "exam.sqlite3"
    shutil.copyfile(demo_db(1_000), database)
    patient, visit = _draft_visit(database)
    window = open_listed(database, tmp_path / "s.ini")
    try:
        sign_in(window)
        window.open_patient(patient)
        wait_idle(window)
        exam = window.chart.exam
        window.chart.tabs.setCurrentWidget(exam)
        exam.open_visit(visit)
        wait_idle(window)
        assert exam.view is not None and exam.view.visit_id == visit
        engine = window.ctx.services.db.engine
        counts = []
        findings = exam.form.bind.items["findings"].widget
        for n in range(SAVES):
            findings.setPlainText(f"Tender over L4-5, save {n + 1}")  # type: ignore[attr-defined]
            assert exam.is_dirty()
            with selects_after_commit(engine) as reads:
                exam.btn_save.click()
                window.ctx.writes.wait()
                while exam.is_dirty() or window.ctx.reads.busy():
                    QApplication.processEvents()
                    wait_for(window.ctx.reads.idle, window.ctx.reads.busy(), 1000)
                QApplication.processEvents()
                wait_idle(window)
            assert reads.committed, "the save committed"
            assert exam.view.version == window.ctx.services.exams.get(visit).version
            counts.append(reads.count)
        bench.at_most("Reads after one exam save (most of 5 saves)", max(counts), 1, "SELECTs")
    finally:
        close(window)
