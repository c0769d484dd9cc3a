"""Alerts as rows and as a readable record, for the CLI and the web pages."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sentinelle.alerts.actions import actions_of
from sentinelle.alerts.lifecycle import allowed_actions
from sentinelle.alerts.verification import corroboration
from sentinelle.alerts.workflow import get_alert
from sentinelle.errors import InputError
from sentinelle.store import AlertState
from sentinelle.store.models import (
    Alert,
    AlertAssignment,
    AlertEscalation,
    AlertSource,
    AlertTransition,
    OutboxMessage,
    Responder,
)


def alert_rows(
    session: Session, state: str | None = None, region: str | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """Alerts newest first, each with its current assignee's name."""
    query = select(Alert).order_by(Alert.id.desc()).limit(limit)
    if state is not None:
        if state not in {s.value for s in AlertState}:
            states = ", ".join(s.value for s in AlertState)
            raise InputError(f"unknown state {state!r} (expected {states})", source="--state")
        query = query.where(Alert.state == state)
    if region is not None:
        query = query.where(func.lower(Alert.admin1) == region.lower())
    alerts = session.scalars(query).all()
    latest = (
        select(AlertAssignment.alert_id, func.max(AlertAssignment.id).label("last"))
        .where(AlertAssignment.alert_id.in_([a.id for a in alerts]))
        .group_by(AlertAssignment.alert_id)
        .subquery()
    )
    names: dict[int, str] = {
        alert_id: name
        for alert_id, name in session.execute(
            select(latest.c.alert_id, Responder.name)
            .join(AlertAssignment, AlertAssignment.id == latest.c.last)
            .join(Responder, Responder.id == AlertAssignment.responder_id)
        )
    }
    return [
        {
            "id": a.id,
            "state": a.state,
            "severity": a.severity,
            "risk_level": a.risk_level,
            "region": a.admin1,
            "assignee": names.get(a.id),
            "raised_at": a.raised_at,
            "title": a.title,
        }
        for a in alerts
    ]


def describe_alert(session: Session, alert_id: int) -> str:
    """A plain-text record of one alert and everything done about it."""
    alert = get_alert(session, alert_id)
    sourcing = corroboration(session, alert.id)
    allowed = ", ".join(action.value for action in allowed_actions(AlertState(alert.state)))
    lines = [
        f"Alert {alert.id}: {alert.title}",
        f"  state {alert.state} (next: {allowed or 'none'}), severity {alert.severity}, "
        f"risk {alert.risk_level or 'not assessed'}",
        f"  region {alert.admin1 or '-'}, raised {alert.raised_at.isoformat()}, rule {alert.rule}",
        f"  sourcing: {sourcing.label} ({sourcing.independent_sources} independent source(s))",
        f"  {alert.explanation}",
        "Transitions:",
    ]
    for t in _all(session, AlertTransition, alert.id):
        why = f" - {t.note}" if t.note else ""
        lines.append(f"  {t.at.isoformat()} {t.from_state} -> {t.to_state} by {t.by}{why}")
    lines.append("Assignments and escalations:")
    people = {r.id: r.name for r in session.scalars(select(Responder))}
    for a in _all(session, AlertAssignment, alert.id):
        lines.append(
            f"  {a.at.isoformat()} {people.get(a.responder_id)} ({a.reason}) {a.note or ''}"
        )
    for e in _all(session, AlertEscalation, alert.id):
        lines.append(
            f"  {e.at.isoformat()} {e.stage} overdue (due {e.due_at.isoformat()}), step {e.step}"
            f" -> {people.get(e.to_responder_id or -1)}"
        )
    lines.append("Sources:")
    lines += [
        f"  {s.kind}: {s.reference} (by {s.by})" for s in _all(session, AlertSource, alert.id)
    ]
    lines.append("Actions:")
    lines += [
        f"  {a.at.isoformat()} {a.kind} by {a.by}: {a.description} [{a.outcome}]"
        for a in actions_of(session, alert.id)
    ]
    counts = session.execute(
        select(OutboxMessage.status, func.count())
        .where(OutboxMessage.alert_id == alert.id)
        .group_by(OutboxMessage.status)
    )
    lines.append("Notifications: " + (", ".join(f"{n} {s}" for s, n in counts) or "none"))
    return "\n".join(lines)


def _all(session: Session, model: Any, alert_id: int) -> list[Any]:
    return list(session.scalars(select(model).where(model.alert_id == alert_id).order_by(model.id)))
