"""Linking events to the commitments they bear on, read from the actors table.

A ceasefire commitment is linked to armed clashes between two signatory actors
(``actors.signatory_2015``) in its regions; a cantonment commitment to events involving
the groups it concerns (the actors its parties list, and their coalitions' members).
Links are made once per (commitment, event); only events since entry into force count.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from sentinelle.accord.regions import admin1_pcode, covered_region
from sentinelle.accord.register import CONCERNED, RESPONSIBLE
from sentinelle.accord.schema import CommitmentKind
from sentinelle.store.models import (
    Actor,
    Agreement,
    Commitment,
    CommitmentEventLink,
    CommitmentParty,
    Event,
)

PRODUCER = "accord.links.v1"
# ACLED's event type for armed confrontations between organised groups ("Armed clash"...).
CLASH_EVENT_TYPES = ("Battles",)
NATIONAL = "national"
# The period ACLED appends to state forces' names, e.g. "(2013-2020)" or "(2021-)".
ACLED_PERIOD_RE = re.compile(r"\s*\(\d{4}-(\d{4})?\)\s*$")

_Matcher = Callable[[Event], str | None]


class LinkReason:
    """Why an event was linked (stored as text in ``accord_event_links.reason``)."""

    SIGNATORY_CLASH = "signatory-clash"
    GROUP_INVOLVED = "group-involved"


@dataclass(frozen=True)
class NewLink:
    """An event newly linked to a commitment, with the covered region it fell in."""

    commitment_id: int
    event_id: int
    event_date: dt.date
    region: str
    reason: str


class ActorIndex:
    """Actors by id and by normalised name or alias, to resolve an event's actor columns."""

    def __init__(self, session: Session) -> None:
        actors = list(session.scalars(select(Actor).options(selectinload(Actor.aliases))))
        self.by_id = {actor.id: actor for actor in actors}
        self.by_name: dict[str, Actor] = {}
        for actor in actors:
            for alias in actor.aliases:
                self.by_name.setdefault(normal_name(alias.alias), actor)
        for actor in actors:
            self.by_name[normal_name(actor.name)] = actor

    def resolve(self, actor_id: int | None, name: str | None) -> Actor | None:
        """The actor behind an event column: its id if coded, else its name or alias."""
        if actor_id is not None and actor_id in self.by_id:
            return self.by_id[actor_id]
        if not name:
            return None
        found = self.by_name.get(normal_name(name))
        if found is None:  # ACLED dates its actor names: "Military Forces of Mali (2013-)"
            found = self.by_name.get(normal_name(ACLED_PERIOD_RE.sub("", name)))
        return found

    def members(self, names: Sequence[str]) -> set[int]:
        """Ids of the named actors and of every actor whose coalition is one of them."""
        ids = {self.by_name[key].id for key in map(normal_name, names) if key in self.by_name}
        return ids | {a.id for a in self.by_id.values() if a.coalition_id in ids}


def normal_name(name: str) -> str:
    """A lookup key for actor names: accents off, case folded, punctuation to spaces."""
    stripped = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    cleaned = "".join(char if char.isalnum() else " " for char in stripped.casefold())
    return " ".join(cleaned.split())


def link_events(
    session: Session, agreement: Agreement, until: dt.date, *, now: dt.datetime
) -> list[NewLink]:
    """Link new events (up to ``until``) to the agreement's ceasefire and cantonment commitments."""
    start = agreement.entry_into_force or agreement.first_signed_on
    watched = list(
        session.scalars(
            select(Commitment)
            .where(
                Commitment.agreement_id == agreement.id,
                Commitment.kind.in_([CommitmentKind.CEASEFIRE, CommitmentKind.CANTONMENT]),
            )
            .options(selectinload(Commitment.parties).selectinload(CommitmentParty.party))
            .order_by(Commitment.id)
        )
    )
    if not watched:
        return []
    index = ActorIndex(session)
    party_members = _party_members(index, agreement)
    links: list[NewLink] = []
    for commitment in watched:
        known = set(
            session.scalars(
                select(CommitmentEventLink.event_id).where(
                    CommitmentEventLink.commitment_id == commitment.id
                )
            )
        )
        query = select(Event).where(Event.event_date >= start, Event.event_date <= until)
        if commitment.kind == CommitmentKind.CEASEFIRE:
            query = query.where(Event.event_type.in_(CLASH_EVENT_TYPES))
            matcher = _signatory_clash(index, party_members)
        else:
            matcher = _group_involved(index, _group_actor_ids(index, commitment))
        for event in session.scalars(query.order_by(Event.event_date, Event.id)):
            if event.id in known:
                continue
            reason = matcher(event)
            region = _event_region(commitment, event) if reason else None
            if reason and region:
                links.append(NewLink(commitment.id, event.id, event.event_date, region, reason))
    for link in links:
        session.add(
            CommitmentEventLink(
                commitment_id=link.commitment_id,
                event_id=link.event_id,
                reason=link.reason,
                region=link.region,
                producer=PRODUCER,
                linked_at=now,
            )
        )
    session.flush()
    return links


