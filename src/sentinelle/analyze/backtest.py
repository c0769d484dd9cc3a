"""Forecast backtest: replay a history week by week, seeing only the past, and score.

At each weekly step the model is (re)fitted on region-weeks whose targets were complete
before the step (its stack weights too), and predicts the week (or 4 weeks) ahead for every
region; so do the ViEWS-style baselines: no-change (next = last), historical mean, and zero,
the first two as ``forecast.baseline_forecasts`` computes them for the stack. Scores: MSE of
log(1 + fatalities) and of event counts per region-period, and the Brier score of
"at least one fatal event".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from sentinelle.analyze.forecast import (
    FEATURES,
    HORIZON_WEEKS,
    MODEL_NAME,
    MODEL_VERSION,
    Forecaster,
    Prediction,
    baseline_forecasts,
    build_features,
    build_panel,
    build_targets,
    fit_at,
    stacked_at,
    week_start,
    with_week_rate,
)
from sentinelle.analyze.records import History
from sentinelle.analyze.signals.base import ForecastView, RegionKey

ONE_DAY = dt.timedelta(days=1)

MODELS = ("model", "no-change", "historical-mean", "zero")
# Weeks of history before the first scored step. A year gives every lag and the season;
# a history shorter than two years (a 5- or 6-month ACLED export) gets a quarter instead,
# enough for the 4- and 13-week lags, the 12-week surge baseline and 90 quiet days.
WARMUP_WEEKS = 52
SHORT_WARMUP_WEEKS = 13
SHORT_HISTORY_WEEKS = 104
# ACLED exports carry a few late-coded events dated months or years before the period they
# cover (1.6% of the Africa 2016 file): the data are taken to start on the first Monday
# after the day by which this share of the events is in, so that week 0 is a whole week.
STRAY_SHARE = 0.02


@dataclass
class Scores:
    """Error measures of one forecaster over the replay."""

    mse_log_fatalities: float
    mse_events: float
    brier_fatal: float


@dataclass
class ForecastBacktest:
    """Scores per horizon and forecaster, and how many region-periods they cover."""

    start: dt.date
    end: dt.date
    steps: int
    scores: dict[str, dict[str, Scores]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    # The model's week-ahead forecasts at each step (its Monday), for the alert replay.
    views: dict[dt.date, dict[tuple[RegionKey, str], ForecastView]] = field(default_factory=dict)


def data_start(history: History) -> dt.date | None:
    """The Monday the history's data start, past the few stray events dated long before."""
    if not history.records:
        return None
    day = history.records[int(len(history.records) * STRAY_SHARE)].date
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def default_warmup(history: History) -> int:
    """Weeks of warm-up: a year, or a quarter when the history is under two years long."""
    first, last = data_start(history), history.last_date
    if first is None or last is None:
        return WARMUP_WEEKS
    short = (last - first).days < 7 * SHORT_HISTORY_WEEKS
    return SHORT_WARMUP_WEEKS if short else WARMUP_WEEKS


def first_scored_day(history: History, start: dt.date, warmup_weeks: int) -> dt.date:
    """``start``, or later when fewer than ``warmup_weeks`` weeks of data come before it."""
    first = data_start(history) or start
    return max(start, week_start(first) + dt.timedelta(weeks=warmup_weeks))


