"""From text to events: sentences, classifier, then places, actors, dates, counts, attribution.

Only sentences that can hold an event (a type label, a trigger word of that family, something
concrete: a date, or a place with an actor) go through the expensive steps (NER, gazetteer).
This module runs the steps over a document; each step's rules live in a module of their own:
``labelling`` (the sub-event type), ``roles`` (who did what to whom), ``event_dates``,
``placing``, ``tolls`` (counts), and ``folding`` (a short report's sentences as one event).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from sentinelle.extract.actors import GENERIC_STATE, ActorDictionary
from sentinelle.extract.attribution import (
    CLAIM,
    DENIAL,
    attribution_of,
    cap,
)
from sentinelle.extract.counts import find_counts
from sentinelle.extract.dates import DateMention, anchor_words, find_dates
from sentinelle.extract.event_dates import (
    background_only,
    clauses,
    date_from_form,
    event_dates,
    recalled,
    set_date,
)
from sentinelle.extract.events import Evidence, ExtractedEvent
from sentinelle.extract.folding import fold_elaborations
from sentinelle.extract.gazetteer import Gazetteer, Resolution
from sentinelle.extract.labelling import MODAL, dated_report, refine, sub_event_of
from sentinelle.extract.merging import VAGUE_ACTORS, merge_within_document
from sentinelle.extract.normalize import fold, normalize
from sentinelle.extract.people import people_named
from sentinelle.extract.placing import (
    CAPITAL_TYPES,
    COUNTRY_CUES,
    HOME,
    main_place,
    names_country,
    place_spans,
    set_place,
    unplaced,
)
from sentinelle.extract.roles import (
    GENERIC_PERPETRATORS,
    UNIDENTIFIED,
    VICTIM_TYPES,
    VIOLENT,
    at_most_alleged,
    claimed_by,
    of_the_year,
    perpetrator_from_form,
    set_actors,
    territory_by_taker,
)
from sentinelle.extract.sentences import Sentence, field_form, main_clause, split_sentences
from sentinelle.extract.tolls import set_counts, share_toll, toll_from_elsewhere
from sentinelle.extract.topic import (
    crowd_named,
    off_topic,
    speaks_of_natural_harm,
    violence_named,
)
from sentinelle.store.acled import SUB_EVENT_TYPES, disorder_type_for
from sentinelle.store.enums import ActorType, AttributionStatus, GeoPrecision, TimePrecision

log = logging.getLogger(__name__)

# A report's lead: where it says its news happened.
LEAD_CHARS = 300
# Bump when extraction behaviour changes: documents are re-coded by the new version.
PRODUCER = "extract.rules.v8"
# A report this short (a field report, an ACLED note) is about events on or near its date.
SHORT_DOCUMENT = 5
# The event a piece reports as news happened within this many days of its date.
NEWS_WINDOW_DAYS = 7
# A sentence speaking of "the attack" refers back to the document's violent event.
_REFERS_TO_ATTACK = re.compile(
    r"\b(the|this|that) (attacks?|raids?|assaults?|hostage crisis|hostage-taking|bombings?|"
    r"ambush|killings?|massacre|kidnapping|abduction|blast|explosion)|"
    r"\b(l'|cette |ces |les )(attaques?|attentats?|prise d'otages|embuscade|enlèvement|"
    r"explosion|tuerie|massacre)|\bbehind the attack|responsib",
    re.I,
)
# A party's denial that it did it.
_DENIAL = re.compile(rf"\b(?:{DENIAL})\b")


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
        sentences = [main_clause(s) for s in split_sentences(text)]
        if not sentences or off_topic(text):
            return []
        labels = self.classifier.classify([s.text for s in sentences], language)
        short = len(sentences) <= SHORT_DOCUMENT or field_form(sentences)
        strict = speaks_of_natural_harm(text)
        anchors: list[tuple[str, dt.date]] = []
        country = HOME.get(options.country_iso, "Mali")
        events: list[ExtractedEvent] = []
        # Sentences that coded no event, with their dates: a short report's toll may be there.
        eventless: list[tuple[Sentence, list[DateMention]]] = []
        # Sentences the classifier labelled but no trigger word confirmed, most probable first.
        unconfirmed: list[tuple[float, str, Sentence, list[DateMention]]] = []
        lead: ExtractedEvent | None = None  # the event the sentence before reported
        previous_day: dt.date | None = None  # the first day the last dated sentence gave
        for index, (sentence, label) in enumerate(zip(sentences, labels, strict=True)):
            told = find_dates(sentence.text, options.reference_date, anchors, previous_day)
            recalls = index > 0 and background_only(told, options.reference_date)
            dates = event_dates(sentence.text, options.reference_date, told, short=short)
            days = [mention for mention in dates if mention.precision is TimePrecision.DAY]
            for mention in days:
                anchors.extend((word, mention.date) for word in anchor_words(sentence.text))
            previous_day = days[0].date if days else previous_day
            sub_event = sub_event_of(
                sentence.text,
                label,
                strict=strict,
                party=lambda text: self._armed_party_named(text, country),
            )
            if sub_event is not None and not self._violence_told(sentence.text, sub_event, country):
                sub_event = None  # "His lawyer announced his death": no violence, no armed party
            if sub_event is None and dated_report(sentence.text, label, dates):
                unconfirmed.append((label.probability, label.sub_event_type, sentence, dates))
            before = len(events)
            if sub_event is not None and not (short and recalls):
                for clause, clause_dates in clauses(sentence, dates):
                    event = self._event(
                        clause,
                        sub_event,
                        label.probability,
                        clause_dates,
                        short,
                        options,
                        language,
                    )
                    if event is not None:
                        events.append(event)
            if len(events) == before:
                eventless.append((sentence, dates))
                if lead is not None and not short:
                    self._toll_after_lead(lead, sentence, dates, language, options)
            lead = events[-1] if len(events) > before else None
        if short:
            events = fold_elaborations(events)
            if not events and unconfirmed:
                best = max(unconfirmed, key=lambda u: u[0])
                events = self._dated_fallback(best, options, language)
        date_from_form(events, eventless)
        merged = merge_within_document(events)
        if short:
            violent = [e for e in merged if e.event_type in VIOLENT]
            if len(merged) == 1 or len(violent) == 1:
                # A toll of its own sentence is the one violent event's, not a decision's.
                toll_from_elsewhere(violent[0] if violent else merged[0], eventless)
        share_toll(text, merged)
        if short:
            self._place_from_document(sentences, merged, options, language)
            self._place_by_default(text, merged, options)
        if field_form(sentences) and len(merged) == 1:
            for sentence in sentences:
                found = self.actors.find(sentence.text, country)
                perpetrator_from_form(merged[0], sentence, found)
        self._document_attributions(sentences, merged, country, options.reference_date)
        self._denials(sentences, merged, country)
        self._unidentified_by_default(merged)
        return merged

    def _violence_told(self, text: str, sub_event: str, country: str) -> bool:
        """A violent type needs a word of violence or an armed party in its sentence."""
        if SUB_EVENT_TYPES[sub_event] not in VIOLENT | {"Riots"} or violence_named(text):
            return True
        return self._armed_party_named(text, country)

    def _armed_party_named(self, text: str, country: str) -> bool:
        """The text names an actor of the dictionary other than civilians."""
        mentions = self.actors.find(text, country)
        return any(m.actor.actor_type not in VICTIM_TYPES for m in mentions)

    def _unidentified_by_default(self, events: list[ExtractedEvent]) -> None:
        """A violent event whose report names no perpetrator was done by an "Unidentified Armed
        Group" (ACLED's convention), its attribution ``unknown``."""
        unidentified = self.actors.by_name[UNIDENTIFIED]
        for event in events:
            if event.actor1 is None and event.event_type in VIOLENT:
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
            toll_from_elsewhere(lead, [(sentence, dates)])

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
        crowdless = sub_event == "Peaceful protest" and not crowd_named(sentence.text)
        country = HOME.get(options.country_iso, "Mali")
        if crowdless or not self._violence_told(sentence.text, sub_event, country):
            return []  # "A schedule was not available Monday."
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
        has_news = any(not e.date_is_fallback and not recalled(e, reference) for e in events)
        waiting = [e for e in events if unplaced(e) and not (has_news and recalled(e, reference))]
        found: list[tuple[int, Sentence, Resolution]] = []
        for sentence in sentences if waiting else []:
            places = self._places(sentence.text, language, options)
            place = main_place(sentence.text, places, waiting[0].sub_event_type)
            if place is not None:
                # A village or town first, then a region, then only a country.
                rank = 0 if place.place.is_settlement else 2 if place.place.admin1 is None else 1
                found.append((rank, sentence, place))
        if found:
            _rank, sentence, place = min(found, key=lambda item: item[0])
            for event in waiting:
                set_place(event, sentence, place)
                event.place_inferred = True
                event.geo_precision = max(event.geo_precision or 1, int(GeoPrecision.NEAR))

    def _place_by_default(
        self, text: str, events: list[ExtractedEvent], options: ExtractOptions
    ) -> None:
        """A short report on a home country that names no place in it, placed at region level.

        ACLED's convention: a national protest, strike or decision is coded at the capital;
        otherwise the region where every armed group or community it names is mainly found
        (Boko Haram in Niger: Diffa; Katiba Macina in Mali: Mopti) places the event there.
        Failing both, the event is at least in the report's country.
        """
        if options.country_iso not in HOME:
            return
        for event in events:
            if not unplaced(event):
                continue
            place = None
            if event.event_type in CAPITAL_TYPES or event.sub_event_type in CAPITAL_TYPES:
                place = self.gazetteer.capital(options.country_iso)
            if place is None:
                place = self.gazetteer.sole_area(text, options.country_iso)
            if place is None:
                event.country = event.country or HOME[options.country_iso]
                event.geo_precision = int(GeoPrecision.REGION)
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
            if e.event_type in VIOLENT
            and e.time_precision == TimePrecision.DAY
            and abs((e.event_date - reference).days) <= NEWS_WINDOW_DAYS
        ]
        if len(violent) != 1:
            return
        event = violent[0]
        named = {event.actor1, event.actor2}
        for sentence in sentences:
            # "L'armée française affirme avoir visé des jihadistes": a party's word on the
            # report's one violent event refers to it too.
            if not (_REFERS_TO_ATTACK.search(sentence.text) or CLAIM.search(fold(sentence.text))):
                continue
            for mention in self.actors.find(sentence.text, country):
                if (
                    mention.actor.name in named
                    or not mention.actor.active_in(event.event_date.year)
                    or mention.actor.name in GENERIC_PERPETRATORS
                    or mention.actor.actor_type in VICTIM_TYPES
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
                    claimed_by(event, mention)

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
                        record["status"] = at_most_alleged(record["status"])
                event.attribution_status = at_most_alleged(event.attribution_status)
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
        if "?" in text or (MODAL.search(text) and not exact_day):
            return None
        country = HOME.get(options.country_iso, "Mali")
        mentions = self.actors.find(text, country)
        sub_event = refine(text, sub_event, mentions)
        places = [
            p
            for p in self._places(text, language, options)
            if not any(m.start < p.end and p.start < m.end for m in mentions)
        ]
        place = main_place(text, places, sub_event)
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
        set_date(event, sentence, dates, short)
        set_place(event, sentence, place)
        year = event.event_date.year
        active = [m for m in of_the_year(mentions, dates, year) if m.actor.active_in(year)]
        set_actors(event, sentence, active, sub_event, self.actors)
        territory_by_taker(event, self.actors)
        set_counts(event, sentence, dates)
        return event

    def _forces_country(self, text: str, default: str) -> str:
        """The home country a text speaks of, by the forces it names ("l'armée nigérienne")
        or as the place of its news ("in northern Burkina Faso", "Niger :", a dateline):
        its soldiers are the ones "soldiers" means, its villages the ones its names mean.
        Its lead decides when it names one country (a Burkina report may recall a raid in
        Mali further on); otherwise a text that names Mali at all stays with the default."""
        # A state's forces, or a militia found in one country only (the Koglweogo).
        forces = [
            mention
            for mention in self.actors.find(text)
            if mention.actor.actor_type in (ActorType.STATE_FORCES, ActorType.IDENTITY_MILITIAS)
            and mention.actor.country
            and normalize(mention.text) not in GENERIC_STATE
        ]
        folded = fold(text)
        for end in (LEAD_CHARS, len(text)):
            named = {m.actor.country for m in forces if m.start < end}
            named |= {
                HOME[iso] for iso, cue in COUNTRY_CUES.items() if names_country(cue, folded[:end])
            }
            homes = [iso for iso, country in HOME.items() if country in named]
            if len(homes) == 1 and len(named) == 1:
                return homes[0]
        return default

    def _places(self, text: str, language: str, options: ExtractOptions) -> list[Resolution]:
        hints = place_spans(text, language)
        return self.gazetteer.resolve(
            text, country_iso=options.country_iso, hint_spans=hints, people=options.people
        )


def _detect_language(text: str) -> str:
    import py3langid

    language, _score = py3langid.classify(text[:2000])
    return "fr" if language == "fr" else "en"


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
