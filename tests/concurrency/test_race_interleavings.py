"""Two workstations × every record type × 100 interleavings on PostgreSQL (issue 18's proof).

Each workstation is its own ``Database`` (own engine and connections). For every record type,
100 races on the same record, each in one of four interleavings of the two saves, alternating
who goes first:

- *together*: both read version v, then both reach their first write at the same instant;
- *stale*: both read v, one saves completely, then the other saves (no threads);
- *held*: one writes and holds its transaction open until the other's write is on its way
  (blocked behind the lock or the unique index), then commits;
- *jitter*: like *together*, the second held back 0–3 ms so either may reach the row first.

Every tenth race (every race for one-time actions: signing, discharge, red-flag follow-up) is on
a fresh record, so first saves race too. After each race: exactly one save landed, what is stored
is the winner's (no silent overwrite), and the loser got ``ConflictError`` naming the winner and
a time, or ``RecordBusy`` — never any other exception.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import event

from clinic_app.domain.errors import ConflictError, RecordBusy
from clinic_app.domain.patients import VisitKind
from clinic_app.persistence.db import Database
from clinic_app.services.care import SoapText
from tests.conftest import POSTGRES_URL, TODAY
from tests.services.test_concurrent_saves import (  # noqa: F401 - the stations fixture
    CASES,
    EXPECT,
    Chart,
    Station,
    _chart,
    stations,
)

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="needs STRIDE_CLINIC_TEST_POSTGRES_URL")

INTERLEAVINGS = 100
SCHEDULES = ("together", "stale", "held", "jitter")
ONE_TIME = {"signing", "discharge", "red-flag follow-up"}
"""Actions a record takes once: each race needs a fresh record."""


class Interleaver:
    """Steers the two saves of a race through its schedule from the engines' own events."""

    def __init__(self) -> None:
        self.schedule = "together"
        self.roles: dict[int, str] = {}
        self.wrote: set[int] = set()
        self.barrier = threading.Barrier(2)
        self.second_writing = threading.Event()
        self.jitter_s = 0.0

    def reset(self, schedule: str, jitter_s: float) -> None:
        """Prepare for the next race."""
        self.schedule, self.jitter_s = schedule, jitter_s
        self.roles.clear()
        self.wrote.clear()
        self.barrier = threading.Barrier(2)
        self.second_writing = threading.Event()

    def attach(self, db: Database) -> None:
        """Listen to ``db``'s statements and commits."""
        event.listen(db.engine, "before_cursor_execute", self._before_statement)
        event.listen(db.engine, "commit", self._before_commit)

    def _before_statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        me = threading.get_ident()
        role = self.roles.get(me)
        if role is None or me in self.wrote:
            return
        if statement.lstrip().split(" ", 1)[0].upper() not in {"UPDATE", "INSERT", "DELETE"}:
            return
        self.wrote.add(me)
        if self.schedule in {"together", "jitter"}:
            with contextlib.suppress(threading.BrokenBarrierError):
                self.barrier.wait(timeout=2)
            if role == "second" and self.jitter_s:
                time.sleep(self.jitter_s)
        elif self.schedule == "held" and role == "second":
            self.second_writing.set()

    def _before_commit(self, _conn: Any) -> None:
        if self.schedule == "held" and self.roles.get(threading.get_ident()) == "first":
            self.second_writing.wait(timeout=2)
            time.sleep(0.01)  # the second's write reaches the server and waits on our lock


@pytest.fixture
def raced(stations: tuple[Station, Station, Any]) -> Iterator[tuple[Station, Station, Interleaver]]:  # noqa: F811
    a, b, _gate = stations
    steer = Interleaver()
    for st in (a, b):
        steer.attach(st.services.db)
    yield a, b, steer


def _race(a: Station, b: Station, steer: Interleaver, chart: Chart, kind: str, n: int) -> str:
    """One race; returns how the loser lost ("conflict" or "busy")."""
    read, save, stored, _ = CASES[kind]
    schedule = SCHEDULES[n % len(SCHEDULES)]
    first, second = (a, b) if (n // len(SCHEDULES)) % 2 == 0 else (b, a)
    versions = {id(st): read(st.services, chart) for st in (first, second)}  # both read v
    small = 2 * (n % 3)  # within every record's range (pain 0-10, sessions done of 7), and never
    values = {id(first): small + 1, id(second): small + 2}  # the previous race's values
    outcome: dict[int, object] = {}
    steer.reset(schedule, jitter_s=(n % 4) / 1000)

    def run(st: Station, role: str) -> None:
        steer.roles[threading.get_ident()] = role
        try:
            save(st.services, st.actor, chart, versions[id(st)], values[id(st)])
            outcome[id(st)] = "saved"
        except Exception as exc:  # noqa: BLE001 - every failure is asserted below
            outcome[id(st)] = exc
        finally:
            steer.roles.pop(threading.get_ident(), None)

    if schedule == "stale":
        run(first, "")
        run(second, "")
    else:
        threads = [threading.Thread(target=run, args=(first, "first"))]
        threads.append(threading.Thread(target=run, args=(second, "second")))
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=20)
    winners = [st for st in (a, b) if outcome.get(id(st)) == "saved"]
    losers = [st for st in (a, b) if outcome.get(id(st)) != "saved"]
    context = (kind, n, schedule, outcome)
    assert len(winners) == 1 and len(losers) == 1, context  # two saves landing = a silent overwrite
    loss = outcome[id(losers[0])]
    assert isinstance(loss, ConflictError | RecordBusy), context
    winner = winners[0]
    assert stored(a.services, chart) == EXPECT[kind](values[id(winner)], winner.actor), context
    if isinstance(loss, RecordBusy):
        return "busy"
    assert loss.changed_by == winner.actor.display_name and loss.changed_at is not None, context
    return "conflict"


VISIT_LEVEL = {"visit note", "signing", "exam", "measures"}
EPISODE_LEVEL = {"intake", "plan", "adherence", "discharge", "red-flag follow-up"}


def _fresh(st: Station, kind: str, n: int, chart: Chart | None) -> Chart:
    """The record of race ``n``: a new visit or episode for one-time actions and every tenth race."""
    if chart is None:
        return _chart(st)
    if kind not in ONE_TIME and n % 10:
        return chart
    svc, actor = st.services, st.actor
    if kind in VISIT_LEVEL:
        visit = svc.care.create_visit(actor, chart.episode, datetime(2026, 11, 2, 9, tzinfo=UTC),
                                      VisitKind.FOLLOW_UP).created_id or 0
        if kind == "signing":
            svc.care.save_draft(actor, visit, SoapText(subjective="Better after the long run"),
                                svc.care.get_note(visit).version)
        return replace(chart, visit=visit)
    if kind in EPISODE_LEVEL:
        episode = svc.care.open_episode(actor, chart.patient, date(2026, 11, 1), f"LBP {n}",
                                        TODAY).created_id or 0
        return replace(chart, episode=episode)
    return chart


@pytest.mark.parametrize("kind", list(CASES))
def test_every_loser_of_100_interleaved_saves_sees_a_named_conflict_and_nothing_is_overwritten(
        raced: tuple[Station, Station, Interleaver], kind: str) -> None:
    a, b, steer = raced
    chart: Chart | None = None
    results: Counter[str] = Counter()
    for n in range(INTERLEAVINGS):
        chart = _fresh(a, kind, n, chart)
        results[_race(a, b, steer, chart, kind, n)] += 1
    assert sum(results.values()) == INTERLEAVINGS
    assert results["conflict"] + results["busy"] == INTERLEAVINGS
