"""Coding the store: once per producer version, merged across documents, listed as ACLED."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from sentinelle.cli import main
from sentinelle.extract.coding import code_documents
from sentinelle.extract.listing import EventFilter, list_events, write_acled_csv
from sentinelle.store import ACLED_COLUMNS, Database
from sentinelle.store.models import (
    Document,
    DocumentCoding,
    Event,
    EventSource,
    Place,
    Source,
)

REPORT_EN = (
    "On 3 March 2022, JNIM militants attacked a FAMa position in Boni (Douentza, Mopti), "
    "killing four soldiers."
)
REPORT_FR = (
    "Le 3 mars 2022, des militants du JNIM ont attaqué une position des FAMa à Boni, "
    "tuant quatre soldats."
)


def _add_documents(database: Database, *texts: tuple[str, str]) -> None:
    with database.session() as session:
        source = Source(kind="text", origin="tests")
        session.add(source)
        session.flush()
        for text, language in texts:
            session.add(Document(
                source_id=source.id, kind="text", origin="tests", language=language,
                content_hash=hashlib.sha256(text.encode()).hexdigest(), text=text,
                published_on=dt.date(2022, 3, 4),
            ))  # fmt: skip


def test_codes_each_document_once_per_producer(db: Database) -> None:
    _add_documents(db, (REPORT_EN, "en"))
    first = code_documents(db)
    second = code_documents(db)
    assert (first.documents, first.events, second.documents) == (1, 1, 0)
    with db.session() as session:
        event = session.scalars(select(Event)).one()
        assert (event.event_date, event.location, event.admin1, event.fatalities) == (
            dt.date(2022, 3, 3), "Boni", "Mopti", 4,
        )  # fmt: skip
        assert (event.actor1, event.actor2, event.producer) == (
            "JNIM", "Military Forces of Mali", "extract.rules.v8",
        )  # fmt: skip
        assert session.scalar(select(func.count()).select_from(DocumentCoding)) == 1
        place = session.get(Place, event.place_id)
        assert place is not None and (place.name, place.admin2) == ("Boni", "Douentza")


def test_two_reports_of_one_event_make_one_event_with_two_sources(db: Database) -> None:
    _add_documents(db, (REPORT_EN, "en"), (REPORT_FR, "fr"))
    counts = code_documents(db)
    assert (counts.events, counts.merged) == (1, 1)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 1
        assert session.scalar(select(func.count()).select_from(EventSource)) == 2


def test_recoding_a_document_replaces_its_events(db: Database) -> None:
    _add_documents(db, (REPORT_EN, "en"))
    code_documents(db)
    with db.session() as session:
        session.execute(delete(DocumentCoding))
    code_documents(db)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 1


def test_acled_csv_uses_acleds_columns(db: Database) -> None:
    _add_documents(db, (REPORT_EN, "en"))
    code_documents(db)
    out = io.StringIO()
    write_acled_csv(list_events(db, EventFilter(admin1="Mopti")), out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == ACLED_COLUMNS
    assert rows[1][ACLED_COLUMNS.index("event_date")] == "2022-03-03"
    assert list_events(db, EventFilter(admin1="Kidal")) == []


def test_extract_jsonl_keeps_order_and_reports_bad_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.jsonl"
    out = tmp_path / "out.jsonl"
    source.write_text(
        json.dumps({"id": "a", "text": REPORT_EN, "date": "2022-03-04"}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "c", "text": "Maize prices rose in Mopti market.", "lang": "en"})
        + "\n",
        encoding="utf-8",
    )  # fmt: skip
    with pytest.raises(SystemExit) as exited:
        main(["extract", "--jsonl", str(source), "--out", str(out)])
    assert exited.value.code in (0, None)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a", None, "c"]
    assert "line 2" in lines[1]["error"]
    event = lines[0]["events"][0]
    assert (event["event_date"], event["sub_event_type"], event["fatalities"]) == (
        "2022-03-03", "Armed clash", 4,
    )  # fmt: skip
    assert lines[2]["events"] == []


def test_cli_reference_extract_and_events(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    from sentinelle.store import open_database

    database = open_database(url)
    _add_documents(database, (REPORT_EN, "en"))
    database.dispose()
    for args in (["reference", "load", "--no-places"], ["extract"]):
        with pytest.raises(SystemExit) as exited:
            main(["--db", url, *args])
        assert exited.value.code in (0, None)
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["--db", url, "events", "--format", "geojson", "--admin1", "Mopti"])
    collection = json.loads(capsys.readouterr().out)
    feature = collection["features"][0]
    assert feature["geometry"]["coordinates"] == pytest.approx([-2.21976, 15.07658])
    assert feature["properties"]["location"] == "Boni"
    with pytest.raises(SystemExit) as exited:
        main(["--db", url, "events", "--since", "March 2022"])
    assert exited.value.code == 2


def test_two_passages_of_one_document_on_one_event_give_one_support(db: Database) -> None:
    from sentinelle.extract import ExtractedEvent
    from sentinelle.extract.coding import store_extracted

    _add_documents(db, (REPORT_EN, "en"))
    with db.session() as session:
        document_id = session.scalars(select(Document.id)).one()

    def passage(fatalities: int, status: str) -> ExtractedEvent:
        return ExtractedEvent(
            event_date=dt.date(2022, 3, 3), time_precision=1, disorder_type="Political violence",
            event_type="Battles", sub_event_type="Armed clash", actor1="JNIM", inter1=2,
            actor2="Military Forces of Mali", inter2=1, country="Mali", admin1="Mopti",
            location="Boni", latitude=15.02, longitude=-1.98, geo_precision=1,
            fatalities=fatalities, attribution_status=status,
        )  # fmt: skip

    stored = store_extracted(db, document_id, [passage(4, "alleged"), passage(5, "claimed")])
    assert stored == 2
    with db.session() as session:
        (support,) = session.scalars(select(EventSource)).all()
        assert (support.fatalities, support.attribution_status) == (5, "claimed")
        coding = session.scalars(select(DocumentCoding)).one()
        assert coding.error is None


MONITOR_KIDAL = (
    "About twenty pick-ups of an armed group left Kidal at dawn towards Anefis. "
    "Residents fear new fighting after Monday's clash. Shops in Kidal are closed."
)
ARTICLE_ANEFIS = (
    "Fighters of the CMA and of GATIA clashed on Monday morning about fifteen kilometres "
    "north of Anefis, in the Kidal region, local sources said. Six fighters were killed."
)


@pytest.mark.parametrize("monitor_first", [True, False])
def test_a_clash_a_report_only_refers_to_joins_the_one_placed_elsewhere(
    db: Database, monitor_first: bool
) -> None:
    reports = [(MONITOR_KIDAL, dt.date(2015, 11, 17)), (ARTICLE_ANEFIS, dt.date(2015, 11, 16))]
    with db.session() as session:
        source = Source(kind="text", origin="tests")
        session.add(source)
        session.flush()
        for text, day in reports if monitor_first else reports[::-1]:
            session.add(Document(
                source_id=source.id, kind="text", origin="tests", language="en",
                content_hash=hashlib.sha256(text.encode()).hexdigest(), text=text,
                published_on=day,
            ))  # fmt: skip
    code_documents(db)
    with db.session() as session:
        (clash,) = session.scalars(select(Event).where(Event.event_type == "Battles")).all()
        assert (clash.event_date, clash.location, clash.admin1) == (
            dt.date(2015, 11, 16), "Anefis", "Kidal",
        )  # fmt: skip
        assert (clash.place_inferred, clash.fatalities) == (False, 6)
        sources = (
            select(func.count()).select_from(EventSource).where(EventSource.event_id == clash.id)
        )
        assert session.scalar(sources) == 2
        place = session.get(Place, clash.place_id)
        assert place is not None and place.name == "Anefis"
