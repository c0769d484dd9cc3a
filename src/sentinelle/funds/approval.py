"""Two keys: a disbursement posts only after the donor and the region's authority both approve.

A request needs approvals from representatives of the donor whose pledge funds the commitment
and of the local authority of the project's region: distinct people, never the requester,
before the request expires. Approval rules can ask for more approvers above an amount.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from sentinelle.errors import IllegalTransition, InputError, NotFound, PermissionDenied
from sentinelle.funds.concurrency import crash_point, lock_ledger, transact, writing
from sentinelle.funds.flows import (
    OrgKind,
    PersonRole,
    commitment_account,
    project_cash_account,
)
from sentinelle.funds.ledger import EntryKind, balance, credit, debit, post_entry
from sentinelle.funds.money import check_currency, check_minor
from sentinelle.store import Database
from sentinelle.store.models.base import Base, utcnow
from sentinelle.store.models.funds import (
    FundApprovalRule,
    FundDisbursementRequest,
)

# How long a request waits for its approvals: two weeks lets both sides meet once in a
# fortnight without leaving a stale request open for months.
DEFAULT_REQUEST_TTL = dt.timedelta(days=14)


class RequestStatus(enum.StrEnum):
    """Where a disbursement request stands."""

    PENDING = "pending"
    APPROVED = "approved"
    DISBURSED = "disbursed"
    REJECTED = "rejected"
    EXPIRED = "expired"


class ApprovalSide(enum.StrEnum):
    """Which key a person holds for one request."""

    DONOR = "donor"
    AUTHORITY = "authority"


@dataclass(frozen=True)
class RequestView:
    """A request, its approvals so far and what it still needs."""

    id: int
    idempotency_key: str
    commitment_id: int
    project_code: str
    region_pcode: str
    requester: str
    amount_minor: int
    currency: str
    purpose: str
    status: RequestStatus
    expires_at: dt.datetime
    approvers: tuple[str, ...]
    donor_approvals_needed: int
    authority_approvals_needed: int
    rejection_reason: str | None


@dataclass(frozen=True)
class DisbursementView:
    """A posted disbursement."""

    id: int
    request_id: int
    commitment_id: int
    amount_minor: int
    currency: str
    disbursed_on: dt.date
    journal_entry_id: int


def add_approval_rule(
    database: Database,
    currency: str,
    min_amount_minor: int,
    donor_approvals: int,
    authority_approvals: int,
) -> int:
    """From ``min_amount_minor`` up, requests need this many approvals of each side."""
    code = check_currency(currency)
    threshold = check_minor(min_amount_minor, what="threshold", allow_zero=True)
    if donor_approvals < 1 or authority_approvals < 1:
        raise InputError("each side must approve at least once: the two keys are never waived")

    def work(session: Session) -> int:
        row = FundApprovalRule(
            currency=code,
            min_amount_minor=threshold,
            donor_approvals=donor_approvals,
            authority_approvals=authority_approvals,
        )
        session.add(row)
        session.flush()
        return row.id

    return transact(database, work)


# Tables of the hot path; its statements below are built once, so that an operation skips
# building, hashing and caching queries (Core rows, no ORM objects: the concurrency test runs
# a hundred thousand operations).
_TABLES = Base.metadata.tables
_REQ = _TABLES["fund_disbursement_requests"]
_COM = _TABLES["fund_commitments"]
_PRJ = _TABLES["fund_projects"]
_PLG = _TABLES["fund_pledges"]
_PPL = _TABLES["fund_people"]
_ORG = _TABLES["fund_organisations"]
_APR = _TABLES["fund_approvals"]
_DSB = _TABLES["fund_disbursements"]
_RUL = _TABLES["fund_approval_rules"]
_LIN = _TABLES["fund_journal_lines"]


@dataclass(frozen=True, slots=True)
class _Person:
    """A person with their organisation: what deciding their key takes."""

    id: int
    name: str
    role: str
    organisation_id: int
    organisation: str
    kind: str
    region_pcode: str | None


@dataclass(frozen=True, slots=True)
class _Context:
    """A request with what deciding it takes: its project's region and the funding donor."""

    id: int
    idempotency_key: str
    commitment_id: int
    requester_id: int
    requester: str
    amount_minor: int
    currency: str
    purpose: str
    status: str
    expires_at: dt.datetime
    donor_approvals_needed: int
    authority_approvals_needed: int
    rejection_reason: str | None
    project_id: int
    project_code: str
    region_pcode: str
    donor_id: int


