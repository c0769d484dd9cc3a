"""Dashboard pages: login, map, timeline, alert queue, event, upload; each with a JSON twin."""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from sentinelle.api.auth import Principal, close_session
from sentinelle.api.deps import (
    LANGUAGE_COOKIE,
    SESSION_COOKIE,
    AppSettings,
    Authorized,
    CurrentUser,
    DbSession,
    authorize,
)
from sentinelle.api.errors import ApiError
from sentinelle.api.lifecycle import ACTIONS, apply_action
from sentinelle.api.pagination import decode_cursor, encode_cursor
from sentinelle.api.pipeline import (
    last_alert_id,
    run_pipeline,
    store_file,
    store_text,
    upload_origin,
)
from sentinelle.api.queries import (
    EventFilter,
    alerts_query,
    events_query,
    get_alert,
    page_of,
    region_summaries,
    timeline,
)
from sentinelle.api.routes.alerts import alert_detail
from sentinelle.api.routes.auth import login_or_refuse, set_session_cookie
from sentinelle.api.routes.events import Filters, event_detail
from sentinelle.api.schemas import EventOut
from sentinelle.errors import NotFound
from sentinelle.store import EVENT_TYPES, AttributionStatus, Database
from sentinelle.store.models import Alert, Document, Event
from sentinelle.web.highlight import highlight_segments
from sentinelle.web.i18n import LANGUAGES
from sentinelle.web.rendering import render

router = APIRouter(dependencies=[Depends(authorize)], include_in_schema=False)
# Rows shown in the page tables; the API pages through the rest.
PAGE_ROWS = 100


def _safe_next(target: str | None) -> str:
    """A local path to go back to; anything else goes to the map (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/login", name="web.login_form")
def login_form(request: Request, principal: Authorized, next: str = "/") -> Response:
    """The login form."""
    return render(request, "login.html", {"next": _safe_next(next)}, principal)


@router.post("/login", name="web.login")
def login(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    username: Annotated[str, Form(min_length=1, max_length=64)],
    password: Annotated[str, Form(min_length=1, max_length=1024)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check the credentials; on success start a session and go back where the user was."""
    try:
        cookie, _csrf, _me = login_or_refuse(session, request, username, password)
    except ApiError as exc:
        message = "login.limited" if exc.status == 429 else "login.failed"
        data = {"next": _safe_next(next), "error": message}
        return render(request, "login.html", data, None, status_code=exc.status)
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session_cookie(response, request, settings, cookie)
    return response


@router.post("/logout", name="web.logout")
def logout(request: Request, session: DbSession, user: CurrentUser) -> Response:
    """End the session and go to the login page."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        close_session(session, cookie)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/lang/{language}", name="web.language")
def switch_language(language: str, principal: Authorized, next: str = "/") -> Response:
    """Switch the interface language (kept in a cookie) and go back."""
    if language not in LANGUAGES:
        raise NotFound(f"no language {language!r} (available: {', '.join(LANGUAGES)})")
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 86400, samesite="lax")
    return response


def _filter_query(filters: EventFilter) -> str:
    """The filters as a query string (empty when none), for the map's data and page links."""
    pairs = {
        "since": filters.since,
        "until": filters.until,
        "region": filters.region,
        "event_type": filters.event_type,
        "actor": filters.actor,
        "attribution": filters.attribution,
    }
    return urlencode({name: str(value) for name, value in pairs.items() if value})


