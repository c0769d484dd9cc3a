"""Where violent events are usually reported: a tie-breaker between homonymous villages.

Many village names recur across Mali, Burkina Faso and Niger ("Douna", "Gawa", "Koutougou"),
and a short report often names nothing else that tells them apart. The prior is how many
distinct places ACLED coded violent events in (battles, violence against civilians,
explosions), per cercle/province (admin2) and per region (admin1), log-scaled against the
country's busiest unit: 1.0 there, 0.0 where none was ever coded. Only these counts are
shipped (``data/area_prior.csv``), never ACLED's rows; they come from the training side of
the Sahel file (1997-2018, the held-out 2019 left out).

Rebuild: ``.venv/bin/python -m sentinelle.extract.area_prior
../shared/data/acled/acled_sahel_1997_2019.csv``.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from sentinelle.extract.normalize import normalize

PRIOR_FILE = Path(__file__).with_name("data") / "area_prior.csv"
# The last year counted: the Sahel notes of 2019 are held out.
THROUGH_YEAR = 2018
# Event types that name where fighting happens (protests and decisions are in towns, which
# are not ambiguous).
VIOLENT_TYPES = {"Battles", "Violence against civilians", "Explosions/Remote violence"}
ISO = {"Mali": "ML", "Burkina Faso": "BF", "Niger": "NE"}
Key = tuple[str, str, str]


def count_places(rows: Iterable[dict[str, str]], through: int = THROUGH_YEAR) -> dict[Key, int]:
    """Distinct locations of violent events per (country, admin1, admin2); admin2 "" for the
    whole region."""
    places: defaultdict[Key, set[str]] = defaultdict(set)
    for row in rows:
        iso = ISO.get(row["country"])
        if iso is None or int(row["year"]) > through or row["event_type"] not in VIOLENT_TYPES:
            continue
        places[(iso, row["admin1"], "")].add(row["location"])
        if row["admin2"]:
            places[(iso, row["admin1"], row["admin2"])].add(row["location"])
    return {key: len(found) for key, found in sorted(places.items())}


@cache
def _table() -> dict[Key, float]:
    counts: dict[Key, int] = {}
    with PRIOR_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            key = (row["country_iso"], normalize(row["admin1"]), normalize(row["admin2"]))
            counts[key] = int(row["places"])
    busiest: defaultdict[str, int] = defaultdict(int)
    for (iso, _admin1, _admin2), value in counts.items():
        busiest[iso] = max(busiest[iso], value)
    return {k: math.log1p(v) / math.log1p(busiest[k[0]]) for k, v in counts.items()}


@cache
def prior(country_iso: str, admin1: str | None, admin2: str | None) -> float:
    """0.0-1.0: how usual violent events are in the place's cercle (or, failing it, region)."""
    table = _table()
    region = (country_iso, normalize(admin1 or ""), "")
    if admin2:
        unit = table.get((country_iso, region[1], normalize(admin2)))
        if unit is not None:
            return unit
    return table.get(region, 0.0)


def main(argv: list[str] | None = None) -> int:
    """Write ``data/area_prior.csv`` from an ACLED Sahel file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("acled_csv", type=Path)
    parser.add_argument("--through", type=int, default=THROUGH_YEAR)
    parser.add_argument("--out", type=Path, default=PRIOR_FILE)
    args = parser.parse_args(argv)
    with args.acled_csv.open(encoding="utf-8", newline="") as handle:
        counts = count_places(csv.DictReader(handle), args.through)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            f"# Distinct places of ACLED's violent events per region and cercle/province, "
            f"Sahel file, 1997-{args.through} (counts only; see area_prior.py)\n"
        )
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["country_iso", "admin1", "admin2", "places"])
        writer.writerows([*key, value] for key, value in counts.items())
    return 0


if __name__ == "__main__":
    sys.exit(main())
