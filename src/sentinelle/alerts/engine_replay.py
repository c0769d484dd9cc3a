"""Alert replay: run the rules week by week over a past history, seeing only the past.

An alert is "new" when its situation (rule, region, subject) is not within its cool-down;
it is a hit when a fatal violent event follows in the same region within ``HORIZON_DAYS``
(precision). A fatal surge is a region-week with at least ``SURGE_MIN_FATALITIES`` deaths
and at least twice the region's mean weekly deaths of the previous ``SURGE_BASELINE_WEEKS``;
it is caught when an alert on its region fired in the ``HORIZON_DAYS`` before it (recall),
and the lead time is the days from that region's earliest such alert to the surge week.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from sentinelle.alerts.engine import evaluate_rules
from sentinelle.alerts.rules import RuleSet
from sentinelle.analyze import (
    ActorDirectory,
    DailySeries,
    DetectionContext,
    DetectorParams,
    History,
)
from sentinelle.analyze.signals import ForecastView

HORIZON_DAYS = 28  # "followed within 4 weeks": the horizon of the precision measure
SURGE_MIN_FATALITIES = 10  # a week with fewer deaths is not a surge a mission must act on
SURGE_BASELINE_WEEKS = 12  # a quarter: long enough to be a baseline, short enough to adapt

RegionKey = tuple[str, str]
Views = Mapping[dt.date, Mapping[tuple[RegionKey, str], ForecastView]]


@dataclass(frozen=True)
class ReplayedAlert:
    """An alert the replay raised: when, where, by which rule, and whether it was a hit."""

    day: dt.date
    rule: str
    region: RegionKey
    hit: bool


@dataclass
class AlertReplay:
    """The replay's alerts and fatal surges, with precision, recall and lead time."""

    alerts: list[ReplayedAlert] = field(default_factory=list)
    surges: int = 0
    caught: int = 0
    lead_days: list[int] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        """Share of alerts followed within 4 weeks by a fatal event in the region."""
        return sum(a.hit for a in self.alerts) / len(self.alerts) if self.alerts else None

    @property
    def recall(self) -> float | None:
        """Share of fatal surges that an alert on their region preceded."""
        return self.caught / self.surges if self.surges else None

    @property
    def median_lead_days(self) -> float | None:
        """Median days from the earliest preceding alert to the surge."""
        return float(statistics.median(self.lead_days)) if self.lead_days else None

    def by_rule(self) -> dict[str, tuple[int, float]]:
        """Alerts and precision per rule."""
        grouped: dict[str, list[bool]] = defaultdict(list)
        for alert in self.alerts:
            grouped[alert.rule].append(alert.hit)
        return {rule: (len(hits), sum(hits) / len(hits)) for rule, hits in sorted(grouped.items())}


def replay_alerts(
    history: History,
    ruleset: RuleSet,
    params: dict[str, DetectorParams],
    actors: ActorDirectory,
    start: dt.date,
    end: dt.date,
    views: Views | None = None,
) -> AlertReplay:
    """Evaluate the rules each Monday from ``start`` to ``end`` on the events before it."""
    series = DailySeries(history)
    replay = AlertReplay()
    open_until: dict[str, dt.date] = {}
    fired: dict[RegionKey, list[dt.date]] = defaultdict(list)
    monday = start - dt.timedelta(days=start.weekday())
    while monday <= end:
        as_of = monday - dt.timedelta(days=1)
        context = DetectionContext(
            history.until(as_of), as_of, actors, series, (views or {}).get(monday, {})
        )
        for firing in evaluate_rules(ruleset, params, context):
            region = (firing.signal.country, firing.signal.admin1)
            fired[region].append(as_of)
            if open_until.get(firing.key, dt.date.min) >= as_of:
                open_until[firing.key] = as_of + dt.timedelta(days=firing.rule.cooldown_days)
                continue
            open_until[firing.key] = as_of + dt.timedelta(days=firing.rule.cooldown_days)
            ahead = series.fatalities(region, monday, as_of + dt.timedelta(days=HORIZON_DAYS))
            replay.alerts.append(ReplayedAlert(as_of, firing.rule.name, region, ahead > 0))
        monday += dt.timedelta(days=7)
    _score_surges(replay, history, series, fired, start, end)
    return replay


def _score_surges(
    replay: AlertReplay,
    history: History,
    series: DailySeries,
    fired: dict[RegionKey, list[dt.date]],
    start: dt.date,
    end: dt.date,
) -> None:
    for region in history.regions():
        monday = start - dt.timedelta(days=start.weekday())
        while monday <= end:
            week_end = monday + dt.timedelta(days=6)
            deaths = series.fatalities(region, monday, week_end)
            weeks = series.weekly(region, monday - dt.timedelta(days=1), SURGE_BASELINE_WEEKS, True)
            if deaths >= SURGE_MIN_FATALITIES and deaths >= 2 * float(weeks.mean()):
                replay.surges += 1
                window = monday - dt.timedelta(days=HORIZON_DAYS)
                before = [day for day in fired.get(region, []) if window <= day < monday]
                if before:
                    replay.caught += 1
                    replay.lead_days.append((monday - min(before)).days)
            monday += dt.timedelta(days=7)
