"""Declarative base with named constraints and the columns every editable table shares."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, MetaData, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from clinic_app.domain.errors import InvalidValue
from clinic_app.domain.messages import msg

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on every backend (SQLite keeps no zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Store aware datetimes in UTC; refuse naive ones."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise InvalidValue(msg("base.naive_datetime_given_where_utc"))
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Return aware UTC datetimes."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


CLOCK_OPTION = "stride_clinic_clock"
"""Execution option carrying the database's ``Clock`` down to column defaults."""


def utcnow() -> datetime:
    """Return the wall-clock time, aware, in UTC (only where no clock is at hand)."""
    return datetime.now(UTC)


def clock_now(context: Any) -> datetime:
    """Column default: the time from the clock the statement runs under (the database's)."""
    clock = context.execution_options.get(CLOCK_OPTION) if context is not None else None
    return clock.now() if clock is not None else utcnow()


class Base(DeclarativeBase):
    """Base of every model; constraint names follow ``NAMING`` so migrations stay stable."""

    metadata = MetaData(naming_convention=NAMING)


class Versioned:
    """Mixin for editable tables: optimistic version plus who changed the row last, and when."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock_now, onupdate=clock_now)

    @declared_attr
    def updated_by_id(cls) -> Mapped[int | None]:  # noqa: N805
        """The user who saved the row last."""
        return mapped_column(ForeignKey("app_user.id"), nullable=True)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:  # noqa: N805
        """Let SQLAlchemy bump ``version`` and refuse stale UPDATEs."""
        return {"version_id_col": cls.version}  # type: ignore[attr-defined]
