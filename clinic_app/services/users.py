"""Users of the app and the audit trail they leave."""

from __future__ import annotations

import json
import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic_app.domain.errors import NotFoundError, ValidationError
from clinic_app.domain.patients import Role
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import AuditEntry, User
from clinic_app.services.context import Actor, Changes, audit, require_role
from clinic_app.services.dto import AuditRow, UserRow

_USERNAME = re.compile(r"^[a-z0-9._-]{2,60}$")


def _row(u: User) -> UserRow:
    return UserRow(id=u.id, username=u.username, display_name=u.display_name,
                   role=Role(u.role), active=u.active)


class UserService:
    """Create and list users; read the audit trail."""

    def __init__(self, db: Database) -> None:
        self._db = db

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
                raise NotFoundError(f"User {user_id} does not exist.")
            return _row(user)

    def create_first_clinician(self, username: str, display_name: str,
                               workstation: str) -> UserRow:
        """Create the first user, a clinician, on an empty database."""
        with self._db.writing() as s:
            if s.scalar(select(func.count(User.id))):
                raise ValidationError({"username": "Users already exist; ask a clinician or "
                                       "administrator to add you."})
            user = self._add(s, username, display_name, Role.CLINICIAN)
            actor = Actor(user.id, user.display_name, Role.CLINICIAN, workstation)
            audit(s, actor, "create", "user", user.id, ["username", "display_name", "role"])
            return _row(user)

    def create_user(self, actor: Actor, username: str, display_name: str, role: Role) -> Changes:
        """Add a user (clinicians and administrators only)."""
        require_role(actor, Role.CLINICIAN, Role.ADMIN)
        with self._db.writing() as s:
            user = self._add(s, username, display_name, Role(role))
            audit(s, actor, "create", "user", user.id, ["username", "display_name", "role"])
            return Changes(users=True, created_id=user.id)

    def audit_trail(self, entity: str, entity_id: int) -> list[AuditRow]:
        """Every audit row about one record, oldest first."""
        with self._db.reading() as s:
            names = {uid: name for uid, name in s.execute(select(User.id, User.display_name))}
            rows = s.scalars(select(AuditEntry)
                             .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
                             .order_by(AuditEntry.at, AuditEntry.id))
            return [AuditRow(at=a.at, user=names.get(a.user_id or 0, ""),
                             workstation=a.workstation, action=a.action, entity=a.entity,
                             entity_id=a.entity_id,
                             changed_fields=tuple(json.loads(a.changed_fields or "[]")))
                    for a in rows]

    @staticmethod
    def _add(s: Session, username: str, display_name: str, role: Role) -> User:
        username = username.strip().lower()
        display_name = display_name.strip()
        errors: dict[str, str] = {}
        if not _USERNAME.match(username):
            errors["username"] = "2-60 characters: lower-case letters, digits, '.', '_' or '-'."
        elif s.scalar(select(User.id).where(User.username == username)) is not None:
            errors["username"] = "This user name is taken."
        if not display_name:
            errors["display_name"] = "Required."
        elif len(display_name) > 120:
            errors["display_name"] = "Too long: at most 120 characters."
        if errors:
            raise ValidationError(errors)
        user = User(username=username, display_name=display_name, role=role.value, active=True)
        s.add(user)
        s.flush()
        return user
