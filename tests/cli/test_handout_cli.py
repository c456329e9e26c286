"""``stride-clinic handout``: writes the PDF, keeps it in the chart, clear errors with exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from clinic_app.cli import main
from clinic_app.persistence.db import Database
from clinic_app.persistence.migrate import upgrade_to_head
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    assert main(["--database", url, "demo", "--patients", "3"]) == 0
    return url


def test_handout_writes_the_pdf_and_records_it(url: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sij.pdf"
    assert main(["--database", url, "handout", "--patient", "SC-000001", "--kind", "education-sij",
                 "--out", str(out)]) == 0
    assert "Wrote" in capsys.readouterr().out
    reader = PdfReader(str(out))
    assert len(reader.pages) >= 1 and "sacroiliac" in (reader.pages[0].extract_text() or "")
    db = Database.from_url(url)
    try:
        services = Services.over(db)
        history = services.handouts.history(1)
        assert len(history) == 1 and services.handouts.reprint(history[0].id) == out.read_bytes()
    finally:
        db.dispose()


def test_handout_errors_exit_1_with_a_message(url: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    db = Database.from_url(url)
    try:
        upgrade_to_head(db.engine)
        services = Services.over(db)
        actor_user = services.users.list_users()[0]
        from clinic_app.services.context import Actor

        actor = Actor(actor_user.id, actor_user.display_name, actor_user.role, "t")
        pid = services.patients.create(actor, make_draft(), TODAY).created_id or 0
        chart = services.patients.get(pid).chart_label
        services.care.open_episode(actor, pid, TODAY, "LBP", TODAY)
    finally:
        db.dispose()
    out = tmp_path / "x.pdf"
    assert main(["--database", url, "handout", "--patient", chart, "--kind", "exercises",
                 "--out", str(out)]) == 1
    assert "has no exercise plan yet: build one on the Plan tab" in capsys.readouterr().err
    assert main(["--database", url, "handout", "--patient", "SC-999999", "--kind", "exam",
                 "--out", str(out)]) == 1
    assert "no patient with chart number SC-999999" in capsys.readouterr().err
    assert main(["--database", url, "handout", "--patient", "SC-000001", "--kind", "exam",
                 "--out", str(tmp_path / "nope" / "x.pdf")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not out.exists() and list(tmp_path.glob("*.part")) == []
