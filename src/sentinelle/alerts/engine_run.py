"""One analysis pass on the store: indicators, forecasts, then the alert rules.

The rules are evaluated as of the end of each week that received new events (so a
history imported at once is read as it happened), and as of the latest event for the
forecast rules. Rules are validated before anything is written: a bad file changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from sentinelle.alerts.engine import EngineSummary, apply_rules
from sentinelle.alerts.rules import load_rules
from sentinelle.analyze import (
    ActorDirectory,
    DailySeries,
    DetectionContext,
    History,
    IndicatorSummary,
    load_records,
    update_forecasts,
    update_indicators,
)
from sentinelle.store import Database
from sentinelle.store.models import utcnow

log = logging.getLogger(__name__)

# Detectors look back at most ~3 years (the surge baseline); a little more for its first week.
LOOKBACK_DAYS = 3 * 365 + 14
# A catch-up after a large import evaluates at most this many week ends (the latest ones):
# older weeks are history, not warnings.
MAX_CATCHUP_WEEKS = 104


@dataclass(frozen=True)
class AnalysisOptions:
    """What one pass does: which rules, as of when, and whether to forecast."""

    rules_file: Path | None = None
    as_of: dt.date | None = None
    forecasts: bool = True


@dataclass
class AnalysisReport:
    """What one pass did."""

    indicators: IndicatorSummary
    forecast_rows: int = 0
    evaluated: list[dt.date] = field(default_factory=list)
    engine: EngineSummary = field(default_factory=EngineSummary)


def run_analysis(database: Database, options: AnalysisOptions) -> AnalysisReport:
    """Update indicators and forecasts, and raise or update alerts; returns what it did."""
    ruleset, params = load_rules(options.rules_file)
    now = utcnow()
    with database.session() as session:
        report = AnalysisReport(update_indicators(session))
        dates = _evaluation_dates(report.indicators.dates, options.as_of)
        if not dates:
            return report
        start = dates[0] - dt.timedelta(days=LOOKBACK_DAYS)
        history = History(load_records(session, start, dates[-1]))
        series = DailySeries(history)
        actors = ActorDirectory.load_or_shipped(session)
        forecasts = update_forecasts(session, history) if options.forecasts else None
        if forecasts is not None:
            report.forecast_rows = forecasts.rows
        contexts = [
            DetectionContext(
                history.until(day),
                day,
                actors,
                series,
                forecasts.views if forecasts is not None and day == dates[-1] else {},
            )
            for day in dates
        ]
        report.evaluated = dates
        report.engine = apply_rules(session, ruleset, params, contexts, now)
    return report


def _evaluation_dates(new_dates: list[dt.date], as_of: dt.date | None) -> list[dt.date]:
    if as_of is not None:
        return [as_of]
    if not new_dates:
        return []
    last = new_dates[-1]
    ends = sorted({min(day + dt.timedelta(days=6 - day.weekday()), last) for day in new_dates})
    return ends[-MAX_CATCHUP_WEEKS:]
