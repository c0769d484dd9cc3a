"""``sentinelle db``: schema migrations and store status."""

from __future__ import annotations

import typer

from sentinelle.commands.context import get_context

db_app = typer.Typer(help="Create, migrate and inspect the store.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Migrate the database to the newest schema (a no-op when it is up to date)."""
    cli = get_context(ctx)
    database = cli.database(migrate=False)
    applied = database.upgrade()
    if applied:
        cli.say(f"Migrated {database.display_url} to {', '.join(applied)}.")
    else:
        cli.say(f"{database.display_url} is up to date.")


@db_app.command("status")
def status(ctx: typer.Context) -> None:
    """Show the schema revision and the number of rows in each table."""
    from sqlalchemy import func, select

    from sentinelle.store.migrate import current_revisions, head_revisions
    from sentinelle.store.models import Base

    cli = get_context(ctx)
    database = cli.database(migrate=False)
    current, heads = current_revisions(database), head_revisions(database)
    typer.echo(f"database: {database.display_url} ({database.backend})")
    typer.echo(f"revision: {', '.join(sorted(current)) or 'none'}")
    typer.echo("schema:   " + ("up to date" if current == heads else "behind: run 'db upgrade'"))
    present = set(database.table_names())
    with database.session() as session:
        for table in Base.metadata.sorted_tables:
            if table.name in present:
                rows = session.scalar(select(func.count()).select_from(table))
                typer.echo(f"  {table.name:<24} {rows}")


def register(app: typer.Typer) -> None:
    """Add the ``db`` group to the root app."""
    app.add_typer(db_app, name="db")
