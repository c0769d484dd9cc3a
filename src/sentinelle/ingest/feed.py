"""RSS and Atom feeds (feedparser): each entry becomes a document."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, Final

from sentinelle.ingest.documents import RawDocument, RawInput, Rejection
from sentinelle.ingest.language import detect_language
from sentinelle.store.enums import SourceKind

BLOCK_TAGS: Final = frozenset({"p", "br", "div", "li", "h1", "h2", "h3", "h4", "tr", "blockquote"})
SKIPPED_TAGS: Final = frozenset({"script", "style"})


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed, with the key that identifies it across polls."""

    key: str
    document: RawDocument


def parse_feed(raw: RawInput, text: str) -> tuple[list[FeedItem], str | None]:
    """The entries of a feed and an error message when it is not a feed at all."""
    import feedparser

    parsed: Any = feedparser.parse(text)
    version = str(parsed.get("version") or "")
    if not parsed.entries and (parsed.bozo or not version):
        reason = parsed.get("bozo_exception") or "no entries"
        return [], f"not a valid RSS/Atom feed ({reason})"
    kind = SourceKind.ATOM if version.startswith("atom") else SourceKind.RSS
    feed_title = parsed.feed.get("title")
    items = [_item(raw, entry, kind, feed_title) for entry in parsed.entries]
    return [item for item in items if item is not None], None


def read_feed(raw: RawInput, text: str | None) -> Iterator[RawDocument | Rejection]:
    """Every entry of the feed as a document; an entry without text is rejected."""
    if text is None:
        raise ValueError("the feed reader needs decoded text")
    items, error = parse_feed(raw, text)
    if error:
        yield Rejection(raw.origin, error)
        return
    for item in items:
        yield item.document


def _item(raw: RawInput, entry: Any, kind: SourceKind, feed_title: str | None) -> FeedItem | None:
    body = _entry_text(entry)
    title = entry.get("title")
    text = body or title or ""
    if not text.strip():
        return None
    link = entry.get("link")
    key = entry.get("id") or link or hashlib.sha256(text.encode()).hexdigest()
    published = _when(entry.get("published_parsed") or entry.get("updated_parsed"))
    document = RawDocument(
        text=text,
        kind=kind,
        origin=link or f"{raw.origin}#{key}",
        title=title,
        author=entry.get("author"),
        published_at=published,
        published_on=published.date() if published else None,
        url=link,
        language=detect_language(text),
        raw_hash=hashlib.sha256(f"{key}\n{title}\n{body}".encode()).hexdigest(),
        meta={"feed": raw.origin, "feed_title": feed_title, "entry_id": key},
    )
    return FeedItem(key, document)


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    html = contents[0].get("value") if contents else entry.get("summary", "")
    return html_to_text(html or "")


def html_to_text(html: str) -> str:
    """Paragraph text of an HTML fragment (entries carry markup)."""
    if "<" not in html:
        return html.strip()
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n\n".join(line for line in lines if line)


class _TextParser(HTMLParser):
    """Collects text, with a line break at each block element; scripts and styles dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self._skip += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self._skip = max(self._skip - 1, 0)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _when(value: time.struct_time | None) -> dt.datetime | None:
    if value is None:
        return None
    return dt.datetime(*value[:6], tzinfo=dt.UTC)
