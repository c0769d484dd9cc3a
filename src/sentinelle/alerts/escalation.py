"""Escalation: an alert that misses its deadline goes to the next person on call, then to the
coordinator, and each step is recorded (once: a unique row per alert, stage and step)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sentinelle.alerts.clock import Clock
from sentinelle.alerts.config import ResponseConfig
from sentinelle.alerts.deadlines import STAGE_OF_STATE, Stage
from sentinelle.alerts.notices import NoticeKind, current_assignee, notify
from sentinelle.alerts.responders import escalation_chain
from sentinelle.store import AlertSeverity, AlertState, Database
from sentinelle.store.models import Alert, AlertAssignment, AlertEscalation, Responder
from sentinelle.store.models.response import AssignmentReason

log = logging.getLogger(__name__)

# The name escalations and on-call assignments are recorded under.
SCHEDULER = "scheduler"


@dataclass(frozen=True)
class EscalationStep:
    """Step ``step`` (1 = first) of the escalation of an overdue ``stage``, due at ``due_at``."""

    stage: Stage
    step: int
    due_at: dt.datetime


def due_steps(
    stage: Stage,
    stage_due: dt.datetime,
    interval: dt.timedelta,
    steps_done: int,
    now: dt.datetime,
    people_left: int,
) -> list[EscalationStep]:
    """The escalation steps due by ``now`` and not yet done, at most ``people_left`` of them.

    Step k of a stage falls due at ``stage_due + (k - 1) * interval``.
    """
    steps: list[EscalationStep] = []
    step = steps_done + 1
    while len(steps) < people_left:
        due = stage_due + (step - 1) * interval
        if due > now:
            break
        steps.append(EscalationStep(stage, step, due))
        step += 1
    return steps


@dataclass
class EscalationReport:
    """Counts of one escalation pass."""

    assigned: int = 0
    escalated: int = 0


def escalate_overdue(database: Database, clock: Clock, config: ResponseConfig) -> EscalationReport:
    """Give unassigned open alerts to their first on-call person and escalate overdue ones."""
    report = EscalationReport()
    open_states = [state.value for state in AlertState if state.is_open]
    with database.session() as session:
        alerts = session.execute(
            select(Alert.id, Alert.admin1).where(Alert.state.in_(open_states)).order_by(Alert.id)
        ).all()
        covered = {region: bool(escalation_chain(session, region)) for _, region in alerts}
    _warn_uncovered([region for _, region in alerts if not covered[region]])
    for alert_id, region in alerts:
        if not covered[region]:
            continue
        try:
            with database.write_session() as session:
                assigned, escalated = _escalate_one(session, alert_id, clock.now(), config)
        except IntegrityError:
            log.info("alert %s was escalated by another scheduler at the same time", alert_id)
            continue
        report.assigned += assigned
        report.escalated += escalated
    return report


def _warn_uncovered(regions: list[str | None]) -> None:
    """One line per pass for the open alerts nobody is on call for, not one per alert."""
    if regions:
        names = sorted({region or "no region" for region in regions})
        log.warning(
            "%d open alert(s) have nobody on call to go to: %s", len(regions), ", ".join(names)
        )


def _escalate_one(
    session: Session, alert_id: int, now: dt.datetime, config: ResponseConfig
) -> tuple[int, int]:
    # Lock the alert (PostgreSQL; SQLite holds its write lock) so a second scheduler waits and
    # then sees this one's escalations, instead of mixing a stale assignee with fresh counts.
    alert = session.get(Alert, alert_id, with_for_update=True)
    if alert is None or not AlertState(alert.state).is_open:
        return 0, 0
    chain = escalation_chain(session, alert.admin1)
    if not chain:
        return 0, 0
    current = current_assignee(session, alert.id)
    assigned = 0
    if current is None:
        current = chain[0]
        _give(session, alert, current, AssignmentReason.ON_CALL, now, config, None)
        assigned = 1
    stage = STAGE_OF_STATE[AlertState(alert.state)]
    if stage is None:
        return assigned, 0
    deadlines = config.deadlines.for_severity(AlertSeverity(alert.severity))
    done = (
        session.scalar(
            select(func.count())
            .select_from(AlertEscalation)
            .where(AlertEscalation.alert_id == alert.id, AlertEscalation.stage == stage.value)
        )
        or 0
    )
    position = next((i for i, person in enumerate(chain) if person.id == current.id), -1)
    steps = due_steps(
        stage,
        alert.raised_at + deadlines.allowed(stage),
        deadlines.step,
        done,
        now,
        len(chain) - 1 - position,
    )
    for step in steps:
        position += 1
        target = chain[position]
        session.add(
            AlertEscalation(
                alert_id=alert.id,
                stage=stage.value,
                step=step.step,
                due_at=step.due_at,
                at=now,
                from_responder_id=current.id,
                to_responder_id=target.id,
            )
        )
        session.flush()
        _give(session, alert, target, AssignmentReason.ESCALATION, now, config, step)
        current = target
    return assigned, len(steps)


def _give(
    session: Session,
    alert: Alert,
    person: Responder,
    reason: AssignmentReason,
    now: dt.datetime,
    config: ResponseConfig,
    step: EscalationStep | None,
) -> None:
    assignment = AlertAssignment(
        alert_id=alert.id,
        responder_id=person.id,
        reason=reason.value,
        by=SCHEDULER,
        at=now,
        note=None
        if step is None
        else f"{step.stage.value} overdue since {step.due_at.isoformat()}",
    )
    session.add(assignment)
    session.flush()
    extra: dict[str, object] = {"assigned_to": person.name}
    if step is None:
        subject = f"new alert for {person.name}: {alert.title}"
        kind = NoticeKind.ASSIGNED
    else:
        subject = f"ESCALATED to {person.name} ({step.stage.value} overdue): {alert.title}"
        kind = NoticeKind.ESCALATED
        extra |= {
            "overdue_stage": step.stage.value,
            "due_at": step.due_at.isoformat(),
            "step": step.step,
        }
    notify(session, alert, kind, f"g{assignment.id}", subject, [person], config, now, extra)
