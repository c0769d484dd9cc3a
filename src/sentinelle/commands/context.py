"""What every command gets from the root callback: settings, verbosity, the store."""

from __future__ import annotations

from dataclasses import dataclass, field

import typer
from rich.console import Console

from sentinelle.output import OutputFormat, default_format
from sentinelle.settings import Settings
from sentinelle.store import Database, open_database


@dataclass
class CliContext:
    """Built once by the root callback and passed to every command through ``ctx.obj``."""

    settings: Settings
    verbose: bool = False
    quiet: bool = False
    console: Console = field(default_factory=lambda: Console(stderr=True))
    _database: Database | None = None

    def database(self, *, migrate: bool = True) -> Database:
        """The store named by the settings, migrated when behind (opened once)."""
        if self._database is None:
            self._database = open_database(
                self.settings.database_url, echo=self.settings.echo_sql, migrate=migrate
            )
        return self._database

    def say(self, message: str) -> None:
        """Print a progress or summary line on stderr unless ``--quiet``."""
        if not self.quiet:
            self.console.print(message)

    def close(self) -> None:
        """Release the store's connections."""
        if self._database is not None:
            self._database.dispose()
            self._database = None


def get_context(ctx: typer.Context) -> CliContext:
    """The CliContext of the running command."""
    root = ctx.find_root()
    obj = root.obj
    if not isinstance(obj, CliContext):
        raise RuntimeError("the root callback did not run")
    return obj


def resolve_format(fmt: OutputFormat | None) -> OutputFormat:
    """The format asked for, or a table on a terminal and JSON lines otherwise."""
    return fmt if fmt is not None else default_format()


FORMAT_OPTION = typer.Option(
    None, "--format", "-f", help="Output format (default: table on a terminal, else jsonl)."
)
