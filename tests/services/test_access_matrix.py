"""The role × action matrix, enforced at the service layer: every action, every role (100%).

Each action is attempted through the service call that performs it, as a user whose role is
stored in the database. A refused role meets ``PermissionDenied``; an allowed one gets past the
check (and may then meet a validation or not-found error for the made-up ids used here).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from clinic_app.domain.access import PERMISSIONS, Action, SignInPolicy, may
from clinic_app.domain.db_timeouts import SessionTimeouts
from clinic_app.domain.errors import ClinicError, PermissionDenied, ValidationError
from clinic_app.domain.intake.record import Intake
from clinic_app.domain.patients import DischargeReason, Role, VisitKind
from clinic_app.services.care import SoapText
from clinic_app.services.context import Actor
from clinic_app.services.registry import Services
from clinic_app.services.users import add_user_row
from tests.conftest import TODAY, make_draft

NOWHERE = 987_654  # an id nothing has
Attempt = Callable[[Services, Actor, int], Any]


def _demo(s: Services, a: Actor, _pid: int) -> Any:
    from clinic_app.demo.generator import generate_demo

    try:
        return generate_demo(s.db, a, 0, today=TODAY)
    except ValueError as exc:  # past the gate: zero patients is refused next
        raise ValidationError({"patients": str(exc)}) from exc


def _backup(s: Services, a: Actor) -> Any:
    from clinic_app.services.backup import make_backup

    try:
        return make_backup(s.db, a, "", None)  # an empty passphrase is refused after the gate
    except ValueError as exc:
        raise ValidationError({"passphrase": str(exc)}) from exc


def _diary_settings() -> Any:
    from clinic_app.services.appointments_base import DiarySettings

    return DiarySettings()


def _caseload(s: Services, a: Actor) -> Any:
    from clinic_app.services.caseload import CaseloadFilter, CaseloadService

    return CaseloadService(s.db).indicators(a, CaseloadFilter(TODAY, TODAY))


def _audit_log(s: Services, a: Actor) -> Any:
    from clinic_app.services.audit_log import AuditLogService, AuditQuery

    return AuditLogService(s.db).search(a, AuditQuery())


ATTEMPTS: dict[Action, Attempt] = {
    Action.OPEN_CHART: lambda s, a, pid: s.patients.record_chart_opened(a, pid),
    Action.REGISTER_PATIENT: lambda s, a, pid: s.patients.create(a, make_draft(given_name="New"), TODAY),
    Action.ARCHIVE_PATIENT: lambda s, a, pid: s.patients.set_archived(a, pid, True, 0),
    Action.BOOK_VISIT: lambda s, a, pid: s.care.create_visit(
        a, NOWHERE, datetime(2026, 11, 25, 9, tzinfo=UTC), VisitKind.FOLLOW_UP),
    Action.OPEN_EPISODE: lambda s, a, pid: s.care.open_episode(a, pid, TODAY, "LBP", TODAY),
    Action.DISCHARGE_EPISODE: lambda s, a, pid: s.care.discharge_episode(
        a, NOWHERE, TODAY, DischargeReason.GOALS_MET, 1, TODAY),
    Action.WRITE_NOTE: lambda s, a, pid: s.care.save_draft(a, NOWHERE, SoapText(), 1),
    Action.WRITE_INTAKE: lambda s, a, pid: s.intake.save(a, NOWHERE, Intake(), 0, TODAY),
    Action.RECORD_RED_FLAGS: lambda s, a, pid: s.red_flags.resolve(a, NOWHERE, "seen", 1),
    Action.WRITE_EXAM: lambda s, a, pid: s.exams.decide(a, NOWHERE, "k", "accept", "", 0),
    Action.WRITE_MEASURES: lambda s, a, pid: s.measures.start_psfs_series(a, NOWHERE, ["Run"]),
    Action.WRITE_PLAN: lambda s, a, pid: s.plans.save_template(a, "", s.plans.from_template("SIJ pain")),
    Action.RECORD_ADHERENCE: lambda s, a, pid: s.plans.record_adherence(a, NOWHERE, TODAY, 3, 5, TODAY, 0),
    Action.PRINT_HANDOUT: lambda s, a, pid: s.handouts.render(a, NOWHERE, "education-sij"),
    Action.PRINT_CLINICAL_LETTER: lambda s, a, pid: s.handouts.render(a, NOWHERE, "progress-letter"),
    Action.MANAGE_EXERCISES: lambda s, a, pid: s.exercises.add_custom(a, {}, Path("missing.png")),
    Action.EDIT_LETTERHEAD: lambda s, a, pid: s.branding.save(a, {"clinic_name": ""}, 0),
    Action.CLINICAL_SETTINGS: lambda s, a, pid: s.clinical_settings.save(a, {"odi_max_missing": -1}),
    Action.MANAGE_USERS: lambda s, a, pid: s.users.create_user(a, "x", "", Role.CLINICIAN),
    Action.PRACTICE_SECURITY: lambda s, a, pid: s.auth.save_policy(a, SignInPolicy(max_failed_attempts=0)),
    Action.LOAD_DEMO: _demo,
    Action.VIEW_CASELOAD: lambda s, a, pid: _caseload(s, a),
    Action.VIEW_AUDIT: lambda s, a, pid: _audit_log(s, a),
    Action.BACKUP_RESTORE: lambda s, a, pid: _backup(s, a),
    Action.EXPORT_RECORD: lambda s, a, pid: s.record_export.record(a, NOWHERE),
    Action.ERASE_RECORDS: lambda s, a, pid: s.erasure.check(a, NOWHERE, TODAY),
    Action.DATABASE_SETTINGS: lambda s, a, pid: s.database_settings.save(a, SessionTimeouts(0, 0), 0),
    Action.VIEW_DIARY: lambda s, a, pid: s.diary.appointments(a, TODAY),
    Action.MANAGE_DIARY: lambda s, a, pid: s.appointments.cancel(a, NOWHERE, 1, "Unwell"),
    Action.DIARY_SETTINGS: lambda s, a, pid: s.diary.save_settings(a, _diary_settings(), 99),
}
"""READ_CLINICAL is shown or hidden by the chart (tests/ui/test_sign_in.py); reads carry no actor yet."""


def test_every_action_but_reading_has_a_service_call_here() -> None:
    assert set(ATTEMPTS) | {Action.READ_CLINICAL} == set(Action)


@pytest.fixture
def people(services: Services, clinician: Actor) -> dict[Role, Actor]:
    actors = {Role.CLINICIAN: clinician}
    with services.db.writing() as s:
        for role in (Role.ADMIN, Role.FRONT_DESK, Role.READ_ONLY):
            user = add_user_row(s, f"user-{role.value.replace('_', '-')}", role.value, role)
            s.flush()
            actors[role] = Actor(user.id, role.value, role, "ws")
    return actors


@pytest.mark.parametrize("action", list(ATTEMPTS), ids=str)
def test_each_role_is_allowed_or_refused_as_the_matrix_says(
    services: Services, clinician: Actor, people: dict[Role, Actor], action: Action
) -> None:
    pid = services.patients.create(clinician, make_draft(), TODAY).created_id or 0
    outcome: dict[Role, bool] = {}
    for role, actor in people.items():
        try:
            ATTEMPTS[action](services, actor, pid)
        except PermissionDenied:
            outcome[role] = False
        except ClinicError:
            outcome[role] = True  # past the gate; the made-up input was then refused
        else:
            outcome[role] = True
    assert outcome == {role: may(role, action) for role in people}, action


def test_a_declared_role_counts_for_nothing(services: Services, people: dict[Role, Actor]) -> None:
    desk = people[Role.FRONT_DESK]
    posing = Actor(desk.user_id, desk.display_name, Role.CLINICIAN, desk.workstation)
    with pytest.raises(PermissionDenied, match="signed in as front desk"):
        services.care.save_draft(posing, NOWHERE, SoapText(subjective="x"), 1)


def test_the_matrix_gives_each_role_what_the_practice_expects() -> None:
    assert PERMISSIONS[Role.ADMIN] == frozenset(Action)
    assert not any(may(Role.FRONT_DESK, a) for a in (Action.WRITE_NOTE, Action.WRITE_EXAM,
                                                      Action.WRITE_MEASURES, Action.WRITE_PLAN,
                                                      Action.READ_CLINICAL))
    assert all(may(Role.FRONT_DESK, a) for a in (Action.REGISTER_PATIENT, Action.BOOK_VISIT,
                                                  Action.PRINT_HANDOUT))
    assert PERMISSIONS[Role.READ_ONLY] == {Action.OPEN_CHART, Action.READ_CLINICAL}
