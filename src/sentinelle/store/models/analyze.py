"""Indicators, forecasts and the analysis high-water mark (owned by the analyze stage)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sentinelle.store.models.base import Base, utcnow


class IndicatorCell(Base):
    """Events and fatalities of one region, period, event type and actor type.

    ``level`` is ``admin1`` or ``admin2``; ``period`` is ``day``, ``week`` or ``month`` and
    ``period_start`` its first day; ``actor_type`` is actor1's ACLED inter code (0 unknown).
    """

    __tablename__ = "indicator_cells"
    __table_args__ = (
        UniqueConstraint(
            "level",
            "country",
            "region",
            "period",
            "period_start",
            "event_type",
            "actor_type",
            name="uq_indicator_cells_cell",  # the convention's name exceeds 63 characters
        ),
        Index("ix_indicator_cells_region_period", "level", "region", "period", "period_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[str] = mapped_column(String(8))
    country: Mapped[str] = mapped_column(String(128))
    region: Mapped[str] = mapped_column(String(128))
    period: Mapped[str] = mapped_column(String(8))
    period_start: Mapped[dt.date]
    event_type: Mapped[str] = mapped_column(String(64))
    actor_type: Mapped[int]
    events: Mapped[int]
    fatal_events: Mapped[int]
    fatalities: Mapped[int]
    unknown_perpetrator: Mapped[int] = mapped_column(comment="events whose actor1 is unknown")


class RegionPeriod(Base):
    """Summary of one region and period: totals, unknown share, armed actors, new area."""

    __tablename__ = "region_periods"
    __table_args__ = (UniqueConstraint("level", "country", "region", "period", "period_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[str] = mapped_column(String(8))
    country: Mapped[str] = mapped_column(String(128))
    region: Mapped[str] = mapped_column(String(128))
    period: Mapped[str] = mapped_column(String(8))
    period_start: Mapped[dt.date]
    events: Mapped[int]
    violent_events: Mapped[int]
    fatalities: Mapped[int]
    unknown_share: Mapped[float] = mapped_column(comment="share of violent events, actor1 unknown")
    armed_actors: Mapped[int] = mapped_column(comment="distinct named armed actors active")
    new_area: Mapped[bool] = mapped_column(comment="violence after at least 90 quiet days")


class AnalysisMark(Base):
    """How far the analysis has read the event table (its high-water marks)."""

    __tablename__ = "analysis_marks"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    max_event_id: Mapped[int] = mapped_column(default=0)
    max_updated_at: Mapped[dt.datetime | None]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Forecast(Base):
    """Expected events and fatalities of one admin1 region over one future period."""

    __tablename__ = "forecasts"
    __table_args__ = (
        UniqueConstraint("country", "region", "horizon", "target_start", "model_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(String(128))
    region: Mapped[str] = mapped_column(String(128), index=True)
    horizon: Mapped[str] = mapped_column(String(8), comment="week or month")
    issued_for: Mapped[dt.date] = mapped_column(comment="last day of data the forecast saw")
    target_start: Mapped[dt.date]
    target_end: Mapped[dt.date]
    expected_events: Mapped[float]
    events_low: Mapped[float]
    events_high: Mapped[float]
    expected_fatalities: Mapped[float]
    fatalities_low: Mapped[float]
    fatalities_high: Mapped[float]
    p_fatal: Mapped[float] = mapped_column(comment="probability of at least one fatal event")
    model_name: Mapped[str] = mapped_column(String(64))
    model_version: Mapped[str] = mapped_column(String(32))
    train_start: Mapped[dt.date]
    train_end: Mapped[dt.date]
    features: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
