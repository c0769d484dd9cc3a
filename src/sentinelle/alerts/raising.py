"""Raising an alert: one situation raises one alert, updated while its cool-down lasts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from sentinelle.store import AlertSeverity, AlertState
from sentinelle.store.models import Alert, AlertEvidence

OPEN_STATES = tuple(state.value for state in AlertState if state.is_open)


@dataclass(frozen=True)
class AlertDraft:
    """What a rule wants to say: the situation, where, when, how bad and why."""

    key: str
    rule: str
    detector: str
    severity: AlertSeverity
    title: str
    explanation: str
    window_start: dt.date
    window_end: dt.date
    cooldown: dt.timedelta
    producer: str
    event_ids: Sequence[int] = ()
    country: str | None = None
    admin1: str | None = None
    admin1_pcode: str | None = None
    admin2: str | None = None
    admin2_pcode: str | None = None
    score: float | None = None
    details: dict[str, Any] = field(default_factory=dict)


def find_open_alert(session: Session, key: str, now: dt.datetime) -> Alert | None:
    """The open alert for ``key`` whose cool-down has not run out, if any."""
    return session.scalars(
        select(Alert)
        .where(Alert.key == key, Alert.state.in_(OPEN_STATES), Alert.cooldown_until >= now)
        .order_by(Alert.id.desc())
        .limit(1)
    ).first()


def raise_alert(session: Session, draft: AlertDraft, now: dt.datetime) -> tuple[Alert, bool]:
    """Create the alert, or update the open one for the same situation; True when new."""
    alert = find_open_alert(session, draft.key, now)
    created = alert is None
    if alert is None:
        alert = Alert(key=draft.key, raised_at=now, state=AlertState.RAISED.value)
        session.add(alert)
        alert.severity = draft.severity.value
        alert.window_start = draft.window_start
        alert.window_end = draft.window_end
    else:
        stronger = max(AlertSeverity(alert.severity), draft.severity, key=lambda s: s.rank)
        alert.severity = stronger.value
        alert.window_start = min(alert.window_start, draft.window_start)
        alert.window_end = max(alert.window_end, draft.window_end)
    _apply(alert, draft, now)
    session.flush()
    _attach_evidence(session, alert, draft.event_ids, now)
    return alert, created


def _apply(alert: Alert, draft: AlertDraft, now: dt.datetime) -> None:
    alert.rule = draft.rule
    alert.detector = draft.detector
    alert.title = draft.title
    alert.explanation = draft.explanation
    alert.producer = draft.producer
    alert.score = draft.score
    alert.details = dict(draft.details)
    alert.updated_at = now
    alert.cooldown_until = now + draft.cooldown
    for column in ("country", "admin1", "admin1_pcode", "admin2", "admin2_pcode"):
        setattr(alert, column, getattr(draft, column))


def _attach_evidence(
    session: Session, alert: Alert, event_ids: Sequence[int], now: dt.datetime
) -> None:
    known = set(
        session.scalars(select(AlertEvidence.event_id).where(AlertEvidence.alert_id == alert.id))
    )
    rows = [
        {"alert_id": alert.id, "event_id": event_id, "added_at": now}
        for event_id in dict.fromkeys(event_ids)
        if event_id not in known
    ]
    if rows:  # one multi-row INSERT, not one statement per event
        session.execute(insert(AlertEvidence), rows)