_CONTEXT_COLUMNS = (
    _REQ.c.id,
    _REQ.c.idempotency_key,
    _REQ.c.commitment_id,
    _REQ.c.requester_id,
    _PPL.c.name,
    _REQ.c.amount_minor,
    _REQ.c.currency,
    _REQ.c.purpose,
    _REQ.c.status,
    _REQ.c.expires_at,
    _REQ.c.donor_approvals_needed,
    _REQ.c.authority_approvals_needed,
    _REQ.c.rejection_reason,
    _PRJ.c.id,
    _PRJ.c.code,
    _PRJ.c.region_pcode,
    _PLG.c.donor_id,
)
_CONTEXT_FROM = (
    _REQ.join(_COM, _COM.c.id == _REQ.c.commitment_id)
    .join(_PRJ, _PRJ.c.id == _COM.c.project_id)
    .join(_PLG, _PLG.c.id == _COM.c.pledge_id)
    .join(_PPL, _PPL.c.id == _REQ.c.requester_id)
)
# With the request's disbursement, if any (the columns of ``DisbursementView``).
_DISBURSEMENT_COLUMNS = (
    _DSB.c.id,
    _DSB.c.request_id,
    _DSB.c.commitment_id,
    _DSB.c.amount_minor,
    _DSB.c.currency,
    _DSB.c.disbursed_on,
    _DSB.c.journal_entry_id,
)


def _person_columns(person: Any, organisation: Any) -> tuple[Any, ...]:
    """A person and their organisation, in the order the person views are read in."""
    return (
        person.c.id,
        person.c.name,
        person.c.role,
        organisation.c.id,
        organisation.c.name,
        organisation.c.kind,
        organisation.c.region_pcode,
    )


_PERSON_COLUMNS = _person_columns(_PPL, _ORG)
_PERSON = select(*_PERSON_COLUMNS).select_from(_PPL.join(_ORG, _ORG.c.id == _PPL.c.organisation_id))
PERSON_BY_ID = _PERSON.where(_PPL.c.id == bindparam("person"))
PERSON_BY_NAME = _PERSON.where(_PPL.c.name == bindparam("person"))
# A request, its disbursement if any, and its approvers in order (one row per approval): one
# round trip where a decision needs all three.
_APPROVER = _PPL.alias("approver")
_APPROVER_ORG = _ORG.alias("approver_org")
_APPROVER_COLUMNS = _person_columns(_APPROVER, _APPROVER_ORG)
_ACTOR = _PPL.alias("actor")
_ACTOR_ORG = _ORG.alias("actor_org")
_ACTOR_COLUMNS = _person_columns(_ACTOR, _ACTOR_ORG)
_REQUEST_FROM = (
    _CONTEXT_FROM.outerjoin(_DSB, _DSB.c.request_id == _REQ.c.id)
    .outerjoin(_APR, _APR.c.request_id == _REQ.c.id)
    .outerjoin(_APPROVER, _APPROVER.c.id == _APR.c.person_id)
    .outerjoin(_APPROVER_ORG, _APPROVER_ORG.c.id == _APPROVER.c.organisation_id)
)
_REQUEST = (
    select(*_CONTEXT_COLUMNS, *_DISBURSEMENT_COLUMNS, *_APPROVER_COLUMNS)
    .select_from(_REQUEST_FROM)
    .order_by(_APR.c.id)
)
REQUEST_BY_ID = _REQUEST.where(_REQ.c.id == bindparam("request_id"))
REQUEST_BY_KEY = _REQUEST.where(_REQ.c.idempotency_key == bindparam("key"))


def _with_actor(column: str) -> Select[Any]:
    """The request by id with the person deciding on it, found by ``column`` (id or name)."""
    return (
        select(*_CONTEXT_COLUMNS, *_DISBURSEMENT_COLUMNS, *_APPROVER_COLUMNS, *_ACTOR_COLUMNS)
        .select_from(
            _REQUEST_FROM.outerjoin(_ACTOR, _ACTOR.c[column] == bindparam("person")).outerjoin(
                _ACTOR_ORG, _ACTOR_ORG.c.id == _ACTOR.c.organisation_id
            )
        )
        .where(_REQ.c.id == bindparam("request_id"))
        .order_by(_APR.c.id)
    )


