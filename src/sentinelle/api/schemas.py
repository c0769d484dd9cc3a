"""Request and response bodies of the API: what a partner's system can rely on."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from sentinelle.api.roles import Role


class Health(BaseModel):
    """The server is up and its store answers."""

    status: str
    version: str


class LoginRequest(BaseModel):
    """Credentials for a browser or script session."""

    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class Me(BaseModel):
    """The caller: name, role, regions, and the CSRF token to send on unsafe requests."""

    username: str
    role: Role
    regions: list[str]
    via: str
    csrf_token: str | None = None


class UserOut(BaseModel):
    """A user as administrators see it (never the password hash)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    role: Role
    regions: list[str]
    disabled: bool
    created_at: dt.datetime


class UserCreate(BaseModel):
    """A new user; scoped roles (responder, local authority) must name their regions."""

    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=10, max_length=1024)
    role: Role
    regions: list[str] = Field(default_factory=list, max_length=20)


class TokenScope(enum.StrEnum):
    """What a token may do: read, and write (unsafe methods)."""

    READ = "read"
    WRITE = "write"


class TokenCreate(BaseModel):
    """A new API token for the caller."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=128)
    scopes: list[TokenScope] = Field(
        default_factory=lambda: [TokenScope.READ], min_length=1, max_length=2
    )
    days: int | None = Field(None, ge=1, le=3650)


class TokenOut(BaseModel):
    """A token's metadata; ``secret`` is present only in the response that created it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    scopes: list[str]
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    secret: str | None = None


class Page(BaseModel):
    """A page of results and the cursor of the next one (None on the last page)."""

    next_cursor: str | None


class EventOut(BaseModel):
    """An event in ACLED's vocabulary plus its attribution status and p-codes."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    event_id_cnty: str
    event_date: dt.date
    event_type: str
    sub_event_type: str | None
    disorder_type: str | None
    actor1: str | None
    actor2: str | None
    admin1: str | None
    admin1_pcode: str | None
    admin2: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    fatalities: int | None
    attribution_status: str
    confidence: float | None
    notes: str | None
    producer: str


class EventPage(Page):
    """A page of events."""

    items: list[EventOut]


class EvidenceSpan(BaseModel):
    """A passage of a source document that supports a field of the event."""

    start: int
    end: int
    field: str | None = None
    text: str | None = None


class EventSourceOut(BaseModel):
    """A document supporting an event, with its attribution status and evidence spans."""

    document_id: int
    title: str | None
    origin: str
    published_on: dt.date | None
    producer: str
    attribution_status: str
    fatalities: int | None
    evidence: list[EvidenceSpan]
    created_at: dt.datetime


class AttributionChange(BaseModel):
    """One step in the history of an event's attribution status."""

    at: dt.datetime
    status: str
    by: str


class EventDetail(EventOut):
    """An event with every source and the history of its attribution status."""

    sources: list[EventSourceOut]
    attribution_history: list[AttributionChange]
    alert_ids: list[int]


class DocumentOut(BaseModel):
    """A document's provenance (never its reporter)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    origin: str
    title: str | None
    language: str | None
    published_on: dt.date | None
    retrieved_at: dt.datetime
    url: str | None
    story_id: int | None
    has_reporter: bool = False


class DocumentPage(Page):
    """A page of documents."""

    items: list[DocumentOut]


class DocumentDetail(DocumentOut):
    """A document with its text and the events coded from it."""

    text: str
    event_ids: list[int]


class TextUpload(BaseModel):
    """A report pasted as text."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=5_000_000)
    title: str | None = Field(None, max_length=1000)
    language: str | None = Field(None, max_length=16)


class FieldReportIn(BaseModel):
    """A field report: its text and the reporter's identity (encrypted, never shown back)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=1_000_000)
    reporter: str = Field(min_length=1, max_length=1000)
    title: str | None = Field(None, max_length=1000)


class UploadResult(BaseModel):
    """What an upload produced: new documents and events, and alerts raised."""

    document_ids: list[int]
    new_documents: int
    event_ids: list[int]
    alert_ids: list[int]
    stages: list[str]


class ReporterOut(BaseModel):
    """The decrypted identity of a field report's reporter (verifiers and admins only)."""

    document_id: int
    reporter: str


class AlertOut(BaseModel):
    """An alert with its state, region and window."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    rule: str
    severity: str
    state: str
    risk_level: str | None
    admin1: str | None
    admin1_pcode: str | None
    admin2: str | None
    window_start: dt.date
    window_end: dt.date
    title: str
    explanation: str
    raised_at: dt.datetime
    updated_at: dt.datetime
    deadline: dt.datetime | None = None


class AlertPage(Page):
    """A page of alerts."""

    items: list[AlertOut]


class AlertDetail(AlertOut):
    """An alert with its evidence and the actions the caller may take."""

    event_ids: list[int]
    details: dict[str, Any]
    allowed_actions: list[str]
    history: list[dict[str, Any]]


class AlertAction(BaseModel):
    """A lifecycle action on an alert: a note, and a risk level for ``assess``."""

    model_config = ConfigDict(extra="forbid")

    note: str | None = Field(None, max_length=5000)
    risk_level: str | None = Field(None, max_length=16)


class RegionSummary(BaseModel):
    """Published aggregates of one region: counts, fatalities, open alerts and risk."""

    pcode: str
    name: str
    events: int
    fatalities: int
    open_alerts: int
    risk: str


class RegionList(BaseModel):
    """Every region's aggregates."""

    items: list[RegionSummary]


class TimelinePoint(BaseModel):
    """Events and fatalities of one region in one month."""

    month: str
    pcode: str
    name: str
    events: int
    fatalities: int


class Timeline(BaseModel):
    """Monthly events and fatalities per region."""

    items: list[TimelinePoint]


class IndicatorList(BaseModel):
    """Indicators and forecasts of a region, from the analysis stage when it has run."""

    pcode: str
    available: bool
    indicators: list[dict[str, Any]]
    forecasts: list[dict[str, Any]]


class AuditOut(BaseModel):
    """One audit entry."""

    model_config = ConfigDict(from_attributes=True)

    seq: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    hash: str


class AuditPage(Page):
    """A page of audit entries, newest first."""

    items: list[AuditOut]


class AuditVerification(BaseModel):
    """Whether the audit chain is intact."""

    entries: int
    intact: bool
    broken_at: int | None
    reason: str | None


class ResponderList(BaseModel):
    """Responders of the contact group, from the rapid-reaction stage when it exists."""

    available: bool
    items: list[dict[str, Any]]
