"""Whether a text speaks of conflict at all, or of illness, accident and disaster.

Deaths are not political violence when a virus, an outbreak or a flood caused them: "H5N1 has
killed two other women", "an outbreak of cholera killed over 60 people". News feeds carry
many such reports; they code no event unless a word of violence or protest is there too.
"""

from __future__ import annotations

import re

# Harm told as illness, accident or disaster.
_NATURAL_CAUSE = re.compile(
    r"\b(?:virus\w*|viral|flu|influenza|h5n1|h1n1|h7n9|ebola|cholera|measles|malaria|covid\w*|"
    r"coronavirus|outbreaks?|epidemics?|pandemics?|diseases?|illness|infect\w*|symptoms?|"
    r"pneumonia|complications|overdose|accidents?|crash\w*|drown\w*|floods?|flooding|"
    r"earthquakes?|famine|starvation|maladies?|épidémies?|choléra|rougeole|paludisme|grippe|"
    r"noyade|inondations?|accidents? de la route)\b",
    re.I,
)
# Words of violence, coercion or protest: any one of them keeps a text in scope.
_CONFLICT = re.compile(
    r"\b(?:gun\w*|shot|shoot\w*|armed|attack\w*|assail\w*|bomb\w*|explo\w*|blast|stabb\w*|"
    r"machetes?|militants?|jihad\w*|rebels?|insurg\w*|soldiers?|troops|police\w*|militia\w*|"
    r"massacr\w*|ambush\w*|raid\w*|kidnap\w*|abduct\w*|hostages?|murder\w*|lynch\w*|beaten|"
    r"tortur\w*|raped?|fighters|terror\w*|clash\w*|arrest\w*|protest\w*|demonstrat\w*|"
    r"riot\w*|rall(?:y|ies|ied|ying)|gathered (?:in|at|outside|before|in front)|rassembl\w*|"
    r"marched|marching|marches|marcheurs|convoy|strik(?:e|es|ers|ing)|grève\w*|banners?|"
    r"placards?|slogans?|chanting|banderoles?|pancartes?|sit-ins?|picket\w*|blockad\w*|"
    r"barricad\w*|lockdown|curfew|couvre-feu|state of emergency|état d'urgence|ceasefire|"
    r"cessez-le-feu|attaqu\w*|armée?s?|tirs?|fusillade|soldats|militaires|policiers|"
    r"gendarmes?|enlev\w*|otages?|assassin\w*|égorg\w*|viols?|violée?s?|combattants|"
    r"affrontements?|manifest\w*|émeut\w*|interpell\w*|arrêt\w*|mistreat\w*|maltrait\w*|"
    r"occup(?:y|ied|ying|ation)|occupé\w*|demand(?:ed|ing)|réclam\w*|exig\w*)\b",
    re.I,
)
# Deaths and harm that only violence causes, its means, and the words of battle.
_VIOLENT_HARM = re.compile(
    r"\b(?:killed|killing|kills|slain|executed|executions?|beheaded|massacred|shelled|shelling|"
    r"mortars?|rockets?|grenades?|ieds?|mines?|landmines?|drones?|air ?strikes?|frapp\w*|"
    r"missiles?|artillery|snipers?|tué\w*|tuant|exécut\w*|abattu\w*|neutralis\w*|"
    r"bombard\w*|obus|roquettes?|engins?|looted|looting|torched|burned|burnt|set fire|"
    r"incendi\w*|pill\w*|saccag\w*|stormed|seized|captured|overran|retook|disarm\w*|"
    r"désarm\w*|defus\w*|désamorc\w*|weapons?|armes?|rustlers?|bandits?|wounded|injured|"
    r"blessée?s?|violen\w*|vandal\w*|detonat\w*|détonat\w*|fire|feu|stones?|pierres?|"
    r"targeted|visée?s?|ciblée?s?|assault\w*|assaut|found dead|retrouvée?s? morte?s?|beat\w*|"
    r"fight\w*|damag\w*|control|contrôle|operations?|opérations?|checkposts?|checkpoints?|"
    r"debacle|defeat\w*|victory|défaite|déroute|offensive|combats?|battles?|accroch\w*|"
    r"repel\w*|repouss\w*|routed|mutin\w*|war|guerre|fired|firing|shots?|destroy\w*|"
    r"détrui\w*|hit|struck|kick\w*|punch\w*|ransack\w*|disrupt\w*|storm\w*|dispers\w*|"
    r"tear ?gas|gaz lacrymogènes?|gather\w*|march\w*|chant\w*|blocked|blocking|bloqu\w*|"
    r"rampag\w*|saccag\w*|unrest|troubles|bullets?|gunshots?|shallow grave|mass graves?|"
    r"charniers?|fosses? communes?|bod(?:y|ies) (?:was|were|has been|have been) (?:found|"
    r"discovered|recovered)|discovered (?:\w+ )?bodies|corps (?:sans vie )?(?:a|ont) été "
    r"(?:retrouvés?|découverts?))\b",
    re.I,
)
# A crowd or what it does when it protests.
_PROTEST = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies|ied|ying)|marched|marching|marches|"
    r"marcheurs|sit-ins?|strik(?:e|es|ers|ing)|picket\w*|gathered|gathering|rassembl\w*|"
    r"manifest\w*|marche|grève\w*|boycott\w*|crowds?|foule|mobs?|riot\w*|émeut\w*|"
    r"chant\w*|banners?|placards?|slogans?|banderoles?|pancartes?|youths?|jeunes|students|"
    r"élèves|étudiants|women|femmes|residents|habitants|traders|commerçants|workers|"
    r"travailleurs|drivers|chauffeurs|teachers|enseignants|villagers|villageois|supporters|"
    r"partisans|activists|militants?|population|people|personnes|(?-i:march)|"
    r"blocked|bloqu\w*|barricad\w*|occup\w*|sit in|mutin\w*|demand\w*|denounc\w*|dénonc\w*|"
    r"réclam\w*|exig\w*|call(?:ed|ing)? for|repudiat\w*|citizens|citoyens|members|membres|"
    r"groups?|groupes?|bikers|guards|unions?|syndicat\w*|dispers\w*|tear ?gas|lacrymog\w*)\b",
    re.I,
)
# Phrases whose violent-sounding word is not violence ("a heart attack", "a flu shot").
_FIGURATIVE = re.compile(
    r"\b(?:heart attacks?|panic attacks?|asthma attacks?|crise cardiaque|flu shots?|"
    r"booster shots?|shots? (?:against|of)|lost the battle|battle (?:against|with) "
    r"(?:cancer|illness|the disease))\b",
    re.I,
)
# Illness or disaster words a document needs before it is read as about them alone.
NATURAL_WORDS = 2


def speaks_of_natural_harm(document: str) -> bool:
    """The text names illness, accident or disaster at least once."""
    return bool(_NATURAL_CAUSE.search(document))


def natural_harm(sentence: str) -> bool:
    """The sentence tells of illness, accident or disaster, with no word of violence."""
    return bool(_NATURAL_CAUSE.search(sentence)) and not _CONFLICT.search(sentence)


def violence_named(sentence: str) -> bool:
    """A word of violence, coercion or protest, or of their means, in its literal sense."""
    literal = _FIGURATIVE.sub(" ", sentence)
    return bool(_CONFLICT.search(literal) or _VIOLENT_HARM.search(literal))


def crowd_named(sentence: str) -> bool:
    """A crowd, or what a crowd does when it protests, is named."""
    return bool(_PROTEST.search(sentence))


def off_topic(document: str) -> bool:
    """A report on illness, accident or disaster that says nothing of violence or protest."""
    natural = len(_NATURAL_CAUSE.findall(document))
    return natural >= NATURAL_WORDS and not _CONFLICT.search(document)