REQUEST_WITH_ACTOR_ID = _with_actor("id")
REQUEST_WITH_ACTOR_NAME = _with_actor("name")
# PostgreSQL re-reads only the locked row after waiting for its lock, not the rows joined to
# it: the request is locked alone first, then read whole in a statement that sees it fresh.
LOCK_REQUEST = select(_REQ.c.id).where(_REQ.c.id == bindparam("request_id")).with_for_update()
_SPLIT = len(_CONTEXT_COLUMNS)
_SPLIT_APPROVER = _SPLIT + len(_DISBURSEMENT_COLUMNS)
_SPLIT_ACTOR = _SPLIT_APPROVER + len(_APPROVER_COLUMNS)


# What a new request needs checked, in one read: the commitment's currency and undisbursed
# remainder, its project, the approvals the amount needs (rules), and the requester.
def _new_request_check(column: str) -> Select[Any]:
    """Commitment, remainder, project, rules and requester (found by ``column``) at once."""
    left = (
        select(func.coalesce(func.sum(_LIN.c.debit_minor - _LIN.c.credit_minor), 0))
        .where(_LIN.c.account == bindparam("account"), _LIN.c.currency == _COM.c.currency)
        .scalar_subquery()
    )
    donor_rule = (
        select(func.max(_RUL.c.donor_approvals))
        .where(_RUL.c.currency == _COM.c.currency, _RUL.c.min_amount_minor <= bindparam("amount"))
        .scalar_subquery()
    )
    authority_rule = (
        select(func.max(_RUL.c.authority_approvals))
        .where(_RUL.c.currency == _COM.c.currency, _RUL.c.min_amount_minor <= bindparam("amount"))
        .scalar_subquery()
    )
    return (
        select(
            _COM.c.currency,
            left,
            _PRJ.c.code,
            _PRJ.c.region_pcode,
            donor_rule,
            authority_rule,
            *_ACTOR_COLUMNS,
        )
        .select_from(
            _COM.join(_PRJ, _PRJ.c.id == _COM.c.project_id)
            .outerjoin(_ACTOR, _ACTOR.c[column] == bindparam("person"))
            .outerjoin(_ACTOR_ORG, _ACTOR_ORG.c.id == _ACTOR.c.organisation_id)
        )
        .where(_COM.c.id == bindparam("commitment_id"))
    )


NEW_REQUEST_BY_ID = _new_request_check("id")
NEW_REQUEST_BY_NAME = _new_request_check("name")
INSERT_REQUEST = insert(_REQ).returning(_REQ.c.id)
INSERT_APPROVAL = insert(_APR)
DECIDE = (
    update(_REQ)
    .where(_REQ.c.id == bindparam("request_id"))
    .values(
        status=bindparam("status"),
        decided_at=bindparam("decided_at"),
        rejected_by_id=bindparam("rejected_by_id"),
        rejection_reason=bindparam("rejection_reason"),
    )
)
MARK_DISBURSED = (
    update(_REQ)
    .where(_REQ.c.id == bindparam("request_id"))
    .values(status=RequestStatus.DISBURSED.value)
)
INSERT_DISBURSEMENT = insert(_DSB).returning(_DSB.c.id)


@dataclass(frozen=True, slots=True)
class _Loaded:
    """A request's context, its approvers in order, its disbursement if paid, and the person
    deciding on it if one was asked for."""

    ctx: _Context
    approvers: list[_Person]
    paid: DisbursementView | None
    actor: _Person | None = None


def _load(
    session: Session, request_id: int, *, lock: bool = False, actor: int | str | None = None
) -> _Loaded:
    """The request (and ``actor``) in one read; ``lock`` holds its row to the end (SQLite's
    write lock already does)."""
    connection = session.connection()
    params: dict[str, Any] = {"request_id": request_id}
    # A request whose row could not be locked did not exist when asked for; it must not be
    # decided on even if it is committed before the next statement reads it.
    locking = lock and connection.dialect.name == "postgresql"
    if locking and connection.execute(LOCK_REQUEST, params).first() is None:
        raise NotFound(f"no disbursement request {request_id}")
    query = REQUEST_BY_ID
    if actor is not None:
        query = REQUEST_WITH_ACTOR_ID if isinstance(actor, int) else REQUEST_WITH_ACTOR_NAME
        params["person"] = actor
    found = _loaded(connection.execute(query, params).all())
    if found is None:
        raise NotFound(f"no disbursement request {request_id}")
    if actor is not None and found.actor is None:
        raise NotFound(f"no person {actor!r}: register them with 'funds person'")
    return found


