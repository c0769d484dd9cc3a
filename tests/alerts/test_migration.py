"""The response migration creates exactly the tables, columns and types the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from sentinelle.store import Database
from sentinelle.store.models import Base

TABLES = {
    "responders",
    "alert_transitions",
    "alert_assignments",
    "alert_escalations",
    "outbox",
    "deliveries",
    "alert_sources",
    "attribution_changes",
    "alert_actions",
}


def test_the_migrated_response_tables_match_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    ours = [diff for diff in differences if any(f"'{name}'" in repr(diff) for name in TABLES)]
    assert ours == []
    assert set(db.table_names()) >= TABLES
