"""``/events``: the event record, filtered and paged, with streamed GeoJSON and ACLED CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import Select

from sentinelle.api.auth import Principal
from sentinelle.api.deps import CurrentUser, DbSession, RowId, app_database
from sentinelle.api.pagination import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    decode_cursor,
    json_with_etag,
    page_with_etag,
)
from sentinelle.api.queries import (
    EventFilter,
    alert_event_ids_for_event,
    event_rows,
    event_sources,
    events_query,
    get_event,
    page_of,
    page_rows,
    verified_attributions,
)
from sentinelle.api.routes import resource_router
from sentinelle.api.schemas import (
    AttributionChange,
    EventDetail,
    EventOut,
    EventPage,
    EventSourceOut,
    EvidenceSpan,
)
from sentinelle.store import ACLED_COLUMNS, AttributionStatus, Database
from sentinelle.store.models import Event

router = resource_router("events")
# Rows fetched per round trip while streaming an export.
EXPORT_CHUNK = 2000
# The list selects just what EventOut shows, as plain rows: no ORM objects to build.
EVENT_LIST_FIELDS = tuple(EventOut.model_fields)
EVENT_LIST_COLUMNS = tuple(getattr(Event, name) for name in EVENT_LIST_FIELDS)
ATTRIBUTION_PATTERN = "^(" + "|".join(status.value for status in AttributionStatus) + ")$"


async def event_filter(
    since: dt.date | None = Query(None, description="Events on or after this date"),
    until: dt.date | None = Query(None, description="Events on or before this date"),
    region: str | None = Query(None, max_length=64, description="Admin1 name or p-code"),
    event_type: str | None = Query(None, max_length=64, description="ACLED event type"),
    actor: str | None = Query(None, max_length=128, description="Part of an actor's name"),
    attribution: str | None = Query(
        None, pattern=ATTRIBUTION_PATTERN, description="Attribution status"
    ),
) -> EventFilter:
    """The filters of the events list and exports, from the query string."""
    return EventFilter(since, until, region, event_type, actor, attribution)


Filters = Annotated[EventFilter, Depends(event_filter)]


# On the event loop, not in a worker thread: the read is one indexed statement, and the
# thread hand-off cost more than the read (bench.api, PostgreSQL: 1.48 ms of server CPU
# per request in a thread, 0.99 ms on the loop).
@router.get("/events", name="events.list", response_model=EventPage)
async def list_events(
    request: Request,
    user: CurrentUser,
    filters: Filters,
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
) -> Response:
    """Events the caller may see, newest first, one page at a time."""
    # One row more than the page tells whether another page follows.
    query = event_rows(
        user, filters, EVENT_LIST_COLUMNS, after=decode_cursor(cursor), limit=limit + 1
    )
    rows, last = page_rows(app_database(request).read_rows(query.statement, query.params), limit)
    items = [dict(zip(EVENT_LIST_FIELDS, row, strict=True)) for row in rows]
    return page_with_etag(request, items, last)


@router.get("/events/{event_id}", name="events.show", response_model=EventDetail)
def show_event(
    event_id: RowId, request: Request, session: DbSession, user: CurrentUser
) -> Response:
    """One event with every source, its evidence spans and its attribution history."""
    return json_with_etag(request, event_detail(session, user, event_id))


def event_detail(session: Any, user: Principal, event_id: int) -> EventDetail:
    """The detail of one event the caller may see (shared with the dashboard)."""
    event = get_event(session, user, event_id)
    sources = [
        EventSourceOut(
            document_id=document.id,
            title=document.title,
            origin=document.origin,
            published_on=document.published_on,
            producer=source.producer,
            attribution_status=source.attribution_status,
            fatalities=source.fatalities,
            evidence=_spans(source.evidence, document.text),
            created_at=source.created_at,
        )
        for source, document in event_sources(session, event.id)
    ]
    history = [
        AttributionChange(at=item.created_at, status=item.attribution_status, by=item.producer)
        for item in sources
    ] + [
        AttributionChange(at=at, status=status, by=by)
        for at, status, by in verified_attributions(session, event.id)
    ]
    history.sort(key=lambda change: change.at)
    base = EventOut.model_validate(event).model_dump()
    return EventDetail(
        **base,
        sources=sources,
        attribution_history=history,
        alert_ids=alert_event_ids_for_event(session, event.id),
    )


def _spans(evidence: list[Any], text: str) -> list[EvidenceSpan]:
    spans = []
    for item in evidence or []:
        if not isinstance(item, dict):
            continue
        start, end = item.get("start"), item.get("end")
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end:
            continue
        label = item.get("field")
        spans.append(
            EvidenceSpan(
                start=start,
                end=end,
                field=str(label) if label is not None else None,
                text=text[start:end] if end <= len(text) else item.get("text"),
            )
        )
    return spans


def _stream(database: Database, user: Principal, filters: EventFilter) -> Iterator[Event]:
    """The events of an export, a chunk at a time; bad filters are refused here, before the
    response starts (an error inside a started stream could only cut it short)."""
    query = events_query(user, filters)
    return _chunks(database, query)


def _chunks(database: Database, query: Select[Any]) -> Iterator[Event]:
    after: int | None = None
    while True:
        with database.session() as session:
            rows, _ = page_of(session, query, Event.id, after, EXPORT_CHUNK)
        yield from rows
        if len(rows) < EXPORT_CHUNK:
            return
        after = rows[-1].id


@router.get(
    "/events.geojson",
    name="events.geojson",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/geo+json": {}}}},
)
def events_geojson(request: Request, user: CurrentUser, filters: Filters) -> StreamingResponse:
    """Located events as a GeoJSON FeatureCollection, streamed."""
    database: Database = request.app.state.database
    events = _stream(database, user, filters)

    def body() -> Iterator[bytes]:
        yield b'{"type":"FeatureCollection","features":['
        first = True
        for event in events:
            if event.latitude is None or event.longitude is None:
                continue
            feature = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [event.longitude, event.latitude]},
                "properties": EventOut.model_validate(event).model_dump(mode="json"),
            }
            yield (b"" if first else b",") + json.dumps(feature).encode()
            first = False
        yield b"]}"

    return StreamingResponse(body(), media_type="application/geo+json")


@router.get(
    "/events.csv",
    name="events.csv",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}}},
)
def events_csv(request: Request, user: CurrentUser, filters: Filters) -> StreamingResponse:
    """Events in ACLED's 31 columns, streamed as CSV."""
    database: Database = request.app.state.database
    events = _stream(database, user, filters)

    def body() -> Iterator[bytes]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(ACLED_COLUMNS)
        for event in events:
            writer.writerow(_acled_row(event))
            if buffer.tell() > 64_000:
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode()

    headers = {"content-disposition": 'attachment; filename="sentinelle-events.csv"'}
    return StreamingResponse(body(), media_type="text/csv", headers=headers)


def _acled_row(event: Event) -> list[Any]:
    row = []
    for column in ACLED_COLUMNS:
        value = getattr(event, column)
        row.append(value.isoformat() if isinstance(value, dt.date) else value)
    return row
