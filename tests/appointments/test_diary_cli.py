"""``stride-clinic diary export|day-sheet``: the files a script asks for, clear refusals."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest

from clinic_app.cli import main
from clinic_app.domain.appointments import AppointmentType
from clinic_app.domain.clock import FixedClock
from clinic_app.domain.patients import Role
from clinic_app.persistence.db import Database
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.appointments.helpers import at
from tests.conftest import PASSWORD, TODAY
from tests.reports.pdf_helpers import pdf_text


@pytest.fixture(autouse=True)
def _script_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRIDE_CLINIC_NEW_PASSWORD", PASSWORD)
    monkeypatch.setenv("STRIDE_CLINIC_USER", "demo")
    monkeypatch.setenv("STRIDE_CLINIC_PASSWORD", PASSWORD)


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    assert main(["--database", url, "demo", "--patients", "2"]) == 0
    db = Database.from_url(url, FixedClock(datetime(2026, 11, 25, 8, tzinfo=UTC)))
    try:
        services = Services.over(db)
        demo = next(u for u in services.users.list_users() if u.username == "demo")
        actor = Actor(demo.id, demo.display_name, Role(demo.role), "ws")
        services.appointments.book(actor, 1, demo.id, at(9), AppointmentType.INITIAL,
                                   notes="Hip & back <pain>")
        services.appointments.book(actor, 2, demo.id, at(10, days=2), AppointmentType.FOLLOW_UP)
    finally:
        db.dispose()
    return url


def test_export_a_clinicians_week(url: str, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "week.ics"
    assert main(["--database", url, "diary", "export", "--clinician", "demo",
                 "--week", TODAY.isoformat(), "--out", str(out)]) == 0
    assert "2 appointment(s) written" in capsys.readouterr().out
    events = list(icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    assert [e.decoded("dtstart") for e in events] == [at(9), at(10, days=2)]
    assert "Initial assessment" in str(events[0]["summary"])


def test_day_sheet(url: str, tmp_path: Path) -> None:
    out = tmp_path / "day.pdf"
    assert main(["--database", url, "diary", "day-sheet", "--date", TODAY.isoformat(),
                 "--out", str(out)]) == 0
    text = " ".join(pdf_text(out).split())
    assert "Whole practice" in text and "Hip & back <pain>" in text


@pytest.mark.parametrize(("args", "message"), [
    (["export", "--clinician", "nobody", "--week", "2026-11-25"], "'nobody' is not a clinician"),
    (["export", "--clinician", "demo"], "give --week YYYY-MM-DD"),
    (["export", "--patient", "SC-999999"], "no patient with chart number SC-999999"),
])
def test_refusals_exit_1_with_one_line(url: str, tmp_path: Path, args: list[str], message: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.ics"
    assert main(["--database", url, "diary", *args, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not out.exists()
