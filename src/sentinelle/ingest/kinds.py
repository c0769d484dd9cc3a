"""The registry of source kinds: each kind's reader, by name, and detection from content."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from typing import Final

from sentinelle.errors import InputError
from sentinelle.ingest.acled_csv import is_acled_header
from sentinelle.ingest.documents import RawDocument, RawInput, Rejection
from sentinelle.ingest.feed import read_feed
from sentinelle.ingest.field_report import is_field_report_header, read_field_csv, read_field_json
from sentinelle.ingest.html_page import read_html_page
from sentinelle.ingest.pdf import read_pdf
from sentinelle.ingest.text_page import read_text_page
from sentinelle.store.enums import SourceKind

Reader = Callable[[RawInput, str | None], Iterator[RawDocument | Rejection]]

# Readers by kind; ACLED exports become events, so the run handles them itself.
READERS: dict[SourceKind, Reader] = {
    SourceKind.TEXT: read_text_page,
    SourceKind.HTML: read_html_page,
    SourceKind.PDF: read_pdf,
    SourceKind.RSS: read_feed,
    SourceKind.ATOM: read_feed,
    SourceKind.FIELD_CSV: read_field_csv,
    SourceKind.FIELD_JSON: read_field_json,
}
HEAD_CHARS: Final = 2048  # detection looks at the opening of the input only
FEED_ROOT: Final = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
HTML_ROOT: Final = re.compile(r"<(?:!doctype html|html|head|body)\b", re.IGNORECASE)
KIND_ALIASES: Final = {"csv": SourceKind.FIELD_CSV, "json": SourceKind.FIELD_JSON}


def register_reader(kind: SourceKind, reader: Reader) -> None:
    """Add or replace the reader of a kind (how an extension adds a source kind)."""
    READERS[kind] = reader


def parse_kind(name: str) -> SourceKind:
    """The kind named on the command line (``--kind``)."""
    try:
        return KIND_ALIASES.get(name) or SourceKind(name)
    except ValueError:
        choices = ", ".join(kind.value for kind in SourceKind)
        raise InputError(
            f"unknown kind {name!r}; choose one of {choices}", field="--kind"
        ) from None


def detect_kind(raw: RawInput, text: str | None) -> SourceKind:
    """The kind of an input, from its content (and content type), never from its name alone."""
    if raw.data.startswith(b"%PDF-") or (raw.content_type or "").endswith("/pdf"):
        return SourceKind.PDF
    if text is None:
        return SourceKind.TEXT
    head = text[:HEAD_CHARS].lstrip("\ufeff \t\n")
    if head.startswith("<"):
        if FEED_ROOT.search(head):
            return SourceKind.ATOM if "<feed" in head.lower() else SourceKind.RSS
        if HTML_ROOT.search(head) or head.lower().startswith("<!doctype"):
            return SourceKind.HTML
    if head.startswith(("{", "[")):
        return SourceKind.FIELD_JSON
    header = _csv_header(head)
    if header:
        if is_acled_header(header):
            return SourceKind.ACLED_CSV
        if is_field_report_header(header):
            return SourceKind.FIELD_CSV
    if "<p>" in head.lower() or "</div>" in head.lower():
        return SourceKind.HTML
    return SourceKind.TEXT


def _csv_header(head: str) -> list[str] | None:
    first = head.split("\n", 1)[0]
    if first.count(",") < 2 and first.count(";") < 2:
        return None
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return next(csv.reader(io.StringIO(first), delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None