def backtest_forecasts(
    history: History,
    start: dt.date,
    end: dt.date,
    train_years: int = 5,
    refit_weeks: int = 4,
    warmup_weeks: int | None = None,
) -> ForecastBacktest:
    """Replay weekly from ``start`` to ``end``; each forecast sees only earlier events.

    Steps begin after ``warmup_weeks`` of data (``default_warmup`` when None); a step is
    scored only when its whole target period lies within the data.
    """
    warmup = default_warmup(history) if warmup_weeks is None else warmup_weeks
    start = first_scored_day(history, start, warmup)
    first_data = data_start(history) or start
    panel_start = max(first_data, start - dt.timedelta(days=365 * train_years))
    panel = build_panel(history, panel_start, end + dt.timedelta(weeks=4))
    features = build_features(panel)
    first_step = panel.week_of(start)
    data_end = history.last_date or end
    # The last step whose week ahead lies whole within the data.
    last_step = min(panel.week_of(week_start(end)), panel.week_of(data_end + ONE_DAY) - 1)
    result = ForecastBacktest(start, end, max(0, last_step - first_step + 1))
    week_events: dict[int, np.ndarray] = {}  # the week-ahead forecasts, for the month's blend
    for horizon, span in HORIZON_WEEKS.items():
        events, fatalities = build_targets(panel, horizon)
        baselines = baseline_forecasts(panel, horizon)
        truth_e: list[np.ndarray] = []
        truth_f: list[np.ndarray] = []
        preds: dict[str, tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]] = {
            name: ([], [], []) for name in MODELS
        }
        model: Forecaster | None = None
        for step in range(first_step, last_step + 1):
            if step + span > panel.weeks or panel.date_of(step + span) > data_end + ONE_DAY:
                break
            if model is None or (step - first_step) % refit_weeks == 0:
                fitted = fit_at(panel, features, baselines, step, horizon)
                if fitted is None:
                    continue
                model = fitted
            pred = model.predict(features[:, step], stacked_at(baselines, step))
            if horizon == "week":
                result.views[panel.date_of(step)] = _views(panel.regions, panel.date_of(step), pred)
                week_events[step] = pred.events
            elif step in week_events:
                pred = with_week_rate(pred, week_events[step], model.alpha)
            truth_e.append(events[:, step])
            truth_f.append(fatalities[:, step])
            _collect(preds, pred.events, pred.log_fatalities, pred.p_fatal, "model")
            for name, base in baselines.items():
                _collect(
                    preds,
                    base.events[:, step],
                    base.log_fatalities[:, step],
                    base.p_fatal[:, step],
                    name,
                )
            zeros = np.zeros(len(panel.regions))
            _collect(preds, zeros, zeros, zeros, "zero")
        if not truth_e:
            continue
        e, f = np.concatenate(truth_e), np.concatenate(truth_f)
        result.rows[horizon] = len(e)
        result.scores[horizon] = {
            name: _score(e, f, *(np.concatenate(part) for part in parts))
            for name, parts in preds.items()
        }
    return result


def _views(
    regions: list[RegionKey], monday: dt.date, pred: Prediction
) -> dict[tuple[RegionKey, str], ForecastView]:
    end = monday + dt.timedelta(days=6)
    return {
        (region, "week"): ForecastView(
            horizon="week",
            target_start=monday,
            target_end=end,
            expected_events=float(pred.events[i]),
            events_low=float(pred.events_low[i]),
            events_high=float(pred.events_high[i]),
            expected_fatalities=float(np.expm1(pred.log_fatalities[i])),
            p_fatal=float(pred.p_fatal[i]),
            model=f"{MODEL_NAME} v{MODEL_VERSION}",
        )
        for i, region in enumerate(regions)
    }


def _collect(
    preds: dict[str, tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]],
    events: np.ndarray,
    log_fatalities: np.ndarray,
    p_fatal: np.ndarray,
    name: str,
) -> None:
    preds[name][0].append(events)
    preds[name][1].append(log_fatalities)
    preds[name][2].append(p_fatal)


def _score(
    events: np.ndarray,
    fatalities: np.ndarray,
    pred_events: np.ndarray,
    pred_log_f: np.ndarray,
    p_fatal: np.ndarray,
) -> Scores:
    return Scores(
        mse_log_fatalities=float(np.mean((np.log1p(fatalities) - pred_log_f) ** 2)),
        mse_events=float(np.mean((events - pred_events) ** 2)),
        brier_fatal=float(np.mean(((fatalities > 0).astype(float) - p_fatal) ** 2)),
    )


__all__ = [
    "FEATURES",
    "MODELS",
    "ForecastBacktest",
    "Scores",
    "backtest_forecasts",
    "data_start",
    "default_warmup",
    "first_scored_day",
]
