"""The scheduler's tick: assign and escalate by the clock, then deliver pending notifications.

``sentinelle alerts tick`` runs it once; ``sentinelle serve`` calls ``tick`` periodically.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sentinelle.alerts.clock import Clock, SystemClock
from sentinelle.alerts.config import ResponseConfig
from sentinelle.alerts.escalation import escalate_overdue
from sentinelle.alerts.notify_email import SmtpSender
from sentinelle.alerts.notify_webhook import WebhookSender
from sentinelle.alerts.outbox import RetryPolicy, Sender, deliver_pending
from sentinelle.store import Database
from sentinelle.store.models.response import Channel


@dataclass(frozen=True)
class TickReport:
    """What one tick did."""

    assigned: int
    escalated: int
    delivered: int
    failed: int
    dead: int


def tick(
    database: Database,
    config: ResponseConfig,
    clock: Clock | None = None,
    senders: Mapping[Channel, Sender] | None = None,
) -> TickReport:
    """Assign new alerts, escalate overdue ones, then send every notification that is due.

    Args:
        database: the store.
        config: deadlines, channels and retry policy (``ResponseConfig.from_settings``).
        clock: the time source; the system clock by default.
        senders: one sender per channel; SMTP and webhook senders from ``config`` by default.
    """
    clock = clock or SystemClock()
    escalation = escalate_overdue(database, clock, config)
    webhook: WebhookSender | None = None
    if senders is None:
        webhook = WebhookSender(config.webhook_secret, config.timeout_s)
        smtp = SmtpSender(config.smtp_host, config.smtp_port, config.smtp_sender, config.timeout_s)
        senders = {Channel.EMAIL: smtp, Channel.WEBHOOK: webhook}
    try:
        policy = RetryPolicy(config.max_attempts, config.backoff)
        delivery = deliver_pending(database, clock, senders, policy)
    finally:
        if webhook is not None:
            webhook.close()
    return TickReport(
        escalation.assigned,
        escalation.escalated,
        delivery.delivered,
        delivery.failed,
        delivery.dead,
    )
