"""Signing in: Argon2id passwords, lock-out after repeated failures, the practice's sign-in policy.

Every attempt, success, lock and password change is audited; no password or hash is ever
logged or written to the audit details (only the names of the fields that changed).
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic_app.domain.access import Action, SignInPolicy, password_problem
from clinic_app.domain.errors import (
    AccountLocked,
    AuthenticationFailed,
    PasswordNotSet,
    ValidationError,
)
from clinic_app.domain.messages import msg
from clinic_app.domain.patients import Role
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import PracticeSetting, User
from clinic_app.services.access import POLICY_KEY, authorize, load_policy
from clinic_app.services.context import Actor, Changes, audit
from clinic_app.services.users import add_user_row

logger = logging.getLogger(__name__)

@dataclass(frozen=True, slots=True)
class SignedIn:
    """Who signed in, with what the window needs to know about them."""

    actor: Actor
    username: str
    must_change_password: bool
    idle_lock_minutes: int


class AuthService:
    """Sign in, unlock, passwords and the practice's sign-in policy."""

    def __init__(self, db: Database, hasher: PasswordHasher | None = None) -> None:
        self._db = db
        self._hasher = hasher or PasswordHasher()  # Argon2id, RFC 9106 low-memory profile

    # -- policy -------------------------------------------------------------------------------
    def policy(self) -> SignInPolicy:
        """The practice's sign-in rules (defaults until an administrator changes them)."""
        return load_policy(self._db)

    def save_policy(self, actor: Actor, policy: SignInPolicy) -> Changes:
        """Change the practice's sign-in rules (administrators)."""
        authorize(self._db, actor, Action.PRACTICE_SECURITY)
        errors = policy.validate()
        if errors:
            raise ValidationError(errors)
        data = json.dumps(asdict(policy), sort_keys=True)
        with self._db.writing() as s:
            row = s.get(PracticeSetting, POLICY_KEY)
            before = json.loads(row.value) if row is not None else asdict(SignInPolicy())
            if row is None:
                s.add(PracticeSetting(key=POLICY_KEY, value=data, updated_by_id=actor.user_id))
            else:
                row.value, row.updated_by_id = data, actor.user_id
            s.flush()
            audit(s, actor, "update", "practice_setting", 0,
                  [k for k, v in asdict(policy).items() if before.get(k) != v])
        return Changes(entity="security")

    # -- first run ----------------------------------------------------------------------------
    def has_users(self) -> bool:
        """True once anyone can sign in."""
        with self._db.reading() as s:
            return bool(s.scalar(select(func.count(User.id))))

    def create_first_admin(self, username: str, display_name: str, password: str,
                           workstation: str) -> SignedIn:
        """Create the practice's first user, an administrator, and sign them in."""
        self._check_new_password(password, username)
        with self._db.writing() as s:
            if s.scalar(select(func.count(User.id))):
                raise ValidationError({"username": msg("auth.users_already_exist_sign_ask")})
            user = add_user_row(s, username, display_name, Role.ADMIN)
            user.password_hash = self._hasher.hash(password)
            actor = Actor(user.id, user.display_name, Role.ADMIN, workstation)
            audit(s, actor, "create", "user", user.id,
                  ["username", "display_name", "role", "password"])
            audit(s, actor, "sign_in", "user", user.id)
            return self._signed_in(user, actor)

    # -- signing in ---------------------------------------------------------------------------
    def sign_in(self, username: str, password: str, workstation: str) -> SignedIn:
        """Check the password and return the signed-in user.

        Raises:
            AuthenticationFailed: unknown user, disabled account or wrong password.
            AccountLocked: too many wrong passwords; says until when.
            PasswordNotSet: the user has no password yet and must choose one.
        """
        policy = self.policy()
        now = self._db.clock.now()
        refusal: Exception | None = None  # raised after the commit, so the audit rows are kept
        with self._db.writing() as s:
            user = _by_username(s, username)
            if user is None or not user.active:
                if user is not None:
                    audit(s, _as_actor(user, workstation), "sign_in_refused", "user", user.id,
                          ["disabled"])
                refusal = AuthenticationFailed()
            elif user.locked_until is not None and user.locked_until > now:
                audit(s, _as_actor(user, workstation), "sign_in_refused", "user", user.id, ["locked"])
                refusal = AccountLocked(user.locked_until)
            elif user.password_hash is None:
                refusal = PasswordNotSet(user.display_name)
            elif not self._verify(user, password):
                refusal = self._count_failure(s, user, workstation, policy)
            else:
                user.failed_attempts, user.locked_until = 0, None
                if self._hasher.check_needs_rehash(user.password_hash):
                    user.password_hash = self._hasher.hash(password)
                actor = _as_actor(user, workstation)
                audit(s, actor, "sign_in", "user", user.id)
                return self._signed_in(user, actor)
        raise refusal

    def _count_failure(self, s: Session, user: User, workstation: str,
                       policy: SignInPolicy) -> Exception:
        actor = _as_actor(user, workstation)
        audit(s, actor, "sign_in_failed", "user", user.id, ["password"])
        user.failed_attempts = (user.failed_attempts or 0) + 1
        left = policy.max_failed_attempts - user.failed_attempts
        if left > 0:
            return AuthenticationFailed(left)
        user.locked_until = self._db.clock.now() + timedelta(minutes=policy.lockout_minutes)
        user.failed_attempts = 0
        audit(s, actor, "account_locked", "user", user.id, ["locked_until"])
        logger.warning("user %s locked after %d failed sign-ins", user.id, policy.max_failed_attempts)
        return AccountLocked(user.locked_until)

    def set_first_password(self, username: str, password: str, workstation: str) -> SignedIn:
        """A user from before sign-in existed chooses a password, and is signed in."""
        with self._db.writing() as s:
            user = _by_username(s, username)
            if user is None or not user.active or user.password_hash is not None:
                raise AuthenticationFailed()
            self._check_new_password(password, user.username)
            user.password_hash = self._hasher.hash(password)
            user.must_change_password = False
            actor = _as_actor(user, workstation)
            audit(s, actor, "set_password", "user", user.id, ["password"])
            audit(s, actor, "sign_in", "user", user.id)
            return self._signed_in(user, actor)

    def change_password(self, actor: Actor, current: str, new: str) -> None:
        """The signed-in user changes their own password (also when told they must)."""
        with self._db.writing() as s:
            user = s.get(User, actor.user_id)
            if user is None or not user.active:
                raise AuthenticationFailed()
            if not self._verify(user, current):
                raise ValidationError({"current_password": msg("auth.not_your_current_password")})
            if new == current:
                raise ValidationError({"new_password": msg("auth.choose_password_you_have_not")})
            self._check_new_password(new, user.username)
            user.password_hash = self._hasher.hash(new)
            user.must_change_password = False
            audit(s, actor, "change_password", "user", user.id, ["password"])

    def set_temporary_password(self, actor: Actor, user_id: int, password: str) -> Changes:
        """An administrator sets a password the user must change at next sign-in; unlocks too."""
        authorize(self._db, actor, Action.MANAGE_USERS)
        with self._db.writing() as s:
            user = s.get(User, user_id)
            if user is None:
                raise ValidationError({"user": msg("auth.user_does_not_exist")})
            self._check_new_password(password, user.username)
            user.password_hash = self._hasher.hash(password)
            user.must_change_password = True
            user.failed_attempts, user.locked_until = 0, None
            audit(s, actor, "set_password", "user", user.id, ["password", "must_change_password"])
        return Changes(users=True)

    def sign_out(self, actor: Actor, reason: str = "sign_out") -> None:
        """Record that the user left (signed out, switched user or the app closed)."""
        with self._db.writing() as s:
            audit(s, actor, reason, "user", actor.user_id)

    # -- helpers ------------------------------------------------------------------------------
    def _verify(self, user: User, password: str) -> bool:
        if not user.password_hash:
            return False
        try:
            return bool(self._hasher.verify(user.password_hash, password))
        except VerifyMismatchError:
            return False
        except (VerificationError, InvalidHashError):
            logger.warning("stored password hash of user %s cannot be read", user.id)
            return False

    def _check_new_password(self, password: str, username: str) -> None:
        problem = password_problem(password, self.policy(), username=username)
        if problem:
            raise ValidationError({"password": problem})

    def _signed_in(self, user: User, actor: Actor) -> SignedIn:
        practice = self.policy().idle_lock_minutes
        own = user.idle_lock_minutes
        return SignedIn(actor=actor, username=user.username,
                        must_change_password=bool(user.must_change_password),
                        idle_lock_minutes=min(own, practice) if own else practice)


def _by_username(s: Session, username: str) -> User | None:
    return s.scalar(select(User).where(User.username == username.strip().lower()))


def _as_actor(user: User, workstation: str) -> Actor:
    return Actor(user.id, user.display_name, Role(user.role), workstation[:120])
