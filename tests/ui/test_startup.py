"""Start-up stays lean: nothing heavy is imported before the patient list is shown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from clinic_app.persistence.db import Database
from clinic_app.persistence.migrate import upgrade_to_head
from clinic_app.services.registry import Services

_PROBE = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from clinic_app.app import build
window = build(sys.argv[1], settings_path=__import__("pathlib").Path(sys.argv[2]))
window.show()
app.processEvents()
heavy = [m for m in ("reportlab", "pyqtgraph", "alembic", "numpy", "svglib", "uharfbuzz",
                     "clinic_app.ui.views.chart_view") if m in sys.modules]
print("heavy:", ",".join(heavy))
"""


def _prepared(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    db = Database.from_url(url)
    upgrade_to_head(db.engine)
    services = Services.over(db)
    services.users.create_first_clinician("ahmed", "Dr Amira Ahmed", "ws-test")
    db.dispose()
    return url


def _env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def test_main_window_opens_without_reportlab_pyqtgraph_alembic_or_the_chart(
        tmp_path: Path) -> None:
    url = _prepared(tmp_path)
    out = subprocess.run([sys.executable, "-c", _PROBE, url, str(tmp_path / "s.ini")],
                         capture_output=True, text=True, timeout=120, env=_env(), check=True)
    assert "heavy: \n" in out.stdout


def test_startup_check_reports_the_patient_list_and_exits(tmp_path: Path) -> None:
    url = _prepared(tmp_path)
    out = subprocess.run([sys.executable, "-m", "clinic_app", "--database", url, "--settings",
                          str(tmp_path / "s.ini"), "--startup-check"],
                         capture_output=True, text=True, timeout=120, env=_env(), check=True)
    assert out.stdout.startswith("Patient list shown (0 rows) ")
    assert " s after start" in out.stdout
