"""Concurrent workers on one ledger: 8 PostgreSQL connections (threads), 4 SQLite processes.

They race on the same requests and commitments, 5% of requests retried with the same
idempotency key; afterwards the totals must be exact and nothing posted twice. The issue's
100,000 operations run with ``python -m bench.funds``; here SENTINELLE_FUNDS_OPS (default 1,600
for PostgreSQL, 800 for SQLite) keeps the test near half a minute.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text

from sentinelle.funds import commit_funds, record_pledge, verify
from sentinelle.funds.workload import (
    WorkerResult,
    WorkloadSpec,
    run_worker,
    run_worker_in_process,
)
from sentinelle.store import Database
from tests.funds.world import AUTHORITIES, DONORS, KIDAL, REQUESTERS, build_world

# Total operations per backend; override with SENTINELLE_FUNDS_OPS for a longer run.
OPERATIONS = int(os.environ.get("SENTINELLE_FUNDS_OPS", "1600"))
POSTGRES_WORKERS, SQLITE_WORKERS = 8, 4
# Three commitments of 300,000 XOF: a few dozen requests of up to 50,000 drain them.
COMMITMENT_XOF = 300_000


def _prepare(database: Database) -> list[int]:
    build_world(database)
    pledge = record_pledge(database, "Donor A", 10_000_000, "XOF", dt.date(2015, 6, 20))
    return [
        commit_funds(database, pledge.id, "KID-1", COMMITMENT_XOF, "XOF", dt.date(2015, 7, 1)).id
        for _ in range(3)
    ]


def _specs(commitments: list[int], workers: int, operations: int) -> list[WorkloadSpec]:
    # Mostly the right key holders, and one donor's representative who holds no key here.
    approvers = DONORS["Donor A"] * 2 + AUTHORITIES[KIDAL] * 2 + DONORS["Donor B"]
    return [
        WorkloadSpec(commitments, REQUESTERS, approvers, operations // workers, seed)
        for seed in range(workers)
    ]


def _check_totals(database: Database, results: list[WorkerResult]) -> Counter[str]:
    posted: dict[int, int] = {}
    outcomes: Counter[str] = Counter()
    for result in results:
        assert result.idempotency_violations == 0
        for number, amount in result.disbursements.items():
            assert posted.setdefault(number, amount) == amount
        outcomes.update(result.outcomes)
    with database.engine.connect() as connection:
        rows = connection.execute(text("SELECT id, amount_minor FROM fund_disbursements"))
        stored = {int(number): int(amount) for number, amount in rows}
        entries = connection.execute(
            text("SELECT count(*) FROM fund_journal_entries WHERE kind = 'disbursement'")
        ).scalar_one()
        balances: dict[str, int] = dict(
            connection.execute(
                text(
                    "SELECT account, SUM(debit_minor - credit_minor) FROM fund_journal_lines "
                    "GROUP BY account"
                )
            ).tuples()
        )
    assert stored == posted, "the ledger and the workers disagree on what was disbursed"
    assert entries == len(stored), "a disbursement was posted twice"
    committed = COMMITMENT_XOF * 3
    left = sum(balances[f"commitment:{number}"] for number in (1, 2, 3))
    assert min(balances[f"commitment:{number}"] for number in (1, 2, 3)) >= 0
    assert committed - left == sum(stored.values()) == balances["project-cash:1"]
    assert sum(balances.values()) == 0
    assert verify(database).ok
    return outcomes


@pytest.mark.slow
def test_eight_postgresql_connections_never_double_spend(db: Database) -> None:
    if db.backend != "postgresql":
        pytest.skip("the SQLite side runs in processes, in the test below")
    commitments = _prepare(db)
    specs = _specs(commitments, POSTGRES_WORKERS, OPERATIONS)
    with ThreadPoolExecutor(POSTGRES_WORKERS) as pool:
        results = list(pool.map(lambda spec: run_worker(db, spec), specs))
    outcomes = _check_totals(db, results)
    print(f"postgresql, {POSTGRES_WORKERS} threads: {sum(outcomes.values())} ops {outcomes}")
    assert outcomes["disburse"] > 0 and outcomes["request-retried"] > 0


@pytest.mark.slow
def test_four_sqlite_processes_never_double_spend(db: Database) -> None:
    if db.backend != "sqlite":
        pytest.skip("the PostgreSQL side runs in threads, in the test above")
    commitments = _prepare(db)
    specs = _specs(commitments, SQLITE_WORKERS, OPERATIONS // 2)
    context = multiprocessing.get_context("spawn")
    with context.Pool(SQLITE_WORKERS) as pool:
        results = pool.starmap(run_worker_in_process, [(db.url, spec) for spec in specs])
    outcomes = _check_totals(db, results)
    print(f"sqlite, {SQLITE_WORKERS} processes: {sum(outcomes.values())} ops {outcomes}")
    assert outcomes["disburse"] > 0 and outcomes["request-retried"] > 0
