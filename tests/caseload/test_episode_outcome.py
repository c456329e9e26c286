"""The caseload summaries stay exact: after every kind of write, after the demo generator, an
erasure and the migration's back-fill, ``episode_outcome`` equals a from-scratch rebuild from the
records and ``episode_outcome_month`` the counts of its rows' facts (SQLite and, in CI,
PostgreSQL); the month sums give the same figures as counting every episode."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from alembic import command
from sqlalchemy import select, text, true, union_all

from clinic_app.demo.generator import generate_demo
from clinic_app.domain.appointments import AppointmentStatus, AppointmentType
from clinic_app.domain.exam.record import ExamRecord, Slump
from clinic_app.domain.exam.rules import TestOutcome
from clinic_app.domain.intake.record import Effect, Factor, Intake
from clinic_app.domain.measures.outcomes import NprsValues, VisitMeasures
from clinic_app.domain.patients import DischargeReason, VisitKind
from clinic_app.domain.rehab.return_to_run import SessionReport
from clinic_app.persistence.db import Database
from clinic_app.persistence.migrate import KNOWN_REVISIONS, alembic_config
from clinic_app.persistence.models import EpisodeOutcome, EpisodeOutcomeMonth
from clinic_app.services.care import SoapText
from clinic_app.services.caseload_sql import covered_months, indicators_statement
from clinic_app.services.caseload_sql_base import Selection
from clinic_app.services.context import Actor
from clinic_app.services.episode_outcome import odi_limit
from clinic_app.services.episode_outcome_month import facts
from clinic_app.services.episode_outcome_sql import OUTCOME_COLUMNS, outcome_rows
from clinic_app.services.registry import Services
from tests.caseload.practice import ALL_NO, Built, _sij
from tests.conftest import TODAY, make_draft

Rows = dict[int, tuple[Any, ...]]


def _clean(row: Any) -> tuple[Any, ...]:
    return tuple(round(float(v), 9) if isinstance(v, float) else
                 (int(v) if isinstance(v, bool) else v) for v in row)


def _stored(db: Database) -> Rows:
    with db.reading() as s:
        rows = s.execute(select(*(EpisodeOutcome.__table__.c[n] for n in OUTCOME_COLUMNS))).all()
    return {r[0]: _clean(r) for r in rows}


def _rebuilt(db: Database) -> Rows:
    with db.reading() as s:
        rows = s.execute(outcome_rows(db.backend, true(), odi_limit(s))).all()
    return {r[0]: _clean(r) for r in rows}


def _months(db: Database) -> tuple[dict[tuple[Any, ...], int], dict[tuple[Any, ...], int]]:
    """The stored month counts, and the same counted again from the summary rows."""
    with db.reading() as s:
        stored = {(m, k, round(v, 9)): n for m, k, v, n in s.execute(
            select(EpisodeOutcomeMonth.month, EpisodeOutcomeMonth.key, EpisodeOutcomeMonth.value,
                   EpisodeOutcomeMonth.n))}
        every = union_all(*facts(EpisodeOutcome.__table__)).subquery()
        counted: dict[tuple[Any, ...], int] = {}
        for day, key, value in s.execute(select(every.c.start_date, every.c.key, every.c.value)):
            found = (date(day.year, day.month, 1), key, round(value, 9))
            counted[found] = counted.get(found, 0) + 1
    return stored, counted


def _consistent(db: Database) -> Rows:
    stored = _stored(db)
    assert stored == _rebuilt(db)
    months, counted = _months(db)
    assert months == counted
    return stored


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def test_the_constructed_practice_is_summarised_exactly(services: Services, practice: Built) -> None:
    rows = _consistent(services.db)
    assert set(rows) == set(practice.episodes.values())


def test_every_kind_of_write_keeps_the_summary_exact(services: Services, clinician: Actor,
                                                     admin: Actor) -> None:
    db = services.db
    start = date(2026, 10, 1)
    pid = services.patients.create(clinician, make_draft(given_name="Eve", family_name="Runner",
                                                         birth_date=date(1970, 4, 4)),
                                   TODAY).created_id or 0
    steps: list[str] = []

    def changed(step: str, episode: int) -> None:
        """The write changed the episode's row, and every row equals a rebuild."""
        nonlocal before
        after = _consistent(db).get(episode)
        assert after != before, step
        steps.append(step)
        before = after

    before: tuple[Any, ...] | None = None
    eid = services.care.open_episode(clinician, pid, start, "Back pain", TODAY).created_id or 0
    changed("episode opened", eid)
    first = services.care.create_visit(clinician, eid, _at(start), VisitKind.INITIAL).created_id or 0
    changed("visit created", eid)
    odi_gaps = (2,) * 7 + (None,) * 3  # scored only when 3 missing sections are allowed
    services.measures.save(clinician, first, VisitMeasures(NprsValues(back_now=6), odi_gaps), 0,
                           TODAY)
    changed("baseline measured", eid)
    second = services.care.create_visit(clinician, eid, _at(start + timedelta(days=14)),
                                        VisitKind.FOLLOW_UP).created_id or 0
    changed("second visit", eid)
    services.measures.save(clinician, second, VisitMeasures(NprsValues(back_now=2), (1,) * 10), 0,
                           TODAY)
    changed("follow-up measured", eid)
    services.measures.save(clinician, second, VisitMeasures(NprsValues(back_now=3), (1,) * 10), 1,
                           TODAY)
    changed("measures corrected", eid)
    services.exams.save(clinician, first, ExamRecord(sij=_sij(3)), set(), 0)
    changed("exam saved", eid)
    services.exams.save(clinician, first, ExamRecord(slump=Slump(TestOutcome.POSITIVE)), set(), 1)
    changed("exam corrected", eid)
    services.intake.save(clinician, eid, Intake(factors={Factor.WALKING: Effect.WORSE}), 0, TODAY)
    changed("intake saved", eid)
    services.red_flags.record_screen(clinician, eid, ALL_NO, visit_id=first)
    changed("red-flag screen", eid)
    services.plans.log_run_session(clinician, eid, start + timedelta(days=3), SessionReport(2, 1, 1),
                                   TODAY)
    changed("walk/run session", eid)
    details = services.patients.get(pid)
    draft = make_draft(given_name="Eve", family_name="Runner", birth_date=date(1995, 4, 4))
    services.patients.update(clinician, pid, draft, details.version, TODAY)
    changed("birth date corrected", eid)
    services.clinical_settings.save(admin, {"odi_max_missing": 3})
    changed("ODI limit changed", eid)
    services.care.save_draft(clinician, first, SoapText("Back pain", "", "", ""),
                             services.care.get_note(first).version)
    services.care.sign(clinician, first, services.care.get_note(first).version)
    assert _consistent(db)[eid] == before  # writing and signing the note change no figure
    version = next(e.version for e in services.patients.get(pid).episodes if e.id == eid)
    services.care.discharge_episode(clinician, eid, start + timedelta(days=14),
                                    DischargeReason.GOALS_MET, version, TODAY)
    changed("discharged", eid)
    # The front desk starts a session from the diary: the visit opens in the open episode.
    other = services.care.open_episode(clinician, pid, TODAY, "Flare-up", TODAY).created_id or 0
    before = _consistent(db)[other]
    at = datetime.combine(TODAY, time(14)).astimezone()
    appointment = services.appointments.book(admin, pid, clinician.user_id, at,
                                             AppointmentType.FOLLOW_UP).created_id or 0
    services.appointments.set_status(admin, appointment, 1, AppointmentStatus.ARRIVED)
    services.appointments.set_status(admin, appointment, 2, AppointmentStatus.IN_SESSION)
    changed("visit opened from the diary", other)
    assert len(steps) == 15


