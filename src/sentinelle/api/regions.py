"""Mali's regions (admin1) by p-code and by the names sources give them."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache

from sentinelle.errors import InputError
from sentinelle.store import admin1_regions

# Spellings found in ACLED, news and the OCHA file for the same region.
REGION_ALIASES = {
    "koulikoro": "ML02",
    "segou": "ML04",
    "timbuktu": "ML06",
    "tombouctou": "ML06",
    "menaka": "ML07",
    "taoudeni": "ML06",
}


def fold(name: str) -> str:
    """Lower case without accents, for matching place names."""
    decomposed = unicodedata.normalize("NFKD", name.strip().lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@cache
def region_names() -> dict[str, str]:
    """Admin1 p-code -> the region's name in the shipped boundaries."""
    return {
        feature["properties"]["admin1Pcod"]: feature["properties"]["admin1Name"]
        for feature in admin1_regions()["features"]
    }


@cache
def _by_folded_name() -> dict[str, str]:
    names = {fold(name): pcode for pcode, name in region_names().items()}
    return names | REGION_ALIASES


def region_pcode(name_or_pcode: str) -> str | None:
    """The admin1 p-code of a region given by name (any spelling) or p-code."""
    value = name_or_pcode.strip()
    if value.upper() in region_names():
        return value.upper()
    return _by_folded_name().get(fold(value))


def names_of(pcodes: Sequence[str]) -> list[str]:
    """Every folded name that stands for one of these p-codes (matches unpcoded rows)."""
    wanted = set(pcodes)
    return sorted(name for name, pcode in _by_folded_name().items() if pcode in wanted)


def normalise_regions(regions: Sequence[str]) -> list[str]:
    """P-codes of the regions named; an unknown region is an input error."""
    pcodes: list[str] = []
    for region in regions:
        pcode = region_pcode(region)
        if pcode is None:
            known = ", ".join(region_names().values())
            raise InputError(f"unknown region {region!r} (known: {known})", field="regions")
        pcodes.append(pcode)
    return sorted(set(pcodes))


# Accented and English spellings sources use, beside the OCHA names.
NAME_SPELLINGS = {
    "ML02": ("Koulikoro",),
    "ML04": ("Ségou",),
    "ML06": ("Timbuktu", "Tombouctou", "Taoudeni", "Taoudénit"),
    "ML07": ("Ménaka", "Menaka"),
}


@cache
def _variants(pcode: str) -> tuple[str, ...]:
    name = region_names()[pcode]
    spellings = {name, name.upper(), name.lower()}
    for extra in NAME_SPELLINGS.get(pcode, ()):
        spellings |= {extra, extra.upper(), extra.lower()}
    return tuple(sorted(spellings))


def name_variants(pcodes: Sequence[str]) -> list[str]:
    """Every spelling of these regions' names that a row's ``admin1`` may hold."""
    return sorted({variant for pcode in pcodes for variant in _variants(pcode)})
