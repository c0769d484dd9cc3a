"""The dead, injured and taken an event counts, from its sentence and a short report's others."""

from __future__ import annotations

import re
from dataclasses import replace

from sentinelle.extract.counts import PART_WORDS, Counts, find_counts, split_share
from sentinelle.extract.dates import DateMention
from sentinelle.extract.events import ExtractedEvent
from sentinelle.extract.sentences import Sentence

# Sub-event types ACLED never counts deaths in (a death makes it another type's event: the
# Sahel notes of 1997-2018 code none in any of these).
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

# Another source's account of the same toll ("Other sources say as many as 32 more were killed").
_ANOTHER_ACCOUNT = re.compile(
    r"\b(?:other|another|some) (?:sources?|reports?|accounts?)\b|\bd'autres sources\b|"
    r"\bselon d'autres\b",
    re.I,
)

# The attackers' own dead, told after their victims' ("Four attackers were killed"): more dead,
# unless told as part of a toll ("including two attackers", "dont deux assaillants").
ATTACKERS = r"attackers|assailants|assaillants|gunmen|raiders|agresseurs"
_ATTACKERS_DEAD = re.compile(rf"\b(?:{ATTACKERS}|kamikazes|suicide bombers)\b", re.I)
_PART = re.compile(rf"\b(?:{PART_WORDS}|of them|parmi eux|parmi lesquels)\b", re.I)

# A total toll ("le bilan s'élève à 13 morts", "the death toll rose to 20"): it counts the
# dead already told too.
_TOTAL = re.compile(
    r"\b(?:death toll|toll|bilan|in all|in total|au total|en tout|s['’]élève à|rose to|"
    r"risen to|climbed to|passé à)\b",
    re.I,
)

# A toll revised ("revised the death toll down from 77 to 54"): not a larger total.
_REVISED = re.compile(r"\b(?:revised|down|lowered|corrected|revu|baisse|corrigé)\b", re.I)

# A later sentence adding to the toll ("2 more died at the hospital", "later lynched").
_MORE = re.compile(
    r"\b(more|another|other|others|additional|later|also|plus|succumbed|également|egalement|"
    r"aussi|autres|supplémentaires)\b",
    re.I,
)


def toll_from_elsewhere(
    event: ExtractedEvent, eventless: list[tuple[Sentence, list[DateMention]]]
) -> None:
    """A short report's one event takes the dead and injured its other sentences tell ("An
    attack targeted the camp. Plus 4 dead and 7 wounded."), deaths added when they are more
    ("2 more died at the hospital", "He was later lynched"); deaths given as a motive are
    another event's."""
    if event.sub_event_type == "Peaceful protest":
        return
    for sentence, dates in eventless:
        if _MOTIVE.search(sentence.text):
            continue
        counts = find_counts(sentence.text, [(d.start, d.end) for d in dates])
        if counts.injured is not None and event.injured is None:
            event.injured = counts.injured
            _add_evidence(event, sentence, counts, "injured")
        if counts.fatalities is None or event.sub_event_type in _DEATHLESS:
            continue
        if event.fatalities is None:
            event.fatalities = counts.fatalities
        elif _MORE.search(sentence.text):
            event.fatalities += counts.fatalities
        elif (
            _TOTAL.search(sentence.text)
            and not _REVISED.search(sentence.text)
            and counts.fatalities > event.fatalities
        ):
            event.fatalities = counts.fatalities  # "le bilan s'élève à 13 morts": all of them
        else:
            continue
        event.fatalities_min = event.fatalities_max = event.fatalities
        _add_evidence(event, sentence, counts, "fatalities")


def _add_evidence(event: ExtractedEvent, sentence: Sentence, counts: Counts, kind: str) -> None:
    for mention in counts.mentions:
        if mention.kind.value == kind:
            event.evidence.append(sentence.evidence(kind, mention.start, mention.end))


def share_toll(text: str, events: list[ExtractedEvent]) -> None:
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


def set_counts(event: ExtractedEvent, sentence: Sentence, dates: list[DateMention]) -> None:
    """The sentence's dead, injured and hostages, as far as the event's type admits deaths."""
    counts = find_counts(sentence.text, [(d.start, d.end) for d in dates])
    if event.sub_event_type == "Peaceful protest":
        # Deaths a peaceful protest speaks of happened elsewhere ("protest over the killing").
        counts = replace(
            counts,
            fatalities=None,
            injured=None,
            mentions=tuple(m for m in counts.mentions if m.kind.value == "hostages"),
        )
    elif event.sub_event_type == "Protest with intervention" and counts.fatalities:
        # Protesters killed by those who intervened: excessive force (ACLED codes no death
        # to an intervention; none of its 208 Sahel and 2022 ones has any).
        event.sub_event_type = "Excessive force against protesters"
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


def adds_to_toll(text: str) -> bool:
    """The sentence tells more dead than those already counted ("6 of the attackers were
    also killed", "two more died in hospital", "Four attackers were killed")."""
    if _ANOTHER_ACCOUNT.search(text):
        return False
    return bool(_MORE.search(text) or (_ATTACKERS_DEAD.search(text) and not _PART.search(text)))


def another_account(text: str) -> bool:
    """The sentence gives another source's figure for a toll already told: it widens the
    range, and the first account stands (ACLED codes the report's main figure)."""
    return bool(_ANOTHER_ACCOUNT.search(text))


def add_toll(event: ExtractedEvent, earlier: int | None, more: int | None) -> None:
    """The event's toll is the earlier count plus the one a later sentence adds."""
    if earlier is None or more is None:
        return
    event.fatalities = event.fatalities_min = event.fatalities_max = earlier + more
