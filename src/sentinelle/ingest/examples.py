"""The bundled exercise scenario: fictitious EN/FR reports of one week in Mali, 16-22 Nov 2015."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Final

from sentinelle.ingest.run import IngestOptions, IngestReport, ingest
from sentinelle.store import Database

EXAMPLES_DIR: Final = Path(__file__).resolve().parents[1] / "examples"


def example_files() -> list[Path]:
    """The scenario's files: a feed, saved pages, text copies, a KoboToolbox export."""
    return sorted(path for path in EXAMPLES_DIR.rglob("*") if path.is_file())


def ingest_examples(
    database: Database, extra: Sequence[Path] = (), options: IngestOptions | None = None
) -> tuple[IngestReport, str]:
    """Ingest the scenario and any extra inputs; returns the report and a one-line summary."""
    targets = [str(path) for path in (*example_files(), *extra)]
    report = ingest(database, targets, options)
    counts = report.counts
    line = (
        f"{len(targets)} inputs: {counts.new} new documents, {counts.near_duplicate} "
        f"near-duplicate (same story), {counts.duplicate} duplicate, {counts.rejected} rejected"
    )
    return report, line
