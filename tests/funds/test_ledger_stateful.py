"""Hypothesis stateful test of the fund: random pledges, commitments, requests, approvals,
rejections, disbursements, spending, reversals and the clock, checked against a model.

After every step: the store's balances equal the model's, they sum to zero per currency, no
pledge, commitment or project cash is overdrawn, and every disbursement has two distinct
approvers of the right roles and organisations, neither the requester.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import text

from sentinelle.errors import IllegalTransition, PermissionDenied, SentinelleError
from sentinelle.funds.approval import approve_request, disburse, reject_request
from sentinelle.funds.approval import request_disbursement as make_request
from sentinelle.funds.flows import commit_funds, record_expenditure, record_pledge
from sentinelle.funds.ledger import reverse
from sentinelle.store import Database, open_database
from tests.funds.world import AUTHORITIES, BIG_REQUEST_XOF, DONORS, PROJECTS, build_world

# Steps run by default: at about 2.5 ms of CPU per real SQLite step, 25,000 keep the file near a
# minute; the 50,000 run with SENTINELLE_FUNDS_STEPS=50000 (see the funds report).
TARGET_STEPS = int(os.environ.get("SENTINELLE_FUNDS_STEPS", "25000"))
# Steps per Hypothesis example: long enough for requests to expire and reversals to bite.
STEPS_PER_EXAMPLE = 100
START = dt.datetime(2015, 6, 20, 8, 0, tzinfo=dt.UTC)
# Short expiry so that the clock rule makes requests expire within one example.
TTL = dt.timedelta(hours=48)
NON_NEGATIVE = ("pledge:", "commitment:", "project-cash:")
# 1 EUR = 655.957 XOF, as the exact fraction 655957/1000.
EUR_XOF_NUM, EUR_XOF_DEN = 655_957, 1_000

PERSON_ORG = {name: org for org, names in DONORS.items() for name in names}
PERSON_ORG |= {
    name: f"Authority {region}" for region, names in AUTHORITIES.items() for name in names
}
PERSON_REGION = {name: region for region, names in AUTHORITIES.items() for name in names}
PEOPLE = [*PERSON_ORG, "Rokia (NGO)", "Rachid (NGO)"]
OUTCOMES: Counter[tuple[str, str]] = Counter()
# Mostly under the 5,000 XOF threshold (one donor key), sometimes over it (two).
amounts = st.integers(min_value=1, max_value=6_000)


@dataclass
class Request:
    """The model of a disbursement request."""

    commitment: int
    requester: str
    amount: int
    key: str
    needs_donor: int
    expires_at: dt.datetime
    status: str = "pending"
    approvers: list[str] = field(default_factory=list)


@dataclass
class Commitment:
    """The model of a commitment: its project and funding donor."""

    project: str
    donor: str


class LedgerMachine(RuleBasedStateMachine):
    """Drives the real fund functions on a fresh SQLite copy of a template world."""

    database: ClassVar[Database]
    steps: ClassVar[int] = 0

    def __init__(self) -> None:
        super().__init__()
        self.db = self.database
        _reset_flows(self.db)
        self.now = START
        self.balances: Counter[tuple[str, str]] = Counter()
        self.entries: dict[int, list[tuple[str, str, int]]] = {}
        self.kinds: dict[int, str] = {}
        self.reversed: set[int] = set()
        self.pledges: dict[int, tuple[str, str]] = {}
        self.commitments: dict[int, Commitment] = {}
        self.requests: dict[int, Request] = {}
        self.disbursed: set[int] = set()
        self.project_ids = {code: number for number, code in enumerate(PROJECTS, start=1)}

    def _post(self, kind: str, lines: list[tuple[str, str, int]]) -> None:
        """Record in the model an entry posted as the next one in the chain."""
        entry_id = len(self.entries) + 1
        self.entries[entry_id] = lines
        self.kinds[entry_id] = kind
        for account, currency, signed in lines:
            self.balances[(account, currency)] += signed

    def _expect(
        self, label: str, error: type[SentinelleError] | None, call: Callable[[], Any]
    ) -> Any:
        type(self).steps += 1
        OUTCOMES[(label, error.__name__ if error else "ok")] += 1
        if error is None:
            return call()
        with pytest.raises(error):
            call()
        return None

    @initialize(donor=st.sampled_from(sorted(DONORS)), currency=st.sampled_from(["XOF", "EUR"]))
    def first_pledge(self, donor: str, currency: str) -> None:
        self.pledge(donor, currency)

    @rule(donor=st.sampled_from(sorted(DONORS)), currency=st.sampled_from(["XOF", "EUR"]))
    def pledge(self, donor: str, currency: str) -> None:
        amount = 1_000_000 if currency == "XOF" else 2_000
        view = self._expect(
            "pledge",
            None,
            lambda: record_pledge(self.db, donor, amount, currency, self.now.date(), now=self.now),
        )
        self.pledges[view.id] = (donor, currency)
        donor_id = sorted(DONORS).index(donor) + 1
        self._post(
            "pledge",
            [
                (f"pledge:{view.id}", currency, amount),
                (f"donor:{donor_id}:pledged", currency, -amount),
            ],
        )

    @precondition(lambda self: bool(self.pledges))
    @rule(
        data=st.data(),
        project=st.sampled_from(sorted(PROJECTS)),
        amount=st.integers(min_value=1, max_value=600_000),
    )
    def commit(self, data: st.DataObject, project: str, amount: int) -> None:
        pledge_id = data.draw(st.sampled_from(sorted(self.pledges)))
        donor, currency = self.pledges[pledge_id]
        reserved = amount
        if currency == "EUR":  # XOF commitment out of a EUR pledge, rounded up in EUR cents
            reserved = -(-amount * 100 * EUR_XOF_DEN // EUR_XOF_NUM)
        enough = self.balances[(f"pledge:{pledge_id}", currency)] >= reserved
        view = self._expect(
            "commit",
            None if enough else IllegalTransition,
            lambda: commit_funds(
                self.db, pledge_id, project, amount, "XOF", self.now.date(), now=self.now
            ),
        )
        if view is None:
            return
        self.commitments[view.id] = Commitment(project, donor)
        lines = [(f"commitment:{view.id}", "XOF", amount)]
        if currency == "EUR":
            lines += [("fx:conversion", "XOF", -amount), ("fx:conversion", "EUR", reserved)]
        self._post("commitment", [*lines, (f"pledge:{pledge_id}", currency, -reserved)])

    @precondition(lambda self: bool(self.commitments))
    @rule(
        data=st.data(),
        requester=st.sampled_from(PEOPLE),
        amount=amounts,
        retry=st.integers(min_value=0, max_value=19),
    )
    def request(self, data: st.DataObject, requester: str, amount: int, retry: int) -> None:
        if retry == 0 and self.requests:  # 5%: the same call again, same idempotency key
            request_id = data.draw(st.sampled_from(sorted(self.requests)))
            old = self.requests[request_id]
            view = self._expect(
                "retried request",
                None,
                lambda: make_request(
                    self.db,
                    old.commitment,
                    old.requester,
                    old.amount,
                    old.key,
                    now=self.now,
                    ttl=TTL,
                ),
            )
            assert view.id == request_id
            return
        commitment_id = data.draw(st.sampled_from(sorted(self.commitments)))
        key = uuid.uuid4().hex
        enough = self.balances[(f"commitment:{commitment_id}", "XOF")] >= amount
        view = self._expect(
            "request",
            None if enough else IllegalTransition,
            lambda: make_request(
                self.db, commitment_id, requester, amount, key, now=self.now, ttl=TTL
            ),
        )
        if view is not None:
            needs = 2 if amount >= BIG_REQUEST_XOF else 1
            self.requests[view.id] = Request(
                commitment_id, requester, amount, key, needs, self.now + TTL
            )

    def _side(self, person: str, request: Request) -> str | None:
        commitment = self.commitments[request.commitment]
        if PERSON_ORG.get(person) == commitment.donor:
            return "donor"
        if PERSON_REGION.get(person) == PROJECTS[commitment.project]:
            return "authority"
        return None

    def _status(self, request: Request) -> str:
        if request.status == "pending" and self.now >= request.expires_at:
            return "expired"
        return request.status

    def _decision_error(self, request: Request, person: str) -> type[SentinelleError] | None:
        if self._status(request) != "pending":
            return IllegalTransition
        if person == request.requester or self._side(person, request) is None:
            return PermissionDenied
        return None

    @precondition(lambda self: bool(self.requests))
    @rule(data=st.data(), person=st.sampled_from(PEOPLE))
    def approve(self, data: st.DataObject, person: str) -> None:
        self._approve(data.draw(st.sampled_from(sorted(self.requests))), person)

    @precondition(lambda self: any(r.status == "pending" for r in self.requests.values()))
    @rule(data=st.data())
    def approve_as_a_key_holder(self, data: st.DataObject) -> None:
        pending = sorted(i for i, r in self.requests.items() if r.status == "pending")
        request_id = data.draw(st.sampled_from(pending))
        request = self.requests[request_id]
        holders = [p for p in PEOPLE if p != request.requester and self._side(p, request)]
        self._approve(request_id, data.draw(st.sampled_from(holders)))

    def _approve(self, request_id: int, person: str) -> None:
        request = self.requests[request_id]
        error = self._decision_error(request, person)
        if error is None and person in request.approvers:
            error = IllegalTransition
        self._expect(
            "approve", error, lambda: approve_request(self.db, request_id, person, now=self.now)
        )
        if error is not None:
            return
        request.approvers.append(person)
        sides = Counter(self._side(name, request) for name in request.approvers)
        if sides["donor"] >= request.needs_donor and sides["authority"] >= 1:
            request.status = "approved"

    @precondition(lambda self: bool(self.requests))
    @rule(data=st.data(), person=st.sampled_from(PEOPLE))
    def reject(self, data: st.DataObject, person: str) -> None:
        request_id = data.draw(st.sampled_from(sorted(self.requests)))
        request = self.requests[request_id]
        error = self._decision_error(request, person)
        self._expect(
            "reject",
            error,
            lambda: reject_request(self.db, request_id, person, "no receipts", now=self.now),
        )
        if error is None:
            request.status = "rejected"

    @precondition(lambda self: bool(self.requests))
    @rule(data=st.data())
    def disburse(self, data: st.DataObject) -> None:
        self._disburse(data.draw(st.sampled_from(sorted(self.requests))))

    @precondition(lambda self: any(r.status == "approved" for r in self.requests.values()))
    @rule(data=st.data())
    def disburse_an_approved_request(self, data: st.DataObject) -> None:
        approved = sorted(i for i, r in self.requests.items() if r.status == "approved")
        self._disburse(data.draw(st.sampled_from(approved)))

    def _disburse(self, request_id: int) -> None:
        request = self.requests[request_id]
        account = f"commitment:{request.commitment}"
        error: type[SentinelleError] | None = None
        short = self.balances[(account, "XOF")] < request.amount
        if request.status not in ("approved", "disbursed") or (
            request.status == "approved" and short
        ):
            error = IllegalTransition
        self._expect("disburse", error, lambda: disburse(self.db, request_id, now=self.now))
        if error is None and request.status == "approved":
            request.status = "disbursed"
            self.disbursed.add(request_id)
            project = self.project_ids[self.commitments[request.commitment].project]
            self._post(
                "disbursement",
                [
                    (f"project-cash:{project}", "XOF", request.amount),
                    (account, "XOF", -request.amount),
                ],
            )

    @precondition(lambda self: any(v > 0 for (a, _), v in self.balances.items() if "cash" in a))
    @rule(project=st.sampled_from(sorted(PROJECTS)), amount=amounts)
    def spend(self, project: str, amount: int) -> None:
        number = self.project_ids[project]
        cash = (f"project-cash:{number}", "XOF")
        enough = self.balances[cash] >= amount
        result = self._expect(
            "spend",
            None if enough else IllegalTransition,
            lambda: record_expenditure(
                self.db, project, amount, "XOF", self.now.date(), uuid.uuid4().hex, now=self.now
            ),
        )
        if result is not None:
            self._post(
                "expenditure",
                [(f"project-spent:{number}", "XOF", amount), (cash[0], "XOF", -amount)],
            )

    @precondition(lambda self: bool(self.entries))
    @rule(data=st.data())
    def reverse(self, data: st.DataObject) -> None:
        entry_id = data.draw(st.sampled_from(sorted(self.entries)))
        mirror = [
            (account, currency, -signed) for account, currency, signed in self.entries[entry_id]
        ]
        error: type[SentinelleError] | None = None
        if (
            self.kinds[entry_id] == "reversal"
            or entry_id in self.reversed
            or any(
                account.startswith(NON_NEGATIVE) and self.balances[(account, currency)] + signed < 0
                for account, currency, signed in mirror
            )
        ):
            error = IllegalTransition
        self._expect("reverse", error, lambda: reverse(self.db, entry_id, now=self.now))
        if error is None:
            self.reversed.add(entry_id)
            self._post("reversal", mirror)

    @rule(hours=st.integers(min_value=1, max_value=12))
    def advance_clock(self, hours: int) -> None:
        type(self).steps += 1
        self.now += dt.timedelta(hours=hours)

    def _store_balances(self) -> dict[tuple[str, str], int]:
        with self.db.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT account, currency, SUM(debit_minor - credit_minor) "
                    "FROM fund_journal_lines GROUP BY account, currency"
                )
            )
            return {(account, currency): int(total) for account, currency, total in rows}

    @invariant()
    def balances_match_the_model_and_sum_to_zero(self) -> None:
        stored = self._store_balances()
        assert {k: v for k, v in stored.items() if v} == {
            k: v for k, v in self.balances.items() if v
        }
        per_currency: Counter[str] = Counter()
        for (_, currency), total in stored.items():
            per_currency[currency] += total
        assert all(total == 0 for total in per_currency.values()), per_currency
        overdrawn = {k: v for k, v in stored.items() if k[0].startswith(NON_NEGATIVE) and v < 0}
        assert not overdrawn

    @invariant()
    def every_disbursement_has_both_keys(self) -> None:
        with self.db.engine.connect() as connection:
            rows = connection.execute(text(APPROVERS_OF_DISBURSEMENTS)).all()
        approvers: dict[int, list[Any]] = {}
        for row in rows:
            approvers.setdefault(row.request_id, []).append(row)
        assert set(approvers) == self.disbursed
        for request_rows in approvers.values():
            _assert_two_keys(request_rows)


APPROVERS_OF_DISBURSEMENTS = """
SELECT d.request_id, r.requester_id, r.donor_approvals_needed AS donor_needed,
       r.authority_approvals_needed AS authority_needed, pl.donor_id, pr.region_pcode,
       a.person_id, p.role, o.id AS org_id, o.kind AS org_kind, o.region_pcode AS org_region
