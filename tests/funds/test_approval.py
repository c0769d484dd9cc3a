"""Two keys: who may approve, expiry, thresholds, rejection, idempotent requests."""

from __future__ import annotations

import datetime as dt

import pytest

from sentinelle.errors import IllegalTransition, InputError, PermissionDenied
from sentinelle.funds import (
    RequestStatus,
    approve_request,
    commit_funds,
    disburse,
    pending_approvals,
    record_pledge,
    reject_request,
    request_disbursement,
)
from sentinelle.store import Database
from tests.funds.world import build_world

NOW = dt.datetime(2015, 7, 1, 9, 0, tzinfo=dt.UTC)


def _commitment(db: Database) -> int:
    build_world(db)
    pledge = record_pledge(db, "Donor A", 1_000_000, "XOF", dt.date(2015, 6, 20), now=NOW)
    return commit_funds(db, pledge.id, "KID-1", 100_000, "XOF", dt.date(2015, 7, 1), now=NOW).id


@pytest.mark.parametrize(
    ("person", "error"),
    [("Rokia (NGO)", "created request"), ("Bruno (B)", "holds neither key"),
     ("Gaoussou (Gao)", "holds neither key"), ("Rachid (NGO)", "holds neither key")],
)  # fmt: skip
def test_only_the_two_key_holders_may_approve(db: Database, person: str, error: str) -> None:
    request = request_disbursement(db, _commitment(db), "Rokia (NGO)", 1_000, "k", now=NOW)
    with pytest.raises(PermissionDenied, match=error):
        approve_request(db, request.id, person, now=NOW)
    assert pending_approvals(db, "Alice (A)", now=NOW)[0].approvers == ()


def test_one_key_is_not_enough_to_disburse(db: Database) -> None:
    request = request_disbursement(db, _commitment(db), "Rokia (NGO)", 1_000, "k", now=NOW)
    approve_request(db, request.id, "Alice (A)", now=NOW)
    with pytest.raises(IllegalTransition, match="both approved"):
        disburse(db, request.id, now=NOW)
    view = approve_request(db, request.id, "Kader (Kidal)", now=NOW)
    assert view.status is RequestStatus.APPROVED
    assert disburse(db, request.id, now=NOW).amount_minor == 1_000


def test_a_big_request_needs_a_second_donor_approval(db: Database) -> None:
    request = request_disbursement(db, _commitment(db), "Rokia (NGO)", 9_000, "big", now=NOW)
    approve_request(db, request.id, "Alice (A)", now=NOW)
    view = approve_request(db, request.id, "Kader (Kidal)", now=NOW)
    assert view.status is RequestStatus.PENDING
    assert approve_request(db, request.id, "Albert (A)", now=NOW).status is RequestStatus.APPROVED


def test_approval_after_expiry_is_refused_and_changes_nothing(db: Database) -> None:
    request = request_disbursement(db, _commitment(db), "Rokia (NGO)", 1_000, "k", now=NOW)
    late = request.expires_at + dt.timedelta(seconds=1)
    with pytest.raises(IllegalTransition, match="expired"):
        approve_request(db, request.id, "Alice (A)", now=late)
    assert pending_approvals(db, "Alice (A)", now=NOW)[0].approvers == ()
    assert pending_approvals(db, "Alice (A)", now=late) == []


def test_rejection_records_its_reason_and_ends_the_request(db: Database) -> None:
    request = request_disbursement(db, _commitment(db), "Rokia (NGO)", 1_000, "k", now=NOW)
    with pytest.raises(InputError, match="reason"):
        reject_request(db, request.id, "Kader (Kidal)", "  ", now=NOW)
    view = reject_request(db, request.id, "Kader (Kidal)", "no receipts for May", now=NOW)
    assert (view.status, view.rejection_reason) == (RequestStatus.REJECTED, "no receipts for May")
    with pytest.raises(IllegalTransition, match="rejected"):
        approve_request(db, request.id, "Alice (A)", now=NOW)


def test_a_retried_request_with_the_same_key_is_the_same_request(db: Database) -> None:
    commitment = _commitment(db)
    first = request_disbursement(db, commitment, "Rokia (NGO)", 1_000, "same", now=NOW)
    again = request_disbursement(db, commitment, "Rokia (NGO)", 1_000, "same", now=NOW)
    assert again.id == first.id
    with pytest.raises(InputError, match="already used"):
        request_disbursement(db, commitment, "Rokia (NGO)", 2_000, "same", now=NOW)


def test_a_request_cannot_exceed_what_is_left_of_the_commitment(db: Database) -> None:
    with pytest.raises(IllegalTransition, match="undisbursed"):
        request_disbursement(db, _commitment(db), "Rokia (NGO)", 100_001, "k", now=NOW)
