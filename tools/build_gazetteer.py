"""Build the shipped gazetteer (``extract/data/gazetteer.tsv.gz``) from GeoNames and OCHA files.

Region and cercle come from point-in-polygon on OCHA's boundaries, never from GeoNames' stale
admin codes. Run: ``.venv/bin/python tools/build_gazetteer.py [--geo ../shared/data/geo]``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from shapely.geometry import Point, shape
from shapely.strtree import STRtree

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GEO = ROOT.parent / "shared" / "data" / "geo"
DATA_DIR = ROOT / "src" / "sentinelle" / "extract" / "data"
OUTPUT = DATA_DIR / "gazetteer.tsv.gz"
SUPPLEMENT = DATA_DIR / "gazetteer_supplement.csv"

# Feature codes kept besides populated places (P) and admin units: the sites conflict reports
# name (camps, airports, wells, mines, military posts) and the wadis, water holes, ponds,
# localities and forests that stand for unlisted hamlets in the desert and the Sahel.
EXTRA_CODES = {
    "CMP", "CMPRF", "AIRP", "AIRF", "WLL", "WLLS", "MN", "MNAU", "INSM", "FT", "OAS", "WAD", "WTRH",
    "WTLD", "WTLDI", "PND", "PNDI", "LCTY", "AREA", "RESF", "FRST",
}  # fmt: skip
# Admin units kept (regions, cercles/provinces/departments, communes), not the country itself.
ADMIN_CODES = {"ADM1", "ADM2", "ADM3"}
# Alternate names longer than this are descriptions rather than names.
MAX_ALIAS_LENGTH = 40
# ACLED spells some OCHA region names differently; events use ACLED's spelling.
ACLED_ADMIN1 = {
    "Koulikouro": "Koulikoro",
    "Tillabéri": "Tillaberi",
    "Plateau Central": "Plateau-Central",
}
COLUMNS = (
    "id",
    "source",
    "name",
    "aliases",
    "feature_code",
    "country_iso",
    "admin1",
    "admin1_pcode",
    "admin2",
    "admin2_pcode",
    "latitude",
    "longitude",
    "population",
)
_ADMIN2_SUFFIX = re.compile(r"\s+(Province|Department|Département)$")
_ADMIN2_PREFIX = re.compile(
    r"^(Province|Département|Departement)\s+(de la|du|de l['’]|des|de|d['’])\s*"
)


class Polygons:
    """Point-in-polygon lookup over one GeoJSON FeatureCollection."""

    def __init__(self, path: Path) -> None:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        self.shapes = [shape(f["geometry"]) for f in features]
        self.props: list[dict[str, Any]] = [f["properties"] for f in features]
        self.tree = STRtree(self.shapes)

    def locate(self, lon: float, lat: float) -> dict[str, Any] | None:
        """Properties of the polygon holding the point, or of the nearest within ~5 km."""
        point = Point(lon, lat)
        for index in self.tree.query(point, predicate="intersects"):
            return self.props[int(index)]
        nearest = int(self.tree.nearest(point))
        if self.shapes[nearest].distance(point) < 0.05:
            return self.props[nearest]
        return None


def _latin(alias: str) -> bool:
    stripped = unicodedata.normalize("NFKD", alias).encode("ascii", "ignore").decode()
    return len(stripped) >= len(alias) * 0.8 and 3 <= len(alias) <= MAX_ALIAS_LENGTH


def _aliases(name: str, ascii_name: str, alternates: str) -> str:
    seen = {name}
    kept: list[str] = []
    for alias in [ascii_name, *alternates.split(",")]:
        alias = alias.strip()
        if alias and alias not in seen and _latin(alias) and "http" not in alias:
            seen.add(alias)
            kept.append(alias)
    return "|".join(kept)


def _geonames(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if fields[6] == "P" or fields[7] in ADMIN_CODES | EXTRA_CODES:
                yield fields


def _admin2_names(geo: Path) -> dict[str, str]:
    names: dict[str, str] = {}
    with (geo / "admin2Codes_BF_NE.txt").open(encoding="utf-8") as handle:
        for line in handle:
            code, name = line.split("\t")[:2]
            names[code] = _ADMIN2_SUFFIX.sub("", _ADMIN2_PREFIX.sub("", name)).strip()
    return names


def build_rows(geo: Path) -> list[dict[str, Any]]:
    """Every kept place of Mali, Burkina Faso and Niger, with admin units by polygon."""
    cercles = Polygons(geo / "mli_adm2_cercles_ocha.geojson")
    regions = {
        "BF": Polygons(geo / "bfa_adm1_regions_ocha.geojson"),
        "NE": Polygons(geo / "ner_adm1_regions_ocha.geojson"),
    }
    admin2 = _admin2_names(geo)
    rows: list[dict[str, Any]] = []
    for iso in ("ML", "BF", "NE"):
        for f in _geonames(geo / f"{iso}.txt"):
            lat, lon = float(f[4]), float(f[5])
            row: dict[str, Any] = {
                "id": f[0],
                "source": "geonames",
                "name": f[1],
                "aliases": _aliases(f[1], f[2], f[3]),
                "feature_code": f[7],
                "country_iso": iso,
                "latitude": round(lat, 5),
                "longitude": round(lon, 5),
                "population": int(f[14] or 0),
            }
            if iso == "ML":
                props = cercles.locate(lon, lat)
                if props is None:
                    continue
                row["admin2"] = props["admin2Name"]
                row["admin2_pcode"] = props["admin2Pcod"]
            else:
                props = regions[iso].locate(lon, lat)
                if props is None:
                    continue
                row["admin2"] = admin2.get(f"{iso}.{f[10]}.{f[11]}", "")
                row["admin2_pcode"] = ""
            row["admin1"] = ACLED_ADMIN1.get(props["admin1Name"], props["admin1Name"])
            row["admin1_pcode"] = props["admin1Pcod"]
            rows.append(row)
    rows.extend(_supplement(cercles, regions))
    return rows


def _supplement(cercles: Polygons, regions: dict[str, Polygons]) -> Iterator[dict[str, Any]]:
    with SUPPLEMENT.open(encoding="utf-8", newline="") as handle:
        for number, entry in enumerate(csv.DictReader(handle), start=1):
            lat, lon = float(entry["latitude"]), float(entry["longitude"])
            iso = entry["country_iso"]
            row: dict[str, Any] = {
                "id": f"curated-{number}",
                "source": "curated",
                "name": entry["name"],
                "aliases": entry["aliases"],
                "feature_code": entry["feature_code"],
                "country_iso": iso,
                "latitude": lat,
                "longitude": lon,
                "population": int(entry["population"] or 0),
            }
            polygons = cercles if iso == "ML" else regions.get(iso)
            props = polygons.locate(lon, lat) if polygons else None
            if props:
                row["admin1"] = ACLED_ADMIN1.get(props["admin1Name"], props["admin1Name"])
                row["admin1_pcode"] = props["admin1Pcod"]
                row["admin2"] = props.get("admin2Name") or ""
                row["admin2_pcode"] = props.get("admin2Pcod") or ""
            yield row


def write(rows: list[dict[str, Any]], path: Path) -> None:
    """Write the rows as gzip'd TSV (mtime 0, so a rebuild from the same inputs is identical)."""
    with (
        path.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as compressed,
    ):
        lines = ["\t".join(COLUMNS)]
        for row in rows:
            lines.append("\t".join(str(row.get(column, "") or "") for column in COLUMNS))
        compressed.write(("\n".join(lines) + "\n").encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    """Build and write the gazetteer; print how many places each source gave."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--geo", type=Path, default=DEFAULT_GEO)
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    rows = build_rows(args.geo)
    write(rows, args.out)
    by_country: dict[str, int] = {}
    for row in rows:
        by_country[row["country_iso"]] = by_country.get(row["country_iso"], 0) + 1
    print(f"{len(rows)} places -> {args.out} ({args.out.stat().st_size // 1024} KiB): {by_country}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
