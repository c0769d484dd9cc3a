"""What each alert event tells whom: the recipients and the payload of notifications."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sentinelle.alerts.config import ResponseConfig
from sentinelle.alerts.outbox import Notice, Recipient, enqueue
from sentinelle.alerts.responders import covers
from sentinelle.store.models import Alert, AlertAssignment, OutboxMessage, Responder
from sentinelle.store.models.response import Channel, ResponderRole


class NoticeKind(enum.StrEnum):
    """Why a notification is sent."""

    ASSIGNED = "assigned"
    ESCALATED = "escalated"
    TRANSITION = "transition"


def alert_payload(alert: Alert, **extra: Any) -> dict[str, Any]:
    """The facts of an alert every notification carries."""
    payload: dict[str, Any] = {
        "alert_id": alert.id,
        "title": alert.title,
        "state": alert.state,
        "severity": alert.severity,
        "risk_level": alert.risk_level,
        "region": alert.admin1,
        "raised_at": alert.raised_at.isoformat(),
    }
    return payload | extra


def recipients_of(people: Iterable[Responder], config: ResponseConfig) -> list[Recipient]:
    """Each person's email and webhook, then the contact group's webhook if configured."""
    recipients: list[Recipient] = []
    for person in dict.fromkeys(people):
        if person.email:
            recipients.append(Recipient(Channel.EMAIL, person.email, person.id))
        if person.webhook_url:
            recipients.append(Recipient(Channel.WEBHOOK, person.webhook_url, person.id))
    if config.group_webhook_url:
        recipients.append(Recipient(Channel.WEBHOOK, config.group_webhook_url))
    return recipients


def current_assignee(session: Session, alert_id: int) -> Responder | None:
    """The responder the alert was last given to, if any."""
    assignment = session.scalars(
        select(AlertAssignment)
        .where(AlertAssignment.alert_id == alert_id)
        .order_by(AlertAssignment.id.desc())
        .limit(1)
    ).first()
    return session.get(Responder, assignment.responder_id) if assignment else None


def watchers(session: Session, alert: Alert, actor: str) -> list[Responder]:
    """Who hears of a state change: the assignee and the region's coordinators, not the actor."""
    people: list[Responder] = []
    assignee = current_assignee(session, alert.id)
    if assignee is not None:
        people.append(assignee)
    coordinators = session.scalars(
        select(Responder).where(
            Responder.role == ResponderRole.COORDINATOR.value, Responder.active.is_(True)
        )
    ).all()
    people += [c for c in coordinators if covers(c, alert.admin1)]
    return [person for person in people if person.name != actor]


def notify(
    session: Session,
    alert: Alert,
    kind: NoticeKind,
    ref: str,
    subject: str,
    people: Iterable[Responder],
    config: ResponseConfig,
    now: dt.datetime,
    extra: Mapping[str, Any] | None = None,
) -> list[OutboxMessage]:
    """Queue the notice for ``people`` (and the group webhook) in the caller's transaction."""
    notice = Notice(
        kind=kind.value,
        alert_id=alert.id,
        ref=ref,
        subject=f"[Sentinelle #{alert.id} {alert.severity}] {subject}",
        payload=alert_payload(alert, **(extra or {})),
    )
    return enqueue(session, notice, recipients_of(people, config), now)
