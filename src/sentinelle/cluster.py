"""Batch ingest and extraction on a Dask cluster: a local one, or any the user already runs.

Inputs are cut into partitions and each partition is one task. Ingest tasks store their own
inputs (each input is its own transaction, deduplicated by content hash, so a task that the
scheduler retries after a worker died stores nothing twice). Extraction tasks are pure: they
return the events of their documents, and the client stores them in a canonical order (by
content hash), so a cluster run codes exactly what a single process codes, however often
tasks are retried.
"""

from __future__ import annotations

import datetime as dt
import glob
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy.exc import IntegrityError, OperationalError

from sentinelle.errors import InputError
from sentinelle.store import Database, open_database

if TYPE_CHECKING:
    from distributed import Client

    from sentinelle.extract import ExtractedEvent, Extractor
    from sentinelle.ingest import IngestCounts, IngestOptions

log = logging.getLogger(__name__)

LOCAL: Final = "local"
# Inputs per ingest task: large enough to amortise scheduling, small enough to rebalance.
INGEST_PARTITION: Final = 200
# Documents per extraction task: a few seconds of NLP each on one core.
EXTRACT_PARTITION: Final = 50
# A task that raised is resubmitted this many times (a task whose worker died is rescheduled
# by the scheduler itself, up to its ``allowed-failures``, 3 by default).
TASK_RETRIES: Final = 3
# One input is retried this often when a concurrent writer won a unique key or a lock first.
WRITE_ATTEMPTS: Final = 5
# Seconds before the first such retry, doubled each time: other writers commit in far less.
WRITE_BACKOFF_S: Final = 0.05

# A sentence that goes through every step of extraction (classifier, places, actors, dates).
WARM_UP_TEXT: Final = "Gunmen killed two soldiers near Gao on 3 May 2015, the army said."

DocumentTask = tuple[int, str, dt.date, str | None]
Extracted = tuple[int, list["ExtractedEvent"], str | None]
PartitionDone = Callable[[int, int], None]


@dataclass(frozen=True)
class ClusterSpec:
    """Where to run: a local cluster of ``workers`` processes, or a scheduler's address."""

    address: str | None = None
    workers: int = 2

    @property
    def is_local(self) -> bool:
        """True for a cluster started here and stopped after the run."""
        return self.address is None


def parse_cluster_spec(text: str) -> ClusterSpec:
    """``local``, ``local:N`` or a scheduler address such as ``tcp://10.0.0.5:8786``."""
    if text == LOCAL or text.startswith(f"{LOCAL}:"):
        count = text.partition(":")[2] or "2"
        if not count.isdigit() or int(count) < 1:
            raise InputError(f"'{text}': expected local or local:N with N >= 1", source="--cluster")
        return ClusterSpec(workers=int(count))
    if not text or " " in text:
        raise InputError(f"'{text}' is not a scheduler address", source="--cluster")
    return ClusterSpec(address=text if "://" in text else f"tcp://{text}")


@contextmanager
def connect(spec: ClusterSpec) -> Iterator[Client]:
    """A client of the cluster; a local cluster lives as long as the context."""
    from distributed import Client, LocalCluster

    if spec.address is not None:
        with Client(spec.address) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=spec.workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


def partitions(items: Sequence[Any], size: int) -> list[list[Any]]:
    """Consecutive slices of at most ``size`` items."""
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


@cache
def _worker_database(url: str) -> Database:
    """One store connection pool per worker process."""
    return open_database(url, migrate=False)


@cache
def _worker_extractor() -> Extractor:
    """One extractor (classifier, spaCy, gazetteer) per worker process, loaded on first use."""
    from sentinelle.extract import Extractor

    return Extractor()


def warm_up() -> int:
    """Load this process's extractor by coding one sentence; returns the events found."""
    from sentinelle.extract import ExtractOptions

    return len(_worker_extractor().extract(WARM_UP_TEXT, ExtractOptions(dt.date(2015, 5, 4))))


def warm_up_workers(client: Client) -> None:
    """Load the extractor on every worker now, so that timings measure only coding."""
    client.run(warm_up)


def ingest_partition(url: str, targets: list[str], options: IngestOptions) -> IngestCounts:
    """Task: ingest one partition of inputs into the store at ``url``, one transaction each."""
    return ingest_targets(_worker_database(url), targets, options)


def ingest_targets(database: Database, targets: list[str], options: IngestOptions) -> IngestCounts:
    """Ingest ``targets``, retrying an input that lost a race with a concurrent writer.

    Each input is one transaction deduplicated by content hash, so a retry (or a rerun of the
    whole partition after its worker died) finds what was committed and stores it only once.
    """
    from sentinelle.ingest import IngestCounts, Ingestor, Rejection
    from sentinelle.ingest.fetching import make_client
    from sentinelle.ingest.sources import expand_targets, is_url

    total = IngestCounts()
    client = make_client(options.fetch) if any(is_url(t) for t in targets) else None
    try:
        ingestor = Ingestor(database, options, targets)
        for source in expand_targets(targets, client, options.fetch):
            for item in source.inputs():
                if isinstance(item, Rejection):
                    total.add(ingestor.reject(item))
                else:
                    total.add(_with_retries(partial(ingestor.ingest_input, item)))
        ingestor.finish()
    finally:
        if client is not None:
            client.close()
    return total


def _with_retries(store: Callable[[], IngestCounts]) -> IngestCounts:
    """``store()``, run again when a concurrent writer made its transaction fail."""
    for attempt in range(WRITE_ATTEMPTS):
        try:
            return store()
        except (IntegrityError, OperationalError) as exc:
            if attempt == WRITE_ATTEMPTS - 1:
                raise
            log.info("write conflict (%s), retrying", type(exc.orig).__name__)
            time.sleep(WRITE_BACKOFF_S * 2**attempt)
    raise RuntimeError("unreachable")


