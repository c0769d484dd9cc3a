"""The accord migration creates exactly the tables the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from sentinelle.store import Database
from sentinelle.store.models import Base


def test_the_migrated_accord_tables_match_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    ours = [diff for diff in differences if "accord_" in repr(diff)]
    assert ours == []
    assert {"accord_agreements", "accord_status_changes"} <= set(db.table_names())
