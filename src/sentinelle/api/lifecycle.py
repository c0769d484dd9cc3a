"""Alert lifecycle actions, carried out by the rapid-reaction stage's public functions."""

from __future__ import annotations

import datetime as dt
import inspect
import logging
from typing import Any

from sqlalchemy.orm import Session

from sentinelle.api.audit import record_change
from sentinelle.api.auth import Principal
from sentinelle.api.pipeline import stage_function
from sentinelle.api.roles import ALERT_ACTION_PERMISSIONS, role_allows
from sentinelle.errors import IllegalTransition
from sentinelle.store.models import Alert

log = logging.getLogger(__name__)

ACTIONS = tuple(ALERT_ACTION_PERMISSIONS)


def actions_for(principal: Principal, alert: Alert) -> list[str]:
    """The lifecycle actions the caller's role allows and the alert's state admits."""
    permitted = [
        action
        for action, permission in ALERT_ACTION_PERMISSIONS.items()
        if role_allows(principal.role, permission)
    ]
    admits = stage_function("alerts", "allowed_actions")
    if admits is None:
        return permitted
    possible = {str(action) for action in admits(alert.state)}
    return [action for action in permitted if action in possible]


def apply_action(
    session: Session,
    principal: Principal,
    alert: Alert,
    action: str,
    note: str | None,
    risk_level: str | None,
) -> Alert:
    """Carry out ``action`` on ``alert`` through the alerts stage, and audit it."""
    perform = stage_function("alerts", "perform_action")
    if perform is None:
        raise IllegalTransition(
            f"alert lifecycle actions are not available in this build ({action} refused)"
        )
    before = _snapshot(alert)
    kwargs: dict[str, Any] = {
        "by": principal.username,
        "note": note,
        "now": dt.datetime.now(dt.UTC),
    }
    if risk_level is not None:
        kwargs["risk_level"] = risk_level
    accepted = inspect.signature(perform).parameters
    kwargs = {key: value for key, value in kwargs.items() if key in accepted}
    perform(session, alert.id, action, **kwargs)
    session.flush()
    session.refresh(alert)
    record_change(
        session, principal.username, f"alert.{action}", "alert", alert.id, before, _snapshot(alert)
    )
    return alert


def deadline_of(alert: Alert) -> dt.datetime | None:
    """When the alert's next step is due, from the alerts stage when it knows."""
    due = stage_function("alerts", "next_deadline")
    if due is None:
        return None
    value = due(alert)
    return value if isinstance(value, dt.datetime) else None


def history_of(session: Session, alert: Alert) -> list[dict[str, Any]]:
    """The alert's transitions, from the alerts stage when it records them."""
    read = stage_function("alerts", "alert_history")
    if read is None:
        return []
    return [
        dict(item) if isinstance(item, dict) else vars(item) for item in read(session, alert.id)
    ]


def _snapshot(alert: Alert) -> dict[str, Any]:
    return {"state": alert.state, "risk_level": alert.risk_level, "severity": alert.severity}
