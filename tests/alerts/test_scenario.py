"""The whole rapid reaction with a fake clock: raised, unacknowledged, escalated on time to the
second responder then the coordinator, verified with a second source, assessed, answered,
resolved; every email and webhook reaches its loopback receiver exactly once."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest
from sqlalchemy import select

from sentinelle.alerts import Action, Change, FakeClock, perform, tick
from sentinelle.alerts.actions import ActionKind, log_action
from sentinelle.alerts.notices import current_assignee
from sentinelle.alerts.notify_email import message_id
from sentinelle.alerts.notify_webhook import DELIVERY_HEADER, SIGNATURE_HEADER, signature_is_valid
from sentinelle.alerts.verification import SourceDraft
from sentinelle.errors import IllegalTransition
from sentinelle.store import AlertState, Database, RiskLevel
from sentinelle.store.models import Alert, AlertEscalation, AlertTransition, Delivery, OutboxMessage
from sentinelle.store.models.response import Channel, OutboxStatus, SourceKind
from tests.alerts.receivers import Mailbox, WebhookLog
from tests.alerts.world import SECRET, T0, build_roster, config_for, raise_reported_alert

HOUR = dt.timedelta(hours=1)
MINUTE = dt.timedelta(minutes=1)


def _assignee(db: Database, alert_id: int) -> str | None:
    with db.session() as session:
        person = current_assignee(session, alert_id)
        return person.name if person else None


def test_full_scenario_escalates_on_time_and_notifies_exactly_once(
    db: Database, smtp: tuple[int, Mailbox], webhooks: tuple[str, WebhookLog]
) -> None:
    port, mailbox = smtp
    base, hooks = webhooks
    build_roster(db, base)
    config = config_for(port, base)
    alert_id = raise_reported_alert(db)
    clock = FakeClock(T0)

    def tick_at(moment: dt.datetime) -> tuple[int, int]:
        clock.set(moment)
        report = tick(db, config, clock)
        assert report.failed == report.dead == 0
        return report.assigned, report.escalated

    assert tick_at(T0) == (1, 0)
    assert _assignee(db, alert_id) == "Awa"
    assert tick_at(T0 + 59 * MINUTE) == (0, 0)
    assert tick_at(T0 + HOUR) == (0, 1)
    assert _assignee(db, alert_id) == "Bakary"
    assert tick_at(T0 + 2 * HOUR - MINUTE) == (0, 0)
    assert tick_at(T0 + 2 * HOUR) == (0, 1)
    assert _assignee(db, alert_id) == "Coumba"
    assert tick_at(T0 + 5 * HOUR) == (0, 0)  # nobody is left above the coordinator

    clock.set(T0 + 5 * HOUR)
    perform(db, alert_id, Change(Action.ACKNOWLEDGE, "Coumba", "calling Gao"), clock, config)
    with pytest.raises(IllegalTransition, match="rumoured"):
        perform(db, alert_id, Change(Action.VERIFY, "Coumba"), clock, config)
    clock.set(T0 + 6 * HOUR)
    second = SourceDraft(SourceKind.CORROBORATES, "https://radio.example.org/gao-market")
    perform(
        db,
        alert_id,
        Change(Action.VERIFY, "Coumba", "radio confirms", sources=[second]),
        clock,
        config,
    )
    clock.set(T0 + 7 * HOUR)
    perform(db, alert_id, Change(Action.ASSESS, "Coumba", risk_level=RiskLevel.HIGH), clock, config)
    clock.set(T0 + 8 * HOUR)
    perform(db, alert_id, Change(Action.RESPOND, "Awa", "mediation team sent"), clock, config)
    with db.session() as session:
        log_action(
            session,
            alert_id,
            ActionKind.MEDIATION_VISIT,
            "Visit to the market chiefs",
            "Awa",
            clock.now(),
            place="Gao",
        )
    tick_at(T0 + 9 * HOUR)
    clock.set(T0 + 30 * HOUR)
    perform(db, alert_id, Change(Action.RESOLVE, "Coumba", "calm restored"), clock, config)
    tick_at(T0 + 30 * HOUR)

    with db.session() as session:
        escalations = session.scalars(select(AlertEscalation).order_by(AlertEscalation.id)).all()
        assert [(e.stage, e.step, e.due_at, e.at) for e in escalations] == [
            ("acknowledge", 1, T0 + HOUR, T0 + HOUR),
            ("acknowledge", 2, T0 + 2 * HOUR, T0 + 2 * HOUR),
        ]
        transitions = session.scalars(select(AlertTransition).order_by(AlertTransition.id)).all()
        assert [(t.to_state, t.by) for t in transitions] == [
            ("verifying", "Coumba"),
            ("verified", "Coumba"),
            ("assessed", "Coumba"),
            ("responding", "Awa"),
            ("resolved", "Coumba"),
        ]
        assert transitions[1].evidence[0]["reference"] == "https://radio.example.org/gao-market"
        assert transitions[2].risk_level == RiskLevel.HIGH
        messages = session.scalars(select(OutboxMessage)).all()
        assert {m.status for m in messages} == {OutboxStatus.DELIVERED}
        assert len(session.scalars(select(Delivery)).all()) == len(messages)
        email_keys = {m.key for m in messages if m.channel == Channel.EMAIL}
        hook_keys = {m.key: m.recipient for m in messages if m.channel == Channel.WEBHOOK}
        alert = session.get_one(Alert, alert_id)
        assert (alert.state, alert.risk_level) == (AlertState.RESOLVED, RiskLevel.HIGH)
    assert len(email_keys) >= 3 and len(hook_keys) >= 5

    assert Counter(mailbox.message_ids()) == {message_id(key): 1 for key in email_keys}
    escalated_to_bakary = [m for m in mailbox.messages if m["To"] == "bakary@example.org"]
    assert "ESCALATED" in str(escalated_to_bakary[0]["Subject"])

    received = Counter(hook.headers[DELIVERY_HEADER] for hook in hooks.hooks)
    assert received == Counter(dict.fromkeys(hook_keys, 1))
    for hook in hooks.hooks:
        assert signature_is_valid(hook.body, hook.headers[SIGNATURE_HEADER], SECRET)
        assert base + hook.path == hook_keys[hook.headers[DELIVERY_HEADER]]
        assert json.loads(hook.body)["alert_id"] == alert_id
