"""Next-week and next-month risk per admin1: expected violent events, fatalities, P(fatal).

Model ``analyze.forecast.glm`` v5 (v4 whose month blends in the week's rate, below; v4 is v3
with a stronger penalty): three regularised
scikit-learn linear models on a region-week panel of lagged indicators (own lags over 1, 4,
13 and 52 weeks, neighbours' and the rest of the country's recent violence, weeks since the
last violence, season),
standardised: a ridge regression of event counts on the raw lags (a weighted mean of past
rates, which extrapolates safely), and, on the lags taken as log(1 + x), a ridge regression
of log(1 + fatalities) and a logistic regression for "at least one fatal event". They fit in
milliseconds, so a weekly backtest can refit hundreds of times. Intervals: 80%, from a
negative binomial whose dispersion is fitted on the training residuals (events) and from
the residual quantiles (log fatalities). Every feature of week w reads only weeks before w;
a lag mean covers only the weeks the panel knows (before its start is unknown, not quiet),
and training rows start once ``MIN_KNOWN_WEEKS`` are known (v2; v1 padded with zeros).
v3 stacks each linear model with the ViEWS no-change and historical-mean forecasts: convex
weights, chosen at every fit by the three's squared errors on out-of-fold predictions over
the training weeks (blocked folds), so a short or shifting history where the linear model
generalises badly leans on the baselines.
v4 regularises the three linear models 300 times harder (``PENALTY``). scikit-learn's L2
penalty is weighed against the sum of the rows' losses, so a fixed penalty is a prior worth a
fixed number of rows: on the tens of thousands of region-weeks of a long history it changes
next to nothing, on the few hundred of a short export over few regions (a 13-week warm-up,
one or two months of targets) it keeps the models from chasing the noise of those weeks,
toward the training mean that the stack then weighs against the baselines. v3's penalty of 1
was negligible everywhere, which on short histories let the models overfit.
v5 blends the month's expected events half and half with four times the week-ahead forecast
(``with_week_rate``; the half chosen on the development slices among a quarter, a half and
three quarters). The month's stack weights can only be chosen on months that ended four weeks
before the forecast; the week's on weeks up to the last. After violence jumps and stays (a
war's onset), the week's stack has already shifted its weight to the recent level while the
month's still leans on the quiet before.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy import stats
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from sqlalchemy import delete, insert
from sqlalchemy.orm import Session
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from sentinelle.analyze.geography import same_or_neighbour
from sentinelle.analyze.records import History
from sentinelle.analyze.signals.base import ForecastView, RegionKey
from sentinelle.store.models import Forecast

log = logging.getLogger(__name__)

MODEL_NAME = "analyze.forecast.glm"  # regularised linear models (see the docstring)
# v2: lag means over the known weeks only, rows from MIN_KNOWN_WEEKS; v3: stacked with the
# no-change and historical-mean forecasts (weights from out-of-fold errors, see ``fit_stacked``);
# v4: PENALTY 300 instead of 1; v5: the month's expected events blended with four times the
# week's (``with_week_rate``)
MODEL_VERSION = "5"
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
# What the linear models' forecasts are stacked with, as recorded in forecast rows' features.
STACKED = ("no_change", "historical_mean")
RECORDED_FEATURES = (*FEATURES, *(f"stacked_{name}" for name in STACKED))
# The month's rows also record the week-ahead forecast their expected events are blended with.
MONTH_FEATURES = (*RECORDED_FEATURES, "blended_week_rate")
HORIZON_WEEKS = {"week": 1, "month": 4}
MAX_QUIET_WEEKS = 104  # beyond two years quiet, more quiet says nothing new
INTERVAL = (0.1, 0.9)  # an 80% interval: wide enough to be honest, narrow enough to be useful
MIN_ROWS = 40  # fewer training region-weeks than this and no model is fitted
# Training rows start once this many weeks are known before them: the 4-week lags complete,
# so a short history's first, nearly blind weeks do not teach the model.
MIN_KNOWN_WEEKS = 4
# L2 strength on standardised features, against the sum of the rows' losses: worth about
# 300 region-weeks of prior toward the mean (v4; v3: 1). Chosen on the development data
# (half-year slices of Kenya and the Sahel replayed as short exports, the 2016 file, Kenya and
# Sahel windows) among 1, 10, 30, 100, 300 and 1000: 1000 over-smoothed P(fatal) on the Sahel.
PENALTY = 300.0
# Features that are counts or durations, taken as log(1 + x) (the season terms are not).
LOG_FEATURES = np.array([not name.startswith("season") for name in FEATURES])
# Share of four times the week-ahead forecast in the month's expected events (v5).
WEEK_SHARE = 0.5
# Blocked folds over the training weeks whose out-of-fold forecasts choose the stack weights.
STACK_FOLDS = 4
# Convex weights tried for (model, no-change, historical mean), in steps of 1/WEIGHT_STEPS.
WEIGHT_STEPS = 50


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
class Baseline:
    """A baseline's forecast of the period starting at each week, read from the weeks before.

    Arrays of shape (regions, weeks); NaN at weeks with less than one whole period before them.
    """

    events: np.ndarray
    log_fatalities: np.ndarray
    p_fatal: np.ndarray


def baseline_forecasts(panel: Panel, horizon: str) -> dict[str, Baseline]:
    """The ViEWS no-change and historical-mean forecasts of every (region, week).

    No-change: the last whole period before the week. Historical mean: the mean over the
    whole periods that end at the week, counted back to the panel's start (of the period
    counts, of their log(1 + fatalities) and of their having a fatal event).
    """
    span = HORIZON_WEEKS[horizon]
    regions, weeks = panel.events.shape
    cum_e = np.concatenate([np.zeros((regions, 1)), np.cumsum(panel.events, axis=1)], axis=1)
    cum_f = np.concatenate([np.zeros((regions, 1)), np.cumsum(panel.fatalities, axis=1)], axis=1)
    last_e = np.full((regions, weeks), np.nan)  # the period just before each week
    last_f = np.full((regions, weeks), np.nan)
    last_e[:, span:] = cum_e[:, span:weeks] - cum_e[:, : weeks - span]
    last_f[:, span:] = cum_f[:, span:weeks] - cum_f[:, : weeks - span]
    parts = (last_e, np.log1p(last_f), (last_f > 0).astype(float))
    no_change = Baseline(*(np.where(np.isnan(last_f), np.nan, part) for part in parts))
    # Sums over every period ending at w, w - span, ...: a running sum with stride span.
    sums = [np.where(np.isnan(part), 0.0, part) for part in parts]
    for w in range(2 * span, weeks):
        for total, part in zip(sums, parts, strict=True):
            total[:, w] = part[:, w] + total[:, w - span]
    count = np.arange(weeks) // span
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = Baseline(*(np.where(count > 0, total / count, np.nan) for total in sums))
    return {"no-change": no_change, "historical-mean": mean}


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
    """The three linear models, their stack weights and the dispersion their intervals need."""

    def __init__(self) -> None:
        self.counts = make_pipeline(StandardScaler(), Ridge(alpha=PENALTY))
        self.deaths = _pipeline(Ridge(alpha=PENALTY))
        self.fatal = _pipeline(LogisticRegression(C=1 / PENALTY, max_iter=300))
        self.alpha = 0.0
        self.residuals = (0.0, 0.0)
        self.base_rate: float | None = None
        # Per target (events, log fatalities, P(fatal)): the weights of the linear model and
        # of the STACKED baselines; the linear model alone until ``fit_stacked`` sets them.
        self.weights = np.tile(np.eye(1 + len(STACKED))[0], (3, 1))

    def fit(
        self,
        x: np.ndarray,
        events: np.ndarray,
        fatalities: np.ndarray,
        start: Forecaster | None = None,
    ) -> Forecaster:
        """Fit the linear models on rows ``x`` with their known targets.

        ``start``: a forecaster fitted on similar rows, whose logistic regression the new one
        starts from (the out-of-fold fits of ``fit_stacked`` start near their optimum).
        """
        log_f = np.log1p(fatalities)
        self.counts.fit(x, events)
        self.deaths.fit(x, log_f)
        labels = (fatalities > 0).astype(int)
        if labels.min() == labels.max():
            self.base_rate = float(labels[0])
        else:
            if start is not None and start.base_rate is None:
                logistic, fitted = self.fatal[-1], start.fatal[-1]
                logistic.set_params(warm_start=True)
                logistic.coef_, logistic.intercept_ = fitted.coef_.copy(), fitted.intercept_.copy()
            self.fatal.fit(x, labels)
        mu = np.maximum(self.counts.predict(x), 1e-3)
        self.alpha = max(0.0, float(np.mean(((events - mu) ** 2 - mu) / mu**2)))
        resid = log_f - self.deaths.predict(x)
        self.residuals = (
            float(np.quantile(resid, INTERVAL[0])),
            float(np.quantile(resid, INTERVAL[1])),
        )
        return self

    def linear(self, x: np.ndarray) -> np.ndarray:
        """The linear models' events, log(1 + fatalities) and P(fatal), shape (3, rows)."""
        events = np.maximum(self.counts.predict(x), 1e-3)
        log_f = np.maximum(self.deaths.predict(x), 0.0)
        if self.base_rate is not None:
            p_fatal = np.full(len(x), self.base_rate)
        else:
            p_fatal = self.fatal.predict_proba(x)[:, 1]
        return np.stack([events, log_f, p_fatal])

    def predict(self, x: np.ndarray, stacked: np.ndarray | None = None) -> Prediction:
        """Forecasts, intervals and P(fatal) for rows ``x``.

        ``stacked``: the STACKED baselines' forecasts of the rows, shape (baselines, 3, rows),
        as ``stacked_at`` gives them; where one is unknown (NaN) the linear model stands in,
        and without them the forecast is the linear model's alone.
        """
        own = self.linear(x)
        combined = own
        if stacked is not None:
            parts = np.stack([own, *(np.where(np.isnan(base), own, base) for base in stacked)])
            combined = np.einsum("ktr,tk->tr", parts, self.weights)
        mu = np.maximum(combined[0], 1e-3)
        low, high = _count_interval(mu, self.alpha)
        log_f = np.maximum(combined[1], 0.0)
        return Prediction(
            mu,
            low,
            high,
            log_f,
            np.maximum(log_f + self.residuals[0], 0.0),
            log_f + self.residuals[1],
            np.clip(combined[2], 0.0, 1.0),
        )


