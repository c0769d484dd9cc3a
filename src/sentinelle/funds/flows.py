"""Flows in IATI's vocabulary: donors and people, rates, pledges, projects, commitments, spending.

Every function opens its own serialised transaction (``transact``) and returns plain frozen
views, so callers (CLI, web) never hold ORM rows across transactions.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from sentinelle.errors import IllegalTransition, InputError, NotFound
from sentinelle.funds.concurrency import lock_ledger, transact
from sentinelle.funds.ledger import EntryKind, balance, credit, debit, post_entry
from sentinelle.funds.money import (
    Rate,
    check_currency,
    check_minor,
    convert_minor,
    invert,
    parse_rate,
)
from sentinelle.store import Database, admin1_regions, admin2_cercles
from sentinelle.store.models.base import utcnow
from sentinelle.store.models.funds import (
    FundCommitment,
    FundExchangeRate,
    FundExpenditure,
    FundOrganisation,
    FundPerson,
    FundPledge,
    FundProject,
)

# OCHA p-codes of Mali: ML + two digits for a region, two more for a cercle (e.g. ML08, ML0801).
REGION_PCODE = re.compile(r"^ML\d{2}$")
# OECD DAC 5-digit purpose code 15220: civilian peace-building, conflict prevention and
# resolution; the default sector of a project funded by the mechanism.
DEFAULT_SECTOR = "15220"
# The fund's trading account: a conversion between currencies balances each currency here.
FX_ACCOUNT = "fx:conversion"

Row = TypeVar("Row")


class OrgKind(enum.StrEnum):
    """What an organisation is to the fund."""

    DONOR = "donor"
    LOCAL_AUTHORITY = "local_authority"
    IMPLEMENTER = "implementer"


class PersonRole(enum.StrEnum):
    """What a person may do: approve for a donor or a local authority, or request."""

    DONOR_REP = "donor_rep"
    LOCAL_AUTHORITY_REP = "local_authority_rep"
    REQUESTER = "requester"


class ActivityStatus(enum.StrEnum):
    """IATI ActivityStatus codes (1 pipeline ... 6 suspended)."""

    PIPELINE = "1"
    IMPLEMENTATION = "2"
    FINALISATION = "3"
    CLOSED = "4"
    CANCELLED = "5"
    SUSPENDED = "6"


@dataclass(frozen=True)
class PledgeView:
    """A pledge and what is left of it to commit."""

    id: int
    donor: str
    amount_minor: int
    currency: str
    pledged_on: dt.date
    uncommitted_minor: int
    region_pcode: str | None


@dataclass(frozen=True)
class ProjectView:
    """A funded activity and where it works."""

    id: int
    code: str
    title: str
    region_pcode: str
    cercle_pcode: str | None
    communities: tuple[str, ...]
    accord_commitments: tuple[str, ...]
    status: ActivityStatus


@dataclass(frozen=True)
class CommitmentView:
    """A commitment and what is left of it to disburse."""

    id: int
    pledge_id: int
    project_code: str
    amount_minor: int
    currency: str
    committed_on: dt.date
    due_on: dt.date | None
    undisbursed_minor: int


def pledge_account(pledge_id: int) -> str:
    """The account holding a pledge's uncommitted remainder."""
    return f"pledge:{pledge_id}"


def commitment_account(commitment_id: int) -> str:
    """The account holding a commitment's undisbursed remainder."""
    return f"commitment:{commitment_id}"


def project_cash_account(project_id: int) -> str:
    """The account holding what a project received and has not spent."""
    return f"project-cash:{project_id}"


def _text(value: str, what: str) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise InputError(f"{what} is empty")
    return cleaned


def _region(pcode: str | None, *, required: bool = False) -> str | None:
    if pcode is None or not pcode.strip():
        if required:
            raise InputError("a region p-code is required (e.g. ML08 for Kidal)")
        return None
    code = pcode.strip().upper()
    if not REGION_PCODE.match(code) or code not in _region_pcodes():
        known = ", ".join(sorted(_region_pcodes()))
        raise InputError(f"region {pcode!r} is not an OCHA region p-code of Mali ({known})")
    return code


@cache
def _region_pcodes() -> frozenset[str]:
    return frozenset(f["properties"]["admin1Pcod"] for f in admin1_regions()["features"])


@cache
def _cercle_pcodes() -> frozenset[str]:
    return frozenset(f["properties"]["admin2Pcod"] for f in admin2_cercles()["features"])


