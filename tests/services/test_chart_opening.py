"""Opening a chart: the patient, the visit list and the episode summary in one read."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event

from clinic_app.domain.intake.record import Intake
from clinic_app.domain.patients import NoteStatus, Role, VisitKind
from clinic_app.domain.safety.red_flags import RedFlagItem
from clinic_app.services.care import SoapText, _summary
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft


@pytest.fixture
def patient_id(services: Services, clinician: Actor) -> int:
    pid = services.patients.create(clinician, make_draft(), TODAY).created_id or 0
    ep = services.care.open_episode(clinician, pid, date(2026, 10, 1), "LBP after marathon", TODAY)
    for day, soap in ((2, SoapText(subjective="\n  Sore back after 20 km\r\nworse downhill",
                                   plan="Core programme")),
                      (9, SoapText(objective="SLR negative both sides")),
                      (16, SoapText(assessment="Improving: " + "x" * 200, subjective="ignored")),
                      (23, SoapText())):
        visit = services.care.create_visit(clinician, ep.created_id or 0,
                                           datetime(2026, 10, day, 9, 30, tzinfo=UTC),
                                           VisitKind.FOLLOW_UP if day > 2 else VisitKind.INITIAL)
        note = services.care.get_note(visit.created_id or 0)
        services.care.save_draft(clinician, note.id, soap, note.version)
    return pid


def test_visit_list_shows_the_first_line_of_the_first_written_section(
        services: Services, patient_id: int) -> None:
    visits = services.care.list_visits(patient_id)
    assert [v.starts_at.day for v in visits] == [23, 16, 9, 2]  # newest first
    assert [v.summary for v in visits] == [
        "", "Improving: " + "x" * 109,  # assessment first, cut at 120 characters
        "SLR negative both sides",      # objective when nothing else is written
        "Sore back after 20 km",        # leading blank lines dropped, first line only
    ]
    assert [v.kind for v in visits][-1] is VisitKind.INITIAL
    assert {v.status for v in visits} == {NoteStatus.DRAFT}
    assert {v.clinician for v in visits} == {"Dr Amira Ahmed"}


def test_open_chart_reads_what_the_single_reads_return(services: Services,
                                                       patient_id: int) -> None:
    opening = services.summaries.open_chart(patient_id, TODAY)
    details = services.patients.get(patient_id)
    assert opening.details == details
    assert opening.visits == services.care.list_visits(patient_id)
    episode = details.shown_episode
    assert episode is not None and episode.visit_count == 4
    assert opening.summary == services.summaries.episode_summary(
        episode.id, details.draft.birth_date or TODAY, TODAY)
    assert opening.summary is not None and "No red flags" not in opening.summary.summary


@pytest.mark.parametrize(("text", "summary"), [
    ("  Hip ache after hills  ", "Hip ache after hills"),    # one short line, trimmed
    ("Hip ache\u2028worse on stairs", "Hip ache"),           # any line break ends the line
    ("Tight\tcalves", "Tight\tcalves"),                      # a tab is not a line break
    ("y" * 130, "y" * 120),
])
def test_a_visit_summary_is_the_trimmed_first_line(text: str, summary: str) -> None:
    assert _summary(text) == summary


def test_open_chart_names_each_author_and_reads_the_names_once(
        services: Services, clinician: Actor, admin: Actor, patient_id: int) -> None:
    services.users.create_user(admin, "lee", "Sam Lee", Role.CLINICIAN)
    lee_id = next(u.id for u in services.users.list_users() if u.display_name == "Sam Lee")
    lee = Actor(lee_id, "Sam Lee", Role.CLINICIAN, "ws-2")
    episode = services.patients.get(patient_id).shown_episode
    assert episode is not None
    services.intake.save(lee, episode.id, Intake(runs_per_week=3), 0, TODAY)
    services.red_flags.record_screen(clinician, episode.id, {RedFlagItem.CE1: False})
    statements: list[str] = []
    listen = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(services.db.engine, "before_cursor_execute", listen)
    try:
        opening = services.summaries.open_chart(patient_id, TODAY)
    finally:
        event.remove(services.db.engine, "before_cursor_execute", listen)
    assert opening.details.updated_by == "Dr Amira Ahmed"
    assert opening.summary is not None
    assert opening.summary.red_flags.last_screen is not None
    assert opening.summary.red_flags.last_screen.screened_by == "Dr Amira Ahmed"
    assert services.intake.current(episode.id).saved_by == "Sam Lee"
    assert {v.clinician for v in opening.visits} == {"Dr Amira Ahmed"}
    assert sum("FROM app_user" in s for s in statements) == 1
    # the patient, episodes, names, visits (their count per episode too), intake, open flags,
    # last screen, measures and the practice's scoring settings: nothing read twice
    assert sum(s.lstrip().upper().startswith("SELECT") for s in statements) == 9


def test_open_chart_without_an_episode_has_no_summary(services: Services,
                                                      clinician: Actor) -> None:
    pid = services.patients.create(clinician, make_draft(), TODAY).created_id or 0
    opening = services.summaries.open_chart(pid, TODAY)
    assert opening.details.id == pid and opening.visits == [] and opening.summary is None


def test_reads_inside_one_read_share_a_session_and_writes_do_not(services: Services,
                                                                 clinician: Actor) -> None:
    db = services.db
    with db.one_read():
        with db.reading() as first, db.reading() as second:
            assert first is second
        with db.one_read(), db.reading() as nested:
            assert nested is first  # a nested scope is the same read
        pid = services.patients.create(clinician, make_draft(), TODAY).created_id
        assert pid is not None  # the write committed in its own transaction
    assert first.get_transaction() is None  # closed with the scope
    with db.reading() as after:
        assert after is not first
