"""PDF briefings and reports: pypdf extracts the text layer, then segmentation."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

from sentinelle.ingest.documents import RawDocument, RawInput, Rejection
from sentinelle.ingest.text_page import documents_from_text
from sentinelle.store.enums import SourceKind


def read_pdf(raw: RawInput, text: str | None) -> Iterator[RawDocument | Rejection]:
    """The text of every page; a scanned PDF without a text layer is rejected."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw.data))
        if reader.is_encrypted:
            yield Rejection(raw.origin, "encrypted PDF: cannot read its text")
            return
        pages = [page.extract_text() or "" for page in reader.pages]
        info: Any = reader.metadata
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        yield Rejection(raw.origin, f"not a readable PDF ({exc})")
        return
    content = "\n".join(pages)
    if not content.strip():
        yield Rejection(raw.origin, "PDF has no text layer (a scan?): nothing to read")
        return
    title = str(info.title) if info is not None and info.title else None
    created = _date(info)
    for document in documents_from_text(raw, content, SourceKind.PDF, title=title):
        if isinstance(document, RawDocument):
            document.meta.update({"pages": len(pages), "offsets_in": "extracted text"})
            if document.published_on is None and created is not None:
                # The file's creation date only when the text itself gives none.
                document.published_on = created
                document.meta["date_from"] = "PDF creation date"
        yield document


def _date(info: Any) -> dt.date | None:
    try:
        created = info.creation_date if info is not None else None
    except (ValueError, TypeError):
        return None
    return created.date() if isinstance(created, dt.datetime) else None
