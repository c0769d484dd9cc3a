"""The demo: the main job end to end on the embedded default store and bundled examples.

Each pipeline stage adds its step to ``DEMO_STEPS``; the demo runs them in order on a fresh
SQLite database and prints what each produced.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sentinelle.settings import Settings
from sentinelle.store import Database, open_database, sqlite_path

log = logging.getLogger(__name__)

EXAMPLES_DIR = Path(__file__).with_name("examples")


@dataclass
class DemoRun:
    """What the demo works on and what it has produced so far."""

    settings: Settings
    database: Database
    extra_inputs: Sequence[Path] = ()
    summary: dict[str, str] = field(default_factory=dict)


DemoStep = Callable[[DemoRun], None]


def _migrate(run: DemoRun) -> None:
    tables = [name for name in run.database.table_names() if name != "alembic_version"]
    run.summary["store"] = f"{run.database.display_url}: {len(tables)} tables"


def _ingest(run: DemoRun) -> None:
    from sentinelle.ingest import IngestOptions
    from sentinelle.ingest.examples import ingest_examples

    key = run.settings.reporter_key
    options = IngestOptions(reporter_key=key.get_secret_value() if key else None)
    _report, run.summary["ingest"] = ingest_examples(run.database, run.extra_inputs, options)


def _extract(run: DemoRun) -> None:
    from sentinelle.extract import code_documents, load_reference_data

    reference = load_reference_data(run.database, places=False)
    counts = code_documents(run.database)
    run.summary["extract"] = (
        f"{reference.actors} actors loaded; {counts.documents} documents coded, "
        f"{counts.events} events, {counts.merged} merged reports"
    )


def _analyze(run: DemoRun) -> None:
    from sentinelle.alerts.engine_run import AnalysisOptions, run_analysis

    report = run_analysis(run.database, AnalysisOptions(rules_file=run.settings.rules_file))
    run.summary["analyze"] = (
        f"{report.indicators.region_periods} region-periods of indicators, "
        f"{report.forecast_rows} forecasts, {report.engine.raised} alerts raised "
        f"({report.engine.updated} updates)"
    )


def _accord(run: DemoRun) -> None:
    from sentinelle.accord import run_accord_demo

    run.summary["accord"] = run_accord_demo(run.database)


def _respond(run: DemoRun) -> None:
    from sentinelle.alerts.walkthrough import run_respond_demo

    run.summary["respond"] = run_respond_demo(run.database)


def _funds(run: DemoRun) -> None:
    from sentinelle.funds.demo import run_funds_demo

    run.summary["funds"] = run_funds_demo(run.database)


# Steps in pipeline order; stages append theirs as they land.
DEMO_STEPS: list[tuple[str, DemoStep]] = [
    ("migrate", _migrate),
    ("ingest", _ingest),
    ("extract", _extract),
    ("analyze", _analyze),
    ("accord", _accord),
    ("respond", _respond),
    ("funds", _funds),
]


def fresh_demo_database(settings: Settings) -> Database:
    """Open the demo store, starting from an empty file when it is an SQLite file."""
    path = sqlite_path(settings.database_url)
    if path is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return open_database(settings.database_url, echo=settings.echo_sql)


def run_demo(
    settings: Settings,
    extra_inputs: Sequence[Path] = (),
    progress: Callable[[str], None] | None = None,
) -> DemoRun:
    """Run every demo step on a fresh store; returns the run with its summary."""
    run = DemoRun(settings, fresh_demo_database(settings), extra_inputs)
    for name, step in DEMO_STEPS:
        if progress:
            progress(name)
        step(run)
    return run
