"""``sentinelle alerts``: list and show alerts, move them through their lifecycle, run the
scheduler's tick (escalation and notification delivery)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import typer

from sentinelle.commands.context import FORMAT_OPTION, CliContext, get_context, resolve_format
from sentinelle.errors import InputError
from sentinelle.output import OutputFormat, write_records

if TYPE_CHECKING:
    from sentinelle.alerts import Action, Clock
    from sentinelle.alerts.verification import SourceDraft

alerts_app = typer.Typer(help="Alerts: list, show, act on them, run the scheduler.")

ALERT_COLUMNS = (
    "id",
    "state",
    "severity",
    "risk_level",
    "region",
    "assignee",
    "raised_at",
    "title",
)
BY_OPTION = typer.Option(..., "--by", help="Who acts (recorded with the transition).")
NOTE_OPTION = typer.Option(None, "--note", help="Why (recorded with the transition).")
NOW_OPTION = typer.Option(
    None, "--now", help="Act as if it were this UTC time (ISO 8601; replays and tests)."
)


def _clock(now: str | None) -> Clock:
    from sentinelle.alerts import FakeClock, SystemClock

    if now is None:
        return SystemClock()
    try:
        moment = dt.datetime.fromisoformat(now)
    except ValueError:
        raise InputError(f"not an ISO 8601 time: {now!r}", source="--now") from None
    return FakeClock(moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC))


@alerts_app.command("list")
def list_alerts(
    ctx: typer.Context,
    state: str | None = typer.Option(None, "--state", help="Only alerts in this state."),
    region: str | None = typer.Option(None, "--region", help="Only alerts of this admin1."),
    limit: int = typer.Option(200, "--limit", min=1, help="At most this many, newest first."),
    fmt: OutputFormat | None = FORMAT_OPTION,
) -> None:
    """List alerts, newest first, with their state and current assignee."""
    from sentinelle.alerts.listing import alert_rows

    cli = get_context(ctx)
    with cli.database().session() as session:
        rows = alert_rows(session, state=state, region=region, limit=limit)
    write_records(rows, ALERT_COLUMNS, resolve_format(fmt), title="Alerts")


@alerts_app.command("show")
def show(ctx: typer.Context, alert_id: int = typer.Argument(..., help="Alert id.")) -> None:
    """Show one alert: its facts, sourcing, transitions, assignments, actions, notifications."""
    from sentinelle.alerts.listing import describe_alert

    cli = get_context(ctx)
    with cli.database().session() as session:
        typer.echo(describe_alert(session, alert_id))


def _act(
    cli: CliContext,
    alert_id: int,
    action: Action,
    by: str,
    note: str | None,
    now: str | None,
    **kw: Any,
) -> None:
    from sentinelle.alerts import Change, ResponseConfig, perform

    change = Change(action=action, by=by, note=note, **kw)
    config = ResponseConfig.from_settings(cli.settings)
    transition = perform(cli.database(), alert_id, change, _clock(now), config)
    cli.say(
        f"Alert {alert_id}: {transition.from_state} -> {transition.to_state} by {transition.by}."
    )


@alerts_app.command("ack")
def ack(
    ctx: typer.Context,
    alert_id: int = typer.Argument(..., help="Alert id."),
    by: str = BY_OPTION,
    note: str | None = NOTE_OPTION,
    now: str | None = NOW_OPTION,
) -> None:
    """Acknowledge a raised alert: someone is looking at it (raised -> verifying)."""
    from sentinelle.alerts import Action

    _act(get_context(ctx), alert_id, Action.ACKNOWLEDGE, by, note, now)


@alerts_app.command("verify")
def verify(
    ctx: typer.Context,
    alert_id: int = typer.Argument(..., help="Alert id."),
    by: str = BY_OPTION,
    note: str | None = NOTE_OPTION,
    now: str | None = NOW_OPTION,
    sources: list[str] = typer.Option(
        [], "--source", help="A corroborating source (URL or reference); repeatable."
    ),
    field: str | None = typer.Option(
        None, "--field", help="A field confirmation (who confirmed, where)."
    ),
    supports: str | None = typer.Option(
        None,
        "--supports",
        help="Attribution status the new sources support; raises the evidence events to it.",
    ),
) -> None:
    """Verify an alert with a second source or a field confirmation (verifying -> verified)."""
    from sentinelle.alerts import Action
    from sentinelle.store.models.response import SourceKind

    status = _attribution(supports, "--supports")
    drafts = [_source(SourceKind.CORROBORATES, ref, status) for ref in sources]
    if field:
        drafts.append(_source(SourceKind.FIELD_CONFIRMATION, field, status))
    _act(
        get_context(ctx), alert_id, Action.VERIFY, by, note, now, sources=drafts, attribution=status
    )


@alerts_app.command("discard")
def discard(
    ctx: typer.Context,
    alert_id: int = typer.Argument(..., help="Alert id."),
    by: str = BY_OPTION,
    note: str | None = NOTE_OPTION,
    now: str | None = NOW_OPTION,
    refuted_by: str | None = typer.Option(
        None, "--refuted-by", help="A source that refutes the report."
    ),
    lower_to: str | None = typer.Option(
        None, "--lower-to", help="Lower the evidence events' attribution to this status."
    ),
) -> None:
    """Discard an alert (false, duplicate, refuted)."""
    from sentinelle.alerts import Action
    from sentinelle.store.models.response import SourceKind

    status = _attribution(lower_to, "--lower-to")
    drafts = [_source(SourceKind.REFUTES, refuted_by, None)] if refuted_by else []
    _act(
        get_context(ctx),
        alert_id,
        Action.DISCARD,
        by,
        note,
        now,
        sources=drafts,
        attribution=status,
    )


@alerts_app.command("monitor")
def monitor(
    ctx: typer.Context,
    alert_id: int = typer.Argument(..., help="Alert id."),
    by: str = BY_OPTION,
    note: str | None = NOTE_OPTION,
    now: str | None = NOW_OPTION,
) -> None:
    """Keep a verified alert under watch without acting yet (no deadline runs)."""
    from sentinelle.alerts import Action

    _act(get_context(ctx), alert_id, Action.MONITOR, by, note, now)


@alerts_app.command("assess")
def assess(
    ctx: typer.Context,
    alert_id: int = typer.Argument(..., help="Alert id."),
    risk: str = typer.Option(..., "--risk", help="low, moderate, high or very_high."),
    by: str = BY_OPTION,
    note: str | None = NOTE_OPTION,
    now: str | None = NOW_OPTION,
) -> None:
    """Assess a verified alert's risk level (EWARS scale)."""
    from sentinelle.alerts import Action
    from sentinelle.store import RiskLevel

    try:
        level = RiskLevel(risk.lower().replace(" ", "_"))
    except ValueError:
        levels = ", ".join(r.value for r in RiskLevel)
        raise InputError(
            f"unknown risk level {risk!r} (expected {levels})", source="--risk"
        ) from None
    _act(get_context(ctx), alert_id, Action.ASSESS, by, note, now, risk_level=level)


