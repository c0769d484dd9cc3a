"""The shipped gazetteer (GeoNames + OCHA + curated supplement) and a context-aware resolver.

A name is resolved by scoring every candidate on the evidence around it (exact main name,
populated place with population, admin centre, a region or cercle named nearby, the
document's country), never by taking the first match.
"""

from __future__ import annotations

import gzip
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sentinelle.extract.normalize import fold, normalize
from sentinelle.store.enums import GeoPrecision

GAZETTEER_FILE = Path(__file__).with_name("data") / "gazetteer.tsv.gz"

# Country names as ACLED writes them, with English and French forms that name them in text.
COUNTRIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "ML": ("Mali", ("mali",)),
    "BF": ("Burkina Faso", ("burkina faso", "burkina")),
    "NE": ("Niger", ("niger",)),
    "DZ": ("Algeria", ("algeria", "algerie")),
    "FR": ("France", ("france",)),
    "MR": ("Mauritania", ("mauritania", "mauritanie")),
    "SN": ("Senegal", ("senegal",)),
    "TD": ("Chad", ("chad", "tchad")),
    "CI": ("Ivory Coast", ("ivory coast", "cote d ivoire")),
    "GN": ("Guinea", ("guinea", "guinee")),
    "NG": ("Nigeria", ("nigeria",)),
    "LY": ("Libya", ("libya", "libye")),
    "EG": ("Egypt", ("egypt", "egypte")),
    "LB": ("Lebanon", ("lebanon", "liban")),
    "MA": ("Morocco", ("morocco", "maroc")),
    "BE": ("Belgium", ("belgium", "belgique")),
    "US": ("United States", ("united states", "etats unis")),
    "CH": ("Switzerland", ("switzerland", "suisse")),
    "ET": ("Ethiopia", ("ethiopia", "ethiopie")),
}
# Feature-code weights: admin centres and capitals are what reports usually mean.
FEATURE_WEIGHT = {"PPLC": 4.0, "PPLA": 3.0, "PPLA2": 2.0, "PPLA3": 1.5, "PPL": 1.0, "PPLX": 0.5}
# A curated entry exists because GeoNames gets that name wrong: trust it over GeoNames.
CURATED_BONUS = 3.0
# An exact main-name match beats an alternate name (a wrong village in Ségou has "Boni" as one).
MAIN_NAME_BONUS = 2.0
# A region or cercle named in the same sentence is strong evidence.
ADMIN1_HINT_BONUS = 6.0
ADMIN2_HINT_BONUS = 5.0
# A candidate this far ahead of the next is unambiguous and anchors its neighbours.
CLEAR_MARGIN = 2.0
# Places a report names together lie within this distance of each other, as a rule.
NEARBY_KM = 100.0
NEARBY_BONUS = 3.0
# The document's own country beats the neighbours (a Mali town of the same name included).
COUNTRY_BONUS = 4.0
# Words that precede a place ("in Gao", "près de Kidal"): a bare name after one is a place.
LOCATIVE = {
    "in",
    "at",
    "near",
    "of",
    "from",
    "to",
    "around",
    "outside",
    "between",
    "and",
    "towards",
    "a",
    "à",
    "au",
    "de",
    "du",
    "d",
    "des",
    "pres",
    "près",
    "dans",
    "vers",
    "entre",
    "et",
    "sur",
    "village",
    "town",
    "city",
    "ville",
    "localite",
    "localité",
    "commune",
    "area",
    "as",
}
# Words that say the event was near, not at, the place (ACLED geo_precision 2).
NEAR_WORDS = re.compile(
    r"\b(near|nearby|outside|close to|vicinity|km|kilomet\w+|miles|pr[eè]s d|environs|"
    r"proximit[eé]|non loin|aux abords|axe|road|route)\b",
    re.IGNORECASE,
)
# Capitalised words that also name some hamlet but in reports are almost never places.
STOPNAMES = {
    "friday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "saturday",
    "sunday",
    "group",
    "islam",
    "crisis",
    "senior",
    "sahel",
    "president",
    "state",
    "minister",
    "army",
    "union",
    "national",
    "north",
    "south",
    "east",
    "west",
    "centre",
    "center",
    "nord",
    "sud",
    "est",
    "ouest",
    "police",
    "africa",
    "the",
    "allah",
    "dieu",
    "peace",
    "may",
    "mai",
    "june",
    "juin",
    "july",
    "juillet",
    "march",
    "mars",
    "april",
    "avril",
    "august",
    "aout",
    "january",
    "janvier",
    "february",
    "fevrier",
    "september",
    "septembre",
    "october",
    "octobre",
    "november",
    "novembre",
    "december",
    "decembre",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "god",
    "un",
    "eu",
    "au",
    "al",
    "ag",
    "ansar",
    "amir",
    "imam",
} | {form for _name, forms in COUNTRIES.values() for form in forms}
_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ](?:[\w\-]|['’](?=[A-ZÀ-Þ]))*|\b(?:de|du|des|el|al|i-n|n|la)\b")
_REGION = re.compile(
    r"(?:\b(?:region|r[ée]gion|province)\s+(?:of|de|du|d')\s*([A-ZÀ-Þ][\w\-]+)"
    r"|\b([A-ZÀ-Þ][\w\-]+)\s+(?:region|Region|province))"
)
_CERCLE = re.compile(
    r"(?:\bcercle\s+(?:of|de|du|d')\s*([A-ZÀ-Þ][\w\-]+)|\b([A-ZÀ-Þ][\w\-]+)\s+(?:cercle|Cercle))"
)
MAX_NGRAM = 4
# "near" must sit within a few words of the name it qualifies ("20 km north of Gao").
NEAR_WINDOW = 22


@dataclass(frozen=True)
class Place:
    """One gazetteer entry with its admin units by polygon."""

    id: str
    source: str
    name: str
    feature_code: str
    country_iso: str
    admin1: str | None
    admin1_pcode: str | None
    admin2: str | None
    admin2_pcode: str | None
    latitude: float
    longitude: float
    population: int
    aliases: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @property
    def country(self) -> str:
        """The country's name as ACLED writes it."""
        return COUNTRIES.get(self.country_iso, (self.country_iso, ()))[0]

    @property
    def is_settlement(self) -> bool:
        """True for populated places and curated sites (not regions, not countries)."""
        return not self.feature_code.startswith("ADM") and self.feature_code != "COUNTRY"


@dataclass(frozen=True)
class Resolution:
    """A place named in a text: where, how precisely, and the span that named it."""

    place: Place
    mention: str
    start: int
    end: int
    geo_precision: GeoPrecision
    score: float


@dataclass
class _Index:
    main: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    alias: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    admin1: dict[str, Place] = field(default_factory=dict)
    admin2: dict[str, Place] = field(default_factory=dict)


class Gazetteer:
    """Places of Mali, Burkina Faso and Niger plus cities beyond, with a resolver."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.places = list(places)
        self.by_id = {place.id: place for place in self.places}
        self._index = _Index()
        self._build()

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """The shipped gazetteer (read once per process for the default path)."""
        return _load_cached(path or GAZETTEER_FILE)

    def _build(self) -> None:
        admin_points: dict[tuple[str, str], list[Place]] = defaultdict(list)
        for place in self.places:
            if place.feature_code.startswith("ADM"):
                continue
            self._index.main[normalize(place.name)].append(place)
            if place.admin1:
                admin_points[(place.country_iso, place.admin1)].append(place)
        for place in self.places:
            if not place.feature_code.startswith("ADM"):
                for alias in place.aliases:
                    self._index.alias[alias].append(place)
        for (iso, admin1), members in admin_points.items():
            self._index.admin1[normalize(admin1)] = _area(members, iso, admin1, None, "ADM1")
        for place in self.places:
            if place.admin2 and place.admin1 and normalize(place.admin2) not in self._index.admin2:
                self._index.admin2[normalize(place.admin2)] = place
        for iso, (name, forms) in COUNTRIES.items():
            country = Place(
                f"country-{iso}", "iso", name, "COUNTRY", iso, None, None, None, None, 0.0, 0.0, 0
            )
            for form in forms:
                self._index.admin1.setdefault(f"country:{form}", country)

    def candidates(self, name: str) -> list[tuple[Place, bool]]:
        """Every place the name may mean, flagged True where it is the main name."""
        key = normalize(name)
        main = [(p, True) for p in self._index.main.get(key, [])]
        seen = {p.id for p, _ in main}
        return main + [(p, False) for p in self._index.alias.get(key, []) if p.id not in seen]

    def admin1_named(self, text: str) -> list[str]:
        """Admin1 regions named explicitly in the text ("Kidal region", "région de Mopti")."""
        names = []
        for match in _REGION.finditer(text):
            key = normalize(match.group(1) or match.group(2))
            if key in self._index.admin1:
                admin1 = self._index.admin1[key].admin1
                if admin1:
                    names.append(admin1)
        return names

    def region(self, name: str) -> Place | None:
        """A region as a place (its centroid of member places), by its name."""
        return self._index.admin1.get(normalize(name))

    def country(self, name: str) -> Place | None:
        """A country as a place with no coordinates, by an English or French name."""
        return self._index.admin1.get(f"country:{normalize(name)}")

    def resolve(
        self,
        text: str,
        *,
        country_iso: str = "ML",
        hint_spans: Sequence[tuple[int, int]] = (),
    ) -> list[Resolution]:
        """Every place named in the text, each resolved by its context, in text order.

        ``hint_spans`` are spans an NER model tagged as places: names there need no
        locative word before them.
        """
        hints1 = {normalize(n) for n in self.admin1_named(text)}
        regions = [(m.start(), m.end()) for m in _REGION.finditer(text)]
        mentions = [
            m
            for m in self._mentions(text, hint_spans)
            if not any(s <= m[0] < e for s, e in regions)
        ]
        for _, _, key, _ in mentions:
            if key in self._index.admin1:
                hints1.add(key)
        hints2 = {key for _, _, key, _ in mentions if key in self._index.admin2}
        scored = {
            key: [
                (place, _score(place, main, country_iso, hints1, hints2))
                for place, main in self.candidates(key)
            ]
            for _, _, key, _ in mentions
        }
        anchors = [_top(options)[0] for options in scored.values() if _clear(options)]
        resolved: list[Resolution] = []
        for start, end, key, _ in mentions:
            options = scored[key]
            if not options:
                continue
            if not _clear(options):
                options = [(p, v + _nearby_bonus(p, anchors)) for p, v in options]
            place, score = _top(options)
            resolved.append(
                Resolution(
                    place, text[start:end], start, end, _precision(text, start, place), score
                )
            )
        resolved.extend(self._regions_and_countries(text, resolved))
        resolved.sort(key=lambda r: r.start)
        return resolved

    def _best(
        self, key: str, country_iso: str, hints1: set[str], hints2: set[str]
    ) -> tuple[Place, float] | None:
        scored = [
            (place, _score(place, main, country_iso, hints1, hints2))
            for place, main in self.candidates(key)
        ]
        if not scored:
            return None
        return max(scored, key=lambda item: item[1])

    def _mentions(
        self, text: str, hint_spans: Sequence[tuple[int, int]]
    ) -> Iterable[tuple[int, int, str, bool]]:
        """Capitalised n-grams that name a place, longest first, without overlaps."""
        words = [m for m in _WORD.finditer(text)]
        taken: set[int] = set()
        for size in range(MAX_NGRAM, 0, -1):
            for i in range(len(words) - size + 1):
                group = words[i : i + size]
                if any(j in taken for j in range(i, i + size)):
                    continue
                if not (group[0].group()[0].isupper() and group[-1].group()[0].isupper()):
                    continue
                if any(b.start() - a.end() > 1 for a, b in itertools.pairwise(group)):
                    continue
                start, end = group[0].start(), group[-1].end()
                key = normalize(text[start:end])
                if not key or key in STOPNAMES or not self._known(key):
                    continue
                tagged = any(s <= start and end <= e for s, e in hint_spans)
                if size == 1 and not (tagged or _after_locative(text, start) or self._major(key)):
                    continue
                taken.update(range(i, i + size))
                yield start, end, key, tagged

    def _known(self, key: str) -> bool:
        return key in self._index.main or key in self._index.alias

    def _major(self, key: str) -> bool:
        """A name whose best candidate is an admin centre, a city or a curated entry."""
        return any(
            p.feature_code in ("PPLC", "PPLA", "PPLA2")
            or p.source == "curated"
            or p.population >= 5000
            for p, main in self.candidates(key)
            if main
        )

    def _regions_and_countries(self, text: str, resolved: list[Resolution]) -> Iterable[Resolution]:
        covered = [(r.start, r.end) for r in resolved]
        for match in _REGION.finditer(text):
            place = self.region(match.group(1) or match.group(2))
            if place and not any(s <= match.start() < e for s, e in covered):
                yield Resolution(
                    place, match.group(), match.start(), match.end(), GeoPrecision.REGION, 0.0
                )
        plain = fold(text)
        for _name, forms in COUNTRIES.values():
            place = self._index.admin1[f"country:{forms[0]}"]
            for form in forms:
                found = re.search(rf"\b{form}\b", plain)
                if found and not any(s <= found.start() < e for s, e in covered):
                    start, end = found.span()
                    yield Resolution(place, text[start:end], start, end, GeoPrecision.REGION, -1.0)
                    break


def _top(options: list[tuple[Place, float]]) -> tuple[Place, float]:
    return max(options, key=lambda item: item[1])


def _clear(options: list[tuple[Place, float]]) -> bool:
    """One candidate clearly ahead: it can anchor the others of the text."""
    values = sorted((v for _, v in options), reverse=True)
    return bool(values) and (len(values) == 1 or values[0] - values[1] >= CLEAR_MARGIN)


def _nearby_bonus(place: Place, anchors: list[Place]) -> float:
    """Homonyms near a place the same text names unambiguously are the ones meant."""
    for anchor in anchors:
        if anchor.id != place.id and anchor.is_settlement and _km(anchor, place) <= NEARBY_KM:
            return NEARBY_BONUS
    return 0.0


def _km(a: Place, b: Place) -> float:
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _area(members: list[Place], iso: str, admin1: str, admin2: str | None, code: str) -> Place:
    """A region as a place: named after it, at its most populous member's point."""
    anchor = max(members, key=lambda p: (FEATURE_WEIGHT.get(p.feature_code, 0), p.population))
    return Place(
        f"{code}-{iso}-{normalize(admin1)}",
        "ocha",
        admin1,
        code,
        iso,
        admin1,
        anchor.admin1_pcode,
        admin2,
        None,
        anchor.latitude,
        anchor.longitude,
        0,
    )


def _score(place: Place, main: bool, country_iso: str, hints1: set[str], hints2: set[str]) -> float:
    score = FEATURE_WEIGHT.get(place.feature_code, 0.0)
    score += math.log10(place.population + 1) / 2
    if main:
        score += MAIN_NAME_BONUS
    if place.source == "curated":
        score += CURATED_BONUS
    if place.country_iso == country_iso:
        score += COUNTRY_BONUS
    if place.admin1 and normalize(place.admin1) in hints1:
        score += ADMIN1_HINT_BONUS
    if place.admin2 and normalize(place.admin2) in hints2:
        score += ADMIN2_HINT_BONUS
    return score


def _after_locative(text: str, start: int) -> bool:
    before = text[max(0, start - 30) : start].lower().replace("’", "'").split()
    if not before:
        return False
    last = before[-1].strip("(,'")
    return last in LOCATIVE or last.endswith("'") or before[-1].endswith("'")


def _precision(text: str, start: int, place: Place) -> GeoPrecision:
    if not place.is_settlement:
        return GeoPrecision.REGION
    # The few words just before the name; farther words speak of another place.
    window = text[max(0, start - NEAR_WINDOW) : start]
    if NEAR_WORDS.search(window):
        return GeoPrecision.NEAR
    return GeoPrecision.EXACT


@cache
def _load_cached(path: Path) -> Gazetteer:
    places: list[Place] = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        for line in handle:
            row = dict(zip(header, line.rstrip("\n").split("\t"), strict=True))
            place = Place(
                id=row["id"],
                source=row["source"],
                name=row["name"],
                feature_code=row["feature_code"],
                country_iso=row["country_iso"],
                admin1=row["admin1"] or None,
                admin1_pcode=row["admin1_pcode"] or None,
                admin2=row["admin2"] or None,
                admin2_pcode=row["admin2_pcode"] or None,
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                population=int(row["population"] or 0),
                aliases=tuple(normalize(a) for a in row["aliases"].split("|") if normalize(a)),
            )
            places.append(place)
    return Gazetteer(places)
