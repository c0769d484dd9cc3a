"""Two schedulers at once (the CLI's tick beside the server's): nothing sent or escalated twice."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable

from sqlalchemy import select

from sentinelle.alerts import FakeClock
from sentinelle.alerts.escalation import escalate_overdue
from sentinelle.alerts.notify_webhook import DELIVERY_HEADER, WebhookSender
from sentinelle.alerts.outbox import Notice, Recipient, RetryPolicy, deliver_pending, enqueue
from sentinelle.store import Database
from sentinelle.store.models import AlertEscalation
from sentinelle.store.models.response import Channel
from tests.alerts.receivers import WebhookLog
from tests.alerts.world import T0, build_roster, config_for, raise_reported_alert

MESSAGES = 30


def _twice(work: Callable[[], object]) -> None:
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        start.wait()
        try:
            work()
        except BaseException as exc:  # reported to the test below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def test_two_delivery_passes_at_once_send_each_message_once(
    db: Database, webhooks: tuple[str, WebhookLog]
) -> None:
    base, log = webhooks
    alert_id = raise_reported_alert(db)
    with db.session() as session:
        for n in range(MESSAGES):
            notice = Notice("transition", alert_id, f"t{n}", f"notice {n}", {})
            enqueue(session, notice, [Recipient(Channel.WEBHOOK, f"{base}/group")], T0)

    def deliver() -> None:
        sender = WebhookSender(None, 5)
        deliver_pending(db, FakeClock(T0), {Channel.WEBHOOK: sender}, RetryPolicy())
        sender.close()

    _twice(deliver)
    received = Counter(hook.headers[DELIVERY_HEADER] for hook in log.hooks)
    assert len(received) == MESSAGES and set(received.values()) == {1}


def test_two_escalation_passes_at_once_escalate_once(db: Database) -> None:
    build_roster(db, "http://127.0.0.1:9")
    alert_id = raise_reported_alert(db)
    config = config_for(25, "http://127.0.0.1:9")
    escalate_overdue(db, FakeClock(T0), config)
    _twice(lambda: escalate_overdue(db, FakeClock(T0 + dt.timedelta(hours=3)), config))
    with db.session() as session:
        steps = session.scalars(
            select(AlertEscalation.step).where(AlertEscalation.alert_id == alert_id)
        ).all()
    assert sorted(steps) == [1, 2]
