"""Plans, templates, the walk/run programme and adherence through the services."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from clinic_app.domain.clock import FixedClock
from clinic_app.domain.errors import ConflictError, RecordLocked, ValidationError
from clinic_app.domain.rehab.exercises import Dose
from clinic_app.domain.rehab.plans import PlanItem, step
from clinic_app.domain.rehab.return_to_run import SessionReport, StageAction
from clinic_app.domain.safety.red_flags import RedFlagItem
from clinic_app.services.context import Actor
from clinic_app.services.patients import PatientQuery
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft


@pytest.fixture
def episode_id(services: Services, clinician: Actor) -> int:
    pid = services.patients.create(clinician, make_draft(), TODAY).created_id or 0
    return services.care.open_episode(clinician, pid, date(2026, 10, 1), "LBP", TODAY).created_id or 0


def test_library_is_loaded_into_the_database(services: Services) -> None:
    assert services.exercises.sync_builtin() >= 30
    assert services.exercises.sync_builtin() == 0  # unchanged resources change nothing
    library = services.exercises.library()
    assert len(library) >= 30 and all(entry.image_path.exists() for entry in library)


def test_plan_from_template_progress_and_history(services: Services, clinician: Actor,
                                                 episode_id: int, clock: FixedClock) -> None:
    names = [t.name for t in services.plans.templates()]
    assert names[:4] == ["SIJ pain", "Disc with radiculopathy",
                         "Non-specific mechanical low back pain", "Older runner with stenosis"]
    plan = services.plans.from_template("SIJ pain")
    _, first = services.plans.save(clinician, episode_id, plan, 0)
    saved_at = clock.now()
    clock.advance(minutes=5)
    library = services.exercises.by_id()
    harder = step(plan, 0, library, harder=True)  # McGill curl-up → elbows lifted
    assert harder.items[0].exercise_id == "mcgill-curl-up-elbows-lifted"
    _, second = services.plans.save(clinician, episode_id, harder, first)
    assert (first, second) == (1, 2)
    assert services.plans.as_of(episode_id, saved_at).plan.items[0].exercise_id == "mcgill-curl-up"
    assert [r.revision for r in services.plans.history(episode_id)] == [2, 1]


def test_absurd_dose_and_unknown_exercise_are_refused(services: Services, clinician: Actor,
                                                      episode_id: int) -> None:
    bad = services.plans.from_template("SIJ pain")
    items = list(bad.items)
    items[0] = PlanItem(items[0].exercise_id, Dose(1000, 10))
    with pytest.raises(ValidationError) as info:
        services.plans.save(clinician, episode_id, bad.with_changes(items=tuple(items)), 0)
    assert "sets must be 1-10, got 1000" in info.value.errors["items[0].dose.sets"]
    gone = bad.with_changes(items=(PlanItem("no-such-exercise", Dose(1, 10)),))
    with pytest.raises(ValidationError) as info:
        services.plans.save(clinician, episode_id, gone, 0)
    assert "not in the library" in info.value.errors["items[0].exercise_id"]
    assert services.plans.current(episode_id).revision == 0


def test_practice_template_is_saved_and_offered(services: Services, clinician: Actor) -> None:
    plan = services.plans.from_template("Disc with radiculopathy")
    services.plans.save_template(clinician, "Our disc protocol", plan)
    assert services.plans.from_template("Our disc protocol") == plan
    with pytest.raises(ValidationError):
        services.plans.save_template(clinician, "our disc PROTOCOL", plan)


def test_walk_run_sessions_advance_repeat_and_drop(services: Services, clinician: Actor,
                                                   episode_id: int) -> None:
    good = SessionReport(2, 1, 1)
    bad = SessionReport(4, 4, 1)  # not a good session, but not above 5/10 (that drops at once, C6)
    day = date(2026, 11, 1)
    decisions = []
    for i, report in enumerate([good, good, bad, good, good, bad, bad]):
        decisions.append(services.plans.log_run_session(clinician, episode_id,
                                                        day + timedelta(days=2 * i), report, TODAY))
    assert [(d.action, d.stage) for d in decisions] == [
        (StageAction.REPEAT, 1), (StageAction.ADVANCE, 2), (StageAction.REPEAT, 2),
        (StageAction.REPEAT, 2), (StageAction.ADVANCE, 3), (StageAction.REPEAT, 3),
        (StageAction.DROP, 2)]
    assert services.plans.current_stage(episode_id) == 2
    assert all(d.reason for d in decisions)


def test_loading_is_locked_under_an_urgent_red_flag(services: Services, clinician: Actor,
                                                    episode_id: int) -> None:
    services.red_flags.record_screen(clinician, episode_id, {RedFlagItem.I1: True})
    plan = services.plans.from_template("SIJ pain")
    with pytest.raises(RecordLocked, match="Loading is locked"):
        services.plans.save(clinician, episode_id, plan, 0)
    with pytest.raises(RecordLocked, match="Loading is locked"):
        services.plans.log_run_session(clinician, episode_id, date(2026, 11, 2),
                                       SessionReport(1, 1, 1), TODAY)
    event = services.red_flags.status(episode_id).open_events[0]
    services.red_flags.resolve(clinician, event.id, "GP: viral illness, cleared", event.version)
    services.plans.save(clinician, episode_id, plan, 0)


def test_adherence_per_week_reaches_progress(services: Services, clinician: Actor,
                                             episode_id: int) -> None:
    services.plans.record_adherence(clinician, episode_id, date(2026, 11, 4), 5, 7, TODAY, 0)
    services.plans.record_adherence(clinician, episode_id, date(2026, 11, 5), 6, 7, TODAY, 1)
    with pytest.raises(ConflictError, match="Dr Amira Ahmed"):  # read before the correction
        services.plans.record_adherence(clinician, episode_id, date(2026, 11, 6), 2, 7, TODAY, 1)
    with pytest.raises(ValidationError):
        services.plans.record_adherence(clinician, episode_id, date(2026, 11, 11), 3, 0, TODAY, 0)
    rows = services.plans.adherence(episode_id)
    assert [(r.week_start, r.done, r.prescribed) for r in rows] == [(date(2026, 11, 2), 6, 7)]
    pid = services.patients.search(PatientQuery()).rows[0].id
    data = services.progress.progress(pid, episode_id)
    assert [(a.done, a.prescribed) for a in data.adherence] == [(6, 7)]
