"""How long a PostgreSQL session waits for another workstation's lock, and runs one statement.

A practice setting (one value for every workstation). A save that waits longer than the lock
timeout says the record is busy and offers a retry; the statement timeout stops any one query
that runs away. Whole seconds, validated together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from clinic_app.domain.messages import coded, msg

LOCK_RANGE = (1, 120)
"""Allowed lock timeout, seconds."""
STATEMENT_RANGE = (5, 3600)
"""Allowed statement timeout, seconds."""


@dataclass(frozen=True, slots=True)
class SessionTimeouts:
    """The practice's database waits, in whole seconds."""

    lock_timeout_s: int = 5
    """A save behind another workstation's row or table lock gives up after this."""
    statement_timeout_s: int = 30
    """No single statement runs longer than this."""

    def to_mapping(self) -> dict[str, int]:
        """Field name → value (what is stored)."""
        return {"lock_timeout_s": self.lock_timeout_s, "statement_timeout_s": self.statement_timeout_s}

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> SessionTimeouts:
        """Build and validate; unknown keys are ignored, missing ones take the defaults."""
        timeouts = cls(**{k: v for k, v in values.items() if k in cls.__dataclass_fields__})
        errors = timeouts.problems()
        if errors:
            raise ValueError("; ".join(errors.values()))
        return timeouts

    def problems(self) -> dict[str, str]:
        """Field name → plain-words message for every value out of range."""
        errors: dict[str, str] = {}
        for name, (low, high), what in (
                ("lock_timeout_s", LOCK_RANGE, "The wait for another workstation's lock"),
                ("statement_timeout_s", STATEMENT_RANGE, "The longest a database statement may run")):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                errors[name] = coded(msg("db_timeouts.must_whole_number_seconds_from",
                                         what=what, low=low, high=high))
        if not errors and self.statement_timeout_s < self.lock_timeout_s:
            errors["statement_timeout_s"] = (coded(msg("db_timeouts.longest_database_statement_may_run")))
        return errors

    def in_ms(self) -> tuple[int, int]:
        """``(lock, statement)`` in milliseconds, as PostgreSQL takes them."""
        return self.lock_timeout_s * 1000, self.statement_timeout_s * 1000
