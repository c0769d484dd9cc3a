"""Batch ingest and extraction on a Dask cluster, concurrent writers, and resumable backfill."""

from __future__ import annotations

import multiprocessing
import os
import signal
import uuid
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sentinelle.cli import main
from sentinelle.cluster import (
    ClusterSpec,
    backfill,
    connect,
    ingest_targets,
    parse_cluster_spec,
    run_extract,
    run_ingest,
)
from sentinelle.errors import InputError
from sentinelle.ingest import IngestOptions
from sentinelle.store import Database, open_database
from sentinelle.store.migrate import current_revisions, head_revisions
from sentinelle.store.models import Document, Event, EventSource, Sighting
from tests.conftest import _database_url, _execute_admin

NEWS_FILES = ("GWN.xml", "lgl.xml", "TR-News.xml", "GeoVirus.xml")
# Articles of the cluster test: 500 take about 85 s on 2 lightly loaded cores (1,000: 130 s).
CLUSTER_ARTICLES = 500
# Small partitions so that the run has many, and a worker dies with work left to do.
INGEST_PARTITION = 25
EXTRACT_PARTITION = 20
# Files the four concurrent writers share: each writes three quarters of them.
CONCURRENT_FILES = 80


@pytest.fixture
def postgres_urls(postgres_template: str | None) -> Iterator[list[str]]:
    """Two fresh migrated PostgreSQL databases, dropped afterwards."""
    if postgres_template is None:
        pytest.skip("PostgreSQL is not reachable")
    names = [f"sentinelle_cluster_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    for name in names:
        _execute_admin(f'CREATE DATABASE "{name}" TEMPLATE "{postgres_template}"')
    yield [_database_url(name) for name in names]
    for name in names:
        _execute_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def write_articles(shared_dir: Path, folder: Path, count: int) -> list[str]:
    """Write the first ``count`` news articles, one text file each; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[str] = []
    for name in NEWS_FILES:
        for element in ET.parse(shared_dir / "data" / "news" / name).getroot().iter("article"):
            text = (element.findtext("text") or "").strip()
            if len(paths) == count:
                return paths
            if text:
                path = folder / f"{len(paths):05d}.txt"
                path.write_text(text + "\n", encoding="utf-8")
                paths.append(str(path))
    return paths


def document_hashes(database: Database) -> list[str]:
    """Every stored document's content hash, sorted (duplicates kept)."""
    with database.session() as session:
        return sorted(session.scalars(select(Document.content_hash)))


def event_fingerprints(database: Database) -> Counter[tuple[object, ...]]:
    """Each event as its coded fields and the content hashes of its sources: no store ids."""
    with database.session() as session:
        sources: dict[int, list[str]] = {}
        rows = session.execute(
            select(EventSource.event_id, Document.content_hash).join(
                Document, Document.id == EventSource.document_id
            )
        )
        for event_id, digest in rows:
            sources.setdefault(event_id, []).append(digest)
        return Counter(
            (
                event.event_date,
                event.event_type,
                event.sub_event_type,
                event.actor1,
                event.actor2,
                event.location,
                event.admin1,
                event.fatalities,
                str(event.attribution_status),
                tuple(sorted(sources.get(event.id, []))),
            )
            for event in session.scalars(select(Event))
        )


def test_cluster_specs_are_parsed() -> None:
    assert parse_cluster_spec("local") == ClusterSpec(workers=2)
    assert parse_cluster_spec("local:3") == ClusterSpec(workers=3)
    assert parse_cluster_spec("10.0.0.5:8786").address == "tcp://10.0.0.5:8786"
    assert parse_cluster_spec("tls://sched:8786").address == "tls://sched:8786"
    for bad in ("local:0", "local:x", "", "a b"):
        with pytest.raises(InputError, match="--cluster"):
            parse_cluster_spec(bad)


@pytest.mark.slow
def test_a_cluster_that_loses_a_worker_stores_what_one_process_stores(
    shared_dir: Path, tmp_path: Path, postgres_urls: list[str]
) -> None:
    files = write_articles(shared_dir, tmp_path / "news", CLUSTER_ARTICLES)
    on_cluster, alone = (Database(url) for url in postgres_urls)
    options = IngestOptions()
    killed: list[int] = []
    with connect(ClusterSpec(workers=2)) as client:

        def kill_one_worker(done: int, total: int) -> None:
            if done == 1 and done < total:  # the first partition is in, others are running
                pids = client.run(os.getpid)
                pid = sorted(pids.values())[0]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

        counts = run_ingest(
            client,
            on_cluster,
            files,
            options,
            partition_size=INGEST_PARTITION,
            on_partition=kill_one_worker,
        )
        killed_during_ingest = len(killed)
        coded = run_extract(
            client, on_cluster, partition_size=EXTRACT_PARTITION, on_partition=kill_one_worker
        )
    assert killed_during_ingest == 1 and len(killed) == 2
    single = run_ingest(None, alone, files, options, partition_size=INGEST_PARTITION)
    alone_coded = run_extract(None, alone, partition_size=EXTRACT_PARTITION)

    assert counts.rejected == single.rejected == 0
    hashes = document_hashes(on_cluster)
    assert len(hashes) == len(set(hashes)) == single.new + single.near_duplicate
    assert hashes == document_hashes(alone)
    with on_cluster.session() as session:
        sighted = session.scalar(select(func.count(func.distinct(Sighting.origin))))
    assert sighted == len(files)
    assert coded.documents == alone_coded.documents == len(hashes)
    events = event_fingerprints(on_cluster)
    assert sum(events.values()) > 0
    assert events == event_fingerprints(alone)
    on_cluster.dispose()
    alone.dispose()


def _ingest_in_child(url: str, files: list[str], start: Barrier) -> None:
    database = Database(url)
    start.wait()
    ingest_targets(database, files, IngestOptions())
    database.dispose()


@pytest.mark.slow
def test_four_processes_ingesting_overlapping_inputs_store_each_once(
    shared_dir: Path, tmp_path: Path, postgres_urls: list[str]
) -> None:
    files = write_articles(shared_dir, tmp_path / "news", CONCURRENT_FILES)
    quarter = CONCURRENT_FILES // 4
    # Each process takes three quarters of the files in its own order, all starting at once.
    shares = [(files[i * quarter :] + files[: i * quarter])[: 3 * quarter] for i in range(4)]
    shares[1].reverse()
    shares[3].reverse()
    context = multiprocessing.get_context("fork")
    start = context.Barrier(4)
    children = [
        context.Process(target=_ingest_in_child, args=(postgres_urls[0], share, start))
        for share in shares
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=120)
    assert [child.exitcode for child in children] == [0, 0, 0, 0]
    database, alone = Database(postgres_urls[0]), Database(postgres_urls[1])
    ingest_targets(alone, files, IngestOptions())
    hashes = document_hashes(database)
    assert len(hashes) == len(set(hashes))
    assert hashes == document_hashes(alone)
    with database.session() as session:
        origins = list(session.scalars(select(Sighting.origin)))
    assert sorted(origins) == sorted(files)
    database.dispose()
    alone.dispose()


def test_a_second_backfill_ingests_nothing_new(
    shared_dir: Path, tmp_path: Path, db: Database
) -> None:
    write_articles(shared_dir, tmp_path / "archive", 30)
    (tmp_path / "archive" / ".hidden").write_text("not an article", encoding="utf-8")
    first = backfill(None, db, str(tmp_path / "archive"), IngestOptions())
    assert (first.found, first.skipped, first.ingested.read) == (30, 0, 30)
    assert first.coded.documents == len(document_hashes(db))
    write_articles(shared_dir, tmp_path / "more", 35)
    again = backfill(None, db, str(tmp_path / "*" / "*.txt"), IngestOptions())
    assert (again.found, again.skipped, again.ingested.read) == (65, 30, 35)
    last = backfill(None, db, str(tmp_path / "*" / "*.txt"), IngestOptions())
    assert (last.skipped, last.ingested.read, last.coded.documents) == (65, 0, 0)


def test_a_backfill_of_nothing_names_the_pattern(tmp_path: Path, db: Database) -> None:
    with pytest.raises(InputError, match="matches no file"):
        backfill(None, db, str(tmp_path / "none*.txt"), IngestOptions())


def _upgrade_in_child(url: str, start: Barrier) -> None:
    start.wait()
    open_database(url).dispose()


def test_concurrent_upgrades_of_one_postgresql_database_all_succeed(
    postgres_template: str | None,
) -> None:
    if postgres_template is None:
        pytest.skip("PostgreSQL is not reachable")
    name = f"sentinelle_upgrade_{uuid.uuid4().hex[:10]}"
    _execute_admin(f'CREATE DATABASE "{name}"')
    try:
        context = multiprocessing.get_context("fork")
        start = context.Barrier(3)
        children = [
            context.Process(target=_upgrade_in_child, args=(_database_url(name), start))
            for _ in range(3)
        ]
        for child in children:
            child.start()
        for child in children:
            child.join(timeout=120)
        assert [child.exitcode for child in children] == [0, 0, 0]
        database = Database(_database_url(name))
        assert current_revisions(database) == head_revisions(database)
        database.dispose()
    finally:
        _execute_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run the command line in-process; returns (exit code, stderr)."""
    with pytest.raises(SystemExit) as exited:
        main(args)
    code = exited.value.code
    return (code if isinstance(code, int) else 0), capsys.readouterr().err


def test_backfill_command_resumes_where_it_stopped(
    shared_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_articles(shared_dir, tmp_path / "archive", 12)
    db = ["--db", f"sqlite:///{tmp_path / 'store.db'}"]
    code, err = _cli([*db, "backfill", str(tmp_path / "archive")], capsys)
    assert code == 0, err
    assert "12 files: 0 already stored" in err and "12 new" in err
    assert "coded 12 documents" in " ".join(err.split())
    code, err = _cli([*db, "backfill", str(tmp_path / "archive" / "*.txt")], capsys)
    assert code == 0, err
    assert "12 files: 12 already stored" in err and "coded 0 documents" in " ".join(err.split())


def test_a_bad_cluster_option_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text("Gunmen attacked Gao on 3 May 2015.\n", encoding="utf-8")
    db = ["--db", f"sqlite:///{tmp_path / 'store.db'}"]
    code, err = _cli([*db, "ingest", "--cluster", "local:0", str(tmp_path / "a.txt")], capsys)
    assert code == 2 and "local:N with N >= 1" in err
    code, err = _cli([*db, "ingest", "--cluster", "local", "-"], capsys)
    assert code == 2 and "standard input" in err
