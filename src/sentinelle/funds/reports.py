"""Who gets what, in the open: flows per region and community, per capita, speed, and gaps.

Amounts come from the flow tables, leaving out every flow whose journal entry was reversed,
so a report always agrees with the ledger. Amounts stay in their own currency: a row is one
(place, currency); nothing is converted behind the reader's back.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from sentinelle.errors import InputError
from sentinelle.funds.concurrency import transact
from sentinelle.funds.ledger import reversed_entry_ids
from sentinelle.funds.money import CURRENCY_EXPONENTS
from sentinelle.store import Database, admin1_regions
from sentinelle.store.models.funds import (
    FundCommitment,
    FundDisbursement,
    FundExpenditure,
    FundPledge,
    FundProject,
)

POPULATION_FILE = Path(__file__).with_name("data") / "population_regions.csv"
# Row key of pledges not earmarked to any region: they fund the mechanism as a whole.
FUND_WIDE = "(fund-wide)"


class ReportLevel(enum.StrEnum):
    """What a report row is about."""

    REGION = "region"
    COMMUNITY = "community"


@dataclass(frozen=True)
class Population:
    """How many people live in a place, and who says so."""

    count: int
    source: str


@dataclass
class AllocationRow:
    """Money to one region or community in one currency, in minor units."""

    level: ReportLevel
    key: str
    name: str
    currency: str
    pledged: int = 0
    committed: int = 0
    disbursed: int = 0
    spent: int = 0
    projects: set[str] = field(default_factory=set)
    days_to_disburse: list[int] = field(default_factory=list)
    population: Population | None = None

    def per_capita(self, amount: int) -> str | None:
        """``amount`` per inhabitant in major units (2 decimals), when the population is known."""
        if self.population is None or self.population.count <= 0:
            return None
        exact = Fraction(amount, 10 ** CURRENCY_EXPONENTS[self.currency]) / self.population.count
        cents = round(exact * 100)
        return f"{cents // 100}.{cents % 100:02d}"

    def as_record(self) -> dict[str, object]:
        """A flat record for tables, CSV and JSON."""
        days = self.days_to_disburse
        return {
            "level": self.level.value,
            "key": self.key,
            "name": self.name,
            "currency": self.currency,
            "pledged": self.pledged,
            "committed": self.committed,
            "disbursed": self.disbursed,
            "spent": self.spent,
            "projects": len(self.projects),
            "population": self.population.count if self.population else None,
            "disbursed_per_capita": self.per_capita(self.disbursed),
            "median_days_pledge_to_disbursement": statistics.median(days) if days else None,
            "population_source": self.population.source if self.population else None,
        }


REPORT_COLUMNS = (
    "level", "key", "name", "currency", "pledged", "committed", "disbursed", "spent",
    "projects", "population", "disbursed_per_capita", "median_days_pledge_to_disbursement",
    "population_source",
)  # fmt: skip


def load_population(path: Path | None = None) -> dict[str, Population]:
    """Population by p-code (or community name) from a CSV with its source on every row."""
    source = path or POPULATION_FILE
    try:
        with source.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise InputError(
            f"cannot read population file: {exc.strerror}", source=str(source)
        ) from None
    table: dict[str, Population] = {}
    for number, row in enumerate(rows, start=2):
        try:
            count = int(row["population"])
            key, origin = row["pcode"].strip(), row["source"].strip()
        except (KeyError, ValueError, AttributeError):
            raise InputError(
                f"line {number}: needs pcode, population (an integer) and source",
                source=str(source),
            ) from None
        if count < 0 or not origin:
            raise InputError(f"line {number}: negative population or no source", source=str(source))
        table[key] = Population(count, origin)
    return table


def region_names() -> dict[str, str]:
    """Region names by OCHA p-code, from the shipped boundaries."""
    return {
        feature["properties"]["admin1Pcod"]: feature["properties"]["admin1Name"]
        for feature in admin1_regions()["features"]
    }


def _split(amount: int, parts: int) -> list[int]:
    """``amount`` split into ``parts`` integer shares that add up exactly."""
    share, rest = divmod(amount, parts)
    return [share + (1 if index < rest else 0) for index in range(parts)]


class _Rows:
    """Report rows by (level, key, currency), made on first use."""

    def __init__(self, population: dict[str, Population]) -> None:
        self.rows: dict[tuple[ReportLevel, str, str], AllocationRow] = {}
        self.population = population
        self.names = region_names()

    def get(self, level: ReportLevel, key: str, currency: str) -> AllocationRow:
        index = (level, key, currency)
        if index not in self.rows:
            name = self.names.get(key, key) if level is ReportLevel.REGION else key
            self.rows[index] = AllocationRow(
                level, key, name, currency, population=self.population.get(key)
            )
        return self.rows[index]

    def places(self, project: FundProject, currency: str) -> list[tuple[AllocationRow, int]]:
        """The project's region row (whole share) and community rows (equal shares)."""
        communities = list(project.communities) or ["(unspecified)"]
        rows = [(self.get(ReportLevel.REGION, project.region_pcode, currency), -1)]
        rows += [
            (self.get(ReportLevel.COMMUNITY, name, currency), index)
            for index, name in enumerate(communities)
        ]
        return rows


