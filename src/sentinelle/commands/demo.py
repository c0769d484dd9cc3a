"""``sentinelle demo``: the whole pipeline on bundled example reports."""

from __future__ import annotations

from pathlib import Path

import typer
from pydantic import SecretStr
from rich.table import Table

from sentinelle.commands.context import get_context
from sentinelle.store.identities import IdentityVault

DEMO_DATABASE = "sentinelle-demo.db"


def demo(
    ctx: typer.Context,
    with_paths: list[Path] = typer.Option(
        [], "--with", help="Also ingest these files (e.g. ../shared/seed/*.txt)."
    ),
    serve: bool = typer.Option(
        True, "--serve/--no-serve", help="Start the dashboard after the summary."
    ),
) -> None:
    """Run the pipeline on a fresh SQLite database (./sentinelle-demo.db unless --db)."""
    from sentinelle.demo import run_demo

    cli = get_context(ctx)
    settings = cli.settings
    if "database_url" not in settings.model_fields_set:
        settings = settings.model_copy(update={"database_url": f"sqlite:///{DEMO_DATABASE}"})
    if settings.reporter_key is None:  # a key for this run only: monitors' names stay encrypted
        key = SecretStr(IdentityVault.new_key())
        settings = settings.model_copy(update={"reporter_key": key})
    for path in with_paths:
        if not path.exists():
            raise typer.BadParameter(f"{path} does not exist", param_hint="--with")
    run = run_demo(settings, with_paths, progress=lambda step: cli.say(f"[dim]demo: {step}[/]"))
    table = Table("step", "result", title="Sentinelle demo")
    for step, result in run.summary.items():
        table.add_row(step, result)
    cli.console.print(table) if not cli.quiet else None
    run.database.dispose()
    if serve:
        import secrets

        from sentinelle.api import Role, create_user
        from sentinelle.commands.serve import serve_app
        from sentinelle.store import open_database

        password = secrets.token_urlsafe(12)  # random for this run: never a default password
        database = open_database(settings.database_url)
        with database.session() as session:
            create_user(session, "demo", password, Role.ADMIN, actor="demo")
        database.dispose()
        cli.say(f"Dashboard on http://{settings.host}:{settings.port}/ (Ctrl+C to stop).")
        cli.say(f"Log in as [bold]demo[/] with password [bold]{password}[/] (this run only).")
        serve_app(settings)


def register(app: typer.Typer) -> None:
    """Add ``demo`` to the root app."""
    app.command("demo")(demo)
