"""Which documents each extractor version has coded, so a new version re-codes them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sentinelle.store.models.base import Base, utcnow


class DocumentCoding(Base):
    """One document coded by one producer (``extract.rules.v1``): when, and how many events."""

    __tablename__ = "document_codings"
    __table_args__ = (UniqueConstraint("document_id", "producer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    producer: Mapped[str] = mapped_column(String(64))
    events: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    coded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
