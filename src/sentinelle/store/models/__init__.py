"""Every mapped table; importing this module registers them all on ``Base.metadata``."""

from sentinelle.store.models.alerts import Alert, AlertEvidence
from sentinelle.store.models.base import Base, UTCDateTime, utcnow
from sentinelle.store.models.events import Event, EventSource
from sentinelle.store.models.funds import FundJournalEntry, FundJournalLine, FundLedgerHead
from sentinelle.store.models.reference import Actor, ActorAlias, Community, Place
from sentinelle.store.models.sources import Document, IngestRun, Sighting, Source

__all__ = [
    "Actor",
    "ActorAlias",
    "Alert",
    "AlertEvidence",
    "Base",
    "Community",
    "Document",
    "Event",
    "EventSource",
    "FundJournalEntry",
    "FundJournalLine",
    "FundLedgerHead",
    "IngestRun",
    "Place",
    "Sighting",
    "Source",
    "UTCDateTime",
    "utcnow",
]
