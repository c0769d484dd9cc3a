"""Fatalities, injured and hostages counted from digits and words, in English and French.

Unknown stays None, never 0. Vague quantities follow ACLED's codebook: "several"/"many" count
as 10, "dozens" as 12, "hundreds" as 100 ("a dozen" is 12, "une vingtaine" 20).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sentinelle.extract.dates import MONTHS
from sentinelle.extract.normalize import fold


class CountKind(enum.StrEnum):
    """What a number counts."""

    FATALITIES = "fatalities"
    INJURED = "injured"
    HOSTAGES = "hostages"


WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "soixante": 60, "cent": 100, "seventy": 70, "eighty": 80, "ninety": 90, "quatre-vingts": 80,
    "a dozen": 12, "une douzaine": 12, "une dizaine": 10, "une quinzaine": 15,
    "une vingtaine": 20, "une trentaine": 30, "une quarantaine": 40, "une cinquantaine": 50,
    "une centaine": 100, "dozens": 12, "des dizaines": 12, "several": 10, "many": 10,
    "plusieurs": 10, "hundreds": 100, "des centaines": 100, "scores": 20,
}  # fmt: skip
# "a"/"un" count as one only before a person ("a soldier was killed", not "an attack killed").
PERSONS = (
    r"soldier|civilian|man|woman|child|boy|girl|person|villager|trader|peacekeeper|policeman|"
    r"gendarme|officer|herder|driver|militant|assailant|attacker|jihadist|fighter|member|"
    r"soldat|civil|homme|femme|enfant|personne|villageois|commercant|casque bleu|policier|"
    r"eleveur|chauffeur|militaire|assaillant|jihadiste|djihadiste|combattant"
)
KEYWORDS: dict[CountKind, str] = {
    CountKind.FATALITIES: (
        r"killed|killing|kills|dead|died|deaths?|fatalities|fatality|bodies|lives|slain|"
        r"assassinat\w*|assassine(?:e|s|es)?|abattu(?:e|s|es)?|egorge(?:e|s|es)?|beheaded|"
        r"murdered|corpses?|burned alive|burnt alive|burned to death|"
        r"perished|massacred|executed|shot dead|neutrali[sz]ed|neutralisee?s?|slaughtered|"
        r"decapitated|throats|"
        r"tues?|tuees?|tuant|morts?|deces|"
        r"ont peri|peri(?! urbain)|perirent|executes?|massacres?|lost their lives|"
        r"trouve la mort"
    ),
    CountKind.INJURED: r"injured|injuring|wounded|wounding|hurt|blesses?|blessant|blessees?",
    CountKind.HOSTAGES: (
        r"hostages?|abducted|abducting|kidnapped|kidnapping|captive|taken captive|otages?|"
        r"enleves?|enlevant|enlevees?|sequestres?|kidnappes?"
    ),
}
# After these verbs "a"/"an" is the one person they hit ("killed a griot", "shot dead a youth").
_ARTICLE_VERBS = (
    "killed|killing|dead|assassinated|assassinating|executed|executing|beheaded|beheading|"
    "abducted|abducting|kidnapped|kidnapping|wounded|wounding|injured|injuring|tue|tuant|enleve"
)
_TENS = (
    "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|vingt|trente|quarante|cinquante|"
    "soixante|quatre vingts?|dix"
)
_UNITS = (
    "one|two|three|four|five|six|seven|eight|nine|un|deux|trois|quatre|cinq|six|sept|huit|neuf|"
    "dix|onze|douze|treize|quatorze|quinze|seize"
)
_ARTICLES = ("un", "une")
# French counts by twenties: "dix-sept" 17, "soixante-dix-huit" 78, "quatre-vingt-dix" 90.
_NUMBER = re.compile(
    r"\b(\d{1,3}(?:[ ,]\d{3})+|\d+|"
    + rf"(?:{_TENS})\s+(?:et\s+)?(?:{_UNITS})(?:\s+(?:{_UNITS}))?|quatre vingts?|"
    + "|".join(
        sorted((re.escape(w) for w in WORD_NUMBERS if w not in _ARTICLES), key=len, reverse=True)
    )
    + rf"|(?:a|an|un|une)(?=\s+(?:\w+\s+)?(?:{PERSONS})s?\b)"
    # French "un"/"une" is an article before anything else ("une frappe a tué dix-neuf civils").
    + r"|(?:un|une)(?=\s+(?:mort|morte|morts|blesse|blessee|otage|tue|tuee|des|d)\b))\b"
)
# What one "executes" that is no person: an ambush, an attack, an operation.
_NOT_A_PERSON = re.compile(
    r"\b(?:ambush|attack|operation|raid|assault|offensive|strike|mission|plan|order|patrol|"
    r"embuscade|attaque|operation)\b"
)
# A second verb may come between ("killed and buried a herder", "abducted and later executed
# a notable"): the second one says what happened to the person when it is a count's verb.
_ARTICLE_AFTER_VERB = re.compile(
    rf"\b({_ARTICLE_VERBS})(?: of)?(?: and (?:later |then )?(\w+ed))? "
    r"(a|an|un|une|the|le|la|another)\b( \w+){1,3}"
)
# "a village chief and his son", "a father and his two sons", "and two of his sons", "with
# his driver": as many more persons of the same count (one when no number is given).
_KIN = re.compile(
    r"\b(?:and|&|with) (?:(two|three|four|five|six|seven|eight|\d) of )?(?:his|her|their) "
    r"(?:(two|three|four|five|six|seven|eight|\d) )?(?:\w+ )?"
    r"(sons?|wives?|wife|brothers?|daughters?|father|mother|associates?|drivers?|nephews?|"
    r"cousins?|guards?|bodyguards?|companions?|guides?|children)\b"
    # "le maire et son chauffeur", "avec ses deux fils"
    r"|\b(?:et|avec) (?:(deux|trois|quatre|cinq|six|\d) de )?(?:son|sa|ses|leur|leurs) "
    r"(?:(deux|trois|quatre|cinq|six|sept|huit|\d) )?"
    r"(fils|freres?|epouses?|femmes?|chauffeurs?|neveux?|neveu|cousins?|gardes?|"
    r"compagnons?|guides?|enfants|filles?|pere|mere|collaborateurs?|adjoints?)\b"
)
# Other people listed after the first ("a councilman, his son and a farmer"): commas and
# "and" before a possessive or an article and a person.
_OTHERS_LISTED = re.compile(
    rf"(?:\s\s|\sand\s|\s{{3}})(?:his|her|their|an?|another)\s+(?:\w+\s+){{0,2}}?(?:{PERSONS}|son|"
    r"wife|brother|daughter|father|mother|driver|chief|councill?or|imam|militiam[ae]n)\b"
)
# A headline or passive naming two people before their death ("A municipal councilor and
# his son were killed", "Forest guard and his guide killed").
_TWO_KILLED = re.compile(
    r"^\s*(?:an?\s+|the\s+)?(?:(?![\w-]*ed\b)[\w-]+\s+){1,5}?(?:and|&)\s+(?:his|her|their|an?|another)\s+"
    r"(?:[\w-]+\s+){1,3}?(?:were\s+|have\s+been\s+|had\s+been\s+)?(?:\w+\s+)?"
    r"(?:killed|assassinated|executed|beheaded|murdered|shot dead|slain)\b"
)
# Characters from "killing a leader" to "and his driver" (a title and a faction between).
KIN_REACH = 90
# Words right after a number that say what it counts before any verb before it does
# ("one soldier killed, one wounded": the second one is wounded).
IMMEDIATE_WORDS = 2
# Words between a number and what it counts ("five Malian soldiers were killed").
FORWARD_WORDS = 7
# Words a list item may carry between two numbers ("27 Dan Na Ambassagou militiamen and 1").
LIST_GAP_WORDS = 6
# Vague quantities count only right before what they count ("several soldiers were killed"),
# never through a list ("170 hostages and holding many for several hours").
VAGUE = {"several", "many", "plusieurs", "dozens", "des dizaines", "hundreds", "des centaines",
         "scores"}  # fmt: skip
VAGUE_WORDS = 3
# Words between a verb and its number ("killing at least five").
BACKWARD_WORDS = 4
_MODIFIERS = re.compile(
    r"\b(at least|au moins|some|about|around|nearly|over|more than|plus de|"
    r"environ|pres de|up to|jusqu a|of|de|d|des|les|the)\b"
)
_BLOCKERS = re.compile(
    r"\b(km|kilometres?|kilometers?|miles|percent|pour cent|years?|ans|"
    r"hours?|heures?|minutes|days?|jours?|weeks?|semaines?|months?|mois|"
    r"cfa|fcfa|dollars?|euros?|vehicles?|vehicules?|motorbikes?|motos?|sheep|cattle|oxen|cows?|"
    r"goats?|camels?|donkeys?|animals|livestock|head of|heads of|boeufs?|moutons?|chevres?|"
    r"huts?|houses?|homes?|shops?|schools?|buildings?|villages?|trucks?|cars?|maisons?|ieds?|"
    + "|".join(MONTHS)
    + r")\b"
)

# Numbers after these words are part of a count already given ("three soldiers including an
# officer were killed", "ten dead, among them two children").
# So are the second and later of a list there ("dont un Français et un Belge").
PART_WORDS = r"including|among them|among whom|of whom|dont|notamment"
_PART_OF = re.compile(
    rf"\b(?:{PART_WORDS})\s+"
    r"(?:(?:[\w-]+\s+){1,3}(?:and|et)\s+(?:(?:his|her|their|ses|son|sa|leurs?)\s+)?)?$"
)
_BRACKETS = re.compile(r"\s*\([^()]*\)")
# A part of the count set off by commas ("Cinq personnes, dont un Français, ont été tuées").
_APPOSITION = re.compile(r",\s*(?:dont|including|among them|among whom|notamment)\b[^,;.]*,")
# Characters between a count and the brackets that detail it.
DETAIL_REACH = 30
# Words that sit between a count and its verb without changing it ("were also killed").
_FILLERS = {"also", "reportedly", "allegedly", "later", "subsequently", "then", "all",
            "eventually", "apparently", "ont", "ete", "sont", "avaient"}  # fmt: skip
# A verb of another action; participles that qualify the people counted are not one.
_OTHER_VERB = re.compile(
    r"(?!(?:armed|presumed|suspected|unidentified|alleged|including|unarmed|reported|"
    r"wounded|injured|kidnapped|abducted|detained|retired|uniformed|captured)$)[a-z]{3,}ed"
)
# A part of the count named between the number and its verb ("three combatants including a
# senior commander were killed"): skipped when looking for what the number counts.
_INCLUDING = re.compile(r"\bincluding(?: \w+){1,5}? (?=(?:were|was|have|had|are)\b)")
# A number heading the subject of an active killing ("2 armed men killed an off duty
# policeman", "2 men shot to death a person"): it counts perpetrators.
_PERPETRATORS = re.compile(
    r"\s*(?:\w+\s+){0,2}?(?:men|man|gunmen|individuals|assailants|attackers|militants|"
    r"people|persons)\s+(?:killed|shot dead|shot to death|executed|assassinated|murdered|"
    r"beheaded|slaughtered|stabbed)\s+(?:an?|the|one|two|three|his|her|their|another)\b"
)
# "Succumbed" is never counted by the number before it (no keyword): one death, or as many
# as "two of the wounded".
_SUCCUMBED = re.compile(
    r"(?:\b(\d+|one|two|three|four|five) of (?:the|them|those) (?:wounded|injured)\s+"
    r"(?:\w+\s+)?)?\bsuccumbed\b"
)
# A killing attempted is no death ("attempted to assassinate two members").
_ATTEMPT = re.compile(r"\b(?:attempt\w*|tried|try\w*) to\b")

# Nouns before a number that make it a death count ("the bodies of two kidnapped men").
_TOLL = re.compile(
    r"\b(?:bodies|corpses?|toll|bilan|deaths|death|fatalities)\s+(?:of\s+)?(?:the\s+)?$"
)
# A number after these words is a code, not a count ("coded as Sebete at geoprecision 2").
_NOT_A_COUNT = re.compile(r"\b(?:geoprecision|precision|geo precision|no|number|n|route|road)\s*$")
# "(unknown fatalities coded as 10)", "fatalities coded at low estimate of 3".
_CODED_FATALITIES = re.compile(
    r"\b(?:fatalities|casualties|deaths)\b[^.;]{0,40}?\bcoded\s+(?:as|at)\s+"
    r"(?:an?\s+)?(?:low\s+estimate\s+of\s+)?(\d{1,3})\b"
)
# "Fatalities split between five events", "fatalities spread across the two events": ACLED's
# notes say the toll was shared out between events (a number left out means two).
_SPLIT_TOLL = re.compile(
    r"\bfat\w*ities\b[^.;]{0,40}?\b(?:split|spread|divided|distributed)\b(?:\s+equally)?\s+"
    r"(?:between|across|over|among)\s+(?:the\s+)?(?:(\d{1,2}|two|three|four|five|six|seven|"
    r"eight|nine|ten)\s+)?(?:separate\s+)?(?:events|locations|villages|dates|days|places)\b"
)
_DEATH_VERBS = (
    r"killed|assassinated|executed|beheaded|murdered|lynched|slain|shot dead|"
    r"shot and killed|stabbed to death|beaten to death|burned alive|found dead"
)
# One word may stand between a singular passive and its verb ("was reportedly killed", "a été
# légèrement blessé"), but not a negation.
_ADVERB = r"(?:(?!not\b|never\b|pas\b|jamais\b)\w+\s+)?"
# A subject that denies the deed ("Nobody was hurt", "Aucun soldat n'a été tué").
_NOBODY = re.compile(r"(?:\b(?:no one|nobody|none|no|personne|aucune?|nul|ni)\b[^,;.]*|\bn\s*)$")
# A singular victim ("the mayor was killed", "an elder has been shot dead").
_WAS_KILLED = re.compile(rf"\b(?:was|has been|had been)\s+{_ADVERB}({_DEATH_VERBS})\b")
# The same in French, with those taken along ("a été enlevé mercredi avec six membres de sa
# délégation": seven).
_FR_ONE_TAKEN = re.compile(
    rf"\b(?:a|avait) ete\s+{_ADVERB}(?:(tuee?|assassinee?|abattue?|executee?|egorgee?|"
    r"decapitee?)|(enlevee?|kidnappee?|sequestree?|pris en otage|prise en otage))\b"
    rf"(?:[^,;.]{{0,40}}?\bavec\s+({_UNITS}|\d{{1,2}})\b)?"
)
# One person hurt or taken in a singular passive ("the driver was slightly injured", "le
# chauffeur a été légèrement blessé", "a Swiss missionary was kidnapped").
_ONE_HURT = re.compile(
    rf"\b(?:was|has been|had been|a ete|avait ete)\s+{_ADVERB}"
    r"(wounded|injured|hurt|blessee?)\b"
)
_ONE_TAKEN_EN = re.compile(
    rf"\b(?:was|has been|had been)\s+{_ADVERB}(kidnapped|abducted|taken hostage)\b"
)
# One victim named by title or kinship, with no article ("shot dead MOC commander X",
# "assassinated GATIA field commander Y", "shot dead his brother in arms").
_TITLED_VICTIM = re.compile(
    rf"\b({_DEATH_VERBS})\s+(?:(?:his|her)\s+(?:\w+\s+)?(?:brother|son|father|uncle|wife|"
    r"cousin|nephew|colleague|companion)|(?:(?!(?:and|of|in|the)\b)[\w-]+\s+){1,3}?"
    r"(?:commander|officer|leader|chief|notable|mayor|imam|councill?or|official|chairman|"
    r"president|judge|teacher|nurse|marabout|activist|businessman))\b"
)
# Persons taken (abducted, arrested, carried) whom the same sentence reports dead afterwards
# ("abducted four men ..., they were executed", "arrested six individuals ..., the corpses of
# those arrested were found", "eight men abducted the day before were found dead").
_SMALL_NUMBER = (
    r"\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty"
)
_TAKEN = (
    re.compile(
        r"\b(?:abducted|kidnapped|arrested|detained|rounded up|carrying)\s+(?:and\s+\w+\s+)?"
        rf"(?:at least\s+|some\s+|about\s+)?({_SMALL_NUMBER})\b"
    ),
    re.compile(
        rf"\b({_SMALL_NUMBER})\s+(?:(?!(?:{_SMALL_NUMBER})\b)[\w-]+\s+){{0,3}}?"
        r"(?:who had been\s+)?(?:abducted|kidnapped|arrested|detained)\b"
    ),
)
# Forces that lost men: their dead ("perdant une cinquantaine de soldats", "la perte d'une
# cinquantaine de soldats", "the loss of 12 soldiers").
_LOST_MEN = re.compile(
    r"\b(?:perdant|perdu|lost|losing|perte d|loss of)\s+"
    r"(?:au moins\s+|at least\s+|some\s+|about\s+)?"
    rf"({_SMALL_NUMBER}|une (?:dizaine|vingtaine|trentaine|quarantaine|cinquantaine|centaine))"
    r"\s+(?:de\s+|of\s+)?(?:ses\s+|its\s+|their\s+|leurs?\s+)?(?:soldats|militaires|hommes|"
    r"soldiers|troops|men|fighters|combattants|elements)\b"
)
_THEY_DIED = re.compile(
    r"\b(?:they|those \w+|the (?:occupants|victims|abductees|hostages|detainees|men|two|three|"
    r"four|five|six))\s+(?:were|had been|have been)\s+(?:[\w-]+\s+){0,6}?"
    r"(?:executed|killed|found dead|shot dead|murdered|slain|beheaded)\b"
    r"|\b(?:corpses|bodies) of (?:those|the) \w+ were found\b"
    r"|\bwere\s+(?:\w+\s+)?found dead\b"
)
# A report's headline form ("Shepherd beheaded by...", "Councillor in X assassinated"):
# a singular noun phrase opens the sentence, with no number and no plural before the verb.
_HEADLINE_KILLED = re.compile(
    rf"^\s*(?:an?\s+|the\s+)?(?:(?!(?:\w+s|and|or|were|are|by)\b)[a-z][\w-]*\s+){{1,6}}?"
    rf"({_DEATH_VERBS})(?=\s+(?:by|in|at|overnight|and|near|on|during|while|after|outside)\b|"
    r"\s*[,;:(]|\s*$)"
)


@dataclass(frozen=True)
class CountMention:
    """A number and what it counts, with its span in the sentence."""

    kind: CountKind
    value: int
    start: int
    end: int


@dataclass(frozen=True)
class Counts:
    """A sentence's totals by kind; None where the text gives no figure."""

    fatalities: int | None
    injured: int | None
    hostages: int | None
    mentions: tuple[CountMention, ...]


