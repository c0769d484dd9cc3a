"""Coding the store's documents: events and their sources, one coding per producer version."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sentinelle.extract.events import ExtractedEvent
from sentinelle.extract.gazetteer import Gazetteer
from sentinelle.extract.merging import absorb, same_event, window_of
from sentinelle.extract.pipeline import PRODUCER, ExtractOptions, Extractor, default_extractor
from sentinelle.extract.reference import load_places
from sentinelle.store import AttributionStatus, Database
from sentinelle.store.models import Actor, Document, DocumentCoding, Event, EventSource
from sentinelle.store.models import Place as PlaceRow

log = logging.getLogger(__name__)

# ACLED's numeric ISO codes and region for the countries the gazetteer resolves.
ISO_NUMERIC = {"Mali": 466, "Burkina Faso": 854, "Niger": 562, "Algeria": 12, "France": 250,
               "Mauritania": 478, "Senegal": 686, "Chad": 148, "Ivory Coast": 384,
               "Guinea": 324, "Nigeria": 566, "Libya": 434}  # fmt: skip
WESTERN_AFRICA = {"Mali", "Burkina Faso", "Niger", "Mauritania", "Senegal", "Ivory Coast",
                  "Guinea", "Nigeria"}  # fmt: skip
# Producers this stage owns: their events are replaced when a document is re-coded.
PRODUCER_PREFIX = "extract."


@dataclass(frozen=True)
class CodingCounts:
    """What one ``code_documents`` run did."""

    documents: int
    events: int
    merged: int
    failed: int


def code_documents(
    database: Database,
    *,
    extractor: Extractor | None = None,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CodingCounts:
    """Code every document the current producer has not coded; idempotent, re-codes on a bump."""
    extractor = extractor or default_extractor()
    with database.session() as session:
        pending = _pending(session, limit)
    documents = events = merged = failed = 0
    for index, document_id in enumerate(pending):
        with database.session() as session:
            document = session.get(Document, document_id)
            if document is None:
                continue
            try:
                found = extractor.extract(document.text, _options(document))
            except Exception as exc:  # one broken document must not stop the run
                log.exception("coding document %s failed", document_id)
                session.add(
                    DocumentCoding(
                        document_id=document_id,
                        producer=PRODUCER,
                        events=0,
                        error=f"{type(exc).__name__}: {exc}",
                    )
                )
                failed += 1
                continue
            _forget(session, document_id)
            new, joined = _store(session, document, found)
            session.add(
                DocumentCoding(document_id=document_id, producer=PRODUCER, events=new + joined)
            )
        documents += 1
        events += new
        merged += joined
        if progress:
            progress(index + 1, len(pending))
    return CodingCounts(documents, events, merged, failed)


def _pending(session: Session, limit: int | None) -> list[int]:
    coded = exists().where(
        DocumentCoding.document_id == Document.id, DocumentCoding.producer == PRODUCER
    )
    query = select(Document.id).where(~coded).order_by(Document.id)
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def _options(document: Document) -> ExtractOptions:
    reference = document.published_on or (
        document.published_at.date() if document.published_at else document.retrieved_at.date()
    )
    return ExtractOptions(reference, document.language)


def _forget(session: Session, document_id: int) -> None:
    """Drop this stage's earlier coding of the document: its sources, then orphaned events."""
    session.execute(delete(DocumentCoding).where(DocumentCoding.document_id == document_id))
    touched = list(
        session.scalars(
            select(EventSource.event_id).where(
                EventSource.document_id == document_id,
                EventSource.producer.startswith(PRODUCER_PREFIX),
            )
        )
    )
    session.execute(
        delete(EventSource).where(
            EventSource.document_id == document_id,
            EventSource.producer.startswith(PRODUCER_PREFIX),
        )
    )
    for event_id in touched:
        has_sources = session.scalar(select(exists().where(EventSource.event_id == event_id)))
        if not has_sources:
            session.execute(delete(Event).where(Event.id == event_id))
    session.flush()


