"""Alembic environment: runs on the engine handed over by ``sentinelle.store.migrate``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine, create_engine

from sentinelle.store.models import Base

config = context.config


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if isinstance(engine, Engine):
        return engine
    url = config.get_main_option("sqlalchemy.url") or "sqlite:///sentinelle.db"
    return create_engine(url)


def run_migrations_online() -> None:
    """Run every pending migration in one transaction per revision."""
    with _engine().connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            transaction_per_migration=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
