"""Which sub-event type a sentence reports: the classifier's label, trigger rules, gates."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sentinelle.extract.actors import ActorMention
from sentinelle.extract.attribution import CLAIM, REACTION_VERBS
from sentinelle.extract.counts import find_counts
from sentinelle.extract.dates import DateMention
from sentinelle.extract.normalize import fold
from sentinelle.extract.topic import crowd_named, natural_harm, violence_named
from sentinelle.extract.triggers import (
    TERRITORY,
    control_regained_after,
    rule_label,
    trigger_gate,
)
from sentinelle.store.acled import SUB_EVENT_TYPES
from sentinelle.store.enums import ActorType, TimePrecision

# Below this the classifier's label is too unsure to code an event without a trigger rule.
MIN_PROBABILITY = 0.2

# A short report that codes nothing else takes the label of a sentence dated to the day when
# the classifier is at least this sure of it.
FALLBACK_PROBABILITY = 0.1

# A label this sure needs no trigger word of its family (ACLED's wording varies widely).
TRUSTED_PROBABILITY = 0.5

# A trigger rule replaces the classifier's label unless the classifier is at least this sure.
RULE_OVERRIDE = 0.6

# Modal or prospective sentences report no event unless they carry an exact day.
# Case-sensitive: "May 2014" is a month, "may" a modal.
MODAL = re.compile(
    r"\b([Ss]hould|[Mm]ust|[Ww]ould|[Cc]ould|[Mm]ight|may|[Ww]ill|[Ss]hall|pourrai\w*|"
    r"devrai\w*|doit|doivent)\b"
)

# A device whose handlers it killed ("militants killed while planting an IED") keeps a
# disrupted weapons use with deaths; otherwise deaths make it a clash.
_DEVICE = re.compile(
    r"\b(?:ieds?|mines?|bombs?|bomber|explosi\w*|engins?|detonat\w*|grenades?|kamikaze)\b", re.I
)

# Mines that are dug, not laid ("a gold mine", "kidnapped from a mine site", "site minier").
_MINE_SITE = re.compile(
    r"\b(?:gold |mining |artisanal )?mine sites?\b|\bgold ?mines?\b|\bmines? d['’]or\b|"
    r"\bsites? miniers?\b|\bmining\b|\bminers?\b",
    re.I,
)

# Hostages reported set free ("two of the five hostages were released", "otages ... libérés"),
# or their release sought ("help secure the release of the hostages", "la libération des otages").
_RELEASE = re.compile(
    r"\b(?:hostages?|captives?|otages?)\b[^.;]{0,120}?\b(?:were|have been|has been|was|"
    r"ont été|a été|sont)\s+(?:released|freed|set free|libérée?s?|relâchée?s?)\b"
    r"|\b(?:release|libération)\s+(?:of|des)\s+(?:the\s+)?(?:hostages|captives|otages)\b"
    # "released a nun who had been held by JNIM since 2017", "libéré après deux ans de captivité"
    r"|\b(?:released|freed|libérée?s?|relâchée?s?)\b[^.;]{0,80}?\b(?:who had been (?:held|"
    r"kidnapped|abducted)|held (?:hostage|captive|by)|in captivity|of captivity|de captivité|"
    r"en captivité|détenue?s? (?:par|depuis)|qui avai(?:t|ent) été enlevée?s?)",
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

# A party's reaction opening the sentence ("MINUSMA condemned the attack"): an event only
# when the sentence tells its toll too ("condemned the attack that killed 12 civilians").
_REACTION = re.compile(rf"^\W*(?:[\w'’-]+\s+){{1,6}}?(?:{REACTION_VERBS})\b", re.I)
# What tells of the event a reaction is about: a name, a figure, a day.
_DETAIL = re.compile(
    r"[A-ZÀ-Þ]|\d|\b(?:today|yesterday|tonight|hier|aujourd|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche)\b"
)
# A crowd that denounces something protests ("Des manifestants ont dénoncé l'insécurité").
_CROWD = re.compile(
    r"\b(?:protesters|demonstrators|crowds?|youths?|residents|women|manifestants|marcheurs|"
    r"jeunes|habitants|femmes|foule)\b",
    re.I,
)
_TOLL = re.compile(
    r"\b(?:killed|killing|dead|died|wounded|injured|morts?|tués?|blessés?|coûté la vie)\b", re.I
)

# Armed men or their posts attacked, whoever they serve ("attacked customs officers", "a
# ranger station", "the Peshmerga"): an armed clash (ACLED), not violence against civilians.
_ARMED_OBJECT = re.compile(
    r"\b(?:attacked|attacking|ambushed|raided|attaqu\w+|overran|overrun|stormed|"
    r"(?:raids?|attacks?|assaults?|assauts?) (?:on|against|contre))\s+"
    r"(?:(?!and\b|et\b)[\w'-]+\s+){0,3}?"
    r"(?:customs|rangers?|guards?|gendarm\w*|police\w*|soldiers?|troops|army|military|"
    r"checkpoints?|barracks|bases?|camps?|posts?|outposts?|patrols?|convoys?|positions?|"
    r"peshmerga|militia\w*|forces|douaniers?|gardes?|soldats|militaires|postes?|"
    r"patrouilles?|convois?|casernes?)\b"
    # the passive: "Le camp militaire d'Indelimane ... a été attaqué"
    r"|^\W*(?:the|an?|le|la|les|un|une)\s+(?:\w+\s+){0,2}?(?:army|military|police|"
    r"gendarmerie)?\s*(?:camp|base|post|outpost|checkpoint|barracks|convoy|patrol|position|"
    r"poste|caserne|convoi|patrouille)s?\b[^.;]{0,80}?\b(?:was|were|has been|have been|"
    r"a été|ont été)\s+(?:\w+\s+)?(?:attacked|ambushed|raided|stormed|attaqu\w*|"
    r"pris d'assaut|pris pour cible|visée?s?)",
    re.I,
)


# A post overrun ("Jihadists overran a military post in Tarkint"): ACLED codes the fight.
_ARMED_POST = re.compile(
    r"\b(?:overran|overrun|stormed|seized|took|s'est emparé\w* d\w*|ont pris)\s+(?:the\s+|an?\s+|"
    r"le\s+|la\s+|un\s+|une\s+)?(?:\w+\s+){0,2}?(?:military|army|police|gendarmerie)?\s*"
    r"(?:posts?|outposts?|bases?|camps?|checkpoints?|barracks|postes?|casernes?)\b",
    re.I,
)
_VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
# What looting or destruction does to property.
_SPOILED = re.compile(
    r"\b(?:loot\w*|pill\w*|ransack\w*|saccag\w*|burn\w*|torch\w*|incendi\w*|set fire|"
    r"ablaze|brûl\w*|braqu\w*|hijack\w*|carjack\w*|"
    r"(?:mis|mettre|mis) le feu|destroy\w*|détrui\w*|destruction|vandal\w*|seiz\w*|saisi\w*|"
    r"steal\w*|stole\w*|stolen|vol(?:é|ée|és|ées|er|ent|aient)?|emport\w*|took away|taken away|"
    r"rustl\w*|raid\w*|razzia\w*|demolish\w*|démoli\w*|damag\w*|endommag\w*|rob\w*|"
    r"extort\w*|racket\w*|confiscat\w*|plunder\w*|sack\w*|dépouill\w*|stripped|attack\w*|"
    r"attaqu\w*|ravag\w*|razed|rasé\w*)\b",
    re.I,
)
# What disrupted weapons use disrupts: arms, ammunition, explosives.
_WEAPON = re.compile(
    r"\b(?:weapons?|arms|ammunition|munitions?|explosi\w*|ieds?|mines?|bombs?|grenades?|"
    r"rockets?|roquettes?|obus|shells?|mortars?|armes?|engins?|caches?|rifles?|guns?|"
    r"kalachnikovs?|kalashnikovs?|ak-47s?|fusils?|detonat\w*|désamorc\w*|defus\w*|drones?|"
    r"missiles?|armement\w*|matériel militaire|shot down|abattu\w*|intercept\w*)\b",
    re.I,
)
# A device made safe before it went off ("defused an IED", "ont neutralisé samedi un engin
# explosif", "une mine a été désamorcée"): disrupted weapons use (ACLED).
_DEFUSED = re.compile(
    r"\b(?:defused|defusing|dismantled|deactivated|made safe|désamorc\w*|neutralis\w*|"
    r"détrui\w*|destroyed)\s+(?:[\w'’-]+\s+){0,3}?(?:ieds?|explosive|devices?|mines?|bombs?|"
    r"engins?|bombes?|obus)\b"
    r"|\b(?:ieds?|devices?|mines?|bombs?|engins?|bombes?)\b[^.;]{0,40}?\b(?:was|were|"
    r"has been|have been|a été|ont été)\s+(?:\w+\s+)?(?:defused|dismantled|deactivated|"
    r"désamorcée?s?|neutralisée?s?|détruite?s?)",
    re.I,
)


def dated_report(text: str, label: Any, dates: list[DateMention]) -> bool:
    """A labelled sentence that dates what it tells to the day: a report of an event (not
    hostages set free, the end of an abduction already reported)."""
    return (
        label.sub_event_type is not None
        and label.probability >= FALLBACK_PROBABILITY
        and any(d.precision is TimePrecision.DAY for d in dates)
        and not (label.sub_event_type == "Abduction/forced disappearance" and _RELEASE.search(text))
        and not (_DEMAND.search(text) and label.event_type not in ("Protests", "Riots"))
        and not _reaction_only(text)
        # "The CMA denounced an attack on its positions": a party's word, not a protest
        and not (_party_reacts(text) and label.event_type in ("Protests", "Riots"))
        and told_as(text, label.sub_event_type)
    )


def _party_reacts(text: str) -> re.Match[str] | None:
    """A party other than a crowd opens the sentence reacting to something."""
    found = _REACTION.search(text)
    return None if found is None or _CROWD.search(found.group()) else found


def _reaction_only(text: str) -> bool:
    """A party reacts to an event without telling of it: no toll, no name and no day
    ("condemned the attack"; not "condemns Barkhane raid earlier today in X")."""
    found = _party_reacts(text)
    if found is None or _TOLL.search(text):
        return False
    return not _DETAIL.search(text, found.end())


def sub_event_of(
    text: str,
    label: Any,
    *,
    strict: bool = False,
    party: Callable[[str], bool] | None = None,
) -> str | None:
    """The sub-event type: a trigger rule's when the classifier is unsure, gated by triggers.

    ``strict``: the report speaks of illness or disaster too, so a violent type needs a word
    of violence in the sentence itself. ``party``: whether a text names an armed party; with
    no trigger word, the classifier's label alone needs one, or a word of violence or a crowd.
    """
    ruled = rule_label(text)
    chosen: str | None = label.sub_event_type
    if ruled and (chosen is None or label.probability < RULE_OVERRIDE):
        chosen = ruled
    if chosen == "Remote explosive/landmine/IED" and ruled != chosen and not _explosive(text):
        chosen = ruled  # "kidnapped from a mine site": a gold mine, not a landmine
    if chosen in TERRITORY and ruled and control_regained_after(text):
        chosen = ruled  # "stormed a resort, killing two, before forces regained control"
    if chosen is None or (chosen != ruled and label.probability < MIN_PROBABILITY):
        return None
    if chosen == "Abduction/forced disappearance" and _RELEASE.search(text):
        return None  # hostages set free: the end of an abduction already reported, not a new one
    if _DEMAND.search(text) and SUB_EVENT_TYPES[chosen] not in ("Protests", "Riots"):
        return None  # "La MINUSMA a exigé leur retrait": a demand, not what it asks for
    if not told_as(text, chosen, strict=strict):
        return None
    if SUB_EVENT_TYPES[chosen] == "Strategic developments" and CLAIM.search(fold(text)):
        return None  # "The attack was claimed by two groups: ...": whose attack, not a new group
    if _reaction_only(text):
        return None  # "MINUSMA condemned the attack": a reaction to an event told before
    if trigger_gate(text, SUB_EVENT_TYPES[chosen]):
        return chosen
    if ruled and trigger_gate(text, SUB_EVENT_TYPES[ruled]):
        return ruled
    if not (violence_named(text) or crowd_named(text) or (party is not None and party(text))):
        return None  # "Closed through June 1 for building construction": the label alone
    return chosen if label.probability >= TRUSTED_PROBABILITY else None


def told_as(text: str, sub_event: str, *, strict: bool = False) -> bool:
    """The sentence has what an event of this type needs: deaths not from illness ("H5N1 has
    killed two women"), a crowd for a protest (not "The House voted"), something taken or
    spoiled for looting (not "closed for construction works"), a weapon for disrupted
    weapons use (not "The goose was discovered"); ``strict``, a word of violence."""
    family = SUB_EVENT_TYPES[sub_event]
    return not (
        natural_harm(text)
        or (strict and family in _VIOLENT_TYPES and not violence_named(text))
        or (sub_event == "Peaceful protest" and not crowd_named(text))
        or (sub_event == "Looting/property destruction" and not _SPOILED.search(text))
        or (sub_event == "Disrupted weapons use" and not _WEAPON.search(text))
    )


def _explosive(text: str) -> bool:
    """The text names an explosive device, mining sites left out."""
    return bool(_DEVICE.search(_MINE_SITE.sub(" ", text)))


def refine(text: str, sub_event: str, mentions: list[ActorMention]) -> str:
    """An attack a rule found is a battle when armed forces are on the receiving end; an
    abduction that kills is an attack (ACLED codes the deaths, not the abduction); weapons
    seized where men were killed, with no device that killed its handlers, a clash."""
    if sub_event == "Abduction/forced disappearance" and find_counts(text).fatalities:
        return "Attack"
    if (
        sub_event == "Disrupted weapons use"
        and not _DEVICE.search(text)
        and find_counts(text).fatalities
    ):
        return "Armed clash"  # "neutralised twelve terrorists and seized weapons": a fight
    if sub_event == "Remote explosive/landmine/IED" and _DEFUSED.search(text):
        counts = find_counts(text)
        if not counts.fatalities and not counts.injured:
            return "Disrupted weapons use"  # "MINUSMA deminers defused an IED on the road"
    if sub_event in TERRITORY and _ARMED_POST.search(text):
        return "Armed clash"  # "overran a military post": a fight for a post, not for ground
    if sub_event != "Attack" or rule_label(text) != "Attack" or _CIVILIAN_TARGET.search(text):
        return sub_event
    armed = {ActorType.STATE_FORCES, ActorType.EXTERNAL_OTHER_FORCES}
    if any(m.actor.actor_type in armed for m in mentions) or _ARMED_OBJECT.search(text):
        return "Armed clash"
    return sub_event
