"""Ingest's own tables: MinHash signatures and LSH bands for near-duplicates, feed state."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sentinelle.store.models.base import Base, utcnow


class DocumentSignature(Base):
    """The MinHash signature of a stored document, kept so near-duplicates work across runs."""

    __tablename__ = "document_signatures"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    signature: Mapped[bytes] = mapped_column(LargeBinary)


class DocumentBand(Base):
    """One LSH band hash of a document: documents sharing a band are near-duplicate candidates."""

    __tablename__ = "document_bands"
    __table_args__ = (Index("ix_document_bands_band_key", "band_key"),)

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    band_key: Mapped[str] = mapped_column(String(40), primary_key=True)


class FeedState(Base):
    """What ``watch`` knows about a feed: its validators and when it was last polled."""

    __tablename__ = "feed_states"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(128))
    last_polled_at: Mapped[dt.datetime | None]
    last_status: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FeedEntry(Base):
    """An entry id already ingested from a feed, so a restart ingests only what is new."""

    __tablename__ = "feed_entries"
    __table_args__ = (UniqueConstraint("feed_id", "entry_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feed_states.id", ondelete="CASCADE"))
    entry_key: Mapped[str] = mapped_column(String(2048))
    seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
