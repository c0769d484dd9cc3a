"""Stored events as records, filtered, and written as ACLED CSV or GeoJSON."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TextIO

from sqlalchemy import or_, select

from sentinelle.store import ACLED_COLUMNS, Database
from sentinelle.store.models import Event

# Columns of the default listing: what an analyst scans first.
LIST_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "attribution_status",
    "actor2",
    "admin1",
    "location",
    "fatalities",
    "injured",
    "hostages",
    "producer",
)
# Sentinelle's own columns that follow ACLED's in jsonl/csv.
OWN_COLUMNS = (
    "admin1_pcode",
    "admin2_pcode",
    "fatalities_min",
    "fatalities_max",
    "injured",
    "hostages",
    "attribution_status",
    "confidence",
    "producer",
)


@dataclass(frozen=True)
class EventFilter:
    """Which stored events to list."""

    since: dt.date | None = None
    until: dt.date | None = None
    admin1: str | None = None
    event_type: str | None = None
    actor: str | None = None


def list_events(database: Database, where: EventFilter) -> list[dict[str, Any]]:
    """Stored events matching the filter, oldest first, as plain records."""
    query = select(Event).order_by(Event.event_date, Event.id)
    if where.since:
        query = query.where(Event.event_date >= where.since)
    if where.until:
        query = query.where(Event.event_date <= where.until)
    if where.admin1:
        query = query.where(Event.admin1 == where.admin1)
    if where.event_type:
        query = query.where(
            or_(Event.event_type == where.event_type, Event.sub_event_type == where.event_type)
        )
    if where.actor:
        pattern = f"%{where.actor}%"
        query = query.where(or_(Event.actor1.ilike(pattern), Event.actor2.ilike(pattern)))
    with database.session() as session:
        return [_record(row) for row in session.scalars(query)]


def _record(row: Event) -> dict[str, Any]:
    return {column: getattr(row, column) for column in (*ACLED_COLUMNS, *OWN_COLUMNS)}


def write_acled_csv(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """ACLED's 31 columns under ACLED's own names, so existing scripts read the file."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ACLED_COLUMNS)
    count = 0
    for record in records:
        writer.writerow([_acled_cell(record[c]) for c in ACLED_COLUMNS])
        count += 1
    return count


def _acled_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_geojson(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """A FeatureCollection of the located events (unlocated ones are left out)."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
            "properties": {
                k: _acled_cell(v) if isinstance(v, dt.date) else v
                for k, v in r.items()
                if k not in ("latitude", "longitude")
            },
        }
        for r in records
        if r["latitude"] is not None and r["longitude"] is not None
    ]
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)
