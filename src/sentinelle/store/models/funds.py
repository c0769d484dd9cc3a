"""The joint donor fund: organisations, people, flows, approvals and the hash-chained journal.

Amounts are integers in minor units (``*_minor``) with an ISO 4217 ``currency``. Balances are
never stored: they are sums over ``fund_journal_lines``. Statuses are stored by their value.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sentinelle.store.models.base import Base, utcnow


class FundOrganisation(Base):
    """A donor, a local authority (scoped to a region) or an implementing organisation."""

    __tablename__ = "fund_organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    region_pcode: Mapped[str | None] = mapped_column(String(16))
    iati_ref: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FundPerson(Base):
    """Someone who requests or approves disbursements for an organisation."""

    __tablename__ = "fund_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("fund_organisations.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    region_pcode: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FundExchangeRate(Base):
    """A user-supplied rate: one unit of ``base`` is ``numerator/denominator`` of ``quote``."""

    __tablename__ = "fund_exchange_rates"
    __table_args__ = (Index("ix_fund_exchange_rates_pair", "base", "quote", "valid_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    base: Mapped[str] = mapped_column(String(3))
    quote: Mapped[str] = mapped_column(String(3))
    numerator: Mapped[int] = mapped_column(BigInteger)
    denominator: Mapped[int] = mapped_column(BigInteger)
    valid_on: Mapped[dt.date]
    source: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FundPledge(Base):
    """A donor's promise of an amount (IATI transaction type 11, incoming pledge)."""

    __tablename__ = "fund_pledges"

    id: Mapped[int] = mapped_column(primary_key=True)
    donor_id: Mapped[int] = mapped_column(ForeignKey("fund_organisations.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    pledged_on: Mapped[dt.date]
    region_pcode: Mapped[str | None] = mapped_column(String(16), comment="earmark, if any")
    note: Mapped[str] = mapped_column(Text, default="")
    journal_entry_id: Mapped[int | None] = mapped_column(ForeignKey("fund_journal_entries.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FundProject(Base):
    """An activity funded by the mechanism, in one region (and cercle) of Mali."""

    __tablename__ = "fund_projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    region_pcode: Mapped[str] = mapped_column(String(16), index=True)
    cercle_pcode: Mapped[str | None] = mapped_column(String(16))
    communities: Mapped[list[Any]] = mapped_column(default=list)
    accord_commitments: Mapped[list[Any]] = mapped_column(default=list)
    implementer_id: Mapped[int | None] = mapped_column(ForeignKey("fund_organisations.id"))
    sector_code: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16))
    start_on: Mapped[dt.date | None]
    end_on: Mapped[dt.date | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FundCommitment(Base):
    """Part of a pledge firmly allocated to a project (IATI type 2, outgoing commitment)."""

    __tablename__ = "fund_commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    pledge_id: Mapped[int] = mapped_column(ForeignKey("fund_pledges.id"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("fund_projects.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    committed_on: Mapped[dt.date]
    due_on: Mapped[dt.date | None] = mapped_column(comment="date by which it should be disbursed")
    journal_entry_id: Mapped[int | None] = mapped_column(ForeignKey("fund_journal_entries.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FundApprovalRule(Base):
    """Requests of at least ``min_amount_minor`` need this many approvals of each side."""

    __tablename__ = "fund_approval_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(String(3))
    min_amount_minor: Mapped[int] = mapped_column(BigInteger)
    donor_approvals: Mapped[int]
    authority_approvals: Mapped[int]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FundDisbursementRequest(Base):
    """A request to pay part of a commitment out; it needs both keys before it posts."""

    __tablename__ = "fund_disbursement_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("fund_commitments.id"), index=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("fund_people.id"))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    purpose: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), index=True)
    donor_approvals_needed: Mapped[int]
    authority_approvals_needed: Mapped[int]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    decided_at: Mapped[dt.datetime | None]
    rejected_by_id: Mapped[int | None] = mapped_column(ForeignKey("fund_people.id"))
    rejection_reason: Mapped[str | None] = mapped_column(Text)


class FundApproval(Base):
    """One person's approval of one request."""

    __tablename__ = "fund_approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("fund_disbursement_requests.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("fund_people.id"))
    role: Mapped[str] = mapped_column(String(32))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("fund_organisations.id"))
    approved_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        Index("ix_fund_approvals_request_person", "request_id", "person_id", unique=True),
    )


class FundDisbursement(Base):
    """Money paid out against an approved request (IATI type 3); one per request at most."""

    __tablename__ = "fund_disbursements"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("fund_disbursement_requests.id"), unique=True
    )
    commitment_id: Mapped[int] = mapped_column(ForeignKey("fund_commitments.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    disbursed_on: Mapped[dt.date]
    journal_entry_id: Mapped[int] = mapped_column(ForeignKey("fund_journal_entries.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FundExpenditure(Base):
    """Money spent by a project out of what it received (IATI type 4)."""

    __tablename__ = "fund_expenditures"

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("fund_projects.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    spent_on: Mapped[dt.date]
    description: Mapped[str] = mapped_column(Text, default="")
    journal_entry_id: Mapped[int] = mapped_column(ForeignKey("fund_journal_entries.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FundJournalEntry(Base):
    """One balanced posting; ``entry_hash`` covers it, its lines and ``prev_hash``."""

    __tablename__ = "fund_journal_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    reference: Mapped[str] = mapped_column(String(64))
    reverses_id: Mapped[int | None]
    memo: Mapped[str] = mapped_column(Text, default="")
    effective_on: Mapped[dt.date]
    recorded_at: Mapped[dt.datetime]
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)


class FundJournalLine(Base):
    """A debit or a credit of one account in one currency, part of a journal entry."""

    __tablename__ = "fund_journal_lines"
    __table_args__ = (
        Index("ix_fund_journal_lines_account", "account", "currency"),
        CheckConstraint("debit_minor >= 0 AND credit_minor >= 0", name="non_negative"),
    )

    entry_id: Mapped[int] = mapped_column(ForeignKey("fund_journal_entries.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(String(128))
    currency: Mapped[str] = mapped_column(String(3))
    debit_minor: Mapped[int] = mapped_column(BigInteger)
    credit_minor: Mapped[int] = mapped_column(BigInteger)


class FundLedgerHead(Base):
    """The single row that every posting locks: the chain's last sequence number and hash."""

    __tablename__ = "fund_ledger_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int]
    last_hash: Mapped[str] = mapped_column(String(64))