def _store(session: Session, document: Document, found: list[ExtractedEvent]) -> tuple[int, int]:
    new = joined = 0
    supports: dict[int, EventSource] = {}
    for index, event in enumerate(found):
        event.sources = [str(document.id)]
        existing = _match(session, event)
        if existing is not None:
            _join(session, existing, event)
            joined += 1
            row = existing
        else:
            row = _event_row(session, event, f"SNT{document.id}-{index + 1}")
            session.add(row)
            session.flush()
            new += 1
        evidence = [asdict(e) for e in event.evidence] + [
            {"field": "attribution", **a} for a in event.attributions
        ]
        if row.id in supports:  # two passages of this document report the same event
            _support_again(supports[row.id], event, evidence)
            continue
        supports[row.id] = EventSource(
            event_id=row.id,
            document_id=document.id,
            producer=PRODUCER,
            attribution_status=event.attribution_status,
            fatalities=event.fatalities,
            evidence=evidence,
        )
        session.add(supports[row.id])
    session.flush()
    return new, joined


def _support_again(support: EventSource, event: ExtractedEvent, evidence: list[Any]) -> None:
    """Fold a second passage of the same document into its one support row."""
    support.evidence = [*support.evidence, *evidence]
    stronger = AttributionStatus(event.attribution_status).rank
    if stronger > AttributionStatus(support.attribution_status).rank:
        support.attribution_status = event.attribution_status
    if event.fatalities is not None and (support.fatalities or 0) < event.fatalities:
        support.fatalities = event.fatalities


def _match(session: Session, event: ExtractedEvent) -> Event | None:
    """A stored event of this producer that the new report describes too."""
    if event.date_is_fallback:
        return None
    low, high = window_of(event)
    query = select(Event).where(
        Event.producer == PRODUCER,
        Event.event_type == event.event_type,
        Event.event_date.between(low - dt.timedelta(days=31), high + dt.timedelta(days=31)),
    )
    for row in session.scalars(query.order_by(Event.id)):  # the same first match in every store
        if same_event(_as_extracted(row), event):
            return row
    return None


def _join(session: Session, row: Event, event: ExtractedEvent) -> None:
    merged = _as_extracted(row)
    absorb(merged, event, same_source=False)
    if (merged.location, merged.latitude, merged.longitude) != (
        row.location,
        row.latitude,
        row.longitude,
    ):
        row.place_id = _place_id(session, event)  # the new report's place won
    for name in (
        "event_date",
        "time_precision",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "place_inferred",
        "admin1",
        "admin2",
        "admin1_pcode",
        "admin2_pcode",
        "actor1",
        "inter1",
        "actor2",
        "inter2",
        "fatalities",
        "fatalities_min",
        "fatalities_max",
        "injured",
        "hostages",
        "attribution_status",
        "country",
    ):
        setattr(row, name, getattr(merged, name))
    row.year = row.event_date.year


def _as_extracted(row: Event) -> ExtractedEvent:
    event = ExtractedEvent(
        event_date=row.event_date,
        time_precision=row.time_precision,
        disorder_type=row.disorder_type or "",
        event_type=row.event_type,
        sub_event_type=row.sub_event_type or "",
        actor1=row.actor1,
        inter1=row.inter1,
        actor2=row.actor2,
        inter2=row.inter2,
        country=row.country,
        admin1=row.admin1,
        admin2=row.admin2,
        location=row.location,
        latitude=row.latitude,
        longitude=row.longitude,
        geo_precision=row.geo_precision,
        place_inferred=row.place_inferred,
        fatalities=row.fatalities,
        injured=row.injured,
        hostages=row.hostages,
        attribution_status=row.attribution_status,
        admin1_pcode=row.admin1_pcode,
        admin2_pcode=row.admin2_pcode,
        fatalities_min=row.fatalities_min,
        fatalities_max=row.fatalities_max,
        producer=row.producer,
    )
    event.attributions = [{"actor": row.actor1, "status": row.attribution_status}]
    return event


