"""``/audit``: the audit log and the check of its hash chain."""

from __future__ import annotations

from fastapi import Query, Request
from fastapi.responses import Response
from sqlalchemy import select

from sentinelle.api.audit import verify_chain
from sentinelle.api.deps import CurrentUser, DbSession
from sentinelle.api.pagination import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    decode_cursor,
    encode_cursor,
    json_with_etag,
)
from sentinelle.api.routes import resource_router
from sentinelle.api.schemas import AuditOut, AuditPage, AuditVerification
from sentinelle.store.models import AuditEntry

router = resource_router("audit")


@router.get("/audit", name="audit.list", response_model=AuditPage)
def list_audit(
    request: Request,
    session: DbSession,
    user: CurrentUser,
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
) -> Response:
    """Audit entries, newest first."""
    after = decode_cursor(cursor)
    query = select(AuditEntry).order_by(AuditEntry.seq.desc())
    if after is not None:
        query = query.where(AuditEntry.seq < after)
    rows = list(session.scalars(query.limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    page = AuditPage(
        items=[AuditOut.model_validate(row) for row in rows],
        next_cursor=encode_cursor(rows[-1].seq) if more and rows else None,
    )
    return json_with_etag(request, page)


@router.get("/audit/verify", name="audit.verify", response_model=AuditVerification)
def verify(session: DbSession, user: CurrentUser) -> AuditVerification:
    """Recompute the chain and report the first broken entry, if any."""
    report = verify_chain(session)
    return AuditVerification(
        entries=report.entries,
        intact=report.intact,
        broken_at=report.broken_at,
        reason=report.reason,
    )
