"""Typed errors raised by services; the UI turns them into messages beside the fields."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime


class ClinicError(Exception):
    """Base class of every error a service raises on purpose."""


class ValidationError(ClinicError):
    """Input was refused; ``errors`` maps a field name to a message for that field."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors: dict[str, str] = dict(errors)
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


class UnsafeDatabaseLocation(ClinicError):
    """An SQLite file was placed somewhere that corrupts it (network or cloud-synced folder)."""


class DatabaseTooNew(ClinicError):
    """The database was upgraded by a newer version of the app than this one."""


class AuthenticationFailed(ClinicError):
    """The user name or password was wrong (which of the two is never said)."""

    def __init__(self, attempts_left: int | None = None) -> None:
        self.attempts_left = attempts_left
        super().__init__("The user name or password is not right.")


class AccountLocked(ClinicError):
    """Too many wrong passwords: the account refuses sign-in until ``until``."""

    def __init__(self, until: datetime) -> None:
        self.until = until
        super().__init__(f"This account is locked after too many wrong passwords until "
                         f"{until.isoformat(timespec='minutes')}.")


class PasswordNotSet(ClinicError):
    """The user has no password yet (a database from before sign-in): they choose one now."""
