"""Which regions neighbour which: computed once from the shipped admin1 boundaries."""

from __future__ import annotations

from functools import cache
from typing import Any

from shapely.geometry import shape

from sentinelle.analyze.actors import normalize_name
from sentinelle.store.boundaries import admin1_regions

# Spellings the boundary file and ACLED disagree on, normalised: boundary -> ACLED.
SPELLINGS = {"koulikouro": "koulikoro"}
# Capital districts (ACLED admin1) of the Sahel countries: agreements signed there are national.
CAPITALS = frozenset({"bamako", "niamey", "kadiogo"})


@cache
def _neighbours_by_name() -> dict[str, frozenset[str]]:
    features: list[dict[str, Any]] = admin1_regions()["features"]
    shapes = {
        _spelling(feature["properties"]["admin1Name"]): shape(feature["geometry"])
        for feature in features
    }
    return {
        name: frozenset(
            other
            for other, geometry in shapes.items()
            if other != name and (geometry.touches(polygon) or geometry.intersects(polygon))
        )
        for name, polygon in shapes.items()
    }


@cache  # a few hundred region names, asked about for every event a detector reads
def _spelling(name: str) -> str:
    key = normalize_name(name)
    return SPELLINGS.get(key, key)


def neighbours(admin1: str) -> frozenset[str]:
    """Normalised names of the regions sharing a border with ``admin1`` (Mali's for now)."""
    return _neighbours_by_name().get(_spelling(admin1), frozenset())


@cache
def same_or_neighbour(admin1: str, other: str) -> bool:
    """True when the two regions are the same or share a border."""
    return _spelling(admin1) == _spelling(other) or _spelling(other) in neighbours(admin1)


def is_capital(admin1: str) -> bool:
    """True for a capital district (agreements signed there count for the whole country)."""
    return _spelling(admin1) in CAPITALS
