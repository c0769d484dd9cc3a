"""Events in ACLED's canonical columns, plus Sentinelle's own, and their supporting documents."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sentinelle.store.enums import AttributionStatus
from sentinelle.store.models.base import Base, utcnow
from sentinelle.store.models.sources import Document


class Event(Base):
    """One real-world event. Columns named as ACLED's are ACLED's, with ACLED's meaning.

    ``fatalities`` is None when no figure is reported (unknown is not zero);
    ``attribution_status`` says how firmly ``actor1`` is established as the perpetrator.
    """

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_event_date", "event_date"),
        Index("ix_events_admin1_date", "admin1", "event_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # ACLED's columns
    event_id_cnty: Mapped[str] = mapped_column(String(64), unique=True)
    event_date: Mapped[dt.date]
    year: Mapped[int]
    time_precision: Mapped[int] = mapped_column(default=1)
    disorder_type: Mapped[str | None] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(64), index=True)
    sub_event_type: Mapped[str | None] = mapped_column(String(64))
    actor1: Mapped[str | None] = mapped_column(String(256))
    assoc_actor_1: Mapped[str | None] = mapped_column(Text)
    inter1: Mapped[int | None]
    actor2: Mapped[str | None] = mapped_column(String(256))
    assoc_actor_2: Mapped[str | None] = mapped_column(Text)
    inter2: Mapped[int | None]
    interaction: Mapped[int | None]
    civilian_targeting: Mapped[str | None] = mapped_column(String(64))
    iso: Mapped[int | None]
    region: Mapped[str | None] = mapped_column(String(64))
    country: Mapped[str | None] = mapped_column(String(128))
    admin1: Mapped[str | None] = mapped_column(String(128))
    admin2: Mapped[str | None] = mapped_column(String(128))
    admin3: Mapped[str | None] = mapped_column(String(128))
    location: Mapped[str | None] = mapped_column(String(256))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    geo_precision: Mapped[int | None]
    source: Mapped[str | None] = mapped_column(Text)
    source_scale: Mapped[str | None] = mapped_column(String(128))
    notes: Mapped[str | None] = mapped_column(Text)
    fatalities: Mapped[int | None]
    tags: Mapped[str | None] = mapped_column(Text)
    timestamp: Mapped[int | None]
    # Sentinelle's own
    admin1_pcode: Mapped[str | None] = mapped_column(String(16), index=True)
    admin2_pcode: Mapped[str | None] = mapped_column(String(16))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    # The report said where it spoke from, not where the event was (``geo_precision`` 2).
    place_inferred: Mapped[bool] = mapped_column(default=False, server_default=false())
    actor1_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"))
    actor2_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"))
    fatalities_min: Mapped[int | None]
    fatalities_max: Mapped[int | None]
    injured: Mapped[int | None]
    hostages: Mapped[int | None]
    attribution_status: Mapped[str] = mapped_column(
        String(16), default=AttributionStatus.UNKNOWN.value
    )
    confidence: Mapped[float | None]
    producer: Mapped[str] = mapped_column(
        String(64), comment="component.version, e.g. extract.rules.v1"
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    supports: Mapped[list[EventSource]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )


class EventSource(Base):
    """A document supporting an event, with the evidence spans each field came from."""

    __tablename__ = "event_sources"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    producer: Mapped[str] = mapped_column(String(64))
    attribution_status: Mapped[str] = mapped_column(
        String(16), default=AttributionStatus.UNKNOWN.value
    )
    fatalities: Mapped[int | None]
    evidence: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    event: Mapped[Event] = relationship(back_populates="supports")
    document: Mapped[Document] = relationship()
