"""``sentinelle ingest``, ``watch`` and ``documents``: reports in, documents listed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from sentinelle.commands.context import FORMAT_OPTION, CliContext, get_context, resolve_format
from sentinelle.commands.scale import CLUSTER_HELP
from sentinelle.output import OutputFormat, write_records

if TYPE_CHECKING:
    from sentinelle.ingest import IngestCounts, IngestOptions

DOCUMENT_COLUMNS = (
    "id",
    "title",
    "language",
    "published_on",
    "kind",
    "origin",
    "duplicate_of",
    "similarity",
    "sightings",
)


def ingest_command(
    ctx: typer.Context,
    targets: list[str] = typer.Argument(
        ..., metavar="PATH_OR_URL...", help="Files, folders (walked), http(s) URLs, or - (stdin)."
    ),
    kind: str | None = typer.Option(
        None,
        "--kind",
        "-k",
        help="Force the kind: html, text, pdf, rss, atom, field-csv, field-json, acled-csv "
        "(default: detected from each input's content).",
    ),
    follow_links: bool = typer.Option(
        False, "--follow-links", help="For feeds, ingest each entry's linked page, not its summary."
    ),
    cluster: str | None = typer.Option(None, "--cluster", help=CLUSTER_HELP),
) -> None:
    """Ingest reports: pages, texts, PDFs, feeds, field reports, ACLED exports."""
    from sentinelle.ingest import ingest

    cli = get_context(ctx)
    options = _options(cli, kind, follow_links)
    if cluster is not None:
        from sentinelle.commands.scale import run_ingest_on_cluster

        if run_ingest_on_cluster(cli, cluster, targets, options).rejected:
            raise typer.Exit(code=2)
        return
    database = cli.database()
    with _Progress(cli) as progress:
        report = ingest(
            database, targets, options, on_input=progress.advance, on_sources=progress.start
        )
    _summary(cli, report.run_id, report.counts)
    if report.counts.rejected:
        raise typer.Exit(code=2)


def _options(cli: CliContext, kind: str | None, follow_links: bool = False) -> IngestOptions:
    from sentinelle.ingest import IngestOptions, parse_kind
    from sentinelle.ingest.fetching import FetchOptions

    settings = cli.settings
    return IngestOptions(
        kind=parse_kind(kind) if kind else None,
        near_duplicate_threshold=settings.near_duplicate_threshold,
        follow_links=follow_links,
        reporter_key=settings.reporter_key.get_secret_value() if settings.reporter_key else None,
        fetch=FetchOptions(
            timeout_s=settings.http_timeout_s, max_bytes=settings.max_document_bytes
        ),
    )


class _Progress:
    """A rich progress bar over inputs on stderr; rejection lines printed as they happen."""

    def __init__(self, cli: CliContext) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self.cli = cli
        self.bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=cli.console,
            disable=cli.quiet,
            transient=True,
        )
        self.task: Any = None

    def __enter__(self) -> _Progress:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(None, None, None)

    def start(self, total: int) -> None:
        self.task = self.bar.add_task("Ingesting", total=total)

    def advance(self, origin: str, counts: IngestCounts) -> None:
        for line in counts.rejections:
            self.cli.console.print(
                f"[bold red]Rejected:[/] {line}", soft_wrap=True, highlight=False
            )
        if self.task is not None:
            self.bar.advance(self.task)


def _summary(cli: CliContext, run_id: int, counts: IngestCounts) -> None:
    from rich.table import Table

    if cli.quiet:
        return
    table = Table(title=f"Ingest run {run_id}")
    for column in ("read", "new", "duplicate", "near-duplicate", "rejected"):
        table.add_column(column, justify="right")
    table.add_row(
        *(
            str(value)
            for value in (
                counts.read,
                counts.new,
                counts.duplicate,
                counts.near_duplicate,
                counts.rejected,
            )
        )
    )
    cli.console.print(table)


def documents_command(
    ctx: typer.Context,
    fmt: OutputFormat | None = FORMAT_OPTION,
    limit: int = typer.Option(100, "--limit", "-n", min=1, help="Most documents to list."),
    kind: str | None = typer.Option(None, "--kind", "-k", help="Only documents of this kind."),
) -> None:
    """List stored documents (newest first): title, language, date, origin, story."""
    from sentinelle.ingest.catalogue import document_records

    cli = get_context(ctx)
    records = document_records(cli.database(), limit=limit, kind=kind)
    write_records(records, DOCUMENT_COLUMNS, resolve_format(fmt), title="Documents")


def watch_command(
    ctx: typer.Context,
    feeds: list[str] = typer.Argument(..., metavar="FEED_URL...", help="RSS or Atom feed URLs."),
    every: str = typer.Option("15m", "--every", help="Interval between polls: 30s, 15m, 1h."),
    once: bool = typer.Option(False, "--once", help="Poll each feed once and stop."),
    follow_links: bool = typer.Option(
        False, "--follow-links", help="Ingest each new entry's linked page, not its summary."
    ),
) -> None:
    """Poll feeds, ingesting only new entries; state survives restarts."""
    from sentinelle.ingest.watch import parse_interval, watch_feeds

    cli = get_context(ctx)
    interval = parse_interval(every)
    options = _options(cli, None, follow_links)

    def report(url: str, counts: IngestCounts) -> None:
        for line in counts.rejections:
            cli.console.print(f"[bold red]Rejected:[/] {line}", soft_wrap=True, highlight=False)
        cli.say(
            f"{url}: {counts.new} new, {counts.near_duplicate} near-duplicate, "
            f"{counts.duplicate} duplicate, {counts.rejected} rejected"
        )

    rejected = watch_feeds(cli.database(), feeds, options, interval, once=once, on_poll=report)
    if rejected:
        raise typer.Exit(code=2)


def register(app: typer.Typer) -> None:
    """Add ``ingest``, ``watch`` and ``documents`` to the root app."""
    app.command("ingest")(ingest_command)
    app.command("watch")(watch_command)
    app.command("documents")(documents_command)
