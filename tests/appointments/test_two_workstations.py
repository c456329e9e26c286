"""Two workstations book the same clinician at the same moment: one wins, one is told by name."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from clinic_app.domain.appointments import AppointmentType, SlotTaken
from clinic_app.domain.clock import FixedClock
from clinic_app.persistence.db import Database
from clinic_app.services.appointments import AppointmentService
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.appointments.helpers import at
from tests.conftest import TODAY

ROUNDS = 6


@pytest.fixture
def second_db(database_url: str, clock: FixedClock, db: Database) -> Iterator[Database]:
    """Another workstation's connection to the same database."""
    other = Database.from_url(database_url, clock)
    yield other
    other.dispose()


def test_simultaneous_double_booking_is_a_named_conflict(
        services: Services, second_db: Database, clinician: Actor, front_desk: Actor,
        patient_id: int, second_patient: int) -> None:
    desks = [AppointmentService(services.db), AppointmentService(second_db)]
    patients = [patient_id, second_patient]
    for round_ in range(ROUNDS):
        start = at(9 + round_)
        barrier = threading.Barrier(2)
        outcomes: list[object] = [None, None]

        def book(i: int, start: object = start, barrier: threading.Barrier = barrier,
                 outcomes: list[object] = outcomes) -> None:
            barrier.wait()
            try:
                outcomes[i] = desks[i].book(front_desk, patients[i], clinician.user_id,
                                            start, AppointmentType.FOLLOW_UP,  # type: ignore[arg-type]
                                            minutes=30)
            except Exception as exc:  # noqa: BLE001 - the test inspects what each desk got
                outcomes[i] = exc
        threads = [threading.Thread(target=book, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        lost = [o for o in outcomes if isinstance(o, Exception)]
        assert len(lost) == 1, outcomes
        assert isinstance(lost[0], SlotTaken)
        assert "Dr Amira Ahmed already has" in str(lost[0])
    rows = services.diary.appointments(front_desk, TODAY)
    assert len(rows) == ROUNDS
