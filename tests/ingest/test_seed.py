"""The seed page: two pieces, two dates, no page furniture, offsets kept, idempotent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from sentinelle.ingest import ingest
from sentinelle.store import Database
from sentinelle.store.models import Document, Sighting

FURNITURE = ("Arrow Left", "icon set", "Share", "Save", "Print", "Download Full Report")


def _documents(db: Database) -> list[Document]:
    with db.session() as session:
        documents = list(session.scalars(select(Document).order_by(Document.id)))
        session.expunge_all()
    return documents


def test_the_seed_page_gives_two_dated_english_documents(db: Database, seed_file: Path) -> None:
    report = ingest(db, [str(seed_file)])
    briefing, qa = _documents(db)
    assert report.counts.new == 2 and report.counts.rejected == 0
    assert briefing.title == "Mali: Last Chance in Algiers"
    assert briefing.published_on == dt.date(2014, 11, 18)
    assert briefing.dateline == "Dakar/Brussels, 18 November 2014"
    assert qa.title == "What Could Be Behind the Bamako Attack?"
    assert qa.published_on is not None and qa.published_on >= dt.date(2015, 11, 20)
    assert qa.published_on.year == 2015 and qa.published_on.month == 11
    assert briefing.language == qa.language == "en"


def test_no_page_furniture_survives_in_the_seed_documents(db: Database, seed_file: Path) -> None:
    ingest(db, [str(seed_file)])
    for document in _documents(db):
        lines = [line.strip() for line in document.text.splitlines()]
        assert not any(word in lines for word in FURNITURE)
        assert "Arrow Left" not in document.text and "icon set" not in document.text
        assert "AFP/Habibou Kouyate" not in document.text


def test_each_seed_document_keeps_its_offsets_in_the_original(
    db: Database, seed_file: Path
) -> None:
    ingest(db, [str(seed_file)])
    original = seed_file.read_text(encoding="utf-8")
    briefing, qa = _documents(db)
    assert briefing.start_offset is not None and briefing.end_offset is not None
    assert qa.start_offset is not None and qa.end_offset is not None
    assert briefing.end_offset <= qa.start_offset
    assert original[briefing.start_offset :].startswith("Briefing 104 / Africa")
    assert original[: briefing.end_offset].endswith("Dakar/Brussels, 18 November 2014")
    assert original[qa.start_offset :].startswith("Malian troops take position")
    assert original[: qa.end_offset].rstrip().endswith("violent extremist movements.")
    assert "Iyad ag Ghaly" in original[qa.start_offset : qa.end_offset]
    assert "Iyad ag Ghaly" in qa.text and "Iyad ag Ghaly" not in briefing.text


def test_ingesting_the_seed_again_adds_nothing(db: Database, seed_file: Path) -> None:
    ingest(db, [str(seed_file)])
    again = ingest(db, [str(seed_file)])
    with db.session() as session:
        documents = session.scalar(select(func.count()).select_from(Document))
        sightings = session.scalar(select(func.count()).select_from(Sighting))
    assert (documents, sightings) == (2, 2)
    assert again.counts.new == 0 and again.counts.duplicate == 2
