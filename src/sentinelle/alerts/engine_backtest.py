"""The whole backtest: forecasts against the ViEWS baselines, and the alert replay."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sentinelle.alerts.engine_replay import AlertReplay, replay_alerts
from sentinelle.alerts.rules import load_rules
from sentinelle.analyze import (
    ActorDirectory,
    ForecastBacktest,
    History,
    backtest_forecasts,
)
from sentinelle.analyze.backtest import MODELS, data_start, default_warmup, first_scored_day

DEFAULT_SPAN_DAYS = 2 * 365  # without --from, replay the last two years of the history


@dataclass(frozen=True)
class BacktestOptions:
    """Replay window, rules and how often the forecast model is refitted."""

    start: dt.date | None = None
    end: dt.date | None = None
    rules_file: Path | None = None
    refit_weeks: int = 4
    warmup_weeks: int | None = None  # None: a year, or a quarter for a short history


@dataclass
class BacktestReport:
    """Forecast scores and the alert replay over one window."""

    events: int
    start: dt.date
    end: dt.date
    warmup_weeks: int
    forecasts: ForecastBacktest
    alerts: AlertReplay


def run_backtest(
    history: History, actors: ActorDirectory, options: BacktestOptions
) -> BacktestReport:
    """Replay ``history`` weekly over the window: forecasts first, then the rules.

    Both start after the warm-up: ``options.start``, or later when fewer than
    ``warmup_weeks`` weeks of data come before it.
    """
    ruleset, params = load_rules(options.rules_file)
    start, end, warmup = backtest_window(history, options)
    forecasts = backtest_forecasts(
        history, start, end, refit_weeks=options.refit_weeks, warmup_weeks=warmup
    )
    alerts = replay_alerts(history, ruleset, params, actors, start, end, forecasts.views)
    return BacktestReport(len(history), start, end, warmup, forecasts, alerts)


def backtest_window(history: History, options: BacktestOptions) -> tuple[dt.date, dt.date, int]:
    """The first and last day replayed, and the warm-up weeks before the first."""
    warmup = default_warmup(history) if options.warmup_weeks is None else options.warmup_weeks
    end = options.end or history.last_date or dt.date.today()
    start = options.start or max(
        end - dt.timedelta(days=DEFAULT_SPAN_DAYS), data_start(history) or end
    )
    return first_scored_day(history, start, warmup), end, warmup


def format_report(report: BacktestReport) -> list[str]:
    """The report as the lines ``sentinelle backtest`` prints."""
    lines = [
        f"backtest {report.start.isoformat()} to {report.end.isoformat()}: "
        f"{report.events} events, {report.forecasts.steps} weekly steps after "
        f"{report.warmup_weeks} weeks of warm-up",
    ]
    for horizon, scores in report.forecasts.scores.items():
        rows = report.forecasts.rows[horizon]
        lines.append(f"forecasts, next {horizon} ({rows} region-{horizon}s):")
        lines.append(f"  {'forecaster':<16} {'MSE log1p(fat)':>15} {'MSE events':>11} {'Brier':>7}")
        for name in MODELS:
            s = scores[name]
            lines.append(
                f"  {name:<16} {s.mse_log_fatalities:>15.4f} {s.mse_events:>11.4f} "
                f"{s.brier_fatal:>7.4f}"
            )
    replay = report.alerts
    lines.append(
        f"alerts: {len(replay.alerts)} raised; precision {_share(replay.precision)} "
        f"(followed within 4 weeks by a fatal event in the region); recall "
        f"{_share(replay.recall)} ({replay.caught} of {replay.surges} fatal surges preceded "
        f"by an alert); median lead time {_days(replay.median_lead_days)}"
    )
    for rule, (count, precision) in replay.by_rule().items():
        lines.append(f"  {rule:<24} {count:>5} alerts, precision {precision:.2f}")
    return lines


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _days(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} days"
