"""A process killed at fixed points inside approve and post leaves whole entries or none.

A subprocess runs the action with SENTINELLE_FUNDS_CRASH_AT naming the point where it must
die (``os._exit``, no cleanup); afterwards the chain verifies, every entry is balanced, the
interrupted action left no trace, and running it again completes it exactly once.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from sqlalchemy import text

from sentinelle.funds import (
    RequestStatus,
    approve_request,
    commit_funds,
    disburse,
    list_requests,
    record_pledge,
    request_disbursement,
    verify,
)
from sentinelle.funds.concurrency import CRASH_ENV, CRASH_EXIT_CODE
from sentinelle.store import Database
from tests.funds.world import build_world

APPROVE_POINTS = ["approve:after-approval", "approve:before-commit"]
POST_POINTS = [
    "post:after-entry",
    "post:after-first-line",
    "post:before-commit",
    "disburse:before-commit",
]


def _crash(url: str, args: list[str], crash_at: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != CRASH_ENV}
    env[CRASH_ENV] = crash_at
    return subprocess.run(
        [sys.executable, "-m", "tests.funds.crash_runner", url, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _request(database: Database, approvals: list[str]) -> int:
    build_world(database)
    pledge = record_pledge(database, "Donor A", 1_000_000, "XOF", dt.date(2015, 6, 20))
    commitment = commit_funds(database, pledge.id, "KID-1", 500_000, "XOF", dt.date(2015, 7, 1))
    request = request_disbursement(database, commitment.id, "Rokia (NGO)", 4_000, "crash-1")
    for person in approvals:
        approve_request(database, request.id, person)
    return request.id


def _journal(database: Database) -> tuple[int, int, int]:
    with database.engine.connect() as connection:
        return (
            connection.execute(text("SELECT count(*) FROM fund_journal_entries")).scalar_one(),
            connection.execute(text("SELECT count(*) FROM fund_journal_lines")).scalar_one(),
            connection.execute(text("SELECT count(*) FROM fund_disbursements")).scalar_one(),
        )


def _approvals(database: Database) -> int:
    with database.engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM fund_approvals")).scalar_one())


@pytest.mark.slow
def test_a_crash_while_posting_a_disbursement_leaves_no_partial_entry(db: Database) -> None:
    request_id = _request(db, ["Alice (A)", "Kader (Kidal)"])
    before = _journal(db)
    for point in POST_POINTS:
        crashed = _crash(db.url, ["disburse", str(request_id)], point)
        assert crashed.returncode == CRASH_EXIT_CODE, (point, crashed.stderr)
        assert _journal(db) == before, point
        assert verify(db).ok, point
    first = disburse(db, request_id)
    assert disburse(db, request_id) == first
    entries, lines, disbursements = _journal(db)
    assert (entries, lines, disbursements) == (before[0] + 1, before[1] + 2, 1)
    assert verify(db).ok


@pytest.mark.slow
def test_a_crash_while_approving_leaves_the_request_as_it_was(db: Database) -> None:
    request_id = _request(db, ["Alice (A)"])
    for point in APPROVE_POINTS:
        crashed = _crash(db.url, ["approve", str(request_id), "Kader (Kidal)"], point)
        assert crashed.returncode == CRASH_EXIT_CODE, (point, crashed.stderr)
        assert _approvals(db) == 1, point
        assert list_requests(db)[0].status is RequestStatus.PENDING, point
    approve_request(db, request_id, "Kader (Kidal)")
    assert list_requests(db)[0].status is RequestStatus.APPROVED
    assert verify(db).ok


@pytest.mark.slow
def test_a_crash_while_posting_a_pledge_leaves_the_chain_whole(db: Database) -> None:
    build_world(db)
    record_pledge(db, "Donor B", 5_000, "EUR", dt.date(2015, 6, 20))
    before = _journal(db)
    crashed = _crash(db.url, ["pledge", "Donor B", "10000", "EUR"], "post:after-first-line")
    assert crashed.returncode == CRASH_EXIT_CODE, crashed.stderr
    assert _journal(db) == before
    report = verify(db)
    assert report.ok and report.entries == before[0]
