"""What sources yield (raw inputs) and what readers make of them (raw documents, rejections)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from sentinelle.store.enums import SourceKind


def utcnow() -> dt.datetime:
    """The current time, aware, in UTC."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class RawInput:
    """The bytes of one input (a file, a URL's body, stdin) and where they came from."""

    origin: str
    data: bytes
    content_type: str | None = None
    retrieved_at: dt.datetime = field(default_factory=utcnow)

    @property
    def raw_hash(self) -> str:
        """SHA-256 of the bytes exactly as received."""
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class RawDocument:
    """One piece of text found in an input, with what is known of its title, date and place."""

    text: str
    kind: SourceKind
    origin: str
    title: str | None = None
    author: str | None = None
    reporter: str | None = None  # a field monitor's identity: stored only encrypted
    dateline: str | None = None
    published_on: dt.date | None = None
    published_at: dt.datetime | None = None
    url: str | None = None
    start_offset: int | None = None
    end_offset: int | None = None
    language: str | None = None
    raw_hash: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rejection:
    """An input (or a row of one) refused, with the reason a user can act on."""

    origin: str
    reason: str

    def line(self) -> str:
        """One line naming the input and the problem."""
        return f"{self.origin}: {self.reason}"


class Source(Protocol):
    """Anything that yields raw inputs: files, directories, stdin, URLs, feeds."""

    def inputs(self) -> Iterator[RawInput | Rejection]:
        """Yield each input's bytes, or a rejection when it cannot be read."""
        ...
