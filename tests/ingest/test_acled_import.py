"""ACLED exports become events with their notes as documents, idempotently, in bulk."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sentinelle.ingest import attribution_for, import_acled_csv, ingest
from sentinelle.store import Database
from sentinelle.store.enums import AttributionStatus, SourceKind
from sentinelle.store.models import Document, Event, EventSource

HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
)
# Fictitious rows written for these tests (real ACLED rows may not be committed).
ROWS = [
    "XEX1,2015-11-17,2015,1,,Battles,Armed clash,Exercise Group A,,2,Exercise Group B,,2,22,,"
    "466,Western Africa,Mali,Kidal,Tessalit,Anefis,Anefis,18.05,0.32,1,Exercise,Local,"
    "EXERCISE. Exercise Group A and Exercise Group B clashed near Anefis.,4,,1448000000",
    "XEX2,2015-11-18,2015,1,,Explosions/Remote violence,Remote explosive/landmine/IED,"
    "Unidentified Armed Group (Mali),,3,MINUSMA: United Nations Multidimensional Integrated "
    "Stabilization Mission in Mali (2013-),,8,38,,466,Western Africa,Mali,Gao,Bourem,Bourem,"
    "Bourem,16.95,-0.35,2,Exercise,Local,EXERCISE. An IED struck a convoy north of Gao.,0,,"
    "1448000001",
    "XEX3,2015-11-19,2015,1,,Violence against civilians,Attack,Exercise Group C,,3,Civilians "
    "(Mali),,7,37,Civilians targeted,466,Western Africa,Mali,Gao,Menaka,Menaka,Menaka,15.91,"
    "2.40,1,Exercise,Local,EXERCISE. Exercise Group C claimed the attack on the village.,2,,1",
    "XEX4,bad-date,2015,1,,Battles,Armed clash,,,,,,,,,466,,Mali,,,,,,,,,,,,,",
]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "exercise_export.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


def test_each_row_becomes_an_event_with_its_notes_as_a_document(db: Database, export: Path) -> None:
    counts = import_acled_csv(db, export)
    assert (counts.read, counts.new, counts.rejected) == (4, 3, 1)
    assert counts.rejections == [f"{export}: line 5: event_date is not a date: 'bad-date'"]
    with db.session() as session:
        events = {e.event_id_cnty: e for e in session.scalars(select(Event))}
        clash = events["XEX1"]
        assert clash.producer == "ingest.acled_csv.v1"
        assert clash.disorder_type == "Political violence" and clash.fatalities == 4
        assert [e.attribution_status for e in (clash, events["XEX2"], events["XEX3"])] == [
            "confirmed",
            "unknown",
            "claimed",
        ]
        (link,) = clash.supports
        assert link.document.text.startswith("EXERCISE. Exercise Group A")
        assert link.document.kind == SourceKind.ACLED_CSV.value
        assert link.document.origin == f"{export}#XEX1"


def test_importing_an_export_twice_adds_nothing(db: Database, export: Path) -> None:
    import_acled_csv(db, export)
    again = import_acled_csv(db, export)
    assert (again.new, again.duplicate) == (0, 3)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 3
        assert session.scalar(select(func.count()).select_from(Document)) == 3
        assert session.scalar(select(func.count()).select_from(EventSource)) == 3


def test_the_ingest_command_path_detects_acled_exports(db: Database, export: Path) -> None:
    report = ingest(db, [str(export)])
    assert (report.counts.new, report.counts.rejected) == (3, 1)


@pytest.mark.parametrize(
    ("actor1", "notes", "status"),
    [
        ("Unidentified Armed Group (Mali)", "Gunmen attacked a post.", AttributionStatus.UNKNOWN),
        ("JNIM", "JNIM claimed responsibility for the attack.", AttributionStatus.CLAIMED),
        ("AQIM", "Suspected AQIM militants attacked a post.", AttributionStatus.SUSPECTED),
        ("MUJAO", "MUJAO allegedly abducted two men.", AttributionStatus.ALLEGED),
        ("MUJAO", "Two men were reportedly abducted by MUJAO.", AttributionStatus.ALLEGED),
        (
            "Military Forces of Mali (2013-)",
            "Soldiers arrested a man.",
            AttributionStatus.CONFIRMED,
        ),
        (None, "An explosion.", AttributionStatus.UNKNOWN),
    ],
)
def test_attribution_follows_the_coding_and_the_hedges(
    actor1: str | None, notes: str, status: AttributionStatus
) -> None:
    assert attribution_for(actor1, notes) is status


@pytest.mark.shared
def test_the_shared_exports_import_in_bulk_both_vintages(db: Database, shared_dir: Path) -> None:
    started = time.perf_counter()
    current = import_acled_csv(db, shared_dir / "data/acled/acled_sahel_1997_2019.csv")
    legacy = import_acled_csv(db, shared_dir / "data/acled/acled_africa_2016h1.csv")
    elapsed = time.perf_counter() - started
    assert (current.new, current.rejected) == (6514, 0)
    assert (legacy.new, legacy.rejected) == (6831, 0)
    assert (current.read + legacy.read) / elapsed > 300  # rows per second, even on a busy CI
    again = import_acled_csv(db, shared_dir / "data/acled/acled_sahel_1997_2019.csv")
    assert (again.new, again.duplicate) == (0, 6514)
    with db.session() as session:
        bamako = session.scalars(
            select(Event).where(
                Event.event_date == dt.date(2015, 11, 20), Event.location == "Bamako"
            )
        ).all()
    assert bamako, "ACLED's coding of the Bamako hotel attack is in the Sahel export"
