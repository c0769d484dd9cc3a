"""Fetching URLs with httpx: timeouts, a size cap and a content-type check."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import httpx

from sentinelle.errors import RejectedInput
from sentinelle.ingest.documents import RawInput

# Media types ingest can read; anything else (images, archives, video) is refused unread.
ACCEPTED_TYPES: Final = (
    "text/",
    "application/xhtml",
    "application/xml",
    "application/rss",
    "application/atom",
    "application/rdf",
    "application/pdf",
    "application/json",
    "application/csv",
)
USER_AGENT: Final = "Sentinelle/0.1 (early warning; +https://example.org/sentinelle)"


@dataclass(frozen=True)
class FetchOptions:
    """Limits on every request."""

    timeout_s: float = 20.0
    max_bytes: int = 20 * 1024 * 1024
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Fetched:
    """A response: its input (None when not modified) and its validators."""

    raw: RawInput | None
    status: int
    etag: str | None
    last_modified: str | None


def make_client(options: FetchOptions) -> httpx.Client:
    """An HTTP client with Sentinelle's timeouts and user agent."""
    return httpx.Client(
        timeout=options.timeout_s,
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
    )


def fetch(
    client: httpx.Client, url: str, options: FetchOptions, headers: dict[str, str] | None = None
) -> Fetched:
    """GET ``url`` within the limits; RejectedInput names the URL and the problem."""
    try:
        with client.stream("GET", url, headers=headers or {}) as response:
            if response.status_code == httpx.codes.NOT_MODIFIED:
                return Fetched(None, response.status_code, None, None)
            if response.status_code >= httpx.codes.BAD_REQUEST:
                raise RejectedInput(f"HTTP {response.status_code}", source=url)
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type and not content_type.startswith(ACCEPTED_TYPES):
                raise RejectedInput(f"unsupported content type {content_type}", source=url)
            data = _read_capped(response, url, options.max_bytes)
            return Fetched(
                RawInput(url, data, content_type or None),
                response.status_code,
                response.headers.get("etag"),
                response.headers.get("last-modified"),
            )
    except httpx.TimeoutException:
        raise RejectedInput(f"timed out after {options.timeout_s:g} s", source=url) from None
    except httpx.HTTPError as exc:
        raise RejectedInput(f"cannot fetch ({exc})", source=url) from None


def _read_capped(response: httpx.Response, url: str, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise RejectedInput(too_large(int(declared), max_bytes), source=url)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise RejectedInput(too_large(size, max_bytes), source=url)
        chunks.append(chunk)
    return b"".join(chunks)


def too_large(size: int, limit: int) -> str:
    """The rejection reason for an input over the size limit."""
    return (
        f"too large: {size:,} bytes or more, over the limit of {limit:,} bytes "
        "(setting max_document_bytes)"
    )
