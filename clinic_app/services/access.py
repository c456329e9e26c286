"""Authorisation: every service call checks the matrix with the role stored for the user.

The ``Actor`` a caller passes names who acts; what they may do is read from the database in
this call, so a role declared by the caller, a disabled account or a role changed by an
administrator a minute ago all count for nothing.
"""

from __future__ import annotations

import json
from functools import cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from clinic_app.domain.access import ACTION_NAMES, ROLE_NAMES, Action, SignInPolicy, may
from clinic_app.domain.errors import PermissionDenied
from clinic_app.domain.messages import msg
from clinic_app.domain.patients import Role
from clinic_app.persistence.db import Database
from clinic_app.persistence.models import PracticeSetting, User
from clinic_app.services.context import Actor

POLICY_KEY = "security"
"""The ``practice_setting`` row holding the sign-in policy."""


@cache
def _role_query() -> Select[str, bool]:
    """A user's stored role and whether the account is active (built once: every service
    call asks it, and two columns cost less than loading the whole user)."""
    return select(User.role, User.active).where(User.id == bindparam("user_id"))


def stored_role(session: Session, actor: Actor) -> Role:
    """The actor's role as stored; refuses unknown and disabled users."""
    found = session.execute(_role_query(), {"user_id": actor.user_id}).first()
    if found is None or not found.active:
        raise PermissionDenied(msg("access.not_active_user_practice_any", display_name=actor.display_name))
    return Role(found.role)


def check(session: Session, actor: Actor, action: Action) -> Role:
    """Refuse ``action`` unless the stored role allows it; inside the caller's transaction."""
    role = stored_role(session, actor)
    if not may(role, action):
        raise PermissionDenied(msg("access.signed_as_which_may_not",
                                   display_name=actor.display_name, role=ROLE_NAMES[role],
                                   action=ACTION_NAMES[action]))
    return role


def load_policy(db: Database) -> SignInPolicy:
    """The practice's sign-in rules (defaults until an administrator changes them)."""
    with db.reading() as s:
        row = s.get(PracticeSetting, POLICY_KEY)
    if row is None:
        return SignInPolicy()
    known = SignInPolicy.__dataclass_fields__
    return SignInPolicy(**{k: int(v) for k, v in json.loads(row.value).items() if k in known})


def authorize(db: Database, actor: Actor, action: Action) -> Role:
    """Refuse ``action`` unless the stored role allows it (a short read of its own)."""
    with db.reading() as session:
        return check(session, actor, action)
