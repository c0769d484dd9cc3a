"""``sentinelle analyze`` and ``sentinelle backtest``: early warning on the store or a history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from sentinelle.commands.context import get_context
from sentinelle.errors import InputError

RULES_OPTION = typer.Option(
    None, "--rules", help="Alert rules YAML file (default: settings, else the shipped rules)."
)


def analyze(
    ctx: typer.Context,
    rules: Path | None = RULES_OPTION,
    as_of: str | None = typer.Option(
        None, "--as-of", help="Evaluate the rules as of this date (YYYY-MM-DD) only."
    ),
    forecasts: bool = typer.Option(True, "--forecasts/--no-forecasts", help="Update forecasts."),
) -> None:
    """Update indicators and forecasts, and raise or update alerts from the rules."""
    from sentinelle.alerts.engine_run import AnalysisOptions, run_analysis

    cli = get_context(ctx)
    options = AnalysisOptions(
        rules_file=rules or cli.settings.rules_file,
        as_of=_date(as_of, "--as-of"),
        forecasts=forecasts,
    )
    report = run_analysis(cli.database(), options)
    ind, engine = report.indicators, report.engine
    typer.echo(
        f"indicators: {ind.new_events} new events, {ind.region_periods} region-periods "
        f"recomputed in {len(ind.regions)} regions"
    )
    typer.echo(f"forecasts: {report.forecast_rows} region forecasts written")
    span = (
        f"{report.evaluated[0].isoformat()} to {report.evaluated[-1].isoformat()}"
        if report.evaluated
        else "nothing new"
    )
    typer.echo(
        f"alerts: rules evaluated on {len(report.evaluated)} dates ({span}); "
        f"{engine.fired} firings, {engine.raised} alerts raised, {engine.updated} updated"
    )


def backtest(
    ctx: typer.Context,
    data: list[Path] | None = typer.Option(
        None, "--data", help="ACLED CSV export(s) to replay instead of the store's events."
    ),
    start: str | None = typer.Option(None, "--from", help="First day replayed (YYYY-MM-DD)."),
    end: str | None = typer.Option(None, "--to", help="Last day replayed (YYYY-MM-DD)."),
    country: list[str] | None = typer.Option(
        None, "--country", help="Only events of this country (repeatable)."
    ),
    rules: Path | None = RULES_OPTION,
    refit_weeks: int = typer.Option(4, min=1, help="Refit the forecast model every N weeks."),
    warmup: int | None = typer.Option(
        None,
        "--warmup",
        min=1,
        help="Weeks of data before the first scored step (default: 52, or 13 when the "
        "history is under two years long).",
    ),
) -> None:
    """Replay events week by week, seeing only the past; print forecast and alert scores."""
    from sentinelle.alerts.engine_backtest import BacktestOptions, format_report, run_backtest
    from sentinelle.analyze import ActorDirectory, History, load_records, records_from_acled

    cli = get_context(ctx)
    database = cli.database()
    with database.session() as session:
        actors = ActorDirectory.load_or_shipped(session)
        records = records_from_acled(data) if data else load_records(session)
    if country:
        wanted = {name.casefold() for name in country}
        records = [r for r in records if r.country.casefold() in wanted]
    if not records:
        raise InputError("no events to replay (import some, or give --data FILE)")
    options = BacktestOptions(
        start=_date(start, "--from"),
        end=_date(end, "--to"),
        rules_file=rules or cli.settings.rules_file,
        refit_weeks=refit_weeks,
        warmup_weeks=warmup,
    )
    report = run_backtest(History(records), actors, options)
    for line in format_report(report):
        typer.echo(line)


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{option} {text!r} is not a date (YYYY-MM-DD)") from None


def register(app: typer.Typer) -> None:
    """Add ``analyze`` and ``backtest`` to the root app."""
    app.command("analyze")(analyze)
    app.command("backtest")(backtest)
