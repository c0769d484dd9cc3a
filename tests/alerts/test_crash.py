"""Crash tests: the process is killed between a state change and its notifications' delivery
at fixed points; after a restart every notification has arrived, and exactly once."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections import Counter

import pytest
from sqlalchemy import select

from sentinelle.alerts import Action, Change, FakeClock, perform, tick
from sentinelle.alerts.crashpoints import CRASH_ENV, CRASH_EXIT_CODE, CrashPoint
from sentinelle.alerts.notify_webhook import DELIVERY_HEADER
from sentinelle.store import Database
from sentinelle.store.models import Alert, OutboxMessage
from sentinelle.store.models.response import Channel, OutboxStatus
from tests.alerts.receivers import Mailbox, WebhookLog
from tests.alerts.world import SECRET, T0, build_roster, config_for, raise_reported_alert

ACK_AT = T0 + dt.timedelta(minutes=30)
# A restart comes after the delivery claim's lease (5 minutes) has run out.
RESTART_AT = ACK_AT + dt.timedelta(minutes=10)


def _cli(db_url: str, smtp_port: int, base: str, args: list[str], crash: CrashPoint | None) -> int:
    env = os.environ | {
        "SENTINELLE_DATABASE_URL": db_url,
        "SENTINELLE_SMTP_PORT": str(smtp_port),
        "SENTINELLE_ALERT_WEBHOOK_URL": f"{base}/group",
        "SENTINELLE_WEBHOOK_SECRET": SECRET,
    }
    env.pop(CRASH_ENV, None)
    if crash is not None:
        env[CRASH_ENV] = crash.value
    done = subprocess.run(
        [sys.executable, "-m", "sentinelle.cli", "--quiet", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode


def _arrivals(mailbox: Mailbox, hooks: WebhookLog) -> Counter[str]:
    keys = Counter(m["X-Sentinelle-Delivery"] for m in mailbox.messages)
    keys.update(hook.headers[DELIVERY_HEADER] for hook in hooks.hooks)
    return keys


@pytest.mark.slow
@pytest.mark.parametrize("point", list(CrashPoint))
def test_a_crash_neither_loses_nor_duplicates_a_notification(
    db_url: str, point: CrashPoint, smtp: tuple[int, Mailbox], webhooks: tuple[str, WebhookLog]
) -> None:
    port, mailbox = smtp
    base, hooks = webhooks
    db = Database(db_url)
    build_roster(db, base)
    alert_id = raise_reported_alert(db)
    tick(db, config_for(port, base), FakeClock(T0))  # assigned to Awa, notified
    before = sum(_arrivals(mailbox, hooks).values())
    config = config_for(port, base)
    ack = ["alerts", "ack", str(alert_id), "--by", "Awa", "--now", ACK_AT.isoformat()]
    acknowledge = Change(Action.ACKNOWLEDGE, "Awa")

    if point.value.startswith("transition"):
        assert _cli(db_url, port, base, ack, point) == CRASH_EXIT_CODE
        if point is CrashPoint.TRANSITION_BEFORE_COMMIT:  # nothing happened: the user retries
            with db.session() as session:
                assert session.get_one(Alert, alert_id).state == "raised"
                transition_rows = select(OutboxMessage).where(OutboxMessage.kind == "transition")
                assert not session.scalars(transition_rows).all()
            perform(db, alert_id, acknowledge, FakeClock(ACK_AT), config)
    else:
        perform(db, alert_id, acknowledge, FakeClock(ACK_AT), config)
        deliver = ["alerts", "tick", "--now", ACK_AT.isoformat()]
        assert _cli(db_url, port, base, deliver, point) == CRASH_EXIT_CODE
    report = tick(db, config, FakeClock(RESTART_AT))  # the restarted scheduler
    assert report.failed == report.dead == 0

    with db.session() as session:
        assert session.get_one(Alert, alert_id).state == "verifying"
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "transition"))
        keys = {m.key: m.channel for m in rows if m.status == OutboxStatus.DELIVERED}
        pending = session.scalars(
            select(OutboxMessage).where(OutboxMessage.status != OutboxStatus.DELIVERED)
        ).all()
    db.dispose()
    assert len(keys) == 3 and not pending  # Coumba's email and webhook, the group webhook
    arrivals = _arrivals(mailbox, hooks)
    assert set(arrivals) >= set(keys)
    assert sum(arrivals.values()) - before >= len(keys)
    transition_arrivals = {key: arrivals[key] for key in keys}
    if point is CrashPoint.DELIVERY_AFTER_SEND:
        # Killed after the receiver accepted a message and before it was marked delivered:
        # that message is sent again with the same key, which the receiver recognises.
        assert sorted(transition_arrivals.values()) == [1, 1, 2]
        assert len(set(transition_arrivals)) == len(keys)
    else:
        assert transition_arrivals == dict.fromkeys(keys, 1)
    assert {channel for channel in keys.values()} == {Channel.EMAIL, Channel.WEBHOOK}
