"""What analysis needs to know about actors: signatory status, community, actor type.

Read from the ``actors``/``actor_aliases``/``communities`` tables (loaded by extract from its
actor dictionary), looked up by actor id or by normalised name, so ACLED imports match too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from sentinelle.store.models import Actor, ActorAlias, Community

# ACLED names identity militias "<Community> Ethnic Militia (<Country>)": the community is
# the first words, used when the dictionary does not know the militia.
ETHNIC_MILITIA = re.compile(r"^(?P<community>.+?)\s+(ethnic|communal)\s+militia", re.IGNORECASE)
NAME_CACHE = 65536  # distinct actor names seen in a run: ACLED's whole Sahel file has ~600
# Names of peacekeeping and international forces (ACLED's and the press's).
INTERNATIONAL_FORCES = re.compile(
    r"\b(minusma|misma|united nations|un peacekeep|casques bleus|barkhane|serval|"
    r"takuba|eutm|military forces of france|g5 sahel|ecowas)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=NAME_CACHE)
def normalize_name(name: str) -> str:
    """Lower case, accents and punctuation dropped, spaces collapsed: the alias lookup key."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+", " ", plain.lower()).split())


@dataclass(frozen=True)
class ActorInfo:
    """One known actor's facts that detectors use."""

    name: str
    actor_type: int
    signatory: bool
    community: str | None


@dataclass
class ActorDirectory:
    """Known actors by id and by normalised alias."""

    by_id: dict[int, ActorInfo] = field(default_factory=dict)
    by_alias: dict[str, ActorInfo] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> ActorDirectory:
        """Every actor and alias of the store."""
        directory = cls()
        communities = {
            cid: name for cid, name in session.execute(select(Community.id, Community.name))
        }
        for actor in session.scalars(select(Actor)):
            info = ActorInfo(
                name=actor.name,
                actor_type=actor.actor_type,
                signatory=actor.signatory_2015,
                community=communities.get(actor.community_id) if actor.community_id else None,
            )
            directory.add(actor.id, info, (actor.name,))
        for actor_id, alias in session.execute(select(ActorAlias.actor_id, ActorAlias.alias)):
            known = directory.by_id.get(actor_id)
            if known is not None:
                directory.by_alias[normalize_name(alias)] = known
        return directory

    @classmethod
    def from_dictionary(cls) -> ActorDirectory:
        """The shipped actor dictionary itself, for a store without reference data loaded."""
        from sentinelle.extract.actors import ActorDictionary

        directory = cls()
        for entry in ActorDictionary.load().by_name.values():
            info = ActorInfo(
                name=entry.name,
                actor_type=int(entry.actor_type),
                signatory=entry.signatory_2015,
                community=entry.community,
            )
            directory.add(None, info, (alias for alias, _ in entry.aliases))
        return directory

    @classmethod
    def load_or_shipped(cls, session: Session) -> ActorDirectory:
        """The store's actors, or the shipped dictionary when the store has none."""
        directory = cls.load(session)
        return directory if directory.by_alias else cls.from_dictionary()

    def add(self, actor_id: int | None, info: ActorInfo, aliases: Iterable[str]) -> None:
        """Register an actor under its id and names."""
        if actor_id is not None:
            self.by_id[actor_id] = info
        for alias in (info.name, *aliases):
            self.by_alias[normalize_name(alias)] = info

    def find(self, actor_id: int | None, name: str | None) -> ActorInfo | None:
        """The actor by id, else by name (the full name, then the part before a colon)."""
        if actor_id is not None and actor_id in self.by_id:
            return self.by_id[actor_id]
        if not name:
            return None
        found = self.by_alias.get(normalize_name(name))
        if found is None and ":" in name:
            found = self.by_alias.get(normalize_name(name.split(":", 1)[0]))
        return found

    def is_signatory(self, actor_id: int | None, name: str | None) -> bool:
        """True when the actor signed the agreement (per the actor dictionary)."""
        info = self.find(actor_id, name)
        return info is not None and info.signatory

    def community(self, actor_id: int | None, name: str | None) -> str | None:
        """The community an actor recruits from: the dictionary's, else ACLED's militia name."""
        info = self.find(actor_id, name)
        if info is not None and info.community:
            return info.community
        match = ETHNIC_MILITIA.match(name or "")
        return match.group("community").strip() if match else None


def is_international_force(name: str | None) -> bool:
    """True for peacekeepers and international forces (MINUSMA, Barkhane...)."""
    return bool(name) and INTERNATIONAL_FORCES.search(name or "") is not None
