"""Uploads through the pipeline: ingest, then code events, then run the alert rules.

Each stage is called through its public API when that stage provides it; the upload falls back
to storing the document as is when ingest is not available, so the API works at every step.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from sentinelle.errors import RejectedInput
from sentinelle.settings import Settings
from sentinelle.store import Database, SourceKind
from sentinelle.store.models import Alert, Document, EventSource, Source, utcnow

log = logging.getLogger(__name__)

UPLOAD_PRODUCER = "api.upload.v1"
# Where the analysis pass lives (the `analyze` command and the demo call the same function).
ANALYSIS_ENTRY_POINTS = (("alerts", "run_analysis"), ("alerts.engine_run", "run_analysis"))


@dataclass
class PipelineResult:
    """What an upload produced, and which stages ran."""

    document_ids: list[int] = field(default_factory=list)
    new_documents: int = 0
    event_ids: list[int] = field(default_factory=list)
    alert_ids: list[int] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)


@cache
def stage_function(module: str, name: str) -> Callable[..., Any] | None:
    """A stage's public function when the stage exports it, else None (looked up once)."""
    try:
        package = importlib.import_module(f"sentinelle.{module}")
    except ImportError:
        return None
    if name not in getattr(package, "__all__", ()):
        return None
    function = getattr(package, name, None)
    return function if callable(function) else None


def analysis_function() -> Callable[..., Any] | None:
    """The analysis pass over a whole store (indicators, forecasts, alert rules), if present."""
    for module, name in ANALYSIS_ENTRY_POINTS:
        try:
            found = getattr(importlib.import_module(f"sentinelle.{module}"), name, None)
        except ImportError:
            continue
        if callable(found):
            return found  # type: ignore[no-any-return]
    return None


def _run_analysis(database: Database, settings: Settings | None) -> None:
    analyze = analysis_function()
    if analyze is None:
        return
    options_type: Any = getattr(
        importlib.import_module(analyze.__module__), "AnalysisOptions", None
    )
    if options_type is None:
        analyze(database)
        return
    rules_file = getattr(settings, "rules_file", None) if settings is not None else None
    analyze(database, options_type(rules_file=rules_file))


def store_text(database: Database, text: str, origin: str, title: str | None) -> list[int]:
    """Store uploaded text as documents, through ingest when it is available."""
    stored = _ingest_bytes(database, text.encode("utf-8"), origin, "text/plain")
    return stored if stored is not None else [_store_plain(database, text, origin, title)]


def store_file(database: Database, path: Path, origin: str) -> list[int]:
    """Store an uploaded file as documents through ingest, or as plain UTF-8 text."""
    stored = _ingest_bytes(database, path.read_bytes(), origin, None)
    if stored is not None:
        return stored
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RejectedInput("not UTF-8 text (PDF and HTML need the ingest stage)") from None
    return [_store_plain(database, text, origin, None)]


def _ingest_bytes(
    database: Database, data: bytes, origin: str, content_type: str | None
) -> list[int] | None:
    """Documents stored by the ingest stage from these bytes; None when ingest is absent."""
    ingestor_type: Any = stage_function("ingest", "Ingestor")
    raw_type = stage_function("ingest", "RawInput")
    options_type = stage_function("ingest", "IngestOptions")
    if ingestor_type is None or raw_type is None or options_type is None:
        return None
    ingestor = ingestor_type(database, options_type(), [origin])
    counts = ingestor.ingest_input(raw_type(origin=origin, data=data, content_type=content_type))
    report = ingestor.finish()
    rejections = list(getattr(counts, "rejections", []) or [])
    if getattr(counts, "rejected", 0) and not report.document_ids:
        raise RejectedInput("; ".join(str(reason) for reason in rejections) or "rejected")
    return [int(value) for value in report.document_ids]


def _store_plain(database: Database, text: str, origin: str, title: str | None) -> int:
    normalised = unicodedata.normalize("NFC", text).strip()
    if not normalised:
        raise RejectedInput("the document is empty")
    content_hash = hashlib.sha256(normalised.encode("utf-8")).hexdigest()
    with database.session() as session:
        existing = session.scalar(select(Document.id).where(Document.content_hash == content_hash))
        if existing is not None:
            return existing
        source = session.scalar(
            select(Source).where(Source.kind == SourceKind.TEXT.value, Source.origin == "upload")
        )
        if source is None:
            source = Source(kind=SourceKind.TEXT.value, origin="upload", name="API uploads")
            session.add(source)
            session.flush()
        document = Document(
            source_id=source.id,
            kind=SourceKind.TEXT.value,
            origin=origin,
            content_hash=content_hash,
            title=title,
            text=normalised,
        )
        document.meta = {"producer": UPLOAD_PRODUCER}
        session.add(document)
        session.flush()
        return document.id


def run_pipeline(
    database: Database, document_ids: list[int], before: int, settings: Settings | None = None
) -> PipelineResult:
    """Code the new documents and run the alert rules, with whatever stages exist."""
    result = PipelineResult(document_ids=document_ids, stages=["store"])
    code = stage_function("extract", "code_documents")
    if code is not None:
        code(database)
        result.stages.append("extract")
    if analysis_function() is not None:
        _run_analysis(database, settings)
        result.stages.append("analyze")
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
