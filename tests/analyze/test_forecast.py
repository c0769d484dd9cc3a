"""Forecast rows: one per region and horizon, with their model, window and features."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from sqlalchemy import select

from sentinelle.analyze import History, update_forecasts
from sentinelle.analyze.forecast import (
    FEATURES,
    MODEL_NAME,
    MONTH_FEATURES,
    RECORDED_FEATURES,
    Forecaster,
    Panel,
    Prediction,
    baseline_forecasts,
    fit_stacked,
    with_week_rate,
)
from sentinelle.store import Database
from sentinelle.store.models import Forecast
from tests.analyze.builders import event


def _history() -> History:
    start = dt.date(2014, 1, 6)
    records = [
        event(start + dt.timedelta(days=d), "Gao", fatalities=(d // 3) % 3)
        for d in range(0, 700, 3)
    ]
    records += [event(start + dt.timedelta(days=d), "Kidal") for d in range(0, 700, 20)]
    return History(records)


def test_forecasts_cover_each_region_and_horizon_and_a_rerun_replaces_them(db: Database) -> None:
    history = _history()
    with db.session() as session:
        first = update_forecasts(session, history)
        again = update_forecasts(session, history)
    assert first.rows == again.rows == 4
    with db.session() as session:
        rows = session.scalars(select(Forecast).order_by(Forecast.region, Forecast.horizon)).all()
    assert [(r.region, r.horizon) for r in rows] == [
        ("Gao", "month"), ("Gao", "week"), ("Kidal", "month"), ("Kidal", "week"),
    ]  # fmt: skip
    gao_week = rows[1]
    assert gao_week.model_name == MODEL_NAME and gao_week.features == list(RECORDED_FEATURES)
    assert gao_week.target_start == dt.date(2015, 12, 7)
    assert gao_week.train_start == dt.date(2014, 1, 6)
    assert gao_week.events_low <= gao_week.expected_events <= gao_week.events_high
    assert 1.0 < gao_week.expected_events < 4.0  # Gao has 7 events every 3 weeks: ~2.3 a week
    assert rows[3].p_fatal < gao_week.p_fatal  # Kidal's events are never fatal
    gao_month = rows[0]
    assert gao_month.features == list(MONTH_FEATURES)
    assert gao_month.events_low <= gao_month.expected_events <= gao_month.events_high


def test_next_month_blends_its_model_with_four_weeks_at_the_week_ahead_rate() -> None:
    events, log_f = np.array([8.0, 0.5]), np.array([1.0, 0.0])
    month = Prediction(events, events, events, log_f, log_f, log_f, np.array([0.5, 0.1]))
    blended = with_week_rate(month, np.array([1.0, 2.0]), alpha=0.0)
    assert blended.events.tolist() == [6.0, 4.25]  # (8 + 4 x 1) / 2, (0.5 + 4 x 2) / 2
    assert (blended.events_low <= blended.events).all()
    assert (blended.events <= blended.events_high).all()
    assert blended.log_fatalities.tolist() == month.log_fatalities.tolist()
    assert blended.p_fatal.tolist() == [0.5, 0.1]


def test_the_baselines_are_the_last_period_and_the_mean_of_the_whole_periods_before() -> None:
    events = np.arange(1.0, 10.0)[None, :]  # 1, 2, ..., 9 violent events in weeks 0 to 8
    fatalities = np.array([[0.0, 0, 1, 0, 0, 0, 0, 0, 3]])
    panel = Panel([("Mali", "Gao")], dt.date(2016, 1, 4), events, fatalities)
    month = baseline_forecasts(panel, "month")
    last, mean = month["no-change"], month["historical-mean"]
    # At week 8: the last period is weeks 4-7 (5+6+7+8), the whole periods weeks 0-3 and 4-7.
    assert last.events[0, 8] == 26 and mean.events[0, 8] == (10 + 26) / 2
    assert last.p_fatal[0, 8] == 0.0 and mean.p_fatal[0, 8] == 0.5
    assert mean.log_fatalities[0, 8] == pytest.approx(np.log(2) / 2)
    assert np.isnan(last.events[0, 3]) and np.isnan(mean.events[0, 3])  # no whole period yet
    week = baseline_forecasts(panel, "week")
    assert week["no-change"].events[0, 8] == 8 and week["historical-mean"].events[0, 8] == 4.5


def test_the_stack_leans_on_the_forecast_that_was_right_out_of_fold() -> None:
    rng = np.random.default_rng(0)
    regions, weeks = 20, 24
    x = rng.normal(size=(regions, weeks, len(FEATURES)))  # features that say nothing
    events = rng.poisson(3.0, size=(regions, weeks)).astype(float)
    fatalities = rng.poisson(1.0, size=(regions, weeks)).astype(float)
    right = np.stack([events, np.log1p(fatalities), (fatalities > 0).astype(float)])
    wrong = np.zeros_like(right)
    model = fit_stacked(x, events, fatalities, np.stack([wrong, right]))
    assert model.weights.tolist() == [[0.0, 0.0, 1.0]] * 3
    pred = model.predict(x[:, -1], np.stack([wrong[:, :, -1], right[:, :, -1]]))
    assert np.allclose(pred.events, events[:, -1], atol=1e-3)  # counts are floored at 1e-3
    assert np.allclose(pred.p_fatal, fatalities[:, -1] > 0)


def test_a_short_history_of_noise_forecasts_near_its_mean() -> None:
    """On a few hundred region-weeks the models do not chase what the lags say by chance."""
    rng = np.random.default_rng(2)
    x = rng.normal(size=(120, len(FEATURES))) ** 2  # counts-like lags unrelated to the targets
    events = rng.poisson(3.0, size=120).astype(float)
    fatalities = rng.poisson(1.0, size=120).astype(float)
    model = Forecaster().fit(x, events, fatalities)
    own = model.linear(rng.normal(size=(200, len(FEATURES))) ** 2)
    assert np.abs(own[0] - events.mean()).mean() < 0.25  # 0.47 with v3's penalty
    assert np.abs(own[2] - (fatalities > 0).mean()).max() < 0.1  # 0.48 with v3's
