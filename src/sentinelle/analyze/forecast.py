"""Next-week and next-month risk per admin1: expected violent events, fatalities, P(fatal).

Model ``analyze.forecast.glm`` v2: three regularised scikit-learn linear models on a
region-week panel of lagged indicators (own lags over 1, 4, 13 and 52 weeks, neighbours'
and the rest of the country's recent violence, weeks since the last violence, season),
standardised: a ridge regression of event counts on the raw lags (a weighted mean of past
rates, which extrapolates safely), and, on the lags taken as log(1 + x), a ridge regression
of log(1 + fatalities) and a logistic regression for "at least one fatal event". They fit in
milliseconds, so a weekly backtest can refit hundreds of times. Intervals: 80%, from a
negative binomial whose dispersion is fitted on the training residuals (events) and from
the residual quantiles (log fatalities). Every feature of week w reads only weeks before w;
a lag mean covers only the weeks the panel knows (before its start is unknown, not quiet),
and training rows start once ``MIN_KNOWN_WEEKS`` are known (v2; v1 padded with zeros).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from sentinelle.analyze.geography import same_or_neighbour
from sentinelle.analyze.records import History
from sentinelle.analyze.signals.base import ForecastView, RegionKey
from sentinelle.store.models import Forecast

log = logging.getLogger(__name__)

MODEL_NAME = "analyze.forecast.glm"  # regularised linear models (see the docstring)
MODEL_VERSION = "2"  # v2: lag means over the known weeks only, rows from MIN_KNOWN_WEEKS
FEATURES = (
    "events_last_week",
    "events_mean_4w",
    "events_mean_13w",
    "events_mean_52w",
    "log_fatalities_last_week",
    "log_fatalities_mean_4w",
    "log_fatalities_mean_13w",
    "fatal_week_share_13w",
    "neighbours_events_mean_4w",
    "country_events_mean_4w",
    "weeks_since_violence",
    "season_sin",
    "season_cos",
)
HORIZON_WEEKS = {"week": 1, "month": 4}
MAX_QUIET_WEEKS = 104  # beyond two years quiet, more quiet says nothing new
INTERVAL = (0.1, 0.9)  # an 80% interval: wide enough to be honest, narrow enough to be useful
MIN_ROWS = 40  # fewer training region-weeks than this and no model is fitted
# Training rows start once this many weeks are known before them: the 4-week lags complete,
# so a short history's first, nearly blind weeks do not teach the model.
MIN_KNOWN_WEEKS = 4
PENALTY = 1.0  # L2 strength on standardised features: mild shrinkage, stable refits
# Features that are counts or durations, taken as log(1 + x) (the season terms are not).
LOG_FEATURES = np.array([not name.startswith("season") for name in FEATURES])


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


@dataclass
class Panel:
    """Weekly violent events and fatalities per admin1 region, Monday weeks."""

    regions: list[RegionKey]
    start: dt.date
    events: np.ndarray
    fatalities: np.ndarray

    @property
    def weeks(self) -> int:
        """Number of weeks held."""
        return int(self.events.shape[1])

    def week_of(self, day: dt.date) -> int:
        """Index of the week holding ``day`` (may lie beyond the panel)."""
        return (week_start(day) - self.start).days // 7

    def date_of(self, week: int) -> dt.date:
        """Monday of week index ``week``."""
        return self.start + dt.timedelta(weeks=week)


def build_panel(history: History, start: dt.date, end: dt.date) -> Panel:
    """The panel of ``history``'s violent events from ``start``'s week to ``end``'s."""
    first = week_start(start)
    weeks = (week_start(end) - first).days // 7 + 1
    arrays = history.violent_arrays()
    regions = arrays.regions
    low = int(np.searchsorted(arrays.day, first.toordinal(), side="left"))
    high = int(np.searchsorted(arrays.day, end.toordinal(), side="right"))
    cell = arrays.region[low:high] * weeks + (arrays.day[low:high] - first.toordinal()) // 7
    size = len(regions) * weeks
    events = np.bincount(cell, minlength=size).reshape(len(regions), weeks).astype(float)
    fatalities = np.bincount(cell, weights=arrays.fatalities[low:high], minlength=size)
    fatalities = fatalities.reshape(len(regions), weeks)
    return Panel(regions, first, events, fatalities)


def _lag_mean(values: np.ndarray, span: int) -> np.ndarray:
    """Mean over the ``span`` weeks before each week, or the fewer known (0 where none are).

    Weeks before the panel's start are unknown, not quiet: a short history's early weeks
    average what they have instead of counting the missing past as zeros.
    """
    cum = np.concatenate([np.zeros((values.shape[0], 1)), np.cumsum(values, axis=1)], axis=1)
    high = np.arange(values.shape[1])
    low = np.maximum(high - span, 0)
    return np.asarray((cum[:, high] - cum[:, low]) / np.maximum(high - low, 1))


