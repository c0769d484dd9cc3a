"""``sentinelle backfill`` and the ``--cluster`` runs of ``ingest`` and ``extract``."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer

from sentinelle.commands.context import CliContext, get_context
from sentinelle.errors import InputError

if TYPE_CHECKING:
    from distributed import Client

    from sentinelle.cluster import ExtractCounts
    from sentinelle.ingest import IngestCounts, IngestOptions

# Dask's scheduler and nannies run in this process: their routine INFO lines would drown the
# progress bar; warnings (a worker lost and restarted) still show.
DASK_LOG_LEVEL = logging.WARNING
CLUSTER_HELP = (
    "Run on a Dask cluster: local (2 worker processes), local:N, or a scheduler address "
    "such as tcp://scheduler:8786 (workers need sentinelle installed and the database reachable)."
)


class PartitionProgress:
    """A rich progress bar over partitions on stderr, one task per phase."""

    def __init__(self, cli: CliContext) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            "partitions",
            TimeElapsedColumn(),
            console=cli.console,
            disable=cli.quiet,
            transient=True,
        )
        self._tasks: dict[str, Any] = {}

    def __enter__(self) -> PartitionProgress:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(None, None, None)

    def phase(self, name: str) -> Any:
        """A callback ``(done, total)`` that advances the bar of phase ``name``."""

        def advance(done: int, total: int) -> None:
            if name not in self._tasks:
                self._tasks[name] = self.bar.add_task(name, total=total)
            self.bar.update(self._tasks[name], completed=done, total=total)

        return advance


@contextmanager
def cluster_client(cli: CliContext, spec_text: str | None) -> Iterator[Client | None]:
    """A client of the cluster ``--cluster`` names, or None to run in this process."""
    if spec_text is None:
        yield None
        return
    from sentinelle.cluster import connect, parse_cluster_spec

    spec = parse_cluster_spec(spec_text)
    plural = "s" if spec.workers > 1 else ""
    where = spec.address or f"a local cluster of {spec.workers} worker process{plural}"
    cli.say(f"Connecting to {where}...")
    import distributed  # noqa: F401  (its loggers exist once it is imported)

    for name in list(logging.root.manager.loggerDict):  # dask sets each module's own level
        if name.startswith("distributed"):
            logging.getLogger(name).setLevel(DASK_LOG_LEVEL)
    with connect(spec) as client:
        yield client


def run_ingest_on_cluster(
    cli: CliContext, spec_text: str, targets: list[str], options: IngestOptions
) -> IngestCounts:
    """``ingest --cluster``: files (folders walked) and URLs ingested partition by partition."""
    from sentinelle.cluster import archive_files, parse_cluster_spec, run_ingest
    from sentinelle.ingest.sources import is_url

    parse_cluster_spec(spec_text)  # a bad --cluster is reported before any file is read
    if "-" in targets:
        raise InputError("standard input cannot be sent to a cluster; save it to a file first")
    inputs = [
        item
        for target in targets
        for item in ([target] if is_url(target) else archive_files(target))
    ]
    database = cli.database()
    with cluster_client(cli, spec_text) as client, PartitionProgress(cli) as progress:
        counts = run_ingest(
            client, database, inputs, options, on_partition=progress.phase("Ingest")
        )
    say_ingested(cli, counts)
    return counts


def say_ingested(cli: CliContext, counts: IngestCounts) -> None:
    """Rejections, then one line on what ingest did."""
    for line in counts.rejections:
        cli.console.print(f"[bold red]Rejected:[/] {line}", soft_wrap=True, highlight=False)
    cli.say(
        f"{counts.read} documents read: {counts.new} new, {counts.near_duplicate} "
        f"near-duplicate, {counts.duplicate} duplicate, {counts.rejected} rejected."
    )


def run_extract_on_cluster(cli: CliContext, spec_text: str) -> ExtractCounts:
    """``extract --cluster``: every uncoded document coded on the cluster."""
    from sentinelle.cluster import run_extract

    database = cli.database()
    with cluster_client(cli, spec_text) as client, PartitionProgress(cli) as progress:
        counts = run_extract(client, database, on_partition=progress.phase("Extract"))
    say_coded(cli, counts)
    return counts


def say_coded(cli: CliContext, counts: ExtractCounts) -> None:
    """One line on what extraction did."""
    from sentinelle.extract import PRODUCER

    cli.say(
        f"{PRODUCER}: coded {counts.documents} documents, stored {counts.events} event "
        f"reports, {counts.failed} failed."
    )


def backfill_command(
    ctx: typer.Context,
    pattern: str = typer.Argument(
        ..., metavar="PATH_OR_GLOB", help="A folder (walked), a file, or a glob ('news/**/*.html')."
    ),
    cluster: str | None = typer.Option(None, "--cluster", help=CLUSTER_HELP),
    kind: str | None = typer.Option(
        None, "--kind", "-k", help="Force the kind of every file (default: detected)."
    ),
) -> None:
    """Ingest and code a large archive; re-running does only what is still missing."""
    from sentinelle.cluster import backfill
    from sentinelle.commands.ingest import _options

    cli = get_context(ctx)
    options = _options(cli, kind)
    database = cli.database()
    with cluster_client(cli, cluster) as client, PartitionProgress(cli) as progress:
        report = backfill(
            client,
            database,
            pattern,
            options,
            on_partition=progress.phase("Ingest"),
            on_extract_partition=progress.phase("Extract"),
        )
    counts = report.ingested
    cli.say(f"{report.found} files: {report.skipped} already stored.")
    say_ingested(cli, counts)
    say_coded(cli, report.coded)
    if counts.rejected:
        raise typer.Exit(code=2)


def register(app: typer.Typer) -> None:
    """Add ``backfill`` to the root app."""
    app.command("backfill")(backfill_command)
