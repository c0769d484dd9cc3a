"""Alert lifecycle actions, carried out by the rapid-reaction stage's public functions.

The alerts stage owns the state machine (``allowed_actions``, ``perform`` with a ``Change``);
this module maps the API's action names onto it, checks roles, and audits each change.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sentinelle.alerts import (
    Action,
    Change,
    ResponseConfig,
    Stage,
    SystemClock,
    allowed_actions,
    perform,
)
from sentinelle.api.audit import record_change
from sentinelle.api.auth import Principal
from sentinelle.api.roles import ALERT_ACTION_PERMISSIONS, role_allows
from sentinelle.errors import InputError
from sentinelle.settings import Settings
from sentinelle.store import AlertSeverity, AlertState, Database, RiskLevel
from sentinelle.store import models as store_models
from sentinelle.store.models import Alert

log = logging.getLogger(__name__)

ACTIONS = tuple(ALERT_ACTION_PERMISSIONS)
# The alerts stage's name for an action, where it differs from the API's.
STAGE_ACTION_NAMES = {"acknowledge": "ack"}
# The milestone an alert in each state is working towards (the alerts stage's deadlines).
NEXT_MILESTONE = {
    AlertState.RAISED.value: "acknowledge",
    AlertState.VERIFYING.value: "verify",
    AlertState.VERIFIED.value: "assess",
    AlertState.ASSESSED.value: "respond",
}


def _stage_action(action: str) -> str:
    return STAGE_ACTION_NAMES.get(action, action)


def actions_for(principal: Principal, alert: Alert) -> list[str]:
    """The lifecycle actions the caller's role allows and the alert's state admits."""
    permitted = [
        action
        for action, permission in ALERT_ACTION_PERMISSIONS.items()
        if role_allows(principal.role, permission)
    ]
    possible = {action.value for action in allowed_actions(AlertState(alert.state))}
    return [action for action in permitted if _stage_action(action) in possible]


def apply_action(
    database: Database,
    settings: Settings,
    session: Session,
    principal: Principal,
    alert: Alert,
    action: str,
    note: str | None,
    risk_level: str | None,
) -> None:
    """Carry out ``action`` on ``alert`` through the alerts stage, and audit it."""
    risk = None
    if risk_level:
        try:
            risk = RiskLevel(risk_level)
        except ValueError:
            levels = ", ".join(level.value for level in RiskLevel)
            raise InputError(f"risk level must be one of {levels}", field="risk_level") from None
    before = _snapshot(alert)
    change = Change(
        action=Action(_stage_action(action)), by=principal.username, note=note, risk_level=risk
    )
    session.commit()  # the alerts stage commits through its own session
    perform(database, alert.id, change, SystemClock(), _response_config(settings))
    session.expire(alert)
    record_change(
        session, principal.username, f"alert.{action}", "alert", alert.id, before, _snapshot(alert)
    )


def deadline_of(alert: Alert, settings: Settings) -> dt.datetime | None:
    """When the alert's next milestone falls due, by the alerts stage's deadline policy."""
    return due_at(alert.state, alert.severity, alert.raised_at, settings)


def due_at(
    state: str, severity: str, raised_at: dt.datetime, settings: Settings
) -> dt.datetime | None:
    """When the next milestone of an alert in ``state`` falls due (None when none is left).

    The time allowed is looked up once per settings, state and severity: the alerts list
    asks for it on every row.
    """
    key = (id(settings), state, severity)
    known = _ALLOWED.get(key)
    if known is None or known[0] is not settings:
        known = (settings, _time_allowed(state, severity, settings))
        _ALLOWED[key] = known
    allowed = known[1]
    return None if allowed is None else raised_at + allowed


# Time allowed to reach the next milestone, by (id of the settings, state, severity).
_ALLOWED: dict[tuple[int, str, str], tuple[Settings, dt.timedelta | None]] = {}


def _time_allowed(state: str, severity: str, settings: Settings) -> dt.timedelta | None:
    milestone = NEXT_MILESTONE.get(state)
    if milestone is None:
        return None
    deadlines = _response_config(settings).deadlines
    return deadlines.for_severity(AlertSeverity(severity)).allowed(Stage(milestone))


# The alerts stage's configuration, built once per settings object.
_CONFIGS: dict[int, tuple[Settings, ResponseConfig]] = {}


def _response_config(settings: Settings) -> ResponseConfig:
    cached = _CONFIGS.get(id(settings))
    if cached is None or cached[0] is not settings:
        cached = (settings, ResponseConfig.from_settings(settings))
        _CONFIGS[id(settings)] = cached
    return cached[1]


def history_of(session: Session, alert: Alert) -> list[dict[str, Any]]:
    """The alert's recorded transitions, oldest first (when the alerts stage records them)."""
    model = getattr(store_models, "AlertTransition", None)
    if model is None:
        return []
    rows = session.scalars(select(model).where(model.alert_id == alert.id).order_by(model.id))
    return [
        {
            "action": row.action,
            "from_state": row.from_state,
            "to_state": row.to_state,
            "by": row.by,
            "at": row.at.isoformat(),
            "note": row.note,
            "risk_level": row.risk_level,
        }
        for row in rows
    ]


def _snapshot(alert: Alert) -> dict[str, Any]:
    return {"state": alert.state, "risk_level": alert.risk_level, "severity": alert.severity}
