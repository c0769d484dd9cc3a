"""The actor dictionary (``data/actors.yaml``): canonical actors, aliases, and a text matcher."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from sentinelle.errors import ConfigError
from sentinelle.extract.normalize import fold, normalize
from sentinelle.store.enums import ActorType

ACTORS_FILE = Path(__file__).with_name("data") / "actors.yaml"
# Aliases that name "the army" without saying whose: they mean the document's country's forces.
GENERIC_STATE = {
    "army", "soldiers", "soldier", "troops", "the military", "armee", "soldats", "soldat",
    "militaires", "fds",
    "police officers", "gendarmes", "gendarmerie", "policiers", "police", "riot police",
    "policemen", "forces de l ordre", "la police", "security forces", "forces de securite",
    "forces de defense et de securite",
}  # fmt: skip
# Actors named by what they are, not who: a named group right after them is who they are.
VAGUE_NAMES = frozenset({"Unidentified Armed Group", "Islamist gunmen"})
# "Islamist fighters of Ansar Dine", "des jihadistes de l'EIGS", "militants from JNIM".
_OF_GROUP = re.compile(r"\s*(?:of|from|de|du|des|d)\s+(?:the\s+|l\s+|la\s+|le\s+)?")
# An abbreviation in capitals ("CMA", "IS", "EI") matches only as written: "is" is a word.
# Two nationalities sharing one noun: "French and Malian troops", "soldats maliens et français".
_FORCES = r"troops|soldiers|forces|armies|soldats|militaires|troupes|forces armées"
_COORDINATED_BEFORE = re.compile(rf"\b([A-Z]\w+)\s+(and)\s+[A-Z]\w+\s+({_FORCES})\b")
_COORDINATED_AFTER = re.compile(rf"\b({_FORCES})\s+\w+\s+(et)\s+(\w+)\b")
_ABBREVIATION = re.compile(r"^[A-Z0-9][A-Z0-9\-]{1,9}$")


@dataclass(frozen=True)
class ActorEntry:
    """One canonical actor of the dictionary."""

    name: str
    actor_type: ActorType
    country: str | None = None
    community: str | None = None
    coalition: str | None = None
    signatory_2015: bool = False
    description: str | None = None
    aliases: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    active_from: int | None = None

    def active_in(self, year: int) -> bool:
        """False for a year before the actor existed: a CMA named in 2012 is someone else."""
        return self.active_from is None or year >= self.active_from


# ACLED's generic crowds: the actor1 of a protest or riot that names no organiser.
CROWDS = {
    "Protests": ActorEntry("Protesters", ActorType.PROTESTERS),
    "Riots": ActorEntry("Rioters", ActorType.RIOTERS),
}


@dataclass(frozen=True)
class ActorMention:
    """An actor named in a text, with the span and the words used."""

    actor: ActorEntry
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Community:
    """A community actors recruit from."""

    name: str
    description: str | None


class ActorDictionary:
    """Every actor of the dictionary with fast lookup by alias and in running text."""

    def __init__(self, version: str, communities: list[Community], actors: list[ActorEntry]):
        self.version = version
        self.communities = communities
        self.actors = actors
        self.by_name = {actor.name: actor for actor in actors}
        self._by_key: dict[str, ActorEntry] = {}
        self._exact: dict[str, ActorEntry] = {}
        for actor in actors:
            self._by_key.setdefault(normalize(actor.name), actor)
            for alias, _language in actor.aliases:
                if _ABBREVIATION.match(alias):
                    self._exact.setdefault(alias, actor)
                else:
                    self._by_key.setdefault(normalize(alias), actor)
        self._folded = _alternation(self._by_key)
        self._caps = _alternation(self._exact)

    @classmethod
    def load(cls, path: Path | None = None) -> ActorDictionary:
        """The shipped dictionary (read once per process for the default path)."""
        return _load_cached(path or ACTORS_FILE)

    def lookup(self, name: str) -> ActorEntry | None:
        """The actor a name or alias (ACLED's own names included) stands for."""
        if name in self._exact:
            return self._exact[name]
        return self._by_key.get(normalize(name))

    def find(self, text: str, country: str | None = None) -> list[ActorMention]:
        """Every actor named in the text, longest names first, without overlaps, in order."""
        found: list[ActorMention] = []
        taken: list[tuple[int, int]] = []
        matches = (
            [
                (m.start(), m.end(), self._by_key[m.group(1)])
                for m in self._folded.finditer(fold(text))
            ]
            if self._folded
            else []
        )
        if self._caps:
            matches += [
                (m.start(), m.end(), self._exact[m.group(1)]) for m in self._caps.finditer(text)
            ]
        matches += self._coordinated(text)
        for start, end, actor in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
            if any(s < end and start < e for s, e in taken):
                continue
            words = text[start:end]
            if country and normalize(words) in GENERIC_STATE:
                actor = self._national(actor, country)
            taken.append((start, end))
            found.append(ActorMention(actor, start, end, words))
        return _named_groups(sorted(found, key=lambda m: m.start), fold(text))

    def _coordinated(self, text: str) -> list[tuple[int, int, ActorEntry]]:
        """The first of two nationalities sharing one noun ("French and Malian troops",
        "les soldats français et maliens"): its forces, named by the adjective alone."""
        found = []
        for m in _COORDINATED_BEFORE.finditer(text):
            actor = self.lookup(f"{m.group(1)} {m.group(3)}")
            if actor is not None:
                found.append((m.start(1), m.end(1), actor))
        for m in _COORDINATED_AFTER.finditer(text):
            actor = self.lookup(f"{m.group(1)} {m.group(3)}")
            if actor is not None:
                found.append((m.start(3), m.end(3), actor))
        return found

    def _national(self, actor: ActorEntry, country: str) -> ActorEntry:
        kind = "Police Forces" if actor.name.startswith("Police") else "Military Forces"
        return self.by_name.get(f"{kind} of {country}", actor)


def _named_groups(mentions: list[ActorMention], folded: str) -> list[ActorMention]:
    """The mentions without a vague one that a named group right after it names ("Islamist
    fighters of Ansar Dine")."""
    kept = []
    for mention, following in zip(mentions, [*mentions[1:], None], strict=False):
        if following is None or not _named_by(mention, following, folded):
            kept.append(mention)
    return kept


def _named_by(mention: ActorMention, following: ActorMention, folded: str) -> bool:
    between = folded[mention.end : following.start]
    return (
        mention.actor.name in VAGUE_NAMES
        and following.actor.name not in VAGUE_NAMES
        and _OF_GROUP.fullmatch(between) is not None
    )


def _alternation(table: dict[str, ActorEntry]) -> re.Pattern[str] | None:
    if not table:
        return None
    keys = sorted(table, key=len, reverse=True)
    return re.compile(r"(?<![\w])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w])")


def _entries(raw: Iterable[dict[str, Any]]) -> list[ActorEntry]:
    actors = []
    for item in raw:
        aliases = [(item["name"], "en")]
        for language, names in (item.get("aliases") or {}).items():
            aliases.extend((str(name), str(language)) for name in names)
        actors.append(
            ActorEntry(
                name=item["name"],
                actor_type=ActorType(int(item["actor_type"])),
                country=item.get("country"),
                community=item.get("community"),
                coalition=item.get("coalition"),
                signatory_2015=bool(item.get("signatory_2015", False)),
                description=item.get("description"),
                aliases=tuple(dict.fromkeys(aliases)),
                active_from=int(item["active_from"]) if item.get("active_from") else None,
            )
        )
    return actors


@cache
def _load_cached(path: Path) -> ActorDictionary:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        communities = [Community(c["name"], c.get("description")) for c in data["communities"]]
        return ActorDictionary(str(data["version"]), communities, _entries(data["actors"]))
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise ConfigError(f"actor dictionary {path} is unreadable: {exc}") from exc