@alerts_app.command("respond")
def respond(
    ctx: typer.Context,
    alert_id: int = typer.Argument(..., help="Alert id."),
    by: str = BY_OPTION,
    note: str | None = NOTE_OPTION,
    now: str | None = NOW_OPTION,
    action: str | None = typer.Option(None, "--action", help="What was done (logged)."),
    kind: str = typer.Option(
        "other", "--kind", help="call, patrol_request, statement, mediation_visit or other."
    ),
    place: str | None = typer.Option(None, "--place", help="Where the action took place."),
) -> None:
    """Start responding to an assessed alert, logging the action taken."""
    from sentinelle.alerts import Action
    from sentinelle.alerts.actions import log_action

    cli = get_context(ctx)
    action_kind = _action_kind(kind)
    _act(cli, alert_id, Action.RESPOND, by, note, now)
    if action:
        with cli.database().session() as session:
            logged = log_action(
                session, alert_id, action_kind, action, by, _clock(now).now(), place
            )
            cli.say(f"Action {logged.id} logged on alert {alert_id}.")


@alerts_app.command("action")
def action_command(
    ctx: typer.Context,
    alert_id: int = typer.Argument(..., help="Alert id."),
    description: str = typer.Option(..., "--description", help="What was done."),
    kind: str = typer.Option(
        "other", "--kind", help="call, patrol_request, statement, mediation_visit or other."
    ),
    place: str | None = typer.Option(None, "--place", help="Where."),
    by: str = BY_OPTION,
    now: str | None = NOW_OPTION,
) -> None:
    """Log an action taken on an alert (its outcome is pending until 'alerts outcome')."""
    from sentinelle.alerts.actions import log_action

    cli = get_context(ctx)
    with cli.database().session() as session:
        logged = log_action(
            session, alert_id, _action_kind(kind), description, by, _clock(now).now(), place
        )
        cli.say(f"Action {logged.id} logged on alert {alert_id}.")