def _add(
    rows: _Rows, project: FundProject, currency: str, amount: int, column: str, days: int | None
) -> None:
    places = rows.places(project, currency)
    shares = _split(amount, len(places) - 1)
    for row, index in places:
        setattr(row, column, getattr(row, column) + (amount if index < 0 else shares[index]))
        row.projects.add(project.code)
        if days is not None:
            row.days_to_disburse.append(days)


def allocation_report(
    database: Database, *, population: dict[str, Population] | None = None
) -> list[AllocationRow]:
    """Pledged, committed, disbursed and spent per region and per community served.

    A project's amounts count whole for its region and in equal shares for each community it
    serves (communities overlap across projects; the shares add up to the region's total).
    """
    table = load_population() if population is None else population
    return transact(database, lambda session: _allocation(session, _Rows(table)))


def _allocation(session: Session, rows: _Rows) -> list[AllocationRow]:
    cancelled = reversed_entry_ids(session)
    projects = {row.id: row for row in session.scalars(select(FundProject))}
    pledges = {row.id: row for row in session.scalars(select(FundPledge))}
    commitments = {row.id: row for row in session.scalars(select(FundCommitment))}
    for pledge in pledges.values():
        if pledge.journal_entry_id not in cancelled:
            key = pledge.region_pcode or FUND_WIDE
            rows.get(ReportLevel.REGION, key, pledge.currency).pledged += pledge.amount_minor
    for commitment in commitments.values():
        if commitment.journal_entry_id not in cancelled:
            project = projects[commitment.project_id]
            _add(rows, project, commitment.currency, commitment.amount_minor, "committed", None)
    for paid in session.scalars(select(FundDisbursement)):
        if paid.journal_entry_id not in cancelled:
            commitment = commitments[paid.commitment_id]
            days = (paid.disbursed_on - pledges[commitment.pledge_id].pledged_on).days
            project = projects[commitment.project_id]
            _add(rows, project, paid.currency, paid.amount_minor, "disbursed", days)
    for spent in session.scalars(select(FundExpenditure)):
        if spent.journal_entry_id not in cancelled:
            project = projects[spent.project_id]
            _add(rows, project, spent.currency, spent.amount_minor, "spent", None)
    return sorted(rows.rows.values(), key=lambda r: (r.level.value, r.key, r.currency))


class GapKind(enum.StrEnum):
    """Why a commitment of the agreement is flagged."""

    LATE = "late"
    UNFUNDED = "unfunded"


@dataclass(frozen=True)
class FundingGap:
    """A commitment whose money is late, or an agreement commitment no project funds."""

    kind: GapKind
    reference: str
    project_code: str | None
    region_pcode: str | None
    due_on: dt.date | None
    committed: int
    disbursed: int
    currency: str | None
    days_late: int | None


GAP_COLUMNS = (
    "kind", "reference", "project_code", "region_pcode", "due_on", "committed", "disbursed",
    "currency", "days_late",
)  # fmt: skip


def funding_gaps(
    database: Database, today: dt.date, accord_commitments: Sequence[str] = ()
) -> list[FundingGap]:
    """Commitments past their due date and not fully disbursed, and agreement commitments
    (ids given, e.g. from the accord register) that no funded project is linked to."""

    def work(session: Session) -> list[FundingGap]:
        cancelled = reversed_entry_ids(session)
        projects = {row.id: row for row in session.scalars(select(FundProject))}
        paid: dict[int, int] = defaultdict(int)
        for row in session.scalars(select(FundDisbursement)):
            if row.journal_entry_id not in cancelled:
                paid[row.commitment_id] += row.amount_minor
        gaps: list[FundingGap] = []
        funded: set[str] = set()
        for commitment in session.scalars(select(FundCommitment).order_by(FundCommitment.id)):
            if commitment.journal_entry_id in cancelled:
                continue
            project = projects[commitment.project_id]
            funded.update(project.accord_commitments)
            due, done = commitment.due_on, paid[commitment.id]
            if due is not None and due < today and done < commitment.amount_minor:
                gaps.append(_late(commitment, project, done, (today - due).days))
        gaps += [_unfunded(ref) for ref in _unique(accord_commitments) if ref not in funded]
        return gaps

    return transact(database, work)


def _late(commitment: FundCommitment, project: FundProject, paid: int, days: int) -> FundingGap:
    return FundingGap(
        GapKind.LATE,
        f"commitment:{commitment.id}",
        project.code,
        project.region_pcode,
        commitment.due_on,
        commitment.amount_minor,
        paid,
        commitment.currency,
        days,
    )


def _unfunded(reference: str) -> FundingGap:
    return FundingGap(GapKind.UNFUNDED, reference, None, None, None, 0, 0, None, None)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(value.strip() for value in values if value.strip()))