def find_counts(text: str, exclude: Sequence[tuple[int, int]] = ()) -> Counts:
    """Counts in a sentence; ``exclude`` holds spans (dates) whose numbers count nothing."""
    folded = _COST_LIVES.sub(lambda m: "tuant".ljust(len(m.group())), _without_motives(fold(text)))
    # Brackets right after a count detail it ("3 herders (members of one family)", "4 dead
    # (2 soldiers and 2 civilians)"): their numbers count nothing more.
    details = [
        b.span()
        for b in _BRACKETS.finditer(text)
        if _NUMBER.search(folded[max(0, b.start() - DETAIL_REACH) : b.start()])
    ]
    numbers = [
        m
        for m in _NUMBER.finditer(folded)
        if not any(s <= m.start() < e for s, e in (*exclude, *details))
        and not _PART_OF.search(folded[max(0, m.start() - 40) : m.start()])
        and text[m.start() : m.end()] != "UN"  # the United Nations ("Seven UN peacekeepers")
    ]
    mentions: list[CountMention] = []
    pending: list[re.Match[str]] = []
    last: tuple[CountKind, int] | None = None
    for index, match in enumerate(numbers):
        following = numbers[index + 1].start() if index + 1 < len(numbers) else len(folded)
        # What follows up to the next number, brackets left out ("2 MAA fighters (members of
        # the CMA) were killed").
        raw_after = _APPOSITION.sub(" ", _BRACKETS.sub("", text[match.end() : following]))
        after = fold(raw_after)
        if (
            _BLOCKERS.match(after.strip())
            or (
                _NOT_COUNTED.match(raw_after.lower())
                # "executed two captured soldiers": the captured were killed
                and not _killed_right_before(text, folded, match.start())
            )
            or _is_year(match.group(1))
            or _NOT_A_COUNT.search(text[max(0, match.start() - 16) : match.start()].lower())
            or text[max(0, match.start() - 2) : match.start()].strip() == "("
        ):  # a number opening brackets details the count before it: "5 wounded (3 seriously)"
            pending.clear()
            continue
        vague = match.group(1) in VAGUE
        # "one soldier killed, one wounded": a count named right after wins; then in
        # "killing four soldiers and wounding seven" the verb right before.
        kind = None
        if not vague:
            before = _kind_before(folded, match.start(), adjacent=True)
            head = fold(re.split(r"\b(?:and|et|or|ou)\b|[,;:]", raw_after, maxsplit=1)[0])
            named = _kind_after(head, IMMEDIATE_WORDS)
            if named is None and before is not None and _after_a_break(text, match.start()):
                # "two soldiers were killed, a senior officer wounded": past the comma the
                # number's own words say what it counts.
                named = _kind_after(head, FORWARD_WORDS)
            kind = (
                before if _TOLL.search(folded[max(0, match.start() - 30) : match.start()]) else None
            )
            kind = kind or named or before
        clause = re.split(r"[,;:]", raw_after, maxsplit=1)
        if (
            kind is None
            and not vague
            and len(clause) > 1
            and last
            and _joined(text[last[1] : match.start()])
            and _kind_after(fold(clause[0]), FORWARD_WORDS) is None
        ):
            kind = last[0]  # "killing one member and 3 miners, injuring one other"
        if kind is None and _PERPETRATORS.match(folded, match.end()):
            # "2 armed men killed a policeman": the number counts who killed, not who died.
            pending.clear()
            continue
        kind = kind or _kind_after(after, VAGUE_WORDS if vague else FORWARD_WORDS)
        if kind is None and vague:
            kind = _verb_right_before(folded, match.start())  # "killing dozens of militants"
        if kind is None and not vague:
            kind = _kind_before(folded, match.start())
        if (
            kind is None
            and not vague
            and last
            and _joined(text[last[1] : match.start()])
            and _own_kind(text, match.end()) in (None, last[0])
        ):
            kind = last[0]
        if kind is None:
            if not vague and _joined(text[match.end() : following]):
                pending.append(match)
            else:
                pending.clear()
            continue
        for number in [*pending, match]:
            value = _value(number.group(1))
            if value is not None:
                mentions.append(CountMention(kind, value, number.start(), number.end()))
        pending.clear()
        last = (kind, match.end())
    for found in _ARTICLE_AFTER_VERB.finditer(folded):
        start, end = found.span(3)
        kind = _article_kind(found)
        # The article may already count as a number ("killed a member"): the persons listed
        # after it are still to be added.
        counted = next((m for m in mentions if m.start <= start < m.end + 12), None)
        if counted is not None and not (
            counted.start == start and counted.value == 1 and counted.kind is kind
        ):
            continue
        words = found.group(0).split()[2:]
        if found.group(3) in ("the", "le", "la") and not _singular(words):
            continue
        if _NOT_A_PERSON.search(" ".join(words)):
            continue  # "executed a complex ambush", "executed an operation"
        if kind is not None:
            if counted is None:
                mentions.append(CountMention(kind, 1, start, end))
            # "killed a village chief, his son and a militiaman": one more per person listed.
            more = _listed_after(folded[found.end(3) : found.end() + KIN_REACH])
            mentions.extend(CountMention(kind, 1, found.end(), found.end()) for _ in range(more))
    if not any(m.kind is CountKind.FATALITIES for m in mentions):
        mentions.extend(_subject_killed(folded, numbers))
    if not any(m.kind is CountKind.FATALITIES for m in mentions):
        mentions.extend(_one_victim(folded))
    pair = _TWO_KILLED.match(folded)
    if pair is not None and _total(mentions, CountKind.FATALITIES) == 1:
        # "A trader and his nephew were killed": the article counted the first only.
        mentions.append(CountMention(CountKind.FATALITIES, 1, pair.end(), pair.end()))
    if not any(m.kind is CountKind.HOSTAGES for m in mentions):
        mentions.extend(_one_taken_fr(folded, CountKind.HOSTAGES))
    if not any(m.kind is CountKind.HOSTAGES for m in mentions):
        mentions.extend(_one(folded, _ONE_TAKEN_EN, CountKind.HOSTAGES))
    if not any(m.kind is CountKind.INJURED for m in mentions):
        mentions.extend(_one(folded, _ONE_HURT, CountKind.INJURED))
    if not any(m.kind is CountKind.FATALITIES for m in mentions):
        mentions.extend(_men_lost(folded))
    mentions.extend(_succumbed(folded))
    fatalities = _total(mentions, CountKind.FATALITIES)
    fatalities = _taken_then_killed(folded, fatalities, exclude)
    coded = _CODED_FATALITIES.search(folded)
    if coded:
        # ACLED's own notes state the figure they coded ("unknown fatalities coded as 10").
        fatalities = int(coded.group(1))
    return Counts(
        fatalities,
        _total(mentions, CountKind.INJURED),
        _total(mentions, CountKind.HOSTAGES),
        tuple(mentions),
    )


