"""An ingest run: every input read, each stored in its own transaction, counted and recorded.

One input (a file, a URL, an entry) is one transaction: its documents, sightings, LSH bands
and the run's counters are committed together or not at all, so killing the process at any
moment and running again stores each input exactly once.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, cast
from urllib.parse import urlsplit

import httpx
from sqlalchemy import Table, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from sentinelle.errors import InputError
from sentinelle.ingest.acled_csv import read_acled_stream
from sentinelle.ingest.acled_import import import_acled_rows
from sentinelle.ingest.decoding import decode_input
from sentinelle.ingest.dedup import content_hash, find_story, fingerprint, remember
from sentinelle.ingest.documents import RawDocument, RawInput, Rejection, Source, utcnow
from sentinelle.ingest.fetching import FetchOptions, make_client
from sentinelle.ingest.kinds import READERS, detect_kind
from sentinelle.ingest.linked_pages import with_linked_pages
from sentinelle.ingest.sources import expand_targets, is_url
from sentinelle.store import Database
from sentinelle.store.enums import SourceKind
from sentinelle.store.identities import IdentityVault
from sentinelle.store.models import Document, IngestRun, Sighting
from sentinelle.store.models import Source as SourceRow

log = logging.getLogger(__name__)

MAX_REJECTIONS_KEPT: Final = 1000  # reasons kept on the run row; the count is always exact
DEFAULT_NEAR_DUPLICATE: Final = 0.6  # estimated Jaccard of word trigrams: same wire story
# Core tables for the per-input hot path: the ORM's unit of work costs more than the SQL.
INGEST_RUNS: Final = cast(Table, IngestRun.__table__)
SIGHTINGS: Final = cast(Table, Sighting.__table__)
DOCUMENTS: Final = cast(Table, Document.__table__)


class Outcome(enum.StrEnum):
    """What became of one document read."""

    NEW = "new"
    DUPLICATE = "duplicate"
    NEAR_DUPLICATE = "near_duplicate"


@dataclass
class IngestCounts:
    """Counts of one input or a whole run."""

    read: int = 0
    new: int = 0
    duplicate: int = 0
    near_duplicate: int = 0
    rejected: int = 0
    rejections: list[str] = field(default_factory=list)

    def add(self, other: IngestCounts) -> None:
        """Add another input's counts to these."""
        self.read += other.read
        self.new += other.new
        self.duplicate += other.duplicate
        self.near_duplicate += other.near_duplicate
        self.rejected += other.rejected
        room = MAX_REJECTIONS_KEPT - len(self.rejections)
        self.rejections.extend(other.rejections[: max(room, 0)])

    def reject(self, rejection: Rejection) -> None:
        """Count a rejected input or row."""
        self.rejected += 1
        self.rejections.append(rejection.line())


@dataclass(frozen=True)
class IngestOptions:
    """How a run reads its inputs."""

    kind: SourceKind | None = None
    near_duplicate_threshold: float = DEFAULT_NEAR_DUPLICATE
    fetch: FetchOptions = field(default_factory=FetchOptions)
    follow_links: bool = False  # replace feed entries' summaries by their linked pages' text
    # Base64 AES key for field reporters' identities; without one they are discarded.
    reporter_key: str | None = None


@dataclass
class IngestReport:
    """The result of a run: its id, its counts, and the documents it stored."""

    run_id: int
    counts: IngestCounts
    document_ids: list[int] = field(default_factory=list)


InputCallback = Callable[[str, IngestCounts], None]


