"""Choose the default alert thresholds on an earlier period, then check them on a later one.

Coordinate search, one parameter at a time (the others held), maximising the F1 of the
alert replay's precision and recall on the tuning window only; the chosen values are then
replayed once on the check window. Run: ``.venv/bin/python -m tools.tune_alert_rules``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path
from typing import Any

import yaml

from sentinelle.alerts.engine_replay import AlertReplay, replay_alerts
from sentinelle.alerts.rules import load_rules, parse_rules
from sentinelle.analyze import ActorDirectory, History, backtest_forecasts, records_from_acled
from sentinelle.settings import Settings

# (rule, where in the rule, candidate values): the thresholds the defaults depend on most.
GRID: list[tuple[str, tuple[str, ...], list[Any]]] = [
    ("forecast-fatal-risk", ("params", "min_probability"), [0.5, 0.6, 0.7, 0.8, 0.9]),
    ("surge", ("min_score",), [1.3, 2.0, 3.0]),
    ("spread", ("params", "quiet_days"), [60, 90, 180]),
    ("peacekeeper-attacks", ("params", "min_events"), [1, 2, 3]),
    ("spoiler-reaction", ("params", "min_events"), [1, 2, 3]),
]


def _f1(replay: AlertReplay) -> float:
    p, r = replay.precision or 0.0, replay.recall or 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _replay(
    document: dict[str, Any],
    history: History,
    actors: ActorDirectory,
    window: tuple[dt.date, dt.date],
    views: Any,
) -> AlertReplay:
    ruleset, params = parse_rules(yaml.safe_dump(document), "tuning")
    return replay_alerts(history, ruleset, params, actors, window[0], window[1], views)


def _set(document: dict[str, Any], rule: str, path: tuple[str, ...], value: Any) -> None:
    target = next(r for r in document["rules"] if r["name"] == rule)
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


def _get(document: dict[str, Any], rule: str, path: tuple[str, ...]) -> Any:
    target = next(r for r in document["rules"] if r["name"] == rule)
    for key in path:
        target = target.get(key, {})
    return target


def _line(label: str, replay: AlertReplay) -> str:
    return (
        f"{label}: {len(replay.alerts)} alerts, precision {replay.precision or 0:.3f}, recall "
        f"{replay.recall or 0:.3f} ({replay.caught}/{replay.surges}), F1 {_f1(replay):.3f}, "
        f"median lead {replay.median_lead_days} days"
    )


def main() -> None:
    """Tune on --tune-from..--tune-to, check on --check-from..--check-to."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--data", type=Path, default=Settings().shared_dir / "data/acled/acled_sahel_1997_2019.csv"
    )
    parser.add_argument("--tune", nargs=2, default=["2013-01-01", "2015-12-31"])
    parser.add_argument("--check", nargs=2, default=["2016-01-01", "2019-12-31"])
    args = parser.parse_args()
    tune = (dt.date.fromisoformat(args.tune[0]), dt.date.fromisoformat(args.tune[1]))
    check = (dt.date.fromisoformat(args.check[0]), dt.date.fromisoformat(args.check[1]))
    history = History(records_from_acled([args.data]))
    actors = ActorDirectory.from_dictionary()
    ruleset, _ = load_rules()
    document = ruleset.model_dump(mode="json")
    started = time.perf_counter()
    tune_views = backtest_forecasts(history, *tune).views
    print(
        _line(
            "defaults as shipped, tuning window",
            _replay(document, history, actors, tune, tune_views),
        )
    )
    for rule, path, values in GRID:
        current = _get(document, rule, path)
        scored = []
        for value in values:
            _set(document, rule, path, value)
            scored.append((_f1(_replay(document, history, actors, tune, tune_views)), value))
        # Ties keep the shipped value: a change must earn its place on the tuning window.
        best = max(scored, key=lambda item: (item[0], item[1] == current))[1]
        _set(document, rule, path, best)
        print(
            f"{rule} {'.'.join(path)}: "
            + ", ".join(f"{v}: F1 {f:.3f}" for f, v in scored)
            + f" -> {best}"
        )
    print(
        _line(
            "chosen, tuning window " + " to ".join(args.tune),
            _replay(document, history, actors, tune, tune_views),
        )
    )
    check_views = backtest_forecasts(history, *check).views
    print(
        _line(
            "chosen, check window " + " to ".join(args.check),
            _replay(document, history, actors, check, check_views),
        )
    )
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