# Deaths told as the reason for what the sentence reports, up to the end of their clause.
_MOTIVE = re.compile(
    r"\b(?:in protest (?:against|over|at)|to protest|to denounce|(?:in|as) (?:revenge|retaliation|"
    r"reprisal) for|(?:revenge|reprisal) act for|amid)\b[^,;.]*"
    # What the victims or the perpetrators had done before ("killed 4 militants who previously
    # had executed an informer", "after the latter killed a butcher").
    r"|\b(?:who|which|that)\s+(?:had\s+)?(?:previously|earlier)\b[^,;.]*"
    r"|\b(?:who|which|that)\s+had\s+(?:\w+\s+)?(?:killed|executed|assassinated)\b[^,;.]*"
    r"|\bafter\s+(?:he|she|they|the latter)\s+(?:had\s+)?\w+ed\b[^,;.]*"
    # A running total the new deaths bring a count to ("bringing to 47 the number of French
    # troops killed since 2013", "portant à 50 le nombre de soldats tués").
    r"|\b(?:bringing|brings|raising|taking)\s+(?:to|the)\b[^;.]*"
    r"|\b(?:portant|porte|portent)\s+(?:a|à|le|la|ainsi|desormais)\b[^;.]*"
)
# Characters between a number heading a subject and its passive death verb.
SUBJECT_REACH = 100
_PASSIVE_DEATH = re.compile(
    rf"\b(?:were|have been|had been)\s+(?:\w+\s+)?(?!lynched)(?:{_DEATH_VERBS}|massacred|"
    r"slaughtered)\b"
)
# What befell persons who are counted nowhere ("ten arrested", "one gone missing").
_NOT_COUNTED = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}?(?:were\s+|was\s+|have\s+|had\s+)?(?:arrested|captured|detained|"
    r"missing|gone missing|went missing|released|escaped|freed|rescued|disappeared)\b"
)
# "a coûté la vie à neuf gendarmes" (folded), read as "tuant neuf gendarmes".
_COST_LIVES = re.compile(r"\bcoute la vie (?:a|aux)\b")
# The verb a conjoined subject shares ("eight soldiers and a civilian were wounded").
_PLURAL_PREDICATE = re.compile(r"\b(?:were|are|have been|had been)((?:\s+\w+){1,2})")


