"""Feed entries carry a summary; with ``--follow-links`` their linked page replaces it."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

import httpx

from sentinelle.errors import RejectedInput
from sentinelle.ingest.decoding import decode_input
from sentinelle.ingest.documents import RawDocument, Rejection
from sentinelle.ingest.fetching import FetchOptions, fetch
from sentinelle.ingest.html_page import read_html_page

log = logging.getLogger(__name__)


def with_linked_pages(
    items: Iterable[RawDocument | Rejection], client: httpx.Client, options: FetchOptions
) -> Iterator[RawDocument | Rejection]:
    """Each entry with the main text of the page it links to, when that page can be read."""
    for item in items:
        if isinstance(item, RawDocument) and item.url and item.url.startswith("http"):
            yield _expand(item, client, options)
        else:
            yield item


def _expand(entry: RawDocument, client: httpx.Client, options: FetchOptions) -> RawDocument:
    url = entry.url or ""
    try:
        fetched = fetch(client, url, options)
        if fetched.raw is None:
            return entry
        text = decode_input(fetched.raw)
    except RejectedInput as exc:
        # The entry's own summary is still worth keeping; say why the page was not used.
        log.info("linked page not used: %s", exc)
        entry.meta["linked_page_error"] = str(exc)
        return entry
    pages = [doc for doc in read_html_page(fetched.raw, text) if isinstance(doc, RawDocument)]
    if not pages:
        entry.meta["linked_page_error"] = f"{url}: no main text"
        return entry
    page = max(pages, key=lambda doc: len(doc.text))
    entry.text, entry.language = page.text, page.language or entry.language
    entry.meta["linked_page"] = url
    return entry