def build_features(panel: Panel) -> np.ndarray:
    """Features of every (region, week), shape (regions, weeks, len(FEATURES))."""
    ev, logf = panel.events, np.log1p(panel.fatalities)
    fatal = (panel.fatalities > 0).astype(float)
    ev4 = _lag_mean(ev, 4)
    neighbours = np.zeros_like(ev4)
    country = np.zeros_like(ev4)
    for i, (c, a) in enumerate(panel.regions):
        for j, (c2, a2) in enumerate(panel.regions):
            if i != j and c == c2:
                country[i] += ev4[j]
                if same_or_neighbour(a, a2):
                    neighbours[i] += ev4[j]
    quiet = np.zeros_like(ev)
    for i in range(ev.shape[0]):
        since = MAX_QUIET_WEEKS
        for w in range(ev.shape[1]):
            quiet[i, w] = since
            since = 0 if ev[i, w] > 0 else min(since + 1, MAX_QUIET_WEEKS)
    woy = np.array([panel.date_of(w).isocalendar()[1] for w in range(panel.weeks)], dtype=float)
    season = np.broadcast_to(2 * np.pi * woy / 52, ev.shape)
    columns = [
        _lag_mean(ev, 1),
        ev4,
        _lag_mean(ev, 13),
        _lag_mean(ev, 52),
        _lag_mean(logf, 1),
        _lag_mean(logf, 4),
        _lag_mean(logf, 13),
        _lag_mean(fatal, 13),
        neighbours,
        country,
        quiet,
        np.sin(season),
        np.cos(season),
    ]
    return np.stack(columns, axis=2)


def build_targets(panel: Panel, horizon: str) -> tuple[np.ndarray, np.ndarray]:
    """Events and fatalities of the ``horizon`` starting at each week (NaN past the end)."""
    span = HORIZON_WEEKS[horizon]
    events = np.full(panel.events.shape, np.nan)
    fatalities = np.full(panel.events.shape, np.nan)
    for w in range(panel.weeks - span + 1):
        events[:, w] = panel.events[:, w : w + span].sum(axis=1)
        fatalities[:, w] = panel.fatalities[:, w : w + span].sum(axis=1)
    return events, fatalities


@dataclass
class Prediction:
    """Forecasts for a batch of rows."""

    events: np.ndarray
    events_low: np.ndarray
    events_high: np.ndarray
    log_fatalities: np.ndarray
    log_fatalities_low: np.ndarray
    log_fatalities_high: np.ndarray
    p_fatal: np.ndarray


class Forecaster:
    """The three boosted models and the dispersion their intervals need."""

    def __init__(self) -> None:
        self.counts = make_pipeline(StandardScaler(), Ridge(alpha=PENALTY))
        self.deaths = _pipeline(Ridge(alpha=PENALTY))
        self.fatal = _pipeline(LogisticRegression(C=1 / PENALTY, max_iter=300))
        self.alpha = 0.0
        self.residuals = (0.0, 0.0)
        self.base_rate: float | None = None

    def fit(self, x: np.ndarray, events: np.ndarray, fatalities: np.ndarray) -> Forecaster:
        """Fit on rows ``x`` with their known targets."""
        log_f = np.log1p(fatalities)
        self.counts.fit(x, events)
        self.deaths.fit(x, log_f)
        labels = (fatalities > 0).astype(int)
        if labels.min() == labels.max():
            self.base_rate = float(labels[0])
        else:
            self.fatal.fit(x, labels)
        mu = np.maximum(self.counts.predict(x), 1e-3)
        self.alpha = max(0.0, float(np.mean(((events - mu) ** 2 - mu) / mu**2)))
        resid = log_f - self.deaths.predict(x)
        self.residuals = (
            float(np.quantile(resid, INTERVAL[0])),
            float(np.quantile(resid, INTERVAL[1])),
        )
        return self

    def predict(self, x: np.ndarray) -> Prediction:
        """Point forecasts, intervals and P(fatal) for rows ``x``."""
        mu = np.maximum(self.counts.predict(x), 1e-3)
        low, high = _count_interval(mu, self.alpha)
        log_f = np.maximum(self.deaths.predict(x), 0.0)
        if self.base_rate is not None:
            p_fatal = np.full(len(x), self.base_rate)
        else:
            p_fatal = self.fatal.predict_proba(x)[:, 1]
        return Prediction(
            mu,
            low,
            high,
            log_f,
            np.maximum(log_f + self.residuals[0], 0.0),
            log_f + self.residuals[1],
            p_fatal,
        )


