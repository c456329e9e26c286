"""Turn typed service errors into short, translated messages for people."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from clinic_app.domain.errors import (
    ClinicError,
    ConflictError,
    NotFoundError,
    PermissionDenied,
    RecordLocked,
    ValidationError,
)

logger = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def conflict_message(exc: ConflictError) -> str:
    """"Changed by Kim Lee at 10:42 — reload or keep yours"."""
    when = exc.changed_at.astimezone().strftime("%H:%M") if exc.changed_at else _tr("just now")
    return _tr("{entity} was changed by {who} at {when} — reload or keep yours.").format(
        entity=exc.entity, who=exc.changed_by, when=when)


def describe(exc: BaseException) -> str:
    """One message a user can act on."""
    if isinstance(exc, ConflictError):
        return conflict_message(exc)
    if isinstance(exc, ValidationError):
        return _tr("Please correct the highlighted fields:") + "\n" + "\n".join(
            f"• {field.replace('_', ' ')}: {msg}" for field, msg in exc.errors.items())
    if isinstance(exc, PermissionDenied | RecordLocked | NotFoundError | ClinicError):
        return str(exc)
    logger.error("unexpected error", exc_info=exc)
    return _tr("Something went wrong: {error}. The details are in the log file.").format(
        error=type(exc).__name__)
