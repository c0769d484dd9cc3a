"""How firmly a text names the perpetrator: unknown, rumoured ... claimed, confirmed.

Read from the language itself. A hedge anywhere in the sentence caps the status at the weakest
hedge found: hedged language is never upgraded to ``claimed`` or ``confirmed``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sentinelle.extract.normalize import fold
from sentinelle.store.enums import AttributionStatus

# A party's reaction to an event ("MINUSMA condemned the attack", "a condamné"): no deed of its
# own, nor a claim (original case and accents, as sentences are read).
REACTION_VERBS = (
    r"condemned|condemns|strongly condemned|deplored|deplores|denounced|denounces|"
    r"(?:a|ont) (?:fermement |vivement )?(?:condamné|dénoncé|déploré)|condamnent|condamne|"
    r"dénonce|déplore"
)
# A party's denial that it did it (folded text): at most alleged, in the sentence and the report.
DENIAL = r"denied|denies|deny|denial|dementi\w*|dement|a nie|ont nie"
# Cues on folded text (lower case, no accents, punctuation as spaces), weakest status first.
HEDGES: tuple[tuple[AttributionStatus, str], ...] = (
    (
        AttributionStatus.RUMOURED,
        r"rumou?rs?|rumou?red|rumeurs?|name has come up|names? (?:has|have) been mentioned|"
        r"no solid evidence|never before been any solid evidence|unconfirmed|unverified|"
        r"unchecked|speculation|speculat\w+|unclear|hypothes\w+|might|could|may have|"
        r"may be|possibly|possible link|premature assumption|non confirme\w*|pourrai\w+|"
        r"hypothese|peut etre|eventuel\w*",
    ),
    (
        AttributionStatus.ALLEGED,
        r"alleged\w*|accus\w+|blamed|reportedly|according to|attributed to|selon|"
        r"aurai\w+|attribue\w*|imput\w+|claims? by|it is said|pointed the finger|"
        r"pointing the finger|pointe\w* du doigt|porte la signature|signature (?:du|de|des)|"
        rf"{DENIAL}|"
        # a third party's word that a group did it ("officials said JNIM was responsible")
        r"said (?:that )?(?!(?:it|they|we) )(?:[\w-]+ ){1,5}(?:was|were|is|are) "
        r"(?:responsible|behind)|"
        # a group said to hold the area is named, not shown to have done it
        r"strongholds?|fiefs?|bastions?|hallmarks?|active in the area|actifs? dans la zone|"
        # a way of operating like a group's ("le mode opératoire rappelle celui de l'EIGS")
        r"modus operandi|mode operatoire|rappelle (?:celui|ceux|celle)|resembl\w+|"
        r"area of operations|operates? (?:there|in the area)|theatre d operations|"
        r"zone d operations|zone d influence|opere\w* dans la zone",
    ),
    (
        AttributionStatus.SUSPECTED,
        r"suspect\w*|presum\w+|presumabl\w+|believed to|thought to|likely|probabl\w+|"
        r"soupconn\w+|soupcons?|supposed\w*|apparent\w*|"
        # men dressed as another group's fighters: who they were is inferred from the dress
        r"dressed as|disguised as|posing as|habille\w* en|deguise\w* en|en tenue de",
    ),
)
CLAIM = re.compile(
    r"\b(claimed (?:responsibility|the (?:attacks?|killings?|kidnappings?|abductions?|"
    r"bombings?|ambush|raid|assault|massacre|explosion|blast|strike)\b)|"
    r"claimed it|claimed(?: \w+){0,3} by|(?:was|were|has been|have been|had been) claimed|"
    r"claim of responsibility|took responsibility|(?:took|claimed) credit|"
    # a party's own word that it did it ("JNIM said it carried out the attack")
    r"(?:said|says|say|stated|announced) (?:that )?(?:it|they) (?:had |has |have )?"
    r"(?:carried out|was behind|were behind|killed|attacked|conducted|launched|executed|"
    r"shot down|destroyed|ambushed|targeted|neutrali[sz]ed|downed)|"
    r"claims? to have|(?:a |ont )?(?:affirme|dit|declare|annonce)\w* (?:avoir|etre a l origine)|"
    r"a revendique|"
    r"ont revendique|revendiqu\w+|revendication)\b"
)
# An attack said to be unclaimed ("The attack has not been claimed"): who is named did not
# say it did it.
UNCLAIMED = re.compile(
    r"\b(?:has|have|had|was|were|is|are)\s+(?:not|never)\s+(?:yet\s+)?(?:been\s+)?claimed\b|"
    r"\bunclaimed\b|\bnon revendique\w*|\bsans revendication\b"
)
# Hedges that qualify the actor named right after them ("suspected ISGS militants").
QUALIFIERS = r"suspected|presumed|alleged|présumés?|supposés?|suspectés?|soupçonnés?"
_QUALIFIER = re.compile(rf"\b({QUALIFIERS})\b", re.I)
# The area another actor holds ("Anefis, fief de la CMA"): a hedge about that actor only.
_HELD_BY = re.compile(
    r"\b(?:strongholds?|fiefs?|bastions?)\s+(?:of|de|du|des)\s+(?:the\s+|la\s+|l['’])?", re.I
)
# How far before a name a qualifying hedge is looked for, and how far into it.
QUALIFIER_REACH = 30
QUALIFIER_INSIDE = 12
# A claim needs the claimer: "X claimed responsibility", not "no one has claimed".
NEGATED_CLAIM = re.compile(
    r"\b(no one|nobody|not yet|no group|not been|has not|had not|have not|was not|were not|"
    r"personne|aucun\w*|n (?:a|ont|avait|avaient) pas|pas encore|jamais)\b"
)


@dataclass(frozen=True)
class Attribution:
    """A status and the cue that set it (None when the default applied)."""

    status: AttributionStatus
    cue: str | None


def attribution_of(sentence: str, *, identified: bool) -> Attribution:
    """The status the sentence gives its perpetrator.

    ``identified`` is False for unidentified perpetrators ("gunmen", "Islamist gunmen"):
    without a cue their status is ``unknown``; a named group plainly stated is ``confirmed``.
    """
    folded = fold(sentence)
    hedge = _weakest_hedge(folded)
    claim = CLAIM.search(folded)
    denial = (
        claim and NEGATED_CLAIM.search(folded[max(0, claim.start() - 40) : claim.start()])
    ) or UNCLAIMED.search(folded)
    if claim and not denial:
        if hedge is not None:
            return hedge
        return Attribution(AttributionStatus.CLAIMED, claim.group())
    if hedge is not None:
        return hedge
    if not identified:
        return Attribution(AttributionStatus.UNKNOWN, None)
    if denial:
        # "No group has claimed the kidnapping, but the area is a JNIM stronghold".
        return Attribution(AttributionStatus.ALLEGED, denial.group())
    return Attribution(AttributionStatus.CONFIRMED, None)


def without_qualifiers_of(sentence: str, starts: Iterable[int]) -> str:
    """The sentence with the hedges that qualify the names starting at ``starts`` blanked:
    in "MSA fighters killed 20 suspected ISGS militants" the victims are suspected, not the
    MSA's deed."""
    chars = list(sentence)
    for start in starts:
        window = max(0, start - QUALIFIER_REACH)
        # (a hedge opening the name itself too: "suspected jihadists" is one alias)
        hedges = [*_QUALIFIER.finditer(sentence, window, start + QUALIFIER_INSIDE)]
        hedges += [h for h in _HELD_BY.finditer(sentence, window, start) if h.end() == start]
        for hedge in hedges:
            chars[hedge.start() : hedge.end()] = " " * (hedge.end() - hedge.start())
    return "".join(chars)


def _weakest_hedge(folded: str) -> Attribution | None:
    for status, pattern in HEDGES:
        found = re.search(rf"\b({pattern})\b", folded)
        if found:
            return Attribution(status, found.group())
    return None


def cap(status: AttributionStatus, ceiling: AttributionStatus) -> AttributionStatus:
    """The weaker of two statuses: what a hedged source lets a merged event say."""
    return status if status.rank <= ceiling.rank else ceiling
