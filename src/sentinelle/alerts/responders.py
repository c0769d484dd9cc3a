"""The contact group's roster: who covers which regions and topics, in which on-call order."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from sentinelle.errors import InputError, NotFound
from sentinelle.store.models import Responder
from sentinelle.store.models.response import ResponderRole

# A responder covering this region name covers every region.
ALL_REGIONS = "*"
# Columns of a roster CSV; regions and topics are separated by semicolons within a cell.
CSV_COLUMNS = ("name", "role", "regions", "topics", "on_call_order", "email", "webhook_url")
# On-call rank given when a roster row leaves it empty: after anyone ranked explicitly.
DEFAULT_ON_CALL_ORDER = 100


@dataclass(frozen=True)
class ResponderDraft:
    """A roster entry as typed or read from a CSV row."""

    name: str
    role: ResponderRole
    regions: Sequence[str] = (ALL_REGIONS,)
    topics: Sequence[str] = ()
    on_call_order: int = DEFAULT_ON_CALL_ORDER
    email: str | None = None
    webhook_url: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def upsert_responder(session: Session, draft: ResponderDraft) -> tuple[Responder, bool]:
    """Add the responder, or update the one of the same name; True when new."""
    if not draft.name.strip():
        raise InputError("a responder needs a name")
    if draft.email is None and draft.webhook_url is None:
        raise InputError(f"responder {draft.name!r} needs an email or a webhook URL")
    responder = session.scalars(select(Responder).where(Responder.name == draft.name)).first()
    created = responder is None
    if responder is None:
        responder = Responder(name=draft.name)
        session.add(responder)
    responder.role = draft.role.value
    responder.regions = list(draft.regions) or [ALL_REGIONS]
    responder.topics = list(draft.topics)
    responder.on_call_order = draft.on_call_order
    responder.email = draft.email
    responder.webhook_url = draft.webhook_url
    responder.active = True
    session.flush()
    return responder, created


def list_responders(session: Session, region: str | None = None) -> list[Responder]:
    """Active responders, in on-call order, restricted to those covering ``region`` if given."""
    rows = session.scalars(
        select(Responder)
        .where(Responder.active.is_(True))
        .order_by(Responder.on_call_order, Responder.id)
    ).all()
    return [r for r in rows if region is None or covers(r, region)]


def covers(responder: Responder, region: str | None) -> bool:
    """True when ``responder`` covers ``region`` (an alert with no region goes to '*' only)."""
    regions = {str(name).casefold() for name in responder.regions}
    return ALL_REGIONS in regions or (region is not None and region.casefold() in regions)


def escalation_chain(session: Session, region: str | None) -> list[Responder]:
    """Who an alert in ``region`` goes to, in order: the on-call people, then coordinators."""
    people = [person for person in list_responders(session) if covers(person, region)]
    on_call = [r for r in people if r.role != ResponderRole.COORDINATOR]
    coordinators = [r for r in people if r.role == ResponderRole.COORDINATOR]
    return on_call + coordinators


def find_responder(session: Session, name: str) -> Responder:
    """The responder called ``name``; NotFound otherwise."""
    responder = session.scalars(select(Responder).where(Responder.name == name)).first()
    if responder is None:
        raise NotFound(f"no responder named {name!r}; see 'sentinelle responders list'")
    return responder


def read_roster_csv(path: Path) -> list[ResponderDraft]:
    """Parse a roster CSV (header row with CSV_COLUMNS); a bad row names its line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (FileNotFoundError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read roster ({exc})", source=str(path)) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = {"name", "role"} - set(reader.fieldnames or ())
    if missing:
        raise InputError(f"missing column(s) {', '.join(sorted(missing))}", source=str(path))
    return [_draft_from_row(row, f"{path}:{line}") for line, row in enumerate(reader, start=2)]


def _draft_from_row(row: dict[str, str], where: str) -> ResponderDraft:
    role_text = (row.get("role") or "").strip().lower()
    try:
        role = ResponderRole(role_text)
    except ValueError:
        roles = ", ".join(r.value for r in ResponderRole)
        raise InputError(f"unknown role {role_text!r} (expected {roles})", source=where) from None
    order_text = (row.get("on_call_order") or "").strip()
    if order_text and not order_text.isdigit():
        raise InputError(f"on_call_order {order_text!r} is not a number", source=where)
    try:
        return ResponderDraft(
            name=(row.get("name") or "").strip(),
            role=role,
            regions=_split(row.get("regions")) or [ALL_REGIONS],
            topics=_split(row.get("topics")),
            on_call_order=int(order_text) if order_text else DEFAULT_ON_CALL_ORDER,
            email=(row.get("email") or "").strip() or None,
            webhook_url=(row.get("webhook_url") or "").strip() or None,
        )
    except InputError as exc:
        raise InputError(str(exc), source=where) from None


def import_roster(session: Session, drafts: Iterable[ResponderDraft]) -> tuple[int, int]:
    """Upsert every roster entry; returns (added, updated)."""
    added = updated = 0
    for draft in drafts:
        _, created = upsert_responder(session, draft)
        added += created
        updated += not created
    return added, updated


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]
