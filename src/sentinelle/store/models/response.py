"""Rapid reaction: responders, alert transitions, assignments, escalations, the notification
outbox and its deliveries, verification sources and the actions taken."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sentinelle.store.models.base import Base, utcnow


class ResponderRole(enum.StrEnum):
    """What a member of the contact group does with an alert."""

    ANALYST = "analyst"
    VERIFIER = "verifier"
    RESPONDER = "responder"
    COORDINATOR = "coordinator"


class Channel(enum.StrEnum):
    """How a notification travels."""

    EMAIL = "email"
    WEBHOOK = "webhook"


class OutboxStatus(enum.StrEnum):
    """Where a notification stands: waiting, delivered, or given up (dead letter)."""

    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"


class DeliveryOutcome(enum.StrEnum):
    """The result of one attempt to send a notification."""

    DELIVERED = "delivered"
    FAILED = "failed"


class AssignmentReason(enum.StrEnum):
    """Why an alert was given to someone."""

    ON_CALL = "on_call"
    ESCALATION = "escalation"
    MANUAL = "manual"


class SourceKind(enum.StrEnum):
    """What a verifier attached to an alert."""

    CORROBORATES = "corroborates"
    FIELD_CONFIRMATION = "field_confirmation"
    REFUTES = "refutes"


class ActionOutcome(enum.StrEnum):
    """How a response turned out, as far as the responder knows."""

    PENDING = "pending"
    SUCCEEDED = "succeeded"
    PARTIAL = "partial"
    FAILED = "failed"


class Responder(Base):
    """A member of the contact group: role, regions and topics covered, on-call rank, channels.

    ``regions`` holds admin1 names ("*" for all); within a region the on-call order is
    ``on_call_order`` ascending, ties broken by id.
    """

    __tablename__ = "responders"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    regions: Mapped[list[Any]] = mapped_column(default=list)
    topics: Mapped[list[Any]] = mapped_column(default=list)
    on_call_order: Mapped[int] = mapped_column(default=100)
    email: Mapped[str | None] = mapped_column(String(320))
    webhook_url: Mapped[str | None] = mapped_column(String(2048))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AlertTransition(Base):
    """One state change of an alert: from, to, who, when, why and the evidence added."""

    __tablename__ = "alert_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    from_state: Mapped[str] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    by: Mapped[str] = mapped_column(String(128))
    at: Mapped[dt.datetime]
    note: Mapped[str | None] = mapped_column(Text)
    risk_level: Mapped[str | None] = mapped_column(String(16))
    evidence: Mapped[list[Any]] = mapped_column(default=list)


class AlertAssignment(Base):
    """An alert given to a responder; the latest one is the alert's current owner."""

    __tablename__ = "alert_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    responder_id: Mapped[int] = mapped_column(ForeignKey("responders.id"))
    reason: Mapped[str] = mapped_column(String(16))
    by: Mapped[str] = mapped_column(String(128))
    at: Mapped[dt.datetime]
    note: Mapped[str | None] = mapped_column(Text)


class AlertEscalation(Base):
    """One escalation step of an overdue stage; unique so two schedulers cannot both do it."""

    __tablename__ = "alert_escalations"
    __table_args__ = (UniqueConstraint("alert_id", "stage", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(16))
    step: Mapped[int]
    due_at: Mapped[dt.datetime]
    at: Mapped[dt.datetime]
    from_responder_id: Mapped[int | None] = mapped_column(ForeignKey("responders.id"))
    to_responder_id: Mapped[int | None] = mapped_column(ForeignKey("responders.id"))


class OutboxMessage(Base):
    """A notification written with the change that causes it, sent later by the delivery step.

    ``key`` is the idempotency key: it is the email's Message-ID and the webhook's delivery
    header, so a receiver can recognise a resend after a crash.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(2048))
    responder_id: Mapped[int | None] = mapped_column(ForeignKey("responders.id"))
    subject: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime]
    claimed_until: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]
    delivered_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class Delivery(Base):
    """One attempt to send an outbox message, recorded with its outcome."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"), index=True)
    attempt: Mapped[int]
    at: Mapped[dt.datetime]
    outcome: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str | None] = mapped_column(Text)


class AlertSource(Base):
    """A source a verifier attached to an alert: corroborating, field confirmation, refuting."""

    __tablename__ = "alert_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    reference: Mapped[str] = mapped_column(String(2048))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    supports_status: Mapped[str | None] = mapped_column(String(16))
    by: Mapped[str] = mapped_column(String(128))
    at: Mapped[dt.datetime]
    note: Mapped[str | None] = mapped_column(Text)


class AttributionChange(Base):
    """A change to an event's attribution status, justified by one attached source."""

    __tablename__ = "attribution_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("alert_sources.id"))
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    by: Mapped[str] = mapped_column(String(128))
    at: Mapped[dt.datetime]


class AlertAction(Base):
    """A response taken on an alert (a call, a patrol requested, a statement, a visit)."""

    __tablename__ = "alert_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(256))
    by: Mapped[str] = mapped_column(String(128))
    at: Mapped[dt.datetime]
    outcome: Mapped[str] = mapped_column(String(16), default=ActionOutcome.PENDING.value)
    outcome_note: Mapped[str | None] = mapped_column(Text)
    outcome_at: Mapped[dt.datetime | None]
