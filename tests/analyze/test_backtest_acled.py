"""The backtest on the shared ACLED history (Mali, 2016): prints its figures, checks their sense."""

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