def with_week_rate(month: Prediction, week_events: np.ndarray, alpha: float) -> Prediction:
    """The month's expected events blended with four times the week ahead's (v5).

    The week's stack weights are chosen on targets up to last week, the month's only on
    months complete four weeks ago: after violence jumps and stays, the week's model has
    already learnt to follow it. ``WEEK_SHARE`` of the blend is the week's."""
    mu = np.maximum(
        (1 - WEEK_SHARE) * month.events + WEEK_SHARE * HORIZON_WEEKS["month"] * week_events,
        1e-3,
    )
    low, high = _count_interval(mu, alpha)
    return replace(month, events=mu, events_low=low, events_high=high)


def _simplex(steps: int) -> np.ndarray:
    """Every convex weight triple in steps of 1/steps, the linear model's heaviest first."""
    return (
        np.array(
            [(i, j, steps - i - j) for i in range(steps, -1, -1) for j in range(steps - i + 1)],
            dtype=float,
        )
        / steps
    )


WEIGHTS = _simplex(WEIGHT_STEPS)


def best_weights(forecasts: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """The convex weights of the columns of ``forecasts`` with the least squared error."""
    gram, cross = forecasts.T @ forecasts, forecasts.T @ truth
    sse = np.einsum("gi,ij,gj->g", WEIGHTS, gram, WEIGHTS) - 2 * WEIGHTS @ cross
    return np.asarray(WEIGHTS[int(np.argmin(sse))])


def stacked_at(baselines: Mapping[str, Baseline], week: int | np.ndarray) -> np.ndarray:
    """The baselines' forecasts at ``week`` (or weeks), shape (baselines, 3, regions[ x weeks])."""
    return np.stack(
        [
            np.stack([base.events[:, week], base.log_fatalities[:, week], base.p_fatal[:, week]])
            for base in baselines.values()
        ]
    )


def fit_stacked(
    x: np.ndarray, events: np.ndarray, fatalities: np.ndarray, stacked: np.ndarray
) -> Forecaster:
    """Fit on a (regions, weeks, features) block; weigh it against the baselines' forecasts.

    The weights minimise each target's squared error (Brier for P(fatal)) over out-of-fold
    forecasts: the training weeks cut into ``STACK_FOLDS`` consecutive blocks, each forecast
    by the linear models fitted on the other blocks. ``stacked``: (baselines, 3, regions, weeks).
    (Purging the ``span - 1`` weeks whose targets overlap a block's did no better on the
    development sets; nor, for v4, did weighting recent blocks more, bagging the weights over
    resampled weeks, separate weights where the last 4 weeks' level departs from the last 13
    weeks', an exponentially smoothed baseline in the stack, scoring the weeks whose month is
    partly known, or shrinking the weights toward equal thirds once the penalty was raised.)
    """
    regions, weeks, width = x.shape
    model = Forecaster().fit(x.reshape(-1, width), events.ravel(), fatalities.ravel())
    oof = np.full((3, regions, weeks), np.nan)
    index = np.arange(weeks)
    for fold in np.array_split(index, min(STACK_FOLDS, weeks)):
        keep = (index < fold[0]) | (index > fold[-1])
        if keep.sum() * regions < MIN_ROWS:
            continue
        sub = Forecaster().fit(
            x[:, keep].reshape(-1, width),
            events[:, keep].ravel(),
            fatalities[:, keep].ravel(),
            start=model,
        )
        oof[:, :, fold] = sub.linear(x[:, fold].reshape(-1, width)).reshape(3, regions, len(fold))
    known = ~np.isnan(oof[0, 0])
    if not known.any():
        return model
    truth = np.stack([events, np.log1p(fatalities), (fatalities > 0).astype(float)])
    for target in range(3):
        columns = [oof[target][:, known]] + [base[target][:, known] for base in stacked]
        forecasts = np.stack([column.ravel() for column in columns], axis=1)
        whole = ~np.isnan(forecasts).any(axis=1)
        if whole.any():
            model.weights[target] = best_weights(
                forecasts[whole], truth[target][:, known].ravel()[whole]
            )
    return model


def fit_at(
    panel: Panel,
    features: np.ndarray,
    baselines: Mapping[str, Baseline],
    target_week: int,
    horizon: str,
) -> Forecaster | None:
    """The stacked forecaster for ``target_week``, fitted on what was known then.

    Training rows: the weeks from ``MIN_KNOWN_WEEKS`` whose whole target period ends before
    ``target_week``; None when they are fewer than ``MIN_ROWS``.
    """
    span = HORIZON_WEEKS[horizon]
    first, last = MIN_KNOWN_WEEKS, target_week - span
    if last < first or panel.events.shape[0] * (last - first + 1) < MIN_ROWS:
        return None
    events, fatalities = build_targets(panel, horizon)
    weeks = slice(first, last + 1)
    stacked = stacked_at(baselines, np.arange(first, last + 1))
    # Thirteen features are too few for threaded BLAS to pay: its threads only spin (a fit
    # took 3 to 4 times the CPU with them on the 2-core development box).
    with threadpool_limits(limits=1, user_api="blas"):
        return fit_stacked(features[:, weeks], events[:, weeks], fatalities[:, weeks], stacked)


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
    week_events: np.ndarray | None = None
    for horizon, span in HORIZON_WEEKS.items():
        baselines = baseline_forecasts(panel, horizon)
        model = fit_at(panel, features, baselines, tw, horizon)
        if model is None:
            continue
        pred = model.predict(features[:, tw], stacked_at(baselines, tw))
        if horizon == "week":
            week_events = pred.events
        elif week_events is not None:
            pred = with_week_rate(pred, week_events, model.alpha)
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
        features=list(MONTH_FEATURES if horizon == "month" else RECORDED_FEATURES),
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
