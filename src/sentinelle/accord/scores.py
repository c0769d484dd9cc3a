"""Implementation scores, the Peace Accords Matrix way: points earned over points possible.

Each commitment earns its level (0-3) and could earn 3; a group's score is the sum of its
levels over three times its number of commitments. Groups: overall, each theme, each
responsible party (a commitment counts for every party responsible for it), and each
admin1 region it names (commitments naming no region are grouped as ``national``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from sentinelle.accord.matrix import CommitmentStatus, describe, load_commitments
from sentinelle.accord.register import find_agreement
from sentinelle.accord.schema import ImplementationStatus
from sentinelle.accord.status import change_dates, levels_by_commitment

MAX_LEVEL = int(ImplementationStatus.FULL)
NATIONAL = "national"
DIMENSIONS = ("overall", "theme", "party", "region")
# admin1 p-codes are the country's two letters and two digits (ML08); admin2 add two more.
ADMIN1_PCODE_LENGTH = 4


@dataclass(frozen=True)
class Score:
    """One group's implementation score on a date."""

    on: dt.date
    dimension: str
    key: str
    commitments: int
    points: int

    @property
    def max_points(self) -> int:
        """What the group would score fully implemented."""
        return self.commitments * MAX_LEVEL

    @property
    def share(self) -> float:
        """Points over the maximum, 0.0 to 1.0 (0.0 for an empty group)."""
        return self.points / self.max_points if self.max_points else 0.0

    def as_record(self) -> dict[str, Any]:
        """A flat mapping for tables, JSON lines and the API."""
        return {
            "on": self.on,
            "dimension": self.dimension,
            "key": self.key,
            "commitments": self.commitments,
            "points": self.points,
            "max_points": self.max_points,
            "score": round(self.share, 4),
            "percent": f"{100 * self.share:.1f}%",
        }


def score_rows(rows: Iterable[CommitmentStatus], on: dt.date) -> list[Score]:
    """Scores of every group for matrix rows all taken on the same date."""
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])

    def add(dimension: str, key: str, level: int) -> None:
        total = totals[(dimension, key)]
        total[0] += 1
        total[1] += level

    for row in rows:
        level = int(row.level)
        add("overall", "all", level)
        add("theme", row.theme.value, level)
        for party in row.responsible:
            add("party", party, level)
        regions = {region[:ADMIN1_PCODE_LENGTH] for region in row.regions} or {NATIONAL}
        for region in sorted(regions):
            add("region", region, level)
    order = {dimension: index for index, dimension in enumerate(DIMENSIONS)}
    return sorted(
        (
            Score(on, dimension, key, count, points)
            for (dimension, key), (count, points) in totals.items()
        ),
        key=lambda score: (order[score.dimension], score.key),
    )


def compute_scores(session: Session, on: dt.date, *, agreement: str | None = None) -> list[Score]:
    """Every group's score on ``on``."""
    return score_series(session, [on], agreement=agreement)


def score_series(
    session: Session, dates: Sequence[dt.date], *, agreement: str | None = None
) -> list[Score]:
    """Every group's score on each date, for charts of implementation over time."""
    found = find_agreement(session, agreement)
    commitments = load_commitments(session, found)
    levels = levels_by_commitment(session, commitments, dates)
    scores: list[Score] = []
    for day in dates:
        rows = [describe(c, found, day, levels[day][c.id]) for c in commitments]
        scores.extend(score_rows(rows, day))
    return scores


def timeline_dates(session: Session, *, agreement: str | None = None) -> list[dt.date]:
    """Signature, entry into force and every date a level changed: where the curve can move."""
    found = find_agreement(session, agreement)
    dates = {found.first_signed_on, *change_dates(session, found)}
    if found.entry_into_force is not None:
        dates.add(found.entry_into_force)
    return sorted(dates)
