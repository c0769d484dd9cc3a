"""Time to update indicators, forecasts and alerts after new events arrive on a large store.

A store of 100,000 synthetic events drawn from the real Sahel history's distribution (the
rows' places, types, actors and fatalities resampled, dates spread over ten years), fully
analysed once; then batches of new events dated in the two weeks after the latest, each
followed by one ``run_analysis`` (indicators of the touched region-periods, forecasts,
rules). Prints the median wall-clock and process CPU seconds per batch size, on SQLite and
PostgreSQL (the PostgreSQL server's own CPU is not in the process figure), and the load.
Run: ``.venv/bin/python -m bench.analyze [--events 100000] [--repeats 3] [--profile DIR]``.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime as dt
import os
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, text

from sentinelle.alerts.engine_run import AnalysisOptions, run_analysis
from sentinelle.settings import Settings
from sentinelle.store import Database, open_database
from sentinelle.store.models import Event

SAHEL = Path("data/acled/acled_sahel_1997_2019.csv")
COLUMNS = ("country", "admin1", "admin2", "event_type", "sub_event_type", "actor1", "actor2")
INT_COLUMNS = ("inter1", "inter2", "fatalities")
START = dt.date(2010, 1, 1)
DAYS = 3650  # ten years of history, like the Sahel file's busy decade
POSTGRES_ADMIN = "postgresql+psycopg://root@127.0.0.1:5432/postgres"
BATCHES = (250, 1000)  # two sizes show how the update grows with the number of new events
SEED = 5  # reproducible draws


def _sample_rows(shared: Path) -> list[dict[str, Any]]:
    with (shared / SAHEL).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        {
            **{c: row[c] or None for c in COLUMNS},
            **{c: int(row[c] or 0) for c in INT_COLUMNS},
            "source": row["source"] or None,
        }
        for row in rows
        if row["admin1"]
    ]


def _events(
    rows: list[dict[str, Any]], rng: random.Random, count: int, first: dt.date, days: int
) -> list[dict[str, Any]]:
    out = []
    for _ in range(count):
        row = dict(rng.choice(rows))
        day = first + dt.timedelta(days=rng.randrange(days))
        unknown = (row["actor1"] or "").startswith("Unidentified")
        out.append(
            {
                **row,
                "event_id_cnty": f"SYN{uuid.uuid4().hex}",
                "event_date": day,
                "year": day.year,
                "attribution_status": "unknown" if unknown else "confirmed",
                "producer": "bench.analyze.synthetic",
            }
        )
    return out


def _insert(database: Database, events: list[dict[str, Any]]) -> None:
    with database.session() as session:
        for i in range(0, len(events), 5000):
            session.execute(insert(Event), events[i : i + 5000])


def _bench(
    label: str,
    database: Database,
    rows: list[dict[str, Any]],
    size: int,
    repeats: int,
    profile: Path | None,
) -> None:
    rng = random.Random(SEED)
    started = time.perf_counter()
    _insert(database, _events(rows, rng, size, START, DAYS))
    # The store's first pass: every indicator, rules as of the last day only (no catch-up).
    run_analysis(database, AnalysisOptions(as_of=START + dt.timedelta(days=DAYS - 1)))
    if database.engine.dialect.name == "postgresql":
        # A store in service has planner statistics (autovacuum keeps them); one filled a
        # minute ago may not yet, and its plans would time the bulk load, not the update.
        with database.engine.connect() as connection:
            connection.execute(text("ANALYZE"))
            connection.commit()
    print(
        f"{label}: {size} events stored and analysed once in {time.perf_counter() - started:.0f} s"
    )
    day = START + dt.timedelta(days=DAYS)
    for batch in BATCHES:
        walls, cpus = [], []
        for _ in range(repeats):
            _insert(database, _events(rows, rng, batch, day, 14))
            day += dt.timedelta(days=14)
            profiler = cProfile.Profile() if profile is not None else None
            began, cpu = time.perf_counter(), time.process_time()
            if profiler is not None:
                profiler.enable()
            report = run_analysis(database, AnalysisOptions())
            if profiler is not None:
                profiler.disable()
            walls.append(time.perf_counter() - began)
            cpus.append(time.process_time() - cpu)
            if profiler is not None and profile is not None:
                profiler.dump_stats(profile / f"{label}_{batch}.prof")
        print(
            f"{label}: {batch} new events -> indicators, forecasts, alerts: median "
            f"{statistics.median(walls):.2f} s wall, {statistics.median(cpus):.2f} s CPU over "
            f"{repeats} ({report.indicators.region_periods} region-periods, "
            f"{report.forecast_rows} forecasts, {report.engine.fired} firings, "
            f"{report.engine.raised} raised, {report.engine.updated} updated; load average "
            f"{os.getloadavg()[0]:.2f})"
        )


def main() -> None:
    """Run the benchmark on SQLite, then PostgreSQL when it answers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--profile", type=Path, help="write a cProfile of each timed run_analysis here"
    )
    args = parser.parse_args()
    rows = _sample_rows(Settings().shared_dir)
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"sqlite:///{folder}/bench.db")
        _bench("sqlite", database, rows, args.events, args.repeats, args.profile)
        database.dispose()
    name = f"bench_analyze_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        database = open_database(POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}")
        _bench("postgresql", database, rows, args.events, args.repeats, args.profile)
        database.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
