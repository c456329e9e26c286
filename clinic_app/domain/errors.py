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


class RecordBusy(ClinicError):
    """Another workstation held the record (or the database) longer than the lock timeout."""

    def __init__(self) -> None:
        super().__init__("This record is busy: another workstation is saving it. "
                         "Nothing was saved yet; try again in a moment.")


class UnsafeDatabaseLocation(ClinicError):
    """An SQLite file was placed somewhere that corrupts it (network or cloud-synced folder)."""


class DatabaseFault(ClinicError):
    """The database cannot be opened or used as it is; ``kind`` says why (see ``FAULT_KINDS``).

    The message is plain words for the person at the desk; the UI offers the choices that fit
    the kind (restore a backup, open another file, retry, quit).
    """

    kind: str = "unusable"

    def __init__(self, message: str, kind: str | None = None) -> None:
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
        super().__init__("The user name or password is not right.")


class AccountLocked(ClinicError):
    """Too many wrong passwords: the account refuses sign-in until ``until``."""

    def __init__(self, until: datetime) -> None:
        self.until = until
        super().__init__(f"This account is locked after too many wrong passwords until "
                         f"{until.isoformat(timespec='minutes')}.")


class PasswordNotSet(ClinicError):
    """The user has no password yet (a database from before sign-in): they choose one now."""
