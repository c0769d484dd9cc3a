"""Plain text, including text copies of web pages: furniture stripped, pieces separated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sentinelle.ingest.documents import RawDocument, RawInput, Rejection
from sentinelle.ingest.language import detect_language
from sentinelle.ingest.segmentation import Segment, segment_text
from sentinelle.store.enums import SourceKind

NO_TEXT = "no text left once navigation, widgets and credits are removed"


def read_text_page(raw: RawInput, text: str | None) -> Iterator[RawDocument | Rejection]:
    """One document per piece of the page."""
    if text is None:
        raise ValueError("the text reader needs decoded text")
    yield from documents_from_text(raw, text, SourceKind.TEXT)


def documents_from_text(
    raw: RawInput,
    text: str,
    kind: SourceKind,
    *,
    title: str | None = None,
    published_on: dt.date | None = None,
    author: str | None = None,
    url: str | None = None,
) -> Iterator[RawDocument | Rejection]:
    """Segment ``text`` and yield its pieces; metadata fills what a single piece lacks."""
    segments = segment_text(text, not_after=raw.retrieved_at.date())
    if not segments:
        yield Rejection(raw.origin, NO_TEXT)
        return
    single = len(segments) == 1
    for segment in segments:
        document = _document(raw, segment, kind)
        document.author, document.url = author, url
        if single or document.title is None:
            document.title = document.title or title
        fill = single or document.published_on is None
        if published_on is not None and fill and segment.date_from != "dateline":
            document.published_on = published_on
            document.meta["date_from"] = "metadata"
        yield document


def _document(raw: RawInput, segment: Segment, kind: SourceKind) -> RawDocument:
    meta = {
        key: value
        for key, value in (
            ("section", segment.label),
            ("caption", segment.caption),
            ("place", segment.place),
            ("date_from", segment.date_from),
        )
        if value
    }
    return RawDocument(
        text=segment.text,
        kind=kind,
        origin=raw.origin,
        title=segment.title,
        dateline=segment.dateline,
        published_on=segment.published_on,
        start_offset=segment.start,
        end_offset=segment.end,
        language=detect_language(segment.text),
        raw_hash=raw.raw_hash,
        meta=meta,
    )