def _without_motives(folded: str) -> str:
    """The sentence with the deaths it gives as a motive blanked out ("in protest against the
    killing of a girl", "in revenge for the killing of one of their colleagues"): they are
    another event's. Blanks keep every other span where it was."""
    return _MOTIVE.sub(lambda m: " " * len(m.group()), folded)


def _subject_killed(folded: str, numbers: list[re.Match[str]]) -> list[CountMention]:
    """A number heading the subject of a killing its verb is far from ("9 traders, most of
    whom were Bozo, were killed", "two IED planters presumably deployed by JNIM, were killed")."""
    for index, number in enumerate(numbers):
        token = number.group(1)
        if token in VAGUE or token in ("a", "an", "un", "une") or _is_year(token):
            continue
        following = numbers[index + 1].start() if index + 1 < len(numbers) else len(folded)
        window = folded[number.end() : min(following, number.end() + SUBJECT_REACH)]
        if _BLOCKERS.match(window.strip()):
            continue
        verb = _PASSIVE_DEATH.search(window)
        value = _value(token)
        if verb is not None and value is not None:
            return [CountMention(CountKind.FATALITIES, value, number.start(), number.end())]
    return []


def _after_a_break(text: str, start: int) -> bool:
    """The number opens a new clause: a comma or semicolon right before it."""
    return text[max(0, start - 3) : start].strip()[-1:] in (",", ";")


