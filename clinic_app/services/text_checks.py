"""Refuse text that cannot be stored, by field name, before a service validates anything else."""

from __future__ import annotations

from clinic_app.domain.errors import ValidationError
from clinic_app.domain.text_rules import text_errors


def refuse_unstorable(value: object, field: str = "") -> None:
    """Raise ``ValidationError`` naming every field of ``value`` holding a character that cannot
    be stored (NUL, control characters, lone surrogates: ``domain.text_rules``)."""
    errors = text_errors(value, field)
    if errors:
        raise ValidationError(errors)
