"""Every mapped table; importing this module registers them all on ``Base.metadata``."""

from sentinelle.store.models.accord import (
    Agreement,
    AgreementParty,
    AgreementSignature,
    Commitment,
    CommitmentAlert,
    CommitmentEventLink,
    CommitmentParty,
    Provision,
    StatusChange,
)
from sentinelle.store.models.alerts import Alert, AlertEvidence
from sentinelle.store.models.analyze import AnalysisMark, Forecast, IndicatorCell, RegionPeriod
from sentinelle.store.models.auth import (
    ApiToken,
    AuditEntry,
    LoginAttempt,
    ReporterIdentity,
    User,
    WebSession,
)
from sentinelle.store.models.base import Base, UTCDateTime, utcnow
from sentinelle.store.models.events import Event, EventSource
from sentinelle.store.models.extract import DocumentCoding
from sentinelle.store.models.funds import FundJournalEntry, FundJournalLine, FundLedgerHead
from sentinelle.store.models.ingest import DocumentBand, DocumentSignature, FeedEntry, FeedState
from sentinelle.store.models.reference import Actor, ActorAlias, Community, Place
from sentinelle.store.models.response import (
    AlertAction,
    AlertAssignment,
    AlertEscalation,
    AlertSource,
    AlertTransition,
    AttributionChange,
    Delivery,
    OutboxMessage,
    Responder,
)
from sentinelle.store.models.sources import Document, IngestRun, Sighting, Source

__all__ = [
    "Actor",
    "ActorAlias",
    "Agreement",
    "AgreementParty",
    "AgreementSignature",
    "Alert",
    "AlertAction",
    "AlertAssignment",
    "AlertEscalation",
    "AlertEvidence",
    "AlertSource",
    "AlertTransition",
    "AnalysisMark",
    "ApiToken",
    "AttributionChange",
    "AuditEntry",
    "Base",
    "Commitment",
    "CommitmentAlert",
    "CommitmentEventLink",
    "CommitmentParty",
    "Community",
    "Delivery",
    "Document",
    "DocumentBand",
    "DocumentCoding",
    "DocumentSignature",
    "Event",
    "EventSource",
    "FeedEntry",
    "FeedState",
    "Forecast",
    "FundJournalEntry",
    "FundJournalLine",
    "FundLedgerHead",
    "IndicatorCell",
    "IngestRun",
    "LoginAttempt",
    "OutboxMessage",
    "Place",
    "Provision",
    "RegionPeriod",
    "ReporterIdentity",
    "Responder",
    "Sighting",
    "Source",
    "StatusChange",
    "UTCDateTime",
    "User",
    "WebSession",
    "utcnow",
]
