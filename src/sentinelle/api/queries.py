"""The query layer shared by the API and the dashboard: filters, region scope, aggregates."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Row,
    Select,
    bindparam,
    exists,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from sentinelle.api.auth import Principal
from sentinelle.api.regions import fold, name_variants, region_names, region_pcode
from sentinelle.errors import InputError, NotFound
from sentinelle.store import AlertSeverity, AlertState
from sentinelle.store import models as store_models
from sentinelle.store.models import (
    Alert,
    AlertEvidence,
    Document,
    Event,
    EventSource,
    Forecast,
    RegionPeriod,
)

OPEN_STATES = tuple(state.value for state in AlertState if state.is_open)


@dataclass(frozen=True)
class EventFilter:
    """What the events list and exports may be narrowed by."""

    since: dt.date | None = None
    until: dt.date | None = None
    region: str | None = None
    event_type: str | None = None
    actor: str | None = None
    attribution: str | None = None


def in_regions(
    pcode_column: InstrumentedAttribute[str | None],
    name_column: InstrumentedAttribute[str | None],
    pcodes: Sequence[str],
) -> ColumnElement[bool]:
    """Rows in these regions, by p-code or by any spelling of the region's name.

    The columns are wrapped (``|| ''``) so planners walk the primary key newest first and stop
    at the page size, instead of merging two indexes and sorting every match (10x slower).
    """
    if not pcodes:
        return false()
    return or_(
        pcode_column.concat("").in_(list(pcodes)),
        name_column.concat("").in_(name_variants(pcodes)),
    )


def _event_scope(principal: Principal) -> ColumnElement[bool] | None:
    scoped = principal.scoped_regions
    return None if scoped is None else in_regions(Event.admin1_pcode, Event.admin1, scoped)


def _alert_scope(principal: Principal) -> ColumnElement[bool] | None:
    scoped = principal.scoped_regions
    return None if scoped is None else in_regions(Alert.admin1_pcode, Alert.admin1, scoped)


@dataclass(frozen=True)
class BoundQuery:
    """A statement built once per shape of filters, and one request's values for it.

    SQLAlchemy reuses a compiled statement without further work only when handed the same
    statement object; rebuilding one per request costs its construction and a re-mapping of
    result columns, more than the query itself on SQLite. So each set of filters present gets
    one cached statement with bound parameters, and a request brings only its values.
    """

    statement: Select[Any]
    params: dict[str, Any]

    def bound(self) -> Select[Any]:
        """The statement with this request's values in it, for callers that add clauses."""
        return self.statement.params(self.params)


def events_query(
    principal: Principal, filters: EventFilter, columns: Sequence[Any] = (Event,)
) -> Select[Any]:
    """Events (or just ``columns`` of them) the caller may see, filtered, newest id first."""
    return event_rows(principal, filters, columns).bound()


def event_rows(
    principal: Principal,
    filters: EventFilter,
    columns: Sequence[Any] = (Event,),
    *,
    after: int | None = None,
    limit: int | None = None,
) -> BoundQuery:
    """Events the caller may see as a cached statement and values; ids below ``after``."""
    params = _region_scope(principal, filters.region) | _present(
        since=filters.since,
        until=filters.until,
        event_type=filters.event_type,
        attribution=filters.attribution,
        actor=f"%{filters.actor}%" if filters.actor else None,
        after=after,
        limit=limit,
    )
    return BoundQuery(_event_statement(tuple(columns), frozenset(params)), params)


@functools.lru_cache(maxsize=1024)
def _event_statement(columns: tuple[Any, ...], shape: frozenset[str]) -> Select[Any]:
    query = _in_regions_of(select(*columns), Event.admin1_pcode, Event.admin1, shape)
    query = query.order_by(Event.id.desc())
    if "since" in shape:
        query = query.where(Event.event_date >= bindparam("since"))
    if "until" in shape:
        query = query.where(Event.event_date <= bindparam("until"))
    if "event_type" in shape:
        query = query.where(Event.event_type == bindparam("event_type"))
    if "attribution" in shape:
        query = query.where(Event.attribution_status == bindparam("attribution"))
    if "actor" in shape:
        pattern: BindParameter[str] = bindparam("actor")
        # ILIKE on the columns, not LIKE on lower(): PostgreSQL has statistics for the columns
        # only, and without them took '%forces%' for a rare match and sorted the whole table.
        query = query.where(or_(Event.actor1.ilike(pattern), Event.actor2.ilike(pattern)))
    return _paged(query, Event.id, shape)


