"""Concurrency bench of the fund ledger: the issue's 100,000 random operations.

8 PostgreSQL connections (threads) and 4 SQLite processes run the random workload of
``sentinelle.funds.workload`` (5% retried requests with the same idempotency key), then the
totals are checked exactly. Run: ``python -m bench.funds [--ops 100000]``; PostgreSQL comes
from SENTINELLE_TEST_POSTGRES_URL (default the local test server) and is skipped if absent.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from sentinelle.funds.workload import check_totals, prepare, run_worker, run_worker_in_process
from sentinelle.store import open_database

POSTGRES_ADMIN_URL = os.environ.get(
    "SENTINELLE_TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/postgres"
)
# The figure: 100,000 operations in all, split between the two backends.
DEFAULT_OPERATIONS = 100_000
POSTGRES_WORKERS, SQLITE_WORKERS = 8, 4


def _admin(statement: str) -> None:
    engine = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


def bench_postgresql(operations: int) -> None:
    """Run ``operations`` on a fresh PostgreSQL database with 8 threads."""
    name = f"sentinelle_bench_{uuid.uuid4().hex[:10]}"
    try:
        _admin(f'CREATE DATABASE "{name}"')
    except OperationalError as exc:
        print(f"postgresql: skipped ({exc.orig})")
        return
    try:
        url = make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(False)
        database = open_database(url)
        specs = prepare(database, operations, POSTGRES_WORKERS)
        started = time.perf_counter()
        with ThreadPoolExecutor(POSTGRES_WORKERS) as pool:
            results = list(pool.map(lambda spec: run_worker(database, spec), specs))
        elapsed = time.perf_counter() - started
        totals = check_totals(database, results)
        database.dispose()
        _report("postgresql", POSTGRES_WORKERS, "threads", totals, elapsed)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench_sqlite(operations: int) -> None:
    """Run ``operations`` on a fresh SQLite file with 4 processes."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        database = open_database(url)
        specs = prepare(database, operations, SQLITE_WORKERS)
        started = time.perf_counter()
        with multiprocessing.get_context("spawn").Pool(SQLITE_WORKERS) as pool:
            results = pool.starmap(run_worker_in_process, [(url, spec) for spec in specs])
        elapsed = time.perf_counter() - started
        totals = check_totals(database, results)
        database.dispose()
        _report("sqlite", SQLITE_WORKERS, "processes", totals, elapsed)


def _report(backend: str, workers: int, kind: str, totals: object, elapsed: float) -> None:
    operations = getattr(totals, "operations", 0)
    print(
        f"{backend}: {operations} operations by {workers} {kind} in {elapsed:.1f} s "
        f"({operations / elapsed:.0f} ops/s); totals exact, no double posting: {totals}"
    )


def main() -> None:
    """Parse the operation count and run both backends."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ops", type=int, default=DEFAULT_OPERATIONS, help="operations in all")
    args = parser.parse_args()
    bench_postgresql(args.ops * 2 // 3)
    bench_sqlite(args.ops - args.ops * 2 // 3)


if __name__ == "__main__":
    main()
