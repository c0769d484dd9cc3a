"""The light, in-memory form of an event that indicators, detectors and forecasts read.

Loading events once as plain records lets the same detectors run live on the store and in a
backtest on a CSV history, and keeps every detector a pure function of what it can see.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from sentinelle.ingest.acled_csv import read_acled_csv
from sentinelle.store.enums import AttributionStatus
from sentinelle.store.models import Event, EventSource

# ACLED's political-violence event types: what "violence" means to every detector here.
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
# ACLED's inter codes of organised armed actors (rebels, political and identity militias).
ARMED_NON_STATE = frozenset({2, 3, 4})
UNIDENTIFIED_PREFIXES = ("unidentified", "unknown")
AGREEMENT = "Agreement"  # ACLED's sub-event type of a signed agreement


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One event as analysis sees it: where, when, what, who, how many dead, how sure."""

    id: int
    date: dt.date
    country: str
    admin1: str | None
    admin2: str | None
    event_type: str
    sub_event_type: str | None
    actor1: str | None
    actor2: str | None
    inter1: int
    inter2: int
    fatalities: int
    attribution: AttributionStatus
    sources: int
    actor1_id: int | None = None
    actor2_id: int | None = None
    assoc_actor_1: str | None = None
    assoc_actor_2: str | None = None
    # Of the sources, those that claim or confirm the perpetrator (None: all of them, as in
    # ACLED's own coding); a report that only tells of the event does not establish who did it.
    firm_sources: int | None = None

    @property
    def establishing_sources(self) -> int:
        """Sources that name the perpetrator as claimed or confirmed."""
        return self.sources if self.firm_sources is None else self.firm_sources

    @property
    def violent(self) -> bool:
        """True for battles, explosions and violence against civilians."""
        return self.event_type in VIOLENT_TYPES

    @property
    def region(self) -> tuple[str, str] | None:
        """The (country, admin1) key of the event's region, or None when unplaced."""
        return (self.country, self.admin1) if self.admin1 else None

    @property
    def perpetrator_unknown(self) -> bool:
        """True when actor1 is missing, coded unidentified, or its attribution is unknown."""
        return (
            not self.actor1
            or self.actor1.strip().lower().startswith(UNIDENTIFIED_PREFIXES)
            or self.attribution is AttributionStatus.UNKNOWN
        )


@dataclass(frozen=True)
class ViolentArrays:
    """A history's violent, placed events as arrays in date order, for counting with numpy."""

    regions: list[tuple[str, str]]  # every region of the history, sorted (not only violent)
    region: np.ndarray  # index into ``regions`` of each violent event
    day: np.ndarray  # its date as a proleptic ordinal (``date.toordinal()``)
    fatalities: np.ndarray


class History:
    """Events sorted by date, with the slices detectors ask for (never past ``as_of``)."""

    def __init__(self, records: Iterable[EventRecord]) -> None:
        self.records: list[EventRecord] = sorted(records, key=lambda r: (r.date, r.id))
        self._dates = [record.date for record in self.records]
        self._agreements: list[EventRecord] | None = None
        self._regions: list[tuple[str, str]] | None = None
        self._violent: ViolentArrays | None = None

    def __len__(self) -> int:
        return len(self.records)

    @property
    def first_date(self) -> dt.date | None:
        """Date of the earliest event, None when empty."""
        return self._dates[0] if self._dates else None

    @property
    def last_date(self) -> dt.date | None:
        """Date of the latest event, None when empty."""
        return self._dates[-1] if self._dates else None

    def between(self, start: dt.date, end: dt.date) -> Sequence[EventRecord]:
        """Events dated from ``start`` to ``end``, both included."""
        low = bisect.bisect_left(self._dates, start)
        high = bisect.bisect_right(self._dates, end)
        return self.records[low:high]

    def until(self, end: dt.date) -> History:
        """A history holding only the events dated up to ``end`` (what was visible then)."""
        view = History(())
        high = bisect.bisect_right(self._dates, end)
        view.records = self.records[:high]
        view._dates = self._dates[:high]
        return view

    def agreements(self) -> list[EventRecord]:
        """The ACLED "Agreement" events held (peace milestones), computed once per view."""
        if self._agreements is None:
            self._agreements = [r for r in self.records if r.sub_event_type == AGREEMENT]
        return self._agreements

    def regions(self) -> list[tuple[str, str]]:
        """Every (country, admin1) that appears, sorted (computed once per view)."""
        if self._regions is None:
            self._regions = sorted({(r.country, r.admin1) for r in self.records if r.admin1})
        return self._regions

    def violent_arrays(self) -> ViolentArrays:
        """The violent, placed events as arrays (computed once per view)."""
        if self._violent is None:
            regions = self.regions()
            index = {region: i for i, region in enumerate(regions)}
            rows = [
                (index[(r.country, r.admin1)], r.date.toordinal(), r.fatalities)
                for r in self.records
                if r.admin1 and r.event_type in VIOLENT_TYPES
            ]
            table = np.array(rows, dtype=np.int64).reshape(-1, 3)
            self._violent = ViolentArrays(regions, table[:, 0], table[:, 1], table[:, 2])
        return self._violent