def _own_kind(text: str, end: int) -> CountKind | None:
    """What the clause a number opens says it counts, past any other number in it ("two
    killed, eight soldiers and a civilian were wounded": the eight are wounded)."""
    clause = fold(re.split(r"[,;:]", _BRACKETS.sub("", text[end:]), maxsplit=1)[0])
    predicate = _PLURAL_PREDICATE.search(clause)
    return _kind_after(predicate.group(1), 2) if predicate else None


def _article_kind(found: re.Match[str]) -> CountKind | None:
    """What "killed a ..." counts; after two verbs, the second when it is a count's own."""
    second = found.group(2)
    if second and _kind_after(second, 1) is not None:
        return _kind_after(second, 1)
    return _kind_after(found.group(1), 1)


def _listed_after(reach: str) -> int:
    """Persons named after the first ("his son", "his three sons", ", a farmer")."""
    kin = _KIN.findall(reach)
    if kin:
        return sum(
            _value(part or whole or part_fr or whole_fr or "one") or 1
            for part, whole, _noun, part_fr, whole_fr, _noun_fr in kin
        )
    return len(_OTHERS_LISTED.findall(reach.split(" by ")[0]))


def split_share(text: str) -> int | None:
    """How many events a report says its toll is shared between (ACLED's "fatalities split
    between five events"); None when it says nothing of the kind."""
    found = _SPLIT_TOLL.search(fold(text))
    if found is None:
        return None
    return _value(found.group(1)) if found.group(1) else 2


