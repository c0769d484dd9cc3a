"""Bad inputs are rejected one by one, with the file and the reason, changing nothing stored."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sentinelle.ingest import IngestOptions, ingest
from sentinelle.ingest.fetching import FetchOptions
from sentinelle.store import Database
from sentinelle.store.models import Document, IngestRun, Sighting

GOOD = (
    "Gao, 18 November 2015\n\nResidents of Gao reported that the market reopened this morning "
    "after two days of closure, and that the ferry to the left bank was running again.\n"
)


def _state(db: Database) -> tuple[int, int, list[str]]:
    with db.session() as session:
        documents = session.scalar(select(func.count()).select_from(Document)) or 0
        sightings = session.scalar(select(func.count()).select_from(Sighting)) or 0
        hashes = list(session.scalars(select(Document.content_hash).order_by(Document.id)))
    return documents, sightings, [*hashes]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty input"),
        ("blank.txt", b"  \n\n \t\n", "empty input"),
        ("garbage.bin", os.urandom(64) + b"\x00" + os.urandom(4000), "binary content"),
        ("controls.txt", bytes(range(1, 9)) * 200, "binary content"),
        ("shift-jis.txt", "ガオで市場が再開した。".encode("shift_jis") * 40, "wrong encoding"),
        ("huge.txt", b"Gao market news. " * 4000, "too large"),
    ],
)
def test_a_bad_file_is_rejected_with_its_name_and_reason(
    db: Database, tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    ingest(db, [str(good)])
    before = _state(db)
    bad = tmp_path / name
    bad.write_bytes(content)
    options = IngestOptions(fetch=FetchOptions(max_bytes=50_000))
    report = ingest(db, [str(bad), str(good)], options)
    assert report.counts.rejected == 1
    (line,) = report.counts.rejections
    assert line.startswith(f"{bad}: ") and reason in line
    assert "\n" not in line
    assert _state(db) == before
    with db.session() as session:
        run = session.get(IngestRun, report.run_id)
        assert run is not None and run.rejected == 1 and run.rejections == [line]


def test_a_missing_file_is_named_and_does_not_stop_the_others(db: Database, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    missing = tmp_path / "nowhere.txt"
    report = ingest(db, [str(missing), str(good)])
    assert report.counts.rejections == [f"{missing}: no such file or directory"]
    assert report.counts.new == 1


def test_a_latin1_french_report_is_read_not_rejected(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "rapport.txt"
    text = (
        "Mopti, 18 novembre 2015\n\nDes éleveurs ont signalé des vols de bétail près de "
        "Sévaré ; la situation reste calme en ville, selon les notables."
    )
    path.write_bytes(text.encode("latin-1"))
    report = ingest(db, [str(path)])
    assert report.counts.new == 1 and report.counts.rejected == 0
    with db.session() as session:
        document = session.scalars(select(Document)).one()
        assert "éleveurs" in document.text and document.language == "fr"
