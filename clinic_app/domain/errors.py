"""Typed errors raised by services; the UI turns them into messages beside the fields."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from clinic_app.domain.messages import Message, as_message, english, msg


class ClinicError(Exception):
    """Base class of every error a service raises on purpose.

    Raised with a ``Message`` (``msg("patient.not_found", patient_id=7)``) it carries ``code``
    and ``params`` for the UI to translate; ``str(exc)`` is the English text either way.
    """

    def __init__(self, message: str | Message = "", *args: object) -> None:
        self.message_code: Message | None = message if isinstance(message, Message) else None
        super().__init__(english(message) if isinstance(message, Message) else message, *args)

    @property
    def code(self) -> str | None:
        """The catalogue code of the message, or None for an uncoded (English-only) text."""
        return self.message_code.code if self.message_code else None

    @property
    def params(self) -> Mapping[str, Any]:
        """The values the message template is filled with."""
        return self.message_code.params if self.message_code else {}


class InvalidValue(ValueError):
    """A domain rule refused a value: a ``ValueError`` whose message is also a coded ``Message``."""

    def __init__(self, message: Message) -> None:
        self.message_code = message
        super().__init__(english(message))

    @property
    def code(self) -> str:
        """The catalogue code of the message."""
        return self.message_code.code

    @property
    def params(self) -> Mapping[str, Any]:
        """The values the message template is filled with."""
        return self.message_code.params


class ValidationError(ClinicError):
    """Input was refused: ``entries`` maps a field name to its ``Message`` (code, params).

    ``errors`` maps the same fields to the English text (CLI, logs, tests); the UI shows the
    translated text of ``entries`` (``clinic_app.ui.errors.field_messages``).
    """

    def __init__(self, errors: Mapping[str, str | Message]) -> None:
        self.entries: dict[str, Message] = {k: as_message(v) for k, v in errors.items()}
        self.errors: dict[str, str] = {k: english(v) for k, v in self.entries.items()}
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


class NotFoundError(ClinicError):
    """The record asked for does not exist (or was removed by someone else)."""


class PermissionDenied(ClinicError):
    """The acting user's role does not allow the action."""


class RecordLocked(ClinicError):
    """The record can no longer change, e.g. a signed visit note."""


class ConflictError(ClinicError):
    """A save was based on stale data: someone else changed the record first."""

    def __init__(self, entity: str, changed_by: str, changed_at: datetime | None) -> None:
        self.entity = entity
        self.changed_by = changed_by
        self.changed_at = changed_at
        when = changed_at.isoformat(timespec="minutes") if changed_at else "an unknown time"
        super().__init__(f"{entity} was changed by {changed_by} at {when}")


class RecordBusy(ClinicError):
    """Another workstation held the record (or the database) longer than the lock timeout."""

    def __init__(self) -> None:
        super().__init__(msg("record.busy"))


class UnsafeDatabaseLocation(ClinicError):
    """An SQLite file was placed somewhere that corrupts it (network or cloud-synced folder)."""


class DatabaseFault(ClinicError):
    """The database cannot be opened or used as it is; ``kind`` says why (see ``FAULT_KINDS``).

    The message is plain words for the person at the desk; the UI offers the choices that fit
    the kind (restore a backup, open another file, retry, quit).
    """

    kind: str = "unusable"

    def __init__(self, message: str | Message, kind: str | None = None) -> None:
        if kind is not None:
            self.kind = kind
        super().__init__(message)

    @property
    def retry_may_help(self) -> bool:
        """Whether trying again later can succeed (a lock, a full disk, permissions fixed)."""
        return self.kind in {"locked", "disk_full", "read_only"}

    @property
    def backup_may_help(self) -> bool:
        """Whether restoring a backup over this file is a sensible choice."""
        return self.kind in {"not_a_database", "corrupt", "empty_file", "missing_revision"}


FAULT_KINDS = ("not_a_database", "corrupt", "empty_file", "read_only", "locked", "disk_full",
               "too_new", "missing_revision", "unusable")
"""Every ``DatabaseFault.kind``."""


class DatabaseTooNew(DatabaseFault):
    """The database was upgraded by a newer version of the app than this one."""

    kind = "too_new"


class BackupRefused(ClinicError):
    """A backup could not be made, or a backup file cannot be restored (nothing was changed)."""


class AuthenticationFailed(ClinicError):
    """The user name or password was wrong (which of the two is never said)."""

    def __init__(self, attempts_left: int | None = None) -> None:
        self.attempts_left = attempts_left
        super().__init__(msg("auth.wrong_credentials"))


class AccountLocked(ClinicError):
    """Too many wrong passwords: the account refuses sign-in until ``until``."""

    def __init__(self, until: datetime) -> None:
        self.until = until
        super().__init__(msg("auth.account_locked", until=until.isoformat(timespec="minutes")))


class PasswordNotSet(ClinicError):
    """The user has no password yet (a database from before sign-in): they choose one now."""