def _loaded(rows: Sequence[Sequence[Any]]) -> _Loaded | None:
    if not rows:
        return None
    first: tuple[Any, ...] = tuple(rows[0])
    paid = None if first[_SPLIT] is None else DisbursementView(*first[_SPLIT:_SPLIT_APPROVER])
    approvers = [
        _Person(*values)
        for values in (tuple(row)[_SPLIT_APPROVER:_SPLIT_ACTOR] for row in rows)
        if values[0] is not None
    ]
    actor = _person(first[_SPLIT_ACTOR:])
    return _Loaded(_Context(*first[:_SPLIT]), approvers, paid, actor)


def _person(values: tuple[Any, ...]) -> _Person | None:
    return None if not values or values[0] is None else _Person(*values)


def _find_person(session: Session, ref: int | str) -> _Person:
    query = PERSON_BY_ID if isinstance(ref, int) else PERSON_BY_NAME
    row = session.connection().execute(query, {"person": ref}).one_or_none()
    if row is None:
        raise NotFound(f"no person {ref!r}: register them with 'funds person'")
    return _Person(*tuple(row))


def _side(person: _Person, ctx: _Context) -> ApprovalSide:
    """Which key ``person`` holds for this request, or PermissionDenied saying why none."""
    if person.id == ctx.requester_id:
        raise PermissionDenied(
            f"{person.name} created request {ctx.id} and cannot approve or reject it"
        )
    if person.role == PersonRole.DONOR_REP.value and person.organisation_id == ctx.donor_id:
        return ApprovalSide.DONOR
    if (
        person.role == PersonRole.LOCAL_AUTHORITY_REP.value
        and person.kind == OrgKind.LOCAL_AUTHORITY.value
        and person.region_pcode == ctx.region_pcode
    ):
        return ApprovalSide.AUTHORITY
    raise PermissionDenied(
        f"{person.name} ({person.role} of {person.organisation}) holds neither key for request "
        f"{ctx.id}: it needs the funding donor's representatives and the local "
        f"authority of region {ctx.region_pcode}"
    )


def _fully_approved(approvers: list[_Person], ctx: _Context) -> bool:
    """Approvals that still hold under the request's rules, per side, distinct people."""
    counts = {ApprovalSide.DONOR: 0, ApprovalSide.AUTHORITY: 0}
    seen: set[int] = set()
    for person in approvers:
        if person.id in seen:
            continue
        try:
            side = _side(person, ctx)
        except PermissionDenied:
            continue
        seen.add(person.id)
        counts[side] += 1
    return (
        counts[ApprovalSide.DONOR] >= ctx.donor_approvals_needed
        and counts[ApprovalSide.AUTHORITY] >= ctx.authority_approvals_needed
    )


def _effective_status(status: str, expires_at: dt.datetime, now: dt.datetime) -> RequestStatus:
    current = RequestStatus(status)
    if current is RequestStatus.PENDING and now >= expires_at:
        return RequestStatus.EXPIRED
    return current


def request_view(session: Session, request_id: int, now: dt.datetime) -> RequestView:
    """The frozen view of a request as it stands at ``now``."""
    found = _load(session, request_id)
    return _view(found.ctx, found.approvers, now)


def _view(
    ctx: _Context,
    approvers: list[_Person],
    now: dt.datetime,
    *,
    status: str | None = None,
    rejection_reason: str | None = None,
) -> RequestView:
    current = status or ctx.status
    return RequestView(
        ctx.id,
        ctx.idempotency_key,
        ctx.commitment_id,
        ctx.project_code,
        ctx.region_pcode,
        ctx.requester,
        ctx.amount_minor,
        ctx.currency,
        ctx.purpose,
        _effective_status(current, ctx.expires_at, now),
        ctx.expires_at,
        tuple(person.name for person in approvers),
        ctx.donor_approvals_needed,
        ctx.authority_approvals_needed,
        rejection_reason or ctx.rejection_reason,
    )


