"""Sources, ingest runs, documents and their sightings: the provenance of everything."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sentinelle.store.models.base import Base, utcnow


class Source(Base):
    """Where documents come from: a feed, a website, a monitors' network, a file tree."""

    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("kind", "origin"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    origin: Mapped[str] = mapped_column(String(2048))
    name: Mapped[str | None] = mapped_column(String(512))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class IngestRun(Base):
    """One invocation of ingest, with its counts by outcome."""

    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]
    arguments: Mapped[list[Any]] = mapped_column(default=list)
    read: Mapped[int] = mapped_column(default=0)
    new: Mapped[int] = mapped_column(default=0)
    duplicate: Mapped[int] = mapped_column(default=0)
    near_duplicate: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)
    rejections: Mapped[list[Any]] = mapped_column(default=list)


class Document(Base):
    """One piece of text (an article, a briefing, a field report) with its provenance.

    ``content_hash`` is the SHA-256 of the normalised text, so an exact duplicate is one row;
    ``story_id`` points at the first document of a near-duplicate cluster (same wire story).
    """

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_published_on", "published_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    ingest_run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id"))
    kind: Mapped[str] = mapped_column(String(32))
    origin: Mapped[str] = mapped_column(String(2048))
    retrieved_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    raw_hash: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    dateline: Mapped[str | None] = mapped_column(Text)
    published_on: Mapped[dt.date | None]
    published_at: Mapped[dt.datetime | None]
    url: Mapped[str | None] = mapped_column(String(2048))
    text: Mapped[str] = mapped_column(Text)
    start_offset: Mapped[int | None]
    end_offset: Mapped[int | None]
    story_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    similarity: Mapped[float | None]
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    source: Mapped[Source] = relationship()
    sightings: Mapped[list[Sighting]] = relationship(back_populates="document")


class Sighting(Base):
    """Each time a document was seen: the first time and every exact duplicate after."""

    __tablename__ = "sightings"
    __table_args__ = (UniqueConstraint("document_id", "origin", "raw_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    ingest_run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id"))
    origin: Mapped[str] = mapped_column(String(2048))
    raw_hash: Mapped[str] = mapped_column(String(64))
    seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    document: Mapped[Document] = relationship(back_populates="sightings")
