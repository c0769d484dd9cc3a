"""The notification outbox: messages written in the transaction of the change that causes
them, then sent by a separate delivery step that records each attempt.

Why no notification is lost or sent twice: the state change and its outbox rows commit
together, so either both exist or neither does. Delivery first claims a row (a committed,
conditional UPDATE with a lease, so two schedulers never send the same row at once), sends,
then records the attempt and marks the row delivered in one transaction. The one window no
local transaction can close is a crash after the receiver accepted the message and before
that last commit: the row is then sent again once its lease runs out. Each message therefore
carries its idempotency key (the email's Message-ID, the webhook's X-Sentinelle-Delivery
header): delivery is at-least-once, and a receiver that keeps the keys it has seen gets each
notification exactly once. Crashes anywhere else deliver exactly once with no help.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from sentinelle.alerts.clock import Clock
from sentinelle.alerts.crashpoints import CrashPoint, crash_point
from sentinelle.store import Database
from sentinelle.store.models import Delivery, OutboxMessage
from sentinelle.store.models.response import Channel, DeliveryOutcome, OutboxStatus

log = logging.getLogger(__name__)

# A claimed message is left alone this long: longer than one SMTP or HTTP attempt can take,
# short enough that a crashed sender's messages go out again within minutes.
CLAIM_LEASE = dt.timedelta(minutes=5)
# Retries never wait longer than this, however many failures came before.
MAX_BACKOFF = dt.timedelta(hours=6)
# Messages sent per delivery pass; the next tick takes the rest.
BATCH_SIZE = 200


class DeliveryError(Exception):
    """A send failed; the message will be retried (or dead-lettered)."""


class Sender(Protocol):
    """Sends one outbox message over its channel, raising DeliveryError on failure."""

    def send(self, message: OutboxMessage) -> None:
        """Send ``message``; return only once the receiver has accepted it."""
        ...


@dataclass(frozen=True)
class Recipient:
    """Where a notification goes: a channel, an address and the responder behind it."""

    channel: Channel
    address: str
    responder_id: int | None = None


@dataclass(frozen=True)
class Notice:
    """What happened to an alert, to be told to recipients; ``ref`` makes the key unique."""

    kind: str
    alert_id: int
    ref: str
    subject: str
    payload: Mapping[str, Any]


@dataclass
class DeliveryReport:
    """Counts of one delivery pass."""

    delivered: int = 0
    failed: int = 0
    dead: int = 0


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently failed sends are retried."""

    max_attempts: int = 6
    backoff: dt.timedelta = dt.timedelta(seconds=30)

    def wait_after(self, attempts: int) -> dt.timedelta:
        """Delay before the next try after ``attempts`` failures: exponential, capped."""
        wait: dt.timedelta = self.backoff * (2 ** max(attempts - 1, 0))
        return min(wait, MAX_BACKOFF)


def idempotency_key(notice: Notice, recipient: Recipient) -> str:
    """A key naming this notice to this recipient over this channel, the same on every run."""
    who = f"r{recipient.responder_id}" if recipient.responder_id is not None else "group"
    return f"{notice.kind}.a{notice.alert_id}.{notice.ref}.{who}.{recipient.channel.value}"


def enqueue(
    session: Session, notice: Notice, recipients: Sequence[Recipient], now: dt.datetime
) -> list[OutboxMessage]:
    """Write one outbox row per recipient, in the caller's transaction; repeats are skipped."""
    keys = [idempotency_key(notice, recipient) for recipient in recipients]
    known = set(session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_(keys))))
    rows = []
    for key, recipient in zip(keys, recipients, strict=True):
        if key in known:
            continue
        known.add(key)
        row = OutboxMessage(
            key=key,
            alert_id=notice.alert_id,
            kind=notice.kind,
            channel=recipient.channel.value,
            recipient=recipient.address,
            responder_id=recipient.responder_id,
            subject=notice.subject,
            payload=dict(notice.payload),
            status=OutboxStatus.PENDING.value,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


def deliver_pending(
    database: Database,
    clock: Clock,
    senders: Mapping[Channel, Sender],
    policy: RetryPolicy,
    limit: int = BATCH_SIZE,
) -> DeliveryReport:
    """Send the messages that are due, each claimed, sent, then recorded; returns counts."""
    report = DeliveryReport()
    now = clock.now()
    with database.session() as session:
        due = session.scalars(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.status == OutboxStatus.PENDING.value,
                OutboxMessage.next_attempt_at <= now,
                or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
            )
            .order_by(OutboxMessage.id)
            .limit(limit)
        ).all()
    for message_id in due:
        message = _claim(database, message_id, clock.now())
        if message is None:
            continue
        crash_point(CrashPoint.DELIVERY_BEFORE_SEND)
        sender = senders.get(Channel(message.channel))
        error: str | None = None
        try:
            if sender is None:
                raise DeliveryError(f"no sender configured for channel {message.channel}")
            sender.send(message)
        except DeliveryError as exc:
            error = str(exc) or type(exc).__name__
        crash_point(CrashPoint.DELIVERY_AFTER_SEND)
        outcome = _record(database, message_id, error, clock.now(), policy)
        if outcome is OutboxStatus.DELIVERED:
            report.delivered += 1
        elif outcome is OutboxStatus.DEAD:
            report.dead += 1
        else:
            report.failed += 1
    return report


def _claim(database: Database, message_id: int, now: dt.datetime) -> OutboxMessage | None:
    """Take the message for one send, or None when someone else holds or finished it."""
    with database.session() as session:
        claimed = session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message_id,
                OutboxMessage.status == OutboxStatus.PENDING.value,
                or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
            )
            .values(claimed_until=now + CLAIM_LEASE)
            .execution_options(synchronize_session=False)
        )
        if getattr(claimed, "rowcount", 0) != 1:
            return None
        message = session.get(OutboxMessage, message_id)
        if message is not None:
            session.expunge(message)
        return message


def _record(
    database: Database,
    message_id: int,
    error: str | None,
    now: dt.datetime,
    policy: RetryPolicy,
) -> OutboxStatus:
    """Record the attempt and the message's new status in one transaction."""
    with database.session() as session:
        message = session.get(OutboxMessage, message_id)
        if message is None:
            return OutboxStatus.DEAD
        message.attempts += 1
        message.claimed_until = None
        session.add(
            Delivery(
                outbox_id=message.id,
                attempt=message.attempts,
                at=now,
                outcome=(DeliveryOutcome.FAILED if error else DeliveryOutcome.DELIVERED).value,
                detail=error,
            )
        )
        if error is None:
            message.status = OutboxStatus.DELIVERED.value
            message.delivered_at = now
            message.last_error = None
        elif message.attempts >= policy.max_attempts:
            message.status = OutboxStatus.DEAD.value
            message.last_error = error
            log.warning(
                "notification %s dead-lettered after %d tries", message.key, message.attempts
            )
        else:
            message.last_error = error
            message.next_attempt_at = now + policy.wait_after(message.attempts)
        return OutboxStatus(message.status)


def dead_letters(session: Session) -> list[OutboxMessage]:
    """Messages given up on, oldest first, for a person to look at."""
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.DEAD.value)
            .order_by(OutboxMessage.id)
        )
    )
