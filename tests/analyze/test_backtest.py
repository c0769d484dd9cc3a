"""The forecast backtest on short histories: a warm-up, then only weeks the data cover."""

from __future__ import annotations

import datetime as dt

from sentinelle.alerts.engine_backtest import BacktestOptions, backtest_window
from sentinelle.analyze import History, backtest_forecasts
from sentinelle.analyze.backtest import SHORT_WARMUP_WEEKS, WARMUP_WEEKS, data_start
from tests.analyze.builders import event

REGIONS = ("Gao", "Kidal", "Mopti", "Tombouctou", "Segou", "Menaka", "Kayes", "Sikasso")
FRIDAY = dt.date(2016, 1, 1)  # an export covering January onwards starts on a Friday
MONDAY = dt.date(2016, 1, 4)  # its first whole week


def _history(days: int, stray: bool = False) -> History:
    """Violence every other day in eight regions from FRIDAY; optionally one stray event."""
    records = [
        event(FRIDAY + dt.timedelta(days=d), region, fatalities=d % 3)
        for d in range(0, days, 2)
        for region in REGIONS
    ]
    if stray:  # an event coded long before the period the export covers
        records.append(event(dt.date(2014, 3, 1), "Gao"))
    return History(records)


def test_a_short_history_is_scored_after_a_quarter_of_warm_up_past_stray_events() -> None:
    history = _history(3 + 7 * 20 + 3, stray=True)  # the last event on Tuesday of week 20
    assert data_start(history) == MONDAY
    start, end, warmup = backtest_window(history, BacktestOptions())
    assert warmup == SHORT_WARMUP_WEEKS
    assert start == MONDAY + dt.timedelta(weeks=SHORT_WARMUP_WEEKS)
    result = backtest_forecasts(history, start, end, warmup_weeks=warmup)
    # Steps at weeks 13 to 19: week 20 is cut short by the data's end, so it is not scored.
    assert result.steps == 7
    assert result.rows["week"] == len(REGIONS) * 7
    assert result.rows["month"] == len(REGIONS) * 4  # the 4 weeks after weeks 13-16 are known
    assert max(result.views) == MONDAY + dt.timedelta(weeks=19)


def test_the_warm_up_can_be_given() -> None:
    history = _history(7 * 20)
    start, _, warmup = backtest_window(history, BacktestOptions(warmup_weeks=8))
    assert (start, warmup) == (MONDAY + dt.timedelta(weeks=8), 8)


def test_a_long_history_keeps_a_year_of_warm_up() -> None:
    history = _history(7 * 110)
    first = data_start(history)
    assert first is not None and first - MONDAY <= dt.timedelta(weeks=2)  # 2% of 2 years
    start, _, warmup = backtest_window(history, BacktestOptions(start=MONDAY))
    assert warmup == WARMUP_WEEKS
    assert start == first + dt.timedelta(weeks=WARMUP_WEEKS)
