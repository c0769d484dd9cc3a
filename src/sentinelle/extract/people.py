"""Names a document gives to people ("President Ibrahim Boubacar Keita"): not places there.

A surname can also be a town (Keïta is a town of Niger): once a report has introduced
someone by title, the bare name later in it ("Keita announced his resignation") is that
person, not the town.
"""

from __future__ import annotations

import re

from sentinelle.extract.normalize import normalize

_TITLE = (
    r"(?i:president|prime minister|minister|general|gen\.|colonel|col\.|lieutenant|captain|"
    r"commander|imam|sheikh|cheick|cheikh|mayor|governor|ambassador|mr\.?|mrs\.?|ms\.?|dr\.?|"
    r"président|premier ministre|ministre|général|capitaine|commandant|maire|gouverneur|"
    r"ambassadeur|m\.|mme)"
)
# A title, then one to four capitalised names ("Colonel Assimi Goïta", "M. Boubou Cissé").
_TITLED = re.compile(rf"\b{_TITLE}\s+((?:[A-ZÀ-Ý][\w'’-]+\s+){{0,3}}[A-ZÀ-Ý][\w'’-]+)")


def people_named(text: str) -> frozenset[str]:
    """The normalised names, whole and word by word, of the people the text titles."""
    names: set[str] = set()
    for match in _TITLED.finditer(text):
        full = match.group(1)
        names.add(normalize(full))
        names.update(normalize(word) for word in full.split())
    return frozenset(name for name in names if name)