def _paged(query: Select[Any], id_column: Any, shape: frozenset[str]) -> Select[Any]:
    if "after" in shape:
        query = query.where(id_column < bindparam("after"))
    if "limit" in shape:
        query = query.limit(bindparam("limit"))
    return query


def _region_scope(principal: Principal, region: str | None) -> dict[str, Any]:
    """Bound values of the caller's own regions and of a region filter, where there are any."""
    params: dict[str, Any] = {}
    if principal.scoped_regions is not None:
        params |= _region_params("scope", principal.scoped_regions)
    if region:
        params |= _region_params("region", [_region_filter(region)])
    return params


def _present(**values: Any) -> dict[str, Any]:
    """The values given, without those left out (None)."""
    return {name: value for name, value in values.items() if value is not None}


def _in_regions_of(
    query: Select[Any], pcode_column: Any, name_column: Any, shape: frozenset[str]
) -> Select[Any]:
    """``query`` kept to the caller's regions and the region filter that ``shape`` holds."""
    for prefix in ("scope", "region"):
        if f"{prefix}_pcodes" in shape:
            query = query.where(_in_bound_regions(pcode_column, name_column, prefix))
    return query


def _region_params(prefix: str, pcodes: Sequence[str]) -> dict[str, list[str]]:
    return {f"{prefix}_pcodes": list(pcodes), f"{prefix}_names": name_variants(pcodes)}


def _region_filter(name_or_pcode: str) -> str:
    pcode = region_pcode(name_or_pcode)
    if pcode is None:
        raise InputError(f"unknown region {name_or_pcode!r}", field="region")
    return pcode


def _in_bound_regions(
    pcode_column: InstrumentedAttribute[str | None],
    name_column: InstrumentedAttribute[str | None],
    prefix: str,
) -> ColumnElement[bool]:
    """``in_regions`` with the p-codes and names as bound lists (see there for the ``|| ''``)."""
    return or_(
        pcode_column.concat("").in_(bindparam(f"{prefix}_pcodes", expanding=True)),
        name_column.concat("").in_(bindparam(f"{prefix}_names", expanding=True)),
    )


def page_rows(rows: Sequence[Row[Any]], limit: int) -> tuple[Sequence[Row[Any]], int | None]:
    """A page from rows fetched with ``limit + 1``, and its last id when more rows follow."""
    if len(rows) <= limit:
        return rows, None
    return rows[:limit], rows[limit - 1].id


def page_of(
    session: Session, query: Select[Any], id_column: Any, after: int | None, limit: int
) -> tuple[list[Any], int | None]:
    """One page of a newest-first query and the last id when more rows follow."""
    if after is not None:
        query = query.where(id_column < after)
    rows = list(session.scalars(query.limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].id if more and rows else None)


def get_event(session: Session, principal: Principal, event_id: int) -> Event:
    """One event the caller may see; one outside their regions is as absent as a missing one."""
    query = select(Event).where(Event.id == event_id)
    scope = _event_scope(principal)
    if scope is not None:
        query = query.where(scope)
    event = session.scalars(query).first()
    if event is None:
        raise NotFound(f"no event {event_id}")
    return event


def alerts_query(
    principal: Principal, state: str | None, region: str | None, columns: Sequence[Any] = (Alert,)
) -> Select[Any]:
    """Alerts (or just ``columns`` of them) the caller may see, newest first."""
    return alert_rows(principal, state, region, columns).bound()


