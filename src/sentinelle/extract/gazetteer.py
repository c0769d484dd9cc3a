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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sentinelle.extract.area_prior import prior
from sentinelle.extract.normalize import fold, normalize, one_edit_apart, skeleton
from sentinelle.extract.toponyms import (
    AREA_CUES,
    COUNTRIES,
    LOCATIVE,
    NEAR_WORDS,
    PLACE_HEADS,
    PLACE_NOUNS,
    STOPNAMES,
    UNIT,
    UNIT_AFFIXES,
)
from sentinelle.store.enums import GeoPrecision

GAZETTEER_FILE = Path(__file__).with_name("data") / "gazetteer.tsv.gz"

# Feature-code weights: admin centres and capitals are what reports usually mean; sites
# (wells, wadis, localities) only when no settlement bears the name.
FEATURE_WEIGHT = {
    "PPLC": 4.0,
    "PPLA": 3.0,
    "PPLA2": 2.0,
    "PPLA3": 1.5,
    "PPL": 1.0,
    "PPLX": 0.5,
    "CMP": 0.5,
}
# A curated entry exists because GeoNames gets that name wrong: trust it over GeoNames.
CURATED_BONUS = 3.0
# How the name matched: an exact main name beats an alternate name (a wrong village in Ségou
# has "Boni" as one), which beats a spelling variant ("Tillabery"), which beats a one-letter
# slip ("Tongomayle") that only a "village of" context lets through.
MATCH_BONUS = {"main": 2.0, "alias": 0.0, "variant": -0.5, "fuzzy": -1.5}
# A region or cercle named in the same sentence is strong evidence.
ADMIN1_HINT_BONUS = 6.0
ADMIN2_HINT_BONUS = 5.0
# Where the armed groups a report names operate: enough to break a tie between homonyms,
# never to outweigh a name or a region the text gives.
AREA_CUE_BONUS = 1.5
# Where violent events are usually reported (0-1, the country's busiest cercle 1): breaks
# ties between homonymous villages a report gives nothing else to tell apart ("Douna" of
# Mopti, not of Kayes); smaller than an area cue's full weight plus a name's.
AREA_PRIOR_BONUS = 2.0
# A candidate this far ahead of the next is unambiguous and anchors its neighbours.
CLEAR_MARGIN = 2.0
# Places a report names together lie within this distance of each other, as a rule.
NEARBY_KM = 100.0
NEARBY_BONUS = 3.0
# The document's own country beats the neighbours (a Mali town of the same name included).
COUNTRY_BONUS = 4.0
# A town abroad this large may be named without its country ("Ayorou", "Menaka").
FOREIGN_TOWN_POPULATION = 5000
# Names this short are too often words to match one letter off.
FUZZY_MIN_LENGTH = 6
# Unit kinds, most general first: a "region" names an admin1 before a cercle of that name.
UNIT_RANK = {"ADM1": 0, "ADM2": 1, "ADM3": 2}
# A capitalised word ("Dim-na" and "Ti-n" hold their lower-case tails), or a particle.
_WORD = re.compile(
    r"[A-ZÀ-ÖØ-Þ](?:\w|['’](?=[A-ZÀ-Þ])|-(?=[a-zß-ÿ]))*|\b(?:de|du|des|el|al|i|n|la)\b"
)
MAX_NGRAM = 4
# Articles between a locative word and a name ("in the Bosso area", "dans la commune").
ARTICLES = {"the", "la", "le", "les"}
# What joins a place to the unit or town that qualifies it ("Lassa, Soum Province").
_QUALIFIER = re.compile(
    r"\s*(?:,|\(|\bin\b|\b(?:area|neighbou?rhood|quarter|district|outskirts) of\b)\s*(?:the\s+)?"
    # "Tiéma in central Mali's Bandiagara region"
    r"(?:(?:(?:central|northern|southern|eastern|western)\s+)?(?:Mali|Burkina Faso|Niger)['’]s\s+)?"
)
# A town named for the area around it ("the Bandiagara area", "la zone de" is before it).
_AREA_AFTER = re.compile(r"\s+(?:area|zone|surroundings|environs)\b")
# The rest of a list of names after one of them: ", Gouari and Panga Dougou".
_LIST_REST = re.compile(r"(?:(?:\s+|\s*,\s*|\s+(?:and|et)\s+)[A-ZÀ-Þ][\w'’-]*)+")
# A name before one of these nouns is a place's ("Arkodia village", "the Douna area").
_PLACE_NOUN_AFTER = re.compile(
    r"\s+(?:village|hamlet|locality|area|camp|commune|zone|forest|market|site)s?\b"
)
# A country named as a border ("near the border with Niger", "la frontière malienne" is
# another form) says where the place is not: in the report's own country.
_BORDER_BEFORE = re.compile(
    r"\b(?:border with|border of|frontier with|frontiere(?: avec| du| de la| de l)?)\s*"
    r"(?:the\s+|le\s+|la\s+|l\s+)?$"
)
_BORDER_AFTER = re.compile(r"\s+(?:border|frontier)\b")
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
    # Spelling skeletons of main names and aliases, and those skeletons by first letter.
    variant: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    by_shape: dict[tuple[str, int], list[str]] = field(default_factory=lambda: defaultdict(list))
    admin1: dict[str, Place] = field(default_factory=dict)
    # Admin units (regions, cercles, provinces, departments, communes) by spelling skeleton.
    units: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    capitals: dict[str, Place] = field(default_factory=dict)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    key: str
    fuzzy: bool


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
        index = self._index
        admin_points: dict[tuple[str, str], list[Place]] = defaultdict(list)
        cercle_points: dict[tuple[str, str, str], list[Place]] = defaultdict(list)
        for place in self.places:
            if place.feature_code.startswith("ADM"):
                if place.feature_code in ("ADM2", "ADM3") and place.admin1:
                    bare = UNIT_AFFIXES.sub("", place.name).strip()
                    index.units[skeleton(normalize(bare))].append(place)
                continue
            index.main[normalize(place.name)].append(place)
            if place.feature_code == "PPLC" and place.population > getattr(
                index.capitals.get(place.country_iso), "population", -1
            ):
                index.capitals[place.country_iso] = place
            if place.admin1:
                admin_points[(place.country_iso, place.admin1)].append(place)
                if place.admin2:
                    cercle_points[(place.country_iso, place.admin1, place.admin2)].append(place)
        for place in self.places:
            if not place.feature_code.startswith("ADM"):
                for alias in place.aliases:
                    index.alias[alias].append(place)
        for key in sorted(set(index.main) | set(index.alias)):
            variant = skeleton(key)
            if not index.variant.get(variant):
                index.by_shape[(variant[:1], len(variant))].append(variant)
            seen = {p.id for p in index.variant[variant]}
            for place in index.main.get(key, []) + index.alias.get(key, []):
                if place.id not in seen:
                    seen.add(place.id)
                    index.variant[variant].append(place)
        for (iso, admin1), members in admin_points.items():
            area = _area(members, iso, admin1, None, "ADM1")
            index.admin1[normalize(admin1)] = area
            index.units[skeleton(normalize(admin1))].append(area)
        for (iso, admin1, admin2), members in cercle_points.items():
            bare = UNIT_AFFIXES.sub("", admin2).strip()
            area = _area(members, iso, admin1, admin2, "ADM2")
            index.units[skeleton(normalize(bare))].append(area)
        for iso, (name, forms) in COUNTRIES.items():
            country = Place(
                f"country-{iso}", "iso", name, "COUNTRY", iso, None, None, None, None, 0.0, 0.0, 0
            )
            for form in forms:
                index.admin1.setdefault(f"country:{form}", country)

    def candidates(self, name: str, country_iso: str | None = None) -> list[tuple[Place, str]]:
        """Every place the name may mean, with how it matched: main, alias, variant, fuzzy.

        Exact names first; a spelling variant only when no name matches exactly, and a
        one-letter slip (within ``country_iso`` only) only when nothing else does.
        """
        key = normalize(name)
        found = [(p, "main") for p in self._index.main.get(key, [])]
        seen = {p.id for p, _ in found}
        found += [(p, "alias") for p in self._index.alias.get(key, []) if p.id not in seen]
        if found:
            return _unique(found)
        variant = skeleton(key)
        found = [(p, "variant") for p in self._index.variant.get(variant, [])]
        if found or country_iso is None or len(variant) < FUZZY_MIN_LENGTH:
            return found
        shapes = [(variant[:1], len(variant) + d) for d in (-1, 0, 1)]
        for other in itertools.chain.from_iterable(self._index.by_shape.get(s, []) for s in shapes):
            if one_edit_apart(variant, other):
                found += [
                    (p, "fuzzy") for p in self._index.variant[other] if p.country_iso == country_iso
                ]
        return _unique(found)

    def unit(self, name: str, country_iso: str | None = None) -> Place | None:
        """The admin unit (region, cercle, province, department, commune) of that name."""
        options = self._index.units.get(skeleton(normalize(name)), [])
        if not options:
            return None
        return min(
            options,
            key=lambda p: (p.country_iso != country_iso, UNIT_RANK.get(p.feature_code, 3)),
        )

    def admin1_named(self, text: str, country_iso: str | None = None) -> list[str]:
        """Admin1 regions of the units named in the text ("Kidal region", "Soum Province")."""
        return [u.admin1 for _s, _e, u in self._units_named(text, country_iso) if u.admin1]

    def capital(self, country_iso: str) -> Place | None:
        """The country's capital (GeoNames' PPLC), where national events are coded."""
        return self._index.capitals.get(country_iso)

    def sole_area(self, text: str, country_iso: str) -> Place | None:
        """The one region where every armed group or community the text names is found."""
        cues = [
            cued for pattern, iso, cued in AREA_CUES if iso == country_iso and pattern.search(text)
        ]
        regions = frozenset.intersection(*(frozenset(c) for c in cues)) if cues else frozenset()
        primaries = {c[0] for c in cues}
        if len(regions) > 1 and len(primaries) == 1 and primaries <= regions:
            regions = frozenset(primaries)  # every group named is mainly found in one region
        return self.region(next(iter(regions))) if len(regions) == 1 else None

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
        people: frozenset[str] = frozenset(),
    ) -> list[Resolution]:
        """Every place named in the text, each resolved by its context, in text order.

        ``hint_spans`` are spans an NER model tagged as places: names there need no
        locative word before them. Regions, cercles, provinces and communes the text names
        ("Tin Edja, Oudalan Province") weigh in favour of candidates inside them, and stand
        for the place when no settlement named resolves. ``people``: normalised names the
        document gives to people; such a name is a place only where NER tags it as one.
        """
        units = self._units_named(text, country_iso)
        hints1 = {normalize(u.admin1) for _s, _e, u in units if u.admin1}
        hints2 = {normalize(u.admin2) for _s, _e, u in units if u.admin2}
        mentions = [
            m
            for m in self._mentions(text, hint_spans, country_iso)
            if not any(s <= m.start < e for s, e, _u in units)
            and not (m.key in people and not any(s <= m.start < e for s, e in hint_spans))
        ]
        for mention in mentions:
            unit = self.unit(mention.key, country_iso)
            if (
                unit is not None
                and unit.feature_code in ("ADM1", "ADM2")
                and unit.country_iso == country_iso
                and unit.admin1
            ):
                hints1.add(normalize(unit.admin1))
                if unit.admin2:
                    hints2.add(normalize(unit.admin2))
        plain = fold(text)
        # Villages abroad only when the text names their country ("Gouna" in a Burkina
        # report is not the Malian hamlet of that name); cities abroad are always allowed.
        abroad = {
            iso
            for iso, (_name, forms) in COUNTRIES.items()
            if any(re.search(rf"\b{form}\b", plain) for form in forms)
        }
        # Each group or community named that is found in a region is one more cue for it,
        # a full one where it is mainly found (the first region), half of one elsewhere.
        cued: defaultdict[str, float] = defaultdict(float)
        for pattern, iso, regions in AREA_CUES:
            if iso == country_iso and pattern.search(text):
                for rank, region in enumerate(regions):
                    cued[region] += 1.0 if rank == 0 else 0.5
        scored = {
            m.key: [
                (
                    place,
                    _score(place, kind, country_iso, hints1, hints2)
                    + AREA_CUE_BONUS * cued.get(place.admin1 or "", 0.0),
                )
                for place, kind in self.candidates(m.key, country_iso if m.fuzzy else None)
                if _fits(place, kind, country_iso, hints1)
                and (
                    place.country_iso in abroad
                    or normalize(place.admin1 or "") in hints1
                    or not _foreign_village(place, country_iso)
                )
            ]
            for m in mentions
        }
        anchors = [_top(options)[0] for options in scored.values() if _clear(options)]
        for mention in mentions:
            if mention.fuzzy:
                scored[mention.key] = [
                    (p, v) for p, v in scored[mention.key] if _near_anchor(p, anchors)
                ]
        resolved: list[Resolution] = []
        for mention in mentions:
            options = scored[mention.key]
            local = self._qualifier(text, mention, mentions, units, scored, country_iso)
            if local is not None:
                # "Lassa, Soum Province", "Gassel (Mondoro)": the unit named right after a
                # place is where it lies; a name with no candidate there is left to the unit.
                options = [(p, v) for p, v in options if _within(p, local)]
            if not options:
                continue
            if not _clear(options):
                options = [(p, v + _nearby_bonus(p, anchors)) for p, v in options]
            place, score = _top(options)
            start, end = mention.start, mention.end
            precision = _precision(text, start, end, place)
            unit = self.unit(mention.key, country_iso)
            if (
                unit is not None
                and unit.feature_code in ("ADM1", "ADM2")
                and unit.country_iso == country_iso
                and (
                    place.admin1 != unit.admin1
                    or (unit.feature_code == "ADM2" and place.admin2 not in (None, unit.admin2))
                )
            ):
                # "Gomboro (Kossi)": a province's name, not the hamlet of that name elsewhere.
                place, precision = unit, GeoPrecision.REGION
            resolved.append(Resolution(place, text[start:end], start, end, precision, score))
        resolved.extend(self._units_and_countries(text, resolved, units))
        resolved.sort(key=lambda r: r.start)
        return resolved

    def _qualifier(
        self,
        text: str,
        mention: _Mention,
        mentions: list[_Mention],
        units: list[tuple[int, int, Place]],
        scored: dict[str, list[tuple[Place, float]]],
        country_iso: str,
    ) -> tuple[str | None, str | None] | None:
        """The admin1, and the cercle when a cercle is named, of the unit or place that
        qualifies a name: "X, Y", "X (Y)", "X in Y", "Dankoussa (Bandiagara cercle)"; or a
        list it ends ("Djimdo, Gouari and Panga Dougou in the Bandiagara area")."""
        if self._major(mention.key):
            return None
        link = _QUALIFIER.match(text, mention.end)
        area = self._area_at(link.end(), mentions, units, scored, country_iso) if link else None
        rest = _LIST_REST.match(text, mention.end)
        if area is None and rest is not None and rest.end() > mention.end:
            link = _QUALIFIER.match(text, rest.end())
            if link is not None and link.group().strip() != ",":
                area = self._area_at(link.end(), mentions, units, scored, country_iso)
        return area

    def _area_at(
        self,
        at: int,
        mentions: list[_Mention],
        units: list[tuple[int, int, Place]],
        scored: dict[str, list[tuple[Place, float]]],
        country_iso: str,
    ) -> tuple[str | None, str | None] | None:
        """The area of the unit or clearly resolved place named at offset ``at``."""
        for start, end, named in units:
            if start <= at < end:
                return _area_of(named)
        for other in mentions:
            if other.start != at:
                continue
            unit = self.unit(other.key, country_iso)
            if unit is not None and unit.country_iso == country_iso:
                return _area_of(unit)
            options = scored.get(other.key, [])
            if options and _clear(options):
                return _top(options)[0].admin1, None
        return None

    def _units_named(self, text: str, country_iso: str | None) -> list[tuple[int, int, Place]]:
        """Admin units named as such ("Mopti Region", "commune de Folomana"), with spans."""
        found = []
        for match in UNIT.finditer(text):
            name = match.group("after") or match.group("before")
            words = name.replace("-", " ").split()
            # "the Boucle du Mouhoun region": the longest run of words that names a unit.
            runs = [" ".join(words[i:]) for i in range(len(words))]
            if match.group("after"):
                runs = [" ".join(words[: len(words) - i]) for i in range(len(words))]
            for run in runs:
                unit = self.unit(run, country_iso)
                if unit is not None:
                    found.append((match.start(), match.end(), unit))
                    break
        return found

    def _mentions(
        self, text: str, hint_spans: Sequence[tuple[int, int]], country_iso: str
    ) -> Iterable[_Mention]:
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
                if not key or key in STOPNAMES:
                    continue
                fuzzy = False
                if not self._known(key):
                    fuzzy = size <= 2 and self._near_miss(text, start, key, country_iso)
                    if not fuzzy:
                        continue
                tagged = any(s <= start and end <= e for s, e in hint_spans)
                if size == 1:
                    head = _compound_start(text, words, i)
                    if not (
                        fuzzy
                        or tagged
                        or _after_locative(text, head)
                        or _PLACE_NOUN_AFTER.match(text, end)
                        or self._major(key)
                    ):
                        continue
                    if _glued(text, words, i, self._exact) and not self._major(key):
                        continue
                taken.update(range(i, i + size))
                yield _Mention(start, end, key, fuzzy)

    def _exact(self, key: str) -> bool:
        return key in self._index.main or key in self._index.alias

    def _known(self, key: str) -> bool:
        index = self._index
        return key in index.main or key in index.alias or skeleton(key) in index.variant

    def _near_miss(self, text: str, start: int, key: str, country_iso: str) -> bool:
        """An unknown name right after "village of", "in"...: one letter off a known one."""
        if not PLACE_NOUNS.search(text[max(0, start - 30) : start]):
            return False
        return bool(self.candidates(key, country_iso))

    def _major(self, key: str) -> bool:
        """A name whose best candidate is an admin centre, a city or a curated entry."""
        return any(
            p.feature_code in ("PPLC", "PPLA", "PPLA2")
            or p.source == "curated"
            or p.population >= 5000
            for p, kind in self.candidates(key)
            if kind == "main"
        )

    def _units_and_countries(
        self,
        text: str,
        resolved: list[Resolution],
        units: list[tuple[int, int, Place]],
    ) -> Iterable[Resolution]:
        covered = [(r.start, r.end) for r in resolved]
        for start, end, unit in units:
            if not any(s <= start < e for s, e in covered):
                precision = (
                    GeoPrecision.NEAR if unit.feature_code == "ADM3" else GeoPrecision.REGION
                )
                yield Resolution(unit, text[start:end], start, end, precision, 0.0)
        covered += [(s, e) for s, e, _u in units]
        placed = {r.place.country_iso for r in resolved} | {u.country_iso for _s, _e, u in units}
        plain = fold(text)
        for iso, (_name, forms) in COUNTRIES.items():
            if iso in placed:
                continue
            place = self._index.admin1[f"country:{forms[0]}"]
            for form in forms:
                found = next(
                    (
                        m
                        for m in re.finditer(rf"\b{form}\b", plain)
                        if not as_border(plain, m.start(), m.end())
                    ),
                    None,
                )
                if found and not any(s <= found.start() < e for s, e in covered):
                    start, end = found.span()
                    yield Resolution(place, text[start:end], start, end, GeoPrecision.REGION, -1.0)
                    break


