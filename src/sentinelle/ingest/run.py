"""An ingest run: every input read, written in batches, counted and recorded.

Inputs are read outside any transaction, then written a batch at a time (up to 64 inputs
or half a second of reading): a batch's documents, sightings, LSH bands and the run's
counters are committed together or not at all, so killing the process at any moment and
running again stores each input exactly once.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final, cast

import httpx
from sqlalchemy import Table, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from sentinelle.errors import InputError
from sentinelle.ingest.acled_csv import read_acled_stream
from sentinelle.ingest.acled_import import import_acled_rows
from sentinelle.ingest.batch import Batch, BatchWriter, PreparedInput, Written
from sentinelle.ingest.counts import MAX_REJECTIONS_KEPT, IngestCounts
from sentinelle.ingest.decoding import decode_input
from sentinelle.ingest.documents import RawDocument, RawInput, Rejection, utcnow
from sentinelle.ingest.fetching import FetchOptions, make_client
from sentinelle.ingest.kinds import READERS, detect_kind
from sentinelle.ingest.linked_pages import with_linked_pages
from sentinelle.ingest.sources import expand_targets, is_url
from sentinelle.store import Database
from sentinelle.store.enums import SourceKind
from sentinelle.store.models import IngestRun

log = logging.getLogger(__name__)

DEFAULT_NEAR_DUPLICATE: Final = 0.6  # estimated Jaccard of word trigrams: same wire story
INGEST_RUNS: Final = cast(Table, IngestRun.__table__)


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


@dataclass(frozen=True)
class _AcledInput:
    """An ACLED export: imported as events by its own transactions, not batched."""

    raw: RawInput
    text: str | None


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
        self.counts = IngestCounts()
        self.document_ids: list[int] = []
        with database.session() as session:
            run = IngestRun(arguments=list(arguments))
            session.add(run)
            session.flush()
            self.run_id = run.id
        self.writer = BatchWriter(
            self.run_id, options.near_duplicate_threshold, options.reporter_key
        )

    def ingest_input(self, raw: RawInput) -> IngestCounts:
        """Read and store one input in one transaction; a refused input changes nothing."""
        prepared = self.prepare(raw)
        if isinstance(prepared, _AcledInput):
            return self._acled(prepared.raw, prepared.text)
        return self._write_or_refuse([prepared])[0].counts

    def ingest_inputs(
        self, items: Iterable[RawInput | Rejection], on_input: InputCallback | None = None
    ) -> None:
        """Read and store inputs a batch at a time; ``on_input`` hears of each once written."""
        batch = Batch()
        for item in items:
            prepared = self.prepare(item) if isinstance(item, RawInput) else self.refuse(item)
            if isinstance(prepared, _AcledInput):
                self._flush(batch, on_input)
                counts = self._acled(prepared.raw, prepared.text)
                if on_input is not None:
                    on_input(prepared.raw.origin, counts)
                continue
            batch.add(prepared)
            if batch.full():
                self._flush(batch, on_input)
        self._flush(batch, on_input)

    def prepare(self, raw: RawInput) -> PreparedInput | _AcledInput:
        """Read, hash and fingerprint one input; a failure to read refuses it alone."""
        try:
            text = None if raw.data.startswith(b"%PDF-") else decode_input(raw)
            kind = self.options.kind or detect_kind(raw, text)
            if kind is SourceKind.ACLED_CSV:
                return _AcledInput(raw, text)
            return PreparedInput.read(raw.origin, self.read(raw, text, kind), raw.retrieved_at)
        except InputError as exc:
            return self.refuse(Rejection(raw.origin, str(exc).removeprefix(f"{raw.origin}: ")))
        except SQLAlchemyError:
            raise
        except Exception as exc:  # a reader's failure refuses this input, not the whole run
            log.debug("reading %s failed", raw.origin, exc_info=True)
            reason = f"could not be read ({type(exc).__name__}: {exc})"
            return self.refuse(Rejection(raw.origin, reason))

    def refuse(self, rejection: Rejection) -> PreparedInput:
        """An input refused as a whole, to be counted with its batch."""
        log.info("rejected %s", rejection.line())
        return PreparedInput.refused(rejection)

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
        listed = list(items)
        origin = listed[0].origin if listed else ""
        prepared = PreparedInput.read(origin, listed, retrieved_at or utcnow())
        return self._write([prepared], on_commit)[0].counts

    def reject(self, rejection: Rejection) -> IngestCounts:
        """Record an input refused before anything of it was stored."""
        return self._write([self.refuse(rejection)])[0].counts

    def finish(self) -> IngestReport:
        """Stamp the run finished and return its report."""
        with self.database.session() as session:
            run = session.get(IngestRun, self.run_id)
            if run is not None:
                run.finished_at = utcnow()
        return IngestReport(self.run_id, self.counts, self.document_ids)

    def _flush(self, batch: Batch, on_input: InputCallback | None) -> None:
        inputs = batch.take()
        if not inputs:
            return
        for prepared, written in zip(inputs, self._write_or_refuse(inputs), strict=True):
            if on_input is not None:
                on_input(prepared.origin, written.counts)

    def _write_or_refuse(self, inputs: list[PreparedInput]) -> list[Written]:
        """Write a batch; when it fails for a reason other than the store, input by input."""
        try:
            return self._write(inputs)
        except SQLAlchemyError:
            raise
        except Exception as exc:  # e.g. a reporter's identity that cannot be encrypted
            if len(inputs) > 1:
                return [written for one in inputs for written in self._write_or_refuse([one])]
            origin = inputs[0].origin
            log.debug("storing %s failed", origin, exc_info=True)
            reason = f"could not be read ({type(exc).__name__}: {exc})"
            return self._write([self.refuse(Rejection(origin, reason))])

    def _write(
        self, inputs: list[PreparedInput], on_commit: Callable[[Session], None] | None = None
    ) -> list[Written]:
        """Write ``inputs`` and the run's counts in one transaction."""
        with self.database.session() as session:
            written = self.writer.write(session, inputs)
            if on_commit is not None:
                on_commit(session)
            total = IngestCounts()
            for one in written:
                total.add(one.counts)
            self._record(session, total)
        self.writer.committed()
        self.counts.add(total)
        for one in written:
            self.document_ids.extend(one.document_ids)
        return written

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
        self.counts.add(counts)
        return counts

    def _record(self, session: Session, counts: IngestCounts) -> None:
        """Add a batch's counts to the run's row, in the batch's own transaction."""
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
        ingestor.ingest_inputs((item for source in sources for item in source.inputs()), on_input)
        return ingestor.finish()
    finally:
        if client is not None:
            client.close()
