"""Two workstations saving the same record at the same moment on PostgreSQL.

Each workstation is its own ``Database`` (own engine, own connections) over the same schema. In
every interleaving both read version v and both save; exactly one save wins, the other sees
``ConflictError`` naming the winner, and what is stored is the winner's data (no silent
overwrite, no "Something went wrong").
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import event

from clinic_app.domain.clock import FixedClock
from clinic_app.domain.errors import ConflictError, RecordLocked
from clinic_app.domain.exam.record import ExamRecord
from clinic_app.domain.intake.record import Intake
from clinic_app.domain.measures.outcomes import NprsValues, VisitMeasures
from clinic_app.domain.patients import DischargeReason, Role, VisitKind
from clinic_app.domain.rehab.plans import Plan
from clinic_app.domain.safety.red_flags import RedFlagItem
from clinic_app.persistence.db import Database
from clinic_app.services.care import SoapText
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from clinic_app.services.users import add_user_row
from tests.conftest import CHEAP_HASHER, POSTGRES_URL, TODAY, make_draft

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="needs STRIDE_CLINIC_TEST_POSTGRES_URL")

ROUNDS = 4
"""Rounds per record type where the record can keep changing (alternating who goes first)."""


class Gate:
    """Holds each workstation's first write of a save until both have read: "both read v"."""

    def __init__(self) -> None:
        self.barrier: threading.Barrier | None = None
        self.armed: dict[int, bool] = {}

    def attach(self, db: Database) -> None:
        def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            word = statement.lstrip().split(" ", 1)[0].upper()
            if word in {"UPDATE", "INSERT", "DELETE"} and self.armed.get(threading.get_ident()):
                self.armed[threading.get_ident()] = False
                if self.barrier is not None:
                    with contextlib.suppress(threading.BrokenBarrierError):
                        self.barrier.wait(timeout=3)
        event.listen(db.engine, "before_cursor_execute", before)


@dataclass
class Station:
    services: Services
    actor: Actor


@pytest.fixture
def stations(database_url: str, db: Database, services: Services, clinician: Actor,
             clock: FixedClock) -> Iterator[tuple[Station, Station, Gate]]:
    with db.writing() as s:
        kim = add_user_row(s, "kim", "Kim Lee", Role.CLINICIAN).id
    other_db = Database.from_url(database_url, FixedClock(clock.now()))
    gate = Gate()
    gate.attach(db)
    gate.attach(other_db)
    a = Station(services, clinician)
    b = Station(Services.over(other_db, CHEAP_HASHER), Actor(kim, "Kim Lee", Role.CLINICIAN, "ws-2"))
    yield a, b, gate
    other_db.dispose()


@dataclass
class Chart:
    patient: int
    episode: int
    visit: int


def _chart(st: Station) -> Chart:
    svc, actor = st.services, st.actor
    pid = svc.patients.create(actor, make_draft(), TODAY).created_id or 0
    ep = svc.care.open_episode(actor, pid, date(2026, 11, 1), "LBP", TODAY).created_id or 0
    visit = svc.care.create_visit(actor, ep, datetime(2026, 11, 2, 9, tzinfo=UTC),
                                  VisitKind.INITIAL).created_id or 0
    svc.care.save_draft(actor, visit, SoapText(subjective="Back pain after a long run"),
                        svc.care.get_note(visit).version)
    return Chart(pid, ep, visit)


Read = Callable[[Services, Chart], int]
Save = Callable[[Services, Actor, Chart, int, int], object]
Stored = Callable[[Services, Chart], object]


def _episode(svc: Services, c: Chart) -> Any:
    return next(e for e in svc.patients.get(c.patient).episodes if e.id == c.episode)


def _flag(svc: Services, c: Chart) -> Any:
    status = svc.red_flags.status(c.episode)
    if not status.open_events:
        svc.red_flags.record_screen(Actor(1, "", Role.CLINICIAN, "setup"), c.episode,
                                    {RedFlagItem.CE1: True})
        status = svc.red_flags.status(c.episode)
    return status.open_events[0]


