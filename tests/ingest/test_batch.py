"""Batches: inputs written together store exactly what they store written one at a time."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import aliased

from sentinelle.ingest import IngestOptions, Ingestor, RawInput, ingest
from sentinelle.ingest.batch import MAX_BATCH_INPUTS
from sentinelle.store import Database, open_database
from sentinelle.store.identities import IdentityVault
from sentinelle.store.models import Document, Sighting
from tests.ingest.test_dedup import OTHER, OUTLET_B, STORY

REPORTS = (
    "reporter,received,place,text\n"
    "Monitor 2,2015-11-20,Kidal,Vehicles of an armed group seen leaving Kidal towards Anefis.\n"
    "Monitor 5,2015-11-21,Ber,Shots were heard near the market of Ber early this morning.\n"
)
# Each document as a user sees it: origin, text hash, its story's first origin, similarity.
Stored = tuple[str, str, str | None, float | None]


def _stored(db: Database) -> list[Stored]:
    story = aliased(Document)
    with db.session() as session:
        rows = session.execute(
            select(Document.origin, Document.content_hash, story.origin, Document.similarity)
            .outerjoin(story, story.id == Document.story_id)
            .order_by(Document.id)
        )
        return [(origin, digest, first, similarity) for origin, digest, first, similarity in rows]


def _sightings(db: Database) -> set[tuple[str, str]]:
    with db.session() as session:
        rows = session.execute(
            select(Document.origin, Sighting.origin).join(
                Sighting, Sighting.document_id == Document.id
            )
        )
        return {(document, seen) for document, seen in rows}


def _inputs(folder: Path) -> list[Path]:
    """Exact and near duplicates of one story, and chains of them, in one folder."""
    texts = {
        "01-story.txt": STORY,
        "02-other.txt": OTHER,
        "03-copy.txt": "  " + STORY.replace(". ", ".\n"),  # exact duplicate: same normalised text
        "04-outlet-b.txt": OUTLET_B,  # near duplicate of 01
        "05-outlet-c.txt": OUTLET_B.replace("Sahel", "Sahel and Maghreb"),  # near 01 and 04
        "06-outlet-b-again.txt": OUTLET_B,  # exact duplicate of a near duplicate
        "07-other-copy.txt": OTHER.upper(),
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(folder.iterdir())


def test_duplicates_within_one_batch_match_inputs_written_alone(
    db: Database, tmp_path: Path, sqlite_template: Path
) -> None:
    folder = tmp_path / "inputs"
    folder.mkdir()
    paths = _inputs(folder)
    shutil.copy(sqlite_template, tmp_path / "alone.db")
    alone = open_database(f"sqlite:///{tmp_path / 'alone.db'}", migrate=False)
    ingestor = Ingestor(alone, IngestOptions(), ["alone"])
    for path in paths:
        ingestor.ingest_input(RawInput(str(path), path.read_bytes()))
    report = ingest(db, [str(folder)])
    assert len(paths) < MAX_BATCH_INPUTS  # one batch
    assert (report.counts.new, report.counts.duplicate, report.counts.near_duplicate) == (2, 3, 2)
    assert _stored(db) == _stored(alone)
    assert _sightings(db) == _sightings(alone)
    alone.dispose()


def test_the_same_file_twice_in_one_batch_is_one_document_one_sighting(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    report = ingest(db, [str(path), str(path)])
    assert (report.counts.new, report.counts.duplicate) == (1, 1)
    assert _sightings(db) == {(str(path), str(path))}


def test_a_near_duplicate_chain_in_one_batch_points_at_the_first_document(
    db: Database, tmp_path: Path
) -> None:
    first, second, third = (tmp_path / f"{n}.txt" for n in range(3))
    first.write_text(STORY, encoding="utf-8")
    second.write_text(OUTLET_B, encoding="utf-8")
    third.write_text(OUTLET_B.replace("Read our full", "Read all our"), encoding="utf-8")
    ingest(db, [str(first), str(second), str(third)])
    stories = {origin: story for origin, _, story, _ in _stored(db)}
    assert stories == {str(first): None, str(second): str(first), str(third): str(first)}


def test_an_input_failing_while_written_refuses_only_itself(db: Database, tmp_path: Path) -> None:
    reports, story = tmp_path / "a-reports.csv", tmp_path / "b-story.txt"
    reports.write_text(REPORTS, encoding="utf-8")
    story.write_text(STORY, encoding="utf-8")
    options = IngestOptions(reporter_key="not base64!")
    report = ingest(db, [str(reports), str(story)], options)
    assert (report.counts.new, report.counts.rejected) == (1, 1)
    assert report.counts.rejections[0].startswith(f"{reports}: could not be read (ConfigError")
    assert [origin for origin, *_ in _stored(db)] == [str(story)]


def test_batches_follow_one_another_across_many_inputs(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    folder.mkdir()
    count = MAX_BATCH_INPUTS * 2 + 5
    for number in range(count):
        (folder / f"{number:04d}.txt").write_text(
            f"Report {number}. " + STORY.replace("three", str(number)), encoding="utf-8"
        )
    seen: list[str] = []
    report = ingest(db, [str(folder)], on_input=lambda origin, _counts: seen.append(origin))
    assert report.counts.new == 1 and report.counts.near_duplicate == count - 1
    assert seen == [str(path) for path in sorted(folder.iterdir())]
    assert len({first for _, _, first, _ in _stored(db)} - {None}) == 1


def test_reporter_identities_written_in_a_batch_are_kept(db: Database, tmp_path: Path) -> None:
    key = IdentityVault.new_key()
    path = tmp_path / "reports.csv"
    path.write_text(REPORTS, encoding="utf-8")
    report = ingest(db, [str(path)], IngestOptions(reporter_key=key))
    vault = IdentityVault.from_key_text(key)
    with db.session() as session:
        names = [vault.reveal(session, document_id) for document_id in report.document_ids]
    assert names == ["Monitor 2", "Monitor 5"]
