"""``sentinelle funds verify`` detects any single-byte change to a stored journal row.

Each trial changes one byte of one column of one random row of the journal (entries or lines)
with a raw SQL UPDATE, runs ``verify``, then puts the value back; all 100 must be detected.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from sentinelle.funds import (
    approve_request,
    commit_funds,
    disburse,
    record_expenditure,
    record_pledge,
    request_disbursement,
    reverse,
    verify,
)
from sentinelle.store import Database
from tests.funds.world import build_world

TRIALS = 100
# Columns of each journal table and the key that finds a row again.
TABLES = {
    "fund_journal_entries": (
        ["id", "seq", "kind", "reference", "reverses_id", "memo", "effective_on",
         "recorded_at", "prev_hash", "entry_hash"],
        ["id"],
    ),
    "fund_journal_lines": (
        ["entry_id", "line_no", "account", "currency", "debit_minor", "credit_minor"],
        ["entry_id", "line_no"],
    ),
}  # fmt: skip
START = dt.datetime(2015, 6, 20, 8, 0, tzinfo=dt.UTC)


def _fill(database: Database) -> None:
    """A journal of every kind of entry, with an EUR pledge converted into XOF."""
    build_world(database)
    eur = record_pledge(database, "Donor A", 200_000, "EUR", dt.date(2015, 6, 20), now=START)
    xof = record_pledge(database, "Donor B", 5_000_000, "XOF", dt.date(2015, 6, 21), now=START)
    first = commit_funds(database, eur.id, "KID-1", 1_000_000, "XOF", dt.date(2015, 7, 1))
    commit_funds(database, xof.id, "GAO-1", 2_000_000, "XOF", dt.date(2015, 7, 2))
    for number in range(4):
        request = request_disbursement(
            database, first.id, "Rokia (NGO)", 1_000 + number, f"t{number}"
        )
        approve_request(database, request.id, "Alice (A)")
        approve_request(database, request.id, "Khadija (Kidal)")
        disburse(database, request.id, disbursed_on=dt.date(2015, 7, 10 + number))
    record_expenditure(database, "KID-1", 999, "XOF", dt.date(2015, 8, 1), "spend-1")
    reverse(database, 9, now=START + dt.timedelta(days=60), memo="receipt was a duplicate")


def _flip(value: str, rng: random.Random) -> str:
    """``value`` with one character (one byte in ASCII) replaced by another of its kind."""
    position = rng.randrange(len(value))
    old = value[position]
    pool = string.digits if old.isdigit() else string.ascii_lowercase if old.isalpha() else "#"
    new = rng.choice([c for c in pool if c != old] or ["#"])
    return value[:position] + new + value[position + 1 :]


def _tamper(database: Database, rng: random.Random) -> tuple[str, dict[str, Any], str, Any]:
    """Change one byte of a random column of a random row; returns how to put it back."""
    while True:
        table = rng.choice(sorted(TABLES))
        columns, keys = TABLES[table]
        column = rng.choice(columns)
        with database.engine.connect() as connection:
            rows = (
                connection.execute(
                    text(f"SELECT {', '.join(keys)}, {column} AS value FROM {table}")
                )
                .mappings()
                .all()
            )
        row = rng.choice(rows)
        if row["value"] is None or row["value"] == "":
            continue  # no byte to change
        where = {key: row[key] for key in keys}
        original = row["value"]
        as_text = (
            original.isoformat(sep=" ") if isinstance(original, dt.datetime) else str(original)
        )
        changed: Any = _flip(as_text, rng)
        if isinstance(original, int):
            changed = int(changed)
        condition = " AND ".join(f"{key} = :k_{key}" for key in keys)
        params = {f"k_{key}": value for key, value in where.items()}
        try:
            with database.engine.begin() as connection:
                connection.execute(
                    text(f"UPDATE {table} SET {column} = :v WHERE {condition}"),
                    {"v": changed, **params},
                )
        except DBAPIError:
            continue  # the database refused the value (a constraint, a bad date): try another
        moved = {**where, column: changed} if column in keys else where
        stored = _read(database, table, column, moved)
        if stored == original:  # PostgreSQL read "2015#06-21" as the same date: nothing changed
            continue
        return table, moved, column, original


def _read(database: Database, table: str, column: str, where: dict[str, Any]) -> Any:
    keys = TABLES[table][1]
    condition = " AND ".join(f"{key} = :k_{key}" for key in keys)
    with database.engine.connect() as connection:
        return connection.execute(
            text(f"SELECT {column} FROM {table} WHERE {condition}"),
            {f"k_{key}": where[key] for key in keys},
        ).scalar_one()


def _restore(
    database: Database, table: str, where: dict[str, Any], column: str, value: Any
) -> None:
    keys = TABLES[table][1]
    condition = " AND ".join(f"{key} = :k_{key}" for key in keys)
    with database.engine.begin() as connection:
        connection.execute(
            text(f"UPDATE {table} SET {column} = :v WHERE {condition}"),
            {"v": value, **{f"k_{key}": where[key] for key in keys}},
        )


def test_verify_detects_every_single_byte_tampering(db: Database) -> None:
    _fill(db)
    assert verify(db).ok
    rng = random.Random(20150620)
    detected = 0
    for _ in range(TRIALS):
        table, where, column, original = _tamper(db, rng)
        report = verify(db)
        detected += not report.ok
        assert not report.ok, f"undetected change of {table}.{column} at {where}"
        _restore(db, table, where, column, original)
        assert verify(db).ok
    assert detected == TRIALS
