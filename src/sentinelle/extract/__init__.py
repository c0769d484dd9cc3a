"""Extract: documents become coded events (type, actors, place, date, counts, attribution)."""

from sentinelle.extract.coding import CodingCounts, code_documents
from sentinelle.extract.events import Evidence, ExtractedEvent
from sentinelle.extract.pipeline import PRODUCER, ExtractOptions, Extractor, extract_document
from sentinelle.extract.reference import ReferenceCounts, load_reference_data

__all__ = [
    "PRODUCER",
    "CodingCounts",
    "Evidence",
    "ExtractOptions",
    "ExtractedEvent",
    "Extractor",
    "ReferenceCounts",
    "code_documents",
    "extract_document",
    "load_reference_data",
]
