"""Return to run through the services (C6, C7): the walk/run schedule is refused before return to
run; a clinician's confirmation or the plan's phase opens it; a STOP has a recorded restart."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from clinic_app.domain.errors import PermissionDenied, RecordLocked, ValidationError
from clinic_app.domain.exam.neuro_model import NeuroScreen, SideNeuro
from clinic_app.domain.exam.record import ExamRecord, SlrSide
from clinic_app.domain.exam.rules import TestOutcome
from clinic_app.domain.patients import VisitKind
from clinic_app.domain.rehab.exercises import RehabPhase
from clinic_app.domain.rehab.plans import phase_defaults
from clinic_app.domain.rehab.return_to_run import ScheduleGateState, SessionReport, StageAction
from clinic_app.domain.safety.red_flags import RedFlagItem
from clinic_app.persistence.models import RunSession
from clinic_app.services.context import Actor
from clinic_app.services.handouts import HandoutKind
from clinic_app.services.registry import Services
from tests.conftest import TODAY, make_draft

GOOD = SessionReport(2, 1, 1)
NERVE = SessionReport(3, 2, 1, new_leg_or_neuro_symptoms=True)


@dataclass(frozen=True)
class FirstVisit:
    """A runner seen once: L5 weakness and a positive SLR, on the disc template (phase 1)."""

    patient_id: int
    episode_id: int


@pytest.fixture
def first_visit(services: Services, clinician: Actor) -> FirstVisit:
    pid = services.patients.create(clinician, make_draft(given_name="Rhys", family_name="Owain"),
                                   TODAY).created_id or 0
    start = TODAY - timedelta(days=20)
    eid = services.care.open_episode(clinician, pid, start, "Left sciatica", TODAY).created_id or 0
    visit = services.care.create_visit(clinician, eid, datetime.combine(start, time(9), tzinfo=UTC),
                                       VisitKind.INITIAL).created_id or 0
    exam = ExamRecord(slr_left=SlrSide(TestOutcome.POSITIVE, 40, True),
                      neuro=NeuroScreen(left=SideNeuro.from_values(power={"L5": "4-"},
                                                                   sensation={"L5": "reduced"}),
                                        right=SideNeuro.from_values(power={"L5": 5})))
    services.exams.save(clinician, visit, exam, set(), 0)
    return FirstVisit(pid, eid)


def _render(services: Services, actor: Actor, chart: FirstVisit) -> int:
    return services.handouts.render(actor, chart.patient_id, HandoutKind.RETURN_TO_RUN,
                                    episode_id=chart.episode_id, today=TODAY).pages


def _audit(services: Services, entity: str, entity_id: int) -> list[tuple[str, str]]:
    return [(a.action, a.user) for a in services.users.audit_trail(entity, entity_id)]


def test_schedule_refused_at_first_visit_with_l5_weakness_and_positive_slr(
        services: Services, clinician: Actor, first_visit: FirstVisit) -> None:
    with pytest.raises(RecordLocked) as no_plan:
        _render(services, clinician, first_visit)
    assert str(no_plan.value).startswith("Return to run has not started: there is no rehab plan yet.")
    plan = services.plans.from_template("Disc with radiculopathy")
    services.plans.save(clinician, first_visit.episode_id, plan, 0)
    with pytest.raises(RecordLocked) as settle:
        _render(services, clinician, first_visit)
    message = str(settle.value)
    assert "the plan is in phase 1 Protect / settle" in message
    assert "phase 3 Return to run" in message and "clinician confirms return to run" in message
    assert services.handouts.history(first_visit.patient_id) == []  # nothing handed out or kept
    gate = services.plans.run_programme(first_visit.episode_id).gate
    assert gate.state == ScheduleGateState.NOT_YET and not gate.allowed


def test_schedule_prints_once_the_plan_reaches_return_to_run(
        services: Services, clinician: Actor, first_visit: FirstVisit) -> None:
    plan = services.plans.from_template("Disc with radiculopathy")
    services.plans.save(clinician, first_visit.episode_id, plan, 0)
    goals, exit_criteria = phase_defaults(RehabPhase.LOAD)
    services.plans.save(clinician, first_visit.episode_id,
                        plan.with_changes(phase=RehabPhase.LOAD, goals=goals, exit_criteria=exit_criteria), 1)
    with pytest.raises(RecordLocked, match="phase 2 Load / strengthen"):
        _render(services, clinician, first_visit)
    goals, exit_criteria = phase_defaults(RehabPhase.RETURN_TO_RUN)
    services.plans.save(clinician, first_visit.episode_id, plan.with_changes(
        phase=RehabPhase.RETURN_TO_RUN, goals=goals, exit_criteria=exit_criteria), 2)
    assert _render(services, clinician, first_visit) >= 1
    assert [h.kind for h in services.handouts.history(first_visit.patient_id)] == [HandoutKind.RETURN_TO_RUN]


def test_clinician_confirmation_opens_the_schedule_and_is_recorded(
        services: Services, clinician: Actor, front_desk: Actor, first_visit: FirstVisit) -> None:
    services.plans.save(clinician, first_visit.episode_id,
                        services.plans.from_template("Disc with radiculopathy"), 0)
    desk = front_desk
    with pytest.raises(PermissionDenied):
        services.plans.confirm_return_to_run(desk, first_visit.episode_id, "Asked to", TODAY)
    with pytest.raises(ValidationError) as blank:
        services.plans.confirm_return_to_run(clinician, first_visit.episode_id, "   ", TODAY)
    assert "Say why running may start now" in blank.value.errors["reason"]
    with pytest.raises(RecordLocked):
        _render(services, clinician, first_visit)
    services.plans.confirm_return_to_run(clinician, first_visit.episode_id,
                                         "Neurology improving; 30 min brisk walk pain-free", TODAY)
    programme = services.plans.run_programme(first_visit.episode_id)
    assert programme.gate.state == ScheduleGateState.CONFIRMED
    assert programme.gate.reason == f"Return to run confirmed by Dr Amira Ahmed on {TODAY.isoformat()}."
    (confirmation,) = programme.decisions
    assert (confirmation.kind, confirmation.recorded_by, confirmation.day, confirmation.note) == (
        "confirm", "Dr Amira Ahmed", TODAY, "Neurology improving; 30 min brisk walk pain-free")
    assert confirmation.recorded_at == services.db.clock.now()
    assert _audit(services, "return_to_run", first_visit.episode_id) == [("confirm", "Dr Amira Ahmed")]
    assert services.plans.run_sessions(first_visit.episode_id) == []  # a decision, not a session
    assert _render(services, clinician, first_visit) >= 1
    assert services.plans.current_stage(first_visit.episode_id) == 1


def test_open_red_flag_is_named_before_the_phase(services: Services, clinician: Actor,
                                                 first_visit: FirstVisit) -> None:
    services.red_flags.record_screen(clinician, first_visit.episode_id, {RedFlagItem.CE1: True})
    with pytest.raises(RecordLocked, match="Loading is locked"):
        _render(services, clinician, first_visit)
    with pytest.raises(RecordLocked, match="Loading is locked"):
        services.plans.confirm_return_to_run(clinician, first_visit.episode_id, "Keen to run", TODAY)


def test_nine_out_of_ten_drops_a_stage_and_asks_for_review(services: Services, clinician: Actor,
                                                           first_visit: FirstVisit) -> None:
    eid, day = first_visit.episode_id, TODAY - timedelta(days=10)
    services.plans.log_run_session(clinician, eid, day, GOOD, TODAY)
    services.plans.log_run_session(clinician, eid, day + timedelta(days=2), GOOD, TODAY)
    assert services.plans.current_stage(eid) == 2
    decision = services.plans.log_run_session(clinician, eid, day + timedelta(days=4),
                                              SessionReport(9, 3, 1), TODAY)
    assert (decision.action, decision.stage, decision.notify_clinician) == (StageAction.DROP, 1, True)
    programme = services.plans.run_programme(eid)
    assert programme.stage == 1 and programme.needs_review and not programme.stopped
    assert programme.sessions[-1].decision.notify_clinician
    assert "9/10 is above 5/10" in programme.sessions[-1].decision.reason


def test_stop_then_restart_with_review_outcome_and_stage(services: Services, clinician: Actor,
                                                         first_visit: FirstVisit) -> None:
    eid, day = first_visit.episode_id, TODAY - timedelta(days=12)
    services.plans.confirm_return_to_run(clinician, eid, "Cleared by the spinal team", TODAY)
    for offset in (0, 2, 4, 6):
        services.plans.log_run_session(clinician, eid, day + timedelta(days=offset), GOOD, TODAY)
    assert services.plans.current_stage(eid) == 3
    stop = services.plans.log_run_session(clinician, eid, day + timedelta(days=8), NERVE, TODAY)
    assert (stop.action, stop.stage) == (StageAction.STOP, 3)
    assert services.plans.run_stopped(eid)
    with pytest.raises(RecordLocked, match="stopped for review"):
        services.plans.log_run_session(clinician, eid, day + timedelta(days=10), GOOD, TODAY)
    with pytest.raises(RecordLocked, match="stopped for review"):
        _render(services, clinician, first_visit)
    with pytest.raises(ValidationError) as bad:
        services.plans.restart_run_programme(clinician, eid, " ", 4, TODAY)
    assert set(bad.value.errors) == {"review_outcome", "stage"}
    assert "Restart at stage 1 to 3" in bad.value.errors["stage"]

    services.plans.restart_run_programme(clinician, eid, "Reviewed: symptoms settled, neuro normal",
                                         2, TODAY)
    programme = services.plans.run_programme(eid)
    assert not programme.stopped and programme.stage == 2
    restart = programme.decisions[-1]
    assert (restart.kind, restart.stage, restart.note, restart.recorded_by) == (
        "restart", 2, "Reviewed: symptoms settled, neuro normal", "Dr Amira Ahmed")
    assert _audit(services, "run_programme", eid) == [("restart", "Dr Amira Ahmed")]
    with pytest.raises(ValidationError, match="not stopped"):
        services.plans.restart_run_programme(clinician, eid, "Again", 1, TODAY)
    # sessions before the stop do not count towards the restarted stage
    first = services.plans.log_run_session(clinician, eid, day + timedelta(days=10), GOOD, TODAY)
    assert (first.action, first.stage) == (StageAction.REPEAT, 2)
    second = services.plans.log_run_session(clinician, eid, day + timedelta(days=12), GOOD, TODAY)
    assert (second.action, second.stage) == (StageAction.ADVANCE, 3)
    assert _render(services, clinician, first_visit) >= 1
    assert len(services.plans.run_sessions(eid)) == 7  # the sessions only


def test_restart_entry_is_kept_in_the_programme_log(services: Services, clinician: Actor,
                                                    first_visit: FirstVisit) -> None:
    eid = first_visit.episode_id
    services.plans.log_run_session(clinician, eid, TODAY, NERVE, TODAY)
    services.plans.restart_run_programme(clinician, eid, "GP review normal", 1, TODAY)
    with services.db.reading() as s:
        rows = list(s.scalars(select(RunSession).where(RunSession.episode_id == eid).order_by(RunSession.id)))
    assert [r.action for r in rows] == ["stop", "restart"]
    assert json.loads(rows[1].report) == {"entry": "restart", "after_session": rows[0].id}
    assert rows[1].session_date == TODAY and rows[1].logged_by_id == clinician.user_id
