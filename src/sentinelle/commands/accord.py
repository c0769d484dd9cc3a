"""``sentinelle accord``: import an agreement, record and list statuses, scores, checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from sentinelle.commands.context import FORMAT_OPTION, get_context, resolve_format
from sentinelle.errors import InputError
from sentinelle.output import OutputFormat, write_records

accord_app = typer.Typer(
    help="Monitor the implementation of a peace agreement.", no_args_is_help=True
)

AGREEMENT_OPTION = typer.Option(
    None, "--agreement", "-a", help="Agreement id (needed only when several are stored)."
)
ON_OPTION = typer.Option(None, "--on", help="Date (YYYY-MM-DD); default today.")
STATUS_COLUMNS = (
    "commitment",
    "theme",
    "title",
    "responsible",
    "regions",
    "deadline",
    "level",
    "status",
    "since",
    "overdue",
)
SCORE_COLUMNS = ("dimension", "key", "commitments", "points", "max_points", "percent")
OVERDUE_COLUMNS = ("commitment", "title", "deadline", "days_overdue", "status", "responsible_names")


def parse_day(text: str | None, option: str) -> dt.date:
    """A date given on the command line (today when absent)."""
    if text is None:
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{text!r} is not a date (YYYY-MM-DD)", source=option) from None


def parse_moment(text: str | None) -> dt.datetime:
    """A moment given on the command line: a date (noon UTC) or an ISO datetime; default now."""
    if text is None:
        return dt.datetime.now(dt.UTC)
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{text!r} is not a date or datetime (ISO 8601)", source="--now") from None
    if len(text.strip()) == len("YYYY-MM-DD"):
        moment = moment.replace(hour=12)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@accord_app.command("import")
def import_file(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="Agreement file (YAML; commitments may be in a CSV)."),
) -> None:
    """Validate an agreement file and store it; a file with any error stores nothing."""
    from sentinelle.accord import import_agreement_file

    cli = get_context(ctx)
    with cli.database().session() as session:
        result = import_agreement_file(session, path)
    state = "unchanged" if result.unchanged else "created" if result.created else "updated"
    cli.say(
        f"Agreement {result.agreement} {state}: {result.parties} parties, "
        f"{result.provisions} provisions, {result.commitments} commitments."
    )


@accord_app.command("status")
def status(
    ctx: typer.Context,
    on: str | None = ON_OPTION,
    party: str | None = typer.Option(None, "--party", help="Only commitments of this party."),
    region: str | None = typer.Option(None, "--region", help="Only this p-code (ML08...)."),
    theme: str | None = typer.Option(None, "--theme", help="Only this theme."),
    agreement: str | None = AGREEMENT_OPTION,
    fmt: OutputFormat | None = FORMAT_OPTION,
) -> None:
    """List every commitment with its status on a date (the implementation matrix)."""
    from sentinelle.accord import Theme, list_commitments

    day = parse_day(on, "--on")
    try:
        chosen = Theme(theme) if theme else None
    except ValueError:
        names = ", ".join(t.value for t in Theme)
        raise InputError(f"unknown theme {theme!r}; use one of {names}", source="--theme") from None
    cli = get_context(ctx)
    with cli.database().session() as session:
        rows = list_commitments(
            session, day, agreement=agreement, party=party, region=region, theme=chosen
        )
    records = [row.as_record() for row in rows]
    output = resolve_format(fmt)
    # A table shows what fits a terminal; JSON lines and CSV carry every field.
    columns = STATUS_COLUMNS if output is OutputFormat.TABLE or not records else list(records[0])
    write_records(records, columns, output, title=f"Status on {day}")


@accord_app.command("set")
def set_level(
    ctx: typer.Context,
    commitment: str = typer.Argument(..., help="Commitment id from the agreement file."),
    level: str = typer.Argument(..., help="0-3 or not-initiated, minimal, intermediate, full."),
    on: str = typer.Option(..., "--on", help="Date the level became true (YYYY-MM-DD)."),
    source: str = typer.Option(..., "--source", help="Where this is established (report, URL)."),
    note: str = typer.Option(..., "--note", help="Why this level: what was observed."),
    by: str | None = typer.Option(None, "--by", help="Who records the change."),
    agreement: str | None = AGREEMENT_OPTION,
) -> None:
    """Record a dated, sourced change of a commitment's implementation level."""
    from sentinelle.accord import ImplementationStatus, find_commitment, set_status

    try:
        parsed = ImplementationStatus.parse(level)
    except ValueError as exc:
        raise InputError(str(exc), source="LEVEL") from None
    day = parse_day(on, "--on")
    cli = get_context(ctx)
    with cli.database().session() as session:
        found = find_commitment(session, commitment, agreement)
        set_status(session, found, parsed, on=day, source=source, note=note, recorded_by=by)
    cli.say(f"{commitment}: {parsed.label} ({int(parsed)}) from {day}.")


