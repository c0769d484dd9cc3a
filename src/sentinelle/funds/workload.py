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

from sqlalchemy import func, select

from sentinelle.errors import IllegalTransition, NotFound, PermissionDenied
from sentinelle.funds.approval import (
    approve_request,
    disburse,
    request_disbursement,
)
from sentinelle.funds.concurrency import transact
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


def _recent_request(database: Database, rng: random.Random) -> int:
    latest = transact(
        database,
        lambda s: int(s.scalar(select(func.max(FundDisbursementRequest.id))) or 0),
    )
    return rng.randint(max(1, latest - RECENT_REQUESTS), max(1, latest))


def run_worker(database: Database, spec: WorkloadSpec) -> WorkerResult:
    """Run ``spec.operations`` random operations against ``database``."""
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
                request_id = _recent_request(database, rng)
                approve_request(database, request_id, rng.choice(spec.approvers), now=now)
                result.outcomes["approve"] += 1
            else:
                request_id = _recent_request(database, rng)
                paid = disburse(database, request_id, now=now)
                result.disbursements[paid.id] = paid.amount_minor
                result.outcomes["disburse"] += 1
        except (IllegalTransition, NotFound, PermissionDenied) as exc:
            result.outcomes[f"refused:{type(exc).__name__}"] += 1
    return result


def run_worker_in_process(url: str, spec: WorkloadSpec) -> WorkerResult:
    """Entry point of a worker process: open its own connection to the store at ``url``."""
    database = Database(url)
    try:
        return run_worker(database, spec)
    finally:
        database.dispose()
