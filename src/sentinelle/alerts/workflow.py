"""Acting on an alert: one transaction holds the state change, its record and its notices.

``perform`` is the entry point: it applies the action through the lifecycle's transition
table, records who, when, why and the evidence, and queues the notifications, then commits
all of it at once (the outbox pattern); delivery happens later, in ``tick``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from sentinelle.alerts.clock import Clock
from sentinelle.alerts.config import ResponseConfig
from sentinelle.alerts.crashpoints import CrashPoint, crash_point
from sentinelle.alerts.lifecycle import Action, next_state
from sentinelle.alerts.notices import NoticeKind, notify, watchers
from sentinelle.alerts.responders import find_responder
from sentinelle.alerts.verification import (
    SourceDraft,
    attach_source,
    change_attribution,
    corroboration,
)
from sentinelle.errors import IllegalTransition, InputError, NotFound
from sentinelle.store import AlertState, AttributionStatus, Database, RiskLevel
from sentinelle.store.models import Alert, AlertAssignment, AlertEvidence, AlertTransition, Event
from sentinelle.store.models.response import AssignmentReason, SourceKind


@dataclass(frozen=True)
class Change:
    """An action on an alert with its who, why and evidence."""

    action: Action
    by: str
    note: str | None = None
    risk_level: RiskLevel | None = None
    sources: Sequence[SourceDraft] = field(default_factory=tuple)
    attribution: AttributionStatus | None = None


def get_alert(session: Session, alert_id: int) -> Alert:
    """The alert with ``alert_id``; NotFound otherwise."""
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise NotFound(f"no alert with id {alert_id}; see 'sentinelle alerts list'")
    return alert


def apply_change(
    session: Session, alert_id: int, change: Change, now: dt.datetime, config: ResponseConfig
) -> AlertTransition:
    """Move the alert, record the transition and queue its notices, in ``session``."""
    if not change.by.strip():
        raise InputError("say who acts with --by")
    alert = get_alert(session, alert_id)
    before = AlertState(alert.state)
    after = next_state(before, change.action)
    _check_requirements(change)
    evidence = [_attach(session, alert, draft, change, now) for draft in change.sources]
    if change.action is Action.VERIFY and corroboration(session, alert.id).rumoured:
        raise IllegalTransition(
            f"alert {alert.id} rests on a single unverified source (rumoured): attach a "
            "corroborating source (--source) or a field confirmation (--field) to verify it"
        )
    if change.attribution is not None:
        evidence += _change_attributions(session, alert, change, evidence, now)
    alert.state = after.value
    alert.updated_at = now
    if change.risk_level is not None:
        alert.risk_level = change.risk_level.value
    transition = AlertTransition(
        alert_id=alert.id,
        action=change.action.value,
        from_state=before.value,
        to_state=after.value,
        by=change.by,
        at=now,
        note=change.note,
        risk_level=alert.risk_level,
        evidence=[item for item in evidence if "source_id" in item or "event_id" in item],
    )
    session.add(transition)
    session.flush()
    subject = f"{change.action.value} by {change.by}: {before.value} -> {after.value}"
    extra = {"action": change.action.value, "by": change.by, "note": change.note}
    people = watchers(session, alert, change.by)
    notify(
        session,
        alert,
        NoticeKind.TRANSITION,
        f"t{transition.id}",
        subject,
        people,
        config,
        now,
        extra,
    )
    return transition


def _check_requirements(change: Change) -> None:
    if change.action is Action.ASSESS and change.risk_level is None:
        levels = ", ".join(level.value for level in RiskLevel)
        raise InputError(f"assessing needs a risk level (--risk {levels})")
    if change.action is not Action.ASSESS and change.risk_level is not None:
        raise InputError("a risk level is given only when assessing")


def _attach(
    session: Session, alert: Alert, draft: SourceDraft, change: Change, now: dt.datetime
) -> dict[str, object]:
    source = attach_source(session, alert, draft, change.by, now)
    return {"source_id": source.id, "kind": source.kind, "reference": source.reference}


def _change_attributions(
    session: Session,
    alert: Alert,
    change: Change,
    attached: list[dict[str, object]],
    now: dt.datetime,
) -> list[dict[str, object]]:
    """Move the evidence events' attribution to ``change.attribution`` with the new source."""
    from sentinelle.store.models import AlertSource

    if not attached:
        raise InputError("changing attribution needs a source attached in the same action")
    source = session.get(AlertSource, attached[-1]["source_id"])
    if source is None:
        raise NotFound("the attached source vanished")
    if change.attribution is None:
        return []
    lowering = source.kind == SourceKind.REFUTES
    events = session.scalars(
        select(Event)
        .join(AlertEvidence, AlertEvidence.event_id == Event.id)
        .where(AlertEvidence.alert_id == alert.id)
    ).all()
    changes: list[dict[str, object]] = []
    for event in events:
        rank = AttributionStatus(event.attribution_status).rank
        if (lowering and rank > change.attribution.rank) or (
            not lowering and rank < change.attribution.rank
        ):
            record = change_attribution(
                session, event.id, change.attribution, source, change.by, now
            )
            changes.append(
                {"event_id": event.id, "attribution": f"{record.from_status} -> {record.to_status}"}
            )
    return changes


def perform(
    database: Database, alert_id: int, change: Change, clock: Clock, config: ResponseConfig
) -> AlertTransition:
    """Apply ``change`` and commit it with its notices in one transaction."""
    with database.session() as session:
        transition = apply_change(session, alert_id, change, clock.now(), config)
        crash_point(CrashPoint.TRANSITION_BEFORE_COMMIT)
    crash_point(CrashPoint.TRANSITION_AFTER_COMMIT)
    return transition


def assign(
    session: Session,
    alert_id: int,
    responder_name: str,
    by: str,
    note: str | None,
    now: dt.datetime,
    config: ResponseConfig,
    reason: AssignmentReason = AssignmentReason.MANUAL,
) -> AlertAssignment:
    """Give an open alert to a responder and tell them, in ``session``."""
    alert = get_alert(session, alert_id)
    if not AlertState(alert.state).is_open:
        raise IllegalTransition(
            f"alert {alert_id} is {alert.state}: closed alerts are not assigned"
        )
    responder = find_responder(session, responder_name)
    assignment = AlertAssignment(
        alert_id=alert.id, responder_id=responder.id, reason=reason.value, by=by, at=now, note=note
    )
    session.add(assignment)
    session.flush()
    subject = f"assigned to {responder.name} by {by}: {alert.title}"
    notify(
        session,
        alert,
        NoticeKind.ASSIGNED,
        f"g{assignment.id}",
        subject,
        [responder],
        config,
        now,
        {"assigned_to": responder.name, "note": note},
    )
    return assignment