CASES: dict[str, tuple[Read, Save, Stored, int]] = {
    "patient": (lambda s, c: s.patients.get(c.patient).version,
                lambda s, a, c, v, n: s.patients.update(a, c.patient, make_draft(phone=f"0770090{n:04d}"),
                                                        v, TODAY),
                lambda s, c: s.patients.get(c.patient).draft.phone, ROUNDS),
    "visit note": (lambda s, c: s.care.get_note(c.visit).version,
                   lambda s, a, c, v, n: s.care.save_draft(a, c.visit, SoapText(subjective=f"s{n}"), v),
                   lambda s, c: s.care.get_note(c.visit).subjective, ROUNDS),
    "exam": (lambda s, c: s.exams.get(c.visit).version,
             lambda s, a, c, v, n: s.exams.save(a, c.visit, ExamRecord(palpation=f"p{n}"), set(), v),
             lambda s, c: s.exams.get(c.visit).exam.palpation, ROUNDS),
    "measures": (lambda s, c: s.measures.get(c.visit).version,
                 lambda s, a, c, v, n: s.measures.save(a, c.visit, VisitMeasures(NprsValues(back_now=n)),
                                                       v, TODAY),
                 lambda s, c: s.measures.get(c.visit).measures.nprs.back_now, ROUNDS),
    "intake": (lambda s, c: s.intake.current(c.episode).revision,
               lambda s, a, c, v, n: s.intake.save(a, c.episode, Intake(runs_per_week=n), v, TODAY),
               lambda s, c: s.intake.current(c.episode).intake.runs_per_week, ROUNDS),
    "plan": (lambda s, c: s.plans.current(c.episode).revision,
             lambda s, a, c, v, n: s.plans.save(a, c.episode, Plan(goals=f"g{n}"), v),
             lambda s, c: s.plans.current(c.episode).plan.goals, ROUNDS),
    "letterhead": (lambda s, c: s.branding.values().version,
                   lambda s, a, c, v, n: s.branding.save(a, {"clinic_name": f"Practice {n}"}, v),
                   lambda s, c: s.branding.values().clinic_name, ROUNDS),
    "adherence": (lambda s, c: next((r.version for r in s.plans.adherence(c.episode)), 0),
                  lambda s, a, c, v, n: s.plans.record_adherence(a, c.episode, date(2026, 11, 4), n, 7,
                                                                 TODAY, v),
                  lambda s, c: s.plans.adherence(c.episode)[0].done, ROUNDS),
    "signing": (lambda s, c: s.care.get_note(c.visit).version,
                lambda s, a, c, v, n: s.care.sign(a, c.visit, v),
                lambda s, c: s.care.get_note(c.visit).signed_by, 1),
    "discharge": (lambda s, c: _episode(s, c).version,
                  lambda s, a, c, v, n: s.care.discharge_episode(
                      a, c.episode, date(2026, 11, 20), list(DischargeReason)[n % 2], v, TODAY),
                  lambda s, c: _episode(s, c).discharge_reason, 1),
    "red-flag follow-up": (lambda s, c: _flag(s, c).version,
                           lambda s, a, c, v, n: s.red_flags.acknowledge(a, _flag(s, c).id,
                                                                         f"Sent to A&E {n}", v),
                           lambda s, c: _flag(s, c).action_taken, 1),
}

EXPECT: dict[str, Callable[[int, Actor], object]] = {
    "patient": lambda n, _: f"0770090{n:04d}", "visit note": lambda n, _: f"s{n}",
    "exam": lambda n, _: f"p{n}", "plan": lambda n, _: f"g{n}",
    "measures": lambda n, _: n, "intake": lambda n, _: n,
    "letterhead": lambda n, _: f"Practice {n}", "adherence": lambda n, _: n,
    "signing": lambda _, actor: actor.display_name,
    "discharge": lambda n, _: list(DischargeReason)[n % 2].value,
    "red-flag follow-up": lambda n, _: f"Sent to A&E {n}",
}
"""What the winner's save stores."""


def _race(a: Station, b: Station, gate: Gate, chart: Chart, kind: str, n: int) -> None:
    read, save, stored, _ = CASES[kind]
    first, second = (a, b) if n % 2 == 0 else (b, a)
    versions = {id(st): read(st.services, chart) for st in (first, second)}  # both read v
    values = {id(first): 2 * n + 1, id(second): 2 * n + 2}
    outcome: dict[int, object] = {}
    gate.barrier = threading.Barrier(2)

    def run(st: Station) -> None:
        gate.armed[threading.get_ident()] = True
        try:
            save(st.services, st.actor, chart, versions[id(st)], values[id(st)])
            outcome[id(st)] = "saved"
        except Exception as exc:  # noqa: BLE001 - every failure is asserted below
            outcome[id(st)] = exc
        finally:
            gate.armed[threading.get_ident()] = False

    threads = [threading.Thread(target=run, args=(st,)) for st in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    winners = [st for st in (a, b) if outcome[id(st)] == "saved"]
    losers = [st for st in (a, b) if outcome[id(st)] != "saved"]
    assert len(winners) == 1 and len(losers) == 1, outcome
    loss = outcome[id(losers[0])]
    assert isinstance(loss, ConflictError), repr(loss)
    assert loss.changed_by == winners[0].actor.display_name
    assert loss.changed_at is not None
    winner = winners[0]
    expected = EXPECT[kind](values[id(winner)], winner.actor)
    for st in (a, b):  # both workstations read the winner's data: the loser's never landed
        assert stored(st.services, chart) == expected


@pytest.mark.parametrize("kind", list(CASES))
def test_two_workstations_saving_at_once_get_one_winner_and_a_named_conflict(
        stations: tuple[Station, Station, Gate], kind: str) -> None:
    a, b, gate = stations
    chart = _chart(a)
    case = CASES[kind]
    for n in range(case[3]):
        _race(a, b, gate, chart, kind, n)


@pytest.mark.parametrize("kind", [k for k, case in CASES.items() if case[3] > 1])
def test_a_save_on_a_version_read_before_the_other_save_is_a_named_conflict(
        stations: tuple[Station, Station, Gate], kind: str) -> None:
    a, b, _ = stations
    chart = _chart(a)
    read, save, stored, _ = CASES[kind]
    v = read(a.services, chart)
    save(b.services, b.actor, chart, v, 7)
    with pytest.raises((ConflictError, RecordLocked)) as info:
        save(a.services, a.actor, chart, v, 9)
    assert isinstance(info.value, ConflictError) and info.value.changed_by == "Kim Lee"
    assert stored(a.services, chart) == stored(b.services, chart)
