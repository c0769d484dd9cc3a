"""Forecast rows: one per region and horizon, with their model, window and features."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from sentinelle.analyze import History, update_forecasts
from sentinelle.analyze.forecast import FEATURES, MODEL_NAME
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
    assert gao_week.model_name == MODEL_NAME and gao_week.features == list(FEATURES)
    assert gao_week.target_start == dt.date(2015, 12, 7)
    assert gao_week.train_start == dt.date(2014, 1, 6)
    assert gao_week.events_low <= gao_week.expected_events <= gao_week.events_high
    assert 1.0 < gao_week.expected_events < 4.0  # Gao has 7 events every 3 weeks: ~2.3 a week
    assert rows[3].p_fatal < gao_week.p_fatal  # Kidal's events are never fatal
