"""The words around place names: what introduces one, what is never one, and named admin units.

The gazetteer reads these to find the names a text gives to places and the higher-level units
("Soum Province", "cercle de Niono", "commune of Folomana") that disambiguate them.
"""

from __future__ import annotations

import re

# Country names as ACLED writes them, with English and French forms that name them in text.
COUNTRIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "ML": ("Mali", ("mali",)),
    "BF": ("Burkina Faso", ("burkina faso", "burkina")),
    "NE": ("Niger", ("niger",)),
    "DZ": ("Algeria", ("algeria", "algerie")),
    "FR": ("France", ("france",)),
    "MR": ("Mauritania", ("mauritania", "mauritanie")),
    "SN": ("Senegal", ("senegal",)),
    "TD": ("Chad", ("chad", "tchad")),
    "CI": ("Ivory Coast", ("ivory coast", "cote d ivoire")),
    "GN": ("Guinea", ("guinea", "guinee")),
    "NG": ("Nigeria", ("nigeria",)),
    "LY": ("Libya", ("libya", "libye")),
    "EG": ("Egypt", ("egypt", "egypte")),
    "LB": ("Lebanon", ("lebanon", "liban")),
    "MA": ("Morocco", ("morocco", "maroc")),
    "BE": ("Belgium", ("belgium", "belgique")),
    "US": ("United States", ("united states", "etats unis")),
    "CH": ("Switzerland", ("switzerland", "suisse")),
    "ET": ("Ethiopia", ("ethiopia", "ethiopie")),
}
# Words that precede a place ("in Gao", "près de Kidal", "axis Gao-Ansongo"): a bare name
# after one is a place.
LOCATIVE = {
    "in", "at", "near", "of", "from", "to", "around", "outside", "between", "and", "towards",
    "a", "à", "au", "de", "du", "d", "des", "pres", "près", "dans", "vers", "entre", "et", "sur",
    "village", "town", "city", "ville", "localite", "localité", "commune", "area", "as",
    "axis", "axe", "hamlet", "locality", "camp", "road", "route", "troncon", "tronçon",
}  # fmt: skip
# Words after which a name is a place beyond doubt ("the village of Kwaremenguel"): only there
# may a name match a gazetteer entry one letter off.
PLACE_NOUNS = re.compile(
    r"\b(?:village|hamlet|locality|localit[eé]|town|area|commune|camp|site|zone|"
    r"vicinity|outskirts|environs)\s+(?:of|de|du|d')\s*$|\b(?:in|at|near|à|près de)\s+$",
    re.IGNORECASE,
)
# Words that say the event was near, not at, the place (ACLED geo_precision 2).
NEAR_WORDS = re.compile(
    r"\b(near|nearby|outside|close to|vicinity|km|kilom[eè]t\w+|miles|pr[eè]s d|environs|"
    r"proximit[eé]|non loin|aux abords|axe|road|route|between|entre)\b",
    re.IGNORECASE,
)
# Communities named as adjectives ("a Bambara trader", "the Fulani hamlet of X"), which
# GeoNames also lists as hamlets or alternate names.
COMMUNITIES = {
    "bambara", "bozo", "dogon", "dogons", "peul", "peuls", "peulh", "peuhl", "fulani", "fulanis",
    "fula", "fulbe", "tuareg", "tuaregs", "touareg", "touaregs", "songhai", "songhay", "sonrai",
    "arab", "arabs", "dawsahak", "daoussahak", "idaksahak", "imghad", "ifoghas", "bellah",
    "bella", "mossi", "gourmantche", "gourmantches", "hausa", "haoussa", "djerma", "zarma",
    "malinke", "minianka", "bobo", "samo", "senoufo", "lobi", "moba", "yaana", "kel", "marka",
    "soninke", "kounta", "tamasheq", "koglweogo", "dozo", "dozos", "rimaibe", "foulbe",
}  # fmt: skip
# Nationalities ("a Malian soldier"): close in spelling to hamlets of GeoNames.
DEMONYMS = {
    "malian", "malians", "malien", "maliens", "malienne", "nigerien", "nigeriens", "nigerienne",
    "nigerian", "nigerians", "burkinabe", "burkinabes", "french", "francais", "francaise",
    "chadian", "chadians", "tchadien", "tchadiens", "algerian", "algerien", "mauritanian",
    "mauritanien", "senegalese", "senegalais", "ivorian", "ivoirien", "guinean", "guineen",
    "libyan", "libyen", "american", "americain", "european", "europeen", "african", "africain",
    "sahelian", "sahelien", "german", "russian", "russe", "togolese", "beninese", "ghanaian",
}  # fmt: skip
# Nouns that follow a place name without being part of it ("Sevare Airport", "Kidal Region").
PLACE_HEADS = {
    "airport", "aeroport", "square", "market", "marche", "camp", "hospital", "hopital", "road",
    "route", "forest", "foret", "bridge", "pont", "reserve", "river", "fleuve", "lake", "lac",
    "valley", "vallee", "mosque", "mosquee", "university", "universite", "school", "ecole",
    "prison", "street", "avenue", "department", "departement", "province", "region", "cercle",
    "commune", "district", "circle", "axis", "axe", "area", "zone", "town", "hall", "city",
    "ville", "village", "military", "base", "garrison", "checkpoint", "station", "mine", "site",
    "border", "frontiere", "plateau", "gate", "quarter", "neighbourhood", "neighborhood",
    "prefecture", "cercles", "regions", "provinces", "communes", "departments",
}  # fmt: skip
# Capitalised words that also name some hamlet but in reports are almost never places.
_COMMON_WORDS = {
    "friday", "monday", "tuesday", "wednesday", "thursday", "saturday", "sunday", "group",
    "islam", "crisis", "senior", "sahel", "president", "state", "minister", "army", "union",
    "national", "north", "south", "east", "west", "centre", "center", "nord", "sud", "est",
    "ouest", "police", "africa", "the", "allah", "dieu", "peace", "may", "mai", "june", "juin",
    "july", "juillet", "march", "mars", "april", "avril", "august", "aout", "january",
    "janvier", "february", "fevrier", "september", "septembre", "october", "octobre",
    "november", "novembre", "december", "decembre", "lundi", "mardi", "mercredi", "jeudi",
    "vendredi", "samedi", "dimanche", "god", "un", "eu", "au", "al", "ag", "ansar", "amir",
    "imam", "al qaida", "al qaeda", "al kaida", "qaida", "qaeda", "alqaida", "al qaida s",
    # articles and pronouns that open a sentence ("Le camp militaire..." is not Lé, Niger)
    "le", "la", "les", "l", "de", "des", "du", "ce", "cette", "ces", "a", "an", "in", "on",
    "at", "it", "il", "elle",
}  # fmt: skip
STOPNAMES = (
    _COMMON_WORDS
    | COMMUNITIES
    | DEMONYMS
    | {form for _name, forms in COUNTRIES.values() for form in forms}
)
# Administrative units a report may name to place a village ("Soum Province", "cercle de
# Niono", "the commune of Folomana", "Tillabery Region"): English and French, any case.
_UNIT_WORD = (
    r"(?i:regions?|r[ée]gions?|provinces?|cercles?|circle|communes?|rural commune|"
    r"departments?|d[ée]partements?|districts?|prefecture|pr[ée]fecture|municipality)"
)
_NAME = r"[A-ZÀ-Þ][\w'’]*(?:[ \-](?:(?:de|du|la|des|n|i)[ \-])?[A-ZÀ-Þ][\w'’]*){0,2}"
UNIT = re.compile(
    rf"\b{_UNIT_WORD}\s+(?:of\s+(?:the\s+)?|de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])"
    rf"(?P<after>{_NAME})|(?P<before>{_NAME})\s+{_UNIT_WORD}\b"
)
# Unit names as GeoNames writes them, without the kind of unit around them.
UNIT_AFFIXES = re.compile(
    r"^(?:(?:province|cercle|commune|d[ée]partement|departement|r[ée]gion|region)\s+"
    r"(?:de la|de l'|de l’|du|des|de|d'|d’)\s*)|"
    r"\s+(?:province|cercle|department|d[ée]partement|region|commune)$",
    re.IGNORECASE,
)
# Where armed groups named in a report operate, the region where each is mainly found first
# (public knowledge of the conflict: Crisis Group and UN Panel of Experts reports), by the
# country of the report: a weak cue that only
# breaks ties between homonyms (a village name found in both Kayes and Mopti, in a report
# naming Katiba Macina), or places at region level a short report that names no place.
AREA_CUES: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), iso, regions)
    for pattern, iso, regions in (
        (r"\b(katiba macina|macina liberation|dozos?)\b", "ML", ("Mopti", "Segou")),
        # Dan Na Ambassagou is the militia of the Dogon country (Bandiagara, Bankass, Koro).
        (r"\b(dan na a\w*|dana a\w*|dogons?)\b", "ML", ("Mopti",)),
        (r"\b(katiba serma|katiba hanifa|ansaroul islam)\b", "ML", ("Mopti",)),
        (r"\b(fulanis?|peuls?|peulh)\b", "ML", ("Mopti", "Segou")),
        (r"\b(gatia|katiba al mansour)\b", "ML", ("Gao", "Tombouctou")),
        # The Islamic State's Sahel branch and the Dawsahak MSA: Ménaka and Ansongo (Gao).
        (r"\b(msa|dawsahak|daoussahak|doosaak|isgs|islamic state in the greater sahara|"
         r"katiba salah\w*)\b", "ML", ("Gao",)),
        (r"\b(cma|hcua|mnla|ifoghas)\b", "ML", ("Kidal",)),
        # Songhai self-defence militias of the river valley; the Arab Berabiche of the north.
        (r"\b(ganda koy|ganda izo|gandakoy|gandaizo)\b", "ML", ("Gao", "Tombouctou")),
        (r"\b(berabiche|berabish)\b", "ML", ("Tombouctou",)),
        # Koglweogo vigilantes are found all over Burkina Faso: no cue.
        # JNIM's and the Islamic State's Burkina fronts: the East (Gourma, Tapoa, Kompienga)
        # first, then the Sahel region (of the 2017-2018 notes naming them: 53 and 51 in Est,
        # 27 and 16 in Sahel).
        (r"\b(jnim|isgs|islamic state in the greater sahara|islamic state \(greater sahara\)|"
         r"group for support of islam and muslims)\b", "BF", ("Est", "Sahel")),
        (r"\b(ansaroul islam|ansarul islam)\b", "BF", ("Sahel", "Nord", "Centre-Nord")),
        (r"\b(boko haram|iswap|iswa|bh)\b", "NE", ("Diffa",)),
        (r"\b(gatia|msa|isgs|dawsahak|daoussahak)\b", "NE", ("Tillaberi", "Tahoua")),
        # Chadian rebels cross into Niger's far north (Djado, Tibesti borders).
        (r"\bchadian (?:rebels?|armed groups?)\b", "NE", ("Agadez",)),
    )
)  # fmt: skip
