"""The development-slice tool: 50 half-years, and a summary of finite ratios per measure."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from tools.forecast_slices import (
    HORIZONS,
    MEASURES,
    development_slices,
    evaluate,
    evaluate_with_penalty,
    format_summary,
)

from sentinelle.analyze import forecast


def test_the_slices_are_every_half_year_of_kenya_2004_2019_and_sahel_2011_2019() -> None:
    slices = development_slices(Path("acled"))
    assert len(slices) == 50
    assert slices[0].label == "kenya 2004-01" and slices[-1].label == "sahel 2019-07"
    assert all(s.end - s.start < dt.timedelta(days=184) for s in slices)
    assert len({(s.path, s.start) for s in slices}) == 50


def test_two_kenya_slices_give_finite_ratios_and_losses_for_every_measure(
    shared_dir: Path,
) -> None:
    slices = development_slices(shared_dir / "data" / "acled")[:2]
    summary = evaluate(slices, progress=False)
    assert summary.slices == 2
    for horizon in HORIZONS:
        assert set(summary.ratios[horizon]) == set(MEASURES)
        assert all(math.isfinite(r) and r > 0 for r in summary.ratios[horizon].values())
        assert all(0 <= n <= 2 for n in summary.lost[horizon].values())
    lines = format_summary(summary, len(slices))
    assert lines[0].startswith("2 of 2 slices")
    assert [line.split()[0] for line in lines[2:]] == list(HORIZONS)


def test_a_penalty_override_lasts_only_for_its_run() -> None:
    shipped = forecast.PENALTY
    summary = evaluate_with_penalty([], shipped * 10)
    assert summary.slices == 0 and shipped == forecast.PENALTY
