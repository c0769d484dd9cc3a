"""OCHA p-codes of Mali's regions and cercles, and which ones a commitment's regions cover."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache

from sentinelle.store import admin1_regions, admin2_cercles

# Spellings that event sources use for admin units named otherwise in the OCHA boundaries:
# ACLED and the press write "Koulikoro" and "Timbuktu"; Ménaka and Taoudénit became regions
# in 2016, carved out of Gao and Tombouctou, whose p-codes the shipped boundaries still hold.
ADMIN1_ALIASES = {
    "koulikoro": "ML02",
    "timbuktu": "ML06",
    "taoudeni": "ML06",
    "taoudenit": "ML06",
    "menaka": "ML0704",
}


def _normal(name: str) -> str:
    stripped = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(stripped.casefold().replace("-", " ").split())


@cache
def region_names() -> dict[str, str]:
    """Every admin1 and admin2 p-code with its name."""
    names = {
        f["properties"]["admin1Pcod"]: f["properties"]["admin1Name"]
        for f in admin1_regions()["features"]
    }
    for feature in admin2_cercles()["features"]:
        names[feature["properties"]["admin2Pcod"]] = feature["properties"]["admin2Name"]
    return names


def known_pcodes() -> frozenset[str]:
    """The p-codes a commitment may name."""
    return frozenset(region_names())


@cache
def _admin1_by_name() -> dict[str, str]:
    table = {
        _normal(f["properties"]["admin1Name"]): f["properties"]["admin1Pcod"]
        for f in admin1_regions()["features"]
    }
    return table | ADMIN1_ALIASES


def admin1_pcode(name: str | None) -> str | None:
    """The p-code of an admin1 region named as event sources name it, if known."""
    return None if not name else _admin1_by_name().get(_normal(name))


def covers(regions: Iterable[str], pcodes: Iterable[str | None]) -> bool:
    """True when no region is listed (national scope) or one listed unit contains a p-code."""
    listed = list(regions)
    if not listed:
        return True
    return any(code and code.startswith(region) for region in listed for code in pcodes)


def covered_region(regions: Iterable[str], pcodes: Iterable[str | None]) -> str | None:
    """The listed region (p-code) containing one of the event's p-codes, if any."""
    for region in regions:
        for code in pcodes:
            if code and code.startswith(region):
                return region
    return None
