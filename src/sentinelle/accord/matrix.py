"""The implementation matrix: every commitment with its status on a date, filterable.

This is what the CLI's ``accord status``, the report and the web dashboard list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from sentinelle.accord.register import RESPONSIBLE, find_agreement
from sentinelle.accord.schema import CommitmentKind, ImplementationStatus, Theme
from sentinelle.accord.status import changes_in_effect, deadline_of
from sentinelle.store.models import Agreement, Commitment, CommitmentParty, Provision


@dataclass(frozen=True)
class CommitmentStatus:
    """A commitment and where it stood on a date."""

    agreement: str
    code: str
    title: str
    provision: str
    theme: Theme
    kind: CommitmentKind
    responsible: tuple[str, ...]
    concerned: tuple[str, ...]
    regions: tuple[str, ...]
    indicators: tuple[str, ...]
    budget_line: str | None
    deadline: dt.date | None
    on: dt.date
    level: ImplementationStatus
    since: dt.date | None = None
    source: str | None = None

    @property
    def overdue(self) -> bool:
        """Past its deadline on ``on`` and not fully implemented."""
        return (
            self.deadline is not None
            and self.deadline < self.on
            and self.level < ImplementationStatus.FULL
        )

    @property
    def days_overdue(self) -> int:
        """Days since the deadline passed (0 when not overdue)."""
        return (self.on - self.deadline).days if self.overdue and self.deadline else 0

    def as_record(self) -> dict[str, Any]:
        """A flat mapping for tables, JSON lines and the API."""
        return {
            "agreement": self.agreement,
            "commitment": self.code,
            "title": self.title,
            "provision": self.provision,
            "theme": self.theme.value,
            "kind": self.kind.value,
            "responsible": ", ".join(self.responsible),
            "concerned": ", ".join(self.concerned),
            "regions": ", ".join(self.regions),
            "indicators": list(self.indicators),
            "budget_line": self.budget_line,
            "deadline": self.deadline,
            "on": self.on,
            "level": int(self.level),
            "status": self.level.label,
            "since": self.since,
            "source": self.source,
            "overdue": self.overdue,
            "days_overdue": self.days_overdue,
        }


def load_commitments(session: Session, agreement: Agreement) -> list[Commitment]:
    """The agreement's commitments in file order, with their provision and parties loaded."""
    return list(
        session.scalars(
            select(Commitment)
            .join(Provision, Provision.id == Commitment.provision_id)
            .where(Commitment.agreement_id == agreement.id)
            .options(
                selectinload(Commitment.provision),
                selectinload(Commitment.parties).selectinload(CommitmentParty.party),
            )
            .order_by(Provision.position, Commitment.position)
        )
    )


def describe(
    commitment: Commitment, agreement: Agreement, on: dt.date, level: ImplementationStatus
) -> CommitmentStatus:
    """A commitment's row of the matrix, given its level on ``on``."""
    by_role: dict[str, list[str]] = {}
    for link in commitment.parties:
        by_role.setdefault(link.role, []).append(link.party.code)
    return CommitmentStatus(
        agreement=agreement.code,
        code=commitment.code,
        title=commitment.title,
        provision=commitment.provision.code,
        theme=Theme(commitment.provision.theme),
        kind=CommitmentKind(commitment.kind),
        responsible=tuple(sorted(by_role.get(RESPONSIBLE, []))),
        concerned=tuple(sorted(by_role.get("concerned", []))),
        regions=tuple(commitment.regions),
        indicators=tuple(commitment.indicators),
        budget_line=commitment.budget_line,
        deadline=deadline_of(commitment, agreement),
        on=on,
        level=level,
    )


def list_commitments(
    session: Session,
    on: dt.date,
    *,
    agreement: str | None = None,
    party: str | None = None,
    region: str | None = None,
    theme: Theme | None = None,
) -> list[CommitmentStatus]:
    """Every commitment with its status on ``on``, filtered by responsible party, region, theme.

    A region filter keeps commitments that name that unit, or a unit inside or around it;
    commitments of national scope (no region) are left out of a region's list.
    """
    found = find_agreement(session, agreement)
    commitments = load_commitments(session, found)
    changes = changes_in_effect(session, [c.id for c in commitments], on)
    rows = []
    for commitment in commitments:
        change = changes[commitment.id]
        if change is None:
            rows.append(describe(commitment, found, on, ImplementationStatus.NOT_INITIATED))
            continue
        row = describe(commitment, found, on, ImplementationStatus(change.level))
        rows.append(replace(row, since=change.on_date, source=change.source))
    return [row for row in rows if _keep(row, party, region, theme)]


def _keep(
    row: CommitmentStatus, party: str | None, region: str | None, theme: Theme | None
) -> bool:
    if party is not None and party not in row.responsible:
        return False
    if theme is not None and row.theme is not theme:
        return False
    return region is None or any(
        listed.startswith(region) or region.startswith(listed) for listed in row.regions
    )
