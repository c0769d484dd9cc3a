"""``/alerts``: the alert queue (scoped by region) and every lifecycle action."""

from __future__ import annotations

from fastapi import Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from sentinelle.api.auth import Principal
from sentinelle.api.deps import (
    AppSettings,
    CurrentUser,
    DbSession,
    RowId,
    app_database,
    app_settings,
)
from sentinelle.api.errors import ErrorBody
from sentinelle.api.lifecycle import (
    ACTIONS,
    actions_for,
    apply_action,
    deadline_of,
    due_at,
    history_of,
)
from sentinelle.api.pagination import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    decode_cursor,
    json_with_etag,
    page_with_etag,
)
from sentinelle.api.queries import alert_event_ids, alert_rows, get_alert, page_rows
from sentinelle.api.routes import resource_router
from sentinelle.api.schemas import AlertAction, AlertDetail, AlertOut, AlertPage
from sentinelle.settings import Settings
from sentinelle.store import AlertState, Database
from sentinelle.store.models import Alert

router = resource_router("alerts")
# The list selects just what AlertOut shows (its deadline is computed), as plain rows.
ALERT_LIST_FIELDS = tuple(name for name in AlertOut.model_fields if name != "deadline")
ALERT_LIST_COLUMNS = tuple(getattr(Alert, name) for name in ALERT_LIST_FIELDS)
STATE_PATTERN = "^(open|" + "|".join(state.value for state in AlertState) + ")$"


def alert_out(alert: Alert, settings: Settings) -> AlertOut:
    """An alert with its next deadline."""
    out = AlertOut.model_validate(alert)
    out.deadline = deadline_of(alert, settings)
    return out


# On the event loop like the events list (see there).
@router.get("/alerts", name="alerts.list", response_model=AlertPage)
async def list_alerts(
    request: Request,
    user: CurrentUser,
    state: str | None = Query(None, pattern=STATE_PATTERN, description="A state, or 'open'"),
    region: str | None = Query(None, max_length=64),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
) -> Response:
    """Alerts the caller may see, newest first."""
    settings = app_settings(request)
    # One row more than the page tells whether another page follows.
    query = alert_rows(
        user, state, region, ALERT_LIST_COLUMNS, after=decode_cursor(cursor), limit=limit + 1
    )
    rows, last = page_rows(app_database(request).read_rows(query.statement, query.params), limit)
    items = [
        dict(
            zip(ALERT_LIST_FIELDS, row, strict=True),
            deadline=due_at(row.state, row.severity, row.raised_at, settings),
        )
        for row in rows
    ]
    return page_with_etag(request, items, last)


def alert_detail(
    session: Session, settings: Settings, user: Principal, alert_id: int
) -> AlertDetail:
    """One alert with its evidence and the actions open to the caller."""
    alert = get_alert(session, user, alert_id)
    return AlertDetail(
        **alert_out(alert, settings).model_dump(),
        event_ids=alert_event_ids(session, alert.id),
        details=dict(alert.details or {}),
        allowed_actions=actions_for(user, alert),
        history=history_of(session, alert),
    )


@router.get("/alerts/{alert_id}", name="alerts.show", response_model=AlertDetail)
def show_alert(
    alert_id: RowId, request: Request, session: DbSession, settings: AppSettings, user: CurrentUser
) -> Response:
    """One alert; an alert outside the caller's regions is reported as not found."""
    return json_with_etag(request, alert_detail(session, settings, user, alert_id))


def _action_route(action: str) -> None:
    def act(
        alert_id: RowId,
        body: AlertAction,
        request: Request,
        session: DbSession,
        settings: AppSettings,
        user: CurrentUser,
    ) -> AlertDetail:
        alert = get_alert(session, user, alert_id)
        database: Database = request.app.state.database
        apply_action(database, settings, session, user, alert, action, body.note, body.risk_level)
        return alert_detail(session, settings, user, alert_id)

    act.__doc__ = f"{action.capitalize()} the alert (lifecycle action, audited)."
    router.add_api_route(
        f"/alerts/{{alert_id}}/{action}",
        act,
        methods=["POST"],
        name=f"alerts.{action}",
        response_model=AlertDetail,
        responses={409: {"model": ErrorBody, "description": "The state refuses this action"}},
    )


for _action in ACTIONS:
    _action_route(_action)
