"""Concurrent workers on one ledger: 8 PostgreSQL connections (threads), 4 SQLite processes.

They race on the same requests and commitments, 5% of requests retried with the same
idempotency key; afterwards the totals must be exact and nothing posted twice
(``check_totals``). The issue's 100,000 operations run with ``python -m bench.funds``; here
SENTINELLE_FUNDS_OPS (default 1,600 for PostgreSQL, half for SQLite) keeps the test short.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from sentinelle.funds.workload import check_totals, prepare, run_worker, run_worker_in_process
from sentinelle.store import Database

# Operations on PostgreSQL (SQLite runs half); SENTINELLE_FUNDS_OPS sets a longer run.
OPERATIONS = int(os.environ.get("SENTINELLE_FUNDS_OPS", "1600"))
POSTGRES_WORKERS, SQLITE_WORKERS = 8, 4


@pytest.mark.slow
def test_eight_postgresql_connections_never_double_spend(db: Database) -> None:
    if db.backend != "postgresql":
        pytest.skip("the SQLite side runs in processes, in the test below")
    specs = prepare(db, OPERATIONS, POSTGRES_WORKERS)
    with ThreadPoolExecutor(POSTGRES_WORKERS) as pool:
        results = list(pool.map(lambda spec: run_worker(db, spec), specs))
    totals = check_totals(db, results)
    print(f"postgresql, {POSTGRES_WORKERS} threads: {totals}")
    assert totals.disbursements > 0 and totals.outcomes["request-retried"] > 0


@pytest.mark.slow
def test_four_sqlite_processes_never_double_spend(db: Database) -> None:
    if db.backend != "sqlite":
        pytest.skip("the PostgreSQL side runs in threads, in the test above")
    specs = prepare(db, OPERATIONS // 2, SQLITE_WORKERS)
    context = multiprocessing.get_context("spawn")
    with context.Pool(SQLITE_WORKERS) as pool:
        results = pool.starmap(run_worker_in_process, [(db.url, spec) for spec in specs])
    totals = check_totals(db, results)
    print(f"sqlite, {SQLITE_WORKERS} processes: {totals}")
    assert totals.disbursements > 0 and totals.outcomes["request-retried"] > 0
