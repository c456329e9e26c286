"""Turn typed service errors into short, translated messages for people."""

from __future__ import annotations

import errno
import logging
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

from clinic_app.domain.errors import (
    ClinicError,
    ConflictError,
    DatabaseFault,
    InvalidValue,
    NotFoundError,
    PermissionDenied,
    RecordBusy,
    RecordLocked,
    ValidationError,
)
from clinic_app.domain.messages import CONTEXT, TEXT, Message, as_message, fill, template

logger = logging.getLogger(__name__)


def render(message: Message) -> str:
    """A coded message in the user's language: the one place a catalogue template is translated."""
    if message.code == TEXT:
        return str(message.params.get("text", ""))
    return fill(QCoreApplication.translate(CONTEXT, template(message.code)), message.params)


def field_messages(exc: ValidationError) -> dict[str, str]:
    """The translated message of each refused field, for display beside the fields."""
    return {field: render(message) for field, message in exc.entries.items()}


def conflict_message(exc: ConflictError) -> str:
    """"Changed by Kim Lee at 10:42 — reload or keep yours"."""
    when = (exc.changed_at.astimezone().strftime("%H:%M") if exc.changed_at
            else QCoreApplication.translate("Errors", "just now"))
    return QCoreApplication.translate(
        "Errors", "{entity} was changed by {who} at {when} — reload or keep yours.").format(
        entity=exc.entity, who=exc.changed_by, when=when)


def validation_message(exc: ValidationError, labels: Mapping[str, str] | None = None) -> str:
    """The messages of a refused save, in plain words.

    Field keys are internal names and never shown: a message is prefixed with the visible label
    of its field only when ``labels`` names it (a form listing messages it could not place).
    """
    labels = labels or {}
    lines: list[str] = []
    for field, message in field_messages(exc).items():
        label = labels.get(field)
        line = f"{label}: {message}" if label else message
        if line not in lines:
            lines.append(line)
    if len(lines) == 1:
        return lines[0]
    return "\n".join(f"• {line}" for line in lines)


def describe(exc: BaseException, labels: Mapping[str, str] | None = None) -> str:
    """One message a user can act on (``labels``: visible labels of a form's fields by key)."""
    if isinstance(exc, ConflictError):
        return conflict_message(exc)
    if isinstance(exc, ValidationError):
        return validation_message(exc, labels)
    if isinstance(exc, RecordBusy):
        return QCoreApplication.translate(
            "Errors", "This record is busy: another workstation is saving it. Nothing was saved yet "
                      "— try again in a moment.")
    if (isinstance(exc, DatabaseFault) and exc.kind == "disk_full") or (
            isinstance(exc, OSError) and exc.errno == errno.ENOSPC):
        return QCoreApplication.translate(
            "Errors", "The disk is full, so this was not saved. What you typed is still here: free "
                      "some space (empty the recycle bin, move old files to another drive), then "
                      "save again.")
    if isinstance(exc, PermissionDenied | RecordLocked | NotFoundError | ClinicError | InvalidValue):
        return render(as_message(exc))
    logger.error("unexpected error", exc_info=exc)
    from clinic_app.logging_setup import log_file_path

    return QCoreApplication.translate(
        "Errors", "An unexpected problem ({error}) stopped this action; what it had not saved yet "
                  "was not saved. Try again, and if it happens again send the log file to whoever "
                  "looks after the app: {log}").format(
        error=type(exc).__name__, log=log_file_path() or QCoreApplication.translate(
            "Errors", "(no log file could be written)"))
