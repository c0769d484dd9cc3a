"""ACLED exports of both vintages read into one schema."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sentinelle.errors import InputError
from sentinelle.ingest.acled_csv import read_acled_csv

CURRENT_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
)


def test_a_current_export_reads_typed_values(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        CURRENT_HEADER + "\n"
        "XMLI1,2015-11-20,2015.0,1.0,Political violence,Violence against civilians,Attack,"
        "Unidentified Armed Group (Mali),,3.0,Civilians (Mali),,7.0,37.0,Civilians targeted,"
        "466.0,Western Africa,Mali,Bamako,Bamako,Bamako,Bamako,12.65,-8.0,1.0,Exercise,"
        "National,Fictitious note.,,,1448000000\n"
        "XMLI2,not-a-date,2015,1,,Battles,Armed clash,,,,,,,,,,,Mali,,,,,,,,,,,,,\n"
    )
    good, bad = list(read_acled_csv(path))
    assert good.values["event_date"] == dt.date(2015, 11, 20)
    assert good.values["inter1"] == 3
    assert good.values["fatalities"] is None
    assert good.values["latitude"] == 12.65
    assert bad.error is not None and "line 3" in bad.error and "event_date" in bad.error


def test_a_file_that_is_not_an_export_is_named(tmp_path: Path) -> None:
    path = tmp_path / "monitors.csv"
    path.write_text("reporter,received,place,text\nA,2015-11-20,Gao,calm\n")
    with pytest.raises(InputError, match=r"monitors\.csv"):
        list(read_acled_csv(path))


def test_the_legacy_export_maps_to_current_types(shared_dir: Path) -> None:
    rows = [r for r in read_acled_csv(shared_dir / "data/acled/acled_africa_2016h1.csv")]
    assert len(rows) == 6831
    assert all(row.error is None for row in rows)
    types = {row.values["event_type"] for row in rows}
    assert types <= {
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    }
    mali = [row for row in rows if row.values["country"] == "Mali"]
    assert len(mali) == 55


@pytest.mark.parametrize(
    "name", ["acled_2022h1_dev.csv", "acled_sahel_1997_2019.csv", "acled_world_2020_04_05.csv"]
)
def test_the_shared_current_exports_read_without_errors(shared_dir: Path, name: str) -> None:
    rows = list(read_acled_csv(shared_dir / "data/acled" / name))
    good = [row for row in rows if row.error is None]
    # The 2020 export holds one real row without an event id: refused, and named.
    assert len(good) >= len(rows) - 1
    assert all(f"line {row.line}" in (row.error or "") for row in rows if row not in good)
    assert all(isinstance(row.values["event_date"], dt.date) for row in good)
