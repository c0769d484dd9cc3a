"""The audit log: every change, who made it and when, before and after, in a hash chain.

Each entry's hash covers its content and the previous entry's hash, so editing, deleting or
reordering any entry breaks the chain from there on; the table also refuses UPDATE and DELETE.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from sentinelle.store.models import AuditEntry, utcnow

GENESIS_HASH = "0" * 64
# A transaction-scoped PostgreSQL advisory lock id serialising appends to the chain.
AUDIT_LOCK_ID = 7_400_731


@dataclass(frozen=True)
class ChainReport:
    """Result of checking the chain: entries read and the first broken one, if any."""

    entries: int
    broken_at: int | None = None
    reason: str | None = None

    @property
    def intact(self) -> bool:
        """True when every entry matches its hash and links to the one before."""
        return self.broken_at is None


def _entry_hash(
    prev_hash: str,
    seq: int,
    at: dt.datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | None,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> str:
    body = {
        "seq": seq,
        "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before": before,
        "after": after,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def record_change(
    session: Session,
    actor: str,
    action: str,
    entity: str,
    entity_id: object,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> AuditEntry:
    """Append one change to the chain (inside the caller's transaction)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": AUDIT_LOCK_ID})
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).first()
    seq = 1 if last is None else last.seq + 1
    prev_hash = GENESIS_HASH if last is None else last.hash
    at = utcnow()
    ident = None if entity_id is None else str(entity_id)
    before_json = _jsonable(before)
    after_json = _jsonable(after)
    entry = AuditEntry(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=ident,
        before=before_json,
        after=after_json,
        prev_hash=prev_hash,
        hash=_entry_hash(prev_hash, seq, at, actor, action, entity, ident, before_json, after_json),
    )
    session.add(entry)
    session.flush()
    return entry


def _jsonable(value: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    loaded: dict[str, Any] = json.loads(json.dumps(dict(value), default=str))
    return loaded


def verify_chain(session: Session) -> ChainReport:
    """Recompute every hash in order; report the first entry that does not match."""
    prev_hash, expected_seq, count = GENESIS_HASH, 1, 0
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
        count += 1
        if entry.seq != expected_seq:
            return ChainReport(count, expected_seq, f"entry {expected_seq} is missing")
        if entry.prev_hash != prev_hash:
            return ChainReport(count, entry.seq, "does not link to the entry before it")
        recomputed = _entry_hash(
            prev_hash,
            entry.seq,
            entry.at,
            entry.actor,
            entry.action,
            entry.entity,
            entry.entity_id,
            entry.before,
            entry.after,
        )
        if recomputed != entry.hash:
            return ChainReport(count, entry.seq, "its content does not match its hash")
        prev_hash, expected_seq = entry.hash, expected_seq + 1
    return ChainReport(count)
