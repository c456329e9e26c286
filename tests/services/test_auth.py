"""Sign-in: Argon2id hashes, five wrong passwords lock the account, everything audited, no secret kept."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from argon2 import PasswordHasher, profiles
from sqlalchemy import select

from clinic_app.domain.access import SignInPolicy
from clinic_app.domain.clock import FixedClock
from clinic_app.domain.errors import (
    AccountLocked,
    AuthenticationFailed,
    PasswordNotSet,
    PermissionDenied,
    ValidationError,
)
from clinic_app.domain.patients import Role
from clinic_app.persistence.models import AuditEntry, User
from clinic_app.services.auth import AuthService
from clinic_app.services.registry import Services
from tests.conftest import PASSWORD


@pytest.fixture
def admin(services: Services):  # type: ignore[no-untyped-def]
    return services.auth.create_first_admin("amira", "Dr Amira Ahmed", PASSWORD, "ws-1")


def _audit_actions(services: Services, user_id: int) -> list[str]:
    return [row.action for row in services.users.audit_trail("user", user_id)]


def test_first_admin_signs_in_with_an_argon2id_hash(services: Services, admin) -> None:  # type: ignore[no-untyped-def]
    assert admin.actor.role is Role.ADMIN and not admin.must_change_password
    with services.db.reading() as s:
        stored = s.scalar(select(User.password_hash).where(User.username == "amira"))
    assert stored is not None and stored.startswith("$argon2id$") and PASSWORD not in stored
    signed = services.auth.sign_in("Amira", PASSWORD, "ws-2")
    assert signed.actor.user_id == admin.actor.user_id and signed.actor.workstation == "ws-2"
    assert _audit_actions(services, admin.actor.user_id) == ["create", "sign_in", "sign_in"]


def test_a_second_first_admin_is_refused(services: Services, admin) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.auth.create_first_admin("kim", "Kim Lee", PASSWORD, "ws-1")


def test_five_wrong_passwords_lock_for_five_minutes_and_it_is_audited(
    services: Services, admin, clock: FixedClock  # type: ignore[no-untyped-def]
) -> None:
    lefts = []
    for _ in range(4):
        with pytest.raises(AuthenticationFailed) as failed:
            services.auth.sign_in("amira", "wrong password!", "ws-1")
        lefts.append(failed.value.attempts_left)
    assert lefts == [4, 3, 2, 1]
    with pytest.raises(AccountLocked) as locked:
        services.auth.sign_in("amira", "wrong password!", "ws-1")
    assert locked.value.until == clock.now() + timedelta(minutes=5)
    with pytest.raises(AccountLocked):  # the right password does not open a locked account
        services.auth.sign_in("amira", PASSWORD, "ws-1")
    clock.advance(minutes=5, seconds=1)
    assert services.auth.sign_in("amira", PASSWORD, "ws-1").actor.user_id == admin.actor.user_id
    actions = _audit_actions(services, admin.actor.user_id)
    assert actions.count("sign_in_failed") == 5 and actions.count("account_locked") == 1
    assert "sign_in_refused" in actions and actions[-1] == "sign_in"


def test_the_lockout_follows_the_practice_policy(services: Services, admin) -> None:  # type: ignore[no-untyped-def]
    services.auth.save_policy(admin.actor, SignInPolicy(max_failed_attempts=3, lockout_minutes=15))
    for _ in range(2):
        with pytest.raises(AuthenticationFailed):
            services.auth.sign_in("amira", "nope nope nope", "ws")
    with pytest.raises(AccountLocked):
        services.auth.sign_in("amira", "nope nope nope", "ws")


def test_unknown_user_and_wrong_password_read_the_same(services: Services, admin) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AuthenticationFailed) as unknown:
        services.auth.sign_in("nobody", PASSWORD, "ws")
    with pytest.raises(AuthenticationFailed) as wrong:
        services.auth.sign_in("amira", "not the password", "ws")
    assert str(unknown.value) == str(wrong.value)


def test_a_user_from_before_passwords_sets_one_at_first_sign_in(services: Services) -> None:
    old = services.users.create_first_clinician("kim", "Kim Lee", "ws")  # as migrated databases have
    with pytest.raises(PasswordNotSet):
        services.auth.sign_in("kim", "", "ws")
    with pytest.raises(ValidationError) as weak:
        services.auth.set_first_password("kim", "short", "ws")
    assert "At least 10 characters" in weak.value.errors["password"]
    signed = services.auth.set_first_password("kim", PASSWORD, "ws")
    assert signed.actor.user_id == old.id
    with pytest.raises(AuthenticationFailed):  # once set, nobody can "set it first" again
        services.auth.set_first_password("kim", "another long password", "ws")


def test_temporary_password_must_be_changed(services: Services, admin) -> None:  # type: ignore[no-untyped-def]
    created = services.users.create_user(admin.actor, "desk", "Sam Front", Role.FRONT_DESK,
                                         temporary_password="temporary pass 1")
    signed = services.auth.sign_in("desk", "temporary pass 1", "ws")
    assert signed.must_change_password and signed.actor.role is Role.FRONT_DESK
    services.auth.change_password(signed.actor, "temporary pass 1", PASSWORD)
    assert not services.auth.sign_in("desk", PASSWORD, "ws").must_change_password
    services.auth.set_temporary_password(admin.actor, created.created_id or 0, "reset by admin 2")
    assert services.auth.sign_in("desk", "reset by admin 2", "ws").must_change_password


def test_disabled_users_cannot_sign_in_and_their_old_actor_is_refused(services: Services, admin) -> None:  # type: ignore[no-untyped-def]
    created = services.users.create_user(admin.actor, "kim", "Kim Lee", Role.CLINICIAN,
                                         temporary_password="temporary pass 1")
    kim = services.auth.sign_in("kim", "temporary pass 1", "ws").actor
    services.users.set_active(admin.actor, created.created_id or 0, False)
    with pytest.raises(AuthenticationFailed):
        services.auth.sign_in("kim", "temporary pass 1", "ws")
    with pytest.raises(PermissionDenied, match="not an active user"):
        services.users.create_user(kim, "x1", "X", Role.CLINICIAN)


def test_the_last_administrator_cannot_be_disabled_or_demoted(services: Services, admin) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="at least one active administrator"):
        services.users.set_active(admin.actor, admin.actor.user_id, False)
    with pytest.raises(ValidationError, match="at least one active administrator"):
        services.users.set_role(admin.actor, admin.actor.user_id, Role.CLINICIAN)


def test_parameters_changed_means_the_hash_is_renewed_at_sign_in(services: Services, admin) -> None:  # type: ignore[no-untyped-def]
    with services.db.reading() as s:
        before = s.scalar(select(User.password_hash).where(User.username == "amira"))
    stronger = PasswordHasher.from_parameters(profiles.CHEAPEST)
    stronger = PasswordHasher(time_cost=stronger.time_cost + 1, memory_cost=stronger.memory_cost,
                              parallelism=stronger.parallelism)
    AuthService(services.db, stronger).sign_in("amira", PASSWORD, "ws")
    with services.db.reading() as s:
        after = s.scalar(select(User.password_hash).where(User.username == "amira"))
    assert before != after and f"t={stronger.time_cost}" in (after or "")


def test_no_password_or_hash_reaches_the_log_or_the_audit(
    services: Services, admin, caplog: pytest.LogCaptureFixture  # type: ignore[no-untyped-def]
) -> None:
    with caplog.at_level(logging.DEBUG):
        for attempt in ("wrong one here", "wrong two here", "wrong three here", "wrong four here",
                        "wrong five here"):
            with pytest.raises((AuthenticationFailed, AccountLocked)):
                services.auth.sign_in("amira", attempt, "ws")
        services.users.create_user(admin.actor, "kim", "Kim Lee", Role.CLINICIAN,
                                   temporary_password="temporary pass 1")
    with services.db.reading() as s:
        stored = s.scalars(select(User.password_hash)).all()
        details = " ".join(f"{a.action} {a.changed_fields}" for a in s.scalars(select(AuditEntry)))
    secrets = [PASSWORD, "wrong one here", "wrong five here", "temporary pass 1",
               *(h for h in stored if h)]
    for secret in secrets:
        assert secret not in caplog.text and secret not in details


def test_a_user_may_lock_sooner_than_the_practice_but_never_later(services: Services, admin) -> None:  # type: ignore[no-untyped-def]
    assert admin.idle_lock_minutes == 10
    me = admin.actor
    services.users.set_idle_lock(me, me.user_id, 3)
    assert services.auth.sign_in("amira", PASSWORD, "ws").idle_lock_minutes == 3
    with pytest.raises(ValidationError, match="Between 1 and 10 minutes"):
        services.users.set_idle_lock(me, me.user_id, 30)
    services.auth.save_policy(me, SignInPolicy(idle_lock_minutes=2))
    assert services.auth.sign_in("amira", PASSWORD, "ws").idle_lock_minutes == 2
