"""Invented events written to a real store, for the tests that run the whole analysis."""

from __future__ import annotations

import datetime as dt
import itertools

from sentinelle.store import Database
from sentinelle.store.models import Document, Event, EventSource, Source

_numbers = itertools.count(1)


def add_event(
    database: Database,
    day: dt.date,
    admin1: str,
    event_type: str = "Violence against civilians",
    *,
    actor1: str | None = "Unidentified Armed Group (Mali)",
    actor2: str | None = "Civilians (Mali)",
    inter1: int = 3,
    inter2: int = 7,
    fatalities: int | None = 0,
    attribution: str = "confirmed",
    source: str | None = "Source A; Source B",
    admin2: str | None = None,
    documents: int = 0,
    statuses: tuple[str, ...] = (),
) -> int:
    """Insert one invented event (with ``documents`` supporting documents, or one per status
    of ``statuses``, each naming the perpetrator with that status); its id."""
    documents = len(statuses) or documents
    number = next(_numbers)
    with database.session() as session:
        event = Event(
            event_id_cnty=f"TEST{number}",
            event_date=day,
            year=day.year,
            event_type=event_type,
            actor1=actor1,
            actor2=actor2,
            inter1=inter1,
            inter2=inter2,
            country="Mali",
            admin1=admin1,
            admin2=admin2,
            source=source,
            fatalities=fatalities,
            attribution_status=attribution,
            producer="tests.analyze",
        )
        session.add(event)
        session.flush()
        for k in range(documents):
            origin = f"test://report/{number}/{k}"
            src = Source(kind="text", origin=origin, name=f"test source {number}-{k}")
            session.add(src)
            session.flush()
            doc = Document(
                source_id=src.id,
                kind="text",
                origin=origin,
                content_hash=f"h{number}-{k}",
                text="invented report",
            )
            session.add(doc)
            session.flush()
            status = statuses[k] if statuses else "unknown"
            session.add(
                EventSource(
                    event_id=event.id,
                    document_id=doc.id,
                    producer="tests",
                    attribution_status=status,
                )
            )
        return event.id
