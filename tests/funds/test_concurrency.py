"""Concurrent workers on one ledger: 8 PostgreSQL connections (threads), 4 SQLite processes.

They race on the same requests and commitments (requests, 5% of operations retried with the
same idempotency key, approvals, rejections, disbursements, top-ups, expenditures); afterwards
the totals must be exact, nothing posted twice and the hash chain intact (``check_totals``).
SENTINELLE_FUNDS_OPS sets the operations of both backends together, half each: CI runs the
issue's 100,000 (see .ci/run), a local run 4,000 unless told otherwise.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from sentinelle.funds.workload import (
    RETRY_SHARE,
    Totals,
    check_totals,
    prepare,
    run_worker,
    run_worker_in_process,
)
from sentinelle.store import Database

OPERATIONS = int(os.environ.get("SENTINELLE_FUNDS_OPS", "4000"))
POSTGRES_WORKERS, SQLITE_WORKERS = 8, 4


def _check_mix(totals: Totals, operations: int) -> None:
    """Every operation ran, about 5% of them retried requests, and money kept flowing."""
    assert totals.operations == operations
    retried = totals.outcomes["request-retried"]
    # Retries draw 5% of rolls once a worker has a request to retry: the count must lie within
    # four standard deviations of the binomial mean, plus two early rolls per worker that may
    # find nothing to retry (5% +- 0.4% of 50,000; +- 2.8% of 2,000).
    spread = 4 * math.sqrt(operations * RETRY_SHARE * (1 - RETRY_SHARE)) + 2 * POSTGRES_WORKERS
    assert abs(retried - RETRY_SHARE * operations) <= spread, totals.outcomes
    assert totals.disbursements > 0 and totals.expenditures > 0 and totals.commitments > 3


def _report(backend: str, totals: Totals, elapsed: float) -> None:
    rate = totals.operations / elapsed
    print(f"{backend}: {totals.operations} operations in {elapsed:.1f} s ({rate:.0f}/s) {totals}")


@pytest.mark.slow
def test_eight_postgresql_connections_never_double_spend(db: Database) -> None:
    if db.backend != "postgresql":
        pytest.skip("the SQLite side runs in processes, in the test below")
    operations = OPERATIONS // 2
    specs = prepare(db, operations, POSTGRES_WORKERS)
    started = time.perf_counter()
    with ThreadPoolExecutor(POSTGRES_WORKERS) as pool:
        results = list(pool.map(lambda spec: run_worker(db, spec), specs))
    elapsed = time.perf_counter() - started
    totals = check_totals(db, results)
    _report("postgresql, 8 threads", totals, elapsed)
    _check_mix(totals, operations)


@pytest.mark.slow
def test_four_sqlite_processes_never_double_spend(db: Database) -> None:
    if db.backend != "sqlite":
        pytest.skip("the PostgreSQL side runs in threads, in the test above")
    operations = OPERATIONS - OPERATIONS // 2
    specs = prepare(db, operations, SQLITE_WORKERS)
    # A fork server imports the workload once; each worker process then starts from it.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["sentinelle.funds.workload"])
    started = time.perf_counter()
    with context.Pool(SQLITE_WORKERS) as pool:
        results = pool.starmap(run_worker_in_process, [(db.url, spec) for spec in specs])
    elapsed = time.perf_counter() - started
    totals = check_totals(db, results)
    _report("sqlite, 4 processes", totals, elapsed)
    _check_mix(totals, operations)