def _log_counts(x: np.ndarray) -> np.ndarray:
    out = np.array(x, dtype=float)
    out[:, LOG_FEATURES] = np.log1p(np.maximum(out[:, LOG_FEATURES], 0.0))
    return out


def _pipeline(model: object) -> Pipeline:
    return make_pipeline(FunctionTransformer(_log_counts), StandardScaler(), model)


def _count_interval(mu: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    if alpha <= 1e-6:
        return stats.poisson.ppf(INTERVAL[0], mu), stats.poisson.ppf(INTERVAL[1], mu)
    size = 1.0 / alpha
    p = size / (size + mu)
    return stats.nbinom.ppf(INTERVAL[0], size, p), stats.nbinom.ppf(INTERVAL[1], size, p)


def training_rows(
    panel: Panel, features: np.ndarray, target_week: int, horizon: str, first: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows whose whole target period ends before ``target_week`` (what was known then)."""
    events, fatalities = build_targets(panel, horizon)
    last = target_week - HORIZON_WEEKS[horizon]
    if last < first:
        return np.empty((0, len(FEATURES))), np.empty(0), np.empty(0)
    x = features[:, first : last + 1].reshape(-1, len(FEATURES))
    return x, events[:, first : last + 1].ravel(), fatalities[:, first : last + 1].ravel()


@dataclass
class ForecastRun:
    """What ``update_forecasts`` wrote."""

    rows: int
    views: dict[tuple[RegionKey, str], ForecastView]


def update_forecasts(session: Session, history: History, train_years: int = 5) -> ForecastRun:
    """Fit on the history and store next-week and next-month forecasts for every region."""
    if history.last_date is None or history.first_date is None:
        return ForecastRun(0, {})
    as_of = history.last_date
    start = max(history.first_date, as_of - dt.timedelta(days=365 * train_years))
    target = week_start(as_of) + dt.timedelta(weeks=1)
    panel = build_panel(history, start, target)
    features = build_features(panel)
    tw = panel.week_of(target)
    views: dict[tuple[RegionKey, str], ForecastView] = {}
    rows = 0
    for horizon, span in HORIZON_WEEKS.items():
        x, events, fatalities = training_rows(panel, features, tw, horizon, first=MIN_KNOWN_WEEKS)
        if len(x) < MIN_ROWS:
            continue
        model = Forecaster().fit(x, events, fatalities)
        pred = model.predict(features[:, tw])
        end = target + dt.timedelta(weeks=span) - dt.timedelta(days=1)
        train_end = panel.date_of(tw - span) + dt.timedelta(days=7 * span - 1)
        # A run replaces the model's whole forecast for this target period, in one statement.
        session.execute(
            delete(Forecast).where(
                Forecast.horizon == horizon,
                Forecast.target_start == target,
                Forecast.model_name == MODEL_NAME,
            )
        )
        values = [
            _forecast_row(region, horizon, as_of, target, end, pred, i, panel.start, train_end)
            for i, region in enumerate(panel.regions)
        ]
        if values:  # one multi-row INSERT per horizon
            session.execute(insert(Forecast), values)
        for region, row in zip(panel.regions, values, strict=True):
            views[(region, horizon)] = view_of(row)
        rows += len(values)
    return ForecastRun(rows, views)


def _forecast_row(
    region: RegionKey,
    horizon: str,
    as_of: dt.date,
    target: dt.date,
    end: dt.date,
    pred: Prediction,
    i: int,
    train_start: dt.date,
    train_end: dt.date,
) -> dict[str, Any]:
    return dict(
        country=region[0],
        region=region[1],
        horizon=horizon,
        issued_for=as_of,
        target_start=target,
        target_end=end,
        expected_events=float(pred.events[i]),
        events_low=float(pred.events_low[i]),
        events_high=float(pred.events_high[i]),
        expected_fatalities=float(math.expm1(pred.log_fatalities[i])),
        fatalities_low=float(math.expm1(pred.log_fatalities_low[i])),
        fatalities_high=float(math.expm1(pred.log_fatalities_high[i])),
        p_fatal=float(pred.p_fatal[i]),
        model_name=MODEL_NAME,
        model_version=MODEL_VERSION,
        train_start=train_start,
        train_end=train_end,
        features=list(FEATURES),
    )


def view_of(row: Mapping[str, Any]) -> ForecastView:
    """The forecast row's values as the forecast_risk detector reads them."""
    return ForecastView(
        horizon=row["horizon"],
        target_start=row["target_start"],
        target_end=row["target_end"],
        expected_events=row["expected_events"],
        events_low=row["events_low"],
        events_high=row["events_high"],
        expected_fatalities=row["expected_fatalities"],
        p_fatal=row["p_fatal"],
        model=f"{row['model_name']} v{row['model_version']}",
    )
