"""Alembic migrations run from inside the package, on every branch head at once.

Each stage that adds tables keeps its migrations on its own branch (``branch_labels``) rooted
at the core revision, so stages never fight over a single linear history.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import DatabaseError

from sentinelle.errors import NotADatabase
from sentinelle.store.database import Database, sqlite_path

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


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
    command.upgrade(alembic_config(database), "heads")
    return sorted(heads - before)