def _event_page(
    session: Any, user: Principal, filters: EventFilter, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    query = events_query(user, filters)
    rows, last = page_of(session, query, Event.id, decode_cursor(cursor), PAGE_ROWS)
    items = [EventOut.model_validate(row).model_dump(mode="json") for row in rows]
    return items, None if last is None else encode_cursor(last)


@router.get("/", name="web.map")
def map_page(
    request: Request,
    session: DbSession,
    user: CurrentUser,
    filters: Filters,
    cursor: str | None = Query(None, max_length=200),
) -> Response:
    """The map: regions shaded by risk, cercles, the filtered events by type and fatalities.

    The filters narrow both the map's points and the table, which pages through every match.
    """
    from sentinelle.api.roles import Permission, role_allows

    sees_events = role_allows(user.role, Permission.READ_EVENTS)
    events, next_cursor = _event_page(session, user, filters, cursor) if sees_events else ([], None)
    data = {
        "regions": region_summaries(session),
        "filters": asdict(filters),
        "events": events,
        "next_cursor": next_cursor,
        "uploaded": request.query_params.get("uploaded"),
    }
    extra = {
        "sees_events": sees_events,
        "filter_query": _filter_query(filters),
        "event_types": EVENT_TYPES,
        "attribution_statuses": [status.value for status in AttributionStatus],
    }
    return render(request, "map.html", data, user, extra=extra)


@router.get("/timeline", name="web.timeline")
def timeline_page(request: Request, session: DbSession, user: CurrentUser) -> Response:
    """Events and fatalities per region and month."""
    points = timeline(session)
    peak = max((point["events"] for point in points), default=0)
    return render(request, "timeline.html", {"items": points, "peak": peak}, user)


@router.get("/alerts", name="web.alerts")
def alerts_page(
    request: Request,
    session: DbSession,
    user: CurrentUser,
    cursor: str | None = Query(None, max_length=200),
) -> Response:
    """The alert queue with deadlines and the actions the user's role allows, a page at a time."""
    after = decode_cursor(cursor)
    rows, last = page_of(session, alerts_query(user, None, None), Alert.id, after, PAGE_ROWS)
    settings = request.app.state.settings
    items = [alert_detail(session, settings, user, row.id).model_dump(mode="json") for row in rows]
    next_cursor = None if last is None else encode_cursor(last)
    return render(request, "alerts.html", {"items": items, "next_cursor": next_cursor}, user)


@router.post("/alerts/{alert_id}/{action}", name="web.alert_action")
def alert_action(
    alert_id: int,
    action: str,
    request: Request,
    session: DbSession,
    user: CurrentUser,
    note: Annotated[str | None, Form(max_length=5000)] = None,
    risk_level: Annotated[str | None, Form(max_length=16)] = None,
) -> Response:
    """Carry out a lifecycle action from the queue (the role matrix checks the action too)."""
    from sentinelle.api.roles import ALERT_ACTION_PERMISSIONS, role_allows

    if action not in ACTIONS:
        raise NotFound(f"no action {action!r}")
    if not role_allows(user.role, ALERT_ACTION_PERMISSIONS[action]):
        raise ApiError(403, "forbidden", f"the {user.role.value} role may not {action}")
    alert = get_alert(session, user, alert_id)
    database: Database = request.app.state.database
    settings = request.app.state.settings
    apply_action(database, settings, session, user, alert, action, note or None, risk_level or None)
    return RedirectResponse("/alerts", status_code=303)


@router.get("/events/{event_id}", name="web.event")
def event_page(event_id: int, request: Request, session: DbSession, user: CurrentUser) -> Response:
    """An event: its sources with evidence highlighted, attribution status and history."""
    detail = event_detail(session, user, event_id).model_dump(mode="json")
    texts = []
    for source in detail["sources"]:
        document = session.get(Document, source["document_id"])
        text = document.text if document else ""
        texts.append(highlight_segments(text, source["evidence"]))
    return render(request, "event.html", detail, user, extra={"texts": texts})


@router.get("/upload", name="web.upload_form")
def upload_form(request: Request, user: CurrentUser) -> Response:
    """The form to add a report."""
    return render(request, "upload.html", {}, user)


@router.post("/upload", name="web.upload")
async def upload(
    request: Request,
    user: CurrentUser,
    file: Annotated[UploadFile | None, File()] = None,
    text: Annotated[str | None, Form(max_length=5_000_000)] = None,
) -> Response:
    """Add a report from the form and run it through the pipeline, then show the map."""
    import anyio

    database: Database = request.app.state.database
    settings = request.app.state.settings
    before = last_alert_id(database)
    if file is not None and file.filename:
        data = await file.read()
        name = Path(file.filename).name[:200] or "upload.txt"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            path.write_bytes(data)
            ids = await anyio.to_thread.run_sync(
                store_file, database, path, upload_origin(name), settings
            )
    elif text and text.strip():
        ids = await anyio.to_thread.run_sync(
            store_text, database, text, upload_origin(None), None, settings
        )
    else:
        raise ApiError(422, "invalid_input", "send a file or some text", "file")
    result = await anyio.to_thread.run_sync(run_pipeline, database, ids, before, settings)
    from sentinelle.api.audit import record_change

    with database.session() as session:
        after = {"document_ids": ids, "stages": result.stages}
        record_change(session, user.username, "document.upload", "document", None, None, after)
    return RedirectResponse(f"/?uploaded={len(ids)}", status_code=303)
