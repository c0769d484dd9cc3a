"""Saved or fetched web pages: trafilatura finds the main text and metadata, then segmentation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from sentinelle.ingest.documents import RawDocument, RawInput, Rejection
from sentinelle.ingest.text_page import documents_from_text
from sentinelle.store.enums import SourceKind


def read_html_page(raw: RawInput, text: str | None) -> Iterator[RawDocument | Rejection]:
    """The main text of the page, cut into pieces; offsets refer to the extracted text."""
    import trafilatura

    if text is None:
        raise ValueError("the HTML reader needs decoded text")
    extracted: Any = trafilatura.bare_extraction(
        text,
        url=raw.origin if raw.origin.startswith("http") else None,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
    )
    if extracted is None or not (extracted.text or "").strip():
        yield Rejection(raw.origin, "no main text found in the HTML page")
        return
    for document in documents_from_text(
        raw,
        extracted.text,
        SourceKind.HTML,
        title=extracted.title,
        published_on=_date(extracted.date),
        author=extracted.author,
        url=extracted.url,
    ):
        if isinstance(document, RawDocument):
            document.meta["offsets_in"] = "extracted text"
            if extracted.sitename:
                document.meta["site"] = extracted.sitename
        yield document


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
