"""Shared fixtures: real databases (SQLite and PostgreSQL), the shared data, the seed document."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from sentinelle.store import Database, open_database

IN_CI = os.environ.get("CI") == "true"
POSTGRES_ADMIN_URL = os.environ.get(
    "SENTINELLE_TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/postgres"
)
SHARED_DIR = Path(
    os.environ.get("SENTINELLE_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared")
)
SEED_FILE = SHARED_DIR / "seed" / "crisisgroup-mali-briefing104-and-bamako-qa.txt"


def _postgres_admin() -> str | None:
    """The admin URL if the test PostgreSQL answers; in CI its absence fails the run."""
    try:
        engine = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except OperationalError as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL at {POSTGRES_ADMIN_URL} is unreachable in CI: {exc.orig}")
        return None
    return POSTGRES_ADMIN_URL


def _execute_admin(statement: str) -> None:
    engine = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


def _database_url(name: str) -> str:
    return make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated once per session, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    database = open_database(f"sqlite:///{path}")
    database.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str | None]:
    """A PostgreSQL database migrated once per session, cloned for each test."""
    admin = _postgres_admin()
    if admin is None:
        yield None
        return
    name = f"sentinelle_tmpl_{uuid.uuid4().hex[:10]}"
    _execute_admin(f'CREATE DATABASE "{name}"')
    database = open_database(_database_url(name))
    database.dispose()
    yield name
    _execute_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_seeded_tables(postgres_template: str | None) -> frozenset[str]:
    """Tables that migrations fill with rows: kept, not emptied, between tests."""
    if postgres_template is None:
        return frozenset()
    engine = create_engine(_database_url(postgres_template))
    with engine.connect() as connection:
        tables = connection.execute(
            text(
                "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'"
            )
        ).scalars()
        seeded = frozenset(
            table
            for table in list(tables)
            if connection.execute(text(f"SELECT EXISTS (SELECT 1 FROM {table})")).scalar()
        )
    engine.dispose()
    return seeded


@pytest.fixture(scope="session")
def postgres_template_fingerprint(
    postgres_template: str | None, postgres_seeded_tables: frozenset[str]
) -> str | None:
    """The template's schema and seed digest: a database that no longer matches is dropped."""
    if postgres_template is None:
        return None
    return _schema_fingerprint(postgres_template, postgres_seeded_tables)


@pytest.fixture(scope="session")
def postgres_pool(postgres_template: str | None) -> Iterator[list[str]]:
    """Databases cloned from the template, emptied and reused: a DROP per test is slow."""
    free: list[str] = []
    yield free
    for name in free:
        _execute_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


SCHEMA_FINGERPRINT = text(
    """
    SELECT md5(string_agg(item, ',' ORDER BY item)) FROM (
        SELECT table_name || '.' || column_name || ':' || data_type AS item
        FROM information_schema.columns WHERE table_schema = 'public'
        UNION ALL SELECT 'trigger:' || tgname FROM pg_trigger WHERE NOT tgisinternal
        UNION ALL SELECT 'index:' || indexname FROM pg_indexes WHERE schemaname = 'public'
        UNION ALL SELECT 'function:' || proname FROM pg_proc
            JOIN pg_namespace n ON n.oid = pronamespace WHERE n.nspname = 'public'
    ) AS schema_items
    """
)


def _schema_fingerprint(name: str, seeded: frozenset[str]) -> str:
    """A digest of the schema of ``name`` (tables, triggers, indexes...) and its seeded rows."""
    engine = create_engine(_database_url(name))
    with engine.connect() as connection:
        parts = [str(connection.execute(SCHEMA_FINGERPRINT).scalar_one())]
        for table in sorted(seeded):
            rows = f"SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM {table} AS t"
            parts.append(str(connection.execute(text(rows)).scalar_one()))
    engine.dispose()
    return "/".join(parts)


def _empty_postgres_database(name: str, keep: frozenset[str]) -> None:
    """Close other sessions on ``name``, delete every row but seeded ones, reset sequences.

    DELETE on a handful of rows is far cheaper than TRUNCATE, which rewrites every table's
    files; replica mode skips foreign-key triggers so the order of deletion does not matter.
    """
    engine = create_engine(_database_url(name), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        )
        tables = connection.execute(
            text(
                "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'"
            )
        ).scalars()
        emptied = [table for table in tables if table not in keep]
        statements = [f"DELETE FROM {table}" for table in emptied]
        statements += [
            f"SELECT setval('{sequence}', 1, false)"
            for sequence in connection.execute(
                text(
                    "SELECT quote_ident(s.relname) FROM pg_class s "
                    "JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i') "
                    "JOIN pg_class t ON t.oid = d.refobjid "
                    "WHERE s.relkind = 'S' AND NOT (quote_ident(t.relname) = ANY(:keep))"
                ),
                {"keep": list(keep)},
            ).scalars()
        ]
        connection.execute(
            text(
                "SET session_replication_role = replica; "
                + "; ".join(statements)
                + "; SET session_replication_role = DEFAULT"
            )
        )
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    postgres_template: str | None,
    postgres_pool: list[str],
    postgres_template_fingerprint: str | None,
    postgres_seeded_tables: frozenset[str],
) -> Iterator[str]:
    """URL of a fresh, migrated, empty database: an SQLite file or a PostgreSQL database."""
    if request.param == "sqlite":
        path = tmp_path / "sentinelle.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    if postgres_template is None:
        pytest.skip(f"PostgreSQL at {POSTGRES_ADMIN_URL} is not reachable")
    if postgres_pool:
        name = postgres_pool.pop()
    else:
        name = f"sentinelle_test_{uuid.uuid4().hex[:12]}"
        _execute_admin(f'CREATE DATABASE "{name}" TEMPLATE "{postgres_template}"')
    yield _database_url(name)
    _empty_postgres_database(name, postgres_seeded_tables)
    if _schema_fingerprint(name, postgres_seeded_tables) == postgres_template_fingerprint:
        postgres_pool.append(name)
    else:  # the test changed the schema or seeded rows (dropped a trigger): never reuse
        _execute_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A fresh, migrated store on SQLite and on PostgreSQL."""
    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The workplace's shared data; skipped when absent, except in CI where it must be there."""
    if not SHARED_DIR.is_dir():
        message = f"shared data folder {SHARED_DIR} is absent"
        if IN_CI:
            pytest.fail(message + " (required in CI)")
        pytest.skip(message)
    return SHARED_DIR


@pytest.fixture(scope="session")
def seed_file(shared_dir: Path) -> Path:
    """The seed analysis: Crisis Group briefing 104 and the Bamako attack Q&A on one page."""
    if not SEED_FILE.is_file():
        pytest.fail(f"seed document {SEED_FILE} is missing from the shared folder")
    return SEED_FILE