def as_border(folded: str, start: int, end: int) -> bool:
    """The country named at ``start:end`` of folded text is named as a border ("near the
    border with Niger", "la frontière malienne", "the Mali border")."""
    return bool(
        _BORDER_BEFORE.search(folded[max(0, start - 30) : start])
        or _BORDER_AFTER.match(folded, end)
    )


def _area_of(unit: Place) -> tuple[str | None, str | None]:
    """A unit's region, and its cercle where cercles come from polygons (Mali's; GeoNames'
    own codes for provinces and departments elsewhere are too stale to exclude by)."""
    cercle = unit.feature_code == "ADM2" and unit.country_iso == "ML"
    return unit.admin1, unit.admin2 if cercle else None


def _within(place: Place, area: tuple[str | None, str | None]) -> bool:
    admin1, admin2 = area
    return place.admin1 == admin1 and (admin2 is None or place.admin2 == admin2)


def _unique(found: list[tuple[Place, str]]) -> list[tuple[Place, str]]:
    seen: set[str] = set()
    kept = []
    for place, kind in found:
        if place.id not in seen:
            seen.add(place.id)
            kept.append((place, kind))
    return kept


def _compound_start(text: str, words: list[re.Match[str]], i: int) -> int:
    """Where the hyphenated name holding word i starts ("Ansongo" of "axis Menaka-Ansongo")."""
    while i > 0 and text[words[i - 1].end() : words[i].start()] == "-":
        i -= 1
    return words[i].start()