_FIRM = (AttributionStatus.CLAIMED.value, AttributionStatus.CONFIRMED.value)


def count_sources(source_field: str | None, documents: int) -> int:
    """Independent sources of an event: its documents, or ACLED's ``source`` split on ';'."""
    named = len([part for part in (source_field or "").split(";") if part.strip()])
    return max(named, documents)


def load_records(
    session: Session, start: dt.date | None = None, end: dt.date | None = None
) -> list[EventRecord]:
    """Events of the store dated within [start, end] (open ends allowed), as records."""
    query = select(
        Event.id,
        Event.event_date,
        Event.country,
        Event.admin1,
        Event.admin2,
        Event.event_type,
        Event.sub_event_type,
        Event.actor1,
        Event.actor2,
        Event.inter1,
        Event.inter2,
        Event.fatalities,
        Event.attribution_status,
        Event.source,
        Event.actor1_id,
        Event.actor2_id,
        Event.assoc_actor_1,
        Event.assoc_actor_2,
    )
    # Documents per event of the range only, in their own query: an outer join on a
    # GROUP BY of the whole event_sources table would aggregate every event ever stored.
    firm = case((EventSource.attribution_status.in_(_FIRM), 1), else_=0)
    documents = (
        select(EventSource.event_id, func.count(EventSource.document_id), func.sum(firm))
        .join(Event, Event.id == EventSource.event_id)
        .group_by(EventSource.event_id)
    )
    if start is not None:
        query = query.where(Event.event_date >= start)
        documents = documents.where(Event.event_date >= start)
    if end is not None:
        query = query.where(Event.event_date <= end)
        documents = documents.where(Event.event_date <= end)
    counts: dict[int, tuple[int, int]] = {
        event_id: (n, int(firm_n or 0)) for event_id, n, firm_n in session.execute(documents)
    }
    # Three years of a busy store are tens of thousands of rows: build each record
    # positionally, and split each distinct ACLED ``source`` text once.
    named: dict[str | None, int] = {}
    records = []
    for row in session.execute(query):
        source = row[13]
        parts = named.get(source)
        if parts is None:
            parts = named[source] = count_sources(source, 0)
        records.append(
            EventRecord(
                row[0],
                row[1],
                row[2] or "",
                row[3],
                row[4],
                row[5],
                row[6],
                row[7],
                row[8],
                row[9] or 0,
                row[10] or 0,
                row[11] or 0,
                _STATUSES.get(row[12]) or _status(row[12]),
                max(parts, counts.get(row[0], (0, 0))[0]),
                row[14],
                row[15],
                row[16],
                row[17],
                max(parts, counts.get(row[0], (0, 0))[1]),
            )
        )
    return records


def records_from_acled(paths: Sequence[Path]) -> list[EventRecord]:
    """Records read straight from ACLED exports (attribution as ACLED coded it: confirmed)."""
    records: list[EventRecord] = []
    for path in paths:
        for row in read_acled_csv(path):
            if row.error is None:
                records.append(_acled_record(len(records) + 1, row.values))
    return records


def _acled_record(number: int, values: dict[str, object]) -> EventRecord:
    actor1 = _text(values.get("actor1"))
    unknown = actor1 is None or actor1.lower().startswith(UNIDENTIFIED_PREFIXES)
    date = values["event_date"]
    if not isinstance(date, dt.date):
        raise TypeError(f"event_date is not a date: {date!r}")
    return EventRecord(
        id=number,
        date=date,
        country=_text(values.get("country")) or "",
        admin1=_text(values.get("admin1")),
        admin2=_text(values.get("admin2")),
        event_type=_text(values.get("event_type")) or "",
        sub_event_type=_text(values.get("sub_event_type")),
        actor1=actor1,
        actor2=_text(values.get("actor2")),
        inter1=_int(values.get("inter1")),
        inter2=_int(values.get("inter2")),
        fatalities=_int(values.get("fatalities")),
        attribution=AttributionStatus.UNKNOWN if unknown else AttributionStatus.CONFIRMED,
        sources=count_sources(_text(values.get("source")), 0),
        assoc_actor_1=_text(values.get("assoc_actor_1")),
        assoc_actor_2=_text(values.get("assoc_actor_2")),
    )


_STATUSES = {status.value: status for status in AttributionStatus}


def _status(value: str | None) -> AttributionStatus:
    try:
        return AttributionStatus(value or "unknown")
    except ValueError:
        return AttributionStatus.UNKNOWN


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0
