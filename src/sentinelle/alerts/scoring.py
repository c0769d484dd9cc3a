"""Scoring the warnings themselves, per period and region: how alerts were handled (raised,
verified, discarded, responded; time to acknowledge, verify, respond against deadlines) and
whether they were right (hits, false alarms, misses, lead time).

A *hit* is an alert followed, in its region and within the horizon, by a fatal event (the
violence it feared); its *lead time* is the days from raising to that event. A *false alarm*
is an alert with no fatal event in the horizon. A *miss* is a fatal surge (a region-week with
at least ``surge_fatalities`` deaths) that no alert of its region announced within the horizon
before its first fatal event. An alert counts from the day it warned (``warned_on``): when it
was raised, or the day after its window for alerts raised later over past events.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from sentinelle.alerts.deadlines import DeadlinePolicy, Stage
from sentinelle.alerts.lifecycle import Action
from sentinelle.errors import InputError
from sentinelle.store import AlertSeverity, AlertState
from sentinelle.store.models import Alert, AlertTransition, Event

# An alert announces violence within two weeks: the horizon the contact group acts on.
DEFAULT_HORIZON = dt.timedelta(days=14)
# A week with this many deaths in one region is a surge an alert should have preceded.
DEFAULT_SURGE_FATALITIES = 5
ALL_REGIONS = "(all)"
# Percentile reported beside the median: the slow tail that deadlines exist for.
TAIL_PERCENTILE = 90


@dataclass(frozen=True)
class Period:
    """A calendar month (2015-11) or year (2015), as a half-open date range."""

    label: str
    start: dt.date
    end: dt.date

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``YYYY-MM`` or ``YYYY``."""
        month = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
        if month:
            year, number = int(month[1]), int(month[2])
            if not 1 <= number <= 12:
                raise InputError(f"no month {number} in {text!r}", source="--period")
            start = dt.date(year, number, 1)
            end = dt.date(year + number // 12, number % 12 + 1, 1)
            return cls(text.strip(), start, end)
        if re.fullmatch(r"\d{4}", text.strip()):
            year = int(text)
            return cls(text.strip(), dt.date(year, 1, 1), dt.date(year + 1, 1, 1))
        raise InputError(f"expected YYYY-MM or YYYY, got {text!r}", source="--period")


@dataclass
class RegionScore:
    """One region's figures for the period."""

    region: str
    raised: int = 0
    verified: int = 0
    discarded: int = 0
    responded: int = 0
    hits: int = 0
    false_alarms: int = 0
    misses: int = 0
    surges: int = 0
    lead_days: list[float] = field(default_factory=list)
    hours: dict[Stage, list[float]] = field(default_factory=lambda: defaultdict(list))
    on_time: dict[Stage, list[bool]] = field(default_factory=lambda: defaultdict(list))

    def record(self) -> dict[str, Any]:
        """The figures as one flat row (hours and days rounded to one decimal)."""
        row: dict[str, Any] = {
            "region": self.region,
            "raised": self.raised,
            "verified": self.verified,
            "discarded": self.discarded,
            "responded": self.responded,
            "hits": self.hits,
            "false_alarms": self.false_alarms,
            "misses": self.misses,
            "surges": self.surges,
            "lead_median_d": _median(self.lead_days),
            "lead_p90_d": _tail(self.lead_days),
        }
        for stage, name in (
            (Stage.ACKNOWLEDGE, "ack"),
            (Stage.VERIFY, "verify"),
            (Stage.RESPOND, "respond"),
        ):
            row[f"{name}_median_h"] = _median(self.hours[stage])
            row[f"{name}_p90_h"] = _tail(self.hours[stage])
            flags = self.on_time[stage]
            row[f"{name}_on_time"] = f"{sum(flags)}/{len(flags)}" if flags else None
        return row


LIFECYCLE_COLUMNS = (
    "region",
    "raised",
    "verified",
    "discarded",
    "responded",
    "ack_median_h",
    "ack_p90_h",
    "ack_on_time",
    "verify_median_h",
    "verify_p90_h",
    "verify_on_time",
    "respond_median_h",
    "respond_p90_h",
    "respond_on_time",
)
OUTCOME_COLUMNS = (
    "region",
    "raised",
    "hits",
    "false_alarms",
    "surges",
    "misses",
    "lead_median_d",
    "lead_p90_d",
)
ALL_COLUMNS = tuple(dict.fromkeys(LIFECYCLE_COLUMNS + OUTCOME_COLUMNS))

# The first transition into each milestone, by the action that reaches it.
MILESTONES = {
    Stage.ACKNOWLEDGE: Action.ACKNOWLEDGE,
    Stage.VERIFY: Action.VERIFY,
    Stage.RESPOND: Action.RESPOND,
}


@dataclass(frozen=True)
class ScoringOptions:
    """What counts as a hit and as a surge."""

    horizon: dt.timedelta = DEFAULT_HORIZON
    surge_fatalities: int = DEFAULT_SURGE_FATALITIES
    deadlines: DeadlinePolicy = field(default_factory=DeadlinePolicy)


def score_warnings(
    session: Session, period: Period, options: ScoringOptions | None = None
) -> list[RegionScore]:
    """Scores per region for alerts raised and surges begun in ``period``, then the total."""
    options = options or ScoringOptions()
    nearby = _alerts_between(session, period.start - options.horizon, period.end)
    alerts = [a for a in nearby if period.start <= warned_on(a) < period.end]
    fatal = _fatal_events(session, period, options.horizon)
    scores: dict[str, RegionScore] = {}

    def score_of(region: str) -> RegionScore:
        return scores.setdefault(region, RegionScore(region))

    transitions = _transitions(session, [a.id for a in alerts])
    for alert in alerts:
        row = score_of(_region(alert.admin1))
        _score_handling(row, alert, transitions.get(alert.id, []), options.deadlines)
        _score_outcome(row, alert, fatal.get(_key(alert.admin1), []), options.horizon)
    raised_by_region = defaultdict(list)
    for alert in nearby:
        raised_by_region[_key(alert.admin1)].append(warned_on(alert))
    for region_key, events in fatal.items():
        for first_day, _deaths in _surges(events, period, options.surge_fatalities):
            row = score_of(_region(events[0][2]))
            row.surges += 1
            announced = any(
                first_day - options.horizon <= day <= first_day
                for day in raised_by_region.get(region_key, [])
            )
            row.misses += not announced
    ordered = sorted(scores.values(), key=lambda s: s.region)
    return [*ordered, _total(ordered)]


def warned_on(alert: Alert) -> dt.date:
    """The day the alert warned of its situation: when raised, or, for an alert raised later
    over past events (a backfill or replay), the day after its window ended."""
    return min(alert.raised_at.date(), alert.window_end + dt.timedelta(days=1))


def _alerts_between(session: Session, first: dt.date, end: dt.date) -> list[Alert]:
    """Alerts that warned on a day in [first, end): a superset is read, then filtered."""
    since = dt.datetime.combine(first, dt.time(), dt.UTC)
    query = select(Alert).where(
        or_(Alert.window_end >= first - dt.timedelta(days=1), Alert.raised_at >= since),
        Alert.window_start < end,
    )
    return [a for a in session.scalars(query.order_by(Alert.id)) if first <= warned_on(a) < end]


def _score_handling(
    row: RegionScore, alert: Alert, history: Sequence[AlertTransition], policy: DeadlinePolicy
) -> None:
    row.raised += 1
    reached = {t.to_state for t in history}
    row.verified += AlertState.VERIFIED.value in reached
    row.discarded += alert.state == AlertState.DISCARDED.value
    row.responded += AlertState.RESPONDING.value in reached
    deadlines = policy.for_severity(AlertSeverity(alert.severity))
    for stage, action in MILESTONES.items():
        first = next((t for t in history if t.action == action.value), None)
        if first is None:
            continue
        took = first.at - alert.raised_at
        row.hours[stage].append(took.total_seconds() / 3600)
        row.on_time[stage].append(took <= deadlines.allowed(stage))


def _score_outcome(
    row: RegionScore,
    alert: Alert,
    events: Sequence[tuple[dt.date, int, str]],
    horizon: dt.timedelta,
) -> None:
    raised_on = warned_on(alert)
    following = [day for day, _, _ in events if raised_on <= day <= raised_on + horizon]
    if following:
        row.hits += 1
        row.lead_days.append(float((min(following) - raised_on).days))
    else:
        row.false_alarms += 1


def _fatal_events(
    session: Session, period: Period, horizon: dt.timedelta
) -> dict[str, list[tuple[dt.date, int, str]]]:
    """Fatal events around the period by region key: (date, deaths, region name), by date."""
    rows = session.execute(
        select(Event.event_date, Event.fatalities, Event.admin1)
        .where(
            Event.fatalities > 0,
            Event.event_date >= period.start - horizon,
            Event.event_date < period.end + horizon,
        )
        .order_by(Event.event_date)
    )
    by_region: dict[str, list[tuple[dt.date, int, str]]] = defaultdict(list)
    for day, deaths, admin1 in rows:
        by_region[_key(admin1)].append((day, int(deaths or 0), _region(admin1)))
    return by_region


def _surges(
    events: Iterable[tuple[dt.date, int, str]], period: Period, threshold: int
) -> list[tuple[dt.date, int]]:
    """ISO weeks of the period with at least ``threshold`` deaths: (first fatal day, deaths)."""
    weeks: dict[tuple[int, int], list[tuple[dt.date, int]]] = defaultdict(list)
    for day, deaths, _ in events:
        weeks[day.isocalendar()[:2]].append((day, deaths))
    surges = []
    for days in weeks.values():
        first = min(day for day, _ in days)
        total = sum(deaths for _, deaths in days)
        if total >= threshold and period.start <= first < period.end:
            surges.append((first, total))
    return sorted(surges)


def _transitions(session: Session, alert_ids: list[int]) -> dict[int, list[AlertTransition]]:
    history: dict[int, list[AlertTransition]] = defaultdict(list)
    if alert_ids:
        for transition in session.scalars(
            select(AlertTransition)
            .where(AlertTransition.alert_id.in_(alert_ids))
            .order_by(AlertTransition.id)
        ):
            history[transition.alert_id].append(transition)
    return history


def _total(scores: Sequence[RegionScore]) -> RegionScore:
    total = RegionScore(ALL_REGIONS)
    for s in scores:
        for name in (
            "raised",
            "verified",
            "discarded",
            "responded",
            "hits",
            "false_alarms",
            "misses",
            "surges",
        ):
            setattr(total, name, getattr(total, name) + getattr(s, name))
        total.lead_days += s.lead_days
        for stage in Stage:
            total.hours[stage] += s.hours[stage]
            total.on_time[stage] += s.on_time[stage]
    return total


def _key(admin1: str | None) -> str:
    return (admin1 or "").strip().casefold()


def _region(admin1: str | None) -> str:
    return (admin1 or "").strip() or "(no region)"


def _median(values: Sequence[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _tail(values: Sequence[float]) -> float | None:
    """The 90th percentile (nearest-rank), None without values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, -(-TAIL_PERCENTILE * len(ordered) // 100) - 1)
    return round(ordered[rank], 1)
