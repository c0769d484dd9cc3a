"""Concurrency bench of the fund ledger: the issue's 100,000 random operations.

8 PostgreSQL connections (threads) and 4 SQLite processes run the random workload of
``sentinelle.funds.workload`` (5% of operations retry a request with the same idempotency key),
half the operations each, one backend after the other as in the test; then the totals are
checked exactly. Run: ``python -m bench.funds [--ops 100000]``; PostgreSQL comes from
SENTINELLE_TEST_POSTGRES_URL (default the local test server) and is skipped if absent.
Besides operations per second it prints processor time per operation: the client's, and for
PostgreSQL the server's when it runs on this machine (read from /proc), since wall time on a
shared machine depends on everyone else's load.
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

from sentinelle.funds.workload import (
    Totals,
    check_totals,
    prepare,
    run_worker,
    run_worker_in_process,
)
from sentinelle.store import open_database

POSTGRES_ADMIN_URL = os.environ.get(
    "SENTINELLE_TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/postgres"
)
# The figure: 100,000 operations in all, half on each backend.
DEFAULT_OPERATIONS = 100_000
POSTGRES_WORKERS, SQLITE_WORKERS = 8, 4


def _admin(statement: str) -> None:
    engine = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


def _postgres_cpu_s() -> float | None:
    """Processor time used so far by the local PostgreSQL server's processes, if readable."""
    total, found = 0, False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            content = stat.read_text()
        except OSError:
            continue
        if "(postgres)" in content:
            fields = content.rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
            found = True
    return total / os.sysconf("SC_CLK_TCK") if found else None


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
        server_before = _postgres_cpu_s()
        started, cpu = time.perf_counter(), time.process_time()
        with ThreadPoolExecutor(POSTGRES_WORKERS) as pool:
            results = list(pool.map(lambda spec: run_worker(database, spec), specs))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        server_after = _postgres_cpu_s()
        totals = check_totals(database, results)
        database.dispose()
        server = None
        if server_before is not None and server_after is not None:
            server = server_after - server_before
        _report("postgresql", f"{POSTGRES_WORKERS} threads", totals, elapsed, cpu, server)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench_sqlite(operations: int) -> None:
    """Run ``operations`` on a fresh SQLite file with 4 processes."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        database = open_database(url)
        specs = prepare(database, operations, SQLITE_WORKERS)
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["sentinelle.funds.workload"])
        started = time.perf_counter()
        with context.Pool(SQLITE_WORKERS) as pool:
            results = pool.starmap(run_worker_in_process, [(url, spec) for spec in specs])
        elapsed = time.perf_counter() - started
        totals = check_totals(database, results)
        database.dispose()
        cpu = sum(result.cpu_s for result in results)
        _report("sqlite", f"{SQLITE_WORKERS} processes", totals, elapsed, cpu, None)


def _report(
    backend: str, workers: str, totals: Totals, elapsed: float, cpu: float, server: float | None
) -> None:
    operations = totals.operations
    per_op = f"client {cpu / operations * 1000:.2f} ms CPU/op"
    if server is not None:
        per_op += f", server {server / operations * 1000:.2f} ms CPU/op"
    print(
        f"{backend}: {operations} operations by {workers} in {elapsed:.1f} s "
        f"({operations / elapsed:.0f} ops/s; {per_op}); load average "
        f"{os.getloadavg()[0]:.1f}; totals exact, no double posting: {totals}"
    )


def main() -> None:
    """Parse the operation count and run both backends."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ops", type=int, default=DEFAULT_OPERATIONS, help="operations in all")
    args = parser.parse_args()
    bench_postgresql(args.ops // 2)
    bench_sqlite(args.ops - args.ops // 2)


if __name__ == "__main__":
    main()