def request_disbursement(
    database: Database,
    commitment_id: int,
    requester: int | str,
    amount_minor: int,
    idempotency_key: str,
    *,
    purpose: str = "",
    now: dt.datetime | None = None,
    ttl: dt.timedelta = DEFAULT_REQUEST_TTL,
) -> RequestView:
    """Ask for a disbursement; the same idempotency key returns the first request unchanged."""
    amount = check_minor(amount_minor)
    key = idempotency_key.strip()
    if not key:
        raise InputError("a disbursement request needs an idempotency key")
    moment = now or utcnow()

    def work(session: Session) -> RequestView:
        connection = session.connection()
        existing = _loaded(connection.execute(REQUEST_BY_KEY, {"key": key}).all())
        if existing is not None:
            ctx = existing.ctx
            if (ctx.commitment_id, ctx.amount_minor) != (commitment_id, amount):
                raise InputError(
                    f"idempotency key {key!r} was already used for request {ctx.id} "
                    "with another commitment or amount"
                )
            return _view(ctx, existing.approvers, moment)
        query = NEW_REQUEST_BY_ID if isinstance(requester, int) else NEW_REQUEST_BY_NAME
        params = {
            "commitment_id": commitment_id,
            "account": commitment_account(commitment_id),
            "amount": amount,
            "person": requester,
        }
        commitment = connection.execute(query, params).one_or_none()
        if commitment is None:
            raise NotFound(f"no commitment {commitment_id}")
        values = tuple(commitment)
        currency, left, project_code, region = str(values[0]), int(values[1]), values[2], values[3]
        person = _person(values[6:])
        if person is None:
            raise NotFound(f"no person {requester!r}: register them with 'funds person'")
        if amount > left:
            raise IllegalTransition(
                f"commitment {commitment_id} has {left} {currency} undisbursed; "
                f"cannot request {amount}"
            )
        donor_needed, authority_needed = max(1, values[4] or 0), max(1, values[5] or 0)
        writing(session)
        expires_at = (moment + ttl).astimezone(dt.UTC)
        row = {
            "idempotency_key": key,
            "commitment_id": commitment_id,
            "requester_id": person.id,
            "amount_minor": amount,
            "currency": currency,
            "purpose": purpose,
            "status": RequestStatus.PENDING.value,
            "donor_approvals_needed": donor_needed,
            "authority_approvals_needed": authority_needed,
            "created_at": moment,
            "expires_at": expires_at,
        }
        request_id = int(connection.execute(INSERT_REQUEST, row).scalar_one())
        status = _effective_status(RequestStatus.PENDING.value, expires_at, moment)
        return RequestView(
            request_id,
            key,
            commitment_id,
            project_code,
            region,
            person.name,
            amount,
            currency,
            purpose,
            status,
            expires_at,
            (),
            donor_needed,
            authority_needed,
            None,
        )

    return transact(database, work, retry_on_integrity=True, read_first=True)


def _open_request(ctx: _Context, now: dt.datetime) -> None:
    status = _effective_status(ctx.status, ctx.expires_at, now)
    if status is RequestStatus.EXPIRED:
        raise IllegalTransition(
            f"request {ctx.id} expired at {ctx.expires_at.isoformat()}; make a new request"
        )
    if status is not RequestStatus.PENDING:
        raise IllegalTransition(f"request {ctx.id} is {status.value}, not pending")


def approve_request(
    database: Database, request_id: int, person: int | str, *, now: dt.datetime | None = None
) -> RequestView:
    """Record ``person``'s approval; the request becomes approved once both keys are in."""
    moment = now or utcnow()

    def work(session: Session) -> RequestView:
        found = _load(session, request_id, lock=True, actor=person)
        ctx, approvers, approver = found.ctx, found.approvers, found.actor
        assert approver is not None  # _load raised NotFound otherwise
        _open_request(ctx, moment)
        side = _side(approver, ctx)
        if any(p.id == approver.id for p in approvers):
            raise IllegalTransition(f"{approver.name} already approved request {request_id}")
        writing(session)
        connection = session.connection()
        connection.execute(
            INSERT_APPROVAL,
            {
                "request_id": request_id,
                "person_id": approver.id,
                "role": side.value,
                "organisation_id": approver.organisation_id,
                "approved_at": moment,
            },
        )
        crash_point("approve:after-approval")
        approvers.append(approver)
        status = ctx.status
        if _fully_approved(approvers, ctx):
            status = RequestStatus.APPROVED.value
            connection.execute(
                DECIDE,
                {
                    "request_id": request_id,
                    "status": status,
                    "decided_at": moment,
                    "rejected_by_id": None,
                    "rejection_reason": None,
                },
            )
        crash_point("approve:before-commit")
        return _view(ctx, approvers, moment, status=status)

    return transact(database, work, read_first=True)