def _taken_then_killed(
    folded: str, fatalities: int | None, exclude: Sequence[tuple[int, int]]
) -> int | None:
    """As many dead as persons taken when the sentence says those taken were killed later
    (a lone "they were executed" counted one at most); numbers of dates count nothing."""
    if fatalities is not None and fatalities > 1:
        return fatalities
    found = [
        t
        for pattern in _TAKEN
        for t in pattern.finditer(folded)
        if not any(s <= t.start(1) < e for s, e in exclude)
    ]
    if not found:
        return fatalities
    taken = min(found, key=lambda t: t.start())
    if not _THEY_DIED.search(folded, taken.end()):
        return fatalities
    value = _value(taken.group(1))
    return value if value is not None and value > (fatalities or 0) else fatalities


def _succumbed(folded: str) -> list[CountMention]:
    """Wounded who later died add to the dead: "one of the wounded succumbed" (ACLED counts
    them with the event's toll)."""
    found = []
    for match in _SUCCUMBED.finditer(folded):
        value = _value(match.group(1)) if match.group(1) else 1
        if value is not None:
            found.append(CountMention(CountKind.FATALITIES, value, match.start(), match.end()))
    return found


def _one_victim(folded: str) -> list[CountMention]:
    """One death with no number: "the mayor was killed", "Shepherd beheaded by gunmen"
    (two for "a councilor and his son were killed")."""
    pair = _TWO_KILLED.match(folded)
    if pair is not None:
        return [CountMention(CountKind.FATALITIES, 2, pair.start(), pair.end())]
    found = (
        _WAS_KILLED.search(folded)
        or _HEADLINE_KILLED.match(folded)
        or _TITLED_VICTIM.search(folded)
    )
    if found is not None and _denied(folded, found.start()):
        return []
    if found is None:
        return _one_taken_fr(folded, CountKind.FATALITIES)
    return [CountMention(CountKind.FATALITIES, 1, found.start(1), found.end(1))]


