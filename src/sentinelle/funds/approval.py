"""Two keys: a disbursement posts only after the donor and the region's authority both approve.

A request needs approvals from representatives of the donor whose pledge funds the commitment
and of the local authority of the project's region: distinct people, never the requester,
before the request expires. Approval rules can ask for more approvers above an amount.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sentinelle.errors import IllegalTransition, InputError, NotFound, PermissionDenied
from sentinelle.funds.concurrency import crash_point, lock_ledger, transact
from sentinelle.funds.flows import (
    OrgKind,
    PersonRole,
    commitment_account,
    find_person,
    project_cash_account,
)
from sentinelle.funds.ledger import EntryKind, balance, credit, debit, post_entry
from sentinelle.funds.money import check_currency, check_minor
from sentinelle.store import Database
from sentinelle.store.models.base import utcnow
from sentinelle.store.models.funds import (
    FundApproval,
    FundApprovalRule,
    FundCommitment,
    FundDisbursement,
    FundDisbursementRequest,
    FundOrganisation,
    FundPerson,
    FundPledge,
    FundProject,
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


def required_approvals(session: Session, amount_minor: int, currency: str) -> tuple[int, int]:
    """(donor, authority) approvals a request of this amount needs: 1 and 1 unless a rule says."""
    rules = session.scalars(
        select(FundApprovalRule)
        .where(FundApprovalRule.currency == currency)
        .where(FundApprovalRule.min_amount_minor <= amount_minor)
    ).all()
    donor = max([1, *(rule.donor_approvals for rule in rules)])
    authority = max([1, *(rule.authority_approvals for rule in rules)])
    return donor, authority


@dataclass(frozen=True)
class _Context:
    request: FundDisbursementRequest
    commitment: FundCommitment
    project: FundProject
    donor_id: int


def _context(session: Session, request_id: int, *, lock: bool = False) -> _Context:
    query = (
        select(FundDisbursementRequest, FundCommitment, FundProject, FundPledge.donor_id)
        .join(FundCommitment, FundCommitment.id == FundDisbursementRequest.commitment_id)
        .join(FundProject, FundProject.id == FundCommitment.project_id)
        .join(FundPledge, FundPledge.id == FundCommitment.pledge_id)
        .where(FundDisbursementRequest.id == request_id)
    )
    if lock:
        query = query.with_for_update(of=FundDisbursementRequest)
    row = session.execute(query).one_or_none()
    if row is None:
        raise NotFound(f"no disbursement request {request_id}")
    return _Context(row[0], row[1], row[2], row[3])


def approval_side(session: Session, person: FundPerson, ctx: _Context) -> ApprovalSide:
    """Which key ``person`` holds for this request, or PermissionDenied saying why none."""
    org = session.get(FundOrganisation, person.organisation_id)
    if org is None:
        raise NotFound(f"{person.name}'s organisation is missing")
    return _side(person, org, ctx)


def _side(person: FundPerson, org: FundOrganisation, ctx: _Context) -> ApprovalSide:
    if person.id == ctx.request.requester_id:
        raise PermissionDenied(
            f"{person.name} created request {ctx.request.id} and cannot approve or reject it"
        )
    if person.role == PersonRole.DONOR_REP.value and org.id == ctx.donor_id:
        return ApprovalSide.DONOR
    if (
        person.role == PersonRole.LOCAL_AUTHORITY_REP.value
        and org.kind == OrgKind.LOCAL_AUTHORITY.value
        and org.region_pcode == ctx.project.region_pcode
    ):
        return ApprovalSide.AUTHORITY
    raise PermissionDenied(
        f"{person.name} ({person.role} of {org.name}) holds neither key for request "
        f"{ctx.request.id}: it needs the funding donor's representatives and the local "
        f"authority of region {ctx.project.region_pcode}"
    )


def _approvers(session: Session, request_id: int) -> list[tuple[FundPerson, FundOrganisation]]:
    """Who approved the request, in order, with their organisations."""
    query = (
        select(FundPerson, FundOrganisation)
        .join(FundApproval, FundApproval.person_id == FundPerson.id)
        .join(FundOrganisation, FundOrganisation.id == FundPerson.organisation_id)
        .where(FundApproval.request_id == request_id)
        .order_by(FundApproval.id)
    )
    return [(row[0], row[1]) for row in session.execute(query)]


def _counts(session: Session, ctx: _Context) -> dict[ApprovalSide, int]:
    """Approvals that still hold under the current rules, counted per side, distinct people."""
    counts = {ApprovalSide.DONOR: 0, ApprovalSide.AUTHORITY: 0}
    seen: set[int] = set()
    for person, org in _approvers(session, ctx.request.id):
        if person.id in seen:
            continue
        try:
            side = _side(person, org, ctx)
        except PermissionDenied:
            continue
        seen.add(person.id)
        counts[side] += 1
    return counts


def _fully_approved(session: Session, ctx: _Context) -> bool:
    counts = _counts(session, ctx)
    return (
        counts[ApprovalSide.DONOR] >= ctx.request.donor_approvals_needed
        and counts[ApprovalSide.AUTHORITY] >= ctx.request.authority_approvals_needed
    )


def _effective_status(request: FundDisbursementRequest, now: dt.datetime) -> RequestStatus:
    status = RequestStatus(request.status)
    if status is RequestStatus.PENDING and now >= request.expires_at:
        return RequestStatus.EXPIRED
    return status


def request_view(session: Session, request_id: int, now: dt.datetime) -> RequestView:
    """The frozen view of a request as it stands at ``now``."""
    return _view(session, _context(session, request_id), now)


def _view(session: Session, ctx: _Context, now: dt.datetime) -> RequestView:
    request = ctx.request
    requester = session.get(FundPerson, request.requester_id)
    return RequestView(
        request.id,
        request.idempotency_key,
        request.commitment_id,
        ctx.project.code,
        ctx.project.region_pcode,
        requester.name if requester else f"#{request.requester_id}",
        request.amount_minor,
        request.currency,
        request.purpose,
        _effective_status(request, now),
        request.expires_at,
        tuple(person.name for person, _ in _approvers(session, request.id)),
        request.donor_approvals_needed,
        request.authority_approvals_needed,
        request.rejection_reason,
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
        existing = session.scalar(
            select(FundDisbursementRequest.id).where(FundDisbursementRequest.idempotency_key == key)
        )
        if existing is not None:
            view = request_view(session, existing, moment)
            if (view.commitment_id, view.amount_minor) != (commitment_id, amount):
                raise InputError(
                    f"idempotency key {key!r} was already used for request {existing} "
                    "with another commitment or amount"
                )
            return view
        commitment = session.get(FundCommitment, commitment_id)
        if commitment is None:
            raise NotFound(f"no commitment {commitment_id}")
        person = find_person(session, requester)
        left = balance(session, commitment_account(commitment.id), commitment.currency)
        if amount > left:
            raise IllegalTransition(
                f"commitment {commitment.id} has {left} {commitment.currency} undisbursed; "
                f"cannot request {amount}"
            )
        donor_needed, authority_needed = required_approvals(session, amount, commitment.currency)
        row = FundDisbursementRequest(
            idempotency_key=key,
            commitment_id=commitment.id,
            requester_id=person.id,
            amount_minor=amount,
            currency=commitment.currency,
            purpose=purpose,
            status=RequestStatus.PENDING.value,
            donor_approvals_needed=donor_needed,
            authority_approvals_needed=authority_needed,
            created_at=moment,
            expires_at=moment + ttl,
        )
        session.add(row)
        session.flush()
        return request_view(session, row.id, moment)

    return transact(database, work, retry_on_integrity=True)


def _open_request(ctx: _Context, now: dt.datetime) -> None:
    status = _effective_status(ctx.request, now)
    if status is RequestStatus.EXPIRED:
        raise IllegalTransition(
            f"request {ctx.request.id} expired at {ctx.request.expires_at.isoformat()}; "
            "make a new request"
        )
    if status is not RequestStatus.PENDING:
        raise IllegalTransition(f"request {ctx.request.id} is {status.value}, not pending")


def approve_request(
    database: Database, request_id: int, person: int | str, *, now: dt.datetime | None = None
) -> RequestView:
    """Record ``person``'s approval; the request becomes approved once both keys are in."""
    moment = now or utcnow()

    def work(session: Session) -> RequestView:
        ctx = _context(session, request_id, lock=True)
        approver = find_person(session, person)
        _open_request(ctx, moment)
        side = approval_side(session, approver, ctx)
        if any(p.id == approver.id for p, _ in _approvers(session, request_id)):
            raise IllegalTransition(f"{approver.name} already approved request {request_id}")
        session.add(
            FundApproval(
                request_id=request_id,
                person_id=approver.id,
                role=side.value,
                organisation_id=approver.organisation_id,
                approved_at=moment,
            )
        )
        session.flush()
        crash_point("approve:after-approval")
        if _fully_approved(session, ctx):
            ctx.request.status = RequestStatus.APPROVED.value
            ctx.request.decided_at = moment
        session.flush()
        crash_point("approve:before-commit")
        return _view(session, ctx, moment)

    return transact(database, work)


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
        ctx = _context(session, request_id, lock=True)
        refuser = find_person(session, person)
        _open_request(ctx, moment)
        approval_side(session, refuser, ctx)
        ctx.request.status = RequestStatus.REJECTED.value
        ctx.request.rejected_by_id = refuser.id
        ctx.request.rejection_reason = why
        ctx.request.decided_at = moment
        session.flush()
        return _view(session, ctx, moment)

    return transact(database, work)


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
        lock_ledger(session)
        ctx = _context(session, request_id, lock=True)
        done = session.scalars(
            select(FundDisbursement).where(FundDisbursement.request_id == request_id)
        ).one_or_none()
        if done is not None:
            return _disbursement_view(done)
        status = RequestStatus(ctx.request.status)
        if status is not RequestStatus.APPROVED or not _fully_approved(session, ctx):
            raise IllegalTransition(
                f"request {request_id} is {_effective_status(ctx.request, moment).value}: "
                "it posts only once the donor and the local authority have both approved it"
            )
        amount, code = ctx.request.amount_minor, ctx.request.currency
        account = commitment_account(ctx.commitment.id)
        left = balance(session, account, code)
        if amount > left:
            raise IllegalTransition(
                f"request {request_id} would overdraw commitment {ctx.commitment.id} "
                f"({left} {code} left, {amount} asked)"
            )
        lines = [
            debit(project_cash_account(ctx.project.id), code, amount),
            credit(account, code, amount),
        ]
        entry_id = post_entry(
            session, EntryKind.DISBURSEMENT, f"request:{request_id}", lines, day, moment
        )
        row = FundDisbursement(
            request_id=request_id,
            commitment_id=ctx.commitment.id,
            amount_minor=amount,
            currency=code,
            disbursed_on=day,
            journal_entry_id=entry_id,
        )
        session.add(row)
        ctx.request.status = RequestStatus.DISBURSED.value
        session.flush()
        crash_point("disburse:before-commit")
        return _disbursement_view(row)

    return transact(database, work, retry_on_integrity=True)


def _disbursement_view(row: FundDisbursement) -> DisbursementView:
    return DisbursementView(
        row.id,
        row.request_id,
        row.commitment_id,
        row.amount_minor,
        row.currency,
        row.disbursed_on,
        row.journal_entry_id,
    )


def pending_approvals(
    database: Database, person: int | str, *, now: dt.datetime | None = None
) -> list[RequestView]:
    """Pending, unexpired requests that ``person`` may approve and has not yet approved."""
    moment = now or utcnow()

    def work(session: Session) -> list[RequestView]:
        approver = find_person(session, person)
        ids = session.scalars(
            select(FundDisbursementRequest.id)
            .where(FundDisbursementRequest.status == RequestStatus.PENDING.value)
            .where(FundDisbursementRequest.expires_at > moment)
            .order_by(FundDisbursementRequest.id)
        ).all()
        views = []
        for request_id in ids:
            ctx = _context(session, request_id)
            try:
                approval_side(session, approver, ctx)
            except PermissionDenied:
                continue
            view = _view(session, ctx, moment)
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
