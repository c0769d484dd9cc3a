"""The store: the only stage that writes SQL. Mapped tables, sessions, migrations."""

from sentinelle.store import models
from sentinelle.store.acled import (
    ACLED_COLUMNS,
    DISORDER_TYPES,
    EVENT_TYPES,
    SUB_EVENT_TYPES,
    disorder_type_for,
)
from sentinelle.store.database import Database, open_database, sqlite_path
from sentinelle.store.enums import (
    ActorType,
    AttributionStatus,
    GeoPrecision,
    SourceKind,
    TimePrecision,
)

__all__ = [
    "ACLED_COLUMNS",
    "DISORDER_TYPES",
    "EVENT_TYPES",
    "SUB_EVENT_TYPES",
    "ActorType",
    "AttributionStatus",
    "Database",
    "GeoPrecision",
    "SourceKind",
    "TimePrecision",
    "disorder_type_for",
    "models",
    "open_database",
    "sqlite_path",
]
