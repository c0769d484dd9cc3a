"""Serialised transactions with retries, so concurrent approvals and postings never double-spend.

SQLite: each transaction starts with ``BEGIN IMMEDIATE`` (one writer at a time, across
processes). PostgreSQL: READ COMMITTED plus row locks (``SELECT ... FOR UPDATE``) on the ledger
head and on the request being decided; serialisation failures and deadlocks are retried.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from sentinelle.errors import StoreError
from sentinelle.store import Database
from sentinelle.store.models.base import Base
from sentinelle.store.models.funds import FundJournalEntry, FundLedgerHead

log = logging.getLogger(__name__)

T = TypeVar("T")

# Attempts before giving up: with 8 writers contending, a transaction rarely loses more than a
# handful of times in a row; 50 leaves a wide margin while still ending a livelock.
MAX_ATTEMPTS = 50
# First back-off in seconds, doubled per attempt up to the cap, with jitter to spread retries.
BACKOFF_S = 0.002
BACKOFF_CAP_S = 0.2
# SQLSTATEs PostgreSQL uses for transactions that may succeed when run again.
RETRYABLE_SQLSTATES = {"40001", "40P01"}
# The crash test sets this variable to a point name; the process then dies there, mid-write.
CRASH_ENV = "SENTINELLE_FUNDS_CRASH_AT"
CRASH_EXIT_CODE = 86
# The head's hash before the first entry: 64 zeros (the migration seeds the same value).
GENESIS_HASH = "0" * 64


class Conflict(Exception):
    """Raised inside a transaction to ask for it to be run again from the start."""


def crash_point(name: str) -> None:
    """Kill the process here, without cleanup, if the crash test asked for this point."""
    if os.environ.get(CRASH_ENV) == name:
        log.warning("crash test: dying at %s", name)
        os._exit(CRASH_EXIT_CODE)


def _retryable(exc: DBAPIError) -> bool:
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate in RETRYABLE_SQLSTATES:
        return True
    message = str(exc.orig).lower()
    return "database is locked" in message or "database is busy" in message


# The head row, locked: built once so that each posting skips building and caching the query.
_HEAD = Base.metadata.tables["fund_ledger_head"]
LOCK_HEAD = select(_HEAD.c.last_seq, _HEAD.c.last_hash).where(_HEAD.c.id == 1).with_for_update()


def lock_ledger(session: Session) -> tuple[int, str]:
    """The chain's (last sequence, last hash), locked until the transaction ends.

    PostgreSQL locks the head row; on SQLite, ``BEGIN IMMEDIATE`` already holds the write lock.
    """
    connection = session.connection()
    row = connection.execute(LOCK_HEAD).one_or_none()
    if row is None:
        _seed_head(session)
        row = connection.execute(LOCK_HEAD).one()
    return int(row[0]), str(row[1])


def _seed_head(session: Session) -> None:
    """Create the genesis head of an empty journal (the migration seeds it; a wiped store may not
    have it); a journal with entries but no head has been tampered with."""
    entries = session.scalar(select(func.count()).select_from(FundJournalEntry))
    if entries:
        raise StoreError(
            f"the funds ledger head row is missing although the journal holds {entries} "
            "entries: run 'sentinelle funds verify'"
        )
    values = {"id": 1, "last_seq": 0, "last_hash": GENESIS_HASH}
    dialect = session.get_bind().dialect.name
    statement = (postgresql_insert if dialect == "postgresql" else sqlite_insert)(FundLedgerHead)
    session.execute(statement.values(values).on_conflict_do_nothing())


class _WriteNeeded(Exception):
    """Raised by ``writing`` in a read-only first pass: run the work again under the lock."""


# Key of ``Session.info`` marking the read-only first pass of ``transact(read_first=True)``.
READ_ONLY = "sentinelle.funds.read_only"


def writing(session: Session) -> None:
    """Call before a transaction's first write (and before taking any lock).

    In the read-only first pass of ``transact(..., read_first=True)`` it stops the work there,
    so the work runs again from the start under the write lock and re-checks everything.
    """
    if session.info.get(READ_ONLY):
        raise _WriteNeeded


def transact(
    database: Database,
    work: Callable[[Session], T],
    *,
    retry_on_integrity: bool = False,
    read_first: bool = False,
) -> T:
    """Run ``work`` in one serialised transaction, again after a retryable failure.

    With ``read_first`` on SQLite, ``work`` first runs without the database's single write
    lock: an answer that needs no write (a refusal, a repeated call) comes from that read
    alone, and the work runs again under the lock once it reaches ``writing``. (On PostgreSQL
    the work locks only the rows it decides on, so it runs once, locked.)
    """
    if read_first and database.backend == "sqlite":
        try:
            with database.session() as session:
                session.info[READ_ONLY] = True
                return work(session)
        except _WriteNeeded:
            pass
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            with database.write_session() as session:
                return work(session)
        except IntegrityError:
            if not retry_on_integrity or attempt == MAX_ATTEMPTS:
                raise
        except Conflict:
            if attempt == MAX_ATTEMPTS:
                raise StoreError("a funds transaction kept conflicting; try again") from None
        except DBAPIError as exc:
            if not _retryable(exc) or attempt == MAX_ATTEMPTS:
                raise
        delay = min(BACKOFF_CAP_S, BACKOFF_S * 2**attempt)
        log.debug("funds transaction retry %d after %.3fs", attempt, delay)
        time.sleep(random.uniform(0, delay))
    raise StoreError("unreachable: the retry loop always returns or raises")
