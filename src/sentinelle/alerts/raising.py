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
QUERY_BATCH = 500  # keys or ids per IN (...): well under SQLite's and psycopg's parameter limits
INSERT_BATCH = 2000  # evidence rows per INSERT: bounded statements, few round trips


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
    return raise_alerts(session, [draft], now)[0]


def raise_alerts(
    session: Session, drafts: Sequence[AlertDraft], now: dt.datetime
) -> list[tuple[Alert, bool]]:
    """``raise_alert`` for many drafts in a handful of statements; in order, True when new.

    A key met twice in ``drafts`` updates the alert its first draft raised, as successive
    ``raise_alert`` calls would.
    """
    alerts = _open_alerts(session, [draft.key for draft in drafts], now)
    existing = {alert.id for alert in alerts.values()}
    results: list[tuple[Alert, bool]] = []
    for draft in drafts:
        alert = alerts.get(draft.key)
        created = alert is None
        if alert is None:
            alert = Alert(key=draft.key, raised_at=now, state=AlertState.RAISED.value)
            session.add(alert)
            alert.severity = draft.severity.value
            alert.window_start = draft.window_start
            alert.window_end = draft.window_end
            alerts[draft.key] = alert
        else:
            stronger = max(AlertSeverity(alert.severity), draft.severity, key=lambda s: s.rank)
            alert.severity = stronger.value
            alert.window_start = min(alert.window_start, draft.window_start)
            alert.window_end = max(alert.window_end, draft.window_end)
        _apply(alert, draft, now)
        results.append((alert, created))
    session.flush()
    _attach_evidence(
        session,
        [(alert, draft.event_ids) for (alert, _), draft in zip(results, drafts, strict=True)],
        existing,
        now,
    )
    return results


def _open_alerts(session: Session, keys: list[str], now: dt.datetime) -> dict[str, Alert]:
    """Per key, its latest open alert whose cool-down has not run out."""
    found: dict[str, Alert] = {}
    unique = list(dict.fromkeys(keys))
    for i in range(0, len(unique), QUERY_BATCH):
        rows = session.scalars(
            select(Alert)
            .where(
                Alert.key.in_(unique[i : i + QUERY_BATCH]),
                Alert.state.in_(OPEN_STATES),
                Alert.cooldown_until >= now,
            )
            .order_by(Alert.id.desc())
        )
        for alert in rows:
            found.setdefault(alert.key, alert)
    return found


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
    session: Session,
    pairs: list[tuple[Alert, Sequence[int]]],
    existing: set[int],
    now: dt.datetime,
) -> None:
    """Add the events not yet attached: one query for what is known, multi-row inserts."""
    ids = sorted({alert.id for alert, _ in pairs if alert.id in existing})
    known: set[tuple[int, int]] = set()
    for i in range(0, len(ids), QUERY_BATCH):
        query = select(AlertEvidence.alert_id, AlertEvidence.event_id).where(
            AlertEvidence.alert_id.in_(ids[i : i + QUERY_BATCH])
        )
        known.update((alert_id, event_id) for alert_id, event_id in session.execute(query))
    rows = []
    for alert, event_ids in pairs:
        for event_id in dict.fromkeys(event_ids):
            if (alert.id, event_id) not in known:
                known.add((alert.id, event_id))
                rows.append({"alert_id": alert.id, "event_id": event_id, "added_at": now})
    for i in range(0, len(rows), INSERT_BATCH):  # multi-row INSERTs, not one per event
        session.execute(insert(AlertEvidence), rows[i : i + INSERT_BATCH])
