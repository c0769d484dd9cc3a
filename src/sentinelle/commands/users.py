"""``sentinelle users``: accounts and API tokens (the first admin is created only here)."""

from __future__ import annotations

import typer

from sentinelle.commands.context import FORMAT_OPTION, get_context, resolve_format
from sentinelle.output import OutputFormat, write_records

users_app = typer.Typer(help="Manage users and their API tokens.", no_args_is_help=True)
CLI_ACTOR = "cli"


def _password(password: str | None) -> str:
    if password is not None:
        return password
    value: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


@users_app.command("add")
def add(
    ctx: typer.Context,
    username: str = typer.Argument(..., help="Login name."),
    role: str = typer.Option(..., "--role", help="admin, analyst, verifier, responder, ..."),
    region: list[str] = typer.Option(
        [], "--region", help="Region (name or p-code) a responder or local authority covers."
    ),
    password: str | None = typer.Option(
        None, "--password", envvar="SENTINELLE_NEW_PASSWORD", help="Asked for when omitted."
    ),
) -> None:
    """Add a user with a role; there is no default password, ever."""
    from sentinelle.api import Role, create_user
    from sentinelle.errors import InputError

    try:
        chosen = Role(role)
    except ValueError:
        known = ", ".join(item.value for item in Role)
        raise InputError(f"unknown role {role!r} (known: {known})", source="--role") from None
    cli = get_context(ctx)
    with cli.database().session() as session:
        user = create_user(session, username, _password(password), chosen, region, actor=CLI_ACTOR)
        cli.say(f"Added {user.username} ({user.role}).")


@users_app.command("list")
def list_users(ctx: typer.Context, fmt: OutputFormat | None = FORMAT_OPTION) -> None:
    """List users with their roles, regions and status."""
    from sqlalchemy import select

    from sentinelle.store.models import User

    cli = get_context(ctx)
    with cli.database().session() as session:
        records = [
            {
                "username": user.username,
                "role": user.role,
                "regions": ",".join(user.regions),
                "disabled": user.disabled,
                "created_at": user.created_at.isoformat(timespec="seconds"),
            }
            for user in session.scalars(select(User).order_by(User.username))
        ]
    write_records(
        records, ["username", "role", "regions", "disabled", "created_at"], resolve_format(fmt)
    )


@users_app.command("disable")
def disable(ctx: typer.Context, username: str = typer.Argument(...)) -> None:
    """Disable a user: their sessions end and their tokens are revoked."""
    from sentinelle.api import disable_user, find_user

    cli = get_context(ctx)
    with cli.database().session() as session:
        disable_user(session, find_user(session, username), actor=CLI_ACTOR)
    cli.say(f"Disabled {username}.")


@users_app.command("token")
def token(
    ctx: typer.Context,
    username: str = typer.Argument(...),
    name: str = typer.Option("cli", "--name", help="What the token is for."),
    scope: list[str] = typer.Option(["read"], "--scope", help="read and/or write."),
    days: int | None = typer.Option(None, "--days", min=1, help="Expire after this many days."),
    revoke: int | None = typer.Option(None, "--revoke", help="Revoke the token with this id."),
) -> None:
    """Issue an API token (printed once; only its hash is kept), or revoke one."""
    import datetime as dt

    from sentinelle.api import find_user, issue_token, revoke_token
    from sentinelle.errors import NotFound
    from sentinelle.store.models import ApiToken

    cli = get_context(ctx)
    with cli.database().session() as session:
        user = find_user(session, username)
        if revoke is not None:
            row = session.get(ApiToken, revoke)
            if row is None or row.user_id != user.id:
                raise NotFound(f"{username} has no token {revoke}")
            revoke_token(session, row, actor=CLI_ACTOR)
            cli.say(f"Revoked token {revoke} of {username}.")
            return
        ttl = dt.timedelta(days=days) if days else None
        row, secret = issue_token(session, user, name, scope, actor=CLI_ACTOR, ttl=ttl)
        cli.say(f"Token {row.id} for {username} ({', '.join(row.scopes)}); shown only once:")
    typer.echo(secret)


def register(app: typer.Typer) -> None:
    """Add the ``users`` group to the root app."""
    app.add_typer(users_app, name="users")
