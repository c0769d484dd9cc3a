"""Who did what to whom in one sentence: perpetrator, target, allies, and how firmly attributed."""

from __future__ import annotations

import itertools
import re

from sentinelle.extract.actors import CROWDS, ActorDictionary, ActorEntry, ActorMention
from sentinelle.extract.attribution import (
    QUALIFIERS,
    REACTION_VERBS,
    Attribution,
    attribution_of,
    cap,
    without_qualifiers_of,
)
from sentinelle.extract.communities import Side, communal_sides, communities_named
from sentinelle.extract.dates import DateMention
from sentinelle.extract.events import ExtractedEvent
from sentinelle.extract.merging import VAGUE_ACTORS
from sentinelle.extract.sentences import Sentence
from sentinelle.store.acled import SUB_EVENT_TYPES
from sentinelle.store.enums import ActorType, AttributionStatus

# Actor types that are victims, not perpetrators, when named first.
VICTIM_TYPES = {ActorType.CIVILIANS}

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
    r"attaqu\w*|vis\w*|cibl\w*|frapp\w*|tuant|blessant|la vie (?:à|aux)|the lives of)\s+"
    r"(?:(?!by\b|par\b)[\w'-]+\s+){0,2}$",
    re.IGNORECASE,
)

# Whom the dead were counted among ("vingt morts parmi les soldats", "casualties among the
# troops") were on the receiving end.
_AMONG = re.compile(r"\b(?:among|parmi)\s+(?:the\s+|les\s+|des\s+|ses\s+|its\s+)?$", re.I)

# "Gunmen dressed as Dozo hunters": the group named by the dress is the suspect.
_DISGUISE = re.compile(
    r"\b(dressed as|disguised as|posing as|habillés? en|déguisés? en|en tenue de)\s+"
    r"(?:[\w'-]+\s+){0,2}$",
    re.IGNORECASE,
)

