"""API latency: p50/p99 of the events and alerts lists at 50 concurrent clients on loopback.

Seeds 100,000 events and 2,000 alerts (SQLite and PostgreSQL), serves the app with uvicorn in
a separate process as ``sentinelle serve`` does, and drives it with concurrent httpx clients.

    .venv/bin/python -m bench.api [--backend sqlite|postgresql|both] [--events 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from sentinelle.api import Role, create_user, issue_token
from sentinelle.settings import load_settings
from sentinelle.store import EVENT_TYPES, AlertSeverity, AlertState, open_database
from sentinelle.store.models import Alert, Event

OUT = Path(__file__).with_name("out")
POSTGRES_ADMIN_URL = os.environ.get(
    "SENTINELLE_TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/postgres"
)
REGIONS = [
    ("Kayes", "ML01", 14.4, -11.4),
    ("Koulikoro", "ML02", 13.0, -7.5),
    ("Sikasso", "ML03", 11.3, -5.7),
    ("Segou", "ML04", 13.4, -6.3),
    ("Mopti", "ML05", 14.5, -4.2),
    ("Tombouctou", "ML06", 16.8, -3.0),
    ("Gao", "ML07", 16.3, -0.05),
    ("Kidal", "ML08", 18.4, 1.4),
    ("Bamako", "ML09", 12.65, -8.0),
]
BATCH = 10_000
# Generous: under load a slow response is a figure to report, not an error.
REQUEST_TIMEOUT_S = 120
PASSWORD = "bench password 1234"


def app_factory() -> FastAPI:
    """The app for the settings in the environment (uvicorn --factory)."""
    from sentinelle.web import create_app

    return create_app(load_settings())


def _events(count: int, rng: random.Random) -> list[dict[str, object]]:
    types = list(EVENT_TYPES)
    start = dt.date(2012, 1, 1)
    rows = []
    for index in range(count):
        name, pcode, lat, lon = rng.choice(REGIONS)
        day = start + dt.timedelta(days=rng.randrange(365 * 8))
        rows.append(
            {
                "event_id_cnty": f"BENCH{index}",
                "event_date": day,
                "year": day.year,
                "event_type": rng.choice(types),
                "actor1": rng.choice(["CMA", "GATIA", "JNIM", "Military Forces of Mali"]),
                "admin1": name,
                "admin1_pcode": pcode,
                "location": name,
                "latitude": lat + rng.uniform(-1, 1),
                "longitude": lon + rng.uniform(-1, 1),
                "fatalities": rng.choice([0, 0, 1, 2, 5, 12]),
                "attribution_status": "confirmed",
                "producer": "bench.v1",
                "created_at": dt.datetime.now(dt.UTC),
                "updated_at": dt.datetime.now(dt.UTC),
                "time_precision": 1,
            }
        )
    return rows


def _alerts(count: int, rng: random.Random) -> list[dict[str, object]]:
    now = dt.datetime.now(dt.UTC)
    rows: list[dict[str, object]] = []
    for index in range(count):
        name, pcode, _, _ = rng.choice(REGIONS)
        rows.append(
            {
                "key": f"bench:{index}",
                "rule": "bench",
                "detector": "bench",
                "severity": rng.choice(list(AlertSeverity)).value,
                "state": rng.choice(list(AlertState)).value,
                "admin1": name,
                "admin1_pcode": pcode,
                "window_start": dt.date(2015, 1, 1),
                "window_end": dt.date(2015, 1, 7),
                "title": f"Bench alert {index} in {name}",
                "explanation": "seeded by bench/api.py",
                "details": {},
                "producer": "bench.v1",
                "raised_at": now,
                "updated_at": now,
                "cooldown_until": now,
            }
        )
    return rows


def prepare(url: str, events: int, alerts: int) -> str:
    """Migrate, seed and create an admin token; returns the token."""
    database = open_database(url)
    rng = random.Random(7)
    rows = _events(events, rng)
    with database.session() as session:
        for start in range(0, len(rows), BATCH):
            session.execute(insert(Event), rows[start : start + BATCH])
        session.execute(insert(Alert), _alerts(alerts, rng))
        user = create_user(session, "bench", PASSWORD, Role.ADMIN, actor="bench")
        _, secret = issue_token(session, user, "bench", ["read"], actor="bench")
    if database.backend == "postgresql":
        with database.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    database.dispose()
    return secret


def _database_url(backend: str) -> str:
    if backend == "sqlite":
        OUT.mkdir(exist_ok=True)
        path = OUT / "bench-api.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    name = "sentinelle_bench_api"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def serve(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    """Start the server in another process and wait until it answers."""
    env = dict(os.environ, SENTINELLE_DATABASE_URL=url)
    command = [sys.executable, "-m", "uvicorn", "bench.api:app_factory", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    # A starved client can leave a connection idle past uvicorn's 5 s keep-alive: a reset,
    # not a measurement; keep connections open for the whole run.
    command += ["--workers", str(workers), "--timeout-keep-alive", "300"]
    # With one worker uvicorn serves in this process, so its CPU time is the server's.
    process = subprocess.Popen(command, env=env, cwd=Path(__file__).parents[1])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health").status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not start")


async def load(base: str, path: str, token: str, clients: int, requests: int) -> list[float]:
    """Latencies (s) of ``requests`` GETs of ``path`` from ``clients`` concurrent clients."""
    latencies: list[float] = []
    remaining = requests
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        base_url=base, headers=headers, limits=limits, timeout=REQUEST_TIMEOUT_S
    ) as client:

        async def worker(number: int) -> None:
            nonlocal remaining
            rng = random.Random(number)
            while remaining > 0:
                remaining -= 1
                region = rng.choice(REGIONS)[0]
                url = path if rng.random() < 0.5 else f"{path}?region={region}"
                started = time.perf_counter()
                response = await client.get(url)
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise RuntimeError(f"{url}: {response.status_code}")

        await asyncio.gather(*(worker(n) for n in range(clients)))
    return latencies


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def run(backend: str, args: argparse.Namespace) -> None:
    """Seed, serve, load and print the figures for one backend."""
    url = _database_url(backend)
    started = time.perf_counter()
    token = prepare(url, args.events, args.alerts)
    print(
        f"[{backend}] seeded {args.events} events, {args.alerts} alerts "
        f"in {time.perf_counter() - started:.1f}s"
    )
    port = 8700 + (0 if backend == "sqlite" else 1)
    process = serve(url, port, args.workers)
    try:
        base = f"http://127.0.0.1:{port}"
        for path in ("/api/v1/events", "/api/v1/alerts"):
            asyncio.run(load(base, path, token, args.clients, args.clients * 2))  # warm-up
            started, cpu = time.perf_counter(), _cpu_seconds(process.pid)
            latencies = asyncio.run(load(base, path, token, args.clients, args.requests))
            elapsed = time.perf_counter() - started
            cpu_ms = (_cpu_seconds(process.pid) - cpu) / len(latencies) * 1000
            print(
                f"[{backend}] {path}: {len(latencies)} requests, {args.clients} clients, "
                f"{args.workers} worker(s): p50 {_percentile(latencies, 50) * 1000:.1f} ms, "
                f"p99 {_percentile(latencies, 99) * 1000:.1f} ms, "
                f"{len(latencies) / elapsed:.0f} req/s, server CPU {cpu_ms:.1f} ms/request"
            )
        load_average = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"[{backend}] load average {load_average} on {os.cpu_count()} cores")
    finally:
        process.terminate()
        process.wait(timeout=20)


def main() -> None:
    """Parse the options and run the benchmark on each backend asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--alerts", type=int, default=2_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    for backend in ("sqlite", "postgresql") if args.backend == "both" else (args.backend,):
        run(backend, args)


if __name__ == "__main__":
    main()
