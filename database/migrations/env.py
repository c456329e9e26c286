"""Alembic environment: uses the app's engine when given one, else the ini file's URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from clinic_app.persistence.db import make_engine
from clinic_app.persistence.models import Base

config = context.config
target_metadata = Base.metadata


def _engine() -> Engine:
    given = config.attributes.get("connection_engine")
    if given is not None:
        return given
    return make_engine(config.get_main_option("sqlalchemy.url") or "", check_location=False)


def run_migrations_online() -> None:
    """Run migrations in one transaction (batch mode so SQLite can alter tables)."""
    engine = _engine()
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
