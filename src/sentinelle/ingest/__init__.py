"""Ingest: reports of every shape become clean, dated, deduplicated documents."""

from sentinelle.ingest.acled_import import ImportCounts, attribution_for, import_acled_csv
from sentinelle.ingest.counts import IngestCounts
from sentinelle.ingest.documents import RawDocument, RawInput, Rejection, Source
from sentinelle.ingest.kinds import detect_kind, parse_kind, register_reader
from sentinelle.ingest.run import IngestOptions, Ingestor, IngestReport, ingest

__all__ = [
    "ImportCounts",
    "IngestCounts",
    "IngestOptions",
    "IngestReport",
    "Ingestor",
    "RawDocument",
    "RawInput",
    "Rejection",
    "Source",
    "attribution_for",
    "detect_kind",
    "import_acled_csv",
    "ingest",
    "parse_kind",
    "register_reader",
]