def alert_rows(
    principal: Principal,
    state: str | None,
    region: str | None,
    columns: Sequence[Any] = (Alert,),
    *,
    after: int | None = None,
    limit: int | None = None,
) -> BoundQuery:
    """Alerts the caller may see (``state`` may be 'open') as a cached statement and values."""
    states = (list(OPEN_STATES) if state == "open" else [state]) if state else None
    params = _region_scope(principal, region) | _present(states=states, after=after, limit=limit)
    return BoundQuery(_alert_statement(tuple(columns), frozenset(params)), params)


@functools.lru_cache(maxsize=256)
def _alert_statement(columns: tuple[Any, ...], shape: frozenset[str]) -> Select[Any]:
    query = _in_regions_of(select(*columns), Alert.admin1_pcode, Alert.admin1, shape)
    query = query.order_by(Alert.id.desc())
    if "states" in shape:
        query = query.where(Alert.state.in_(bindparam("states", expanding=True)))
    return _paged(query, Alert.id, shape)


def get_alert(session: Session, principal: Principal, alert_id: int) -> Alert:
    """One alert the caller may see; an alert of another region is reported as not found."""
    query = select(Alert).where(Alert.id == alert_id)
    scope = _alert_scope(principal)
    if scope is not None:
        query = query.where(scope)
    alert = session.scalars(query).first()
    if alert is None:
        raise NotFound(f"no alert {alert_id}")
    return alert


def alert_event_ids(session: Session, alert_id: int) -> list[int]:
    """The events supporting an alert."""
    query = select(AlertEvidence.event_id).where(AlertEvidence.alert_id == alert_id)
    return sorted(session.scalars(query))


def documents_query(principal: Principal) -> Select[Any]:
    """Documents the caller may see: scoped roles see those supporting events of their regions."""
    query = select(Document).order_by(Document.id.desc())
    scope = _event_scope(principal)
    if scope is not None:
        supported = (
            select(EventSource.document_id)
            .join(Event, Event.id == EventSource.event_id)
            .where(EventSource.document_id == Document.id, scope)
        )
        query = query.where(exists(supported))
    return query


def get_document(session: Session, principal: Principal, document_id: int) -> Document:
    """One document the caller may see."""
    found = session.get(Document, document_id)
    visible = session.scalar(
        select(func.count()).select_from(
            documents_query(principal).where(Document.id == document_id).subquery()
        )
    )
    if found is None or not visible:
        raise NotFound(f"no document {document_id}")
    return found


def region_summaries(session: Session) -> list[dict[str, Any]]:
    """Events, fatalities, open alerts and risk for every region (published aggregates)."""
    events: dict[str, tuple[int, int]] = {}
    for pcode, name, count, deaths in session.execute(
        select(
            Event.admin1_pcode,
            Event.admin1,
            func.count(),
            func.coalesce(func.sum(Event.fatalities), 0),
        ).group_by(Event.admin1_pcode, Event.admin1)
    ):
        code = pcode or region_pcode(name or "")
        if code is not None:
            seen = events.get(code, (0, 0))
            events[code] = (seen[0] + count, seen[1] + int(deaths or 0))
    severities: dict[str, list[str]] = {}
    for pcode, name, severity in session.execute(
        select(Alert.admin1_pcode, Alert.admin1, Alert.severity).where(Alert.state.in_(OPEN_STATES))
    ):
        code = pcode or region_pcode(name or "")
        if code is not None:
            severities.setdefault(code, []).append(severity)
    return [
        {
            "pcode": pcode,
            "name": name,
            "events": events.get(pcode, (0, 0))[0],
            "fatalities": events.get(pcode, (0, 0))[1],
            "open_alerts": len(severities.get(pcode, [])),
            "risk": _risk(severities.get(pcode, [])),
        }
        for pcode, name in region_names().items()
    ]


def _risk(severities: list[str]) -> str:
    valid = {severity.value for severity in AlertSeverity}
    known = [AlertSeverity(value) for value in severities if value in valid]
    return max(known, key=lambda s: s.rank).value if known else "none"


