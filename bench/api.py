"""API latency: p50/p99 of the events and alerts lists at 50 concurrent clients on loopback.

Seeds 100,000 events and 2,000 alerts (SQLite and PostgreSQL), starts ``sentinelle serve
--workers N`` as a deployment would, and drives it with a small asyncio HTTP/1.1 client
(one keep-alive connection per simulated client, closed loop) authenticated with an
analyst's API token. Requests vary filters, page sizes and follow cursors; every 20th answer
is checked (filters, order, headers) and compared with the store. Prints p50/p99, req/s,
CPU per request of the server processes, of the PostgreSQL processes serving them, and of this
load generator, and the load average.

    .venv/bin/python -m bench.api [--backend sqlite|postgresql|both] [--events 100000]
        [--clients 50] [--requests 1000] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import create_engine, func, insert, or_, select, text
from sqlalchemy.engine import make_url

from sentinelle.api import Role, create_user, issue_token
from sentinelle.store import EVENT_TYPES, AlertSeverity, AlertState, Database, open_database
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
ACTORS = ["CMA", "GATIA", "JNIM", "Military Forces of Mali"]
FIRST_DAY = dt.date(2012, 1, 1)
DAYS = 365 * 8
BATCH = 10_000
PASSWORD = "bench password 1234"
# Worker processes import the whole pipeline; on a loaded 2-core machine that takes a while.
STARTUP_TIMEOUT_S = 300
# Generous: under load a slow response is a figure to report, not an error.
REQUEST_TIMEOUT_S = 120
# One answer in this many is parsed and checked against the store (outside the timing).
CHECK_EVERY = 20
# A simulated user reads a few pages further with this probability after each page.
FOLLOW_CURSOR = 0.4
# Headers every API answer must carry (security middleware, ETags on reads).
REQUIRED_HEADERS = (b"etag:", b"content-security-policy:", b"x-frame-options: deny")


def _events(count: int, rng: random.Random) -> list[dict[str, object]]:
    types = list(EVENT_TYPES)
    rows = []
    now = dt.datetime.now(dt.UTC)
    for index in range(count):
        name, pcode, lat, lon = rng.choice(REGIONS)
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        rows.append(
            {
                "event_id_cnty": f"BENCH{index}",
                "event_date": day,
                "year": day.year,
                "event_type": rng.choice(types),
                "actor1": rng.choice(ACTORS),
                "admin1": name,
                "admin1_pcode": pcode,
                "location": name,
                "latitude": lat + rng.uniform(-1, 1),
                "longitude": lon + rng.uniform(-1, 1),
                "fatalities": rng.choice([0, 0, 1, 2, 5, 12]),
                "attribution_status": "confirmed",
                "producer": "bench.v1",
                "created_at": now,
                "updated_at": now,
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
    """Migrate, seed, and create an analyst with a read token; returns the token."""
    database = open_database(url)
    rng = random.Random(7)
    rows = _events(events, rng)
    with database.session() as session:
        for start in range(0, len(rows), BATCH):
            session.execute(insert(Event), rows[start : start + BATCH])
        session.execute(insert(Alert), _alerts(alerts, rng))
        user = create_user(session, "analyst", PASSWORD, Role.ANALYST, actor="bench")
        _, secret = issue_token(session, user, "bench", ["read"], actor="bench")
    if database.backend == "postgresql":
        # What autovacuum does to a store in service; left to run, it would vacuum the freshly
        # loaded 100,000 rows in the middle of the timed requests.
        with database.engine.connect() as connection:
            autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
            autocommit.execute(text("VACUUM ANALYZE"))
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


def serve(url: str, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    """Start ``sentinelle serve --workers N`` and wait until it answers."""
    command = [sys.executable, "-m", "sentinelle.cli", "--db", url, "serve"]
    command += ["--port", str(port), "--workers", str(workers)]
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline and process.poll() is None:
        try:
            status = asyncio.run(_fetch_once(port, "/api/v1/health"))
            if status == 200:
                return process
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError(f"the server did not start (see {log})")


async def _fetch_once(port: int, target: str) -> int:
    connection = Connection("127.0.0.1", port, b"")
    try:
        status, _, _ = await connection.get(target)
        return status
    finally:
        connection.close()


class Connection:
    """One keep-alive HTTP/1.1 connection: GETs whose answers carry a Content-Length.

    A few dozen lines on asyncio streams, so the load generator spends far less CPU per
    request than the server it measures (an httpx client costs about as much as the server).
    """

    def __init__(self, host: str, port: int, headers: bytes) -> None:
        self.host, self.port = host, port
        self.prefix = b"Host: %s:%d\r\n" % (host.encode(), port) + headers
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """The open connection, opened now if there is none."""
        reader, writer = self.reader, self.writer
        if reader is None or writer is None or reader.at_eof():
            reader, writer = await asyncio.open_connection(self.host, self.port)
            self.reader, self.writer = reader, writer
        return reader, writer

    async def get(self, target: str) -> tuple[int, bytes, bytes]:
        """Status, header block (lower-cased) and body of ``GET target``."""
        reader, writer = await self.connect()
        writer.write(b"GET %s HTTP/1.1\r\n%s\r\n" % (target.encode(), self.prefix))
        head = (await reader.readuntil(b"\r\n\r\n")).lower()
        if b"\r\ntransfer-encoding:" in head:
            raise RuntimeError(f"{target}: chunked answers are not expected here")
        start = head.find(b"\r\ncontent-length:")
        length = int(head[start + 17 : head.index(b"\r\n", start + 2)]) if start >= 0 else 0
        body = await reader.readexactly(length) if length else b""
        if b"\r\nconnection: close" in head:
            self.close()
        return int(head[9:12]), head, body

    def close(self) -> None:
        """Close the socket."""
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Endpoint:
    """A list route, how a simulated user asks it, and how a sample answer is checked."""

    path: str
    first_page: Callable[[random.Random], dict[str, str]]
    check: Callable[[Database, dict[str, str], list[dict[str, Any]]], None]


def _event_query(rng: random.Random) -> dict[str, str]:
    """What an analyst asks the events list: filters as the dashboard and scripts use them."""
    query: dict[str, str] = {}
    draw = rng.random()
    if draw < 0.3:
        pass
    elif draw < 0.5:
        name, pcode, _, _ = rng.choice(REGIONS)
        query["region"] = rng.choice([name, pcode])
    elif draw < 0.65:
        query["event_type"] = rng.choice(list(EVENT_TYPES))
    elif draw < 0.8:
        # Since a date in the first six years: a year-or-more window, as reports ask.
        query["since"] = (FIRST_DAY + dt.timedelta(days=rng.randrange(365 * 6))).isoformat()
    elif draw < 0.95:
        query["region"] = rng.choice(REGIONS)[0]
        query["event_type"] = rng.choice(list(EVENT_TYPES))
    else:
        query["actor"] = rng.choice(["jnim", "gatia", "forces"])
    query["limit"] = str(rng.choice([20, 50, 50, 50, 100]))
    return query


def _alert_query(rng: random.Random) -> dict[str, str]:
    """What an analyst asks the alert queue: open ones, a state, a region."""
    query: dict[str, str] = {}
    draw = rng.random()
    if draw < 0.3:
        pass
    elif draw < 0.55:
        query["state"] = "open"
    elif draw < 0.75:
        query["state"] = rng.choice(list(AlertState)).value
    else:
        query["region"] = rng.choice(REGIONS)[0]
    query["limit"] = str(rng.choice([20, 50, 50, 100]))
    return query


def _after(query: dict[str, str]) -> int | None:
    cursor = query.get("cursor")
    if cursor is None:
        return None
    padded = cursor + "=" * (-len(cursor) % 4)
    after: int = json.loads(base64.urlsafe_b64decode(padded))["after"]
    return after


def _check_events(database: Database, query: dict[str, str], items: list[dict[str, Any]]) -> None:
    """The page holds exactly the events the store has for these filters, newest first."""
    statement = select(Event.id).order_by(Event.id.desc()).limit(int(query["limit"]))
    if "region" in query:
        pcode = next(p for name, p, _, _ in REGIONS if query["region"] in (name, p))
        statement = statement.where(Event.admin1_pcode == pcode)
    if "event_type" in query:
        statement = statement.where(Event.event_type == query["event_type"])
    if "since" in query:
        statement = statement.where(Event.event_date >= dt.date.fromisoformat(query["since"]))
    if "actor" in query:
        pattern = f"%{query['actor']}%"
        statement = statement.where(
            or_(func.lower(Event.actor1).like(pattern), func.lower(Event.actor2).like(pattern))
        )
    after = _after(query)
    if after is not None:
        statement = statement.where(Event.id < after)
    with database.session() as session:
        expected = list(session.scalars(statement))
    got = [item["id"] for item in items]
    if got != expected:
        raise RuntimeError(f"events {query}: got ids {got[:5]}..., the store has {expected[:5]}...")
    if "since" in query and any(item["event_date"] < query["since"] for item in items):
        raise RuntimeError(f"events {query}: an event before 'since'")


def _check_alerts(database: Database, query: dict[str, str], items: list[dict[str, Any]]) -> None:
    """Newest first, within the filters; ids as in the store when no state is asked for."""
    ids = [item["id"] for item in items]
    if ids != sorted(ids, reverse=True) or len(ids) > int(query["limit"]):
        raise RuntimeError(f"alerts {query}: not a newest-first page")
    if "region" in query and any(item["admin1"] != query["region"] for item in items):
        raise RuntimeError(f"alerts {query}: an alert of another region")
    state = query.get("state")
    if state not in (None, "open") and any(item["state"] != state for item in items):
        raise RuntimeError(f"alerts {query}: an alert in another state")
    if "state" in query:
        return  # the scheduler may move alerts between states during the run
    statement = select(Alert.id).order_by(Alert.id.desc()).limit(int(query["limit"]))
    if "region" in query:
        statement = statement.where(Alert.admin1 == query["region"])
    after = _after(query)
    if after is not None:
        statement = statement.where(Alert.id < after)
    with database.session() as session:
        expected = list(session.scalars(statement))
    if ids != expected:
        raise RuntimeError(f"alerts {query}: got ids {ids[:5]}..., the store has {expected[:5]}...")


ENDPOINTS = (
    Endpoint("/api/v1/events", _event_query, _check_events),
    Endpoint("/api/v1/alerts", _alert_query, _check_alerts),
)


@dataclass
class Run:
    """Latencies of one timed run and the answers kept for checking."""

    latencies: list[float] = field(default_factory=list)
    samples: list[tuple[dict[str, str], bytes, bytes]] = field(default_factory=list)


async def load(
    port: int, endpoint: Endpoint, token: str, clients: int, requests: int, seed: int
) -> Run:
    """``requests`` GETs of ``endpoint`` from ``clients`` concurrent keep-alive connections.

    The connections are opened before the first request, as a load tester's are: the timings
    are those of requests, not of 50 simultaneous TCP handshakes.
    """
    run = Run()
    remaining = requests
    headers = b"Authorization: Bearer %s\r\nAccept: application/json\r\n" % token.encode()
    connections = [Connection("127.0.0.1", port, headers) for _ in range(clients)]
    await asyncio.gather(*(connection.connect() for connection in connections))

    async def client(number: int) -> None:
        nonlocal remaining
        rng = random.Random(seed * 1000 + number)
        connection = connections[number]
        query: dict[str, str] | None = None
        try:
            while remaining > 0:
                remaining -= 1
                if query is None:
                    query = endpoint.first_page(rng)
                target = f"{endpoint.path}?{urlencode(query)}"
                started = time.perf_counter()
                status, head, body = await asyncio.wait_for(
                    connection.get(target), REQUEST_TIMEOUT_S
                )
                run.latencies.append(time.perf_counter() - started)
                if status != 200:
                    raise RuntimeError(f"{target}: HTTP {status}: {body[:200]!r}")
                if len(run.latencies) % CHECK_EVERY == 0:
                    run.samples.append((query, head, body))
                query = _next_page(query, body, rng)
        finally:
            connection.close()

    await asyncio.gather(*(client(number) for number in range(clients)))
    return run


def _next_page(query: dict[str, str], body: bytes, rng: random.Random) -> dict[str, str] | None:
    """The same query one page further, sometimes, when the answer has a next cursor."""
    marker = body.rfind(b'"next_cursor":"')
    if marker < 0 or rng.random() > FOLLOW_CURSOR:
        return None
    start = marker + len(b'"next_cursor":"')
    cursor = body[start : body.index(b'"', start)].decode()
    return {**query, "cursor": cursor}


def _check(database: Database, endpoint: Endpoint, run: Run) -> int:
    """Check the sampled answers against the store; returns how many were checked."""
    for query, head, body in run.samples:
        missing = [name.decode() for name in REQUIRED_HEADERS if b"\r\n" + name not in head]
        if missing:
            raise RuntimeError(f"{endpoint.path}?{urlencode(query)}: no {', '.join(missing)}")
        endpoint.check(database, query, json.loads(body)["items"])
    return len(run.samples)


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _tree_cpu(root: int) -> float:
    """CPU time of a process and all its descendants (the server's workers)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError):
                continue
            parents[int(entry.name)] = int(stat[1])
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        tree.update(children)
        frontier += children
    return sum(_cpu_seconds(pid) for pid in tree)


def _database_processes(database: Database) -> list[int]:
    """The PostgreSQL server processes serving the bench's store (none for SQLite)."""
    if database.backend != "postgresql":
        return []
    with database.engine.connect() as connection:
        pids = connection.scalars(
            text(
                "SELECT pid FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
        return list(pids)


def _percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def run(backend: str, args: argparse.Namespace) -> None:
    """Seed, serve, load and print the figures for one backend."""
    url = _database_url(backend)
    started = time.perf_counter()
    token = prepare(url, args.events, args.alerts)
    print(
        f"[{backend}] seeded {args.events} events, {args.alerts} alerts "
        f"in {time.perf_counter() - started:.1f}s"
    )
    OUT.mkdir(exist_ok=True)
    port = 8700 + (0 if backend == "sqlite" else 1)
    process = serve(url, port, args.workers, OUT / f"serve-{backend}.log")
    database = open_database(url, migrate=False)
    try:
        for seed, endpoint in enumerate(ENDPOINTS):
            warm = args.clients * 4
            asyncio.run(load(port, endpoint, token, args.clients, warm, seed + 100))
            backends = {pid: _cpu_seconds(pid) for pid in _database_processes(database)}
            server_cpu, client_cpu = _tree_cpu(process.pid), time.process_time()
            started = time.perf_counter()
            timed = asyncio.run(load(port, endpoint, token, args.clients, args.requests, seed))
            elapsed = time.perf_counter() - started
            count = len(timed.latencies)
            server_ms = (_tree_cpu(process.pid) - server_cpu) / count * 1000
            client_ms = (time.process_time() - client_cpu) / count * 1000
            # Connections opened during the run count whole; the bench's own is left out.
            database_s = sum(
                _cpu_seconds(pid) - backends.get(pid, 0.0)
                for pid in set(backends) | set(_database_processes(database))
            )
            database_ms = database_s / count * 1000
            checked = _check(database, endpoint, timed)
            p50, p99 = (_percentile(timed.latencies, q) * 1000 for q in (50, 99))
            print(
                f"[{backend}] {endpoint.path}: {count} requests, {args.clients} clients, "
                f"{args.workers} worker(s): p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
                f"{count / elapsed:.0f} req/s; "
                f"CPU per request: server {server_ms:.2f} ms, "
                + (f"database {database_ms:.2f} ms, " if backends else "")
                + f"load generator {client_ms:.2f} ms; "
                f"{checked} answers checked against the store"
            )
        load_average = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"[{backend}] load average {load_average} on {os.cpu_count()} cores")
    finally:
        database.dispose()
        process.terminate()
        process.wait(timeout=60)


def main() -> None:
    """Parse the options and run the benchmark on each backend asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--alerts", type=int, default=2_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=1_000, help="timed requests per list")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server processes")
    args = parser.parse_args()
    for backend in ("sqlite", "postgresql") if args.backend == "both" else (args.backend,):
        run(backend, args)


if __name__ == "__main__":
    main()
