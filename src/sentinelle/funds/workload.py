"""A random mix of fund operations run by concurrent workers (the concurrency test, the bench).

Workers race on the same requests and commitments: requests (5% of all operations retry an
earlier request with the same idempotency key), approvals by random key holders, rejections,
disbursements (many repeated) that may overdraw, new commitments topping the project up, and
expenditures (some retried with the same key). Each worker reports what it was told was
posted, so the caller can check the ledger's totals against the distinct postings exactly.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select

from sentinelle.errors import IllegalTransition, NotFound, PermissionDenied
from sentinelle.funds.approval import (
    approve_request,
    disburse,
    reject_request,
    request_disbursement,
)
from sentinelle.funds.flows import commit_funds, record_expenditure
from sentinelle.store import Database
from sentinelle.store.models.funds import FundCommitment, FundDisbursementRequest

# Share of all operations that repeat an earlier request with the same idempotency key (the
# issue's 5%); the other shares are cumulative thresholds of one roll per operation.
RETRY_SHARE = 0.05
NEW_REQUEST_BELOW = 0.20
TOP_UP_BELOW = 0.21
EXPENDITURE_BELOW = 0.23
REJECT_BELOW = 0.25
APPROVE_BELOW = 0.70
# One expenditure in five repeats an earlier one with the same idempotency key.
EXPENDITURE_RETRY_SHARE = 0.2
# Largest amount requested or spent, in minor units: a commitment of 300,000 runs out after a
# dozen disbursements, and top-ups (1%) come about as fast as disbursements drain them, so
# overdraw attempts stay common while money keeps flowing.
MAX_REQUEST = 50_000
MAX_EXPENDITURE = 40_000
# Approvals and disbursements aim at the latest requests, requests at the latest
# commitments, so workers collide on the same rows.
RECENT_REQUESTS = 6
RECENT_COMMITMENTS = 3


@dataclass(frozen=True)
class WorkloadSpec:
    """What a worker may touch: the pledge, requesters and approvers, and how much to do."""

    pledge: int
    requesters: Sequence[str]
    approvers: Sequence[str]
    operations: int
    seed: int


@dataclass
class WorkerResult:
    """What one worker did and what it was told was posted."""

    outcomes: Counter[str] = field(default_factory=Counter)
    disbursements: dict[int, int] = field(default_factory=dict)
    commitments: dict[int, int] = field(default_factory=dict)
    expenditures: dict[int, int] = field(default_factory=dict)
    requests: dict[str, int] = field(default_factory=dict)
    retried_requests: int = 0
    idempotency_violations: int = 0
    cpu_s: float = 0.0


# The newest request and commitment, read outside any write transaction (as a client polls).
_REQUESTS = FundDisbursementRequest.__table__.c
_COMMITMENTS = FundCommitment.__table__.c
LATEST = select(
    select(func.max(_REQUESTS.id)).scalar_subquery(),
    select(func.max(_COMMITMENTS.id)).scalar_subquery(),
)


def _recent(connection: Connection, rng: random.Random) -> tuple[int, int]:
    """A recent request id and a recent commitment id."""
    request, commitment = connection.execute(LATEST).one()
    request, commitment = int(request or 0), int(commitment or 0)
    return (
        rng.randint(max(1, request - RECENT_REQUESTS), max(1, request)),
        rng.randint(max(1, commitment - RECENT_COMMITMENTS), max(1, commitment)),
    )


def run_worker(database: Database, spec: WorkloadSpec) -> WorkerResult:
    """Run ``spec.operations`` random operations against ``database``."""
    # The worker polls for the newest rows on a connection of its own, in autocommit: each
    # poll is one statement, outside the transactions that decide.
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as poll:
        return _run(database, poll, spec)


def _run(database: Database, poll: Connection, spec: WorkloadSpec) -> WorkerResult:
    rng = random.Random(spec.seed)
    result = WorkerResult()
    calls: list[tuple[str, int, str, int]] = []
    spent: list[tuple[str, int]] = []
    now = dt.datetime.now(dt.UTC)
    for _ in range(spec.operations):
        roll = rng.random()
        request_id, commitment_id = _recent(poll, rng)
        try:
            if roll < RETRY_SHARE and calls:
                key, commitment, requester, amount = rng.choice(calls)
                view = request_disbursement(database, commitment, requester, amount, key, now=now)
                result.retried_requests += 1
                if view.id != result.requests[key]:
                    result.idempotency_violations += 1
                result.outcomes["request-retried"] += 1
            elif roll < NEW_REQUEST_BELOW:
                call = (
                    uuid.uuid4().hex,
                    commitment_id,
                    rng.choice(spec.requesters),
                    rng.randint(1, MAX_REQUEST),
                )
                view = request_disbursement(database, call[1], call[2], call[3], call[0], now=now)
                calls.append(call)
                result.requests[call[0]] = view.id
                result.outcomes["request"] += 1
            elif roll < TOP_UP_BELOW:
                added = commit_funds(
                    database, spec.pledge, PROJECT, COMMITMENT_XOF, "XOF", now.date(), now=now
                )
                result.commitments[added.id] = added.amount_minor
                result.outcomes["commit"] += 1
            elif roll < EXPENDITURE_BELOW:
                _spend(database, rng, spent, result, now)
            elif roll < REJECT_BELOW:
                reason = "documents missing"
                reject_request(database, request_id, rng.choice(spec.approvers), reason, now=now)
                result.outcomes["reject"] += 1
            elif roll < APPROVE_BELOW:
                approve_request(database, request_id, rng.choice(spec.approvers), now=now)
                result.outcomes["approve"] += 1
            else:
                paid = disburse(database, request_id, now=now)
                result.disbursements[paid.id] = paid.amount_minor
                result.outcomes["disburse"] += 1
        except (IllegalTransition, NotFound, PermissionDenied) as exc:
            result.outcomes[f"refused:{type(exc).__name__}"] += 1
    return result


def _spend(
    database: Database,
    rng: random.Random,
    spent: list[tuple[str, int]],
    result: WorkerResult,
    now: dt.datetime,
) -> None:
    """Spend from the project's cash, or repeat an earlier expenditure with its key."""
    retry = bool(spent) and rng.random() < EXPENDITURE_RETRY_SHARE
    key, amount = (
        rng.choice(spent) if retry else (uuid.uuid4().hex, rng.randint(1, MAX_EXPENDITURE))
    )
    number = record_expenditure(database, PROJECT, amount, "XOF", now.date(), key, now=now)
    if retry:
        result.outcomes["expenditure-retried"] += 1
        if result.expenditures.get(number) != amount:
            result.idempotency_violations += 1
        return
    spent.append((key, amount))
    result.expenditures[number] = amount
    result.outcomes["expenditure"] += 1


