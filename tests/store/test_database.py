"""The store opens, migrates idempotently and keeps its invariants on both backends."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from sentinelle.errors import NotADatabase
from sentinelle.store import Database, open_database
from sentinelle.store.migrate import current_revisions, head_revisions
from sentinelle.store.models import Document, Event, Source


def _source(database: Database) -> int:
    with database.session() as session:
        source = Source(kind="text", origin="/reports")
        session.add(source)
        session.flush()
        return source.id


def test_fresh_database_is_migrated_to_every_head(db: Database) -> None:
    assert current_revisions(db) == head_revisions(db)


def test_upgrade_twice_is_a_no_op(db: Database) -> None:
    assert db.upgrade() == []


def test_migrating_an_empty_sqlite_file_creates_the_schema(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'new.db'}")
    assert {"documents", "events", "actors", "places", "sources"} <= set(database.table_names())
    database.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'wal.db'}")
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    database.dispose()


@pytest.mark.parametrize("content", [b"not a database at all\n", b"\x00\x01garbage" * 100])
def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(NotADatabase, match="not an SQLite database"):
        open_database(f"sqlite:///{path}")
    assert path.read_bytes() == content


def test_a_document_with_the_same_content_hash_is_refused(db: Database) -> None:
    source_id = _source(db)

    def add() -> None:
        with db.session() as session:
            session.add(
                Document(
                    source_id=source_id,
                    kind="text",
                    origin="a.txt",
                    content_hash="h" * 64,
                    text="x",
                )
            )

    add()
    with pytest.raises(IntegrityError):
        add()


def test_a_foreign_key_to_a_missing_source_is_refused(db: Database) -> None:
    with pytest.raises(IntegrityError), db.session() as session:
        session.add(Document(source_id=999, kind="text", origin="a", content_hash="1", text="x"))


def test_timestamps_come_back_in_utc(db: Database) -> None:
    source_id = _source(db)
    seen = dt.datetime(2015, 11, 20, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    with db.session() as session:
        doc = Document(
            source_id=source_id,
            kind="text",
            origin="a",
            content_hash="2",
            text="x",
            retrieved_at=seen,
        )
        session.add(doc)
        session.flush()
        doc_id = doc.id
    with db.session() as session:
        stored = session.get_one(Document, doc_id).retrieved_at
    assert stored == seen
    assert stored.utcoffset() == dt.timedelta(0)


def test_an_event_keeps_unknown_fatalities_as_unknown(db: Database) -> None:
    with db.session() as session:
        session.add(
            Event(
                event_id_cnty="SEN1",
                event_date=dt.date(2015, 11, 20),
                year=2015,
                event_type="Violence against civilians",
                sub_event_type="Attack",
                producer="test.v1",
            )
        )
    with db.session() as session:
        event = session.query(Event).one()
        assert event.fatalities is None
        assert event.attribution_status == "unknown"


def test_migrations_match_the_models(db: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from sentinelle.store.models import Base

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
