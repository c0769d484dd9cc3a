"""Alembic migrations run from inside the package, on every branch head at once.

Each stage that adds tables keeps its migrations on its own branch (``branch_labels``) rooted
at the core revision, so stages never fight over a single linear history.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from sentinelle.errors import NotADatabase
from sentinelle.store.database import Database, sqlite_path

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# PostgreSQL advisory lock key held during upgrades ("SNTLMIGR" in ASCII): any fixed value
# that no other application on the server uses.
MIGRATION_LOCK_KEY = 0x534E544C4D494752


def alembic_config(database: Database) -> Config:
    """An Alembic configuration bound to ``database``'s engine."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = database.engine
    return config


def current_revisions(database: Database) -> set[str]:
    """Revisions the database is at (empty for a fresh database)."""
    try:
        with database.engine.connect() as connection:
            return set(MigrationContext.configure(connection).get_current_heads())
    except DatabaseError as exc:
        path = sqlite_path(database.url)
        if path is not None:
            raise NotADatabase(
                f"{path} cannot be read as an SQLite database ({exc.orig})"
            ) from None
        raise


def head_revisions(database: Database) -> set[str]:
    """The newest revision of every branch shipped with this version."""
    return set(ScriptDirectory.from_config(alembic_config(database)).get_heads())


def upgrade_schema(database: Database) -> list[str]:
    """Apply every missing revision; returns the heads that were missing before."""
    before = current_revisions(database)
    heads = head_revisions(database)
    if before == heads:
        return []
    with _migration_lock(database):
        before = current_revisions(database)  # another process may have upgraded meanwhile
        if before != heads:
            command.upgrade(alembic_config(database), "heads")
    return sorted(heads - before)


@contextmanager
def _migration_lock(database: Database) -> Iterator[None]:
    """On PostgreSQL, one upgrade at a time across every process sharing the server."""
    if database.backend != "postgresql":
        yield  # SQLite: Alembic's write transaction already serialises upgrades
        return
    with database.engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        connection.commit()
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
            connection.commit()