def extract_partition(tasks: list[DocumentTask]) -> list[Extracted]:
    """Task: the events (or the error) of each document of one partition; nothing is written."""
    from sentinelle.extract import ExtractOptions

    extractor = _worker_extractor()
    results: list[Extracted] = []
    for document_id, text, reference, language in tasks:
        try:
            events = extractor.extract(text, ExtractOptions(reference, language))
        except Exception as exc:  # one broken document must not fail its partition
            log.exception("coding document %s failed", document_id)
            results.append((document_id, [], f"{type(exc).__name__}: {exc}"))
        else:
            results.append((document_id, events, None))
    return results


def run_ingest(
    client: Client | None,
    database: Database,
    targets: Sequence[str],
    options: IngestOptions,
    *,
    partition_size: int = INGEST_PARTITION,
    on_partition: PartitionDone | None = None,
) -> IngestCounts:
    """Ingest ``targets`` partition by partition, on the cluster (or here when no client)."""
    from sentinelle.ingest import IngestCounts

    chunks = partitions(targets, partition_size)
    total = IngestCounts()
    calls = [(database.url, chunk, options) for chunk in chunks]
    for done, (_, counts) in enumerate(_completed(client, ingest_partition, calls), start=1):
        total.add(counts)
        if on_partition is not None:
            on_partition(done, len(chunks))
    return total


@dataclass(frozen=True)
class ExtractCounts:
    """What a distributed extraction did: documents coded, events stored, documents failed."""

    documents: int = 0
    events: int = 0
    failed: int = 0


def run_extract(
    client: Client | None,
    database: Database,
    *,
    partition_size: int = EXTRACT_PARTITION,
    on_partition: PartitionDone | None = None,
) -> ExtractCounts:
    """Code every uncoded document on the cluster, storing in the canonical document order.

    Partitions finish in any order; each is stored once all partitions before it are, so the
    cross-document merging sees documents in the same order as a single process does.
    """
    from sentinelle.extract.coding import pending_tasks, store_extracted

    chunks = partitions(pending_tasks(database), partition_size)
    waiting: dict[int, list[Extracted]] = {}
    next_index = documents = events = failed = 0
    calls = [(chunk,) for chunk in chunks]
    for done, (index, coded) in enumerate(_completed(client, extract_partition, calls), start=1):
        waiting[index] = coded
        while next_index in waiting:
            for document_id, found, error in waiting.pop(next_index):
                events += store_extracted(database, document_id, found, error)
                documents += 1
                failed += error is not None
            next_index += 1
        if on_partition is not None:
            on_partition(done, len(chunks))
    return ExtractCounts(documents, events, failed)


def _completed(
    client: Client | None, function: Callable[..., Any], calls: list[tuple[Any, ...]]
) -> Iterator[tuple[int, Any]]:
    """(index, result) of ``function`` over ``calls`` as each finishes; here when no client."""
    if client is None:
        for index, arguments in enumerate(calls):
            yield index, function(*arguments)
        return
    from distributed import as_completed

    futures = [
        client.submit(function, *arguments, retries=TASK_RETRIES, pure=False) for arguments in calls
    ]
    positions = {future.key: index for index, future in enumerate(futures)}
    completed = as_completed(futures)  # type: ignore[no-untyped-call]
    futures.clear()  # each result is dropped from the cluster once consumed
    for future in completed:
        yield positions[future.key], future.result()


@dataclass(frozen=True)
class BackfillReport:
    """What a backfill found, skipped as already stored, ingested and coded."""

    found: int
    skipped: int
    ingested: IngestCounts
    coded: ExtractCounts


def archive_files(pattern: str) -> list[str]:
    """Absolute paths of the (not hidden) files a path, directory or glob names, sorted."""
    path = Path(pattern).expanduser()
    if path.is_dir():
        files = [child for child in path.rglob("*") if child.is_file()]
    elif path.is_file():
        files = [path]
    else:
        files = [Path(match) for match in glob.glob(str(path), recursive=True)]
        files = [file for file in files if file.is_file()]
    files = [file for file in files if not file.name.startswith(".")]
    if not files:
        raise InputError("matches no file", source=pattern)
    return sorted(str(file.resolve()) for file in files)


def already_ingested(database: Database, files: Sequence[str]) -> set[str]:
    """The files among ``files`` that an earlier run stored (seen by a sighting).

    A file of many documents (a feed, an export) is sighted as ``path#entry``; an input that
    was rejected has no sighting, so it is tried again.
    """
    from sqlalchemy import select

    from sentinelle.store.models import Sighting

    wanted = set(files)
    with database.session() as session:
        seen = session.scalars(select(Sighting.origin).distinct())
        return {origin.split("#", 1)[0] for origin in seen} & wanted


def backfill(
    client: Client | None,
    database: Database,
    pattern: str,
    options: IngestOptions,
    *,
    on_partition: PartitionDone | None = None,
    on_extract_partition: PartitionDone | None = None,
) -> BackfillReport:
    """Ingest what an archive holds that the store lacks, then code every uncoded document.

    Resumable: files already sighted are skipped and coded documents are not coded again, so
    a run cut short is finished by running the same command again.
    """
    files = archive_files(pattern)
    done = already_ingested(database, files)
    todo = [file for file in files if file not in done]
    counts = run_ingest(client, database, todo, options, on_partition=on_partition)
    coded = run_extract(client, database, on_partition=on_extract_partition or on_partition)
    return BackfillReport(len(files), len(done), counts, coded)
