"""Communities named as the sides of a clash ("clashes between Fulani herders and Dogon
farmers", "affrontements entre éleveurs peuls et agriculteurs bambaras").

ACLED codes such fighting between communities' armed men as a clash of their ethnic
militias; the intercommunal detector reads it from there. A community named alone says who
was hit, not who fought, so only two communities make two sides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sentinelle.extract.normalize import fold

# Folded words for each community -> the militia ACLED names after it.
MILITIAS: dict[str, str] = {
    r"peuls?|peulhs?|peuhls?|fulanis?|fula|fulbe|foulbes?": "Fulani Ethnic Militia",
    r"dogons?": "Dogon Ethnic Militia",
    r"bambaras?": "Bambara Ethnic Militia",
    r"songhai|songhay|sonrai|songhais": "Songhai Ethnic Militia",
    r"arabes?|arabs?": "Arab Ethnic Militia",
    r"touaregs?|tuaregs?": "Tuareg Ethnic Militia",
}
_COMMUNITY = re.compile(r"\b(" + "|".join(MILITIAS) + r")\b")
_PATTERNS = [(re.compile(rf"^(?:{words})$"), militia) for words, militia in MILITIAS.items()]


@dataclass(frozen=True)
class Side:
    """A community's militia and the span that named the community."""

    militia: str
    start: int
    end: int


def communal_sides(text: str) -> tuple[Side, Side] | None:
    """The first two distinct communities the sentence names, in order, or None."""
    sides = communities_named(text)
    return (sides[0], sides[1]) if len(sides) >= 2 else None


def communities_named(text: str) -> list[Side]:
    """Each distinct community the sentence names, in order of first mention."""
    sides: list[Side] = []
    for found in _COMMUNITY.finditer(fold(text)):
        militia = next(name for pattern, name in _PATTERNS if pattern.match(found.group(1)))
        if all(side.militia != militia for side in sides):
            sides.append(Side(militia, found.start(), found.end()))
    return sides
