"""Listing stored documents for the ``documents`` command and other readers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, select

from sentinelle.store import Database
from sentinelle.store.models import Document, Sighting


def document_records(
    database: Database, *, limit: int = 100, kind: str | None = None
) -> Iterator[dict[str, Any]]:
    """Documents newest first, with their number of sightings."""
    sightings = (
        select(Sighting.document_id, func.count().label("sightings"))
        .group_by(Sighting.document_id)
        .subquery()
    )
    query = (
        select(Document, sightings.c.sightings)
        .outerjoin(sightings, sightings.c.document_id == Document.id)
        .order_by(Document.id.desc())
        .limit(limit)
    )
    if kind:
        query = query.where(Document.kind == kind)
    with database.session() as session:
        rows = session.execute(query).all()
        records = [
            {
                "id": document.id,
                "title": document.title,
                "language": document.language,
                "published_on": document.published_on,
                "kind": document.kind,
                "origin": document.origin,
                "story_id": document.story_id,
                "duplicate_of": document.story_id,  # the first document of its story
                "similarity": None
                if document.similarity is None
                else round(document.similarity, 2),
                "sightings": count or 0,
                "content_hash": document.content_hash,
            }
            for document, count in rows
        ]
    yield from records