class Ingestor:
    """Stores inputs for one ingest run."""

    def __init__(
        self,
        database: Database,
        options: IngestOptions,
        arguments: Sequence[str],
        client: httpx.Client | None = None,
    ):
        self.database = database
        self.options = options
        self.client = client
        self.retrieved_at = utcnow()
        self.counts = IngestCounts()
        self.document_ids: list[int] = []
        self._sources: dict[tuple[str, str], int] = {}
        self._warned_reporters = False
        with database.session() as session:
            run = IngestRun(arguments=list(arguments))
            session.add(run)
            session.flush()
            self.run_id = run.id

    def ingest_input(self, raw: RawInput) -> IngestCounts:
        """Read and store one input in one transaction; a refused input changes nothing."""
        try:
            text = None if raw.data.startswith(b"%PDF-") else decode_input(raw)
            kind = self.options.kind or detect_kind(raw, text)
            if kind is SourceKind.ACLED_CSV:
                return self._acled(raw, text)
            return self.store_documents(self.read(raw, text, kind), retrieved_at=raw.retrieved_at)
        except InputError as exc:
            self._sources.clear()  # ids cached during a rolled-back transaction may be gone
            return self.reject(Rejection(raw.origin, str(exc).removeprefix(f"{raw.origin}: ")))
        except SQLAlchemyError:
            raise
        except Exception as exc:  # a reader's failure refuses this input, not the whole run
            self._sources.clear()
            log.debug("reading %s failed", raw.origin, exc_info=True)
            reason = f"could not be read ({type(exc).__name__}: {exc})"
            return self.reject(Rejection(raw.origin, reason))

    def read(
        self, raw: RawInput, text: str | None, kind: SourceKind
    ) -> Iterable[RawDocument | Rejection]:
        """The documents of one input, linked pages fetched first (outside any transaction)."""
        items = READERS[kind](raw, text)
        return self.expand(items) if kind in (SourceKind.RSS, SourceKind.ATOM) else items

    def expand(self, items: Iterable[RawDocument | Rejection]) -> Iterable[RawDocument | Rejection]:
        """Feed entries with their linked pages' text when ``follow_links`` is on."""
        if not self.options.follow_links or self.client is None:
            return items
        return list(with_linked_pages(items, self.client, self.options.fetch))

    def store_documents(
        self,
        items: Iterable[RawDocument | Rejection],
        *,
        on_commit: Callable[[Session], None] | None = None,
        retrieved_at: dt.datetime | None = None,
    ) -> IngestCounts:
        """Store documents read from one input, and their rejections, in one transaction."""
        self.retrieved_at = retrieved_at or utcnow()
        counts = IngestCounts()
        stored: list[int] = []
        with self.database.session() as session:
            for item in items:
                if isinstance(item, Rejection):
                    counts.reject(item)
                    continue
                counts.read += 1
                outcome, document_id = self._store(session, item)
                setattr(counts, outcome.value, getattr(counts, outcome.value) + 1)
                if outcome is not Outcome.DUPLICATE:
                    stored.append(document_id)
            if on_commit is not None:
                on_commit(session)
            self._record(session, counts)
        self.document_ids.extend(stored)
        return counts

    def reject(self, rejection: Rejection) -> IngestCounts:
        """Record an input refused before anything of it was stored."""
        counts = IngestCounts()
        counts.reject(rejection)
        with self.database.session() as session:
            self._record(session, counts)
        log.info("rejected %s", rejection.line())
        return counts

    def finish(self) -> IngestReport:
        """Stamp the run finished and return its report."""
        with self.database.session() as session:
            run = session.get(IngestRun, self.run_id)
            if run is not None:
                run.finished_at = utcnow()
        return IngestReport(self.run_id, self.counts, self.document_ids)

    def _acled(self, raw: RawInput, text: str | None) -> IngestCounts:
        rows = read_acled_stream(io.StringIO(text or "", newline=""), raw.origin)
        imported = import_acled_rows(self.database, rows, raw.origin, self.run_id)
        counts = IngestCounts(
            read=imported.read,
            new=imported.new,
            duplicate=imported.duplicate,
            rejected=imported.rejected,
            rejections=imported.rejections,
        )
        with self.database.session() as session:
            self._record(session, counts)
        return counts

    def _record(self, session: Session, counts: IngestCounts) -> None:
        """Add an input's counts to the run's row, in the input's own transaction."""
        runs = INGEST_RUNS.c
        session.execute(
            update(INGEST_RUNS)
            .where(runs.id == self.run_id)
            .values(
                read=runs.read + counts.read,
                new=runs.new + counts.new,
                duplicate=runs.duplicate + counts.duplicate,
                near_duplicate=runs.near_duplicate + counts.near_duplicate,
                rejected=runs.rejected + counts.rejected,
            )
        )
        if counts.rejections:
            run = session.get(IngestRun, self.run_id)
            room = MAX_REJECTIONS_KEPT - len(run.rejections) if run is not None else 0
            if run is not None and room > 0:
                run.rejections = [*run.rejections, *counts.rejections[:room]]
        self.counts.add(counts)

    def _store(self, session: Session, item: RawDocument) -> tuple[Outcome, int]:
        digest = content_hash(item.text)
        raw_hash = item.raw_hash or digest
        existing = session.scalar(select(Document.id).where(Document.content_hash == digest))
        if existing is not None:
            self._sight(session, existing, item.origin, raw_hash)
            return Outcome.DUPLICATE, existing
        print_ = fingerprint(item.text)
        story = find_story(session, print_, self.options.near_duplicate_threshold)
        document_id: int = session.execute(
            insert(DOCUMENTS).returning(DOCUMENTS.c.id),
            {
                "source_id": self._source_id(session, item),
                "ingest_run_id": self.run_id,
                "kind": item.kind.value,
                "origin": item.origin,
                "retrieved_at": self.retrieved_at,
                "content_hash": digest,
                "raw_hash": raw_hash,
                "language": item.language,
                "title": item.title,
                "author": item.author,
                "dateline": item.dateline,
                "published_on": item.published_on,
                "published_at": item.published_at,
                "url": item.url,
                "text": item.text,
                "start_offset": item.start_offset,
                "end_offset": item.end_offset,
                "story_id": story[0] if story else None,
                "similarity": story[1] if story else None,
                "meta": item.meta,
            },
        ).scalar_one()
        remember(session, document_id, print_)
        if item.reporter:
            self._keep_reporter(session, document_id, item.reporter)
        session.execute(
            insert(SIGHTINGS),
            [
                {
                    "document_id": document_id,
                    "ingest_run_id": self.run_id,
                    "origin": item.origin,
                    "raw_hash": raw_hash,
                }
            ],
        )
        return (Outcome.NEAR_DUPLICATE if story else Outcome.NEW), document_id

    def _keep_reporter(self, session: Session, document_id: int, reporter: str) -> None:
        """Encrypt a field reporter's identity, or drop it when no key is configured."""
        if self.options.reporter_key is None:
            if not self._warned_reporters:
                log.warning(
                    "field reporters' identities were discarded: set SENTINELLE_REPORTER_KEY "
                    "to keep them encrypted"
                )
                self._warned_reporters = True
            return
        IdentityVault.from_key_text(self.options.reporter_key).store(session, document_id, reporter)

    def _sight(self, session: Session, document_id: int, origin: str, raw_hash: str) -> None:
        seen = session.scalar(
            select(Sighting.id).where(
                Sighting.document_id == document_id,
                Sighting.origin == origin,
                Sighting.raw_hash == raw_hash,
            )
        )
        if seen is None:
            session.add(
                Sighting(
                    document_id=document_id,
                    ingest_run_id=self.run_id,
                    origin=origin,
                    raw_hash=raw_hash,
                )
            )

    def _source_id(self, session: Session, item: RawDocument) -> int:
        kind, origin = item.kind.value, source_origin(item)
        cached = self._sources.get((kind, origin))
        if cached is not None:
            return cached
        found = session.scalar(
            select(SourceRow.id).where(SourceRow.kind == kind, SourceRow.origin == origin)
        )
        if found is None:
            row = SourceRow(kind=kind, origin=origin, name=origin.rsplit("/", 1)[-1] or origin)
            session.add(row)
            session.flush()
            return row.id  # not cached: this input's transaction may still roll back
        self._sources[(kind, origin)] = found
        return found