def timeline(session: Session, since: dt.date | None = None) -> list[dict[str, Any]]:
    """Monthly events and fatalities per region."""
    query = select(Event.event_date, Event.admin1_pcode, Event.admin1, Event.fatalities)
    if since:
        query = query.where(Event.event_date >= since)
    buckets: dict[tuple[str, str], list[int]] = {}
    for day, pcode, name, deaths in session.execute(query):
        code = pcode or region_pcode(name or "") or "?"
        bucket = buckets.setdefault((day.strftime("%Y-%m"), code), [0, 0])
        bucket[0] += 1
        bucket[1] += deaths or 0
    names = region_names()
    return [
        {
            "month": month,
            "pcode": code,
            "name": names.get(code, "?"),
            "events": counts[0],
            "fatalities": counts[1],
        }
        for (month, code), counts in sorted(buckets.items())
    ]


def region_of(name_or_pcode: str) -> str:
    """The p-code of a region, or NotFound."""
    pcode = region_pcode(name_or_pcode)
    if pcode is None:
        raise NotFound(f"no region {name_or_pcode!r}")
    return pcode


def event_sources(session: Session, event_id: int) -> list[tuple[EventSource, Document]]:
    """Every source of an event with its document, oldest first."""
    query = (
        select(EventSource, Document)
        .join(Document, Document.id == EventSource.document_id)
        .where(EventSource.event_id == event_id)
        .order_by(EventSource.created_at, Document.id)
    )
    return [(source, document) for source, document in session.execute(query)]


def fold_type(value: str) -> str:
    """A stable CSS-friendly key for an event type."""
    return fold(value).replace(" ", "-").replace("/", "-")


def alert_event_ids_for_event(session: Session, event_id: int) -> list[int]:
    """The alerts an event is evidence for."""
    query = select(AlertEvidence.alert_id).where(AlertEvidence.event_id == event_id)
    return sorted(session.scalars(query))


# Months of indicators and forecast rows shown per region.
INDICATOR_MONTHS = 12
FORECAST_ROWS = 8


def region_indicators(session: Session, pcode: str) -> dict[str, list[dict[str, Any]]]:
    """Monthly indicators and the latest forecasts of a region (analysis tables)."""
    names = name_variants([pcode])
    periods = session.scalars(
        select(RegionPeriod)
        .where(
            RegionPeriod.level == "admin1",
            RegionPeriod.period == "month",
            RegionPeriod.region.in_(names),
        )
        .order_by(RegionPeriod.period_start.desc())
        .limit(INDICATOR_MONTHS)
    )
    forecasts = session.scalars(
        select(Forecast)
        .where(Forecast.region.in_(names))
        .order_by(Forecast.issued_for.desc(), Forecast.target_start)
        .limit(FORECAST_ROWS)
    )
    return {
        "indicators": [
            {
                "month": row.period_start.isoformat(),
                "events": row.events,
                "violent_events": row.violent_events,
                "fatalities": row.fatalities,
                "unknown_share": row.unknown_share,
                "armed_actors": row.armed_actors,
                "new_area": row.new_area,
            }
            for row in periods
        ],
        "forecasts": [
            {
                "horizon": row.horizon,
                "issued_for": row.issued_for.isoformat(),
                "target_start": row.target_start.isoformat(),
                "target_end": row.target_end.isoformat(),
                "expected_events": row.expected_events,
                "events_range": [row.events_low, row.events_high],
                "expected_fatalities": row.expected_fatalities,
                "p_fatal": row.p_fatal,
                "model": f"{row.model_name} {row.model_version}",
            }
            for row in forecasts
        ],
    }


def verified_attributions(session: Session, event_id: int) -> list[tuple[dt.datetime, str, str]]:
    """Attribution changes made by verifiers (rapid-reaction stage), as (when, status, who)."""
    model: Any = getattr(store_models, "AttributionChange", None)
    if model is None:
        return []
    query = select(model.at, model.to_status, model.by).where(model.event_id == event_id)
    return [(at, status, by) for at, status, by in session.execute(query.order_by(model.at))]
