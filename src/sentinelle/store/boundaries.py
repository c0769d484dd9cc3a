"""Administrative boundaries of Mali (OCHA COD-AB, simplified) shipped with the package."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

GEODATA_DIR = Path(__file__).with_name("geodata")
ADMIN1_FILE = GEODATA_DIR / "mli_adm1_regions.geojson"
ADMIN2_FILE = GEODATA_DIR / "mli_adm2_cercles.geojson"


@cache
def admin1_regions() -> dict[str, Any]:
    """Mali's regions as a GeoJSON FeatureCollection (properties admin1Name, admin1Pcod)."""
    return _load(ADMIN1_FILE)


@cache
def admin2_cercles() -> dict[str, Any]:
    """Mali's cercles as a GeoJSON FeatureCollection (admin1/admin2 names and p-codes)."""
    return _load(ADMIN2_FILE)


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
