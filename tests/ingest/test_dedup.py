"""Exact duplicates are sightings of one document; near duplicates are one story."""

from __future__ import annotations

from pathlib import Path

import pytest
from datasketch import MinHash
from sqlalchemy import select

from sentinelle.ingest import ingest
from sentinelle.ingest.dedup import (
    MINHASH_HASH,
    MINHASH_SCHEME,
    MINHASH_SEED,
    NUM_PERM,
    SHINGLE_WORDS,
    WORD,
    fingerprint,
    normalise,
)
from sentinelle.store import Database
from sentinelle.store.models import Document, Sighting

STORY = (
    "Gunmen on motorbikes attacked the village of Tin-Hama in the Ansongo area on Sunday "
    "night, killing three civilians and taking five others hostage, local officials said on "
    "Monday. The attackers burned granaries and drove off cattle before fleeing towards the "
    "Niger border. A delegation of the regional authorities travelled to the village to "
    "assess the needs of families who fled to Ansongo town. The UN mission said it had sent a "
    "patrol to the area and called for the immediate release of the hostages."
)
OUTLET_B = (
    "Ansongo (Mali) - "
    + STORY.replace("local officials said on Monday", "officials told our correspondent")
    + " Read our full coverage of the Sahel."
)
OTHER = (
    "The price of millet fell in the markets of Mopti and Sévaré this week as the harvest "
    "arrived, traders said, while the price of cattle rose ahead of the holidays. Transport "
    "between Mopti and Djenné remained normal and the ferry crossings were running on time."
)


def _documents(db: Database) -> list[Document]:
    with db.session() as session:
        documents = list(session.scalars(select(Document).order_by(Document.id)))
        session.expunge_all()
    return documents


def test_an_exact_duplicate_is_a_second_sighting(db: Database, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text("  " + STORY.replace(". ", ".\n") + "\n\n")
    report = ingest(db, [str(tmp_path)])
    (document,) = _documents(db)
    assert (report.counts.new, report.counts.duplicate) == (1, 1)
    with db.session() as session:
        origins = set(session.scalars(select(Sighting.origin)))
    assert origins == {str(tmp_path / "a.txt"), str(tmp_path / "b.txt")}
    assert document.origin == str(tmp_path / "a.txt")


def test_a_near_duplicate_across_runs_joins_the_first_story(db: Database, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(OUTLET_B)
    (tmp_path / "c.txt").write_text(OTHER)
    ingest(db, [str(tmp_path / "a.txt"), str(tmp_path / "c.txt")])
    report = ingest(db, [str(tmp_path / "b.txt")])
    first, other, second = _documents(db)
    assert report.counts.near_duplicate == 1 and report.counts.new == 0
    assert second.story_id == first.id
    assert second.similarity is not None and 0.6 <= second.similarity < 1.0
    assert first.story_id is None and other.story_id is None


def test_five_outlets_of_one_story_count_as_one_story(db: Database, tmp_path: Path) -> None:
    for number in range(5):
        edited = STORY.replace("three civilians", f"three civilians (outlet {number})")
        (tmp_path / f"outlet{number}.txt").write_text(f"Outlet {number} reports. {edited}")
    report = ingest(db, [str(tmp_path)])
    documents = _documents(db)
    assert report.counts.new == 1 and report.counts.near_duplicate == 4
    assert {document.story_id or document.id for document in documents} == {documents[0].id}


@pytest.mark.parametrize("text", [STORY, OUTLET_B, OTHER, OTHER.upper() + " " + STORY])
def test_signatures_are_datasketchs_minhash_of_word_trigrams(text: str) -> None:
    """Stored signatures stay comparable: the vectorised MinHash equals datasketch's."""
    words = WORD.findall(normalise(text))
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - 2)}
    reference = MinHash(
        num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME, hashfunc=MINHASH_HASH
    )
    reference.update_batch(shingles)
    signature = fingerprint(text).signature
    assert signature is not None
    assert signature.tolist() == reference.hashvalues.tolist()
