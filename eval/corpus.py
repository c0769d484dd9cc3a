"""What every scorer of the gate returns, and the sha256 that pins a corpus to its floors."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CorpusScores:
    """One corpus's name, its identity (sha256) and its figures by metric (None: not defined)."""

    corpus: str
    sha256: str
    metrics: dict[str, float | None]


def file_hash(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
