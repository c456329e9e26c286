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


def _settle(app: QApplication, seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _save(widget: QWidget, target: Path) -> None:
    widget.grab().save(str(target))
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
        db.dispose()
        window = build(url, Path(tmp) / "settings.ini")
        window.resize(1400, 860)
        window.show()
        window.start()
        _settle(app)
        window.patient_list.edit_search.setText("ma")
        _settle(app)
        model = window.patient_list.model
        target = next((r for r in range(model.rowCount())
                       if model.row_at(r).preferred_name == "" and not model.row_at(r).archived), 0)
        window.patient_list.select_patient(model.row_at(target).id)
        _settle(app)
        _save(window, out / "main-window.png")
        window.chart.tabs.setCurrentWidget(window.chart.notes)
        window.chart.notes.table_visits.selectRow(0)
        _settle(app)
        _save(window, out / "notes.png")
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