def _glued(text: str, words: list[re.Match[str]], i: int, known: Callable[[str], bool]) -> bool:
    """A word glued to an unknown one ("Tin" of "Tin Edja" or "Tin-Alakan") names no place.

    Two known names glued ("the Lere-Nampala axis") are two places.
    """
    for j in (i - 1, i + 1):
        if not 0 <= j < len(words):
            continue
        gap = text[words[min(i, j)].end() : words[max(i, j)].start()]
        other = words[j].group()
        key = normalize(other)
        if known(key) or key in STOPNAMES or key in LOCATIVE or key in PLACE_HEADS:
            continue
        if gap == "-" or (gap == " " and other[0].isupper() and not other.isupper()):
            return True
    return False


def _fits(place: Place, kind: str, country_iso: str, hints1: set[str]) -> bool:
    """A spelling variant or a slip must agree with the text: its country, its regions named."""
    inside = not hints1 or normalize(place.admin1 or "") in hints1
    if kind in ("main", "alias"):
        # Exact names abroad only when no region named contradicts them.
        return place.country_iso == country_iso or inside
    if place.country_iso != country_iso and FEATURE_WEIGHT.get(place.feature_code, 0) < 2:
        return False
    return inside


def _foreign_village(place: Place, country_iso: str) -> bool:
    """A small place outside the report's country: a homonym, unless its country is named."""
    return (
        place.country_iso != country_iso
        and place.source != "curated"
        and FEATURE_WEIGHT.get(place.feature_code, 0.0) < FEATURE_WEIGHT["PPLA2"]
        and place.population < FOREIGN_TOWN_POPULATION
    )


