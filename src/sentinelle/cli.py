"""The ``sentinelle`` command line: parse, build settings, call a stage, print.

Errors Sentinelle raises on purpose end in one paragraph on stderr and exit code 2 (bad
input) or 1 (failure); a traceback is shown only with ``--verbose``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.logging import RichHandler

from sentinelle import __version__
from sentinelle.commands import accord, audit, db, demo, ingest, serve, users
from sentinelle.commands import alerts as alerts_commands
from sentinelle.commands import analyze as analyze_commands
from sentinelle.commands import extract as extract_commands
from sentinelle.commands import funds as funds_commands
from sentinelle.commands import report as report_commands
from sentinelle.commands import responders as responders_commands
from sentinelle.commands import scale as scale_commands
from sentinelle.commands.context import CliContext
from sentinelle.errors import SentinelleError
from sentinelle.settings import load_settings

# Each module adds its commands to the root app with ``register(app)``.
COMMAND_MODULES = (
    db,
    demo,
    ingest,
    extract_commands,
    analyze_commands,
    serve,
    users,
    audit,
    accord,
    alerts_commands,
    responders_commands,
    report_commands,
    funds_commands,
    scale_commands,
)

app = typer.Typer(
    name="sentinelle",
    help="Sentinelle: early warning and rapid reaction for peace processes.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
for _module in COMMAND_MODULES:
    _module.register(app)

_state = {"verbose": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sentinelle {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db_url: str | None = typer.Option(
        None, "--db", help="Database URL (default ./sentinelle.db; env SENTINELLE_DATABASE_URL)."
    ),
    config: Path | None = typer.Option(
        None, "--config", help="TOML settings file (env SENTINELLE_CONFIG)."
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log details and tracebacks."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only results and errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Sentinelle: early warning and rapid reaction for peace processes."""
    _state["verbose"] = verbose
    _configure_logging(verbose, quiet)
    settings = load_settings(config, database_url=_sqlite_shorthand(db_url))
    cli = CliContext(settings=settings, verbose=verbose, quiet=quiet)
    ctx.obj = cli
    ctx.call_on_close(cli.close)


def _sqlite_shorthand(db_url: str | None) -> str | None:
    """Accept a bare file path for --db as an SQLite database."""
    if db_url is None or "://" in db_url:
        return db_url
    return f"sqlite:///{db_url}"


def _configure_logging(verbose: bool, quiet: bool) -> None:
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(
        level=level,
        format="%(message)s",
        handlers=[RichHandler(console=Console(stderr=True), show_path=verbose)],
        force=True,
    )


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``sentinelle`` script."""
    try:
        code = app(args=argv, prog_name="sentinelle", standalone_mode=False)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        Console(stderr=True).print("Aborted.")
        sys.exit(130)
    except typer.TyperException as exc:  # usage errors: unknown command, bad option value
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            Console(stderr=True).print(f"Error: {exc}")
        sys.exit(2)
    except SentinelleError as exc:
        _report(exc)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # the last line of defence: one paragraph, not a traceback
        _report_unexpected(exc)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def _report(exc: SentinelleError) -> None:
    console = Console(stderr=True, highlight=False)
    if _state["verbose"]:
        console.print_exception()
    console.print(f"[bold red]Error:[/] {exc}", soft_wrap=True)


def _report_unexpected(exc: Exception) -> None:
    console = Console(stderr=True, highlight=False)
    if _state["verbose"]:
        console.print_exception()
    console.print(
        f"[bold red]Unexpected error:[/] {type(exc).__name__}: {exc}. "
        "Run again with --verbose for the traceback, and report it if it persists.",
        soft_wrap=True,
    )


if __name__ == "__main__":
    main()
