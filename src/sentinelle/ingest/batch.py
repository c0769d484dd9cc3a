"""Writing a batch of inputs in one transaction: bulk look-ups and bulk inserts.

Inputs are read and fingerprinted before the transaction opens; the batch's documents,
sightings, LSH bands and counts are then committed together or not at all. Duplicates are
found among the stored documents and among the batch's earlier ones alike, so a batch
stores what the same inputs written one at a time would have stored.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final, cast
from urllib.parse import urlsplit

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from sentinelle.ingest.counts import IngestCounts, Outcome
from sentinelle.ingest.dedup import (
    Fingerprint,
    Pending,
    StoryIndex,
    StoryRef,
    fingerprint_normalised,
    hash_normalised,
    normalise,
    remember,
    stored_by_hash,
    stored_sightings,
)
from sentinelle.ingest.documents import RawDocument, Rejection, utcnow
from sentinelle.ingest.sources import is_url
from sentinelle.store.identities import IdentityVault
from sentinelle.store.models import Document, Sighting
from sentinelle.store.models import Source as SourceRow

log = logging.getLogger(__name__)

MAX_BATCH_INPUTS: Final = 64  # past ~50 inputs a commit costs little per input; more gains nothing
MAX_BATCH_CHARS: Final = 8_000_000  # text held before writing: memory stays bounded
MAX_BATCH_SECONDS: Final = 0.5  # a crash loses at most this much reading; progress stays live
SIGHTINGS: Final = cast(Table, Sighting.__table__)
DOCUMENTS: Final = cast(Table, Document.__table__)
# Stories pointing at a document of the same batch are set once its id is known.
SET_STORY: Final = (
    update(DOCUMENTS)
    .where(DOCUMENTS.c.id == bindparam("document"))
    .values(story_id=bindparam("story"))
)


@dataclass
class PreparedDocument:
    """A document read, with its content hash and MinHash fingerprint computed."""

    item: RawDocument
    digest: str
    raw_hash: str
    print_: Fingerprint

    @classmethod
    def of(cls, item: RawDocument) -> PreparedDocument:
        """Hash and fingerprint ``item`` (normalising its text once for both)."""
        normalised = normalise(item.text)
        digest = hash_normalised(normalised)
        return cls(item, digest, item.raw_hash or digest, fingerprint_normalised(normalised))


@dataclass
class PreparedInput:
    """One input read: its documents and rejections, ready to be written."""

    origin: str
    retrieved_at: dt.datetime
    documents: list[PreparedDocument] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)

    @classmethod
    def read(
        cls, origin: str, items: Iterable[RawDocument | Rejection], retrieved_at: dt.datetime
    ) -> PreparedInput:
        """Read every item of one input (a reader's failure raises before anything is written)."""
        prepared = cls(origin, retrieved_at)
        for item in items:
            if isinstance(item, Rejection):
                prepared.rejections.append(item)
            else:
                prepared.documents.append(PreparedDocument.of(item))
        return prepared

    @classmethod
    def refused(cls, rejection: Rejection) -> PreparedInput:
        """An input refused as a whole."""
        return cls(rejection.origin, utcnow(), rejections=[rejection])

    @property
    def chars(self) -> int:
        """Characters of text held."""
        return sum(len(document.item.text) for document in self.documents)


@dataclass
class Batch:
    """Inputs waiting to be written together, up to a count, a size or an age."""

    inputs: list[PreparedInput] = field(default_factory=list)
    chars: int = 0
    started: float = 0.0

    def add(self, prepared: PreparedInput) -> None:
        """Queue one input."""
        if not self.inputs:
            self.started = time.monotonic()
        self.inputs.append(prepared)
        self.chars += prepared.chars

    def full(self) -> bool:
        """True when the batch should be written now."""
        return (
            len(self.inputs) >= MAX_BATCH_INPUTS
            or self.chars >= MAX_BATCH_CHARS
            or time.monotonic() - self.started >= MAX_BATCH_SECONDS
        )

    def take(self) -> list[PreparedInput]:
        """The queued inputs, leaving the batch empty."""
        inputs, self.inputs, self.chars = self.inputs, [], 0
        return inputs


@dataclass
class Written:
    """What writing one input did: its counts and the ids of the documents it stored."""

    counts: IngestCounts
    document_ids: list[int]


@dataclass
class _Plan:
    """The rows a batch will insert, with references to its own documents still pending."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    prints: list[Fingerprint] = field(default_factory=list)
    reporters: list[tuple[Pending, str]] = field(default_factory=list)
    late_stories: list[tuple[Pending, Pending]] = field(default_factory=list)
    sightings: list[tuple[StoryRef, str, str]] = field(default_factory=list)
    stored: list[list[Pending]] = field(default_factory=list)


class BatchWriter:
    """Writes batches of prepared inputs for one ingest run."""

    def __init__(self, run_id: int, threshold: float, reporter_key: str | None) -> None:
        self.run_id = run_id
        self.threshold = threshold
        self.reporter_key = reporter_key
        self.sources: dict[tuple[str, str], int] = {}  # committed source rows only
        self._new_sources: dict[tuple[str, str], int] = {}
        self._warned_reporters = False

    def write(self, session: Session, inputs: list[PreparedInput]) -> list[Written]:
        """Store the inputs' documents, sightings and bands in ``session``'s transaction."""
        self._new_sources = {}
        documents = [document for prepared in inputs for document in prepared.documents]
        stored = stored_by_hash(session, {document.digest for document in documents})
        seen: set[tuple[StoryRef, str, str]] = set(stored_sightings(session, set(stored.values())))
        fresh = [document.print_ for document in documents if document.digest not in stored]
        index = StoryIndex.load(session, fresh, self.threshold)
        plan, counts = _Plan(), []
        batch_hashes: dict[str, Pending] = {}
        for prepared in inputs:
            counted, kept = IngestCounts(), []
            for rejection in prepared.rejections:
                counted.reject(rejection)
            for document in prepared.documents:
                item = document.item
                target: StoryRef | None = stored.get(document.digest)
                if target is None:
                    target = batch_hashes.get(document.digest)
                if target is not None:
                    counted.count(Outcome.DUPLICATE)
                    sighting = (target, item.origin, document.raw_hash)
                    if sighting not in seen:
                        seen.add(sighting)
                        plan.sightings.append(sighting)
                    continue
                position = Pending(len(plan.rows))
                story = index.find(document.print_)
                index.add(document.print_, position, story[0] if story else None)
                batch_hashes[document.digest] = position
                self._plan_document(session, plan, document, prepared.retrieved_at, story)
                seen.add((position, item.origin, document.raw_hash))
                plan.sightings.append((position, item.origin, document.raw_hash))
                counted.count(Outcome.NEAR_DUPLICATE if story else Outcome.NEW)
                kept.append(position)
            counts.append(counted)
            plan.stored.append(kept)
        ids = self._insert(session, plan)
        return [
            Written(counted, [_resolve(ids, ref) for ref in kept])
            for counted, kept in zip(counts, plan.stored, strict=True)
        ]

    def committed(self) -> None:
        """The batch's transaction committed: the source rows it created may be reused."""
        self.sources.update(self._new_sources)
        self._new_sources = {}

    def _plan_document(
        self,
        session: Session,
        plan: _Plan,
        document: PreparedDocument,
        retrieved_at: dt.datetime,
        story: tuple[StoryRef, float] | None,
    ) -> None:
        item, position = document.item, Pending(len(plan.rows))
        story_ref = story[0] if story else None
        if isinstance(story_ref, Pending):
            plan.late_stories.append((position, story_ref))
        plan.rows.append(
            {
                "source_id": self._source_id(session, item),
                "ingest_run_id": self.run_id,
                "kind": item.kind.value,
                "origin": item.origin,
                "retrieved_at": retrieved_at,
                "content_hash": document.digest,
                "raw_hash": document.raw_hash,
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
                "story_id": story_ref if isinstance(story_ref, int) else None,
                "similarity": story[1] if story else None,
                "meta": item.meta,
            }
        )
        plan.prints.append(document.print_)
        if item.reporter:
            plan.reporters.append((position, item.reporter))

    def _insert(self, session: Session, plan: _Plan) -> list[int]:
        """Insert the planned rows in bulk; returns the new documents' ids in batch order."""
        ids: list[int] = []
        if plan.rows:
            statement = insert(DOCUMENTS).returning(DOCUMENTS.c.id, sort_by_parameter_order=True)
            ids = list(session.execute(statement, plan.rows).scalars())
        if plan.late_stories:
            session.execute(
                SET_STORY,
                [
                    {"document": ids[doc.index], "story": ids[story.index]}
                    for doc, story in plan.late_stories
                ],
            )
        remember(session, list(zip(ids, plan.prints, strict=True)))
        for position, reporter in plan.reporters:
            self._keep_reporter(session, ids[position.index], reporter)
        if plan.sightings:
            session.execute(
                insert(SIGHTINGS),
                [
                    {
                        "document_id": _resolve(ids, target),
                        "ingest_run_id": self.run_id,
                        "origin": origin,
                        "raw_hash": raw_hash,
                    }
                    for target, origin, raw_hash in plan.sightings
                ],
            )
        return ids

    def _keep_reporter(self, session: Session, document_id: int, reporter: str) -> None:
        """Encrypt a field reporter's identity, or drop it when no key is configured."""
        if self.reporter_key is None:
            if not self._warned_reporters:
                log.warning(
                    "field reporters' identities were discarded: set SENTINELLE_REPORTER_KEY "
                    "to keep them encrypted"
                )
                self._warned_reporters = True
            return
        IdentityVault.from_key_text(self.reporter_key).store(session, document_id, reporter)

    def _source_id(self, session: Session, item: RawDocument) -> int:
        key = (item.kind.value, source_origin(item))
        cached = self.sources.get(key) or self._new_sources.get(key)
        if cached is not None:
            return cached
        kind, origin = key
        found = session.scalar(
            select(SourceRow.id).where(SourceRow.kind == kind, SourceRow.origin == origin)
        )
        if found is None:
            row = SourceRow(kind=kind, origin=origin, name=origin.rsplit("/", 1)[-1] or origin)
            session.add(row)
            session.flush()
            found = row.id
        self._new_sources[key] = found  # kept for good only once the batch commits
        return found


def _resolve(ids: list[int], ref: StoryRef) -> int:
    return ids[ref.index] if isinstance(ref, Pending) else ref


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
    return os.path.dirname(os.path.realpath(origin))  # Path.resolve().parent, without the objects
