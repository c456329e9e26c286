"""One place that writes a practice-wide setting row (JSON under a key) in a transaction."""

from __future__ import annotations

from sqlalchemy.orm import Session

from clinic_app.persistence.models import PracticeSetting
from clinic_app.services.context import Actor


def store_setting(s: Session, key: str, value: str, actor: Actor) -> bool:
    """Create or replace the setting ``key``; returns True when it was created."""
    row = s.get(PracticeSetting, key)
    if row is None:
        s.add(PracticeSetting(key=key, value=value, updated_by_id=actor.user_id))
    else:
        row.value, row.updated_by_id = value, actor.user_id
    s.flush()
    return row is None
