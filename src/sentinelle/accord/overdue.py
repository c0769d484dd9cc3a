"""Overdue commitments: past their deadline on a date and not fully implemented."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from sentinelle.accord.matrix import CommitmentStatus, list_commitments
from sentinelle.accord.register import find_agreement


@dataclass(frozen=True)
class OverdueCommitment:
    """An overdue commitment with the names of the parties responsible for it."""

    status: CommitmentStatus
    responsible_names: tuple[str, ...]

    def as_record(self) -> dict[str, Any]:
        """A flat mapping for the overdue report."""
        return self.status.as_record() | {"responsible_names": "; ".join(self.responsible_names)}


def find_overdue(
    session: Session, on: dt.date, *, agreement: str | None = None
) -> list[OverdueCommitment]:
    """Commitments overdue on ``on``, most overdue first."""
    found = find_agreement(session, agreement)
    names = {party.code: party.name for party in found.parties}
    rows = [row for row in list_commitments(session, on, agreement=found.code) if row.overdue]
    rows.sort(key=lambda row: (-row.days_overdue, row.code))
    return [
        OverdueCommitment(row, tuple(names.get(code, code) for code in row.responsible))
        for row in rows
    ]