def reject_request(
    database: Database,
    request_id: int,
    person: int | str,
    reason: str,
    *,
    now: dt.datetime | None = None,
) -> RequestView:
    """Refuse a pending request, recording who refused it and why."""
    moment = now or utcnow()
    why = reason.strip()
    if not why:
        raise InputError("a rejection needs a reason")

    def work(session: Session) -> RequestView:
        found = _load(session, request_id, lock=True, actor=person)
        ctx, refuser = found.ctx, found.actor
        assert refuser is not None  # _load raised NotFound otherwise
        _open_request(ctx, moment)
        _side(refuser, ctx)
        writing(session)
        status = RequestStatus.REJECTED.value
        session.connection().execute(
            DECIDE,
            {
                "request_id": request_id,
                "status": status,
                "decided_at": moment,
                "rejected_by_id": refuser.id,
                "rejection_reason": why,
            },
        )
        return _view(ctx, found.approvers, moment, status=status, rejection_reason=why)

    return transact(database, work, read_first=True)


def disburse(
    database: Database,
    request_id: int,
    *,
    disbursed_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> DisbursementView:
    """Post an approved request (Dr project cash / Cr commitment); a repeat returns the first."""
    moment = now or utcnow()
    day = disbursed_on or moment.date()

    def work(session: Session) -> DisbursementView:
        # A request already paid, or not approved, is answered from one unlocked read: the
        # disbursement row never changes once committed, and a request refused here was not
        # approved when it was read. Only a payment takes the ledger lock and reads again.
        found = _load(session, request_id)
        head = None
        if found.paid is None and found.ctx.status == RequestStatus.APPROVED.value:
            writing(session)
            head = lock_ledger(session)
            found = _load(session, request_id, lock=True)
        ctx = found.ctx
        if found.paid is not None:
            return found.paid
        if (
            head is None
            or ctx.status != RequestStatus.APPROVED.value
            or not _fully_approved(found.approvers, ctx)
        ):
            raise IllegalTransition(
                f"request {request_id} is "
                f"{_effective_status(ctx.status, ctx.expires_at, moment).value}: "
                "it posts only once the donor and the local authority have both approved it"
            )
        amount, code = ctx.amount_minor, ctx.currency
        account = commitment_account(ctx.commitment_id)
        left = balance(session, account, code)
        if amount > left:
            raise IllegalTransition(
                f"request {request_id} would overdraw commitment {ctx.commitment_id} "
                f"({left} {code} left, {amount} asked)"
            )
        lines = [
            debit(project_cash_account(ctx.project_id), code, amount),
            credit(account, code, amount),
        ]
        entry_id = post_entry(
            session, EntryKind.DISBURSEMENT, f"request:{request_id}", lines, day, moment, head=head
        )
        connection = session.connection()
        values = {
            "request_id": request_id,
            "commitment_id": ctx.commitment_id,
            "amount_minor": amount,
            "currency": code,
            "disbursed_on": day,
            "journal_entry_id": entry_id,
        }
        number = int(connection.execute(INSERT_DISBURSEMENT, values).scalar_one())
        connection.execute(MARK_DISBURSED, {"request_id": request_id})
        crash_point("disburse:before-commit")
        return DisbursementView(number, request_id, ctx.commitment_id, amount, code, day, entry_id)

    return transact(database, work, retry_on_integrity=True, read_first=True)


def pending_approvals(
    database: Database, person: int | str, *, now: dt.datetime | None = None
) -> list[RequestView]:
    """Pending, unexpired requests that ``person`` may approve and has not yet approved."""
    moment = now or utcnow()

    def work(session: Session) -> list[RequestView]:
        approver = _find_person(session, person)
        ids = session.scalars(
            select(FundDisbursementRequest.id)
            .where(FundDisbursementRequest.status == RequestStatus.PENDING.value)
            .where(FundDisbursementRequest.expires_at > moment)
            .order_by(FundDisbursementRequest.id)
        ).all()
        views = []
        for request_id in ids:
            found = _load(session, request_id)
            try:
                _side(approver, found.ctx)
            except PermissionDenied:
                continue
            view = _view(found.ctx, found.approvers, moment)
            if approver.name not in view.approvers:
                views.append(view)
        return views

    return transact(database, work)


def list_requests(database: Database, *, now: dt.datetime | None = None) -> list[RequestView]:
    """Every request as it stands now."""
    moment = now or utcnow()

    def work(session: Session) -> list[RequestView]:
        ids = session.scalars(
            select(FundDisbursementRequest.id).order_by(FundDisbursementRequest.id)
        ).all()
        return [request_view(session, request_id, moment) for request_id in ids]

    return transact(database, work)
