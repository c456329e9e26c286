"""Users of the app and the audit trail they leave."""

from __future__ import annotations

import json
import re

from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic_app.domain.access import Action, SignInPolicy, password_problem
from clinic_app.domain.errors import NotFoundError, ValidationError
from clinic_app.domain.messages import Message, msg
from clinic_app.domain.patients import Role
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import AuditEntry, User
from clinic_app.services.access import authorize, load_policy
from clinic_app.services.context import Actor, Changes, audit, display_names
from clinic_app.services.dto import AuditRow, UserRow
from clinic_app.services.text_checks import refuse_unstorable

_USERNAME = re.compile(r"^[a-z0-9._-]{2,60}$")


def _row(u: User) -> UserRow:
    return UserRow(id=u.id, username=u.username, display_name=u.display_name,
                   role=Role(u.role), active=u.active, has_password=u.password_hash is not None,
                   must_change_password=bool(u.must_change_password), locked_until=u.locked_until,
                   idle_lock_minutes=u.idle_lock_minutes)


class UserService:
    """Create and list users; read the audit trail."""

    def __init__(self, db: Database, hasher: PasswordHasher | None = None) -> None:
        self._db = db
        self._hasher = hasher or PasswordHasher()

    def has_users(self) -> bool:
        """True once at least one user exists."""
        with self._db.reading() as s:
            return bool(s.scalar(select(func.count(User.id))))

    def list_users(self, active_only: bool = True) -> list[UserRow]:
        """Users by name."""
        stmt = select(User).order_by(User.display_name)
        if active_only:
            stmt = stmt.where(User.active.is_(True))
        with self._db.reading() as s:
            return [_row(u) for u in s.scalars(stmt)]

    def get(self, user_id: int) -> UserRow:
        """One user."""
        with self._db.reading() as s:
            user = s.get(User, user_id)
            if user is None:
                raise NotFoundError(msg("user.not_found", user_id=user_id))
            return _row(user)

    def create_first_clinician(self, username: str, display_name: str,
                               workstation: str) -> UserRow:
        """Create the first user, a clinician, on an empty database."""
        with self._db.writing() as s:
            if s.scalar(select(func.count(User.id))):
                raise ValidationError({"username": msg("users.users_already_exist_ask_clinician")})
            user = add_user_row(s, username, display_name, Role.CLINICIAN)
            actor = Actor(user.id, user.display_name, Role.CLINICIAN, workstation)
            audit(s, actor, "create", "user", user.id, ["username", "display_name", "role"])
            return _row(user)

    def create_user(self, actor: Actor, username: str, display_name: str, role: Role,
                    temporary_password: str = "") -> Changes:
        """Add a user (administrators); with a temporary password they must change at sign-in.

        Without one, the user chooses their own password the first time they sign in.
        """
        authorize(self._db, actor, Action.MANAGE_USERS)
        refuse_unstorable({"username": username, "display_name": display_name})
        if temporary_password:
            problem = password_problem(temporary_password, self._policy(), username=username)
            if problem:
                raise ValidationError({"password": problem})
        with self._db.writing() as s:
            user = add_user_row(s, username, display_name, Role(role))
            fields = ["username", "display_name", "role"]
            if temporary_password:
                user.password_hash = self._hasher.hash(temporary_password)
                user.must_change_password = True
                fields.append("password")
            audit(s, actor, "create", "user", user.id, fields)
            return Changes(users=True, created_id=user.id)

    def set_active(self, actor: Actor, user_id: int, active: bool) -> Changes:
        """Disable a user (they can no longer sign in; their records stay theirs) or enable them."""
        authorize(self._db, actor, Action.MANAGE_USERS)
        with self._db.writing() as s:
            user = self._user(s, user_id)
            if not active and user.role == Role.ADMIN.value:
                self._keep_an_admin(s, user.id)
            if user.active != active:
                user.active = active
                user.failed_attempts, user.locked_until = 0, None
                audit(s, actor, "enable" if active else "disable", "user", user.id, ["active"])
        return Changes(users=True)

    def set_role(self, actor: Actor, user_id: int, role: Role) -> Changes:
        """Change what a user may do."""
        authorize(self._db, actor, Action.MANAGE_USERS)
        with self._db.writing() as s:
            user = self._user(s, user_id)
            if user.role == Role.ADMIN.value and role is not Role.ADMIN:
                self._keep_an_admin(s, user.id)
            if user.role != role.value:
                user.role = role.value
                audit(s, actor, "update", "user", user.id, ["role"])
        return Changes(users=True)

    def set_idle_lock(self, actor: Actor, user_id: int, minutes: int | None) -> Changes:
        """A user's own, shorter auto-lock (``None``: the practice's); self or an administrator."""
        if user_id != actor.user_id:
            authorize(self._db, actor, Action.MANAGE_USERS)
        practice = self._policy().idle_lock_minutes
        if minutes is not None and not 1 <= minutes <= practice:
            raise ValidationError({"idle_lock_minutes": msg("users.between_1_minutes_practice_s",
                                                            practice=practice)})
        with self._db.writing() as s:
            user = self._user(s, user_id)
            user.idle_lock_minutes = minutes
            audit(s, actor, "update", "user", user.id, ["idle_lock_minutes"])
        return Changes(users=True)

    def _policy(self) -> SignInPolicy:
        return load_policy(self._db)

    @staticmethod
    def _user(s: Session, user_id: int) -> User:
        user = s.get(User, user_id)
        if user is None:
            raise NotFoundError(msg("user.not_found", user_id=user_id))
        return user

    @staticmethod
    def _keep_an_admin(s: Session, leaving_id: int) -> None:
        others = s.scalar(select(func.count(User.id)).where(
            User.role == Role.ADMIN.value, User.active.is_(True), User.id != leaving_id))
        if not others:
            raise ValidationError({"role": msg("users.practice_needs_least_one_active")})

    def audit_trail(self, entity: str, entity_id: int) -> list[AuditRow]:
        """Every audit row about one record, oldest first."""
        with self._db.reading() as s:
            names = display_names(s)
            rows = s.scalars(select(AuditEntry)
                             .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
                             .order_by(AuditEntry.at, AuditEntry.id))
            return [AuditRow(at=a.at, user=names.get(a.user_id or 0, ""),
                             workstation=a.workstation, action=a.action, entity=a.entity,
                             entity_id=a.entity_id,
                             changed_fields=tuple(json.loads(a.changed_fields or "[]")))
                    for a in rows]


def add_user_row(s: Session, username: str, display_name: str, role: Role) -> User:
    """Validate and add a user row (no password yet) in the caller's transaction."""
    username = username.strip().lower()
    display_name = display_name.strip()
    errors: dict[str, str | Message] = {}
    if not _USERNAME.match(username):
        errors["username"] = msg("users.2_60_characters_lower_case")
    elif s.scalar(select(User.id).where(User.username == username)) is not None:
        errors["username"] = msg("users.user_name_taken")
    if not display_name:
        errors["display_name"] = msg("common.required")
    elif len(display_name) > 120:
        errors["display_name"] = msg("users.too_long_most_120_characters")
    if errors:
        raise ValidationError(errors)
    user = User(username=username, display_name=display_name, role=role.value, active=True)
    s.add(user)
    s.flush()
    return user
