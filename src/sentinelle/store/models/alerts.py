"""Alerts raised by rules, and the events that are their evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sentinelle.store.enums import AlertSeverity, AlertState
from sentinelle.store.models.base import Base, utcnow


class Alert(Base):
    """A warning about one situation in one region, updated (not repeated) while it lasts.

    ``key`` identifies the situation (rule + region + subject): a rule that fires again for
    the same key within its cool-down updates this row instead of raising a new alert.
    """

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_key_state", "key", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(256))
    rule: Mapped[str] = mapped_column(String(128))
    detector: Mapped[str] = mapped_column(String(128))
    severity: Mapped[str] = mapped_column(String(16), default=AlertSeverity.MEDIUM.value)
    state: Mapped[str] = mapped_column(String(16), default=AlertState.RAISED.value, index=True)
    risk_level: Mapped[str | None] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(128))
    admin1: Mapped[str | None] = mapped_column(String(128), index=True)
    admin1_pcode: Mapped[str | None] = mapped_column(String(16))
    admin2: Mapped[str | None] = mapped_column(String(128))
    admin2_pcode: Mapped[str | None] = mapped_column(String(16))
    window_start: Mapped[dt.date]
    window_end: Mapped[dt.date]
    title: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text)
    score: Mapped[float | None] = mapped_column(comment="how surprising, detector-specific")
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    producer: Mapped[str] = mapped_column(String(64))
    raised_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    cooldown_until: Mapped[dt.datetime]

    evidence: Mapped[list[AlertEvidence]] = relationship(
        back_populates="alert", cascade="all, delete-orphan"
    )


class AlertEvidence(Base):
    """An event that supports an alert."""

    __tablename__ = "alert_evidence"

    alert_id: Mapped[int] = mapped_column(
        ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    alert: Mapped[Alert] = relationship(back_populates="evidence")
