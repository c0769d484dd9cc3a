"""Importing ACLED exports as events: bulk, idempotent on ``event_id_cnty``.

Each row becomes an ``Event`` (producer ``ingest.acled_csv.v1``); its notes become a
``Document`` linked by ``EventSource``, with an attribution status read from ACLED's coding
and the hedges in its notes.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from sentinelle.ingest.acled_csv import AcledRow, read_acled_csv
from sentinelle.ingest.dedup import content_hash
from sentinelle.store import Database, disorder_type_for
from sentinelle.store.acled import ACLED_COLUMNS, SUB_EVENT_TYPES
from sentinelle.store.enums import AttributionStatus, SourceKind
from sentinelle.store.models import Document, Event, EventSource, Sighting, Source

PRODUCER: Final = "ingest.acled_csv.v1"
# Core tables: executemany with RETURNING runs in batches there (the ORM goes row by row).
EVENTS: Final = cast(Table, Event.__table__)
DOCUMENTS: Final = cast(Table, Document.__table__)
EVENT_SOURCES: Final = cast(Table, EventSource.__table__)
SIGHTINGS: Final = cast(Table, Sighting.__table__)
BATCH_ROWS: Final = 2000  # rows per transaction: large enough for speed, small for memory
MAX_REJECTIONS_KEPT: Final = 1000  # rejection lines kept per import; the count is exact
CLAIMED: Final = re.compile(r"\bclaim(?:ed|s|ing)?\b|\brevendiqu", re.IGNORECASE)
SUSPECTED: Final = re.compile(
    r"\bsuspect(?:ed|s)?\b|\bpresum(?:ed|ably)\b|\bbelieved to\b|\bprésumé", re.IGNORECASE
)
ALLEGED: Final = re.compile(
    r"\ballege(?:d|dly)\b|\breportedly\b|\baccused of\b|\bsupposedly\b", re.IGNORECASE
)


@dataclass
class ImportCounts:
    """What an import did: rows read, events new, events already there, rows refused."""

    read: int = 0
    new: int = 0
    duplicate: int = 0
    rejected: int = 0
    rejections: list[str] = field(default_factory=list)

    def reject(self, line: str) -> None:
        """Count a refused row, keeping its reason."""
        self.rejected += 1
        if len(self.rejections) < MAX_REJECTIONS_KEPT:
            self.rejections.append(line)


def attribution_for(actor1: str | None, notes: str | None) -> AttributionStatus:
    """How firmly ACLED's actor1 is the perpetrator, from its coding and the notes' hedges."""
    if not actor1 or actor1.lower().startswith("unidentified"):
        return AttributionStatus.UNKNOWN
    text = notes or ""
    if CLAIMED.search(text):
        return AttributionStatus.CLAIMED
    if SUSPECTED.search(text):
        return AttributionStatus.SUSPECTED
    if ALLEGED.search(text):
        return AttributionStatus.ALLEGED
    return AttributionStatus.CONFIRMED


def import_acled_csv(
    database: Database, path: Path, *, ingest_run_id: int | None = None
) -> ImportCounts:
    """Store every row of the ACLED export at ``path`` as an event; rows already there are kept.

    Args:
        database: the store.
        path: an export of either vintage (current 31 columns or the older upper-case ones).
        ingest_run_id: the ingest run to credit the documents to, if any.

    Returns:
        The counts; refused rows are counted and named (line and reason), never stored.

    Raises:
        InputError: the file cannot be read or is not an ACLED export.
    """
    return import_acled_rows(database, read_acled_csv(path), str(path), ingest_run_id)


def import_acled_rows(
    database: Database, rows: Iterable[AcledRow], origin: str, ingest_run_id: int | None = None
) -> ImportCounts:
    """Import rows read from an export named ``origin``, one transaction per batch."""
    counts = ImportCounts()
    source_id: int | None = None
    for batch in _batched(rows):
        with database.session() as session:
            if source_id is None:
                source_id = _source_id(session, origin)
            _import_batch(session, batch, origin, source_id, ingest_run_id, counts)
    return counts


def _batched(rows: Iterable[AcledRow]) -> Iterator[list[AcledRow]]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, BATCH_ROWS)):
        yield batch


def _source_id(session: Session, origin: str) -> int:
    found = session.scalar(
        select(Source.id).where(Source.kind == SourceKind.ACLED_CSV.value, Source.origin == origin)
    )
    if found is not None:
        return found
    source = Source(kind=SourceKind.ACLED_CSV.value, origin=origin, name=Path(origin).name)
    session.add(source)
    session.flush()
    return source.id


def _import_batch(
    session: Session,
    batch: list[AcledRow],
    origin: str,
    source_id: int,
    run_id: int | None,
    counts: ImportCounts,
) -> None:
    counts.read += len(batch)
    fresh: dict[str, dict[str, Any]] = {}
    for row in batch:
        if row.error is not None:
            counts.reject(f"{origin}: {row.error}")
        elif row.values["event_id_cnty"] in fresh:
            counts.duplicate += 1
        else:
            fresh[row.values["event_id_cnty"]] = row.values
    existing = set(
        session.scalars(select(Event.event_id_cnty).where(Event.event_id_cnty.in_(list(fresh))))
    )
    counts.duplicate += len(existing)
    new = [values for key, values in fresh.items() if key not in existing]
    counts.new += len(new)
    if not new:
        return
    event_ids = _insert_events(session, new)
    document_ids = _insert_documents(session, new, origin, source_id, run_id)
    links: list[dict[str, Any]] = [
        {
            "event_id": event_ids[values["event_id_cnty"]],
            "document_id": document_ids[values["event_id_cnty"]],
            "producer": PRODUCER,
            "attribution_status": _attribution(values).value,
            "fatalities": values.get("fatalities"),
            "evidence": [],
        }
        for values in new
        if values["event_id_cnty"] in document_ids
    ]
    if links:
        session.execute(insert(EVENT_SOURCES), links)


def _attribution(values: dict[str, Any]) -> AttributionStatus:
    return attribution_for(values.get("actor1"), values.get("notes"))


def _event_row(values: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {column: values.get(column) for column in ACLED_COLUMNS}
    row["year"] = row["year"] or row["event_date"].year
    row["time_precision"] = row["time_precision"] or 1
    sub = row.get("sub_event_type")
    if not row.get("disorder_type") and sub in SUB_EVENT_TYPES:
        row["disorder_type"] = disorder_type_for(sub)
    row["attribution_status"] = _attribution(values).value
    row["producer"] = PRODUCER
    return row


def _insert_events(session: Session, new: list[dict[str, Any]]) -> dict[str, int]:
    # A plain executemany, then one SELECT for the ids: on PostgreSQL, RETURNING makes
    # SQLAlchemy build one huge multi-VALUES statement that psycopg parses slowly.
    session.execute(insert(EVENTS), [_event_row(values) for values in new])
    keys = [values["event_id_cnty"] for values in new]
    rows = session.execute(
        select(EVENTS.c.event_id_cnty, EVENTS.c.id).where(EVENTS.c.event_id_cnty.in_(keys))
    )
    return {key: event_id for key, event_id in rows}


def _insert_documents(
    session: Session, new: list[dict[str, Any]], origin: str, source_id: int, run_id: int | None
) -> dict[str, int]:
    """One document per distinct note text; returns event_id_cnty -> document id."""
    hashes = {v["event_id_cnty"]: content_hash(v["notes"]) for v in new if v.get("notes")}
    known: dict[str, int] = {
        digest: document_id
        for digest, document_id in session.execute(
            select(Document.content_hash, Document.id).where(
                Document.content_hash.in_(set(hashes.values()))
            )
        )
    }
    rows: dict[str, dict[str, Any]] = {}
    for values in new:
        digest = hashes.get(values["event_id_cnty"])
        if digest is not None and digest not in known and digest not in rows:
            rows[digest] = _document_row(values, digest, origin, source_id, run_id)
    if rows:
        session.execute(insert(DOCUMENTS), list(rows.values()))
        result = session.execute(
            select(DOCUMENTS.c.content_hash, DOCUMENTS.c.id).where(
                DOCUMENTS.c.content_hash.in_(list(rows))
            )
        )
        known.update({digest: document_id for digest, document_id in result})
    by_event = {key: known[digest] for key, digest in hashes.items()}
    session.execute(
        insert(SIGHTINGS),
        [
            {
                "document_id": document_id,
                "ingest_run_id": run_id,
                "origin": f"{origin}#{key}",
                "raw_hash": hashes[key],
            }
            for key, document_id in by_event.items()
        ],
    )
    return by_event


def _document_row(
    values: dict[str, Any], digest: str, origin: str, source_id: int, run_id: int | None
) -> dict[str, Any]:
    notes = values["notes"]
    key = values["event_id_cnty"]
    return {
        "source_id": source_id,
        "ingest_run_id": run_id,
        "kind": SourceKind.ACLED_CSV.value,
        "origin": f"{origin}#{key}",
        "content_hash": digest,
        "raw_hash": hashlib.sha256(notes.encode("utf-8")).hexdigest(),
        "language": "en",  # ACLED's coders write their notes in English
        "title": f"ACLED {key}: {values['event_type']}, {values.get('location') or ''}".strip(" ,"),
        "published_on": values["event_date"],
        "text": notes,
        "meta": {"event_id_cnty": key, "source": values.get("source")},
    }
