"""``sentinelle audit``: check the audit log's hash chain."""

from __future__ import annotations

import typer

from sentinelle.commands.context import get_context

audit_app = typer.Typer(help="Inspect the audit log.", no_args_is_help=True)


@audit_app.command("verify")
def verify(ctx: typer.Context) -> None:
    """Recompute the hash chain; exit 1 and name the first altered entry if any."""
    from sentinelle.api import verify_chain

    cli = get_context(ctx)
    with cli.database().session() as session:
        report = verify_chain(session)
    if report.intact:
        typer.echo(f"audit log intact: {report.entries} entries")
        return
    typer.echo(f"audit log TAMPERED at entry {report.broken_at}: {report.reason}", err=True)
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the ``audit`` group to the root app."""
    app.add_typer(audit_app, name="audit")