def source_origin(item: RawDocument) -> str:
    """Where a document's source lives: the feed, the website, or the file's folder."""
    feed = item.meta.get("feed")
    if isinstance(feed, str):
        return feed
    origin = item.origin.split("#", 1)[0]
    if is_url(origin):
        parts = urlsplit(origin)
        return f"{parts.scheme}://{parts.netloc}"
    if origin == "stdin":
        return origin
    return str(Path(origin).resolve().parent)


def ingest(
    database: Database,
    targets: Sequence[str],
    options: IngestOptions | None = None,
    on_input: InputCallback | None = None,
    on_sources: Callable[[int], None] | None = None,
) -> IngestReport:
    """Ingest files, directories, URLs or ``-`` (stdin): the stage's main entry point.

    Args:
        database: the store.
        targets: paths (directories are walked), http(s) URLs, or ``-`` for standard input.
        options: the kind to force, the near-duplicate threshold, fetch limits.
        on_input: called after each input with its origin and counts (progress bars).
        on_sources: called once with the number of inputs found.

    Returns:
        The run's report; rejected inputs are counted and named there, never raised.
    """
    options = options or IngestOptions()
    needs_client = options.follow_links or any(is_url(target) for target in targets)
    client = make_client(options.fetch) if needs_client else None
    try:
        sources = expand_targets(targets, client, options.fetch)
        if on_sources is not None:
            on_sources(len(sources))
        ingestor = Ingestor(database, options, targets, client)
        for source in sources:
            _ingest_source(ingestor, source, on_input)
        return ingestor.finish()
    finally:
        if client is not None:
            client.close()


def _ingest_source(ingestor: Ingestor, source: Source, on_input: InputCallback | None) -> None:
    for item in source.inputs():
        if isinstance(item, Rejection):
            counts, origin = ingestor.reject(item), item.origin
        else:
            counts, origin = ingestor.ingest_input(item), item.origin
        if on_input is not None:
            on_input(origin, counts)
