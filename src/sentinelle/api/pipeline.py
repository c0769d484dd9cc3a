"""Uploads through the pipeline: ingest, then code events, then run the alert rules."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select, update

from sentinelle.alerts import AnalysisOptions, run_analysis
from sentinelle.errors import RejectedInput
from sentinelle.extract import code_documents
from sentinelle.ingest import IngestOptions, Ingestor, RawInput
from sentinelle.settings import Settings
from sentinelle.store import Database
from sentinelle.store.models import Alert, Document, EventSource, utcnow

log = logging.getLogger(__name__)


@dataclass
class PipelineResult:
    """What an upload produced, and which stages ran."""

    document_ids: list[int] = field(default_factory=list)
    new_documents: int = 0
    event_ids: list[int] = field(default_factory=list)
    alert_ids: list[int] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)


def store_text(
    database: Database,
    text: str,
    origin: str,
    title: str | None = None,
    settings: Settings | None = None,
) -> list[int]:
    """Store uploaded text as documents through the ingest stage, titled as the user said."""
    ids = _ingest_bytes(database, text.encode("utf-8"), origin, "text/plain", settings)
    if title and ids:
        with database.session() as session:
            session.execute(
                update(Document)
                .where(Document.id.in_(ids), Document.title.is_(None))
                .values(title=title)
            )
    return ids


def store_file(
    database: Database, path: Path, origin: str, settings: Settings | None = None
) -> list[int]:
    """Store an uploaded file (text, HTML, PDF, feed, field reports) through the ingest stage."""
    return _ingest_bytes(database, path.read_bytes(), origin, None, settings)


def _ingest_bytes(
    database: Database,
    data: bytes,
    origin: str,
    content_type: str | None,
    settings: Settings | None,
) -> list[int]:
    """Documents stored by the ingest stage from these bytes; a refusal raises RejectedInput."""
    key = settings.reporter_key if settings is not None else None
    options = IngestOptions(reporter_key=key.get_secret_value() if key else None)
    ingestor = Ingestor(database, options, [origin])
    counts = ingestor.ingest_input(RawInput(origin=origin, data=data, content_type=content_type))
    report = ingestor.finish()
    if counts.rejected and not report.document_ids:
        raise RejectedInput("; ".join(counts.rejections) or "rejected", source=origin)
    return list(report.document_ids)


def run_pipeline(
    database: Database, document_ids: list[int], before: int, settings: Settings | None = None
) -> PipelineResult:
    """Code the new documents and run the alert rules over the store."""
    result = PipelineResult(document_ids=document_ids, stages=["store", "extract", "analyze"])
    code_documents(database)
    rules_file = settings.rules_file if settings is not None else None
    run_analysis(database, AnalysisOptions(rules_file=rules_file))
    with database.session() as session:
        if document_ids:
            result.event_ids = sorted(
                set(
                    session.scalars(
                        select(EventSource.event_id).where(
                            EventSource.document_id.in_(document_ids)
                        )
                    )
                )
            )
        result.alert_ids = list(session.scalars(select(Alert.id).where(Alert.id > before)))
    return result


def last_alert_id(database: Database) -> int:
    """The newest alert's id (0 when none), to tell which alerts an upload raised."""
    with database.session() as session:
        return int(session.scalar(select(func.coalesce(func.max(Alert.id), 0))) or 0)


def upload_origin(filename: str | None) -> str:
    """The origin recorded for an uploaded report."""
    stamp = utcnow().strftime("%Y%m%dT%H%M%S")
    return f"upload:{stamp}:{filename or 'text'}"
