"""A short report's sentences that tell more of the event before them, folded into it."""

from __future__ import annotations

import re

from sentinelle.extract.events import ExtractedEvent
from sentinelle.extract.merging import VAGUE_ACTORS, absorb
from sentinelle.extract.placing import unplaced
from sentinelle.extract.roles import VIOLENT
from sentinelle.extract.tolls import ATTACKERS, add_toll, adds_to_toll, another_account

# Whom arrests told after a protest may hold: its own crowd.
_CROWD_HELD = re.compile(
    r"\b(protesters|demonstrators|participants|manifestants|marcheurs)\b", re.I
)

# A sentence about the attackers already told of ("The gunmen then torched...", "Les
# assaillants ont incendié..."): more of that attack.
_ATTACKERS = re.compile(
    rf"^\W*(?:the|these|those|les|ces)\s+(?:{ATTACKERS}|hommes armés|individus armés)\b", re.I
)

# Developments no toll belongs to: a toll told after one is another event's.
_PEACEFUL = {
    "Agreement", "Arrests", "Change to group/activity", "Headquarters or base established",
    "Non-violent transfer of territory", "Other",
}  # fmt: skip


def fold_elaborations(events: list[ExtractedEvent]) -> list[ExtractedEvent]:
    """In a short report, a sentence with neither date nor place of its own ("Four
    peacekeepers were killed.", "8 dead and 3 vehicles burned.") tells more of the event before
    it, not another event; unless it tells another kind of event with an actor of its own
    ("The government dissolved the Dan Na Ambassagou association." after a massacre)."""
    folded: list[ExtractedEvent] = []
    for event in events:
        if not folded or not event.date_is_fallback or not unplaced(event):
            folded.append(event)
        elif _same_kind(folded[-1], event):
            earlier = folded[-1].fatalities
            absorb(folded[-1], event, same_source=True)
            sentence = next((e.sentence for e in event.evidence[:1] if e.sentence), "")
            if adds_to_toll(sentence) or _ATTACKERS.match(sentence):
                # "The attackers came on motorcycles; around 20 of them were killed": more dead.
                add_toll(folded[-1], earlier, event.fatalities)
            elif another_account(sentence) and earlier is not None:
                folded[-1].fatalities = earlier
        elif _attackers_again(folded[-1], event):
            # "Les assaillants, habillés en chasseurs dozos, ont incendié des cases": the same
            # attack, whose perpetrators the sentence may name; the vague attackers are no victim.
            if event.actor2 in VAGUE_ACTORS:
                event.actor2 = event.inter2 = None
            earlier = folded[-1].fatalities
            absorb(folded[-1], event, same_source=True)
            add_toll(folded[-1], earlier, event.fatalities)
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


def _attackers_again(violent: ExtractedEvent, event: ExtractedEvent) -> bool:
    """A sentence that opens on the attackers of the violent event before it."""
    return violent.event_type in VIOLENT and any(
        _ATTACKERS.match(e.sentence) for e in event.evidence[:1] if e.sentence
    )


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
    return len(kinds) == 1 or kinds <= VIOLENT or kinds <= {"Protests", "Riots"}
