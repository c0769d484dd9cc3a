"""The actions log: responses taken on an alert (who, what, where) and how they turned out."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import select
from sqlalchemy.orm import Session

from sentinelle.errors import InputError, NotFound
from sentinelle.store.models import Alert, AlertAction
from sentinelle.store.models.response import ActionOutcome


class ActionKind(enum.StrEnum):
    """The responses a contact group takes."""

    CALL = "call"
    PATROL_REQUEST = "patrol_request"
    STATEMENT = "statement"
    MEDIATION_VISIT = "mediation_visit"
    OTHER = "other"


def log_action(
    session: Session,
    alert_id: int,
    kind: ActionKind,
    description: str,
    by: str,
    now: dt.datetime,
    place: str | None = None,
) -> AlertAction:
    """Record a response taken on ``alert_id``; its outcome is pending until reported."""
    if session.get(Alert, alert_id) is None:
        raise NotFound(f"no alert with id {alert_id}")
    if not description.strip():
        raise InputError("describe the action taken")
    action = AlertAction(
        alert_id=alert_id,
        kind=kind.value,
        description=description.strip(),
        place=place,
        by=by,
        at=now,
        outcome=ActionOutcome.PENDING.value,
    )
    session.add(action)
    session.flush()
    return action


def record_outcome(
    session: Session, action_id: int, outcome: ActionOutcome, note: str | None, now: dt.datetime
) -> AlertAction:
    """Say how an action turned out."""
    action = session.get(AlertAction, action_id)
    if action is None:
        raise NotFound(f"no action with id {action_id}")
    action.outcome = outcome.value
    action.outcome_note = note
    action.outcome_at = now
    session.flush()
    return action


def actions_of(session: Session, alert_id: int) -> list[AlertAction]:
    """The actions taken on an alert, oldest first."""
    return list(
        session.scalars(
            select(AlertAction).where(AlertAction.alert_id == alert_id).order_by(AlertAction.id)
        )
    )