def find_organisation(session: Session, ref: int | str) -> FundOrganisation:
    """An organisation by id or name."""
    column = FundOrganisation.id if isinstance(ref, int) else FundOrganisation.name
    row = session.scalars(select(FundOrganisation).where(column == ref)).one_or_none()
    if row is None:
        raise NotFound(f"no organisation {ref!r}: register it with 'funds organisation'")
    return row


def find_person(session: Session, ref: int | str) -> FundPerson:
    """A person by id or name."""
    column = FundPerson.id if isinstance(ref, int) else FundPerson.name
    row = session.scalars(select(FundPerson).where(column == ref)).one_or_none()
    if row is None:
        raise NotFound(f"no person {ref!r}: register them with 'funds person'")
    return row


def find_project(session: Session, ref: int | str) -> FundProject:
    """A project by id or code."""
    column = FundProject.id if isinstance(ref, int) else FundProject.code
    row = session.scalars(select(FundProject).where(column == ref)).one_or_none()
    if row is None:
        raise NotFound(f"no project {ref!r}")
    return row


def _get(session: Session, model: type[Row], row_id: int, what: str) -> Row:
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(f"no {what} {row_id}")
    return row


def add_organisation(
    database: Database,
    name: str,
    kind: OrgKind,
    *,
    region_pcode: str | None = None,
    iati_ref: str | None = None,
) -> int:
    """Register a donor, local authority (with its region) or implementer; returns its id."""
    clean = _text(name, "organisation name")
    region = _region(region_pcode, required=kind is OrgKind.LOCAL_AUTHORITY)

    def work(session: Session) -> int:
        if session.scalar(select(FundOrganisation.id).where(FundOrganisation.name == clean)):
            raise InputError(f"organisation {clean!r} is already registered")
        row = FundOrganisation(name=clean, kind=kind.value, region_pcode=region, iati_ref=iati_ref)
        session.add(row)
        session.flush()
        return row.id

    return transact(database, work)


def add_person(database: Database, name: str, organisation: int | str, role: PersonRole) -> int:
    """Register a person of an organisation in a role; returns their id."""
    clean = _text(name, "person name")

    def work(session: Session) -> int:
        org = find_organisation(session, organisation)
        expected = {
            PersonRole.DONOR_REP: OrgKind.DONOR,
            PersonRole.LOCAL_AUTHORITY_REP: OrgKind.LOCAL_AUTHORITY,
        }.get(role)
        if expected is not None and org.kind != expected.value:
            raise InputError(f"a {role.value} must belong to a {expected.value}, not {org.kind}")
        if session.scalar(select(FundPerson.id).where(FundPerson.name == clean)):
            raise InputError(f"person {clean!r} is already registered")
        row = FundPerson(
            name=clean, organisation_id=org.id, role=role.value, region_pcode=org.region_pcode
        )
        session.add(row)
        session.flush()
        return row.id

    return transact(database, work)


def add_rate(
    database: Database, base: str, quote: str, rate: str, valid_on: dt.date, source: str
) -> int:
    """Record a user-supplied rate (1 ``base`` = ``rate`` ``quote`` on ``valid_on``)."""
    pair = check_currency(base), check_currency(quote)
    if pair[0] == pair[1]:
        raise InputError(f"a rate needs two different currencies, got {pair[0]} twice")
    value = parse_rate(rate)
    origin = _text(source, "rate source")

    def work(session: Session) -> int:
        row = FundExchangeRate(
            base=pair[0],
            quote=pair[1],
            numerator=value.numerator,
            denominator=value.denominator,
            valid_on=valid_on,
            source=origin,
        )
        session.add(row)
        session.flush()
        return row.id

    return transact(database, work)


def find_rate(session: Session, base: str, quote: str, on: dt.date) -> Rate:
    """The latest rate from ``base`` to ``quote`` valid on or before ``on`` (either way round)."""
    for frm, to, flip in ((base, quote, False), (quote, base, True)):
        row = session.scalars(
            select(FundExchangeRate)
            .where(FundExchangeRate.base == frm, FundExchangeRate.quote == to)
            .where(FundExchangeRate.valid_on <= on)
            .order_by(FundExchangeRate.valid_on.desc(), FundExchangeRate.id.desc())
            .limit(1)
        ).one_or_none()
        if row is not None:
            rate = Rate(frm, to, Fraction(row.numerator, row.denominator), row.valid_on)
            return invert(rate) if flip else rate
    raise InputError(
        f"no exchange rate {base}->{quote} on or before {on}: add one with 'funds rate'"
    )


