"""Loading the actor dictionary and the gazetteer into the store's reference tables."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sentinelle.extract.actors import ActorDictionary
from sentinelle.extract.gazetteer import Gazetteer, Place
from sentinelle.extract.normalize import normalize
from sentinelle.store import Database
from sentinelle.store.models import Actor, ActorAlias, Community
from sentinelle.store.models import Place as PlaceRow

log = logging.getLogger(__name__)

# Rows per INSERT batch when loading places: large enough to be fast, small enough for PG.
PLACE_BATCH = 2000


@dataclass(frozen=True)
class ReferenceCounts:
    """What one load wrote."""

    communities: int
    actors: int
    aliases: int
    places: int
    version: str


def load_reference_data(database: Database, *, places: bool = True) -> ReferenceCounts:
    """Upsert communities, actors and aliases, and (optionally) Mali's places; idempotent."""
    dictionary = ActorDictionary.load()
    with database.session() as session:
        communities = _communities(session, dictionary)
        actors = _actors(session, dictionary, communities)
        aliases = _aliases(session, dictionary, actors)
        loaded = load_places(session, _mali_places()) if places else 0
    return ReferenceCounts(len(communities), len(actors), aliases, loaded, dictionary.version)


def _communities(session: Session, dictionary: ActorDictionary) -> dict[str, Community]:
    existing = {c.name: c for c in session.scalars(select(Community))}
    for entry in dictionary.communities:
        row = existing.get(entry.name) or Community(name=entry.name)
        row.description = entry.description
        session.add(row)
        existing[entry.name] = row
    session.flush()
    return existing


def _actors(
    session: Session, dictionary: ActorDictionary, communities: dict[str, Community]
) -> dict[str, Actor]:
    existing = {a.name: a for a in session.scalars(select(Actor))}
    for entry in dictionary.actors:
        row = existing.get(entry.name) or Actor(name=entry.name, actor_type=int(entry.actor_type))
        row.actor_type = int(entry.actor_type)
        row.country = entry.country
        row.community_id = communities[entry.community].id if entry.community else None
        row.signatory_2015 = entry.signatory_2015
        row.description = entry.description
        row.dictionary_version = dictionary.version
        session.add(row)
        existing[entry.name] = row
    session.flush()
    for entry in dictionary.actors:
        coalition = existing.get(entry.coalition) if entry.coalition else None
        existing[entry.name].coalition_id = coalition.id if coalition else None
    session.flush()
    return existing


def _aliases(session: Session, dictionary: ActorDictionary, actors: dict[str, Actor]) -> int:
    wanted: dict[str, tuple[int, str, str]] = {}
    for entry in dictionary.actors:
        for alias, language in entry.aliases:
            wanted.setdefault(normalize(alias), (actors[entry.name].id, alias, language))
    existing = {a.normalized: a for a in session.scalars(select(ActorAlias))}
    for key, row in existing.items():
        if key not in wanted:
            session.delete(row)
    session.flush()
    for key, (actor_id, alias, language) in wanted.items():
        row = existing.get(key) or ActorAlias(normalized=key, actor_id=actor_id, alias=alias)
        row.actor_id, row.alias, row.language = actor_id, alias, language
        session.add(row)
    session.flush()
    return len(wanted)


def _mali_places() -> list[Place]:
    gazetteer = Gazetteer.load()
    return [p for p in gazetteer.places if p.country_iso == "ML" or p.source == "curated"]


def load_places(session: Session, places: list[Place]) -> int:
    """Insert the places the store lacks (keyed by source and id); returns how many were new."""
    known = {(s, i) for s, i in session.execute(select(PlaceRow.source, PlaceRow.source_id))}
    fresh = [p for p in places if (p.source, p.id) not in known]
    for start in range(0, len(fresh), PLACE_BATCH):
        session.add_all(_place_row(p) for p in fresh[start : start + PLACE_BATCH])
        session.flush()
    return len(fresh)


def _place_row(place: Place) -> PlaceRow:
    return PlaceRow(
        source=place.source,
        source_id=place.id,
        name=place.name[:256],
        feature_code=place.feature_code,
        country_iso=place.country_iso,
        country=place.country,
        admin1=place.admin1,
        admin1_pcode=place.admin1_pcode,
        admin2=place.admin2,
        admin2_pcode=place.admin2_pcode,
        latitude=place.latitude,
        longitude=place.longitude,
        population=place.population or None,
    )