# The workload's world: one donor with two representatives, Kidal's authority with two, and a
# donor's representative who holds no key for these requests.
DONOR, OTHER_DONOR, AUTHORITY, NGO = "Load donor", "Other donor", "Load authority", "Load NGO"
APPROVERS = ("Donor rep 1", "Donor rep 2", "Council rep 1", "Council rep 2", "Other donor rep")
REQUESTERS = ("NGO officer 1", "NGO officer 2")
# Commitments of 300,000 XOF, three at the start and more as workers top the project up: a
# dozen requests of up to 50,000 drain one. The pledge covers every top-up a run can make.
PROJECT, COMMITMENTS, COMMITMENT_XOF = "LOAD-1", 3, 300_000
PLEDGE_XOF = 10**15


def prepare(database: Database, operations: int, workers: int) -> list[WorkloadSpec]:
    """Register the workload's world and first commitments; one spec per worker."""
    from sentinelle.funds.flows import (
        OrgKind,
        PersonRole,
        add_organisation,
        add_person,
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
    create_project(database, PROJECT, "Load test project", "ML08")
    pledge = record_pledge(database, DONOR, PLEDGE_XOF, "XOF", dt.date(2015, 6, 20)).id
    for _ in range(COMMITMENTS):
        commit_funds(database, pledge, PROJECT, COMMITMENT_XOF, "XOF", dt.date(2015, 7, 1))
    share, extra = divmod(operations, workers)
    return [
        WorkloadSpec(pledge, REQUESTERS, APPROVERS, share + (seed < extra), seed)
        for seed in range(workers)
    ]


@dataclass(frozen=True)
class Totals:
    """What the workers ran and what the ledger holds afterwards."""

    operations: int
    outcomes: Counter[str]
    disbursements: int
    disbursed_minor: int
    commitments: int
    expenditures: int
    spent_minor: int


def _merge(target: dict[int, int], reported: dict[int, int], what: str) -> None:
    from sentinelle.errors import StoreError

    for number, amount in reported.items():
        if target.setdefault(number, amount) != amount:
            raise StoreError(f"{what} {number} reported with two amounts")


def check_totals(database: Database, results: Sequence[WorkerResult]) -> Totals:
    """Check the ledger against what the workers were told; StoreError names the first
    discrepancy (a duplicate posting, an inexact total, an overdraft, a broken chain)."""
    from sqlalchemy import text

    from sentinelle.errors import StoreError
    from sentinelle.funds.ledger import verify

    paid: dict[int, int] = {}
    spent: dict[int, int] = {}
    added: dict[int, int] = {}
    outcomes: Counter[str] = Counter()
    for result in results:
        if result.idempotency_violations:
            raise StoreError("a call retried with the same key posted or requested again")
        _merge(paid, result.disbursements, "disbursement")
        _merge(spent, result.expenditures, "expenditure")
        _merge(added, result.commitments, "commitment")
        outcomes.update(result.outcomes)

    def rows(sql: str) -> dict[str, int]:
        with database.engine.connect() as connection:
            return {str(key): int(value) for key, value in connection.execute(text(sql))}

    stored_paid = rows("SELECT id, amount_minor FROM fund_disbursements")
    paid_by_commitment = rows(
        "SELECT commitment_id, SUM(amount_minor) FROM fund_disbursements GROUP BY commitment_id"
    )
    stored_spent = rows("SELECT id, amount_minor FROM fund_expenditures")
    committed = rows("SELECT id, amount_minor FROM fund_commitments")
    entries = rows("SELECT kind, count(*) FROM fund_journal_entries GROUP BY kind")
    balances = rows(
        "SELECT account, SUM(debit_minor - credit_minor) FROM fund_journal_lines GROUP BY account"
    )
    left = {number: balances.get(f"commitment:{number}", 0) for number in map(int, committed)}
    expected_left = {
        int(number): amount - paid_by_commitment.get(number, 0)
        for number, amount in committed.items()
    }
    first = {number: COMMITMENT_XOF for number in range(1, COMMITMENTS + 1)}
    disbursed, spent_total = sum(paid.values()), sum(spent.values())
    problems = [
        (stored_paid != {str(k): v for k, v in paid.items()}, "disbursed rows differ from posts"),
        (entries.get("disbursement", 0) != len(paid), "a disbursement was posted twice"),
        (stored_spent != {str(k): v for k, v in spent.items()}, "spending rows differ"),
        (entries.get("expenditure", 0) != len(spent), "an expenditure was posted twice"),
        ({int(k): v for k, v in committed.items()} != first | added, "commitments differ"),
        (entries.get("commitment", 0) != len(committed), "a commitment was posted twice"),
        (min(left.values()) < 0, "a commitment was overdrawn"),
        (left != expected_left, "commitment balances inexact"),
        (balances.get("project-cash:1", 0) != disbursed - spent_total, "project cash inexact"),
        (balances.get("project-spent:1", 0) != spent_total, "project spending inexact"),
        (balances.get("pledge:1", 0) != PLEDGE_XOF - sum(committed.values()), "pledge inexact"),
        (sum(balances.values()) != 0, "balances do not sum to zero"),
        (not verify(database).ok, "the hash chain does not verify"),
    ]
    for failed, message in problems:
        if failed:
            raise StoreError(message)
    return Totals(
        sum(outcomes.values()),
        outcomes,
        len(paid),
        disbursed,
        len(committed),
        len(spent),
        spent_total,
    )


def run_worker_in_process(url: str, spec: WorkloadSpec) -> WorkerResult:
    """Entry point of a worker process: open its own connection to the store at ``url``
    (``cpu_s`` of the result: the processor time the worker used)."""
    database = Database(url)
    started = time.process_time()
    try:
        result = run_worker(database, spec)
    finally:
        database.dispose()
    result.cpu_s = time.process_time() - started
    return result
