"""``sentinelle responders``: the contact group's roster (add, list, import a CSV)."""

from __future__ import annotations

from pathlib import Path

import typer

from sentinelle.commands.context import FORMAT_OPTION, get_context, resolve_format
from sentinelle.errors import InputError
from sentinelle.output import OutputFormat, write_records

responders_app = typer.Typer(help="The contact group's roster.", no_args_is_help=True)

RESPONDER_COLUMNS = (
    "id",
    "name",
    "role",
    "regions",
    "topics",
    "on_call_order",
    "email",
    "webhook_url",
)


@responders_app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Unique name (the --by of their actions)."),
    role: str = typer.Option(..., "--role", help="analyst, verifier, responder or coordinator."),
    regions: list[str] = typer.Option(["*"], "--region", help="Region covered; repeatable."),
    topics: list[str] = typer.Option([], "--topic", help="Topic covered; repeatable."),
    order: int = typer.Option(100, "--order", help="On-call rank in their regions (1 first)."),
    email: str | None = typer.Option(None, "--email", help="Email address."),
    webhook: str | None = typer.Option(None, "--webhook", help="Webhook URL."),
) -> None:
    """Add a responder, or update the one with the same name."""
    from sentinelle.alerts.responders import ResponderDraft, upsert_responder
    from sentinelle.store.models.response import ResponderRole

    try:
        parsed = ResponderRole(role.lower())
    except ValueError:
        roles = ", ".join(r.value for r in ResponderRole)
        raise InputError(f"unknown role {role!r} (expected {roles})", source="--role") from None
    draft = ResponderDraft(name, parsed, regions, topics, order, email, webhook)
    cli = get_context(ctx)
    with cli.database().session() as session:
        _, created = upsert_responder(session, draft)
    cli.say(f"{'Added' if created else 'Updated'} responder {name}.")


@responders_app.command("list")
def list_command(
    ctx: typer.Context,
    region: str | None = typer.Option(None, "--region", help="Only those covering it."),
    fmt: OutputFormat | None = FORMAT_OPTION,
) -> None:
    """List active responders in on-call order."""
    from sentinelle.alerts.responders import list_responders

    cli = get_context(ctx)
    with cli.database().session() as session:
        rows = [
            {column: getattr(r, column) for column in RESPONDER_COLUMNS}
            for r in list_responders(session, region)
        ]
    for row in rows:
        row["regions"] = ";".join(row["regions"])
        row["topics"] = ";".join(row["topics"])
    write_records(rows, RESPONDER_COLUMNS, resolve_format(fmt), title="Responders")


@responders_app.command("import")
def import_command(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="CSV: name,role,regions,topics,on_call_order,..."),
) -> None:
    """Import a roster CSV (regions and topics separated by ';'); names already known update."""
    from sentinelle.alerts.responders import import_roster, read_roster_csv

    drafts = read_roster_csv(path)
    cli = get_context(ctx)
    with cli.database().session() as session:
        added, updated = import_roster(session, drafts)
    cli.say(f"{path}: {added} added, {updated} updated.")


def register(app: typer.Typer) -> None:
    """Add the ``responders`` group to the root app."""
    app.add_typer(responders_app, name="responders")
