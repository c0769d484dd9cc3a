"""The backtest on shared ACLED data (Mali 2016, Africa Jan-May 2016): figures printed, checked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sentinelle.alerts.engine_backtest import BacktestOptions, format_report, run_backtest
from sentinelle.analyze import ActorDirectory, History, records_from_acled
from sentinelle.analyze.backtest import MODELS

SAHEL = Path("data/acled/acled_sahel_1997_2019.csv")


def test_the_backtest_on_mali_2016_scores_the_model_and_the_baselines(shared_dir: Path) -> None:
    records = [r for r in records_from_acled([shared_dir / SAHEL]) if r.country == "Mali"]
    options = BacktestOptions(start=dt.date(2016, 1, 1), end=dt.date(2016, 12, 31), refit_weeks=8)
    report = run_backtest(History(records), ActorDirectory.from_dictionary(), options)
    print("\n".join(format_report(report)))
    week = report.forecasts.scores["week"]
    assert set(week) == set(MODELS)
    assert report.forecasts.rows["week"] == 9 * 53  # Mali's 9 regions, the 53 Mondays replayed
    assert week["model"].brier_fatal < week["zero"].brier_fatal
    assert week["model"].mse_log_fatalities < week["no-change"].mse_log_fatalities
    replay = report.alerts
    assert replay.alerts and replay.surges
    assert replay.precision is not None and 0 < replay.precision <= 1
    assert all(a.day.year == 2016 or a.day == dt.date(2015, 12, 27) for a in replay.alerts)


AFRICA_2016 = Path("data/acled/acled_africa_2016h1.csv")


def test_the_backtest_on_the_short_africa_2016_export_warms_up_then_scores(
    shared_dir: Path,
) -> None:
    records = records_from_acled([shared_dir / AFRICA_2016])
    report = run_backtest(History(records), ActorDirectory.from_dictionary(), BacktestOptions())
    print("\n".join(format_report(report)))
    assert report.warmup_weeks == 13  # five months of data: a quarter's warm-up, not a year
    assert report.start.weekday() == 0 and report.start.year == 2016
    assert report.end == max(r.date for r in records)
    scores = report.forecasts.scores
    assert set(scores) == {"week", "month"} and report.forecasts.steps > 4
    for horizon in ("week", "month"):  # issue 5's target, on the file the design was chosen on
        model = scores[horizon]["model"]
        for baseline in MODELS[1:]:
            other = scores[horizon][baseline]
            assert model.mse_log_fatalities < other.mse_log_fatalities, (horizon, baseline)
            assert model.mse_events < other.mse_events, (horizon, baseline)
            assert model.brier_fatal < other.brier_fatal, (horizon, baseline)
    assert report.alerts.alerts and report.alerts.surges
