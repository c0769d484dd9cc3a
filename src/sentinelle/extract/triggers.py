"""Trigger words by event family (EN/FR): a gate on the classifier, and a few sure rules.

The gate drops a label whose family no word of the sentence supports (an analysis paragraph
the classifier calls a protest); the rules name what a plain verb says outright.
"""

from __future__ import annotations

import re

from sentinelle.extract.normalize import fold

# Words that must occur (folded text) for a sentence to report an event of that family.
FAMILY_TRIGGERS: dict[str, re.Pattern[str]] = {
    name: re.compile(rf"\b({pattern})")
    for name, pattern in {
        "Battles": r"clash|fight|fought|battle|attack|ambush|combat|affront|accroch|defaite|"
        r"exchange of fire|gunfight|debacle|victory over|offensive|assault|repel|repouss|"
        r"killed|tue[sr]?\b|tuee|tuant|engag|retook|recaptur|regain|reprise|took control|"
        r"seiz|captur|overran|"
        r"fell to|driven out|chass|pris le controle|s empar|mutin",
        "Explosions/Remote violence": r"explo|ied|improvised|mine|landmine|bomb|shell|mortar|"
        r"rocket|drone|air ?strike|airstrike|frappe|obus|roquette|grenade|kamikaze|suicide|deton|"
        r"artillery|missile|engin|bombard",
        "Violence against civilians": r"attack|kill|abduct|kidnap|hostage|storm|raid|"
        r"massacre|execut|shot|shoot|tue[sr]?\b|tuee|tuant|tua\b|attaqu|enlev|otage|rape|viol|"
        r"assassin|beat|"
        r"tortur|murder|burn|disappear|missing|stabbed|looted|loot|pill|ransack|chased|fire",
        "Protests": r"protest|demonstrat|march(?:ed|ing|es)\b|rally|rallie|manifest|sit in|"
        r"gathered|strike|striking|took to the streets|"
        r"greve|marche|rassembl|petition",
        "Riots": r"riot|mob|emeut|lynch|violent|torch|burn|vandal|saccag|clash|stone|"
        r"pierre|barricad",
        "Strategic developments": r"agree|accord|deal|ceasefire|cessez|sign|arrest|interpel|"
        r"brul|detrui|"
        r"detain|arret|seiz|captur|loot|pill|destroy|burn|incendi|base|camp|withdr|retir|"
        r"took control|handed|transfer|defus|desamorc|dismantl|demantel|recruit|formed|"
        r"split|merg|announc|declar|launch|patrol|deploy|occup|surrender|rendu|released|"
        r"liber|truce|treve|negotiat|pact|dissid|defect|rallied|ralli|curfew|couvre feu|"
        r"ransack|extend|impos|emergency|ban|closed|suspend|chased|fled|dissol|dissous|"
        r"disband|limog|dismiss",
    }.items()
}
# Sure rules: (pattern on folded text, sub-event type), first match wins.
RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), sub_event)
    for pattern, sub_event in (
        (r"\b(stormed|attacked|raided|assault\w*|attaqu\w+|pris d assaut)\b.*\b(hostages?|"
         r"otages?)\b", "Attack"),
        (r"\b(signed|signing|signature|sign[ee]s?|initialled|paraphe)\b.*\b(agreements?|"
         r"accords?|deal|ceasefire|cessez le feu|pact|truce)\b", "Agreement"),
        (r"\b(agreements?|accords?|deal|ceasefire|pact)\b.*\b(signed|signe\w*)\b", "Agreement"),
        (r"\b(agreed|agree|ont convenu|se sont entendus|sont convenus)\b.*\b(cessation (?:of|des) "
         r"hostilit\w*|ceasefire|cessez le feu|truce|treve)\b", "Agreement"),
        (r"\b(fell to|took control of|seized control|overran|s emparent|"
         r"pris (?:\w+ )?le controle)\b",
         "Non-state actor overtakes territory"),
        (r"\b(driven out|retook|recaptured|regained control|reprise de|ont repris)\b",
         "Government regains territory"),
        (r"\b(suicide (?:bomber|bombers|bombing|attack|car bomb)|kamikazes?|attentat suicide|"
         r"attaque suicide)\b", "Suicide bomb"),
        (r"\b(ieds?|landmines?|improvised explosive|engins? explosifs?|mine blast)\b",
         "Remote explosive/landmine/IED"),
        (r"\b(debacle|victory over|defeat of|defaite|routed|clash\w*|fighting|fought|gunfight|"
         r"affrontements?|combats?|accrochages?)\b", "Armed clash"),
        (r"\b(attaque|attaqu\w+|attacked|attack on|attack against|ambush\w*|embuscade|"
         r"raided|stormed|massacred|massacres?|massacree?s?)\b", "Attack"),
        (r"\b(abducted|abducting|kidnapped|kidnapping|enleve\w*|kidnappe\w*)\b",
         "Abduction/forced disappearance"),
    )
)  # fmt: skip


def trigger_gate(text: str, event_type: str) -> re.Match[str] | None:
    """The first trigger word of the family in the sentence, or None: no support, no event."""
    pattern = FAMILY_TRIGGERS.get(event_type)
    return pattern.search(fold(text)) if pattern else None


# Control taken back in a clause that ends the sentence's event ("killing two people before
# security forces regained control"): the event is the attack, not a change of territory.
_ENDING_CLAUSE = re.compile(r"\b(?:before|until|avant|jusqu)\b(?:\s+\w+){0,6}\s+$")
# An event named as what another is linked to ("arrested in connection with the attack on
# the Nampala camp"): the sentence's own event is another.
_REFERENCE = re.compile(
    r"\b(?:in connection with|in the wake of|in retaliation for|in relation to|en lien avec|"
    r"suite a|en represailles a)\s+(?:the\s+|an?\s+|l\s+|la\s+|le\s+|une?\s+)?(?:\w+\s+)?$"
)
_CROWD = re.compile(r"\b(demonstrat\w+|protest\w*|rioters?|manifestant\w*|emeutiers?|marcheurs?)\b")
TERRITORY = {"Non-state actor overtakes territory", "Government regains territory"}


def control_regained_after(text: str) -> bool:
    """Control changes hands only in a clause that ends the sentence's event."""
    folded = fold(text)
    for pattern, sub_event in RULES:
        found = pattern.search(folded)
        if sub_event in TERRITORY and found is not None:
            return bool(_ENDING_CLAUSE.search(folded[: found.start()]))
    return False


def rule_label(text: str) -> str | None:
    """The sub-event type a plain verb states outright, if any."""
    folded = fold(text)
    for pattern, sub_event in RULES:
        found = pattern.search(folded)
        if found is None:
            continue
        if sub_event in TERRITORY and _ENDING_CLAUSE.search(folded[: found.start()]):
            continue
        if _REFERENCE.search(folded[max(0, found.start() - 40) : found.start()]):
            continue
        if sub_event == "Armed clash" and _CROWD.search(folded):
            continue  # "demonstrators clashed with the police": the classifier tells which
        return sub_event
    return None