def record_pledge(
    database: Database,
    donor: int | str,
    amount_minor: int,
    currency: str,
    pledged_on: dt.date,
    *,
    region_pcode: str | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> PledgeView:
    """Record a donor's pledge and post it: Dr pledge / Cr the donor's pledged account."""
    amount, code = check_minor(amount_minor), check_currency(currency)
    region = _region(region_pcode)
    moment = now or utcnow()

    def work(session: Session) -> PledgeView:
        org = find_organisation(session, donor)
        if org.kind != OrgKind.DONOR.value:
            raise InputError(f"{org.name} is a {org.kind}, not a donor")
        pledge = FundPledge(
            donor_id=org.id,
            amount_minor=amount,
            currency=code,
            pledged_on=pledged_on,
            region_pcode=region,
            note=note,
        )
        session.add(pledge)
        session.flush()
        lines = [
            debit(pledge_account(pledge.id), code, amount),
            credit(f"donor:{org.id}:pledged", code, amount),
        ]
        entry_id = post_entry(
            session, EntryKind.PLEDGE, f"pledge:{pledge.id}", lines, pledged_on, moment
        )
        pledge.journal_entry_id = entry_id
        return _pledge_view(session, pledge, org)

    return transact(database, work)


def _pledge_view(session: Session, pledge: FundPledge, org: FundOrganisation) -> PledgeView:
    left = balance(session, pledge_account(pledge.id), pledge.currency)
    return PledgeView(
        pledge.id,
        org.name,
        pledge.amount_minor,
        pledge.currency,
        pledge.pledged_on,
        left,
        pledge.region_pcode,
    )


def list_pledges(database: Database) -> list[PledgeView]:
    """Every pledge with its uncommitted remainder."""

    def work(session: Session) -> list[PledgeView]:
        rows = session.execute(
            select(FundPledge, FundOrganisation)
            .join(FundOrganisation, FundOrganisation.id == FundPledge.donor_id)
            .order_by(FundPledge.id)
        ).all()
        return [_pledge_view(session, pledge, org) for pledge, org in rows]

    return transact(database, work)


def create_project(
    database: Database,
    code: str,
    title: str,
    region_pcode: str,
    *,
    cercle_pcode: str | None = None,
    communities: Sequence[str] = (),
    accord_commitments: Sequence[str] = (),
    implementer: int | str | None = None,
    sector_code: str = DEFAULT_SECTOR,
    status: ActivityStatus = ActivityStatus.IMPLEMENTATION,
    start_on: dt.date | None = None,
    end_on: dt.date | None = None,
) -> ProjectView:
    """Register a project in a region (and cercle) serving the given communities."""
    clean_code, clean_title = _text(code, "project code"), _text(title, "project title")
    region = _region(region_pcode, required=True)
    cercle = cercle_pcode.strip().upper() if cercle_pcode else None
    if cercle and (cercle not in _cercle_pcodes() or not cercle.startswith(str(region))):
        raise InputError(f"cercle {cercle_pcode!r} is not an OCHA cercle p-code in {region}")
    if not re.fullmatch(r"\d{5}", sector_code):
        raise InputError(f"sector {sector_code!r} is not a 5-digit OECD DAC purpose code")
    if start_on and end_on and end_on < start_on:
        raise InputError(f"project ends ({end_on}) before it starts ({start_on})")

    def work(session: Session) -> ProjectView:
        if session.scalar(select(FundProject.id).where(FundProject.code == clean_code)):
            raise InputError(f"project {clean_code!r} already exists")
        implementer_id = find_organisation(session, implementer).id if implementer else None
        row = FundProject(
            code=clean_code,
            title=clean_title,
            region_pcode=str(region),
            cercle_pcode=cercle,
            communities=[c.strip() for c in communities if c.strip()],
            accord_commitments=[c.strip() for c in accord_commitments if c.strip()],
            implementer_id=implementer_id,
            sector_code=sector_code,
            status=status.value,
            start_on=start_on,
            end_on=end_on,
        )
        session.add(row)
        session.flush()
        return project_view(row)

    return transact(database, work)


def project_view(row: FundProject) -> ProjectView:
    """The frozen view of a project row."""
    return ProjectView(
        row.id,
        row.code,
        row.title,
        row.region_pcode,
        row.cercle_pcode,
        tuple(row.communities),
        tuple(row.accord_commitments),
        ActivityStatus(row.status),
    )


def list_projects(database: Database, region_pcode: str | None = None) -> list[ProjectView]:
    """Every project, or those of one region."""
    region = _region(region_pcode)

    def work(session: Session) -> list[ProjectView]:
        query = select(FundProject).order_by(FundProject.id)
        if region:
            query = query.where(FundProject.region_pcode == region)
        return [project_view(row) for row in session.scalars(query)]

    return transact(database, work)


def commit_funds(
    database: Database,
    pledge_id: int,
    project: int | str,
    amount_minor: int,
    currency: str,
    committed_on: dt.date,
    *,
    due_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> CommitmentView:
    """Commit part of a pledge to a project, converting at the dated rate when currencies differ.

    Posts Dr commitment / Cr pledge (through the trading account when the currencies differ);
    refused when the pledge's uncommitted remainder does not cover it.
    """
    amount, code = check_minor(amount_minor), check_currency(currency)
    moment = now or utcnow()

    def work(session: Session) -> CommitmentView:
        pledge = _get(session, FundPledge, pledge_id, "pledge")
        target = find_project(session, project)
        lines = [debit("pending", code, amount)]
        reserved = amount
        if pledge.currency != code:
            rate = find_rate(session, code, pledge.currency, committed_on)
            reserved = convert_minor(amount, rate, round_up=True)
            lines += [
                credit(FX_ACCOUNT, code, amount),
                debit(FX_ACCOUNT, pledge.currency, reserved),
            ]
        lines.append(credit(pledge_account(pledge.id), pledge.currency, reserved))
        lock_ledger(session)
        left = balance(session, pledge_account(pledge.id), pledge.currency)
        if reserved > left:
            raise IllegalTransition(
                f"pledge {pledge.id} has {left} {pledge.currency} uncommitted; "
                f"this commitment needs {reserved}"
            )
        row = FundCommitment(
            pledge_id=pledge.id,
            project_id=target.id,
            amount_minor=amount,
            currency=code,
            committed_on=committed_on,
            due_on=due_on,
        )
        session.add(row)
        session.flush()
        lines[0] = debit(commitment_account(row.id), code, amount)
        entry_id = post_entry(
            session, EntryKind.COMMITMENT, f"commitment:{row.id}", lines, committed_on, moment
        )
        row.journal_entry_id = entry_id
        return commitment_view(session, row, target.code)

    return transact(database, work)


def commitment_view(session: Session, row: FundCommitment, project_code: str) -> CommitmentView:
    """The frozen view of a commitment with its undisbursed remainder."""
    left = balance(session, commitment_account(row.id), row.currency)
    return CommitmentView(
        row.id,
        row.pledge_id,
        project_code,
        row.amount_minor,
        row.currency,
        row.committed_on,
        row.due_on,
        left,
    )


def get_commitment(database: Database, commitment_id: int) -> CommitmentView:
    """One commitment with its undisbursed remainder."""

    def work(session: Session) -> CommitmentView:
        row = _get(session, FundCommitment, commitment_id, "commitment")
        return commitment_view(session, row, find_project(session, row.project_id).code)

    return transact(database, work)


def list_commitments(database: Database) -> list[CommitmentView]:
    """Every commitment with its undisbursed remainder."""

    def work(session: Session) -> list[CommitmentView]:
        rows = session.execute(
            select(FundCommitment, FundProject.code)
            .join(FundProject, FundProject.id == FundCommitment.project_id)
            .order_by(FundCommitment.id)
        ).all()
        return [commitment_view(session, row, code) for row, code in rows]

    return transact(database, work)


def record_expenditure(
    database: Database,
    project: int | str,
    amount_minor: int,
    currency: str,
    spent_on: dt.date,
    idempotency_key: str,
    *,
    description: str = "",
    now: dt.datetime | None = None,
) -> int:
    """Record money a project spent out of what it received; returns the expenditure id."""
    amount, code = check_minor(amount_minor), check_currency(currency)
    key = _text(idempotency_key, "idempotency key")
    moment = now or utcnow()

    def work(session: Session) -> int:
        existing = session.scalars(
            select(FundExpenditure).where(FundExpenditure.idempotency_key == key)
        ).one_or_none()
        if existing is not None:
            return existing.id
        target = find_project(session, project)
        lock_ledger(session)
        cash = project_cash_account(target.id)
        left = balance(session, cash, code)
        if amount > left:
            raise IllegalTransition(
                f"project {target.code} holds {left} {code} unspent; cannot spend {amount}"
            )
        lines = [debit(f"project-spent:{target.id}", code, amount), credit(cash, code, amount)]
        entry_id = post_entry(
            session, EntryKind.EXPENDITURE, f"project:{target.id}", lines, spent_on, moment
        )
        row = FundExpenditure(
            idempotency_key=key,
            project_id=target.id,
            amount_minor=amount,
            currency=code,
            spent_on=spent_on,
            description=description,
            journal_entry_id=entry_id,
        )
        session.add(row)
        session.flush()
        return row.id

    return transact(database, work, retry_on_integrity=True)
