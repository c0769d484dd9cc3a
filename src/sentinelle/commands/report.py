"""``sentinelle report warnings``: the figures a contact group publishes about its warnings."""

from __future__ import annotations

import typer

from sentinelle.commands.context import FORMAT_OPTION, get_context, resolve_format
from sentinelle.output import OutputFormat, write_records

report_app = typer.Typer(help="Reports on the system's own work.", no_args_is_help=True)


@report_app.command("warnings")
def warnings_report(
    ctx: typer.Context,
    period: str = typer.Option(..., "--period", help="A month (2015-11) or a year (2015)."),
    horizon_days: int = typer.Option(
        14, "--horizon-days", min=1, help="Days after an alert in which violence makes it a hit."
    ),
    surge: int = typer.Option(
        5, "--surge-fatalities", min=1, help="Deaths in a region-week that make a surge."
    ),
    fmt: OutputFormat | None = FORMAT_OPTION,
) -> None:
    """Per region: alerts raised, verified, discarded, responded; handling times against
    deadlines; hits, false alarms, misses and lead times."""
    import datetime as dt

    from sentinelle.alerts.deadlines import DeadlinePolicy
    from sentinelle.alerts.scoring import (
        ALL_COLUMNS,
        LIFECYCLE_COLUMNS,
        OUTCOME_COLUMNS,
        Period,
        ScoringOptions,
        score_warnings,
    )

    cli = get_context(ctx)
    parsed = Period.parse(period)
    options = ScoringOptions(
        dt.timedelta(days=horizon_days), surge, DeadlinePolicy(cli.settings.alert_deadlines)
    )
    with cli.database().session() as session:
        rows = [score.record() for score in score_warnings(session, parsed, options)]
    chosen = resolve_format(fmt)
    if chosen is OutputFormat.TABLE:
        write_records(rows, LIFECYCLE_COLUMNS, chosen, title=f"Alert handling, {parsed.label}")
        write_records(
            rows,
            OUTCOME_COLUMNS,
            chosen,
            title=f"Warnings against outcomes, {parsed.label} (horizon {horizon_days} days, "
            f"surge = {surge}+ deaths in a region-week)",
        )
    else:
        write_records(rows, ALL_COLUMNS, chosen)


def register(app: typer.Typer) -> None:
    """Add the ``report`` group to the root app."""
    app.add_typer(report_app, name="report")
