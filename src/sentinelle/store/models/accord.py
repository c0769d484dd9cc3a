"""Peace agreements: parties, signatures, provisions, commitments, dated statuses, and links.

A commitment's status is never overwritten: each change is a dated, sourced row, so the
status on any past date can be read back (the Peace Accords Matrix scale, 0 to 3).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sentinelle.store.models.base import Base, utcnow


class Agreement(Base):
    """A peace agreement as imported from an agreement file."""

    __tablename__ = "accord_agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    short_title: Mapped[str | None] = mapped_column(String(256))
    illustrative: Mapped[bool] = mapped_column(default=False)
    notice: Mapped[str | None] = mapped_column(Text)
    first_signed_on: Mapped[dt.date]
    entry_into_force: Mapped[dt.date | None]
    source_file: Mapped[str] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    parties: Mapped[list[AgreementParty]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by="AgreementParty.id"
    )
    signatures: Mapped[list[AgreementSignature]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan"
    )
    provisions: Mapped[list[Provision]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by="Provision.position"
    )


class AgreementParty(Base):
    """A party, mediator or guarantor, with the actor names that are its forces."""

    __tablename__ = "accord_parties"
    __table_args__ = (UniqueConstraint("agreement_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("accord_agreements.id", ondelete="CASCADE")
    )
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16))
    actor_names: Mapped[list[Any]] = mapped_column(default=list)

    agreement: Mapped[Agreement] = relationship(back_populates="parties")


class AgreementSignature(Base):
    """One party's signature of the agreement, with its date."""

    __tablename__ = "accord_signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("accord_agreements.id", ondelete="CASCADE"), index=True
    )
    party_id: Mapped[int] = mapped_column(ForeignKey("accord_parties.id", ondelete="CASCADE"))
    signed_on: Mapped[dt.date]
    signed_by: Mapped[str | None] = mapped_column(String(256))
    place: Mapped[str | None] = mapped_column(String(256))

    agreement: Mapped[Agreement] = relationship(back_populates="signatures")
    party: Mapped[AgreementParty] = relationship()


class Provision(Base):
    """A provision of the agreement under one theme (chapter)."""

    __tablename__ = "accord_provisions"
    __table_args__ = (UniqueConstraint("agreement_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("accord_agreements.id", ondelete="CASCADE")
    )
    code: Mapped[str] = mapped_column(String(64))
    theme: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    articles: Mapped[str | None] = mapped_column(String(256))
    position: Mapped[int]

    agreement: Mapped[Agreement] = relationship(back_populates="provisions")
    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="provision", order_by="Commitment.position"
    )


class Commitment(Base):
    """A measurable commitment: responsible parties, deadline, regions (p-codes), indicators."""

    __tablename__ = "accord_commitments"
    __table_args__ = (UniqueConstraint("agreement_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("accord_agreements.id", ondelete="CASCADE")
    )
    provision_id: Mapped[int] = mapped_column(
        ForeignKey("accord_provisions.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    deadline_on: Mapped[dt.date | None] = mapped_column(comment="absolute deadline")
    deadline_months: Mapped[int | None] = mapped_column(comment="after entry into force")
    deadline_days: Mapped[int | None] = mapped_column(comment="after entry into force")
    regions: Mapped[list[Any]] = mapped_column(default=list, comment="OCHA p-codes")
    indicators: Mapped[list[Any]] = mapped_column(default=list)
    budget_line: Mapped[str | None] = mapped_column(String(128))
    position: Mapped[int]

    agreement: Mapped[Agreement] = relationship()
    provision: Mapped[Provision] = relationship(back_populates="commitments")
    parties: Mapped[list[CommitmentParty]] = relationship(
        back_populates="commitment", cascade="all, delete-orphan"
    )


class CommitmentParty(Base):
    """A party responsible for a commitment, or concerned by it (the groups to canton)."""

    __tablename__ = "accord_commitment_parties"

    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("accord_commitments.id", ondelete="CASCADE"), primary_key=True
    )
    party_id: Mapped[int] = mapped_column(
        ForeignKey("accord_parties.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(16), primary_key=True)

    commitment: Mapped[Commitment] = relationship(back_populates="parties")
    party: Mapped[AgreementParty] = relationship()


class StatusChange(Base):
    """A dated, sourced and justified change of a commitment's implementation level (0-3)."""

    __tablename__ = "accord_status_changes"
    __table_args__ = (Index("ix_accord_status_changes_commitment_on", "commitment_id", "on_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("accord_commitments.id", ondelete="CASCADE")
    )
    level: Mapped[int] = mapped_column(comment="Peace Accords Matrix: 0 not initiated .. 3 full")
    on_date: Mapped[dt.date] = mapped_column(comment="the date the level became true")
    source: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str | None] = mapped_column(String(128))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    commitment: Mapped[Commitment] = relationship()


class CommitmentEventLink(Base):
    """An event bearing on a commitment (a clash under a ceasefire, a cantoned group's act)."""

    __tablename__ = "accord_event_links"

    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("accord_commitments.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    reason: Mapped[str] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(16))
    producer: Mapped[str] = mapped_column(String(64))
    linked_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CommitmentAlert(Base):
    """An alert raised about a commitment, so one missed deadline raises one alert only."""

    __tablename__ = "accord_commitment_alerts"
    __table_args__ = (UniqueConstraint("commitment_id", "reason", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("accord_commitments.id", ondelete="CASCADE")
    )
    reason: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(64), comment="the deadline missed, the region")
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
