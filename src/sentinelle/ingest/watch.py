"""Watching feeds: poll, ingest only new entries, remember validators and entry ids in the store.

A feed's ETag and Last-Modified make unchanged polls cheap (304); entry ids already ingested
are skipped. The entries and their "seen" marks are committed together, so a watcher killed
mid-poll and restarted ingests each entry exactly once.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from typing import Final

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from sentinelle.errors import InputError, RejectedInput
from sentinelle.ingest.counts import IngestCounts
from sentinelle.ingest.decoding import decode_input
from sentinelle.ingest.documents import Rejection, utcnow
from sentinelle.ingest.feed import FeedItem, parse_feed
from sentinelle.ingest.fetching import fetch, make_client
from sentinelle.ingest.run import IngestOptions, Ingestor
from sentinelle.store import Database
from sentinelle.store.models import FeedEntry, FeedState

log = logging.getLogger(__name__)

INTERVAL: Final = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$", re.IGNORECASE)
UNIT_SECONDS: Final = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_INTERVAL_S: Final = 1.0  # polling faster than this would only hammer the publisher
MAX_KEY_CHARS: Final = 2048  # the width of feed_entries.entry_key

PollCallback = Callable[[str, IngestCounts], None]


def parse_interval(text: str) -> float:
    """Seconds in an interval written 30s, 15m, 1h or 1d (bare numbers are seconds)."""
    match = INTERVAL.match(text)
    if match is None:
        raise InputError(f"not an interval: {text!r} (write e.g. 30s, 15m, 1h)", field="--every")
    seconds = float(match[1]) * UNIT_SECONDS[(match[2] or "s").lower()]
    if seconds < MIN_INTERVAL_S:
        raise InputError(f"interval {text!r} is under one second", field="--every")
    return seconds


def watch_feeds(
    database: Database,
    feeds: Sequence[str],
    options: IngestOptions,
    interval_s: float,
    *,
    once: bool = False,
    on_poll: PollCallback | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Poll every feed each ``interval_s`` (once with ``once``); returns how many were rejected."""
    rejected = 0
    with make_client(options.fetch) as client:
        while True:
            ingestor = Ingestor(database, options, ["watch", *feeds], client)
            for url in feeds:
                counts = poll_feed(ingestor, client, url)
                rejected += counts.rejected
                if on_poll is not None:
                    on_poll(url, counts)
            ingestor.finish()
            if once:
                return rejected
            sleep(interval_s)


def poll_feed(ingestor: Ingestor, client: httpx.Client, url: str) -> IngestCounts:
    """Fetch one feed if changed and store its entries not seen before."""
    database = ingestor.database
    state_id, headers = _state(database, url)
    try:
        fetched = fetch(client, url, ingestor.options.fetch, headers)
        if fetched.raw is None:
            _mark_polled(database, state_id, fetched.status)
            return IngestCounts()
        text = decode_input(fetched.raw)
    except RejectedInput as exc:
        return ingestor.reject(Rejection(url, str(exc).removeprefix(f"{url}: ")))
    items, error = parse_feed(fetched.raw, text)
    if error:
        return ingestor.reject(Rejection(url, error))
    seen = _seen(database, state_id)
    fresh = _fresh(items, seen)

    def mark(session: Session) -> None:
        session.add_all(FeedEntry(feed_id=state_id, entry_key=key) for key in fresh)
        state = session.get(FeedState, state_id)
        if state is not None:
            state.etag, state.last_modified = fetched.etag, fetched.last_modified
            state.last_polled_at, state.last_status = utcnow(), fetched.status

    documents = ingestor.expand([item.document for item in fresh.values()])
    return ingestor.store_documents(documents, on_commit=mark)


def _fresh(items: list[FeedItem], seen: set[str]) -> dict[str, FeedItem]:
    fresh: dict[str, FeedItem] = {}
    for item in items:
        key = item.key[:MAX_KEY_CHARS]
        if key not in seen and key not in fresh:
            fresh[key] = item
    return fresh


def _state(database: Database, url: str) -> tuple[int, dict[str, str]]:
    with database.session() as session:
        state = session.scalar(select(FeedState).where(FeedState.url == url))
        if state is None:
            state = FeedState(url=url)
            session.add(state)
            session.flush()
        headers = {}
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
        return state.id, headers


def _seen(database: Database, state_id: int) -> set[str]:
    with database.session() as session:
        return set(
            session.scalars(select(FeedEntry.entry_key).where(FeedEntry.feed_id == state_id))
        )


def _mark_polled(database: Database, state_id: int, status: int) -> None:
    with database.session() as session:
        state = session.get(FeedState, state_id)
        if state is not None:
            state.last_polled_at, state.last_status = utcnow(), status
    log.debug("feed %s unchanged (HTTP %s)", state_id, status)