def _one(folded: str, pattern: re.Pattern[str], kind: CountKind) -> list[CountMention]:
    """One person, told by a singular passive."""
    found = pattern.search(folded)
    if found is None or _denied(folded, found.start()):
        return []
    return [CountMention(kind, 1, found.start(1), found.end(1))]


def _denied(folded: str, start: int) -> bool:
    """The singular passive starting at ``start`` has a subject that denies it ("Nobody")."""
    return bool(_NOBODY.search(folded[max(0, start - 40) : start]))


def _men_lost(folded: str) -> list[CountMention]:
    """Forces that lost men ("perdant une cinquantaine de soldats", "lost 12 soldiers")."""
    found = _LOST_MEN.search(folded)
    value = _value(found.group(1)) if found else None
    if found is None or value is None:
        return []
    return [CountMention(CountKind.FATALITIES, value, found.start(1), found.end(1))]


def _one_taken_fr(folded: str, kind: CountKind) -> list[CountMention]:
    """One person killed or abducted in a French singular passive, with any taken along."""
    found = _FR_ONE_TAKEN.search(folded)
    group = 1 if kind is CountKind.FATALITIES else 2
    if found is None or found.group(group) is None or _denied(folded, found.start()):
        return []
    along = _value(found.group(3)) if found.group(3) else 0
    return [CountMention(kind, 1 + (along or 0), found.start(group), found.end(group))]