@accord_app.command("history")
def history(
    ctx: typer.Context,
    commitment: str = typer.Argument(..., help="Commitment id from the agreement file."),
    agreement: str | None = AGREEMENT_OPTION,
    fmt: OutputFormat | None = FORMAT_OPTION,
) -> None:
    """Show every recorded status change of one commitment, oldest first."""
    from sentinelle.accord import commitment_history

    cli = get_context(ctx)
    with cli.database().session() as session:
        changes = commitment_history(session, commitment, agreement=agreement)
    records = [
        {
            "on": c.on,
            "level": int(c.level),
            "status": c.level.label,
            "source": c.source,
            "note": c.note,
            "recorded_by": c.recorded_by,
        }
        for c in changes
    ]
    columns = ("on", "level", "status", "source", "note", "recorded_by")
    write_records(records, columns, resolve_format(fmt), title=f"History of {commitment}")


@accord_app.command("links")
def links(
    ctx: typer.Context,
    commitment: str = typer.Argument(..., help="Commitment id from the agreement file."),
    agreement: str | None = AGREEMENT_OPTION,
    fmt: OutputFormat | None = FORMAT_OPTION,
) -> None:
    """List the events linked to a commitment (clashes under a ceasefire, cantoned groups)."""
    from sentinelle.accord import commitment_events, find_commitment

    cli = get_context(ctx)
    with cli.database().session() as session:
        found = commitment_events(session, find_commitment(session, commitment, agreement))
    columns = ("event_date", "event_type", "actor1", "actor2", "location", "region", "reason")
    records = [event.as_record() for event in found]
    write_records(records, columns, resolve_format(fmt), title=f"Events linked to {commitment}")


@accord_app.command("report")
def report(
    ctx: typer.Context,
    on: str | None = ON_OPTION,
    agreement: str | None = AGREEMENT_OPTION,
    fmt: OutputFormat | None = FORMAT_OPTION,
) -> None:
    """Implementation scores (overall, per theme, party and region) and overdue commitments."""
    from sentinelle.accord import compute_scores, find_overdue

    day = parse_day(on, "--on")
    cli = get_context(ctx)
    with cli.database().session() as session:
        scores = [score.as_record() for score in compute_scores(session, day, agreement=agreement)]
        overdue = [item.as_record() for item in find_overdue(session, day, agreement=agreement)]
    chosen = resolve_format(fmt)
    if chosen is OutputFormat.TABLE:
        write_records(scores, SCORE_COLUMNS, chosen, title=f"Implementation scores on {day}")
        write_records(overdue, OVERDUE_COLUMNS, chosen, title=f"Overdue on {day}")
        return
    rows = [{"section": "score", **s} for s in scores] + [
        {"section": "overdue", **o} for o in overdue
    ]
    write_records(rows, ("section", *SCORE_COLUMNS, *OVERDUE_COLUMNS), chosen)


@accord_app.command("check")
def check(
    ctx: typer.Context,
    now: str | None = typer.Option(
        None, "--now", help="Check as of this date or datetime (ISO 8601); default now."
    ),
    agreement: str | None = typer.Option(
        None, "--agreement", "-a", help="Check only this agreement (default: all stored)."
    ),
) -> None:
    """Raise alerts for missed deadlines, and link clashes to ceasefire commitments."""
    from sentinelle.accord import check_agreement, check_all_agreements

    moment = parse_moment(now)
    cli = get_context(ctx)
    with cli.database().session() as session:
        if agreement is None:
            results = check_all_agreements(session, moment)
        else:
            results = [check_agreement(session, moment, agreement=agreement)]
    if not results:
        cli.say("No agreement imported yet: nothing to check.")
    for result in results:
        typer.echo(
            f"{result.agreement} on {moment.date()}: {result.overdue} overdue commitment(s), "
            f"{result.new_links} new event link(s), {len(result.alerts_raised)} alert(s) raised, "
            f"{len(result.alerts_updated)} updated."
        )


@accord_app.command("timeline")
def timeline(
    ctx: typer.Context,
    agreement: str | None = AGREEMENT_OPTION,
    dimension: str = typer.Option(
        "theme", "--by", help="Group scores by overall, theme, party or region."
    ),
    fmt: OutputFormat | None = FORMAT_OPTION,
) -> None:
    """Implementation scores over time, on every date a status changed."""
    from sentinelle.accord import score_series, timeline_dates

    if dimension not in ("overall", "theme", "party", "region"):
        raise InputError(f"{dimension!r}: use overall, theme, party or region", source="--by")
    cli = get_context(ctx)
    with cli.database().session() as session:
        dates = timeline_dates(session, agreement=agreement)
        series = score_series(session, dates, agreement=agreement)
    records = [s.as_record() for s in series if s.dimension in ("overall", dimension)]
    columns = ("on", "dimension", "key", "points", "max_points", "percent")
    write_records(records, columns, resolve_format(fmt), title="Implementation over time")


@accord_app.command("export")
def export(
    ctx: typer.Context,
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here, not stdout."),
    agreement: str | None = AGREEMENT_OPTION,
) -> None:
    """Write a stored agreement as an agreement file (YAML) that ``accord import`` reads."""
    from sentinelle.accord import export_agreement_yaml

    cli = get_context(ctx)
    with cli.database().session() as session:
        text = export_agreement_yaml(session, agreement)
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    cli.say(f"Wrote {output}.")


def register(app: typer.Typer) -> None:
    """Add the ``accord`` group to the root app."""
    app.add_typer(accord_app, name="accord")
