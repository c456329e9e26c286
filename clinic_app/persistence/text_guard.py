"""The last check before a row is written: no text that one database stores and another refuses.

The services check every field by name first (``domain.text_rules``); this catches any text they
did not, so a NUL or a lone surrogate is refused the same way on SQLite and PostgreSQL and never
ends as a driver error.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from clinic_app.domain.errors import ValidationError
from clinic_app.domain.text_rules import text_problem


def refuse_unstorable_text(session: Session, _context: Any, _instances: Any) -> None:
    """``before_flush``: raise ``ValidationError`` naming the column of any unstorable text."""
    errors: dict[str, str] = {}
    for obj in [*session.new, *session.dirty]:
        state = sa_inspect(obj)
        for attr in state.mapper.column_attrs:
            value = state.dict.get(attr.key)
            if not isinstance(value, str):
                continue
            if obj not in session.new and not state.attrs[attr.key].history.has_changes():
                continue
            problem = text_problem(value, multiline=True)
            if problem is not None:
                errors.setdefault(attr.key, problem)
    if errors:
        raise ValidationError(errors)
