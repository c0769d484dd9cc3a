"""Score the shipped forecast model on the development half-year slices, against the baselines.

Every half-year of the ACLED Kenya file (2004-2019) and of the Sahel file (2011-2019), 50
slices, is replayed alone, as a short export would be (the backtest's default window and
warm-up: 13 weeks for a history this short, as the 2022 file has). Per horizon and measure
it prints the geometric mean, over the slices, of the model's MSE (or Brier score) divided by
the best baseline's (no-change, historical mean or zero; under 1 the model wins), and in how
many slices the model lost (a tie counts as lost). The README's development-slice figures
come from this command. It reads the shared folder of the settings (``SENTINELLE_SHARED_DIR``).
``--penalty`` replays with another L2 penalty (``forecast.PENALTY``, set for the run only), as
the penalties tried before v4's 300 were.
Run: ``OMP_NUM_THREADS=1 .venv/bin/python -m tools.forecast_slices [--penalty 1000]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.progress import track

from sentinelle.alerts.engine_backtest import BacktestOptions, backtest_window
from sentinelle.analyze import (
    EventRecord,
    History,
    backtest_forecasts,
    forecast,
    records_from_acled,
)
from sentinelle.analyze.backtest import MODELS, Scores
from sentinelle.settings import Settings

# (file, first year, last year): the development files and the years sliced.
SLICE_FILES: tuple[tuple[str, int, int], ...] = (
    ("acled_kenya_2004_2019.csv", 2004, 2019),
    ("acled_sahel_1997_2019.csv", 2011, 2019),
)
HORIZONS = ("week", "month")
# Printed name -> Scores field, in the order the README quotes them.
MEASURES = {
    "events": "mse_events",
    "log fatalities": "mse_log_fatalities",
    "Brier": "brier_fatal",
}
# Floor for ratios and their logarithms: a slice where the best baseline scores 0 (no event).
FLOOR = 1e-9


@dataclass(frozen=True)
class Slice:
    """One half-year of one ACLED file, replayed alone."""

    path: Path
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        """E.g. ``kenya 2004-01``."""
        return f"{self.path.stem.split('_')[1]} {self.start:%Y-%m}"


@dataclass(frozen=True)
class SliceSummary:
    """Geometric mean ratios to the best baseline and slices lost, per horizon and measure."""

    slices: int
    ratios: dict[str, dict[str, float]]
    lost: dict[str, dict[str, int]]


def development_slices(acled_dir: Path) -> list[Slice]:
    """The 50 half-year slices of the development files, in file and date order."""
    return [
        Slice(acled_dir / name, dt.date(year, first_month, 1), dt.date(year, last_month, day))
        for name, first, last in SLICE_FILES
        for year in range(first, last + 1)
        for first_month, last_month, day in ((1, 6, 30), (7, 12, 31))
    ]


def score_slice(records: Iterable[EventRecord], piece: Slice) -> dict[str, dict[str, Scores]]:
    """The backtest's scores per horizon and forecaster on the slice's events alone."""
    history = History(r for r in records if piece.start <= r.date <= piece.end)
    start, end, warmup = backtest_window(history, BacktestOptions())
    return backtest_forecasts(history, start, end, warmup_weeks=warmup).scores


def summarise(scored: Sequence[dict[str, dict[str, Scores]]]) -> SliceSummary:
    """Geometric mean of model / best baseline, and losses, over slices scored at every horizon."""
    complete = [s for s in scored if all(h in s for h in HORIZONS)]
    ratios: dict[str, dict[str, float]] = {h: {} for h in HORIZONS}
    lost: dict[str, dict[str, int]] = {h: {} for h in HORIZONS}
    for horizon in HORIZONS:
        for measure, field in MEASURES.items():
            logs, losses = [], 0
            for scores in complete:
                model = getattr(scores[horizon][MODELS[0]], field)
                best = min(getattr(scores[horizon][m], field) for m in MODELS[1:])
                losses += int(model >= best)
                logs.append(math.log(max(model / max(best, FLOOR), FLOOR)))
            ratios[horizon][measure] = math.exp(sum(logs) / len(logs)) if logs else math.nan
            lost[horizon][measure] = losses
    return SliceSummary(len(complete), ratios, lost)


def evaluate(slices: Sequence[Slice], progress: bool = True) -> SliceSummary:
    """Score every slice (each file read once) and summarise."""
    records: dict[Path, list[EventRecord]] = {}
    scored = []
    steps = track(slices, description="slices") if progress else slices
    for piece in steps:
        if piece.path not in records:
            records[piece.path] = records_from_acled([piece.path])
        scored.append(score_slice(records[piece.path], piece))
    return summarise(scored)


def evaluate_with_penalty(slices: Sequence[Slice], penalty: float | None) -> SliceSummary:
    """``evaluate`` with the model's L2 penalty set to ``penalty`` (None: as shipped) meanwhile."""
    shipped = forecast.PENALTY
    if penalty is not None:
        forecast.PENALTY = penalty
    try:
        return evaluate(slices)
    finally:
        forecast.PENALTY = shipped


def format_summary(summary: SliceSummary, total: int) -> list[str]:
    """The table the command prints: ratios, then slices lost, per horizon and measure."""
    names = list(MEASURES)
    lines = [
        f"{summary.slices} of {total} slices scored at both horizons; model MSE / best "
        "baseline's (geometric mean; under 1 the model wins), slices lost:",
        f"  {'horizon':<8}" + "".join(f"{n:>16}" for n in names) + "   lost " + "/".join(names),
    ]
    for horizon in HORIZONS:
        ratios = "".join(f"{summary.ratios[horizon][n]:>16.3f}" for n in names)
        losses = "/".join(str(summary.lost[horizon][n]) for n in names)
        lines.append(f"  {horizon:<8}{ratios}   {losses}")
    return lines


def main() -> None:
    """Score the slices of --data-dir (the shared ACLED folder) and print the summary."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--data-dir", type=Path, default=Settings().shared_dir / "data/acled", help="ACLED folder"
    )
    parser.add_argument("--limit", type=int, help="score only the first N slices (a quick look)")
    parser.add_argument(
        "--penalty",
        type=float,
        help=f"the models' L2 penalty (shipped: {forecast.PENALTY:g})",
    )
    args = parser.parse_args()
    slices = development_slices(args.data_dir)[: args.limit]
    started = time.process_time()
    summary = evaluate_with_penalty(slices, args.penalty)
    if args.penalty is not None:
        print(f"L2 penalty {args.penalty:g} (shipped: {forecast.PENALTY:g})")
    print("\n".join(format_summary(summary, len(slices))))
    print(f"({time.process_time() - started:.0f} CPU s)")


if __name__ == "__main__":
    main()
