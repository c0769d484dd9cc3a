"""What an input or a run did: documents read, new, duplicate, near-duplicate, rejected."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Final

from sentinelle.ingest.documents import Rejection

MAX_REJECTIONS_KEPT: Final = 1000  # reasons kept on the run row; the count is always exact


class Outcome(enum.StrEnum):
    """What became of one document read."""

    NEW = "new"
    DUPLICATE = "duplicate"
    NEAR_DUPLICATE = "near_duplicate"


@dataclass
class IngestCounts:
    """Counts of one input or a whole run."""

    read: int = 0
    new: int = 0
    duplicate: int = 0
    near_duplicate: int = 0
    rejected: int = 0
    rejections: list[str] = field(default_factory=list)

    def add(self, other: IngestCounts) -> None:
        """Add another input's counts to these."""
        self.read += other.read
        self.new += other.new
        self.duplicate += other.duplicate
        self.near_duplicate += other.near_duplicate
        self.rejected += other.rejected
        room = MAX_REJECTIONS_KEPT - len(self.rejections)
        self.rejections.extend(other.rejections[: max(room, 0)])

    def reject(self, rejection: Rejection) -> None:
        """Count a rejected input or row."""
        self.rejected += 1
        self.rejections.append(rejection.line())

    def count(self, outcome: Outcome) -> None:
        """Count one document read and what became of it."""
        self.read += 1
        setattr(self, outcome.value, getattr(self, outcome.value) + 1)