def test_an_erased_patients_rows_go_with_the_episodes(services: Services, clinician: Actor,
                                                      admin: Actor, practice: Built) -> None:
    long_ago = date(2015, 3, 1)
    pid = services.patients.create(admin, make_draft(given_name="Old", family_name="Runner",
                                                     birth_date=date(1970, 1, 2)),
                                   long_ago).created_id or 0
    eid = services.care.open_episode(admin, pid, long_ago, "Back pain", TODAY).created_id or 0
    services.care.create_visit(admin, eid, _at(long_ago), VisitKind.INITIAL)
    assert eid in _consistent(services.db)
    assert services.erasure.request(admin, pid, "Letter from the patient", TODAY).erased
    rows = _consistent(services.db)
    assert eid not in rows and set(rows) == set(practice.episodes.values())


def test_demo_data_and_the_migrations_back_fill_are_summarised_exactly(
        services: Services, clinician: Actor, admin: Actor, practice: Built) -> None:
    db = services.db
    generate_demo(db, admin, 40, today=TODAY)
    rows = _consistent(db)
    assert len(rows) > 40 and any(r[OUTCOME_COLUMNS.index("nprs_back_base")] is not None
                                  for r in rows.values())
    # The month sums stand in for whole months exactly: the same figures as from every episode.
    latest = max(r[1] for r in rows.values())
    for start, end in ((latest - timedelta(days=364), latest), (date(2000, 1, 1), latest),
                       (date(latest.year - 1, 3, 15), date(latest.year, 2, 28))):
        selection = Selection(start, end)
        with db.reading() as s:
            months = covered_months(s, selection)
            assert months is not None
            summed = sorted(map(tuple, s.execute(indicators_statement(selection, months))))
            counted = sorted(map(tuple, s.execute(indicators_statement(selection, None))))
        assert summed == counted
    config = alembic_config(db.engine)
    command.downgrade(config, KNOWN_REVISIONS[-2])
    command.upgrade(config, "head")
    assert _consistent(db) == rows
    with db.reading() as s:
        assert s.execute(text("SELECT count(*) FROM episode_outcome")).scalar() == len(rows)
