"""Ingest and extraction throughput in one process, on ``local:1`` and on ``local:2``.

The real news articles of ``shared/data/news`` (never copied into the project) are written at
bench time as one text file each into a temporary folder, then, for each mode, ingested into
a fresh store and coded. Workers (and the single process) load the extractor before the clock
starts, so the figures are steady-state documents per second; cluster start-up is printed
apart. The load average is printed with each mode: on a shared machine it matters.

    .venv/bin/python -m bench.scale [--docs 400] [--modes process,local:1,local:2] [--db URL]

``--db`` takes a PostgreSQL admin URL: each mode then gets a database of its own on that
server (dropped afterwards); by default each mode gets a fresh SQLite file.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from sentinelle.cluster import (
    ClusterSpec,
    connect,
    parse_cluster_spec,
    run_extract,
    run_ingest,
    warm_up,
    warm_up_workers,
)
from sentinelle.ingest import IngestOptions
from sentinelle.settings import Settings
from sentinelle.store import open_database

NEWS_FILES = ("GWN.xml", "lgl.xml", "TR-News.xml", "GeoVirus.xml")
# Partitions small enough that two workers share the work evenly on a few hundred articles.
INGEST_PARTITION = 50
EXTRACT_PARTITION = 20


@dataclass(frozen=True)
class Figures:
    """One mode's measurements."""

    mode: str
    startup_s: float
    ingest_docs_s: float
    extract_docs_s: float
    documents: int
    events: int
    load: tuple[float, float, float]


def write_articles(news_dir: Path, folder: Path, count: int) -> list[str]:
    """The first ``count`` articles as text files (cycling through the corpora if needed)."""
    texts = [
        (element.findtext("text") or "").strip()
        for name in NEWS_FILES
        for element in ET.parse(news_dir / name).getroot().iter("article")
    ]
    texts = [t for t in texts if t]
    paths = []
    for number in range(count):
        copy = number // len(texts)
        body = (f"Edition {copy + 1}. " if copy else "") + texts[number % len(texts)]
        path = folder / f"{number:06d}.txt"
        path.write_text(body + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths


@contextmanager
def fresh_store(admin_url: str | None, work: Path, mode: str) -> Iterator[str]:
    """The URL of an empty migrated store for one mode."""
    if admin_url is None:
        url = f"sqlite:///{work / (mode.replace(':', '_') + '.db')}"
        open_database(url).dispose()
        yield url
        return
    name = f"sentinelle_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    open_database(url).dispose()
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def measure(mode: str, files: list[str], url: str) -> Figures:
    """Ingest then code ``files`` into the store at ``url`` in one mode."""
    database = open_database(url)
    started = time.perf_counter()
    spec: ClusterSpec | None = None if mode == "process" else parse_cluster_spec(mode)
    with connect(spec) if spec else _no_cluster() as client:
        if client is None:
            warm_up()
        else:
            warm_up_workers(client)
        startup = time.perf_counter() - started
        clock = time.perf_counter()
        counts = run_ingest(
            client, database, files, IngestOptions(), partition_size=INGEST_PARTITION
        )
        ingest_s = time.perf_counter() - clock
        clock = time.perf_counter()
        coded = run_extract(client, database, partition_size=EXTRACT_PARTITION)
        extract_s = time.perf_counter() - clock
    database.dispose()
    return Figures(
        mode,
        startup,
        counts.read / ingest_s,
        coded.documents / extract_s,
        coded.documents,
        coded.events,
        os.getloadavg(),
    )


@contextmanager
def _no_cluster() -> Iterator[None]:
    yield None


def main() -> None:
    """Run every mode and print its figures and the speedups."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--modes", default="process,local:1,local:2")
    parser.add_argument("--db", default=None, help="PostgreSQL admin URL (default: SQLite).")
    arguments = parser.parse_args()
    news_dir = Settings().shared_dir / "data" / "news"
    print(f"{os.cpu_count()} cores, load average at start {os.getloadavg()}")
    results: list[Figures] = []
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        (work / "articles").mkdir()
        files = write_articles(news_dir, work / "articles", arguments.docs)
        for mode in arguments.modes.split(","):
            with fresh_store(arguments.db, work, mode) as url:
                figures = measure(mode, files, url)
            results.append(figures)
            print(
                f"{mode:>8}: start-up {figures.startup_s:5.1f} s, ingest "
                f"{figures.ingest_docs_s:6.1f} docs/s, extract {figures.extract_docs_s:5.1f} "
                f"docs/s ({figures.documents} documents, {figures.events} event reports), "
                f"load average after {tuple(round(x, 2) for x in figures.load)}",
                flush=True,
            )
    by_mode = {figures.mode: figures for figures in results}
    base = by_mode.get("process") or results[0]
    for figures in results:
        if figures is not base:
            print(
                f"speedup {base.mode} -> {figures.mode}: extract "
                f"{figures.extract_docs_s / base.extract_docs_s:.2f}x, ingest "
                f"{figures.ingest_docs_s / base.ingest_docs_s:.2f}x"
            )
    if "local:1" in by_mode and "local:2" in by_mode:
        one, two = by_mode["local:1"], by_mode["local:2"]
        print(
            f"speedup local:1 -> local:2: extract {two.extract_docs_s / one.extract_docs_s:.2f}x,"
            f" ingest {two.ingest_docs_s / one.ingest_docs_s:.2f}x"
        )


if __name__ == "__main__":
    main()
