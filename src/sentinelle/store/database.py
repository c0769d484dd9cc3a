"""Opening the store: one engine per URL, SQLite in WAL mode with foreign keys, migrations."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Executable, Row, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from sentinelle.errors import InputError, NotADatabase, StoreError

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
# Writers wait this long for a lock before failing: ingest and the web server share the file.
SQLITE_BUSY_TIMEOUT_MS = 30_000
# PostgreSQL connections per pool and per process (each engine's own), and those opened past
# it under a burst; a server worker runs as many threads as POSTGRES_POOL_SIZE.
POSTGRES_POOL_SIZE = 10
POSTGRES_MAX_OVERFLOW = 20
# Set on each connection of the PostgreSQL reader (see Database.read_rows): psycopg keeps its
# statements prepared, so each is parsed once, but every execution is still planned for its
# own values (a generic plan cannot see how rare an actor or a region is).
READER_SETUP = "SET plan_cache_mode = force_custom_plan"


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for another backend or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def check_sqlite_file(path: Path) -> None:
    """Refuse, without touching it, a file that exists but is not an SQLite database."""
    if not path.exists() or path.stat().st_size == 0:
        return
    if path.is_dir():
        raise NotADatabase(f"{path} is a directory, not an SQLite database file")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_MAGIC))
    if header != SQLITE_MAGIC:
        raise NotADatabase(
            f"{path} is not an SQLite database (its header is not 'SQLite format 3'); "
            "it was left untouched. Pass another file with --db or remove this one."
        )


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_store_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for ``url``; SQLite files are checked first and get WAL and foreign keys."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InputError(f"not a database URL: {url!r}", source="--db") from None
    path = sqlite_path(url)
    if path is not None:
        check_sqlite_file(path)
        if not path.parent.exists():
            raise InputError(f"folder {path.parent} does not exist", source=url)
    kwargs: dict[str, Any] = {"echo": echo}
    if parsed.get_backend_name() == "postgresql":
        kwargs |= {
            "pool_pre_ping": True,
            "pool_size": POSTGRES_POOL_SIZE,
            "max_overflow": POSTGRES_MAX_OVERFLOW,
        }
    try:
        engine = create_engine(url, **kwargs)
    except (ArgumentError, ImportError) as exc:
        raise InputError(f"cannot use database URL ({exc})", source=url) from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    return engine


class Database:
    """The store behind one URL: its engine, sessions and schema migrations."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.engine = create_store_engine(url, echo=echo)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._reader = _reader_engine(self.engine)

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on any error."""
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def read_rows(self, statement: Executable, params: Mapping[str, Any]) -> Sequence[Row[Any]]:
        """Every row of one read-only statement, in as few round trips as the backend allows.

        On PostgreSQL the statement runs alone in autocommit on a pool that neither pings a
        connection nor rolls it back (one round trip instead of four, and the statement stays
        prepared). A connection the server dropped is retried once on a fresh one, as the ping
        would have found it.
        """
        try:
            with self._reader.connect() as connection:
                return connection.execute(statement, params).all()
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
        with self._reader.connect() as connection:
            return connection.execute(statement, params).all()

    @contextmanager
    def write_session(self) -> Iterator[Session]:
        """A session that holds SQLite's write lock from its first statement.

        SQLite otherwise reads outside any transaction until the first write, so two processes
        can act on the same stale reads; ``BEGIN IMMEDIATE`` makes them take turns. On
        PostgreSQL this is a plain session: lock the rows you decide on with FOR UPDATE.
        """
        with self.session() as session:
            if self.backend == "sqlite":
                session.execute(text("BEGIN IMMEDIATE"))
            yield session

    def upgrade(self) -> list[str]:
        """Migrate the schema to the newest revision; returns the revisions applied."""
        from sentinelle.store.migrate import upgrade_schema

        return upgrade_schema(self)

    def ensure_schema(self) -> None:
        """Migrate when the schema is behind; a no-op on an up-to-date database."""
        self.upgrade()

    def table_names(self) -> list[str]:
        """Tables present in the database."""
        try:
            return inspect(self.engine).get_table_names()
        except OperationalError as exc:
            raise StoreError(f"cannot read {self.display_url}: {exc.orig}") from None

    @property
    def display_url(self) -> str:
        """The URL with any password hidden, for messages and logs."""
        return make_url(self.url).render_as_string(hide_password=True)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
        self._reader.dispose()


def _reader_engine(engine: Engine) -> Engine:
    """The engine of ``read_rows``: on PostgreSQL, autocommit connections of a pool of their own.

    SQLite reads already take one call each (no BEGIN for a SELECT, no ping): the same engine.
    """
    if engine.dialect.name != "postgresql":
        return engine
    reader = create_engine(
        engine.url,
        echo=engine.echo,
        isolation_level="AUTOCOMMIT",
        pool_size=POSTGRES_POOL_SIZE,
        max_overflow=POSTGRES_MAX_OVERFLOW,
        pool_reset_on_return=None,
    )
    event.listen(reader, "connect", _configure_reader)
    return reader


def _configure_reader(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute(READER_SETUP)
    dbapi_connection.commit()


def open_database(url: str, *, echo: bool = False, migrate: bool = True) -> Database:
    """Open the store at ``url``, migrating it first unless ``migrate`` is False."""
    database = Database(url, echo=echo)
    if migrate:
        try:
            database.upgrade()
        except SQLAlchemyError as exc:
            database.dispose()
            raise StoreError(f"cannot migrate {database.display_url}: {exc}") from None
    return database
