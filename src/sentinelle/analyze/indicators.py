"""Indicators per region and period, recomputed incrementally as events arrive.

Counts, fatal events, fatalities and unknown perpetrators per admin1 and admin2, per day,
week (from Monday) and month, per event type and actor1 type; and per region-period the
share of unknown perpetrators, the distinct armed actors active and whether it is a new
area (violence after ``QUIET_DAYS`` quiet days). Only the region-periods touched by events
past the high-water mark (max event id, max ``updated_at``) are recomputed, from day-level
SQL aggregates that run the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, case, delete, func, insert, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from sentinelle.analyze.records import ARMED_NON_STATE, VIOLENT_TYPES
from sentinelle.store.enums import AttributionStatus
from sentinelle.store.models import AnalysisMark, Event, IndicatorCell, RegionPeriod, utcnow

log = logging.getLogger(__name__)

MARK = "indicators"
LEVELS = ("admin1", "admin2")
PERIODS = ("day", "week", "month")
QUIET_DAYS = 90  # HDX Signals' and ACLED's usual span for "a new area of violence"
INSERT_BATCH = 2000  # rows per executemany: bounded memory, few round trips


@dataclass
class IndicatorSummary:
    """What one update did."""

    new_events: int = 0
    region_periods: int = 0
    cells: int = 0
    regions: set[tuple[str, str, str]] = field(default_factory=set)
    dates: list[dt.date] = field(default_factory=list)  # days of the events read, sorted


def period_start(day: dt.date, period: str) -> dt.date:
    """First day of the day, week (Monday) or month holding ``day``."""
    if period == "week":
        return day - dt.timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day


def period_end(start: dt.date, period: str) -> dt.date:
    """Last day of the period that starts on ``start``."""
    if period == "week":
        return start + dt.timedelta(days=6)
    if period == "month":
        following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return following - dt.timedelta(days=1)
    return start


def update_indicators(session: Session, full: bool = False) -> IndicatorSummary:
    """Recompute the region-periods touched since the last update (all of them when ``full``)."""
    mark = session.get(AnalysisMark, MARK) or AnalysisMark(name=MARK, max_event_id=0)
    changed = _changed_days(session, None if full else mark)
    summary = IndicatorSummary(
        new_events=sum(count for *_, count in changed),
        dates=sorted({day for *_, day, _ in changed}),
    )
    for (level, country), (regions, keys) in _affected(changed).items():
        summary.cells += _recompute(session, level, country, regions, keys)
        summary.region_periods += len(regions) * len(keys)
        summary.regions.update((level, country, region) for region in regions)
    _advance(session, mark)
    log.info(
        "indicators: %d new events, %d region-periods", summary.new_events, summary.region_periods
    )
    return summary


def pending_dates(session: Session) -> list[dt.date]:
    """Dates of the events past the high-water mark (what the next update will read)."""
    mark = session.get(AnalysisMark, MARK)
    return sorted({day for *_, day, _ in _changed_days(session, mark)})


def _changed_days(
    session: Session, mark: AnalysisMark | None
) -> list[tuple[str, str | None, str | None, dt.date, int]]:
    query = select(
        Event.country, Event.admin1, Event.admin2, Event.event_date, func.count()
    ).group_by(Event.country, Event.admin1, Event.admin2, Event.event_date)
    if mark is not None:
        newer = Event.id > mark.max_event_id
        if mark.max_updated_at is not None:
            newer = or_(newer, Event.updated_at > mark.max_updated_at)
        query = query.where(newer)
    return [(c or "", a1, a2, day, n) for c, a1, a2, day, n in session.execute(query)]


def _affected(
    changed: Iterable[tuple[str, str | None, str | None, dt.date, int]],
) -> dict[tuple[str, str], tuple[set[str], set[tuple[str, dt.date]]]]:
    """Per (level, country): the regions and the periods touched (recomputed as a grid)."""
    affected: dict[tuple[str, str], tuple[set[str], set[tuple[str, dt.date]]]] = {}
    for country, admin1, admin2, day, _ in changed:
        for level, region in (("admin1", admin1), ("admin2", admin2)):
            if region:
                regions, keys = affected.setdefault((level, country), (set(), set()))
                regions.add(region)
                keys.update((period, period_start(day, period)) for period in PERIODS)
    return affected


def _unknown() -> ColumnElement[bool]:
    return or_(
        Event.actor1.is_(None),
        func.lower(Event.actor1).like("unidentified%"),
        Event.attribution_status == AttributionStatus.UNKNOWN.value,
    )


Totals = dict[tuple[str, str, dt.date], list[int]]
Cells = dict[tuple[str, str, dt.date, str, int], list[int]]


def _recompute(
    session: Session,
    level: str,
    country: str,
    regions: set[str],
    keys: set[tuple[str, dt.date]],
) -> int:
    column = Event.admin1 if level == "admin1" else Event.admin2
    where = and_(Event.country == country, column.in_(sorted(regions)))
    start = min(s for _, s in keys)
    end = max(period_end(s, p) for p, s in keys)
    cells: Cells = defaultdict(lambda: [0, 0, 0, 0])
    totals: Totals = defaultdict(lambda: [0, 0, 0, 0])
    for region, day, event_type, inter, counts in _daily_cells(session, column, where, start, end):
        for period in PERIODS:
            key = (period, period_start(day, period))
            if key not in keys:
                continue
            cell = cells[(region, *key, event_type, inter)]
            for i, value in enumerate(counts):
                cell[i] += value
            total = totals[(region, *key)]
            total[0] += counts[0]
            if event_type in VIOLENT_TYPES:
                total[1] += counts[0]
                total[2] += counts[2]
                total[3] += counts[3]
    armed: dict[tuple[str, str, dt.date], set[str]] = defaultdict(set)
    for region, day, name in _daily_actors(session, column, where, start, end):
        for period in PERIODS:
            key = (period, period_start(day, period))
            if key in keys:
                armed[(region, *key)].add(name)
    quiet_start = start - dt.timedelta(days=QUIET_DAYS)
    violent = _violent_days(session, column, where, quiet_start, end)
    _replace(session, level, country, regions, keys, cells, totals, armed, violent)
    return len(cells)


def _daily_cells(
    session: Session,
    column: InstrumentedAttribute[str | None],
    where: ColumnElement[bool],
    start: dt.date,
    end: dt.date,
) -> list[tuple[str, dt.date, str, int, tuple[int, int, int, int]]]:
    fatal = func.sum(case((Event.fatalities > 0, 1), else_=0))
    unknown = func.sum(case((_unknown(), 1), else_=0))
    query = (
        select(
            column,
            Event.event_date,
            Event.event_type,
            Event.inter1,
            func.count(),
            fatal,
            func.sum(Event.fatalities),
            unknown,
        )
        .where(where, Event.event_date.between(start, end))
        .group_by(column, Event.event_date, Event.event_type, Event.inter1)
    )
    return [
        (region or "", day, etype, inter or 0, (int(n), int(f or 0), int(dead or 0), int(u or 0)))
        for region, day, etype, inter, n, f, dead, u in session.execute(query)
    ]


def _daily_actors(
    session: Session,
    column: InstrumentedAttribute[str | None],
    where: ColumnElement[bool],
    start: dt.date,
    end: dt.date,
) -> list[tuple[str, dt.date, str]]:
    rows: list[tuple[str, dt.date, str]] = []
    for name_col, inter_col in ((Event.actor1, Event.inter1), (Event.actor2, Event.inter2)):
        query = (
            select(column, Event.event_date, name_col)
            .where(
                where,
                Event.event_date.between(start, end),
                inter_col.in_(ARMED_NON_STATE),
                name_col.is_not(None),
                ~func.lower(name_col).like("unidentified%"),
            )
            .group_by(column, Event.event_date, name_col)
        )
        rows += [(region or "", day, name) for region, day, name in session.execute(query) if name]
    return rows


def _violent_days(
    session: Session,
    column: InstrumentedAttribute[str | None],
    where: ColumnElement[bool],
    start: dt.date,
    end: dt.date,
) -> dict[str, list[dt.date]]:
    # Violence is tested in HAVING, not WHERE, so that the planner walks the date index
    # (a WHERE on event_type picks that column's index and reads half the table).
    violent = func.sum(case((Event.event_type.in_(VIOLENT_TYPES), 1), else_=0))
    query = (
        select(column, Event.event_date)
        .where(where, Event.event_date.between(start, end))
        .group_by(column, Event.event_date)
        .having(violent > 0)
        .order_by(column, Event.event_date)
    )
    days: dict[str, list[dt.date]] = defaultdict(list)
    for region, day in session.execute(query):
        days[region or ""].append(day)
    return days


def _is_new_area(violent_days: list[dt.date], start: dt.date, end: dt.date) -> bool:
    """Violence in [start, end] whose first day follows ``QUIET_DAYS`` without any (sorted days)."""
    i = bisect.bisect_left(violent_days, start)
    if i == len(violent_days) or violent_days[i] > end:
        return False
    first = violent_days[i]
    return i == 0 or violent_days[i - 1] < first - dt.timedelta(days=QUIET_DAYS)


def _replace(
    session: Session,
    level: str,
    country: str,
    regions: set[str],
    keys: set[tuple[str, dt.date]],
    cells: Cells,
    totals: Totals,
    armed: dict[tuple[str, str, dt.date], set[str]],
    violent: dict[str, list[dt.date]],
) -> None:
    # One DELETE per period and table: each walks the unique index down to period_start
    # (an OR of the periods would read every period of each region).
    for period in PERIODS:
        starts = sorted(s for p, s in keys if p == period)
        for table in (IndicatorCell, RegionPeriod):
            session.execute(
                delete(table).where(
                    table.level == level,
                    table.country == country,
                    table.region.in_(sorted(regions)),
                    table.period == period,
                    table.period_start.in_(starts),
                )
            )
    base = {"level": level, "country": country}
    cell_rows = [
        {**base, "region": region, "period": period, "period_start": start,
         "event_type": event_type, "actor_type": inter, "events": n, "fatal_events": f,
         "fatalities": dead, "unknown_perpetrator": u}
        for (region, period, start, event_type, inter), (n, f, dead, u) in cells.items()
    ]  # fmt: skip
    period_rows = [
        {**base, "region": region, "period": period, "period_start": start,
         "events": total[0], "violent_events": total[1], "fatalities": total[2],
         "unknown_share": total[3] / total[1] if total[1] else 0.0,
         "armed_actors": len(armed.get((region, period, start), ())),
         "new_area": _is_new_area(violent.get(region, []), start, period_end(start, period))}
        for (region, period, start), total in totals.items()
    ]  # fmt: skip
    for table, rows in ((IndicatorCell, cell_rows), (RegionPeriod, period_rows)):
        for i in range(0, len(rows), INSERT_BATCH):
            session.execute(insert(table), rows[i : i + INSERT_BATCH])


def _advance(session: Session, mark: AnalysisMark) -> None:
    max_id, max_updated = session.execute(
        select(func.max(Event.id), func.max(Event.updated_at))
    ).one()
    mark.max_event_id = max(mark.max_event_id or 0, max_id or 0)
    if max_updated is not None:
        mark.max_updated_at = (
            max_updated if mark.max_updated_at is None else max(mark.max_updated_at, max_updated)
        )
    mark.updated_at = utcnow()
    session.merge(mark)
    session.flush()