def _place_id(session: Session, event: ExtractedEvent) -> int | None:
    """The store's row for the event's gazetteer place, added when the store lacks it."""
    if event.place_id is None:
        return None
    source = "curated" if event.place_id.startswith("curated-") else "geonames"
    query = select(PlaceRow.id).where(
        PlaceRow.source == source, PlaceRow.source_id == event.place_id
    )
    found = session.scalar(query)
    if found is None:
        place = Gazetteer.load().by_id.get(event.place_id)
        if place is None:
            return None
        load_places(session, [place])
        found = session.scalar(query)
    return found


def _event_row(session: Session, event: ExtractedEvent, event_id: str) -> Event:
    actor_ids = {
        name: session.scalar(select(Actor.id).where(Actor.name == name))
        for name in (event.actor1, event.actor2) if name
    }  # fmt: skip
    return Event(
        event_id_cnty=event_id,
        event_date=event.event_date,
        year=event.event_date.year,
        time_precision=event.time_precision,
        disorder_type=event.disorder_type,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        actor1=event.actor1,
        assoc_actor_1=event.assoc_actor_1,
        inter1=event.inter1,
        actor2=event.actor2,
        assoc_actor_2=event.assoc_actor_2,
        inter2=event.inter2,
        interaction=event.interaction,
        iso=ISO_NUMERIC.get(event.country or ""),
        region="Western Africa" if event.country in WESTERN_AFRICA else None,
        country=event.country,
        admin1=event.admin1,
        admin2=event.admin2,
        location=event.location,
        latitude=event.latitude,
        longitude=event.longitude,
        geo_precision=event.geo_precision,
        place_inferred=event.place_inferred,
        fatalities=event.fatalities,
        notes=next((e.sentence for e in event.evidence), None),
        admin1_pcode=event.admin1_pcode,
        admin2_pcode=event.admin2_pcode,
        place_id=_place_id(session, event),
        actor1_id=actor_ids.get(event.actor1 or ""),
        actor2_id=actor_ids.get(event.actor2 or ""),
        fatalities_min=event.fatalities_min,
        fatalities_max=event.fatalities_max,
        injured=event.injured,
        hostages=event.hostages,
        attribution_status=event.attribution_status,
        confidence=event.confidence,
        producer=PRODUCER,
    )


def pending_tasks(database: Database) -> list[tuple[int, str, dt.date, str | None]]:
    """Uncoded documents as (id, text, reference date, language), ordered by content hash.

    The content hash names a document the same way in every store, so two stores holding the
    same documents (under different ids) code them in the same order and merge alike.
    """
    coded = exists().where(
        DocumentCoding.document_id == Document.id, DocumentCoding.producer == PRODUCER
    )
    query = select(Document).where(~coded).order_by(Document.content_hash)
    tasks: list[tuple[int, str, dt.date, str | None]] = []
    with database.session() as session:
        for document in session.scalars(query):
            options = _options(document)
            tasks.append((document.id, document.text, options.reference_date, options.language))
    return tasks


def store_extracted(
    database: Database, document_id: int, events: list[ExtractedEvent], error: str | None = None
) -> int:
    """Store one document's extracted events as ``code_documents`` would, in one transaction.

    Earlier coding by this stage is replaced; ``error`` records a failed extraction (as
    ``code_documents`` does, the earlier events are then kept).
    Returns the events stored for the document (new and merged), 0 if it has vanished.
    Events the store refuses (two reports of one document merged into one event) are
    recorded as that document's error rather than stopping the run.
    """
    try:
        return _store_extracted(database, document_id, events, error)
    except IntegrityError as exc:
        log.warning("storing the events of document %s failed: %s", document_id, exc.orig)
        return _store_extracted(database, document_id, [], f"IntegrityError: {exc.orig}")


def _store_extracted(
    database: Database, document_id: int, events: list[ExtractedEvent], error: str | None
) -> int:
    with database.session() as session:
        document = session.get(Document, document_id)
        if document is None:
            return 0
        if error is not None:
            session.add(
                DocumentCoding(document_id=document_id, producer=PRODUCER, events=0, error=error)
            )
            return 0
        _forget(session, document_id)
        new, joined = _store(session, document, events)
        session.add(DocumentCoding(document_id=document_id, producer=PRODUCER, events=new + joined))
        return new + joined
