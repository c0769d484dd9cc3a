"""A random mix of fund operations run by concurrent workers (the concurrency test, the bench).

Workers race on the same requests and commitments: requests (5% of them retried with the
same idempotency key), approvals by random key holders, disbursements (some retried) that may
overdraw. Each worker reports the disbursements it was told were posted, so the caller can
check that the ledger's totals are exactly the sum of the distinct ones.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select

from sentinelle.errors import IllegalTransition, NotFound, PermissionDenied
from sentinelle.funds.approval import (
    approve_request,
    disburse,
    request_disbursement,
)
from sentinelle.store import Database
from sentinelle.store.models.funds import FundDisbursementRequest

# Share of requests that repeat an earlier call with the same idempotency key (the 5%).
RETRY_SHARE = 0.05
# Largest amount requested, in minor units: commitments of the test world run out after a few
# dozen disbursements, so overdraw attempts are common.
MAX_REQUEST = 50_000
# Approvals and disbursements aim at the latest requests, so workers collide on the same ones.
RECENT_REQUESTS = 6


@dataclass(frozen=True)
class WorkloadSpec:
    """What a worker may touch: commitments, requesters and approvers of each request side."""

    commitments: Sequence[int]
    requesters: Sequence[str]
    approvers: Sequence[str]
    operations: int
    seed: int


@dataclass
class WorkerResult:
    """What one worker did and what it was told was posted."""

    outcomes: Counter[str] = field(default_factory=Counter)
    disbursements: dict[int, int] = field(default_factory=dict)
    requests: dict[str, int] = field(default_factory=dict)
    retried_requests: int = 0
    idempotency_violations: int = 0


# The newest request, read outside any write transaction (a plain read, as a client polls).
LATEST_REQUEST = select(func.max(FundDisbursementRequest.__table__.c.id))


def _recent_request(connection: Connection, rng: random.Random) -> int:
    latest = int(connection.execute(LATEST_REQUEST).scalar() or 0)
    return rng.randint(max(1, latest - RECENT_REQUESTS), max(1, latest))


def run_worker(database: Database, spec: WorkloadSpec) -> WorkerResult:
    """Run ``spec.operations`` random operations against ``database``."""
    # The worker polls for the newest request on a connection of its own, in autocommit: each
    # poll is one statement, outside the transactions that decide.
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as poll:
        return _run(database, poll, spec)


def _run(database: Database, poll: Connection, spec: WorkloadSpec) -> WorkerResult:
    rng = random.Random(spec.seed)
    result = WorkerResult()
    calls: list[tuple[str, int, str, int]] = []
    now = dt.datetime.now(dt.UTC)
    for _ in range(spec.operations):
        roll = rng.random()
        try:
            if roll < RETRY_SHARE and calls:
                key, commitment, requester, amount = rng.choice(calls)
                view = request_disbursement(database, commitment, requester, amount, key, now=now)
                result.retried_requests += 1
                if view.id != result.requests[key]:
                    result.idempotency_violations += 1
                result.outcomes["request-retried"] += 1
            elif roll < 0.2:
                call = (
                    uuid.uuid4().hex,
                    rng.choice(spec.commitments),
                    rng.choice(spec.requesters),
                    rng.randint(1, MAX_REQUEST),
                )
                view = request_disbursement(database, call[1], call[2], call[3], call[0], now=now)
                calls.append(call)
                result.requests[call[0]] = view.id
                result.outcomes["request"] += 1
            elif roll < 0.75:
                request_id = _recent_request(poll, rng)
                approve_request(database, request_id, rng.choice(spec.approvers), now=now)
                result.outcomes["approve"] += 1
            else:
                request_id = _recent_request(poll, rng)
                paid = disburse(database, request_id, now=now)
                result.disbursements[paid.id] = paid.amount_minor
                result.outcomes["disburse"] += 1
        except (IllegalTransition, NotFound, PermissionDenied) as exc:
            result.outcomes[f"refused:{type(exc).__name__}"] += 1
    return result


# The workload's world: one donor with two representatives, Kidal's authority with two, and a
# donor's representative who holds no key for these requests.
DONOR, OTHER_DONOR, AUTHORITY, NGO = "Load donor", "Other donor", "Load authority", "Load NGO"
APPROVERS = ("Donor rep 1", "Donor rep 2", "Council rep 1", "Council rep 2", "Other donor rep")
REQUESTERS = ("NGO officer 1", "NGO officer 2")
# Three commitments of 300,000 XOF: a few dozen requests of up to 50,000 drain them.
COMMITMENTS, COMMITMENT_XOF = 3, 300_000


def prepare(database: Database, operations: int, workers: int) -> list[WorkloadSpec]:
    """Register the workload's world and commitments; one spec per worker."""
    from sentinelle.funds.flows import (
        OrgKind,
        PersonRole,
        add_organisation,
        add_person,
        commit_funds,
        create_project,
        record_pledge,
    )

    add_organisation(database, DONOR, OrgKind.DONOR)
    add_organisation(database, OTHER_DONOR, OrgKind.DONOR)
    add_organisation(database, AUTHORITY, OrgKind.LOCAL_AUTHORITY, region_pcode="ML08")
    add_organisation(database, NGO, OrgKind.IMPLEMENTER)
    roles = [(DONOR, PersonRole.DONOR_REP)] * 2 + [(AUTHORITY, PersonRole.LOCAL_AUTHORITY_REP)] * 2
    for name, (org, role) in zip(
        APPROVERS, [*roles, (OTHER_DONOR, PersonRole.DONOR_REP)], strict=True
    ):
        add_person(database, name, org, role)
    for name in REQUESTERS:
        add_person(database, name, NGO, PersonRole.REQUESTER)
    create_project(database, "LOAD-1", "Load test project", "ML08")
    pledge = record_pledge(database, DONOR, 10_000_000, "XOF", dt.date(2015, 6, 20))
    commitments = [
        commit_funds(database, pledge.id, "LOAD-1", COMMITMENT_XOF, "XOF", dt.date(2015, 7, 1)).id
        for _ in range(COMMITMENTS)
    ]
    return [
        WorkloadSpec(commitments, REQUESTERS, APPROVERS, operations // workers, seed)
        for seed in range(workers)
    ]


@dataclass(frozen=True)
class Totals:
    """What the workers ran and what the ledger holds afterwards."""

    operations: int
    outcomes: Counter[str]
    disbursements: int
    disbursed_minor: int


def check_totals(database: Database, results: Sequence[WorkerResult]) -> Totals:
    """Check the ledger against what the workers were told; StoreError names the first
    discrepancy (a duplicate posting, an inexact total, an overdraft, a broken chain)."""
    from sqlalchemy import text

    from sentinelle.errors import StoreError
    from sentinelle.funds.ledger import verify

    posted: dict[int, int] = {}
    outcomes: Counter[str] = Counter()
    for result in results:
        if result.idempotency_violations:
            raise StoreError("a retried request with the same key made a second request")
        for number, amount in result.disbursements.items():
            if posted.setdefault(number, amount) != amount:
                raise StoreError(f"disbursement {number} reported with two amounts")
        outcomes.update(result.outcomes)
    with database.engine.connect() as connection:
        stored = {
            int(number): int(amount)
            for number, amount in connection.execute(
                text("SELECT id, amount_minor FROM fund_disbursements")
            )
        }
        entries = connection.execute(
            text("SELECT count(*) FROM fund_journal_entries WHERE kind = 'disbursement'")
        ).scalar_one()
        balances = {
            str(account): int(total)
            for account, total in connection.execute(
                text(
                    "SELECT account, SUM(debit_minor - credit_minor) FROM fund_journal_lines "
                    "GROUP BY account"
                )
            )
        }
    left = [balances[f"commitment:{number}"] for number in range(1, COMMITMENTS + 1)]
    problems = [
        (stored != posted, "the ledger and the workers disagree on what was disbursed"),
        (entries != len(stored), "a disbursement was posted twice"),
        (min(left) < 0, "a commitment was overdrawn"),
        (COMMITMENT_XOF * COMMITMENTS - sum(left) != sum(stored.values()), "totals inexact"),
        (balances.get("project-cash:1", 0) != sum(stored.values()), "project cash inexact"),
        (sum(balances.values()) != 0, "balances do not sum to zero"),
        (not verify(database).ok, "the hash chain does not verify"),
    ]
    for failed, message in problems:
        if failed:
            raise StoreError(message)
    return Totals(sum(outcomes.values()), outcomes, len(stored), sum(stored.values()))


def run_worker_in_process(url: str, spec: WorkloadSpec) -> WorkerResult:
    """Entry point of a worker process: open its own connection to the store at ``url``."""
    database = Database(url)
    try:
        return run_worker(database, spec)
    finally:
        database.dispose()