def _near_anchor(place: Place, anchors: list[Place]) -> bool:
    """A slip lies near the other places the text names unambiguously, if it names any."""
    others = [a for a in anchors if a.id != place.id and a.is_settlement]
    return not others or any(_km(a, place) <= NEARBY_KM for a in others)


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
    """A region or cercle as a place: named after it, at its most populous member's point."""
    anchor = max(members, key=lambda p: (FEATURE_WEIGHT.get(p.feature_code, 0), p.population))
    return Place(
        f"{code}-{iso}-{normalize(admin1)}" + (f"-{normalize(admin2)}" if admin2 else ""),
        "ocha",
        admin2 or admin1,
        code,
        iso,
        admin1,
        anchor.admin1_pcode,
        admin2,
        anchor.admin2_pcode if admin2 else None,
        anchor.latitude,
        anchor.longitude,
        0,
    )


def _score(place: Place, kind: str, country_iso: str, hints1: set[str], hints2: set[str]) -> float:
    score = FEATURE_WEIGHT.get(place.feature_code, 0.0)
    score += math.log10(place.population + 1) / 2
    score += MATCH_BONUS[kind]
    if place.source == "curated":
        score += CURATED_BONUS
    if place.country_iso == country_iso:
        score += COUNTRY_BONUS
    score += AREA_PRIOR_BONUS * prior(place.country_iso, place.admin1, place.admin2)
    if place.admin1 and normalize(place.admin1) in hints1:
        score += ADMIN1_HINT_BONUS
    if place.admin2 and normalize(place.admin2) in hints2:
        score += ADMIN2_HINT_BONUS
    return score


def _after_locative(text: str, start: int) -> bool:
    before = text[max(0, start - 30) : start].lower().replace("’", "'").split()
    if not before:
        return False
    if before[-1] == "(" or text[max(0, start - 1) : start] == "(":
        return True
    if before[-1] in ARTICLES and len(before) > 1:
        before = before[:-1]  # "in the Somadougou area"
    last = before[-1].strip("(,'").split("'")[-1]  # "l'axe" is "axe"
    return last in LOCATIVE or last.endswith("'") or before[-1].endswith("'")


def _precision(text: str, start: int, end: int, place: Place) -> GeoPrecision:
    if not place.is_settlement:
        return GeoPrecision.REGION
    # The few words just before the name; farther words speak of another place.
    window = text[max(0, start - NEAR_WINDOW) : start]
    if NEAR_WORDS.search(window) or _AREA_AFTER.match(text, end):
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