def _signatory_clash(index: ActorIndex, parties: dict[int, set[str]]) -> _Matcher:
    """Clashes between two signatory actors, unless both belong to the same party only."""

    def match(event: Event) -> str | None:
        first = index.resolve(event.actor1_id, event.actor1)
        second = index.resolve(event.actor2_id, event.actor2)
        if first is None or second is None or first.id == second.id:
            return None
        if not (first.signatory_2015 and second.signatory_2015):
            return None
        own, other = parties.get(first.id, set()), parties.get(second.id, set())
        if own and own == other and len(own) == 1:
            return None  # infighting within one party: not a breach between the parties
        return LinkReason.SIGNATORY_CLASH

    return match


def _party_members(index: ActorIndex, agreement: Agreement) -> dict[int, set[str]]:
    """For each actor id, the codes of the agreement's parties it belongs to."""
    members: dict[int, set[str]] = {}
    for party in agreement.parties:
        for actor_id in index.members(list(party.actor_names)):
            members.setdefault(actor_id, set()).add(party.code)
    return members


def _group_involved(index: ActorIndex, group_ids: set[int]) -> _Matcher:
    def match(event: Event) -> str | None:
        for actor_id, name in ((event.actor1_id, event.actor1), (event.actor2_id, event.actor2)):
            actor = index.resolve(actor_id, name)
            if actor is not None and actor.id in group_ids:
                return LinkReason.GROUP_INVOLVED
        return None

    return match


def _group_actor_ids(index: ActorIndex, commitment: Commitment) -> set[int]:
    """The actors of the parties a commitment concerns (its responsible ones if none named)."""
    concerned = [link.party for link in commitment.parties if link.role == CONCERNED]
    parties = concerned or [link.party for link in commitment.parties if link.role == RESPONSIBLE]
    return index.members([name for party in parties for name in party.actor_names])


def _event_region(commitment: Commitment, event: Event) -> str | None:
    """The commitment's region the event falls in; its admin1 for a national commitment."""
    pcodes = [event.admin2_pcode, event.admin1_pcode, admin1_pcode(event.admin2)]
    pcodes.append(admin1_pcode(event.admin1))
    if not commitment.regions:
        return next((code[:4] for code in pcodes if code), NATIONAL)
    return covered_region(commitment.regions, pcodes)


@dataclass(frozen=True)
class LinkedEvent:
    """An event linked to a commitment, as the dashboard and ``accord links`` list it."""

    commitment: str
    event_id: int
    event_id_cnty: str
    event_date: dt.date
    event_type: str
    actor1: str | None
    actor2: str | None
    location: str | None
    region: str | None
    reason: str
    fatalities: int | None

    def as_record(self) -> dict[str, object]:
        """A flat mapping for tables, JSON lines and the API."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def commitment_events(session: Session, commitment: Commitment) -> list[LinkedEvent]:
    """The events linked to a commitment, newest first."""
    rows = session.execute(
        select(Event, CommitmentEventLink)
        .join(CommitmentEventLink, CommitmentEventLink.event_id == Event.id)
        .where(CommitmentEventLink.commitment_id == commitment.id)
        .order_by(Event.event_date.desc(), Event.id.desc())
    )
    return [
        LinkedEvent(
            commitment=commitment.code,
            event_id=event.id,
            event_id_cnty=event.event_id_cnty,
            event_date=event.event_date,
            event_type=event.event_type,
            actor1=event.actor1,
            actor2=event.actor2,
            location=event.location or event.admin2 or event.admin1,
            region=link.region,
            reason=link.reason,
            fatalities=event.fatalities,
        )
        for event, link in rows
    ]
