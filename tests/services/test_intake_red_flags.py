"""Intake revisions and red-flag screening through the services."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from clinic_app.domain.clock import FixedClock
from clinic_app.domain.errors import ConflictError, PermissionDenied, ValidationError
from clinic_app.domain.intake.record import Effect, Factor, Intake, RaceGoal, Shoe, WeekLoad
from clinic_app.domain.patients import Role
from clinic_app.domain.safety.red_flags import RedFlagItem, RedFlagTier
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft


@pytest.fixture
def episode_id(services: Services, clinician: Actor) -> int:
    pid = services.patients.create(clinician, make_draft(), TODAY).created_id or 0
    return services.care.open_episode(clinician, pid, date(2026, 11, 1), "LBP", TODAY).created_id or 0


def _intake(**kw: object) -> Intake:
    base = Intake(runs_per_week=4, weekly_distance_km=48.0, cadence_spm=172,
                  onset_date=date(2026, 10, 20),
                  weekly_history=tuple(WeekLoad(date(2026, 10, 5) + timedelta(weeks=i), km)
                                       for i, km in enumerate([40, 42, 45, 48, 50, 30])),
                  factors={Factor.BENDING_FORWARD: Effect.WORSE, Factor.WALKING: Effect.BETTER})
    return dataclasses.replace(base, **kw)  # type: ignore[arg-type]


def test_intake_saves_as_revisions_and_earlier_states_stay_readable(
    services: Services, clinician: Actor, episode_id: int, clock: FixedClock
) -> None:
    assert services.intake.current(episode_id).revision == 0
    _, first = services.intake.save(clinician, episode_id, _intake(), 0, TODAY)
    after_first = clock.now()
    clock.advance(minutes=5)
    _, second = services.intake.save(clinician, episode_id, _intake(cadence_spm=180), first, TODAY)
    assert (first, second) == (1, 2)
    assert services.intake.current(episode_id).intake.cadence_spm == 180
    assert services.intake.as_of(episode_id, after_first).intake.cadence_spm == 172
    history = services.intake.history(episode_id)
    assert [h.revision for h in history] == [2, 1]
    assert history[0].changed == ("cadence_spm",)
    trail = services.users.audit_trail("intake", episode_id)
    assert [a.action for a in trail] == ["create", "update"]
    assert trail[-1].changed_fields == ("cadence_spm",)


def test_saving_an_unchanged_intake_adds_no_revision(services: Services, clinician: Actor,
                                                     episode_id: int) -> None:
    _, rev = services.intake.save(clinician, episode_id, _intake(), 0, TODAY)
    _, again = services.intake.save(clinician, episode_id, _intake(), rev, TODAY)
    assert again == rev == 1 and services.intake.revision_count(episode_id) == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"cadence_spm": 900}, "cadence_spm", "120–230"),
        ({"weekly_distance_km": -3.0}, "weekly_distance_km", "0–400"),
        ({"race_goals": (RaceGoal("Spring half", date(2026, 9, 1)),)}, "race_goals[0].race_date",
         "after the onset"),
        ({"footwear": (Shoe("A", share_of_running_pct=70), Shoe("B", share_of_running_pct=50))},
         "footwear", "120%"),
        ({"nprs_back_now": 11}, "nprs_back_now", "0–10"),
    ],
)
def test_impossible_values_are_refused_and_nothing_is_saved(
    services: Services, clinician: Actor, episode_id: int, changes: dict[str, object],
    field: str, message: str,
) -> None:
    with pytest.raises(ValidationError) as info:
        services.intake.save(clinician, episode_id, _intake(**changes), 0, TODAY)
    assert message in info.value.errors[field]
    assert services.intake.revision_count(episode_id) == 0


def test_stale_intake_save_is_a_conflict(services: Services, clinician: Actor,
                                         episode_id: int) -> None:
    services.intake.save(clinician, episode_id, _intake(), 0, TODAY)
    with pytest.raises(ConflictError):
        services.intake.save(clinician, episode_id, _intake(cadence_spm=170), 0, TODAY)


def test_emergency_flag_locks_loading_until_acknowledged_and_resolved(
    services: Services, clinician: Actor, episode_id: int
) -> None:
    answers = {item: False for item in RedFlagItem} | {RedFlagItem.CE2: True}
    result = services.red_flags.record_screen(clinician, episode_id, answers)
    assert [f.item for f in result.flags] == [RedFlagItem.CE2]
    assert result.flags[0].tier is RedFlagTier.EMERGENCY
    status = services.red_flags.status(episode_id)
    assert status.loading_locked and "CE2" in status.lock_reason
    event = status.open_events[0]
    assert event.needs_acknowledgement
    with pytest.raises(ValidationError):  # outcome before the action taken
        services.red_flags.resolve(clinician, event.id, "MRI normal", event.version)
    with pytest.raises(ValidationError):
        services.red_flags.acknowledge(clinician, event.id, "  ", event.version)
    services.red_flags.acknowledge(clinician, event.id, "Sent to ED at 10:40", event.version)
    event = services.red_flags.status(episode_id).open_events[0]
    assert event.action_taken == "Sent to ED at 10:40" and event.acknowledged_by == "Dr Amira Ahmed"
    assert services.red_flags.status(episode_id).loading_locked
    services.red_flags.resolve(clinician, event.id, "Urgent MRI: no compression", event.version)
    assert not services.red_flags.status(episode_id).loading_locked
    actions = [a.action for a in services.users.audit_trail("red_flag_event", event.id)]
    assert actions == ["raise", "acknowledge", "resolve"]


def test_not_asked_is_stored_apart_from_no_and_screens_are_never_reused(
    services: Services, clinician: Actor, episode_id: int
) -> None:
    services.red_flags.record_screen(clinician, episode_id, {RedFlagItem.CE1: False})
    services.red_flags.record_screen(clinician, episode_id, {RedFlagItem.I1: True,
                                                              RedFlagItem.CE1: None})
    screens = services.red_flags.screens(episode_id)
    assert len(screens) == 2
    assert screens[0].answers[RedFlagItem.CE1] is None
    assert screens[1].answers[RedFlagItem.CE1] is False
    assert screens[1].answers[RedFlagItem.I1] is None
    status = services.red_flags.status(episode_id)
    assert [e.item for e in status.open_events] == [RedFlagItem.I1]
    assert status.loading_locked  # I1 is urgent


def test_repeated_flag_is_not_raised_twice_while_open(services: Services, clinician: Actor,
                                                      episode_id: int) -> None:
    for _ in range(2):
        services.red_flags.record_screen(clinician, episode_id, {RedFlagItem.M3: True})
    events = services.red_flags.events(episode_id)
    assert [e.item for e in events] == [RedFlagItem.M3]
    assert services.red_flags.status(episode_id).loading_locked  # until exercise is confirmed (C5)


def test_front_desk_cannot_record_a_screen(services: Services, clinician: Actor, admin: Actor,
                                           episode_id: int) -> None:
    desk = services.users.create_user(admin, "desk", "Desk", Role.FRONT_DESK).created_id or 0
    with pytest.raises(PermissionDenied):
        services.red_flags.record_screen(Actor(desk, "Desk", Role.FRONT_DESK, "d"), episode_id,
                                         {RedFlagItem.CE1: False})
