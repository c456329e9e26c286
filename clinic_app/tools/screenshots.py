"""Regenerate the README screenshots from the real app, offscreen, on demo data.

Run with ``make screenshots`` (writes PNG files into ``docs/screenshots``).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

SECTIONS = {"intake-load.png": "Load history", "intake-symptoms.png": "Current symptoms",
            "intake-red-flags.png": "Red-flag screen"}


def _settle(app: QApplication, seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _save(widget: QWidget, target: Path) -> None:
    widget.grab().save(str(target))
    print(f"wrote {target}")


def _showcase_patient(services: object, today: date) -> int:
    """A patient whose open episode has an intake with a session log and body-chart marks."""
    from clinic_app.services.patients import PatientQuery
    from clinic_app.services.registry import Services

    assert isinstance(services, Services)
    fallback = 0
    for row in services.patients.search(PatientQuery(limit=300)).rows:
        episode = services.patients.get(row.id).open_episode
        if episode is None:
            continue
        intake = services.intake.current(episode.id).intake
        fallback = fallback or row.id
        if (intake.session_log and intake.body_marks and len(intake.weekly_history) >= 6
                and services.plans.current(episode.id).revision
                and len(services.measures.history(episode.id)) >= 3
                and not services.red_flags.status(episode.id).loading_locked
                and any(r.meets_mcid for r in services.progress.progress(row.id, episode.id)
                        .since_baseline if r.label == "ODI")):
            return row.id
    return fallback


def _save_handout_page(window: object, patient_id: int, target: Path) -> None:
    """Page 2 of the patient's home exercise programme, rendered by QtPdf."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtPdf import QPdfDocument

    from clinic_app.domain.errors import ClinicError
    from clinic_app.services.handouts import HandoutKind
    from clinic_app.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    try:
        result = window.ctx.services.handouts.render(window.ctx.require_actor(), patient_id,
                                                     HandoutKind.EXERCISES, record=False)
    except ClinicError as exc:
        print(f"no handout page: {exc}")
        return
    data = QByteArray(result.pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    page = min(1, document.pageCount() - 1)
    size = document.pagePointSize(page)
    image = document.render(page, QSize(int(size.width() * 1.3), int(size.height() * 1.3)))
    image.save(str(target))
    print(f"wrote {target}")


def main(out_dir: str = "docs/screenshots") -> int:
    """Build the window over a demo database and save screenshots of its main views."""
    from clinic_app.app import build, open_database
    from clinic_app.services.context import Actor
    from clinic_app.services.demo import generate_demo
    from clinic_app.services.registry import Services

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    today = date.today()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.sqlite3'}"
        db = open_database(url)
        services = Services.over(db)
        user = services.users.create_first_clinician("aahmed", "Dr Amira Ahmed", "clinic-1")
        generate_demo(db, Actor(user.id, user.display_name, user.role, "clinic-1"), 300,
                      today=today, seed=7)
        patient_id = _showcase_patient(services, today)
        db.dispose()
        window = build(url, Path(tmp) / "settings.ini")
        window.resize(1400, 880)
        window.show()
        window.start()
        _settle(app)
        window.patient_list.select_patient(patient_id)
        window.open_patient(patient_id)
        _settle(app, 1.0)
        _save(window, out / "main-window.png")
        chart = window.chart
        chart.tabs.setCurrentWidget(chart.intake)
        for name, section in SECTIONS.items():
            chart.intake.show_section(section)
            _settle(app)
            _save(window, out / name)
        for name, tab in (("exam.png", chart.exam), ("measures.png", chart.measures),
                          ("plan.png", chart.plan), ("progress.png", chart.progress)):
            chart.tabs.setCurrentWidget(tab)
            _settle(app, 1.5)
            _save(window, out / name)
        chart.tabs.setCurrentWidget(chart.notes)
        chart.notes.table_visits.selectRow(0)
        _settle(app)
        _save(window, out / "notes.png")
        _save_handout_page(window, patient_id, out / "handout-page.png")
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
