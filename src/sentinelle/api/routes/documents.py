"""``/documents``: reports (upload as text or file, list, show) and field reports' reporters."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import File, Query, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from sentinelle.api.audit import record_change
from sentinelle.api.auth import Principal
from sentinelle.api.deps import CurrentUser, DbSession, RowId, Vault
from sentinelle.api.errors import ApiError
from sentinelle.api.pagination import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    decode_cursor,
    encode_cursor,
    json_with_etag,
)
from sentinelle.api.pipeline import (
    PipelineResult,
    last_alert_id,
    run_pipeline,
    store_file,
    store_text,
    upload_origin,
)
from sentinelle.api.queries import documents_query, get_document, page_of
from sentinelle.api.routes import resource_router
from sentinelle.api.schemas import (
    DocumentDetail,
    DocumentOut,
    DocumentPage,
    FieldReportIn,
    ReporterOut,
    TextUpload,
    UploadResult,
)
from sentinelle.settings import Settings
from sentinelle.store import Database
from sentinelle.store.models import Document, EventSource, ReporterIdentity

router = resource_router("documents")
# Uploaded files are read in chunks of this size to check the size cap as they arrive.
UPLOAD_CHUNK = 1024 * 1024


def _with_reporters(session: Session, rows: list[Document]) -> list[DocumentOut]:
    ids = [row.id for row in rows]
    flagged = set(
        session.scalars(
            select(ReporterIdentity.document_id).where(ReporterIdentity.document_id.in_(ids))
        )
    )
    out = []
    for row in rows:
        item = DocumentOut.model_validate(row)
        item.has_reporter = row.id in flagged
        out.append(item)
    return out


@router.get("/documents", name="documents.list", response_model=DocumentPage)
def list_documents(
    request: Request,
    session: DbSession,
    user: CurrentUser,
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
) -> Response:
    """Documents the caller may see, newest first."""
    rows, last = page_of(session, documents_query(user), Document.id, decode_cursor(cursor), limit)
    page = DocumentPage(
        items=_with_reporters(session, rows),
        next_cursor=encode_cursor(last) if last is not None else None,
    )
    return json_with_etag(request, page)


@router.get("/documents/{document_id}", name="documents.show", response_model=DocumentDetail)
def show_document(
    document_id: RowId, request: Request, session: DbSession, user: CurrentUser
) -> Response:
    """One document with its text and the events coded from it."""
    return json_with_etag(request, document_detail(session, user, document_id))


def document_detail(session: Session, user: Principal, document_id: int) -> DocumentDetail:
    """The detail of one document the caller may see."""
    document = get_document(session, user, document_id)
    base = _with_reporters(session, [document])[0].model_dump()
    event_ids = sorted(
        session.scalars(select(EventSource.event_id).where(EventSource.document_id == document.id))
    )
    return DocumentDetail(**base, text=document.text, event_ids=event_ids)


def _finish(
    database: Database,
    settings: Settings,
    session: Session,
    user: Principal,
    document_ids: list[int],
    before: int,
) -> UploadResult:
    # The pipeline writes through its own sessions: release this one's locks and snapshot.
    session.commit()
    result: PipelineResult = run_pipeline(database, document_ids, before, settings)
    record_change(
        session,
        user.username,
        "document.upload",
        "document",
        ",".join(str(i) for i in document_ids),
        None,
        {"document_ids": document_ids, "stages": result.stages},
    )
    return UploadResult(
        document_ids=result.document_ids,
        new_documents=len(document_ids),
        event_ids=result.event_ids,
        alert_ids=result.alert_ids,
        stages=result.stages,
    )


@router.post("/documents", name="documents.create", response_model=UploadResult, status_code=201)
def create_document(
    body: TextUpload, request: Request, session: DbSession, user: CurrentUser
) -> UploadResult:
    """Add a report given as text, and run it through the pipeline."""
    database: Database = request.app.state.database
    session.commit()  # ingest writes through its own session
    before = last_alert_id(database)
    settings = request.app.state.settings
    ids = store_text(database, body.text, upload_origin(None), body.title, settings)
    return _finish(database, request.app.state.settings, session, user, ids, before)


@router.post(
    "/documents/upload", name="documents.upload", response_model=UploadResult, status_code=201
)
async def upload_document(
    request: Request, session: DbSession, user: CurrentUser, file: UploadFile = File(...)
) -> UploadResult:
    """Add a report given as a file (text, HTML, PDF...), and run it through the pipeline."""
    database: Database = request.app.state.database
    limit = request.app.state.settings.max_document_bytes
    name = Path(file.filename or "upload.txt").name[:200] or "upload.txt"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        size = 0
        with path.open("wb") as handle:
            while chunk := await file.read(UPLOAD_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise ApiError(413, "too_large", f"file larger than {limit} bytes", "file")
                handle.write(chunk)
        session.commit()  # ingest writes through its own session
        before = last_alert_id(database)
        ids = store_file(database, path, upload_origin(name), request.app.state.settings)
    return _finish(database, request.app.state.settings, session, user, ids, before)


@router.post(
    "/field-reports", name="field_reports.create", response_model=UploadResult, status_code=201
)
def create_field_report(
    body: FieldReportIn, request: Request, session: DbSession, user: CurrentUser, vault: Vault
) -> UploadResult:
    """Add a field report; the reporter's identity is stored encrypted, apart from the text."""
    if vault is None:
        raise ApiError(
            422, "no_key", "no reporter_key is configured: identities cannot be stored", "reporter"
        )
    database: Database = request.app.state.database
    session.commit()  # ingest writes through its own session
    before = last_alert_id(database)
    ids = store_text(database, body.text, upload_origin("field-report"), body.title)
    for document_id in ids:
        vault.store(session, document_id, body.reporter)
    return _finish(database, request.app.state.settings, session, user, ids, before)


@router.get(
    "/documents/{document_id}/reporter", name="documents.reporter", response_model=ReporterOut
)
def reveal_reporter(
    document_id: RowId, session: DbSession, user: CurrentUser, vault: Vault
) -> ReporterOut:
    """The reporter of a field report, decrypted for the roles that verify reports (audited)."""
    get_document(session, user, document_id)
    if vault is None:
        raise ApiError(422, "no_key", "no reporter_key is configured", "reporter")
    identity = vault.reveal(session, document_id)
    record_change(session, user.username, "reporter.reveal", "document", document_id, None, None)
    return ReporterOut(document_id=document_id, reporter=identity)