FROM fund_disbursements d
JOIN fund_disbursement_requests r ON r.id = d.request_id
JOIN fund_commitments c ON c.id = r.commitment_id
JOIN fund_pledges pl ON pl.id = c.pledge_id
JOIN fund_projects pr ON pr.id = c.project_id
LEFT JOIN fund_approvals a ON a.request_id = r.id
LEFT JOIN fund_people p ON p.id = a.person_id
LEFT JOIN fund_organisations o ON o.id = p.organisation_id
"""


def _assert_two_keys(rows: list[Any]) -> None:
    people = [row.person_id for row in rows]
    first = rows[0]
    assert None not in people and len(set(people)) == len(people) >= 2
    assert first.requester_id not in people
    donors = {r.person_id for r in rows if r.role == "donor_rep" and r.org_id == r.donor_id}
    authorities = {
        r.person_id
        for r in rows
        if r.role == "local_authority_rep"
        and r.org_kind == "local_authority"
        and r.org_region == r.region_pcode
    }
    assert len(donors) >= first.donor_needed >= 1
    assert len(authorities) >= first.authority_needed >= 1
    assert not donors & authorities


# Tables emptied before each example, children first; the world (people, projects) stays.
FLOW_TABLES = (
    "fund_journal_lines", "fund_disbursements", "fund_expenditures", "fund_approvals",
    "fund_disbursement_requests", "fund_commitments", "fund_pledges", "fund_journal_entries",
)  # fmt: skip


def _reset_flows(database: Database) -> None:
    """Back to the bare world: one engine for every example keeps SQLAlchemy's caches warm."""
    with database.engine.begin() as connection:
        for table in FLOW_TABLES:
            connection.execute(text(f"DELETE FROM {table}"))
        connection.execute(
            text("UPDATE fund_ledger_head SET last_seq = 0, last_hash = :genesis"),
            {"genesis": "0" * 64},
        )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A migrated SQLite file holding the world, reset before every example."""
    path = tmp_path_factory.mktemp("funds") / "world.db"
    database = open_database(f"sqlite:///{path}")
    build_world(database)
    yield database
    database.dispose()


def test_random_fund_operations_keep_the_ledger_sound(world: Database) -> None:
    LedgerMachine.database = world
    LedgerMachine.steps = 0
    rounds = 0
    while LedgerMachine.steps < TARGET_STEPS:
        remaining = TARGET_STEPS - LedgerMachine.steps
        run_state_machine_as_test(
            LedgerMachine,
            settings=settings(
                max_examples=max(1, remaining // STEPS_PER_EXAMPLE),
                stateful_step_count=STEPS_PER_EXAMPLE,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            ),
        )
        rounds += 1
    print(sorted(OUTCOMES.items()))
    # The run must have exercised every success path, or it proved nothing.
    for label in ("pledge", "commit", "request", "approve", "reject", "disburse", "reverse"):
        assert OUTCOMES[(label, "ok")] > 0, f"no successful {label} in {LedgerMachine.steps} steps"
    print(f"ledger state machine: {LedgerMachine.steps} steps in {rounds} round(s)")
    assert LedgerMachine.steps >= TARGET_STEPS
