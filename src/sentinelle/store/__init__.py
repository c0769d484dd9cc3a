"""The store: the only stage that writes SQL. Mapped tables, sessions, migrations."""

from sentinelle.store import models
from sentinelle.store.acled import (
    ACLED_COLUMNS,
    DISORDER_TYPES,
    EVENT_TYPES,
    SUB_EVENT_TYPES,
    disorder_type_for,
)
from sentinelle.store.boundaries import admin1_regions, admin2_cercles
from sentinelle.store.database import Database, open_database, sqlite_path
from sentinelle.store.enums import (
    ActorType,
    AlertSeverity,
    AlertState,
    AttributionStatus,
    GeoPrecision,
    RiskLevel,
    SourceKind,
    TimePrecision,
)

__all__ = [
    "ACLED_COLUMNS",
    "DISORDER_TYPES",
    "EVENT_TYPES",
    "SUB_EVENT_TYPES",
    "ActorType",
    "AlertSeverity",
    "AlertState",
    "AttributionStatus",
    "Database",
    "GeoPrecision",
    "RiskLevel",
    "SourceKind",
    "TimePrecision",
    "admin1_regions",
    "admin2_cercles",
    "disorder_type_for",
    "models",
    "open_database",
    "sqlite_path",
]
