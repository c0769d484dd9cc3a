"""Verification: how many independent sources an alert rests on, and attribution changes.

A report resting on a single unverified source is rumoured; a verifier attaches corroborating
sources or a field confirmation. An event's attribution status is raised only with a source
that supports the new status, and lowered only with a source that refutes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sentinelle.errors import IllegalTransition, InputError, NotFound
from sentinelle.store import AttributionStatus
from sentinelle.store.models import (
    Alert,
    AlertEvidence,
    AlertSource,
    AttributionChange,
    Document,
    Event,
    EventSource,
)
from sentinelle.store.models.response import SourceKind

# Independent sources needed before an alert counts as verified without field confirmation.
CORROBORATION_NEEDED = 2


@dataclass(frozen=True)
class SourceDraft:
    """A source a verifier attaches: what it says, where it is, and what it supports."""

    kind: SourceKind
    reference: str
    document_id: int | None = None
    event_id: int | None = None
    supports_status: AttributionStatus | None = None
    note: str | None = None


@dataclass(frozen=True)
class Corroboration:
    """How well an alert is sourced."""

    independent_sources: int
    field_confirmed: bool
    refuted: bool

    @property
    def rumoured(self) -> bool:
        """True while the alert rests on one unverified source (or none)."""
        return self.independent_sources < CORROBORATION_NEEDED and not self.field_confirmed

    @property
    def label(self) -> str:
        """A word for listings: refuted, rumoured, field-confirmed or corroborated."""
        if self.refuted:
            return "refuted"
        if self.rumoured:
            return AttributionStatus.RUMOURED.value
        return "field-confirmed" if self.field_confirmed else "corroborated"


def attach_source(
    session: Session, alert: Alert, draft: SourceDraft, by: str, now: dt.datetime
) -> AlertSource:
    """Record a source on ``alert``; a document or event it names must exist."""
    if not draft.reference.strip():
        raise InputError("a source needs a reference (a URL, a document id, a field report)")
    if draft.document_id is not None and session.get(Document, draft.document_id) is None:
        raise NotFound(f"no document with id {draft.document_id}")
    if draft.event_id is not None and session.get(Event, draft.event_id) is None:
        raise NotFound(f"no event with id {draft.event_id}")
    source = AlertSource(
        alert_id=alert.id,
        kind=draft.kind.value,
        reference=draft.reference.strip(),
        document_id=draft.document_id,
        event_id=draft.event_id,
        supports_status=draft.supports_status.value if draft.supports_status else None,
        by=by,
        at=now,
        note=draft.note,
    )
    session.add(source)
    session.flush()
    return source


def corroboration(session: Session, alert_id: int) -> Corroboration:
    """Count independent sources: distinct stories behind the evidence, plus attached ones."""
    story = func.coalesce(Document.story_id, Document.id)
    stories = set(
        session.scalars(
            select(story)
            .join(EventSource, EventSource.document_id == Document.id)
            .join(AlertEvidence, AlertEvidence.event_id == EventSource.event_id)
            .where(AlertEvidence.alert_id == alert_id)
        )
    )
    keys = {f"doc:{s}" for s in stories}
    attached = session.scalars(select(AlertSource).where(AlertSource.alert_id == alert_id)).all()
    field_confirmed = refuted = False
    for source in attached:
        if source.kind == SourceKind.REFUTES:
            refuted = True
            continue
        field_confirmed |= source.kind == SourceKind.FIELD_CONFIRMATION
        keys.add(_source_key(session, source))
    return Corroboration(len(keys), field_confirmed, refuted)


def _source_key(session: Session, source: AlertSource) -> str:
    if source.document_id is not None:
        document = session.get(Document, source.document_id)
        if document is not None:
            return f"doc:{document.story_id or document.id}"
    return f"ref:{source.reference.casefold()}"


def change_attribution(
    session: Session,
    event_id: int,
    status: AttributionStatus,
    source: AlertSource,
    by: str,
    now: dt.datetime,
) -> AttributionChange:
    """Raise or lower an event's attribution, justified by ``source``; refused otherwise."""
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound(f"no event with id {event_id}")
    current = AttributionStatus(event.attribution_status)
    if status == current:
        raise IllegalTransition(f"event {event_id} is already {status.value}")
    if status.rank > current.rank:
        _check_support(source, status, event_id)
    elif source.kind != SourceKind.REFUTES:
        raise IllegalTransition(
            f"lowering event {event_id} from {current.value} to {status.value} needs a "
            f"refuting source; source {source.id} is {source.kind}"
        )
    event.attribution_status = status.value
    change = AttributionChange(
        event_id=event_id,
        source_id=source.id,
        from_status=current.value,
        to_status=status.value,
        by=by,
        at=now,
    )
    session.add(change)
    session.flush()
    return change


def _check_support(source: AlertSource, status: AttributionStatus, event_id: int) -> None:
    supported = AttributionStatus(source.supports_status) if source.supports_status else None
    if source.kind == SourceKind.REFUTES or supported is None or supported.rank < status.rank:
        raise IllegalTransition(
            f"raising event {event_id} to {status.value} needs a source that supports it; "
            f"source {source.id} ({source.reference}) supports "
            f"{supported.value if supported else 'no attribution'}"
        )
    if source.event_id is not None and source.event_id != event_id:
        raise IllegalTransition(
            f"source {source.id} is about event {source.event_id}, not {event_id}"
        )