@alerts_app.command("outcome")
def outcome_command(
    ctx: typer.Context,
    action_id: int = typer.Argument(..., help="Action id (from 'alerts action' or 'show')."),
    outcome: str = typer.Option(..., "--outcome", help="succeeded, partial, failed or pending."),
    note: str | None = NOTE_OPTION,
    now: str | None = NOW_OPTION,
) -> None:
    """Record how an action turned out."""
    from sentinelle.alerts.actions import record_outcome
    from sentinelle.store.models.response import ActionOutcome

    try:
        parsed = ActionOutcome(outcome.lower())
    except ValueError:
        names = ", ".join(o.value for o in ActionOutcome)
        raise InputError(f"unknown outcome {outcome!r} ({names})", source="--outcome") from None
    cli = get_context(ctx)
    with cli.database().session() as session:
        record_outcome(session, action_id, parsed, note, _clock(now).now())
    cli.say(f"Action {action_id}: {parsed.value}.")


def _action_kind(kind: str) -> Any:
    from sentinelle.alerts.actions import ActionKind

    try:
        return ActionKind(kind.lower())
    except ValueError:
        kinds = ", ".join(k.value for k in ActionKind)
        raise InputError(f"unknown action kind {kind!r} ({kinds})", source="--kind") from None


@alerts_app.command("resolve")
def resolve(
    ctx: typer.Context,
    alert_id: int = typer.Argument(..., help="Alert id."),
    by: str = BY_OPTION,
    note: str | None = NOTE_OPTION,
    now: str | None = NOW_OPTION,
) -> None:
    """Resolve an alert: the situation is over."""
    from sentinelle.alerts import Action

    _act(get_context(ctx), alert_id, Action.RESOLVE, by, note, now)


@alerts_app.command("assign")
def assign_command(
    ctx: typer.Context,
    alert_id: int = typer.Argument(..., help="Alert id."),
    to: str = typer.Option(..., "--to", help="Responder name."),
    by: str = BY_OPTION,
    note: str | None = NOTE_OPTION,
    now: str | None = NOW_OPTION,
) -> None:
    """Give an alert to a responder, who is notified."""
    from sentinelle.alerts import ResponseConfig, assign

    cli = get_context(ctx)
    config = ResponseConfig.from_settings(cli.settings)
    with cli.database().session() as session:
        assign(session, alert_id, to, by, note, _clock(now).now(), config)
    cli.say(f"Alert {alert_id} assigned to {to}.")


@alerts_app.command("tick")
def tick_command(ctx: typer.Context, now: str | None = NOW_OPTION) -> None:
    """Assign new alerts, escalate overdue ones, and deliver pending notifications."""
    from sentinelle.alerts import ResponseConfig, tick

    cli = get_context(ctx)
    report = tick(cli.database(), ResponseConfig.from_settings(cli.settings), _clock(now))
    cli.say(
        f"assigned {report.assigned}, escalated {report.escalated}, delivered "
        f"{report.delivered}, failed {report.failed}, dead-lettered {report.dead}"
    )
    if report.failed or report.dead:
        raise typer.Exit(code=1)


@alerts_app.command("replay-naive")
def replay_naive(
    ctx: typer.Context,
    start: str = typer.Option(..., "--from", help="First day (YYYY-MM-DD)."),
    end: str = typer.Option(..., "--to", help="Day after the last (YYYY-MM-DD)."),
) -> None:
    """Raise the naive baseline's alerts over stored events: every Monday, one per region whose
    previous week had a fatal event (for scoring when no rule replay is at hand). Use a store
    of its own: 'alerts tick' would escalate these past alerts at once."""
    from sentinelle.alerts.replay import replay_naive_alerts

    cli = get_context(ctx)
    first, last = _day(start, "--from"), _day(end, "--to")
    created = replay_naive_alerts(cli.database(), first, last)
    cli.say(f"Replayed {first} to {last}: {created} alert(s) raised.")


def _day(text: str, flag: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {text!r}", source=flag) from None


def _attribution(value: str | None, flag: str) -> Any:
    from sentinelle.store import AttributionStatus

    if value is None:
        return None
    try:
        return AttributionStatus(value.lower())
    except ValueError:
        names = ", ".join(s.value for s in AttributionStatus)
        raise InputError(f"unknown attribution status {value!r} ({names})", source=flag) from None


def _source(kind: Any, reference: str, status: Any) -> SourceDraft:
    from sentinelle.alerts.verification import SourceDraft

    return SourceDraft(kind=kind, reference=reference, supports_status=status)


def register(app: typer.Typer) -> None:
    """Add the ``alerts`` group to the root app."""
    app.add_typer(alerts_app, name="alerts")