def _kind_after(segment: str, reach: int) -> CountKind | None:
    words = [w for w in _INCLUDING.sub("", segment).split() if w not in _FILLERS]
    # Another verb ends the phrase a number heads ("3 armed men raided X, killing a man").
    for position, word in enumerate(words[:reach]):
        if position >= 2 and _OTHER_VERB.fullmatch(word) and not _is_keyword(word):
            words = words[:position]
            break
    words = words[:reach]
    window = " ".join(words)
    if _BLOCKERS.match(window):
        return None
    best: tuple[int, CountKind] | None = None
    for kind, pattern in KEYWORDS.items():
        found = re.search(rf"\b({pattern})\b", window)
        if found and (best is None or found.start() < best[0]):
            best = (found.start(), kind)
    return best[1] if best else None


def _is_keyword(word: str) -> bool:
    return any(re.fullmatch(pattern, word) for pattern in KEYWORDS.values())


def _kind_before(folded: str, start: int, *, adjacent: bool = False) -> CountKind | None:
    before = _MODIFIERS.sub(" ", folded[max(0, start - 60) : start]).split()[-BACKWARD_WORDS:]
    if re.search(r"\b(toll|bilan)\b", " ".join(before)):
        return CountKind.FATALITIES
    window = " ".join(before[-1:] if adjacent else before[-2:])
    if _ATTEMPT.search(" ".join(before)):
        return None  # "attempted to assassinate two members"
    for kind, pattern in KEYWORDS.items():
        if re.search(rf"\b({pattern})\s*$", window):
            return kind
    return None


def _killed_right_before(text: str, folded: str, start: int) -> bool:
    """A killing verb heads the number, no comma between ("executed two captured soldiers";
    not "killed, several prisoners captured")."""
    return not re.search(r"[,;:]\s*$", text[:start]) and (
        _verb_right_before(folded, start) is CountKind.FATALITIES
    )


def _verb_right_before(folded: str, start: int) -> CountKind | None:
    """What the verb right before a number counts ("killing dozens"; not "a toll with many")."""
    before = folded[max(0, start - 30) : start].split()
    if not before:
        return None
    return next(
        (kind for kind, pattern in KEYWORDS.items() if re.fullmatch(pattern, before[-1])), None
    )


def _is_year(token: str) -> bool:
    """A bare four-digit number from 1900 to 2099 is a year, not a count."""
    return len(token) == 4 and token.isdigit() and 1900 <= int(token) < 2100


def _joined(segment: str) -> bool:
    """True when the next number continues a list ("three soldiers and two civilians").

    A verb in between ("killed three, arrested twenty") starts another count.
    """
    words = segment.split()
    if any(re.fullmatch(r"\w+(?:ed|ing)", w.strip(",")) for w in words):
        return False  # another verb, or "including" a part of the count already given
    return bool(re.search(r"\b(and|et|plus)\b|[,&]", segment)) and len(words) <= LIST_GAP_WORDS


def _singular(words: list[str]) -> bool:
    """The noun after "the" is one person ("the village chief"), not many ("the soldiers")."""
    stops = ("of", "in", "at", "and", "near", "de", "du", "was", "were", "on", "during")
    head = next((w for w in words if w in stops), None)
    nouns = words[: words.index(head)] if head else words
    return bool(nouns) and not nouns[-1].endswith(("s", "x")) and not nouns[-1].isdigit()


def _value(token: str) -> int | None:
    if token in ("a", "an", "un", "une"):
        return 1
    parts = [p for p in token.split() if p != "et"]
    if parts[:2] in (["quatre", "vingt"], ["quatre", "vingts"]):
        parts = ["quatre-vingts", *parts[2:]]
    if parts and all(p in WORD_NUMBERS for p in parts):
        return sum(WORD_NUMBERS[p] for p in parts)
    if token in WORD_NUMBERS:
        return WORD_NUMBERS[token]
    digits = re.sub(r"[ ,]", "", token)
    return int(digits) if digits.isdigit() else None


def _total(mentions: list[CountMention], kind: CountKind) -> int | None:
    values = [m.value for m in mentions if m.kind is kind]
    return sum(values) if values else None
