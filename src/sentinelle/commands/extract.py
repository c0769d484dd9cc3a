"""``sentinelle extract``, ``events`` and ``reference load``: documents in, events out."""

from __future__ import annotations

import datetime as dt
import enum
import sys
from collections.abc import Callable
from pathlib import Path

import typer

from sentinelle.commands.context import get_context, resolve_format
from sentinelle.commands.scale import CLUSTER_HELP
from sentinelle.errors import InputError
from sentinelle.output import OutputFormat, write_records

reference_app = typer.Typer(
    help="Reference data: actors, communities, places.", no_args_is_help=True
)


class EventFormat(enum.StrEnum):
    """Formats ``sentinelle events`` writes."""

    TABLE = "table"
    JSONL = "jsonl"
    CSV = "csv"
    ACLED_CSV = "acled-csv"
    GEOJSON = "geojson"


def extract_command(
    ctx: typer.Context,
    jsonl: Path | None = typer.Option(
        None, "--jsonl", help="Code a JSON-lines file (id, text, date, lang) without a database."
    ),
    out: Path | None = typer.Option(None, "--out", help="Where --jsonl writes (default stdout)."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Code at most this many."),
    cluster: str | None = typer.Option(None, "--cluster", help=CLUSTER_HELP),
) -> None:
    """Code every document not yet coded by the current extractor version."""
    cli = get_context(ctx)
    if cluster is not None:
        from sentinelle.commands.scale import run_extract_on_cluster

        if jsonl is not None or limit is not None:
            raise InputError(
                "--cluster codes every uncoded document of the store: no --jsonl/--limit"
            )
        run_extract_on_cluster(cli, cluster)
        return
    if jsonl is not None:
        _extract_jsonl(cli.say, jsonl, out)
        return
    if out is not None:
        raise InputError("--out goes with --jsonl: 'sentinelle extract --jsonl IN --out OUT'")
    from rich.progress import Progress

    from sentinelle.extract.coding import code_documents
    from sentinelle.extract.pipeline import PRODUCER

    database = cli.database()
    with Progress(console=cli.console, disable=cli.quiet, transient=True) as progress:
        task = progress.add_task("Coding documents", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        counts = code_documents(database, limit=limit, progress=advance)
    cli.say(
        f"{PRODUCER}: coded {counts.documents} documents, {counts.events} new events, "
        f"{counts.merged} reports merged into existing events, {counts.failed} failed."
    )


def _extract_jsonl(say: Callable[[str], None], source: Path, out: Path | None) -> None:
    from sentinelle.extract.jsonl import run_jsonl

    if str(source) != "-" and not source.is_file():
        raise InputError(f"--jsonl {source}: no such file")
    handle = sys.stdin if str(source) == "-" else source.open(encoding="utf-8")
    target = out.open("w", encoding="utf-8") if out else sys.stdout
    try:
        counts = run_jsonl(handle, target)
    finally:
        if handle is not sys.stdin:
            handle.close()
        if target is not sys.stdout:
            target.close()
    say(
        f"{counts.lines} lines: {counts.coded} coded, {counts.errors} errors, "
        f"{counts.events} events."
    )


def events_command(
    ctx: typer.Context,
    fmt: EventFormat | None = typer.Option(
        None, "--format", "-f", help="table, jsonl, csv, acled-csv or geojson."
    ),
    since: str | None = typer.Option(None, "--since", help="First event date, YYYY-MM-DD."),
    until: str | None = typer.Option(None, "--until", help="Last event date, YYYY-MM-DD."),
    admin1: str | None = typer.Option(None, "--admin1", help="Region, e.g. Kidal."),
    event_type: str | None = typer.Option(None, "--type", help="Event or sub-event type."),
    actor: str | None = typer.Option(None, "--actor", help="Part of actor1 or actor2's name."),
) -> None:
    """List stored events."""
    from sentinelle.extract.listing import (
        LIST_COLUMNS,
        OWN_COLUMNS,
        EventFilter,
        list_events,
        write_acled_csv,
        write_geojson,
    )
    from sentinelle.store import ACLED_COLUMNS

    cli = get_context(ctx)
    where = EventFilter(_date("--since", since), _date("--until", until), admin1, event_type, actor)
    records = list_events(cli.database(), where)
    chosen = fmt.value if fmt else resolve_format(None).value
    if chosen == EventFormat.ACLED_CSV:
        write_acled_csv(records, sys.stdout)
    elif chosen == EventFormat.GEOJSON:
        write_geojson(records, sys.stdout)
    elif chosen == EventFormat.TABLE:
        write_records(records, LIST_COLUMNS, OutputFormat.TABLE, title="Events")
    else:
        write_records(records, (*ACLED_COLUMNS, *OWN_COLUMNS), OutputFormat(chosen))


def _date(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"{option} {value!r} is not a date (YYYY-MM-DD)") from exc


@reference_app.command("load")
def reference_load(
    ctx: typer.Context,
    places: bool = typer.Option(True, "--places/--no-places", help="Also load Mali's places."),
) -> None:
    """Load the actor dictionary (and the gazetteer's Mali places) into the store; idempotent."""
    from sentinelle.extract import load_reference_data

    cli = get_context(ctx)
    counts = load_reference_data(cli.database(), places=places)
    cli.say(
        f"Actor dictionary {counts.version}: {counts.actors} actors, {counts.aliases} aliases, "
        f"{counts.communities} communities; {counts.places} new places."
    )


def register(app: typer.Typer) -> None:
    """Add ``extract``, ``events`` and ``reference`` to the root app."""
    app.command("extract")(extract_command)
    app.command("events")(events_command)
    app.add_typer(reference_app, name="reference")