# An actor's convoy, camp or patrol is what a report says was hit ("the MINUSMA camp",
# "un convoi des FAMa"), with the actor's name before (English) or after (French) the noun.
_ASSET_AFTER = re.compile(
    r"(?:\s+(?:and|et)\s+(?-i:[A-Z])[\w-]+)?"  # "the MINUSMA and Barkhane camps"
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

# What an arrested person is charged with: the parties named there are no party to the arrest.
_CHARGE = re.compile(
    r"\b(?:accused of|suspected of|charged with|wanted for|in connection with|for (?:his|her|"
    r"their) (?:alleged )?(?:role|part|involvement) in|soupçonnée?s? d|accusée?s? d|"
    r"inculpée?s? d|recherchée?s? pour|pour (?:son|sa|leur) (?:rôle|implication|participation))",
    re.I,
)

# Who tells of the event ("the UN mission said", "selon l'armée") or reacts to it ("MINUSMA
# condemned the attack") is a source, not a party.
_SPEAKER_AFTER = re.compile(
    r"\s+(said|says|told|reported|announced|stated|indicated|a (?:indiqué|annoncé|déclaré|"
    r"affirmé|précisé)|ont (?:indiqué|annoncé|déclaré)|"
    rf"{REACTION_VERBS})\b",
    re.IGNORECASE,
)

# A reaction right after a party's name ("GATIA a condamné", "the CMA denounced").
_REACTION_AFTER = re.compile(rf"\s+({REACTION_VERBS})\b", re.IGNORECASE)
# The reacting party's own men or posts ("contre ses positions", "on its convoy").
_OWN_ASSET = re.compile(
    r"\b(?:its|their|ses|leurs?|sa|son)\s+(?:\w+\s+)?(?:positions?|men|fighters|combattants|"
    r"hommes|éléments|bases?|camps?|convoys?|convois?|patrols?|patrouilles?|postes?|posts?)\b",
    re.IGNORECASE,
)

# A speaker telling of its own deed: "the army said it killed", "l'armée a dit avoir tué".
_SELF_REPORT = re.compile(
    r"\s+(?:said|says|announced|stated|claimed|reported)\s+(?:that\s+)?(?:it|they)\b"
    r"|\s+(?:a|ont)\s+(?:dit|affirmé|annoncé|déclaré|indiqué)\s+avoir\b",
    re.IGNORECASE,
)
_SPEAKER_BEFORE = re.compile(
    r"\b(according to|selon|d'après)\s+(?:the\s+|l'|la\s+|le\s+)?$"
    # An inverted attribution after the report: "..., a annoncé la MINUSMA", "..., said the army".
    r"|,\s*(?:a|ont)\s+(?:annoncé|indiqué|déclaré|affirmé|précisé|rapporté|confirmé)\s+"
    r"(?:la\s+|le\s+|l'|les\s+)?$"
    r"|,\s*(?:said|says|told|reported|announced|confirmed)\s+(?:the\s+)?$",
    re.I,
)

# ACLED's actor for a perpetrator the report does not name.
UNIDENTIFIED = "Unidentified Armed Group"

# Two actors named as one party: "X and Y", "X et Y", "X, Y".
# ("the MNLA and fighters of Ansar Dine" too.)
_JOINED = re.compile(
    r"\s*(?:and|et|&|,)\s+(?:the\s+|la\s+|le\s+|les\s+|l')?"
    r"(?:(?:fighters|militants|members|elements|combattants|éléments|membres|hommes)\s+"
    r"(?:of|from|de|du|des|d')\s*(?:the\s+|la\s+|l')?)?",
    re.I,
)

_OPPOSED = re.compile(r"\b(between|entre|oppos\w*|pitted)\b", re.I)

# Generic perpetrators: without a cue, their status is unknown.
GENERIC_PERPETRATORS = frozenset(actor for actor in VAGUE_ACTORS if actor)

# Event types whose perpetrator commentary elsewhere in the document may name.
VIOLENT = {"Violence against civilians", "Battles", "Explosions/Remote violence"}


# A form's perpetrator line ("Auteurs présumés : éléments de l'EIGS", "Perpetrators: JNIM").
_PERPETRATOR_LINE = re.compile(
    r"^(?:auteurs?|perpetrators?|suspects?|responsables?|attribution)\b[\w'’ ]{0,20}\s?:\s", re.I
)


def perpetrator_from_form(
    event: ExtractedEvent, sentence: Sentence, mentions: list[ActorMention]
) -> None:
    """A monitor's form names its incident's perpetrator on a line of its own: actor1 when the
    incident's lines named none, at most suspected (the monitor's word, not a claim)."""
    named_before = event.actor1 is not None and event.actor1 not in GENERIC_PERPETRATORS
    if named_before or not _PERPETRATOR_LINE.match(sentence.text):
        return
    named = [m for m in mentions if m.actor.name not in GENERIC_PERPETRATORS]
    if not named or named[0].actor.name == event.actor2:
        return
    found = attribution_of(sentence.text, identified=True)
    status = cap(found.status, AttributionStatus.SUSPECTED)
    event.actor1, event.inter1 = named[0].actor.name, int(named[0].actor.actor_type)
    event.attribution_status = status.value
    event.evidence.append(sentence.evidence("actor1", named[0].start, named[0].end))
    event.attributions.append(
        {"actor": event.actor1, "status": status.value, "cue": found.cue, "sentence": sentence.text}
    )


def at_most_alleged(status: str) -> str:
    return cap(AttributionStatus(status), AttributionStatus.ALLEGED).value


def claimed_by(event: ExtractedEvent, mention: ActorMention) -> None:
    """The claimer of an event whose perpetrator its report did not name becomes actor1."""
    event.actor1, event.inter1 = mention.actor.name, int(mention.actor.actor_type)
    event.attribution_status = AttributionStatus.CLAIMED.value


def of_the_year(
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


def set_actors(
    event: ExtractedEvent,
    sentence: Sentence,
    mentions: list[ActorMention],
    sub_event: str,
    actors: ActorDictionary,
) -> None:
    """Actor1, actor2 and associates of the sentence's event, with the perpetrator's status."""
    if SUB_EVENT_TYPES[sub_event] == "Battles":
        # A battle is fought between armed parties; residents who fear it are not one (ACLED).
        mentions = [m for m in mentions if m.actor.actor_type is not ActorType.CIVILIANS]
        sides = communal_sides(sentence.text)
        if sides is not None and not mentions:
            # "Clashes between Fulani herders and Dogon farmers": the communities' militias.
            _set_communal(event, sentence, sides, actors)
            return
    mentions = [m for m in mentions if not _uniform_worn(sentence.text, m)]
    if sub_event == "Arrests":
        # "accused of organising attacks on army posts": the army is no party to the arrest.
        charge = _CHARGE.search(sentence.text)
        mentions = [m for m in mentions if charge is None or m.start < charge.start()]
    ordered = _perpetrator_first(sentence.text, mentions)
    # Who tells of the event is no party to it, unless it tells of its own deed ("the army
    # said it killed"; not "..., the army said in a statement").
    ordered = [
        m
        for i, m in enumerate(ordered)
        if not _is_speaker(sentence.text, m)
        or (i == 0 and _SELF_REPORT.match(sentence.text, m.end))
    ]
    distinct: list[ActorMention] = []
    for mention in ordered:
        if all(mention.actor.name != m.actor.name for m in distinct):
            distinct.append(mention)
    member = _member_named(sentence.text, distinct)
    if member is not None:
        distinct.remove(member)  # "the Platform's GATIA": one party, the member associated
    ally = (
        _ally(sentence.text, ordered, distinct) if SUB_EVENT_TYPES[sub_event] in VIOLENT else None
    )
    if ally is not None:
        distinct.remove(ally)
        if _national_first(ally, distinct[0]):
            # "French and Malian troops": the country's own forces, their ally associated.
            distinct[0], ally = ally, distinct[0]
    crowd = CROWDS.get(SUB_EVENT_TYPES[sub_event])
    if crowd is not None:
        # Protesters and rioters are actor1 of their events (ACLED); others face them, but
        # none a peaceful protest (whom it is against is no party: ACLED codes no actor2).
        crowds = {entry.name for entry in CROWDS.values()}
        others = [m for m in distinct if m.actor.name not in {*crowds, "Civilians"}]
        event.actor1, event.inter1 = crowd.name, int(crowd.actor_type)
        if others and sub_event != "Peaceful protest":
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
        identified = first.actor.name not in GENERIC_PERPETRATORS
        other_names = (m.start for m in distinct if m.actor.name != first.actor.name)
        own_hedges = without_qualifiers_of(sentence.text, other_names)
        attribution = attribution_of(own_hedges, identified=identified)
        if attribution.status is AttributionStatus.CONFIRMED and _own_account(
            sentence, first, mentions
        ):
            # "A French air strike killed ten militants, the French army said": its own word.
            attribution = Attribution(AttributionStatus.CLAIMED, "its own account")
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
    elif SUB_EVENT_TYPES[sub_event] == "Battles" and distinct:
        _community_faced(event, sentence, distinct[0], actors)
    if event.actor2 is None and SUB_EVENT_TYPES[sub_event] in VIOLENT:
        owner = _reacting_owner(sentence.text, mentions)
        if owner is not None and owner.actor.name != event.actor1:
            event.actor2, event.inter2 = owner.actor.name, int(owner.actor.actor_type)
            event.evidence.append(sentence.evidence("actor2", owner.start, owner.end))


def _reacting_owner(text: str, mentions: list[ActorMention]) -> ActorMention | None:
    """A party that reacts to an attack on its own men or posts ("GATIA a condamné
    l'attaque de samedi contre ses positions") was hit by it."""
    for mention in mentions:
        reaction = _REACTION_AFTER.match(text, mention.end)
        if reaction is not None and _OWN_ASSET.search(text, reaction.end()):
            return mention
    return None


def _community_faced(
    event: ExtractedEvent, sentence: Sentence, first: ActorMention, actors: ActorDictionary
) -> None:
    """A militia fighting a community named as such ("entre des chasseurs dozos et des
    éleveurs peuls") fights that community's militia."""
    if first.actor.actor_type is not ActorType.IDENTITY_MILITIAS:
        return
    for side in communities_named(sentence.text):
        inside = first.start <= side.start < first.end
        if not inside and side.militia != first.actor.name:
            militia = actors.by_name[side.militia]
            event.actor2, event.inter2 = militia.name, int(militia.actor_type)
            event.evidence.append(sentence.evidence("actor2", side.start, side.end))
            return


# Armed groups that are no state's forces.
_ARMED_GROUPS = (ActorType.REBEL_GROUPS, ActorType.POLITICAL_MILITIAS, ActorType.IDENTITY_MILITIAS)


def territory_by_taker(event: ExtractedEvent, actors: ActorDictionary) -> None:
    """Who took the ground decides the sub-event type (ACLED): a state's forces regain their
    own country's territory, anyone else overtakes it ("the Platform retook Anefis")."""
    taker = actors.by_name.get(event.actor1 or "")
    if taker is None or taker.name in GENERIC_PERPETRATORS:
        return
    own_forces = taker.actor_type is ActorType.STATE_FORCES and taker.country == event.country
    if event.sub_event_type == "Government regains territory" and taker.actor_type in _ARMED_GROUPS:
        event.sub_event_type = "Non-state actor overtakes territory"
    elif event.sub_event_type == "Non-state actor overtakes territory" and own_forces:
        event.sub_event_type = "Government regains territory"


def _ally(
    text: str, ordered: list[ActorMention], distinct: list[ActorMention]
) -> ActorMention | None:
    """The second party when it is named with the first as one side ("MSA and GATIA fighters
    killed 20 ISGS militants", "French and Malian troops retook Timbuktu"), not as the
    other side (in an agreement, "the CMA and the Platform signed" are its two sides)."""
    if len(distinct) < 2 or (len(distinct) == 2 and not _both_forces(*distinct)):
        return None
    first, second = distinct[0], distinct[1]
    named_first = [m for m in ordered if m.actor.name == first.actor.name]
    return second if any(_allied(text, m, second) for m in named_first) else None


def _national_first(ally: ActorMention, first: ActorMention) -> bool:
    return (
        ally.actor.actor_type is ActorType.STATE_FORCES
        and first.actor.actor_type is ActorType.EXTERNAL_OTHER_FORCES
    )


def _both_forces(first: ActorMention, second: ActorMention) -> bool:
    """Two states' forces named together fight side by side in this region, never each other."""
    armed = (ActorType.STATE_FORCES, ActorType.EXTERNAL_OTHER_FORCES)
    return first.actor.actor_type in armed and second.actor.actor_type in armed


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
    if mention.actor.actor_type in VICTIM_TYPES:
        return True
    return bool(
        _PASSIVE.match(text, mention.end)
        or _OBJECT_OF.search(before)
        or _ASSET_AFTER.match(text, mention.end)
        or _ASSET_BEFORE.search(before)
        or _AMONG.search(before)
    )


def _own_account(sentence: Sentence, first: ActorMention, mentions: list[ActorMention]) -> bool:
    """The perpetrator is also who tells of the event ("..., the French army said")."""
    return any(
        m.actor.name == first.actor.name and m is not first and _is_speaker(sentence.text, m)
        for m in mentions
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
    victims = [m for m in others if m.actor.actor_type in VICTIM_TYPES]
    return agents + [m for m in others if m not in victims] + victims
