"""Sources of raw inputs: files and directory trees, standard input, URLs."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Final

import httpx

from sentinelle.errors import RejectedInput
from sentinelle.ingest.documents import RawInput, Rejection, Source
from sentinelle.ingest.fetching import FetchOptions, fetch, too_large

STDIN: Final = "-"


@dataclass(frozen=True)
class FileSource:
    """One file, read whole within the size limit."""

    path: Path
    max_bytes: int

    def inputs(self) -> Iterator[RawInput | Rejection]:
        """The file's bytes, or why they cannot be read."""
        origin = str(self.path)
        try:
            size = self.path.stat().st_size
            if size > self.max_bytes:
                yield Rejection(origin, too_large(size, self.max_bytes))
                return
            yield RawInput(origin, self.path.read_bytes())
        except FileNotFoundError:
            yield Rejection(origin, "no such file or directory")
        except IsADirectoryError:
            yield Rejection(origin, "is a directory")
        except OSError as exc:
            yield Rejection(origin, f"cannot read ({exc.strerror or exc})")


@dataclass(frozen=True)
class StreamSource:
    """Standard input (``-``), read whole within the size limit."""

    stream: BinaryIO
    max_bytes: int
    origin: str = "stdin"

    def inputs(self) -> Iterator[RawInput | Rejection]:
        """The stream's bytes, or a rejection when over the limit."""
        data = self.stream.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            yield Rejection(self.origin, too_large(len(data), self.max_bytes))
            return
        yield RawInput(self.origin, data)


@dataclass(frozen=True)
class UrlSource:
    """A page, document or feed fetched over HTTP(S)."""

    url: str
    client: httpx.Client
    options: FetchOptions

    def inputs(self) -> Iterator[RawInput | Rejection]:
        """The response body, or why it was refused."""
        try:
            fetched = fetch(self.client, self.url, self.options)
        except RejectedInput as exc:
            yield Rejection(self.url, str(exc).removeprefix(f"{self.url}: "))
            return
        if fetched.raw is not None:
            yield fetched.raw


def is_url(target: str) -> bool:
    """True for http and https URLs."""
    return target.startswith(("http://", "https://"))


def expand_targets(
    targets: Sequence[str], client: httpx.Client | None, options: FetchOptions
) -> list[Source]:
    """One source per file (directories walked in name order), URL or ``-``."""
    sources: list[Source] = []
    for target in targets:
        if target == STDIN:
            sources.append(StreamSource(sys.stdin.buffer, options.max_bytes))
        elif is_url(target):
            if client is None:
                raise ValueError("a URL target needs an HTTP client")
            sources.append(UrlSource(target, client, options))
        elif Path(target).is_dir():
            files = sorted(p for p in Path(target).rglob("*") if p.is_file() and not _hidden(p))
            sources.extend(FileSource(path, options.max_bytes) for path in files)
        else:
            sources.append(FileSource(Path(target), options.max_bytes))
    return sources


def _hidden(path: Path) -> bool:
    return any(part.startswith(".") for part in path.parts[-1:])
