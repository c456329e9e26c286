"""``stride-clinic handout --kind return-to-performance``: refused in plain words before phase 4,
written and kept in the chart from phase 4."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from clinic_app.cli import main
from clinic_app.domain.rehab.exercises import RehabPhase
from clinic_app.domain.rehab.plans import Plan
from clinic_app.persistence.db import Database
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft


def test_return_to_performance_from_the_command_line(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    assert main(["--database", url, "demo", "--patients", "1"]) == 0
    db = Database.from_url(url)
    try:
        services = Services.over(db)
        user = services.users.list_users()[0]
        actor = Actor(user.id, user.display_name, user.role, "t")
        pid = services.patients.create(actor, make_draft(), TODAY).created_id or 0
        chart = services.patients.get(pid).chart_label
        episode = services.care.open_episode(actor, pid, TODAY, "LBP", TODAY).created_id or 0
        services.plans.save(actor, episode, Plan(RehabPhase.RETURN_TO_RUN), 0)
    finally:
        db.dispose()
    out = tmp_path / "rtp.pdf"
    args = ["--database", url, "handout", "--patient", chart, "--kind", "return-to-performance",
            "--out", str(out)]
    assert main(args) == 1
    assert "No return-to-performance sheet printed for Zoë O'Brien: the plan is in phase 3 Return " \
           "to run." in capsys.readouterr().err
    assert not out.exists()

    db = Database.from_url(url)
    try:
        Services.over(db).plans.save(actor, episode, Plan(RehabPhase.RETURN_TO_PERFORMANCE), 1)
    finally:
        db.dispose()
    assert main(args) == 0
    assert "Return to full running" in capsys.readouterr().out
    text = " ".join((PdfReader(str(out)).pages[0].extract_text() or "").split())
    assert "The order: distance first, then speed, then hills" in text
