"""What every detector shares: its parameters model, what it sees, and the signal it emits."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
from pydantic import BaseModel, ConfigDict

from sentinelle.analyze.actors import ActorDirectory
from sentinelle.analyze.records import EventRecord, History

RegionKey = tuple[str, str]


class DetectorParams(BaseModel):
    """Base of every detector's parameters: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Signal:
    """A detector's finding: a situation in one region, how surprising, and its events."""

    detector: str
    country: str
    admin1: str
    window_start: dt.date
    window_end: dt.date
    score: float
    summary: str
    event_ids: tuple[int, ...] = ()
    subject: str = ""
    facts: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def counting(
        cls,
        detector: str,
        region: RegionKey,
        events: list[EventRecord],
        as_of: dt.date,
        summary: str,
        facts: dict[str, Any],
    ) -> Signal:
        """A finding scored by its number of events, from the first of them to ``as_of``."""
        return cls(
            detector=detector,
            country=region[0],
            admin1=region[1],
            window_start=min(e.date for e in events),
            window_end=as_of,
            score=float(len(events)),
            summary=summary,
            event_ids=tuple(e.id for e in events),
            facts=facts,
        )


@dataclass(frozen=True)
class ForecastView:
    """The latest forecast of one region, as the forecast detector reads it."""

    horizon: str
    target_start: dt.date
    target_end: dt.date
    expected_events: float
    events_low: float
    events_high: float
    expected_fatalities: float
    p_fatal: float
    model: str


class DailySeries:
    """Violent events and fatalities per region and day, cumulated for fast window sums."""

    def __init__(self, history: History) -> None:
        self.start = history.first_date or dt.date(2000, 1, 1)
        days = ((history.last_date or self.start) - self.start).days + 1
        arrays = history.violent_arrays()
        self.index: dict[RegionKey, int] = {key: i for i, key in enumerate(arrays.regions)}
        shape = (len(self.index), days + 1)
        # Column 0 stays empty, so that a window's sum is cum[end] - cum[start - 1].
        cell = arrays.region * shape[1] + (arrays.day - self.start.toordinal() + 1)
        size = shape[0] * shape[1]
        events = np.bincount(cell, minlength=size).reshape(shape).astype(np.int64)
        fatalities = np.bincount(cell, weights=arrays.fatalities, minlength=size)
        self._events = np.cumsum(events, axis=1)
        self._fatalities = np.cumsum(fatalities.reshape(shape).astype(np.int64), axis=1)

    def _sum(self, table: np.ndarray, region: RegionKey, start: dt.date, end: dt.date) -> int:
        row = self.index.get(region)
        if row is None:
            return 0
        last = table.shape[1] - 1
        high = min(max((end - self.start).days + 1, 0), last)
        low = min(max((start - self.start).days, 0), last)
        return int(table[row, high] - table[row, low]) if high > low else 0

    def fatalities_windows(self, region: RegionKey, ends: list[dt.date], days: int) -> np.ndarray:
        """``fatalities`` of the ``days``-day windows ending on each of ``ends``, at once."""
        row = self.index.get(region)
        if row is None:
            return np.zeros(len(ends), dtype=np.int64)
        cum = self._fatalities[row]
        last = len(cum) - 1
        offsets = np.array([(end - self.start).days for end in ends], dtype=np.int64)
        high = np.clip(offsets + 1, 0, last)
        low = np.clip(offsets - (days - 1), 0, last)
        return np.where(high > low, cum[high] - cum[low], 0)

    def events(self, region: RegionKey, start: dt.date, end: dt.date) -> int:
        """Violent events in ``region`` from ``start`` to ``end`` included."""
        return self._sum(self._events, region, start, end)

    def fatalities(self, region: RegionKey, start: dt.date, end: dt.date) -> int:
        """Fatalities of violent events in ``region`` from ``start`` to ``end`` included."""
        return self._sum(self._fatalities, region, start, end)

    def last_day(self, region: RegionKey, until: dt.date) -> dt.date | None:
        """The latest day up to ``until`` with violence in ``region``, None if none."""
        row = self.index.get(region)
        if row is None or until < self.start:
            return None
        cum = self._events[row]
        total = cum[min((until - self.start).days + 1, len(cum) - 1)]
        if total == 0:
            return None
        first = int(np.searchsorted(cum, total, side="left"))
        return self.start + dt.timedelta(days=first - 1)

    def weekly(
        self, region: RegionKey, end: dt.date, weeks: int, fatal: bool = False
    ) -> np.ndarray:
        """The last ``weeks`` 7-day sums ending on ``end`` (oldest first)."""
        table = self._fatalities if fatal else self._events
        row = self.index.get(region)
        if row is None:
            return np.zeros(weeks, dtype=np.int64)
        last = table.shape[1] - 1
        ends = np.array([(end - self.start).days + 1 - 7 * k for k in range(weeks)][::-1])
        starts = ends - 7
        cum = table[row]
        return np.asarray(cum[np.clip(ends, 0, last)] - cum[np.clip(starts, 0, last)])


@dataclass
class DetectionContext:
    """What a detector may see: events up to ``as_of`` and the reference it needs."""

    history: History
    as_of: dt.date
    actors: ActorDirectory
    series: DailySeries
    forecasts: Mapping[tuple[RegionKey, str], ForecastView] = field(default_factory=dict)

    def recent(self, days: int) -> list[EventRecord]:
        """Events of the last ``days`` days up to ``as_of`` included."""
        return list(self.history.between(self.as_of - dt.timedelta(days=days - 1), self.as_of))


class Detector(ABC):
    """A derailment signal: a documented, configurable function of the visible events."""

    name: ClassVar[str]
    params_model: ClassVar[type[DetectorParams]]

    @abstractmethod
    def detect(self, context: DetectionContext, params: DetectorParams) -> list[Signal]:
        """Signals as of ``context.as_of``; never reads an event dated after it."""


def group_by_region(records: list[EventRecord]) -> dict[RegionKey, list[EventRecord]]:
    """Records keyed by (country, admin1), unplaced ones dropped."""
    grouped: dict[RegionKey, list[EventRecord]] = {}
    for record in records:
        if record.region is not None:
            grouped.setdefault(record.region, []).append(record)
    return grouped


def killed(records: list[EventRecord]) -> str:
    """ ", N killed" or an empty string."""
    total = sum(record.fatalities for record in records)
    return f", {total} killed" if total else ""


def plural(count: int, noun: str) -> str:
    """'1 event', '2 events'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
