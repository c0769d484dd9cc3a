"""Notification delivery: exponential backoff, dead letters, signatures, idempotent enqueue."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from sentinelle.alerts import FakeClock
from sentinelle.alerts.notify_webhook import SIGNATURE_HEADER, WebhookSender, sign
from sentinelle.alerts.outbox import Notice, Recipient, RetryPolicy, deliver_pending, enqueue
from sentinelle.store import Database
from sentinelle.store.models import Delivery, OutboxMessage
from sentinelle.store.models.response import Channel, OutboxStatus
from tests.alerts.receivers import WebhookLog
from tests.alerts.world import T0, raise_reported_alert

POLICY = RetryPolicy(max_attempts=3, backoff=dt.timedelta(seconds=10))


def _queue_one(db: Database, url: str) -> int:
    alert_id = raise_reported_alert(db)
    notice = Notice("transition", alert_id, "t1", "ack", {"state": "verifying"})
    with db.session() as session:
        rows = enqueue(session, notice, [Recipient(Channel.WEBHOOK, url)], T0)
        again = enqueue(session, notice, [Recipient(Channel.WEBHOOK, url)], T0)
        assert again == []  # the same notice to the same recipient is queued once
        return rows[0].id


def test_failed_webhooks_back_off_exponentially_then_succeed(
    db: Database, webhooks: tuple[str, WebhookLog]
) -> None:
    base, log = webhooks
    message_id = _queue_one(db, f"{base}/group")
    log.fail_next = 2
    clock, sender = FakeClock(T0), WebhookSender("k", 5)
    senders = {Channel.WEBHOOK: sender}
    assert deliver_pending(db, clock, senders, POLICY).failed == 1
    clock.advance(dt.timedelta(seconds=9))
    assert deliver_pending(db, clock, senders, POLICY).failed == 0  # not due yet
    clock.advance(dt.timedelta(seconds=1))
    assert deliver_pending(db, clock, senders, POLICY).failed == 1
    clock.advance(dt.timedelta(seconds=19))
    assert deliver_pending(db, clock, senders, POLICY).delivered == 0  # 20 s after the 2nd
    clock.advance(dt.timedelta(seconds=1))
    assert deliver_pending(db, clock, senders, POLICY).delivered == 1
    sender.close()
    with db.session() as session:
        attempts = session.scalars(select(Delivery).where(Delivery.outbox_id == message_id))
        assert [(d.attempt, d.outcome, d.at - T0) for d in attempts] == [
            (1, "failed", dt.timedelta(0)),
            (2, "failed", dt.timedelta(seconds=10)),
            (3, "delivered", dt.timedelta(seconds=30)),
        ]
    assert len(log.hooks) == 1
    assert log.hooks[0].headers[SIGNATURE_HEADER] == sign(log.hooks[0].body, "k")


def test_a_message_is_dead_lettered_after_max_attempts(
    db: Database, webhooks: tuple[str, WebhookLog]
) -> None:
    base, log = webhooks
    _queue_one(db, f"{base}/group")
    log.fail_next = 10
    clock, sender = FakeClock(T0), WebhookSender(None, 5)
    for _ in range(5):
        deliver_pending(db, clock, {Channel.WEBHOOK: sender}, POLICY)
        clock.advance(dt.timedelta(hours=1))
    sender.close()
    with db.session() as session:
        message = session.scalars(select(OutboxMessage)).one()
        assert (message.status, message.attempts) == (OutboxStatus.DEAD, 3)
        assert "HTTP 503" in (message.last_error or "")


def test_an_unreachable_smtp_server_is_a_retryable_failure(db: Database) -> None:
    from sentinelle.alerts.notify_email import SmtpSender
    from tests.alerts.receivers import free_port

    alert_id = raise_reported_alert(db)
    notice = Notice("assigned", alert_id, "g1", "new alert", {})
    with db.session() as session:
        enqueue(session, notice, [Recipient(Channel.EMAIL, "awa@example.org", None)], T0)
    sender = SmtpSender("127.0.0.1", free_port(), "s@example.org", 2)
    report = deliver_pending(db, FakeClock(T0), {Channel.EMAIL: sender}, POLICY)
    assert (report.delivered, report.failed) == (0, 1)
    with db.session() as session:
        message = session.scalars(select(OutboxMessage)).one()
        assert message.status == OutboxStatus.PENDING
        assert message.next_attempt_at == T0 + dt.timedelta(seconds=10)
